/// What a fix's changed lines show it is, when that is not a defect: only whitespace, or only
/// comments. Read from the patch's removed and added lines; a changed string literal is kept
/// (a wrong key or format string is a real defect), so only the subject marks string typos.
enum ContentRules {
  /// Comment markers by source extension: a line that starts with one is a comment; one that is
  /// preceded by a space outside quotes starts a trailing comment (`x = 1  # the count`).
  static let lineMarkers: [String: [String]] = {
    var markers: [String: [String]] = [:]
    for ext in ["py", "pyi", "rb", "sh", "bash", "zsh", "pl", "pm", "r", "jl", "ex", "exs", "nim", "ps1"] {
      markers[ext] = ["#"]
    }
    for ext in [
      "swift", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "rs", "java", "kt", "kts", "scala", "c", "h",
      "cc", "cpp", "cxx", "hh", "hpp", "hxx", "m", "mm", "cs", "fs", "dart", "zig", "groovy",
    ] {
      markers[ext] = ["//", "/*", "*"]
    }
    markers["php"] = ["//", "/*", "*", "#"]
    for ext in ["lua", "sql", "hs"] { markers[ext] = ["--"] }
    for ext in ["clj", "cljs", "el"] { markers[ext] = [";"] }
    markers["erl"] = ["%"]
    return markers
  }()

  /// Every changed line differs from the other side only in whitespace (re-indented, re-wrapped,
  /// trailing spaces, blank lines).
  static func isWhitespaceOnly(_ lines: PatchLines) -> Bool {
    squeezed(lines.removed) == squeezed(lines.added)
  }

  /// Only comments changed: with comments cut off, the removed and added lines are the same code.
  /// False for a language whose comments are not known here.
  static func isCommentsOnly(_ lines: PatchLines, path: String) -> Bool {
    guard let markers = lineMarkers[fileExtension(path)] else { return false }
    func code(_ side: [Substring]) -> [String] {
      side.map { squeezed([withoutComment($0, markers: markers)]) }.filter { !$0.isEmpty }
    }
    return code(lines.removed) == code(lines.added)
  }

  /// `line` up to its comment: empty for a comment line, the code before a trailing comment.
  static func withoutComment(_ line: Substring, markers: [String]) -> Substring {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    if markers.contains(where: trimmed.hasPrefix) { return "" }
    var quotes = 0, previous: Character = " "
    for index in line.indices {
      let character = line[index]
      if character == "\"" || character == "'" { quotes += 1 }
      if quotes % 2 == 0 && (previous == " " || previous == "\t"),
        markers.contains(where: { $0 != "*" && line[index...].hasPrefix($0) })
      {
        return line[..<index]
      }
      previous = character
    }
    return line
  }

  /// The lines joined without any whitespace.
  static func squeezed(_ lines: [Substring]) -> String {
    var text = ""
    for line in lines { text.unicodeScalars.append(contentsOf: line.unicodeScalars.lazy.filter { !$0.properties.isWhitespace }) }
    return text
  }

  static func fileExtension(_ path: String) -> String {
    let name = path.split(separator: "/").last ?? Substring(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }
}
