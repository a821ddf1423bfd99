import ConfigKit
import Foundation
import GitKit

/// The templates that turn a commit into pairs: one documented system prompt per kind
/// (docs/finetune.md shows each), a user turn with the input and the answer to learn.
public enum PairTemplates {
  public static let editSystem =
    "You are a programmer working in this repository. Apply the requested change to the code you are given and reply with the changed code only."
  public static let commitMessageSystem =
    "You write git commit messages for this repository: a short imperative subject line, then a body that says why when it matters."
  public static let reviewSystem =
    "You review code in this repository. Say what is wrong with the code you are given and show the fix as a diff."
  public static let codeSystem =
    "You are a programmer working in this repository. Write the requested code in the repository's style."
  static let systemPrompts = [editSystem, commitMessageSystem, reviewSystem, codeSystem]

  /// The pairs of the requested kinds one commit yields, and the kinds of pairs it would have
  /// yielded that a check left out (a fix commit that is no `review` pair), with why.
  static func pairs(for change: CommitChange, kinds: Set<DatasetKind>, wholeFileLines: Int) -> (
    pairs: [TrainingPair], dropped: [(DatasetKind, DropReason)]
  ) {
    var pairs: [TrainingPair] = []
    var dropped: [(DatasetKind, DropReason)] = []
    let commit = change.commit
    func make(_ kind: DatasetKind, _ system: String, _ user: String, _ assistant: String) {
      pairs.append(
        TrainingPair(
          kind: kind, system: system, user: user, assistant: assistant, commit: commit.id.hex, time: commit.committer.time))
    }
    let message = commit.message.trimmingWhitespace
    let patch = change.files.map(\.patch).joined()
    if kinds.contains(.edit), let (before, after) = editSides(change, wholeFileLines: wholeFileLines) {
      make(.edit, editSystem, "\(message)\n\n\(before)", after)
    }
    if kinds.contains(.commitMessage) {
      make(.commitMessage, commitMessageSystem, "Write the commit message for this change:\n\n```diff\n\(patch)```", message)
    }
    if kinds.contains(.review) {
      switch ReviewScreen.verdict(change) {
      case .notAFix: break
      case .dropped(let reason): dropped.append((.review, reason))
      case .review(let files):
        if let before = reviewInput(files.map(\.file)) {
          make(.review, reviewSystem, "Review this code:\n\n\(before)", ReviewAnswer.text(commit, files: files))
        }
      }
    }
    return (pairs, dropped)
  }

  /// The files' code before and after, each under its path: the whole file when it is small on
  /// both sides, else the changed regions with their context. Files the commit added or deleted
  /// have no before or after to learn from and are left out; nil when nothing is left.
  static func editSides(_ change: CommitChange, wholeFileLines: Int) -> (String, String)? {
    var before = "", after = ""
    for file in change.files {
      guard let old = file.before, let new = file.after else { continue }
      if lineCount(old) <= wholeFileLines && lineCount(new) <= wholeFileLines {
        before += fenced(file.path, old)
        after += fenced(file.path, new)
      } else {
        for region in file.regions {
          before += fenced("\(file.path) (from line \(region.oldStart))", region.before)
          after += fenced("\(file.path) (from line \(region.newStart))", region.after)
        }
      }
    }
    return before.isEmpty ? nil : (before, after)
  }

  /// The code a fix changed, as it was: the old side of each region of the modified files.
  static func reviewInput(_ files: [ChangedFile]) -> String? {
    var text = ""
    for file in files where file.before != nil && file.after != nil {
      for region in file.regions { text += fenced("\(file.path) (from line \(region.oldStart))", region.before) }
    }
    return text.isEmpty ? nil : text
  }

  /// `path` as a heading and `text` in a code fence.
  static func fenced(_ path: String, _ text: String) -> String {
    "\(path):\n```\n\(text)\(text.hasSuffix("\n") || text.isEmpty ? "" : "\n")```\n"
  }

  static func lineCount(_ text: String) -> Int { TextScan.lineFeeds(in: text) }
}
