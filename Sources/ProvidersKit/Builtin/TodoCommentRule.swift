/// TODO, FIXME, XXX and HACK added in a comment (info, maintainability): unfinished work that is
/// easy to forget once merged. Upper case only and as whole words, inside a comment only (after
/// `//`, `#`, `/*`, `--`, `<!--` or on a `*` continuation line), so prose and identifiers such
/// as `todoList` stay quiet. Prose files (Markdown, text) are skipped: a TODO there is content.
enum TodoCommentRule {
  private static let markers = ["TODO", "FIXME", "XXX", "HACK"]
  private static let proseExtensions: Set<String> = ["md", "markdown", "rst", "txt", "adoc", "org"]

  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    guard !proseExtensions.contains(PathTraits.fileExtension(file.path)) else { return [] }
    var findings: [BuiltinFinding] = []
    for line in file.added {
      guard let comment = commentText(line.text), let marker = firstMarker(in: comment) else { continue }
      findings.append(
        BuiltinFinding(
          path: file.path, startLine: line.number, endLine: line.number, severity: "info", category: "maintainability",
          title: "\(marker) comment added",
          explanation:
            "A new \(marker) comment marks work left unfinished by this change; such notes tend to outlive the context that explains them.",
          suggestion: "Finish it in this change, or track it in an issue and reference the issue in the comment."))
    }
    return findings
  }

  /// The part of the line after the first comment opener, if it has one.
  private static func commentText(_ line: Substring) -> Substring? {
    let code = line.drop { $0 == " " || $0 == "\t" }
    if code.hasPrefix("*") { return code.dropFirst() }
    let characters = Array(code.utf8)
    for index in characters.indices {
      let byte = characters[index]
      let previous = index > 0 ? characters[index - 1] : UInt8(ascii: " ")
      let next = index + 1 < characters.count ? characters[index + 1] : 0
      let opens: Bool
      switch byte {
      // `//` but not the `://` of a URL.
      case UInt8(ascii: "/"): opens = (next == UInt8(ascii: "/") && previous != UInt8(ascii: ":")) || next == UInt8(ascii: "*")
      case UInt8(ascii: "#"): opens = previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")
      case UInt8(ascii: "-"): opens = next == UInt8(ascii: "-") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "!"))
      default: opens = false
      }
      if opens {
        return code[code.utf8.index(code.utf8.startIndex, offsetBy: index)...]
      }
    }
    return nil
  }

  /// The first marker that stands as a word: `TODO:`, `FIXME(alice)`, but not `TODOS` or `XXXL`.
  private static func firstMarker(in comment: Substring) -> String? {
    let characters = Array(comment)
    var index = 0
    while index < characters.count {
      let isWordStart = index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == "_")
      if isWordStart {
        for marker in markers {
          let end = index + marker.count
          guard end <= characters.count, String(characters[index..<end]) == marker else { continue }
          if end == characters.count || !(characters[end].isLetter || characters[end].isNumber || characters[end] == "_") { return marker }
        }
      }
      index += 1
    }
    return nil
  }
}
