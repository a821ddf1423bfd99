import ConfigKit
import HooksKit
import Testing

/// A review that answers `summary`, or waits until its task is cancelled when it `hangs`.
struct FakeReview: HookReview {
  var summary = HookReviewSummary(severities: [])
  var isEmpty = false
  var cached = false
  var hangs = false

  func isFullyCached() -> Bool { cached }

  func run() async -> HookReviewSummary {
    if hangs { try? await Task.sleep(for: .seconds(600)) }
    return summary
  }
}

struct ReadFailure: Error, CustomStringConvertible {
  var description: String { "bad object" }
}

/// Side effects that record what the runner asked for.
final class FakeActions: HookActions {
  var review = FakeReview()
  var prepareFails = false
  var backgroundStarts = true
  var earlier: HookReviewSummary?
  var draft: String?
  var pushed = ""
  private(set) var prepared: [HookTarget] = []
  private(set) var recorded = 0
  private(set) var backgrounded = 0
  private(set) var written: [String: String] = [:]

  func prepare(_ target: HookTarget) throws -> FakeReview {
    prepared.append(target)
    if prepareFails { throw ReadFailure() }
    return review
  }
  func summary(of outcome: HookReviewSummary) -> HookReviewSummary { outcome }
  func render(_ outcome: HookReviewSummary) -> String { "REPORT \(outcome.severities.map(\.rawValue))\n" }
  func record(_ outcome: HookReviewSummary) { recorded += 1 }
  func continueInBackground(_ review: FakeReview) -> Bool {
    backgrounded += 1
    return backgroundStarts
  }
  func finishedInBackground() -> HookReviewSummary? { earlier }
  func draftCommitMessage() async -> String? { draft }
  func prependMessage(_ message: String, to file: String) throws { written[file] = message }
  func pushedRefs() -> String { pushed }
  var retrainLine: String?
  func retrainIfDue() -> String? { retrainLine }
}

/// The runner with `actions`, collecting what it says.
final class Harness {
  let actions = FakeActions()
  var config = Config.defaults
  var messages: [HookMessage] = []
  /// The hook's timer: by default it never fires first; `timesOut` makes it fire at once.
  var timesOut = false

  func run(_ hook: String = "pre-commit", _ arguments: [String] = [], operation: String? = nil) async throws -> HookVerdict {
    var runner = HookRunner(hook: hook, arguments: arguments, config: config, actions: actions) { self.messages.append($0) }
    let fires = timesOut
    runner.sleep = { _ in if !fires { try await Task.sleep(for: .seconds(600)) } }
    return try await runner.run(operationInProgress: operation)
  }

  var warnings: [String] { messages.compactMap { if case .warning(let line) = $0 { line } else { nil } } }
  var errors: [String] { messages.compactMap { if case .error(let line) = $0 { line } else { nil } } }
  var notes: [String] { messages.compactMap { if case .note(let line) = $0 { line } else { nil } } }
  var reports: [String] { messages.compactMap { if case .report(let text) = $0 { text } else { nil } } }
}

@Suite("the hook policy: fail open, hooks.block_on, hooks.timeout and the background")
struct HookRunnerTests {
  @Test("a change that cannot be read lets the commit through with a warning (hooks.fail_open)")
  func failOpenOnError() async throws {
    let hook = Harness()
    hook.actions.prepareFails = true
    #expect(try await hook.run() == .pass)
    #expect(hook.warnings == ["could not read the change (bad object); the pre-commit hook lets it through (hooks.fail_open)"])
    #expect(hook.errors.isEmpty)
  }

  @Test("with hooks.fail_open false the same failure blocks, and says how to skip")
  func failClosed() async throws {
    let hook = Harness()
    hook.config.hooks.failOpen = false
    hook.actions.prepareFails = true
    #expect(try await hook.run() == .block)
    #expect(hook.errors == ["could not read the change (bad object); blocking because hooks.fail_open is false (skip with --no-verify)"])
  }

  @Test(
    "blocks only on findings at or above hooks.block_on",
    arguments: [
      (Severity.high, [Severity.medium], HookVerdict.pass),
      (.high, [.high], .block),
      (.high, [.low, .critical], .block),
      (.critical, [.high, .high], .pass),
      (.info, [.info], .block),
      (.none, [.critical], .pass),
    ])
  func blockOn(threshold: Severity, severities: [Severity], expected: HookVerdict) async throws {
    let hook = Harness()
    hook.config.hooks.blockOn = threshold
    hook.actions.review.summary = HookReviewSummary(severities: severities)
    #expect(try await hook.run() == expected)
    #expect(hook.reports == ["REPORT \(severities.map(\.rawValue))\n"])
    #expect(hook.errors.count == (expected == .block ? 1 : 0))
  }

