import PrivacyKit

/// Secrets added by the change (PrivacyKit's rules), critical: once pushed, a credential is in
/// every clone and in history forever, and must be revoked rather than just deleted.
///
/// Consecutive added lines are scanned together so a private key block is one finding spanning
/// its lines. The finding names the kind, never the value.
enum SecretRule {
  private static let scrubber = SecretScrubber()

  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    var findings: [BuiltinFinding] = []
    for run in consecutiveRuns(file.added) {
      let text = run.map(\.text).joined(separator: "\n")
      let utf8 = text.utf8
      // UTF-8 offset where each line of the run starts.
      var lineStarts: [Int] = []
      var offset = 0
      for line in run {
        lineStarts.append(offset)
        offset += line.text.utf8.count + 1
      }
      for match in scrubber.findSecrets(in: text) {
        let start = utf8.distance(from: utf8.startIndex, to: match.range.lowerBound)
        let last = max(start, utf8.distance(from: utf8.startIndex, to: match.range.upperBound) - 1)
        let first = run[lineIndex(lineStarts, start)].number
        let end = run[lineIndex(lineStarts, last)].number
        findings.append(finding(file.path, first, end, match))
      }
    }
    return findings
  }

  private static func finding(_ path: String, _ start: Int, _ end: Int, _ match: SecretMatch) -> BuiltinFinding {
    let name = match.kind.displayName
    let isKey = match.kind == .privateKey
    return BuiltinFinding(
      path: path, startLine: start, endLine: end, severity: "critical", category: "security",
      title: "\(name.prefix(1).uppercased())\(name.dropFirst()) added",
      explanation: "An added line holds \(article(name)) \(name) (<redacted:\(match.kind.rawValue)>; the value is not repeated here). "
        + "Anyone who can read the repository or its history can use it, and deleting it later does not remove it from history.",
      suggestion: isKey
        ? "Remove the key from the change, treat it as compromised and generate a new one; keep keys outside the repository."
        : "Remove it from the change, revoke and rotate it, and load it from the environment or a secret manager instead.")
  }

  /// "an AWS secret access key", "a GitHub token": every kind's name is read as it is spelled.
  private static func article(_ name: String) -> String {
    guard let first = name.first?.lowercased() else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
  }

  /// Added lines grouped into runs of consecutive line numbers.
  private static func consecutiveRuns(_ lines: [AddedLine]) -> [[AddedLine]] {
    var runs: [[AddedLine]] = []
    for line in lines {
      if let previous = runs.last?.last, previous.number + 1 == line.number {
        runs[runs.count - 1].append(line)
      } else {
        runs.append([line])
      }
    }
    return runs
  }

  /// The index of the line holding UTF-8 offset `offset`.
  private static func lineIndex(_ starts: [Int], _ offset: Int) -> Int {
    var low = 0, high = starts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return low
  }
}
