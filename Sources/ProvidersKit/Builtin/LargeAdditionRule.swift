/// A single file adding more than 1,000 lines (info, maintainability): too big to review line
/// by line, and often generated or vendored content that should be marked as such.
enum LargeAdditionRule {
  static let threshold = 1_000

  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    guard file.added.count > threshold, let first = file.added.first else { return [] }
    return [
      BuiltinFinding(
        path: file.path, startLine: first.number, endLine: first.number, severity: "info", category: "maintainability",
        title: "Very large addition",
        explanation:
          "This file adds \(file.added.count) lines in one change; changes this size are hard to review and often hide generated or vendored code.",
        suggestion:
          "Split the change, or mark generated files (for example `linguist-generated` in .gitattributes) so reviewers can skip them.")
    ]
  }
}
