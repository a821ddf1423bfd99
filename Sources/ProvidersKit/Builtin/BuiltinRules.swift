/// The built-in reviewer's rules: cheap, certain checks over the added lines of a patch that
/// need no model, so a review always says something useful on a machine with nothing installed.
///
/// Only added lines are judged (with their new-side numbers): removed and context lines are
/// not this change's doing. Findings never quote source text, so a secret on a flagged line
/// cannot leak through a finding's wording.
public enum BuiltinRules {
  /// The model name their findings carry (the built-in provider's one model).
  public static let modelName = "rules"
  /// A rule and its rank: findings on the same path and line are ordered by rank.
  private static let rules: [@Sendable (PatchFile) -> [BuiltinFinding]] = [
    SecretRule.findings,
    SensitiveFileRule.findings,
    ConflictMarkerRule.findings,
    DebugLeftoverRule.findings,
    TodoCommentRule.findings,
    LongLineRule.findings,
    LargeAdditionRule.findings,
    BinaryFileRule.findings,
  ]

  /// The secret rule alone over `patch`: what the review reports about secrets whichever
  /// reviewer answered, since a model only ever sees placeholders where they were.
  public static func secretFindings(patch: String) -> [BuiltinFinding] {
    PatchParser.parse(patch).flatMap(SecretRule.findings)
  }

  /// The findings for every file of the unified diffs in `patch`, ordered by path (bytewise),
  /// then start line, then rule, then end line. Text around the diffs is ignored.
  public static func review(patch: String) -> [BuiltinFinding] {
    var ranked: [(finding: BuiltinFinding, rank: Int, order: Int)] = []
    for file in PatchParser.parse(patch) {
      for (rank, rule) in rules.enumerated() {
        for finding in rule(file) { ranked.append((finding, rank, ranked.count)) }
      }
    }
    ranked.sort { a, b in
      if a.finding.path != b.finding.path { return a.finding.path.utf8.lexicographicallyPrecedes(b.finding.path.utf8) }
      if a.finding.startLine != b.finding.startLine { return a.finding.startLine < b.finding.startLine }
      if a.rank != b.rank { return a.rank < b.rank }
      if a.finding.endLine != b.finding.endLine { return a.finding.endLine < b.finding.endLine }
      return a.order < b.order
    }
    return ranked.map(\.finding)
  }
}

/// Facts about a path the rules share.
enum PathTraits {
  /// The last component.
  static func fileName(_ path: String) -> Substring {
    path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
  }

  /// The lower-cased extension, without the dot; empty when there is none.
  static func fileExtension(_ path: String) -> String {
    let name = fileName(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }

  /// The directories of the path, lower-cased.
  static func directories(_ path: String) -> [String] {
    path.split(separator: "/").dropLast().map { $0.lowercased() }
  }
}
