import ConfigKit
import FileSelectionKit
import Foundation
import GitKit
import OutputKit
import ProvidersKit
import ReviewKit
import RoutingKit

/// `git llm review`: the product's main job.
public struct ReviewJob: Sendable {
  public var directory: String
  public var overrides: [String]
  public var request: ReviewRequest
  public var format: ReportFormat?
  public var failOn: Severity?
  public var output: String?
  public var writeLog: Bool
  public var color: ColorChoice
  public var verbose: Bool
  public var quiet: Bool
  /// Send the units as one batch (Anthropic's Message Batches API).
  public var batch = false
  /// With `batch`: record the batch and return without waiting.
  public var detach = false
  /// Collect an earlier detached batch instead of reviewing.
  public var collect: String?

  /// Reviews, prints the report, records the run; returns the exit status: 1 for findings at or
  /// above the threshold, 3 when part of the change could not be reviewed, else 0.
  public func run() async throws -> ExitStatus {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    guard let repository = app.repository else {
      throw GitError.notARepository(path: directory)
    }
    let config = app.config
    if let alias = self.request.alias, let message = config.unknownAliasMessage(alias) { throw CommandFailure(.usage, message) }
    let quiet = self.quiet
    try ReportDestination(output: output, directory: directory, quiet: quiet).check()
    let request = try Self.resolvingPaths(of: self.request, in: repository, from: directory)
    let router = app.router
    let status = ReviewStatusLine(enabled: !quiet && Terminal(choice: color).showsProgress)
    let engine = ReviewEngine(config: config, router: router, progress: status.progress)
    let logDirectory = repository.commonDirectory
    let batches = BatchReview(engine: engine, gitDirectory: logDirectory)
    let outcome: ReviewEngine.Outcome
    do {
      if let collect {
        outcome = try await batches.collect(try batches.pending(collect), pollInterval: Self.pollInterval, onUpdate: batchProgress)
      } else {
        let prepared = try engine.prepare(request, repository: repository)
        if batch {
          let pending = try await batches.submit(prepared, alias: request.alias)
          if detach {
            let out = OutputStream()
            out.write(pending.batchID + "\n")
            out.flush()
            if !quiet {
              Diagnostics.note(
                "batch of \(prepared.units.count) units sent to \(pending.alias); collect it with: git llm review --collect \(pending.batchID)"
              )
            }
            return .ok
          }
          outcome = try await batches.collect(pending, pollInterval: Self.pollInterval, onUpdate: batchProgress)
        } else {
          let watch = status.watch(router)
          outcome = await engine.run(prepared, request: request)
          watch.cancel()
          await watch.value
          status.clear()
          if !quiet { reportFailures(outcome.report, requests: await router.requestLog(), config: config) }
        }
      }
    } catch let failure as ReviewEngine.Failure {
      throw CommandFailure(.usage, failure.description)
    } catch let failure as BatchReview.Failure {
      throw CommandFailure(.usage, failure.description)
    }
    try emit(outcome, config: config)
    var ratios = TokenRatios(gitDirectory: logDirectory)
    ratios.learn(from: outcome.report)
    ratios.save()
    if writeLog && config.review.log {
      do {
        try RunLog(gitDirectory: logDirectory).record(outcome.report)
      } catch {
        if !quiet { Diagnostics.warning("could not record the run in \(logDirectory)/llm/runs: \(error.localizedDescription)") }
      }
    }
    return Self.status(outcome.report, failOn: failOn ?? config.review.failOn)
  }

  /// How often a batch is polled: 10 s (the API's batches take minutes); tests shorten it.
  static var pollInterval: Duration {
    ProcessInfo.processInfo.environment["GIT_LLM_TEST_BATCH_POLL_MS"].flatMap(Int.init).map { .milliseconds($0) } ?? .seconds(10)
  }

  private var batchProgress: @Sendable (BatchStatus) -> Void {
    let quiet = self.quiet
    return { status in
      if !quiet {
        Diagnostics.note("batch \(status.id): \(status.processing.rawValue), \(status.processingCount) waiting, \(status.succeeded) done")
      }
    }
  }

  /// The request with its pathspecs read relative to `directory` (as git reads them), each
  /// required to match a file on one side of the diff.
  static func resolvingPaths(of request: ReviewRequest, in repository: Repository, from directory: String) throws -> ReviewRequest {
    guard !request.paths.isEmpty else { return request }
    let selection: DiffSelection
    let place: String
    switch request.target {
    case .range(let spec):
      let range = try repository.resolveRange(spec)
      selection = .commits(base: range.diffBase, head: range.diffHead)
      place = "in \(spec)"
    case .staged:
      (selection, place) = (.staged, "known to git")
    case .worktree:
      (selection, place) = (.worktree, "known to git")
    case .stagedTree:
      // The hook's own continuation: its paths were the hook's, already checked.
      return request
    }
    var request = request
    request.paths = try repository.resolvePathspecs(
      request.paths, from: directory, matchingOn: try repository.pathspecSides(of: selection), place: place)
    return request
  }

  /// One line per provider that failed, with the fix; then how many units the built-in rules
  /// reviewed in a model's place.
  private func reportFailures(_ report: ReviewReport, requests: [[RouteAttempt]], config: Config) {
    let lines = ProviderFailures.lines(requests, config: config)
    guard !lines.isEmpty else { return }
    for line in lines { Diagnostics.note(line) }
    let byBuiltin = report.units.filter { unit in
      !unit.cached && unit.failure == nil && unit.provider.map { config.providers[$0]?.type == .builtin } ?? false
    }.count
    if byBuiltin > 0 {
      Diagnostics.note(
        "the built-in rules reviewed \(byBuiltin) of \(report.units.count) unit\(report.units.count == 1 ? "" : "s") instead of a model"
          + (requests.contains { $0.contains { $0.outcomeKind == "answered" && config.providers[$0.provider]?.type != .builtin } }
            ? "" : "; `git llm setup` finds a model and routes reviews to it"))
    }
  }

  static func status(_ report: ReviewReport, failOn: Severity) -> ExitStatus {
    if failOn != .none, let highest = report.highestSeverity, highest >= failOn { return .findings }
    return report.isComplete ? .ok : .incomplete
  }

  func emit(_ outcome: ReviewEngine.Outcome, config: Config) throws {
    let chosen = format ?? ReportFormat(rawValue: config.review.format.rawValue) ?? .text
    let lines = outcome.codeLines
    let colored = output == nil && chosen == .text && Terminal(choice: color).colorsStdout
    let text = ReportRenderer.render(
      outcome.report, format: chosen,
      options: RenderOptions(
        color: colored, toolVersion: GitLLMVersion.current, informationURI: "https://github.com/git-llm/git-llm",
        failOn: failOn ?? config.review.failOn, codeLine: { path, line in lines[path]?[line] }))
    try ReportDestination(output: output, directory: directory, quiet: quiet).write(text)
    if verbose {
      for unit in outcome.report.units {
        Diagnostics.note(
          "unit \(unit.id) [\(unit.paths.joined(separator: ", "))]: \(unit.cached ? "cached" : unit.failure ?? "answered") by \(unit.alias ?? "-") (\(unit.provider ?? "-")/\(unit.model ?? "-")) in \(unit.milliseconds) ms"
        )
        for attempt in unit.attempts { Diagnostics.note("  \(attempt)") }
      }
    }
  }
}
