import ConfigKit
import Foundation
import OutputKit
import ProvidersKit
import RoutingKit

/// `git llm ask`: one question through the router, streamed to the terminal.
public struct AskJob: Sendable {
  public enum Format: String, Sendable, CaseIterable { case text, json }

  public var directory: String
  public var overrides: [String]
  public var question: String
  public var task: String
  public var alias: String?
  public var stream: Bool
  public var format: Format
  public var verbose: Bool
  public var quiet: Bool

  public func run() async throws {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    let config = app.config
    if let alias, let message = config.unknownAliasMessage(alias) { throw CommandFailure(.usage, message) }
    let router = app.router
    let request = ChatRequest(
      system: "You are a concise assistant for a software developer working in a git repository.",
      messages: [ChatMessage(role: .user, content: question)])
    let out = OutputStream()
    let answer: RoutedAnswer
    do {
      if stream && format == .text {
        // Each delta goes out at once: flushing per delta is what makes it a stream.
        answer = try await router.stream(request, task: task, alias: alias) { LiveOutput.write($0) }
      } else {
        answer = try await router.complete(request, task: task, alias: alias)
      }
    } catch let failure as RoutingFailure {
      out.flush()
      if failure.afterPartialAnswer { out.write("\n"); out.flush() }
      throw CommandFailure(.incomplete, failure.description)
    }
    switch format {
    case .text:
      if !stream { out.write(answer.text) }
      if !answer.text.hasSuffix("\n") { out.write("\n") }
    case .json:
      out.write(Self.json(answer).serialized())
      out.write("\n")
    }
    out.flush()
    report(answer, config: config)
  }

  /// Who answered, on stderr: always when the built-in rules stood in for a model, else with -v.
  private func report(_ answer: RoutedAnswer, config: Config) {
    if answer.isBuiltin && !quiet {
      Diagnostics.note("no model answered; the built-in rules answered instead")
      for line in ProviderFailures.lines([answer.attempts], config: config) { Diagnostics.note(line) }
    }
    guard verbose else { return }
    Diagnostics.note("answered by \(answer.alias) (\(answer.provider)/\(answer.model))")
    for attempt in answer.attempts { Diagnostics.note("  \(attempt.summary) [\(Self.milliseconds(attempt.duration)) ms]") }
    if let usage = answer.usage { Diagnostics.note("  tokens: \(usage.promptTokens) in, \(usage.completionTokens) out") }
  }

  static func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
  }

  /// The documented JSON answer (docs/json.md).
  static func json(_ answer: RoutedAnswer) -> JSON {
    .object([
      ("answer", .string(answer.text)),
      ("alias", .string(answer.alias)),
      ("provider", .string(answer.provider)),
      ("model", .string(answer.model)),
      ("builtin", .bool(answer.isBuiltin)),
      ("finish", .string(answer.finish.rawValue)),
      (
        "usage",
        answer.usage.map { .object([("prompt_tokens", .int($0.promptTokens)), ("completion_tokens", .int($0.completionTokens))]) } ?? .null
      ),
      (
        "attempts",
        .array(
          answer.attempts.map { attempt in
            .object([
              ("alias", .string(attempt.alias)), ("provider", .string(attempt.provider)), ("model", .string(attempt.model)),
              ("outcome", .string(attempt.outcomeKind)), ("detail", .string(attempt.summary)),
              ("duration_ms", .int(milliseconds(attempt.duration))),
            ])
          })
      ),
    ])
  }
}
