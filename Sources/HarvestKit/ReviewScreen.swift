import FileSelectionKit
import GitKit

/// Which fix commits become `review` pairs: what the adapter learns to call a defect. A fix
/// commit is kept when it changes code (not prose, data or dependency manifests) and its change
/// is a real defect: not a typo, a dependency or version bump, a formatting pass or a merge.
/// Everything here reads the message and the patch the reader already made; nothing is diffed again.
enum ReviewScreen {
  /// A kept file of a fix and its changed lines.
  struct ReviewedFile: Sendable {
    var file: ChangedFile
    var lines: PatchLines
  }

  enum Verdict {
    /// Not a fix commit (or too large to be one): no review pair, nothing counted.
    case notAFix
    /// A fix commit that is left out, counted in the datasheet under `reason`.
    case dropped(DropReason)
    /// The code files the review pair is built from.
    case review([ReviewedFile])
  }

  /// Words in a message that mark a fix, matched as whole words, lower-cased.
  static let fixWords: Set<Substring> = fixVerbs.union(defectWords)
  static let fixVerbs: Set<Substring> = ["fix", "fixes", "fixed", "fixing"]
  /// Words that name a defect, not just a repair: a subject with one of these is a real fix
  /// even when it also says "typo", "bump" or "formatting".
  static let defectWords: Set<Substring> = [
    "bug", "bugs", "crash", "crashes", "leak", "leaks", "race", "off-by-one", "overflow", "underflow", "deadlock",
    "regression", "npe", "null", "nil", "segfault", "hang", "corrupt", "corruption",
  ]
  /// The largest change a `review` pair is built from (counted over its code files): a fix that
  /// big is a rewrite.
  static let maxChangedLines = 80
  static let maxFiles = 3

  static func verdict(_ change: CommitChange) -> Verdict {
    guard words(change.commit.message).contains(where: fixWords.contains) else { return .notAFix }
    let code = change.files.filter { CodePath.isCode($0.path) }
    if code.isEmpty { return .dropped(.reviewNotCode) }
    guard code.count <= maxFiles, code.reduce(0, { $0 + $1.additions + $1.deletions }) <= maxChangedLines else {
      return .notAFix
    }
    if change.commit.isMerge || SubjectRules.isMaintenance(change.commit.summary) { return .dropped(.reviewMaintenance) }
    if SubjectRules.isTypo(change.commit.summary) { return .dropped(.reviewTypo) }
    let files = code.map { ReviewedFile(file: $0, lines: PatchLines(patch: $0.patch)) }
    if files.allSatisfy({ ContentRules.isWhitespaceOnly($0.lines) }) { return .dropped(.reviewWhitespaceOnly) }
    if files.allSatisfy({ ContentRules.isWhitespaceOnly($0.lines) || ContentRules.isCommentsOnly($0.lines, path: $0.file.path) }) {
      return .dropped(.reviewCommentsOnly)
    }
    return .review(files)
  }

  /// The lower-cased words of `text`: letters, digits and hyphens.
  static func words(_ text: String) -> [Substring] {
    text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }
  }
}
