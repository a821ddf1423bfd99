import ConfigKit

/// What a hook reviews: the staged change (pre-commit) or a pushed range (pre-push).
public enum HookTarget: Equatable, Sendable {
  case staged
  case range(String)
}

/// The part of a review's result the hook policy decides on. The CLI maps its review report to
/// this, so HooksKit needs no review types.
public struct HookReviewSummary: Equatable, Sendable {
  /// One severity per finding.
  public var severities: [Severity]
  /// Files that could not be reviewed.
  public var failedFiles: [String]
  /// False when part of the change was not reviewed.
  public var isComplete: Bool
  /// True when every unit was answered by the built-in rules, not a model.
  public var builtinOnly: Bool
  /// Every attempt of every unit, as "alias: outcome" lines.
  public var attempts: [String]
  /// One line per provider that failed, with the reason and the fix (as `review` prints them);
  /// empty when the review was not asked of providers this run.
  public var providerFailures: [String] = []

  public init(
    severities: [Severity], failedFiles: [String] = [], isComplete: Bool = true, builtinOnly: Bool = false, attempts: [String] = []
  ) {
    self.severities = severities
    self.failedFiles = failedFiles
    self.isComplete = isComplete
    self.builtinOnly = builtinOnly
    self.attempts = attempts
  }

  public var highestSeverity: Severity? { severities.max() }
  var hasNews: Bool { !severities.isEmpty || !isComplete }
}

/// A change already read and cut into units: the review itself runs on its own task, raced
/// against `hooks.timeout`, so it must be Sendable.
public protocol HookReview: Sendable {
  associatedtype Outcome: Sendable
  /// Nothing to review (no reviewable file changed).
  var isEmpty: Bool { get }
  /// Every unit is answered by the review cache (checked only when not empty).
  func isFullyCached() -> Bool
  /// Reviews every unit; throws `CancellationError` when its task is cancelled, having stopped
  /// sending requests at once.
  func run() async throws -> Outcome
}

/// The side effects a hook needs, supplied by the CLI; `HookRunner` decides when to use them.
public protocol HookActions {
  associatedtype Review: HookReview
  /// Reads the change `target` names.
  func prepare(_ target: HookTarget) throws -> Review
  /// What the policy reads from a finished review.
  func summary(of outcome: Review.Outcome) -> HookReviewSummary
  /// The report shown on stderr when there are findings or the review is incomplete.
  func render(_ outcome: Review.Outcome) -> String
  /// Records a review that was not answered from the cache (run log, token ratios).
  func record(_ outcome: Review.Outcome)
  /// Hands a staged review that overran the timeout to a detached process; false when it could
  /// not be started.
  func continueInBackground(_ review: Review) -> Bool
  /// The background review of an earlier commit, when one has finished since.
  func finishedInBackground() -> HookReviewSummary?
  /// A commit message for the staged change, or nil when no model wrote one.
  func draftCommitMessage() async -> String?
  /// Puts `message` before what git wrote into the message file.
  func prependMessage(_ message: String, to file: String) throws
  /// What git passes a pre-push hook on stdin.
  func pushedRefs() -> String
  /// After a merge: starts a detached training run when enough new history landed
  /// (`finetune.retrain_after_commits`); returns the line that says what it did, nil when off.
  func retrainIfDue() -> String?
}

/// A line the hook shows on stderr (git prints it with the commit), or the rendered report.
public enum HookMessage: Equatable, Sendable {
  case note(String)
  case warning(String)
  case error(String)
  case report(String)
}

/// What the hook tells git: let the commit or push go on, or stop it.
public enum HookVerdict: Equatable, Sendable {
  case pass
  case block
}

/// A hook name git-llm does not run.
public struct UnknownHookError: Error, Equatable, CustomStringConvertible {
  public let hook: String
  public init(hook: String) { self.hook = hook }
  public var description: String {
    "unknown hook '\(hook)'; git-llm runs pre-commit, prepare-commit-msg, pre-push and post-merge"
  }
}
