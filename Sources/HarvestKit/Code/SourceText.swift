// A file as UTF-8 bytes with its line starts, and the text helpers both scanners share.

struct SourceText {
  let bytes: [UInt8]
  /// Byte offset of each line's first byte; lines are split on LF.
  let lineStarts: [Int]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == Byte.newline && i + 1 < bytes.count { starts.append(i + 1) }
    lineStarts = starts
  }

  var lineCount: Int { lineStarts.count }

  /// End of line `i` (offset of its LF, or the end of the file), exclusive.
  func lineEnd(_ i: Int) -> Int {
    if i + 1 < lineStarts.count { return lineStarts[i + 1] - 1 }
    return bytes.last == Byte.newline ? bytes.count - 1 : bytes.count
  }

  func line(_ i: Int) -> String { string(lineStarts[i], lineEnd(i)) }

  func string(_ from: Int, _ to: Int) -> String {
    let a = max(0, min(from, bytes.count)), b = max(a, min(to, bytes.count))
    return String(decoding: bytes[a..<b], as: UTF8.self)
  }

  /// Lines `first...last` verbatim, joined with LF, without a final newline.
  func lines(_ first: Int, _ last: Int) -> String {
    guard first <= last, first >= 0, last < lineCount else { return "" }
    return string(lineStarts[first], lineEnd(last))
  }

  /// Index of the line that holds byte `offset` (binary search).
  func lineIndex(of offset: Int) -> Int {
    var lo = 0, hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// Offset of line `i`'s first byte that is not a space or tab (its end when blank).
  func firstNonBlank(_ i: Int) -> Int {
    var p = lineStarts[i]
    let end = lineEnd(i)
    while p < end, bytes[p] == Byte.space || bytes[p] == Byte.tab { p += 1 }
    return p
  }

  func isBlank(_ i: Int) -> Bool { firstNonBlank(i) == lineEnd(i) }

  /// Indentation width of line `i` (a tab advances to the next multiple of 8, as Python counts).
  func indent(_ i: Int) -> Int {
    var width = 0
    var p = lineStarts[i]
    let end = lineEnd(i)
    while p < end {
      if bytes[p] == Byte.space { width += 1 } else if bytes[p] == Byte.tab { width = (width / 8 + 1) * 8 } else { break }
      p += 1
    }
    return width
  }

  /// Line `i` without its leading and trailing spaces and tabs.
  func trimmedLine(_ i: Int) -> String { trim(line(i)) }
}

func trim(_ s: String) -> String {
  var sub = Substring(s)
  while let c = sub.first, c == " " || c == "\t" || c == "\n" { sub.removeFirst() }
  while let c = sub.last, c == " " || c == "\t" || c == "\n" { sub.removeLast() }
  return String(sub)
}

/// Collapses runs of whitespace (spaces, tabs, newlines) to one space and trims the ends.
func collapseWhitespace(_ s: String) -> String {
  s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
}

/// Removes the indentation common to all non-blank lines, trailing whitespace on every line, and
/// leading and trailing blank lines.
func dedent(_ lines: [String]) -> String {
  var lines = lines.map { line -> String in
    var s = Substring(line)
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }
  while let first = lines.first, first.isEmpty { lines.removeFirst() }
  while let last = lines.last, last.isEmpty { lines.removeLast() }
  let common =
    lines.filter { !$0.isEmpty }
    .map { $0.prefix(while: { $0 == " " || $0 == "\t" }).count }.min() ?? 0
  return lines.map { $0.isEmpty ? $0 : String($0.dropFirst(common)) }.joined(separator: "\n")
}

@inline(__always) func isIdentByte(_ b: UInt8) -> Bool {
  (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == Byte.dollar || b >= 0x80
}

/// The identifier at the start of `s` (letters, digits, `_`, `$`, non-ASCII), or "".
func leadingIdentifier(_ s: Substring) -> Substring {
  s.prefix(while: { c in c.isLetter || c.isNumber || c == "_" || c == "$" })
}

/// Python's `inspect.cleandoc`: the first line loses its leading whitespace (its text follows the
/// opening quotes or `/**`), the others lose the indentation they have in common; trailing
/// whitespace and leading and trailing blank lines go. Blank lines inside are kept.
func cleandoc(_ lines: [String]) -> String {
  guard let head = lines.first else { return "" }
  let rest = Array(lines.dropFirst())
  let margin =
    rest.filter { !trim($0).isEmpty }
    .map { $0.prefix(while: { $0 == " " || $0 == "\t" }).count }.min() ?? 0
  var out = [String(head.drop(while: { $0 == " " || $0 == "\t" }))]
  out += rest.map { trim($0).isEmpty ? "" : String($0.dropFirst(margin)) }
  return trimBlankLines(out)
}

private func trimBlankLines(_ lines: [String]) -> String {
  var lines = lines.map { line -> String in
    var s = Substring(line)
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }
  while let first = lines.first, first.isEmpty { lines.removeFirst() }
  while let last = lines.last, last.isEmpty { lines.removeLast() }
  return lines.joined(separator: "\n")
}
