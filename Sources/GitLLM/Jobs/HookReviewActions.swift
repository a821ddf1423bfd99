import ConfigKit
import FileSelectionKit
import Foundation
import GitKit
import HooksKit
import OutputKit
import ReviewKit
import RoutingKit

/// The side effects of a hook, for HooksKit's `HookRunner`: the review engine over the
/// composition's router, the run log, the background process and the commit message file.
struct HookReviewActions: HookActions {
  let app: Composition
  let repository: Repository
  let directory: String
  let environment: [String: String]

  var config: Config { app.config }
  var gitDirectory: String { repository.commonDirectory }

  /// A prepared review with the engine that runs it, and the router it asks (whose request log
  /// says which providers failed and what to fix, in the words `review` uses).
  struct Review: HookReview {
    let engine: ReviewEngine
    let router: Router
    let prepared: ReviewEngine.Prepared
    let request: ReviewRequest
    let config: Config

    var isEmpty: Bool { prepared.units.isEmpty }
    func isFullyCached() -> Bool { engine.isFullyCached(prepared, request: request) }
    func run() async throws -> Outcome {
      let review = try await engine.run(prepared, request: request)
      return Outcome(review: review, providerFailures: ProviderFailures.lines(await router.requestLog(), config: config))
    }
  }

  /// A finished review and one line per provider that failed in it.
  struct Outcome: Sendable {
    let review: ReviewEngine.Outcome
    let providerFailures: [String]
  }

  func prepare(_ target: HookTarget) throws -> Review {
    let request: ReviewRequest
    switch target {
    case .staged: request = ReviewRequest(target: .staged)
    case .range(let range): request = ReviewRequest(target: .range(range))
    }
    let router = app.makeRouter()
    let engine = ReviewEngine(config: config, router: router)
    return Review(
      engine: engine, router: router, prepared: try engine.prepare(request, repository: repository), request: request, config: config)
  }

  func summary(of outcome: Outcome) -> HookReviewSummary {
    var summary = Self.summary(outcome.review.report)
    summary.providerFailures = outcome.providerFailures
    return summary
  }

  static func summary(_ report: ReviewReport) -> HookReviewSummary {
    HookReviewSummary(
      severities: report.findings.map(\.severity), failedFiles: report.failedFiles, isComplete: report.isComplete,
      builtinOnly: report.builtinOnly, attempts: report.units.flatMap(\.attempts))
  }

  func render(_ outcome: Outcome) -> String {
    let lines = outcome.review.codeLines
    return ReportRenderer.render(
      outcome.review.report, format: .text,
      options: RenderOptions(
        color: Terminal(choice: .auto, environment: environment).stderrIsInteractive && (environment["NO_COLOR"] ?? "").isEmpty,
        toolVersion: GitLLMVersion.current, failOn: config.hooks.blockOn, codeLine: { lines[$0]?[$1] }))
  }

  func record(_ outcome: Outcome) {
    if config.review.log { _ = try? RunLog(gitDirectory: gitDirectory).record(outcome.review.report) }
    var ratios = TokenRatios(gitDirectory: gitDirectory)
    ratios.learn(from: outcome.review.report)
    ratios.save()
  }

  func continueInBackground(_ review: Review) -> Bool {
    guard let tree = try? repository.writeIndexTree().hex else { return false }
    return BackgroundReview(gitDirectory: gitDirectory).start(BackgroundReview.Snapshot(base: review.prepared.base, tree: tree))
  }

  func finishedInBackground() -> HookReviewSummary? {
    BackgroundReview(gitDirectory: gitDirectory).finished().map(Self.summary)
  }

  func draftCommitMessage() async -> String? {
    // Drafting reports the configuration's warnings, as `git llm commit-msg` does.
    app.reportWarnings()
    return try? await CommitMessageJob(directory: directory, overrides: [], verbose: false, quiet: false).draft(in: app)
  }

  func prependMessage(_ message: String, to file: String) throws {
    let existing = (FileManager.default.contents(atPath: file)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    try AtomicFile.write(Data((message + existing).utf8), to: file)
  }

  func retrainIfDue() -> String? {
    Retraining(repository: repository, threshold: config.finetune.training.retrainAfterCommits).run()
  }

  func pushedRefs() -> String {
    String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
  }
}
