import GitKit

/// Widens each hunk upwards to the start of the function it is in, where that is cheap: git
/// already names the enclosing function in the hunk header (`@@ … @@ func name(…)`), so the
/// function's first line is found by looking back in the new file, and the lines between it and
/// the hunk become context. A reviewer then sees the signature and the start of the body, which
/// is what most findings need, without sending whole files.
public enum FunctionContext {
  /// How far back to look for the function's first line; beyond it the hunk stays as it is.
  public static let maxLines = 120

  public static func expand(_ file: FileChange, newContent: [UInt8]) -> FileChange {
    guard !file.hunks.isEmpty, !file.isBinary else { return file }
    let lines = newContent.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
    var copy = file
    var previousEnd = 0  // last new-side line already shown by an earlier hunk
    for index in copy.hunks.indices {
      let hunk = copy.hunks[index]
      defer { previousEnd = max(previousEnd, copy.hunks[index].newStart + copy.hunks[index].newCount - 1) }
      guard let function = functionText(hunk.header.bytes), hunk.newStart > 1 else { continue }
      let firstShown = hunk.newStart
      let lowest = max(previousEnd + 1, firstShown - maxLines, 1)
      guard lowest < firstShown else { continue }
      var start: Int?
      for number in stride(from: firstShown - 1, through: lowest, by: -1) where number - 1 < lines.count {
        if lines[number - 1].starts(with: function) { start = number; break }
      }
      guard let start else { continue }
      // Lines above the hunk are unchanged, so old and new numbers differ by a constant; for a
      // pure insertion git's old start is the line before it.
      let offset = (hunk.oldCount == 0 ? hunk.oldStart + 1 : hunk.oldStart) - hunk.newStart
      let extra = (start..<firstShown).map { number in
        DiffLine(kind: .context, oldLine: number + offset, newLine: number, content: GitBytes(lines[number - 1]))
      }
      let added = extra.count
      let oldStart = start + offset
      copy.hunks[index] = Hunk(
        oldStart: oldStart, oldCount: hunk.oldCount + added, newStart: start, newCount: hunk.newCount + added,
        header: header(
          oldStart: oldStart, oldCount: hunk.oldCount + added, newStart: start, newCount: hunk.newCount + added, function: function),
        lines: extra + hunk.lines)
    }
    return copy
  }

  /// The function text git put after the second `@@`, without trailing blanks; nil when none.
  static func functionText(_ header: [UInt8]) -> [UInt8]? {
    let text = header
    guard let first = firstIndex(of: [0x40, 0x40], in: text, from: 2) else { return nil }
    var rest = Array(text[(first + 2)...])
    while rest.first == 0x20 { rest.removeFirst() }
    while let last = rest.last, last == 0x20 || last == 0x09 { rest.removeLast() }
    return rest.isEmpty ? nil : rest
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
    guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
    for index in from...(haystack.count - needle.count) where Array(haystack[index..<(index + needle.count)]) == needle { return index }
    return nil
  }

  private static func header(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, function: [UInt8]) -> GitBytes {
    GitBytes(Array("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@ ".utf8) + function)
  }
}
