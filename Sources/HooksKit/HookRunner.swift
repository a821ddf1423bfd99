import ConfigKit

/// The policy of git-llm's part of a git hook (`git-llm hook run <name>`): a hook never blocks a
/// commit because a model server is down (unless `hooks.fail_open` is false); it blocks only on
/// findings at or above `hooks.block_on`; a pre-commit review that overruns `hooks.timeout` goes
/// on in the background. The side effects come from `actions`; what the hook says goes to `say`.
public struct HookRunner<Actions: HookActions> {
  public let hook: String
  public let arguments: [String]
  public let config: Config
  public let actions: Actions
  public let say: (HookMessage) -> Void
  /// Waits out `hooks.timeout`; tests pass one that returns at once.
  public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

  public init(hook: String, arguments: [String], config: Config, actions: Actions, say: @escaping (HookMessage) -> Void) {
    self.hook = hook
    self.arguments = arguments
    self.config = config
    self.actions = actions
    self.say = say
  }

  /// Whether the environment turns git-llm's part off: `GIT_LLM=0`, or `SKIP` (pre-commit's
  /// convention, comma-separated) naming git-llm.
  public static func isSwitchedOff(_ environment: [String: String]) -> Bool {
    if environment["GIT_LLM"] == "0" { return true }
    return (environment["SKIP"] ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "git-llm" }
  }

  /// Runs the hook. `operation` names a merge, rebase or the like in progress, during which
  /// nothing is reviewed. Throws `UnknownHookError` for a hook git-llm does not run.
  public func run(operationInProgress operation: String?) async throws -> HookVerdict {
    // post-merge runs as a merge ends, while git still holds its files: not "in progress".
    if let operation, hook != "post-merge" {
      say(.note("\(operation) in progress; review skipped"))
      return .pass
    }
    switch hook {
    case "pre-commit": return await review(.staged)
    case "prepare-commit-msg": return try await prepareMessage()
    case "pre-push": return await prePush()
    case "post-merge":
      // Never blocks: a merge is done when this hook runs; it only may start a training run.
      if let line = actions.retrainIfDue() { say(.note(line)) }
      return .pass
    default:
      throw UnknownHookError(hook: hook)
    }
  }

  /// `prepare-commit-msg <file> [source] [sha]`: drafts a message only for a plain `git commit`
  /// (no -m, template, merge or squash message), and only when a model answered.
  func prepareMessage() async throws -> HookVerdict {
    guard let file = arguments.first, arguments.count < 2 || arguments[1].isEmpty else { return .pass }
    guard let message = await actions.draftCommitMessage() else {
      say(.note("no model answered; no commit message drafted"))
      return .pass
    }
    try actions.prependMessage(message, to: file)
    return .pass
  }

  /// `pre-push <remote> <url>`: reviews what each pushed ref adds that the remote does not have
  /// yet; the verdict of the last range that did not pass stands.
  func prePush() async -> HookVerdict {
    var worst = HookVerdict.pass
    for range in PushedRanges.parse(actions.pushedRefs()) {
      let verdict = await review(.range(range))
      if verdict != .pass { worst = verdict }
    }
    return worst
  }

  /// Fail open: the commit proceeds with a one-line warning, unless the user asked otherwise.
  func failOpen(_ why: String) -> HookVerdict {
    if config.hooks.failOpen {
      say(.warning("\(why); the \(hook) hook lets it through (hooks.fail_open)"))
      return .pass
    }
    say(.error("\(why); blocking because hooks.fail_open is false (skip with --no-verify)"))
    return .block
  }
}
