import OutputKit
import ConfigKit
import FileSelectionKit
import Foundation
import GitKit
import ReviewKit

/// What git-llm does inside a git hook (`git-llm hook run <name>`, called by the scripts that
/// `git llm hooks install` puts in place). A hook never blocks a commit because a model server
/// is down (unless `hooks.fail_open` is false); it blocks only on findings at or above
/// `hooks.block_on`. Its messages go to stderr, which git shows.
public struct HookRunJob: Sendable {
  public var hook: String
  public var arguments: [String]
  public var directory: String
  public var environment: [String: String]

  public init(hook: String, arguments: [String], directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.hook = hook
    self.arguments = arguments
    self.directory = directory
    self.environment = environment
  }

  public func run() async throws -> ExitStatus {
    if environment["GIT_LLM"] == "0" { return .ok }
    if (environment["SKIP"] ?? "").split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "git-llm" }) { return .ok }
    let context = try ConfigContext.load(directory: directory, overrides: [])
    guard let repository = context.repository else { return .ok }
    let operation = repository.operationInProgress
    if operation != .none {
      Diagnostics.note("\(operation.rawValue) in progress; review skipped")
      return .ok
    }
    switch hook {
    case "pre-commit": return await review(.staged, context: context)
    case "prepare-commit-msg": return try await prepareMessage(context: context)
    case "pre-push": return await prePush(context: context)
    case "post-merge":
      // The fine-tuning trigger is not built yet; the hook does nothing rather than guess.
      return .ok
    default:
      throw CommandFailure(.usage, "unknown hook '\(hook)'; git-llm runs pre-commit, prepare-commit-msg, pre-push and post-merge")
    }
  }

  /// Reviews within `hooks.timeout`; blocks on findings at or above `hooks.block_on`.
  func review(_ target: ReviewRequest.Target, context: ConfigContext) async -> ExitStatus {
    guard let repository = context.repository else { return .ok }
    let config = context.loaded.config
    if target == .staged, let earlier = BackgroundReview(gitDirectory: repository.commonDirectory).finished() {
      reportBackground(earlier)
    }
    let engine = ReviewEngine(config: config, router: ReviewJob.router(config, quiet: false))
    let prepared: ReviewEngine.Prepared
    do {
      prepared = try engine.prepare(ReviewRequest(target: target), repository: repository)
    } catch {
      return failOpen(config, "could not read the change (\(error))")
    }
    if prepared.units.isEmpty { return .ok }
    let gitDirectory = repository.commonDirectory
    let budget = config.hooks.timeout.duration
    let request = ReviewRequest(target: target)
    // An unchanged change is answered from the cache at once: no deadline to watch, and the run
    // is not recorded again (its findings are those of the run that filled the cache).
    let cached = engine.isFullyCached(prepared, request: request)
    let outcome: ReviewEngine.Outcome?
    if cached {
      outcome = await engine.run(prepared, request: request)
    } else {
      outcome = await withTaskGroup(of: ReviewEngine.Outcome?.self) { group in
        group.addTask { await engine.run(prepared, request: request) }
        group.addTask {
          try? await Task.sleep(for: budget)
          return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
      }
    }
    guard let outcome else {
      if target == .staged, let snapshot = try? BackgroundReview.Snapshot(base: prepared.base, tree: repository.writeIndexTree().hex),
        BackgroundReview(gitDirectory: gitDirectory).start(snapshot)
      {
        Diagnostics.warning("the review did not finish within hooks.timeout (\(config.hooks.timeout.text)); it goes on in the background: its findings show at your next commit and in git llm review --last")
        return .ok
      }
      return failOpen(config, "the review did not finish within hooks.timeout (\(config.hooks.timeout.text))")
    }
    if config.review.log && !cached { _ = try? RunLog(gitDirectory: gitDirectory).record(outcome.report) }
    if !cached {
      var ratios = TokenRatios(gitDirectory: gitDirectory)
      ratios.learn(from: outcome.report)
      ratios.save()
    }
    let report = outcome.report
    if report.builtinOnly && config.chain(for: "review").contains(where: { config.models[$0].map { config.providers[$0.provider]?.type != .builtin } ?? false }) {
      let tried = report.units.flatMap(\.attempts).filter { !$0.contains(": answered") }
      Diagnostics.note("no model answered, so the built-in rules reviewed this \(hook)\(tried.isEmpty ? "" : " (\(tried.first ?? ""))")")
    }
    let lines = outcome.codeLines
    if !report.findings.isEmpty || !report.isComplete {
      let text = ReportRenderer.render(report, format: .text, options: RenderOptions(
        color: Terminal(choice: .auto, environment: environment).stderrIsInteractive && (environment["NO_COLOR"] ?? "").isEmpty,
        toolVersion: GitLLMVersion.current, failOn: config.hooks.blockOn, codeLine: { lines[$0]?[$1] }))
      FileHandle.standardError.write(Data(text.utf8))
    }
    let blockOn = config.hooks.blockOn
    if blockOn != .none, let highest = report.highestSeverity, highest >= blockOn {
      let count = report.findings.filter { $0.severity >= blockOn }.count
      Diagnostics.error("\(count) finding\(count == 1 ? "" : "s") at or above \(blockOn.rawValue) (hooks.block_on); fix them, or commit with --no-verify (or GIT_LLM=0) to skip the review")
      return .findings
    }
    if !report.isComplete {
      return failOpen(config, "part of the change could not be reviewed (\(report.failedFiles.joined(separator: ", ")))")
    }
    return .ok
  }

  /// One line about the background review of an earlier commit, so its findings are not missed.
  func reportBackground(_ report: ReviewReport) {
    guard !report.findings.isEmpty || !report.isComplete else { return }
    let highest = report.highestSeverity.map { ", highest \($0.rawValue)" } ?? ""
    let state = report.isComplete ? "" : " (incomplete)"
    Diagnostics.note("the background review of an earlier commit found \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")\(highest)\(state); see git llm review --last")
  }

  /// Fail open: the commit proceeds with a one-line warning, unless the user asked otherwise.
  func failOpen(_ config: Config, _ why: String) -> ExitStatus {
    if config.hooks.failOpen {
      Diagnostics.warning("\(why); the \(hook) hook lets it through (hooks.fail_open)")
      return .ok
    }
    Diagnostics.error("\(why); blocking because hooks.fail_open is false (skip with --no-verify)")
    return .findings
  }

  /// `prepare-commit-msg <file> [source] [sha]`: drafts a message only for a plain `git commit`
  /// (no -m, template, merge or squash message), and only when a model answered.
  func prepareMessage(context: ConfigContext) async throws -> ExitStatus {
    guard let file = arguments.first, arguments.count < 2 || arguments[1].isEmpty else { return .ok }
    let job = CommitMessageJob(directory: directory, overrides: [], verbose: false, quiet: false)
    guard let message = try? await job.draft() else {
      Diagnostics.note("no model answered; no commit message drafted")
      return .ok
    }
    let existing = (FileManager.default.contents(atPath: file)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    try AtomicFile.write(Data((message + existing).utf8), to: file)
    return .ok
  }

  /// `pre-push <remote> <url>` with "<local ref> <local sha> <remote ref> <remote sha>" lines on
  /// stdin: reviews what each ref pushes that the remote does not have yet.
  func prePush(context: ConfigContext) async -> ExitStatus {
    let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    var worst = ExitStatus.ok
    for line in input.split(separator: "\n") {
      let fields = line.split(separator: " ").map(String.init)
      guard fields.count == 4, fields[1] != String(repeating: "0", count: 40) else { continue }
      let range = fields[3] == String(repeating: "0", count: 40) ? fields[1] : "\(fields[3])..\(fields[1])"
      let status = await review(.range(range), context: context)
      if status != .ok { worst = status }
    }
    return worst
  }
}
