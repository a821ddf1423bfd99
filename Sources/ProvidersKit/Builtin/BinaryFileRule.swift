/// A binary file added or changed (info): the diff cannot show it, so no reviewer can check it,
/// and every version stays in the repository's history. Reported at line 1 (it has no lines).
enum BinaryFileRule {
  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    guard file.isBinary, !file.isDeleted else { return [] }
    return [
      BuiltinFinding(
        path: file.path, startLine: 1, endLine: 1, severity: "info", category: "maintainability",
        title: file.isNew ? "Binary file added" : "Binary file changed",
        explanation:
          "The diff does not show this file's content, so it could not be reviewed; binary files also grow the repository permanently.",
        suggestion: "Check that it belongs in the repository; consider Git LFS for large assets.")
    ]
  }
}
