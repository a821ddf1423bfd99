import GitKit

/// The answer of a `review` pair, from what the commit shows: the subject, the body's
/// explanation (without trailers such as `Signed-off-by:`, which name people and teach nothing),
/// where the fix is (each file, the function or type each change sits in, and how many lines it
/// changed, added or removed), then the fix as a diff.
enum ReviewAnswer {
  /// Trailer keys dropped from the body, lower-cased; any `…-by:` key is dropped too.
  static let trailerKeys: Set<String> = ["cc", "change-id", "reviewed-on", "bug-url", "git-svn-id"]

  static func text(_ commit: CommitInfo, files: [ReviewScreen.ReviewedFile]) -> String {
    var text = "What was wrong: \(commit.summary)"
    let body = explanation(commit.message)
    if !body.isEmpty { text += "\n\n\(body)" }
    text += "\n\nWhere:\n"
    for file in files { text += "- \(location(file))\n" }
    text += "\nThe fix:\n\n```diff\n\(files.map(\.file.patch).joined())```"
    return text
  }

  /// The message after its subject paragraph, without trailer lines and cherry-pick notes.
  static func explanation(_ message: String) -> String {
    let lines = message.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    let afterSubject = lines.drop { $0.allSatisfy(\.isWhitespace) }.drop { !$0.allSatisfy(\.isWhitespace) }
    let kept = afterSubject.filter { !isTrailer($0) && !$0.hasPrefix("(cherry picked from commit ") }
    return kept.joined(separator: "\n").trimmingWhitespace
  }

  static func isTrailer(_ line: Substring) -> Bool {
    guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].first == " " else { return false }
    let key = line[..<colon].lowercased()
    guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "-" }) else { return false }
    return key.hasSuffix("-by") || trailerKeys.contains(key)
  }

  /// `path, in `decl`: 1 line changed, 2 added`: the file, the declarations its changes sit in
  /// (the hunk header git wrote when the scan finds none) and the size of the change.
  static func location(_ reviewed: ReviewScreen.ReviewedFile) -> String {
    let hunks = reviewed.lines.hunks
    let changed = hunks.map { hunk in
      (hunk.firstChangedLine, EnclosingDeclaration.indentation(hunk.removed.first ?? hunk.added.first ?? ""))
    }
    let found = reviewed.file.before.map { EnclosingDeclaration.find(in: $0, at: changed) } ?? []
    var places: [String] = []
    for (index, hunk) in hunks.enumerated() {
      let scanned = index < found.count ? found[index] : nil
      let place = scanned ?? (hunk.context.isEmpty ? nil : EnclosingDeclaration.shown(Substring(hunk.context)))
      if let place, !places.contains(place) { places.append(place) }
    }
    var text = reviewed.file.path
    if reviewed.file.before == nil { text += " (new file)" }
    if !places.isEmpty { text += ", in " + places.map { "`\($0)`" }.joined(separator: ", ") }
    return text + ": " + size(removed: reviewed.file.deletions, added: reviewed.file.additions)
  }

  /// "1 line changed, 2 added": lines replaced, then lines only added or only removed.
  static func size(removed: Int, added: Int) -> String {
    let changed = min(removed, added)
    let counts = [(changed, "changed"), (added - changed, "added"), (removed - changed, "removed")].filter { $0.0 > 0 }
    guard let first = counts.first else { return "no lines changed" }
    let head = "\(first.0) \(first.0 == 1 ? "line" : "lines") \(first.1)"
    return ([head] + counts.dropFirst().map { "\($0.0) \($0.1)" }).joined(separator: ", ")
  }
}
