import GitKit

/// The changed lines of one file's patch, hunk by hunk: what the `review` checks and answer read.
/// Parsed from the patch text the reader already wrote, and only for fix commits, so the harvest
/// diffs nothing twice.
struct PatchLines: Sendable, Equatable {
  struct Hunk: Sendable, Equatable {
    /// The old-side line number of the first removed or added line.
    var firstChangedLine: Int
    /// What git printed after the `@@ … @@` range: the line it took for the enclosing function.
    var context: String
    var removed: [Substring] = []
    var added: [Substring] = []
  }

  var hunks: [Hunk] = []

  var removed: [Substring] { hunks.flatMap(\.removed) }
  var added: [Substring] { hunks.flatMap(\.added) }

  init(patch: String) {
    var current: Hunk?
    var oldLine = 0
    for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("@@") {
        if let done = current { hunks.append(done) }
        let (start, context) = Self.header(line)
        oldLine = start
        current = Hunk(firstChangedLine: start, context: context)
        continue
      }
      // A file header ("diff --git", "---", "+++") only comes before the first hunk of a part.
      if line.hasPrefix("diff --git ") {
        if let done = current { hunks.append(done) }
        current = nil
        continue
      }
      guard var hunk = current, let marker = line.first else { continue }
      let changed = hunk.removed.isEmpty && hunk.added.isEmpty
      switch marker {
      case "-":
        if changed { hunk.firstChangedLine = oldLine }
        hunk.removed.append(line.dropFirst())
        oldLine += 1
      case "+":
        if changed { hunk.firstChangedLine = oldLine }
        hunk.added.append(line.dropFirst())
      case " ": oldLine += 1
      default: break
      }
      current = hunk
    }
    if let done = current { hunks.append(done) }
  }

  /// The old start and the function context of a `@@ -a,b +c,d @@ context` line.
  private static func header(_ line: Substring) -> (Int, String) {
    let parts = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
    let start = parts.count > 1 ? Int(parts[1].dropFirst().prefix { $0 != "," }) ?? 0 : 0
    let context = parts.count > 4 ? String(parts[4]).trimmingWhitespace : ""
    return (start, context)
  }
}
