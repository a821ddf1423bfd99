import GitKit

/// The checks a commit passes before it is diffed: cheap, on the commit's header and message only.
enum CommitScreen {
  static let botNames = ["dependabot", "renovate", "github-actions", "greenkeeper", "snyk-bot", "pre-commit-ci", "mergify"]

  /// Subjects that say nothing about the change (compared lower-cased, trailing punctuation removed).
  static let trivialSubjects: Set<String> = [
    "wip", "update", "updates", "updated", "fix typo", "fix typos", "typo", "typos", "minor", "minor fix",
    "minor fixes", "minor changes", "cleanup", "clean up", "fix", "fixes", "changes", "misc", "tmp", "temp",
    "test", "stuff", "more", "save", "commit", "initial commit", "first commit", "update readme", "update readme.md",
    "bump version", "formatting", "format", "lint", "refactor", ".",
  ]

  /// Why `commit` is left out before diffing, or nil to diff it.
  static func dropReason(_ commit: CommitInfo, options: HarvestOptions) -> DropReason? {
    if commit.isMerge && !options.includeMerges { return .merge }
    if !options.includeBots && isBot(commit.author) { return .bot }
    if !options.includeReverts && isRevert(commit.message) { return .revert }
    if commit.historyCut { return .historyCut }
    let subject = commit.summary
    if subject.count < 3 || commit.message.count > 4000 { return .messageLength }
    if !options.keepTrivial && isTrivial(subject) { return .trivialMessage }
    return nil
  }

  static func isBot(_ author: Signature) -> Bool {
    let name = author.name.lowercased(), email = author.email.lowercased()
    if name.hasSuffix("[bot]") || email.firstRange(of: "[bot]@") != nil { return true }
    return botNames.contains { name.hasPrefix($0) || email.hasPrefix($0 + "@") || email.hasPrefix($0 + "[") }
  }

  static func isRevert(_ message: String) -> Bool {
    message.hasPrefix("Revert \"") || message.firstRange(of: "This reverts commit") != nil
  }

  /// A subject that is on the trivial list, or a single word.
  static func isTrivial(_ subject: String) -> Bool {
    var lowered = subject.lowercased()
    while let last = lowered.last, last == "." || last == "!" || last == " " { lowered.removeLast() }
    if trivialSubjects.contains(lowered) { return true }
    return !lowered.contains(" ")
  }
}
