import ConfigKit
import ProvidersKit
import RoutingKit

/// After writing: one short request to each model of the chain, through the router and the
/// configuration as every command now loads it.
enum SetupCheck {
  enum Outcome: Equatable {
    case answered(milliseconds: Int)
    case failed(String)
  }

  struct Result {
    let candidate: SetupCandidate
    let outcome: Outcome
  }

  static let request = ChatRequest(
    system: "You check that a model answers.", messages: [ChatMessage(role: .user, content: "Reply with the single word: ok")],
    temperature: 0, maxTokens: 8)

  static func run(
    _ plan: SetupPlan, directory: String, overrides: [String], note: @escaping @Sendable (String) -> Void
  ) async throws -> [Result] {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: true)
    if !plan.isSatisfied(by: app.config) {
      let origin = app.context.loaded.origin(of: "routing.review") ?? "another layer"
      note("warning: routing.review is set again in \(origin), which wins over the file just written")
    }
    var results: [Result] = []
    for candidate in plan.chain {
      do {
        let answer = try await app.router.complete(request, task: "ask", alias: candidate.alias)
        let duration = answer.attempts.last?.duration ?? .zero
        results.append(Result(candidate: candidate, outcome: .answered(milliseconds: AskJob.milliseconds(duration))))
      } catch let failure as RoutingFailure {
        results.append(Result(candidate: candidate, outcome: .failed(failure.description)))
      } catch {
        results.append(Result(candidate: candidate, outcome: .failed(String(describing: error))))
      }
    }
    return results
  }
}
