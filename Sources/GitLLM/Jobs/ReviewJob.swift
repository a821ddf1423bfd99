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

  /// Draw the status line on a terminal's stderr (the MCP server reports progress its own way).
  public var statusLine = true
  /// Called with units done and the total as the review goes (the MCP server's progress).
  public var progress: (@Sendable (Int, Int) -> Void)?

  /// Reviews, prints the report, records the run; returns the exit status: 1 for findings at or
  /// above the threshold, 3 when part of the change could not be reviewed, else 0.
  public func run() async throws -> ExitStatus {
    let setup = try prepare()
    let outcome: ReviewEngine.Outcome
    if collect != nil || batch {
      guard let batched = try await runBatch(setup) else { return .ok }
      outcome = batched
    } else {
      outcome = try await review(setup)
    }
    try emit(outcome, config: setup.app.config)
    record(outcome, setup: setup)
    return Self.status(outcome.report, failOn: failOn ?? setup.app.config.review.failOn)
  }

  /// Reviews and records the run like `run()`, and returns the report rendered in `format`
  /// instead of printing it: nothing goes to stdout.
  public func render(as format: ReportFormat) async throws -> String {
    let setup = try prepare()
    let outcome = try await review(setup)
    record(outcome, setup: setup)
    return render(outcome, config: setup.app.config, format: format, colored: false)
  }

  /// What every review starts from: the composition, the repository and the request with its
  /// paths resolved; a bad alias, output file or path fails here, before any work.
  struct Setup {
    let app: Composition
    let repository: Repository
    let request: ReviewRequest
  }

  func prepare() throws -> Setup {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    guard let repository = app.repository else {
      throw GitError.notARepository(path: directory)
    }
    if let alias = self.request.alias, let message = app.config.unknownAliasMessage(alias) { throw CommandFailure(.usage, message) }
    try ReportDestination(output: output, directory: directory, quiet: quiet).check()
    return Setup(app: app, repository: repository, request: try Self.resolvingPaths(of: self.request, in: repository, from: directory))
  }

  /// The units sent down the routing chain, concurrently, with the status line on a terminal.
  func review(_ setup: Setup) async throws -> ReviewEngine.Outcome {
    let (config, router, request) = (setup.app.config, setup.app.router, setup.request)
    let status = ReviewStatusLine(enabled: statusLine && !quiet && Terminal(choice: color).showsProgress)
    let extra = progress
    let engine = ReviewEngine(
      config: config, router: router,
      progress: { done, total in
        status.progress(done, total)
        extra?(done, total)
      })
    let prepared: ReviewEngine.Prepared
    do {
      prepared = try engine.prepare(request, repository: setup.repository)
    } catch let failure as ReviewEngine.Failure {
      throw CommandFailure(.usage, failure.description)
    }
    let watch = status.watch(router)
    let outcome: ReviewEngine.Outcome
    do {
      outcome = try await engine.run(prepared, request: request)
    } catch {
      // Cancelled: no report, and nothing recorded (`render` and `run` never get here).
      watch.cancel()
      await watch.value
      status.clear()
      throw error
    }
    watch.cancel()
    await watch.value
    status.clear()
    if !quiet { reportFailures(outcome.report, requests: await router.requestLog(), config: config) }
    return outcome
  }

  /// `--batch` and `--collect`: nil when the batch was only sent (`--detach`).
  private func runBatch(_ setup: Setup) async throws -> ReviewEngine.Outcome? {
    let engine = ReviewEngine(config: setup.app.config, router: setup.app.router)
    let batches = BatchReview(engine: engine, gitDirectory: setup.repository.commonDirectory)
    do {
      if let collect {
        return try await batches.collect(try batches.pending(collect), pollInterval: Self.pollInterval, onUpdate: batchProgress)
      }
      let prepared = try engine.prepare(setup.request, repository: setup.repository)
      let pending = try await batches.submit(prepared, alias: setup.request.alias)
      guard !detach else {
        let out = OutputStream()
        out.write(pending.batchID + "\n")
        out.flush()
        if !quiet {
          Diagnostics.note(
            "batch of \(prepared.units.count) units sent to \(pending.alias); collect it with: git llm review --collect \(pending.batchID)"
          )
        }
        return nil
      }
      return try await batches.collect(pending, pollInterval: Self.pollInterval, onUpdate: batchProgress)
    } catch let failure as ReviewEngine.Failure {
      throw CommandFailure(.usage, failure.description)
    } catch let failure as BatchReview.Failure {
      throw CommandFailure(.usage, failure.description)
    }
  }

  /// What the run teaches (token ratios) and the run log under .git/llm/runs.
  private func record(_ outcome: ReviewEngine.Outcome, setup: Setup) {
    let logDirectory = setup.repository.commonDirectory
    var ratios = TokenRatios(gitDirectory: logDirectory)
    ratios.learn(from: outcome.report)
    ratios.save()
    if writeLog && setup.app.config.review.log {
      do {
        try RunLog(gitDirectory: logDirectory).record(outcome.report)
      } catch {
        if !quiet { Diagnostics.warning("could not record the run in \(logDirectory)/llm/runs: \(error.localizedDescription)") }
      }
    }
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
    let colored = output == nil && chosen == .text && Terminal(choice: color).colorsStdout
    let text = render(outcome, config: config, format: chosen, colored: colored)
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

  private func render(_ outcome: ReviewEngine.Outcome, config: Config, format: ReportFormat, colored: Bool) -> String {
    let lines = outcome.codeLines
    return ReportRenderer.render(
      outcome.report, format: format,
      options: RenderOptions(
        color: colored, toolVersion: GitLLMVersion.current, informationURI: "https://github.com/git-llm/git-llm",
        failOn: failOn ?? config.review.failOn, codeLine: { path, line in lines[path]?[line] }))
  }
}
