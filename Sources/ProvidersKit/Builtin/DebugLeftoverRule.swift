import Foundation

/// Debugging statements left in (low, maintainability): a stray breakpoint halts the program, a
/// stray dump clutters output and can print private data.
///
/// Deliberately conservative, to stay quiet on legitimate output: Python `print(`, Go
/// `fmt.Println(`, Swift `print(`/`dump(` and Java `System.out` are how command-line programs
/// talk, so they are not flagged; only calls whose sole purpose is debugging are.
enum DebugLeftoverRule {
  private struct Pattern: Sendable {
    let needle: String
    /// The needle must be the whole statement (`debugger;`, `byebug`), not part of a line.
    var wholeStatement = false
    /// Skip files under these directories (CLI scripts print on purpose).
    var exemptDirectories: Set<String> = []
  }

  private static let scriptDirectories: Set<String> = ["bin", "scripts", "script", "tools", "examples", "example"]

  /// Patterns by file extension.
  private static let patterns: [String: [Pattern]] = {
    let javaScript = [
      Pattern(needle: "console.log(", exemptDirectories: scriptDirectories),
      Pattern(needle: "debugger", wholeStatement: true),
    ]
    var table: [String: [Pattern]] = [:]
    for ext in ["js", "jsx", "ts", "tsx", "mjs", "cjs", "vue", "svelte"] { table[ext] = javaScript }
    table["py"] = [Pattern(needle: "breakpoint()"), Pattern(needle: "pdb.set_trace()"), Pattern(needle: "ipdb.set_trace()")]
    table["rb"] = [Pattern(needle: "binding.pry"), Pattern(needle: "binding.irb"), Pattern(needle: "byebug", wholeStatement: true)]
    table["rs"] = [Pattern(needle: "dbg!(")]
    table["php"] = [Pattern(needle: "var_dump("), Pattern(needle: "dd(")]
    return table
  }()

  static func findings(_ file: PatchFile) -> [BuiltinFinding] {
    guard let candidates = patterns[PathTraits.fileExtension(file.path)] else { return [] }
    let directories = Set(PathTraits.directories(file.path))
    let active = candidates.filter { $0.exemptDirectories.isDisjoint(with: directories) }
    var findings: [BuiltinFinding] = []
    for line in file.added {
      let code = line.text.drop { $0 == " " || $0 == "\t" }
      if isComment(code) { continue }
      guard let pattern = active.first(where: { matches($0, code) }) else { continue }
      findings.append(
        BuiltinFinding(
          path: file.path, startLine: line.number, endLine: line.number, severity: "low", category: "maintainability",
          title: "Debug statement left in: \(pattern.needle.hasSuffix("(") ? String(pattern.needle.dropLast()) : pattern.needle)",
          explanation:
            "`\(pattern.needle)` on an added line looks like debugging left behind; it can halt execution or print internal data.",
          suggestion: "Remove it before merging, or use the project's logger if the output is wanted."))
    }
    return findings
  }

  private static func matches(_ pattern: Pattern, _ code: Substring) -> Bool {
    if pattern.wholeStatement {
      var statement = code
      while let last = statement.last, last == " " || last == "\t" || last == ";" { statement = statement.dropLast() }
      return statement == pattern.needle[...]
    }
    var search = code[...]
    while let range = search.range(of: pattern.needle) {
      // A word start: `console.log(` but not `myconsole.log(`, `dd(` but not `add(` or `->dd(`.
      let before = code[..<range.lowerBound].last
      if before.map({ !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ">" || $0 == "$" || $0 == ":") }) ?? true {
        return true
      }
      search = code[range.upperBound...]
    }
    return false
  }

  private static func isComment(_ code: Substring) -> Bool {
    code.hasPrefix("//") || code.hasPrefix("#") || code.hasPrefix("*") || code.hasPrefix("/*")
  }
}