  @Test("the blocking line counts the findings at or above the threshold")
  func blockCount() async throws {
    let hook = Harness()
    hook.actions.review.summary = HookReviewSummary(severities: [.high, .low, .critical])
    #expect(try await hook.run() == .block)
    #expect(
      hook.errors == [
        "2 findings at or above high (hooks.block_on); fix them, or commit with --no-verify (or GIT_LLM=0) to skip the review"
      ])
  }

  @Test("a clean, complete review passes silently and is recorded once")
  func clean() async throws {
    let hook = Harness()
    #expect(try await hook.run() == .pass)
    #expect(hook.messages.isEmpty)
    #expect(hook.actions.recorded == 1)
  }

  @Test("an empty change is not reviewed")
  func empty() async throws {
    let hook = Harness()
    hook.actions.review.isEmpty = true
    hook.timesOut = true
    #expect(try await hook.run() == .pass)
    #expect(hook.messages.isEmpty && hook.actions.recorded == 0 && hook.actions.backgrounded == 0)
  }

  @Test("an incomplete review fails open, naming the files; a blocking finding still blocks")
  func incomplete() async throws {
    let hook = Harness()
    hook.actions.review.summary = HookReviewSummary(severities: [.low], failedFiles: ["a.swift"], isComplete: false)
    #expect(try await hook.run() == .pass)
    #expect(hook.warnings == ["part of the change could not be reviewed (a.swift); the pre-commit hook lets it through (hooks.fail_open)"])
    #expect(hook.reports.count == 1)

    let blocking = Harness()
    blocking.actions.review.summary = HookReviewSummary(severities: [.critical], failedFiles: ["a.swift"], isComplete: false)
    #expect(try await blocking.run() == .block)
    #expect(blocking.warnings.isEmpty)
  }

  @Test("a pre-commit review that overruns hooks.timeout goes on in the background")
  func timeoutToBackground() async throws {
    let hook = Harness()
    hook.actions.review.hangs = true
    hook.timesOut = true
    #expect(try await hook.run() == .pass)
    #expect(hook.actions.backgrounded == 1)
    #expect(hook.actions.recorded == 0)
    #expect(
      hook.warnings == [
        "the review did not finish within hooks.timeout (20s); it goes on in the background: its findings show at your next commit and in git llm review --last"
      ])
  }

  @Test("when the background cannot start, the overrun fails open (or blocks with fail_open false)")
  func backgroundFails() async throws {
    let hook = Harness()
    hook.actions.review.hangs = true
    hook.actions.backgroundStarts = false
    hook.timesOut = true
    #expect(try await hook.run() == .pass)
    #expect(
      hook.warnings == ["the review did not finish within hooks.timeout (20s); the pre-commit hook lets it through (hooks.fail_open)"])

    let closed = Harness()
    closed.config.hooks.failOpen = false
    closed.actions.review.hangs = true
    closed.actions.backgroundStarts = false
    closed.timesOut = true
    #expect(try await closed.run() == .block)
  }

  @Test("a pushed range that overruns the timeout is not sent to the background")
  func pushTimeout() async throws {
    let hook = Harness()
    hook.actions.review.hangs = true
    hook.actions.pushed = "refs/heads/main \(String(repeating: "b", count: 40)) refs/heads/main \(String(repeating: "a", count: 40))\n"
    hook.timesOut = true
    #expect(try await hook.run("pre-push") == .pass)
    #expect(hook.actions.backgrounded == 0)
    #expect(hook.actions.prepared == [.range("\(String(repeating: "a", count: 40))..\(String(repeating: "b", count: 40))")])
    #expect(hook.warnings.first?.hasSuffix("the pre-push hook lets it through (hooks.fail_open)") == true)
  }

  @Test("a change answered from the cache has no deadline and is not recorded again")
  func cached() async throws {
    let hook = Harness()
    hook.actions.review.cached = true
    hook.actions.review.summary = HookReviewSummary(severities: [.high])
    hook.timesOut = true
    #expect(try await hook.run() == .block)
    #expect(hook.actions.recorded == 0 && hook.actions.backgrounded == 0)
  }

  @Test("the background review of an earlier commit is mentioned at the next commit")
  func earlierBackground() async throws {
    let hook = Harness()
    hook.actions.earlier = HookReviewSummary(severities: [.low, .high], isComplete: false)
    _ = try await hook.run()
    #expect(
      hook.notes == ["the background review of an earlier commit found 2 findings, highest high (incomplete); see git llm review --last"])

    let quiet = Harness()
    quiet.actions.earlier = HookReviewSummary(severities: [])
    _ = try await quiet.run()
    #expect(quiet.notes.isEmpty)
  }

  @Test("the built-in rules standing in for a model get a note, unless they are all routing.review names")
  func builtinNote() async throws {
    let hook = Harness()
    hook.actions.review.summary = HookReviewSummary(
      severities: [], builtinOnly: true, attempts: ["ollama.default: connection refused", "builtin: answered"])
    _ = try await hook.run()
    #expect(hook.notes == ["no model answered, so the built-in rules reviewed this pre-commit (ollama.default: connection refused)"])

    // With the router's per-provider lines, each failing provider gets its line and its fix.
    let failing = Harness()
    var summary = HookReviewSummary(severities: [], builtinOnly: true, attempts: ["ollama.default: connection refused"])
    summary.providerFailures = ["ollama.default (ollama/qwen2.5-coder:7b) failed: unreachable; start Ollama"]
    failing.actions.review.summary = summary
    _ = try await failing.run()
    #expect(
      failing.notes == [
        "no model answered, so the built-in rules reviewed this pre-commit",
        "ollama.default (ollama/qwen2.5-coder:7b) failed: unreachable; start Ollama",
      ])

    let chosen = Harness()
    chosen.config.routing["review"] = ["builtin"]
    chosen.actions.review.summary = HookReviewSummary(severities: [], builtinOnly: true)
    _ = try await chosen.run()
    #expect(chosen.notes.isEmpty)
  }

  @Test("nothing is reviewed while a merge or rebase is in progress")
  func operationInProgress() async throws {
    let hook = Harness()
    #expect(try await hook.run(operation: "rebase") == .pass)
    #expect(hook.notes == ["rebase in progress; review skipped"])
    #expect(hook.actions.prepared.isEmpty)
  }

  @Test("an unknown hook is a usage error; post-merge does nothing")
  func hookNames() async throws {
    let hook = Harness()
    await #expect(throws: UnknownHookError(hook: "post-checkout")) { _ = try await hook.run("post-checkout") }
    #expect(try await hook.run("post-merge") == .pass)
    #expect(hook.actions.prepared.isEmpty)
  }

  @Test("prepare-commit-msg drafts only for a plain git commit, and only when a model answered")
  func commitMessage() async throws {
    let hook = Harness()
    hook.actions.draft = "Add x\n"
    #expect(try await hook.run("prepare-commit-msg", ["MSG", "message"]) == .pass)
    #expect(hook.actions.written.isEmpty)
    #expect(try await hook.run("prepare-commit-msg", ["MSG"]) == .pass)
    #expect(hook.actions.written == ["MSG": "Add x\n"])

    let none = Harness()
    #expect(try await none.run("prepare-commit-msg", ["MSG", ""]) == .pass)
    #expect(none.notes == ["no model answered; no commit message drafted"])
  }

  @Test("GIT_LLM=0 or SKIP naming git-llm switches the hook off")
  func switches() {
    #expect(HookRunner<FakeActions>.isSwitchedOff(["GIT_LLM": "0"]))
    #expect(HookRunner<FakeActions>.isSwitchedOff(["SKIP": "lint, git-llm"]))
    #expect(!HookRunner<FakeActions>.isSwitchedOff(["SKIP": "git-llm-extra", "GIT_LLM": "1"]))
    #expect(!HookRunner<FakeActions>.isSwitchedOff([:]))
  }

  @Test("pre-push reads one range per pushed ref: new branches whole, deletions not at all")
  func pushedRanges() {
    let (zero, a, b) = (String(repeating: "0", count: 40), String(repeating: "a", count: 40), String(repeating: "b", count: 40))
    let input = """
      refs/heads/new \(a) refs/heads/new \(zero)
      refs/heads/main \(b) refs/heads/main \(a)
      (delete) \(zero) refs/heads/old \(a)
      garbage
      """
    #expect(PushedRanges.parse(input) == [a, "\(a)..\(b)"])
  }
}
