import Foundation

/// Says in a few words how a file differs from what git-llm wrote, so a refusal names the edit.
enum HookDifference {
  static func describe(_ actual: Data?, expected: Data) -> String {
    guard let actual else { return "it is no longer a readable file" }
    let have = lines(actual), want = lines(expected)
    for index in 0..<max(have.count, want.count) {
      let line = index < have.count ? String(have[index]) : nil
      let wanted = index < want.count ? String(want[index]) : nil
      if line == wanted { continue }
      switch (line, wanted) {
      case (let line?, let wanted?): return "line \(index + 1) is \(quote(line)) instead of \(quote(wanted))"
      case (let line?, nil): return "line \(index + 1) \(quote(line)) was added"
      default: return "it ends at line \(index), before \(quote(wanted ?? ""))"
      }
    }
    return "its bytes differ"
  }

  /// Lines without the empty piece after a final newline.
  private static func lines(_ data: Data) -> [Substring] {
    var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  private static func quote(_ line: String) -> String {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    return "'" + (trimmed.count > 60 ? trimmed.prefix(57) + "..." : trimmed) + "'"
  }
}
