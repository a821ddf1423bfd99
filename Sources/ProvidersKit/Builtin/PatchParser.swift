/// One file of a unified diff, as far as the built-in rules need it.
struct PatchFile: Sendable, Equatable {
  /// The new-side path (the old path for a deletion).
  var path: String
  var oldPath: String?
  var isNew = false
  var isDeleted = false
  var isRename = false
  var isBinary = false
  /// Added lines with their new-side numbers, in order.
  var added: [AddedLine] = []
}

/// An added line: its new-side number and its text without the `+` and a trailing `\r`.
struct AddedLine: Sendable, Equatable {
  let number: Int
  let text: Substring
}

/// Reads the files out of text that holds one or more unified diffs (`git diff`, `git show`,
/// `diff -u`), ignoring anything around them: a review prompt's instructions, Markdown fences.
///
/// Hunk line counts decide where a hunk ends, so prose after a diff is not read as context,
/// and a removed line that starts with `--` is not read as a header.
struct PatchParser {
  private var files: [PatchFile] = []
  private var current: PatchFile?
  private var currentHasHunk = false
  private var oldLeft = 0
  private var newLeft = 0
  private var newLine = 0

  static func parse(_ text: String) -> [PatchFile] {
    var parser = PatchParser()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      parser.read(line, next: index + 1 < lines.count ? lines[index + 1] : nil)
    }
    parser.finishFile()
    return parser.files
  }

  private mutating func read(_ rawLine: Substring, next: Substring?) {
    let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
    if oldLeft > 0 || newLeft > 0, readHunkLine(line) { return }
    if line.hasPrefix("diff --git ") {
      finishFile()
      let paths = GitPathDecoding.headerPaths(line.dropFirst("diff --git ".count))
      current = PatchFile(path: paths?.new ?? "", oldPath: paths?.old)
    } else if line.hasPrefix("--- "), next?.hasPrefix("+++ ") == true {
      // A plain `diff -u` has no `diff --git` line: `---` then starts the next file.
      if current == nil || currentHasHunk {
        finishFile()
        current = PatchFile(path: "")
      }
      let old = line.dropFirst(4)
      if old.hasPrefix("/dev/null") { current?.isNew = true } else { current?.oldPath = GitPathDecoding.path(old, stripping: "a/") }
    } else if line.hasPrefix("+++ "), current != nil, !currentHasHunk {
      let new = line.dropFirst(4)
      if new.hasPrefix("/dev/null") {
        current?.isDeleted = true
      } else if current?.isRename != true {
        current?.path = GitPathDecoding.path(new, stripping: "b/")
      }
    } else if line.hasPrefix("@@ "), current != nil, let hunk = HunkHeader(line) {
      currentHasHunk = true
      oldLeft = hunk.oldCount
      newLeft = hunk.newCount
      newLine = hunk.newStart
    } else if current != nil, !currentHasHunk {
      readExtendedHeader(line)
    }
  }

  /// `new file mode`, `rename to`, `Binary files … differ`: the lines between `diff --git`
  /// and the first hunk.
  private mutating func readExtendedHeader(_ line: Substring) {
    if line.hasPrefix("new file mode") {
      current?.isNew = true
    } else if line.hasPrefix("deleted file mode") {
      current?.isDeleted = true
    } else if line.hasPrefix("rename to ") || line.hasPrefix("copy to ") {
      current?.isRename = true
      current?.path = GitPathDecoding.path(line.drop { $0 != " " }.dropFirst().drop { $0 != " " }.dropFirst())
    } else if line.hasPrefix("rename from ") || line.hasPrefix("copy from ") {
      current?.oldPath = GitPathDecoding.path(line.drop { $0 != " " }.dropFirst().drop { $0 != " " }.dropFirst())
    } else if line.hasPrefix("Binary files ") && line.hasSuffix(" differ") || line.hasPrefix("GIT binary patch") {
      current?.isBinary = true
    }
  }

  /// One line inside a hunk; false when the line cannot belong to it (the counts lied).
  private mutating func readHunkLine(_ line: Substring) -> Bool {
    switch line.first {
    case "+":
      guard newLeft > 0 else { return false }
      current?.added.append(AddedLine(number: newLine, text: line.dropFirst()))
      newLine += 1
      newLeft -= 1
    case "-":
      guard oldLeft > 0 else { return false }
      oldLeft -= 1
    case " ", nil:
      // An empty line is a context line whose trailing space a mailer or editor removed.
      guard oldLeft > 0, newLeft > 0 else { return false }
      oldLeft -= 1
      newLeft -= 1
      newLine += 1
    case "\\":
      break  // "\ No newline at end of file"
    default:
      oldLeft = 0
      newLeft = 0
      return false
    }
    return true
  }

  private mutating func finishFile() {
    if let file = current, !file.path.isEmpty || file.oldPath != nil {
      var file = file
      if file.path.isEmpty, let old = file.oldPath { file.path = old }
      if file.isDeleted, let old = file.oldPath { file.path = old }
      files.append(file)
    }
    current = nil
    currentHasHunk = false
    oldLeft = 0
    newLeft = 0
  }
}

/// `@@ -a[,b] +c[,d] @@ optional section heading`.
struct HunkHeader: Sendable, Equatable {
  let oldCount: Int
  let newStart: Int
  let newCount: Int

  init?(_ line: Substring) {
    let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
    guard fields.count >= 3, fields[0] == "@@", fields[1].hasPrefix("-"), fields[2].hasPrefix("+"),
      let old = Self.range(fields[1].dropFirst()), let new = Self.range(fields[2].dropFirst())
    else { return nil }
    oldCount = old.count
    newStart = new.start
    newCount = new.count
  }

  /// `start[,count]`; the count defaults to 1.
  private static func range(_ text: Substring) -> (start: Int, count: Int)? {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= 2, let start = Int(parts[0]), start >= 0 else { return nil }
    guard parts.count == 2 else { return (start, 1) }
    guard let count = Int(parts[1]), count >= 0 else { return nil }
    return (start, count)
  }
}
