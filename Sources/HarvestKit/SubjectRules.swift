/// What a fix commit's subject says it is, when that is not a defect: a typo, or maintenance (a
/// dependency, requirements or version bump, a formatting pass, a merge). A subject that names a
/// defect (crash, leak, overflow, …) is never either.
enum SubjectRules {
  static let typoWords: Set<Substring> = [
    "typo", "typos", "spelling", "misspelling", "misspellings", "misspelled", "misspelt", "grammar", "grammatical",
    "wording", "punctuation", "capitalization", "capitalisation",
  ]
  static let mergePrefixes = [
    "merge branch", "merge pull request", "merge remote-tracking branch", "merge tag", "merge commit", "merged in",
    "merge fixes", "merge changes", "merge upstream", "merge origin", "merge main", "merge master", "merge develop",
  ]
  /// Conventional-commit types and scopes (`chore(deps): …`) that mark upkeep.
  static let maintenanceTypes: Set<Substring> = ["chore", "build", "ci", "style", "release", "deps", "docs", "format", "lint"]
  static let maintenanceScopes: Set<Substring> = ["deps", "deps-dev", "dependencies", "release", "build", "ci", "lint", "format"]
  /// Words that, first after an optional "fix", say the commit is upkeep: "Fix formatting",
  /// "Fix requirements for Python 3.12", "Reformat the parser".
  static let upkeepNouns: Set<Substring> = [
    "requirements", "requirement", "dependencies", "dependency", "deps", "lockfile", "pins", "formatting", "format",
    "reformat", "reformatted", "whitespace", "indentation", "indent", "lint", "linting", "linter", "style", "pep8",
    "flake8", "prettier", "swiftformat", "gofmt", "rustfmt", "clang-format",
  ]
  /// Verbs that, first in a subject with a dependency or version noun, make it a bump.
  static let updateVerbs: Set<Substring> = [
    "update", "updates", "updated", "upgrade", "upgrades", "upgraded", "bump", "bumps", "bumped", "pin", "pinned", "unpin",
    "downgrade", "downgraded", "relock",
  ]
  static let bumpNouns: Set<Substring> = [
    "requirements", "requirement", "dependencies", "dependency", "deps", "version", "versions", "lockfile", "package",
    "packages", "pins",
  ]

  /// A typo fix: the subject has a typo word and no defect word.
  static func isTypo(_ subject: String) -> Bool {
    let words = ReviewScreen.words(subject)
    return words.contains(where: typoWords.contains) && !names(defect: words)
  }

  /// Upkeep rather than a fix: a merge subject, a maintenance conventional-commit type or scope,
  /// or (with no defect word) a bump or an upkeep noun first after an optional "fix".
  static func isMaintenance(_ subject: String) -> Bool {
    let lowered = subject.lowercased()
    if mergePrefixes.contains(where: lowered.hasPrefix) { return true }
    var rest = Substring(lowered)
    if let (type, scope) = conventionalPrefix(lowered) {
      if maintenanceTypes.contains(type) || scope.map(maintenanceScopes.contains) == true { return true }
      rest = lowered[lowered.index(after: lowered.firstIndex(of: ":") ?? lowered.startIndex)...]
    }
    let words = ReviewScreen.words(String(rest))
    guard !names(defect: words) else { return false }
    let first = words.drop(while: ReviewScreen.fixVerbs.contains).first
    if let first, upkeepNouns.contains(first) { return true }
    guard let verb = words.first, updateVerbs.contains(verb) else { return false }
    return verb.hasPrefix("bump") || words.dropFirst().contains(where: bumpNouns.contains)
  }

  static func names(defect words: [Substring]) -> Bool { words.contains(where: ReviewScreen.defectWords.contains) }

  /// The type and scope of a conventional-commit subject (`fix(parser)!: …`), or nil.
  static func conventionalPrefix(_ subject: String) -> (Substring, Substring?)? {
    guard let colon = subject.firstIndex(of: ":") else { return nil }
    var head = subject[..<colon]
    if head.last == "!" { head = head.dropLast() }
    var scope: Substring?
    if head.last == ")", let open = head.firstIndex(of: "(") {
      scope = head[head.index(after: open)..<head.index(before: head.endIndex)]
      head = head[..<open]
    }
    guard !head.isEmpty, head.allSatisfy({ $0.isLetter }) else { return nil }
    return (head, scope)
  }
}
