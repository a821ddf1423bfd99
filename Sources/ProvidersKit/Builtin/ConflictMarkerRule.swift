/// Merge conflict markers committed by mistake (high, correctness): the file no longer builds,
/// or ships both sides of the conflict.
///
/// `<<<<<<<` and `>>>>>>>` count on their own (seven of them at the start of a line, then a
/// space or the end). `=======` and diff3's `|||||||` count only between them: a line of seven
/// `=` is also a Markdown or reStructuredText heading underline.
enum ConflictMarkerRule {
  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    var findings: [BuiltinFinding] = []
    var open: Int?
    for line in file.added {
      if isMarker(line.text, "<") {
        if let start = open { findings.append(finding(file.path, start, start)) }
        open = line.number
      } else if isMarker(line.text, ">") {
        findings.append(finding(file.path, open ?? line.number, line.number))
        open = nil
      }
    }
    if let start = open { findings.append(finding(file.path, start, start)) }
    return findings
  }

  /// Seven `marker` characters starting the line, then a space, a tab or the end.
  private static func isMarker(_ text: Substring, _ marker: Character) -> Bool {
    guard text.hasPrefix(String(repeating: marker, count: 7)) else { return false }
    let rest = text.dropFirst(7)
    return rest.first == nil || rest.first == " " || rest.first == "\t"
  }

  private static func finding(_ path: String, _ start: Int, _ end: Int) -> BuiltinFinding {
    BuiltinFinding(
      path: path, startLine: start, endLine: end, severity: "high", category: "correctness",
      title: "Merge conflict markers left in",
      explanation:
        "The added lines contain unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>); the file will not compile or parse, or will ship both sides of the conflict.",
      suggestion: "Resolve the conflict: keep the intended version and delete the marker lines.")
  }
}
