/// Added lines longer than 500 characters in source files (low, style): hard to read and
/// review. One finding per file, at the first such line; minified files are skipped.
enum LongLineRule {
  static let limit = 500
  private static let sourceExtensions: Set<String> = [
    "swift", "js", "jsx", "ts", "tsx", "mjs", "cjs", "py", "rb", "go", "rs", "java", "kt", "kts", "scala",
    "c", "h", "cc", "cpp", "hpp", "m", "mm", "cs", "php", "sh", "bash", "zsh", "lua", "pl",
  ]

  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    guard sourceExtensions.contains(PathTraits.fileExtension(file.path)), !PathTraits.fileName(file.path).contains(".min.") else {
      return []
    }
    // The UTF-8 count bounds the character count from above, so most lines skip the count.
    let long = file.added.filter { $0.text.utf8.count > limit && $0.text.count > limit }
    guard let first = long.first else { return [] }
    return [
      BuiltinFinding(
        path: file.path, startLine: first.number, endLine: first.number, severity: "low", category: "style",
        title: "Very long line",
        explanation:
          "\(long.count) added line\(long.count == 1 ? " is" : "s are") longer than \(limit) characters (the first is here); they are hard to read and to review.",
        suggestion: "Break the line up, or move long literal data into a resource file.")
    ]
  }
}
