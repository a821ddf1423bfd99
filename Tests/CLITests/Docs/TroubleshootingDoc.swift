@testable import GitLLM

/// Renders docs/troubleshooting.md from `ErrorSections` and `MessageLiterals`.
enum TroubleshootingDoc {
  static let path = "docs/troubleshooting.md"

  static func render() -> String {
    var out = """
      # Troubleshooting

      <!-- Generated from the error types in Sources/ by Tests/CLITests/Docs; do not edit. Run `make docs` to regenerate. -->

      Every message below is what `git llm` prints on stderr for a sample value (paths, names and
      numbers are examples), produced by the code itself when this page was generated; a test fails
      when the page and the code disagree. Find a message by searching for a word of it. Exit
      status: **2** usage or configuration (nothing was done), **3** incomplete (part of the work
      could not be done). See also [configuration-reference.md](configuration-reference.md),
      [privacy.md](privacy.md) and [setup.md](setup.md). `git llm doctor` checks the libraries,
      the repository, the configuration files and the providers in one go.

      """
    var area = ""
    for section in ErrorSections.all {
      if section.area != area {
        area = section.area
        out += "\n## \(area)\n"
      }
      out += "\n### `\(section.typeName)`\n\n\(section.intro) Declared in `\(section.declaredIn)`.\n"
      var order: [String] = []
      var byCode: [String: [CatalogEntry]] = [:]
      for entry in section.entries {
        if byCode[entry.explanation.code] == nil { order.append(entry.explanation.code) }
        byCode[entry.explanation.code, default: []].append(entry)
      }
      for code in order {
        guard let entries = byCode[code], let first = entries.first else { continue }
        out += "\n#### \(code)\n\n"
        let lines = entries.flatMap(\.lines)
        out += lines.isEmpty ? "Nothing is printed for it.\n\n" : "```text\n" + lines.joined(separator: "\n") + "\n```\n\n"
        out += first.explanation.meaning + " **Fix:** " + first.explanation.fix + "\n"
      }
    }
    out += literals()
    return out
  }

  /// The messages written where they are thrown, by source file.
  static func literals() -> String {
    var out = """

      ## Command-line messages

      Messages written where a command throws them, read from the sources: `<name>` stands for the
      value filled in. Each names the fix. A usage error from option parsing (`ValidationError`)
      is followed by `git-llm: hint: see 'git llm <command> -h' for the options`.

      """
    var seen: Set<String> = []
    var byFile: [(String, [MessageLiteral])] = []
    for literal in MessageLiterals.all() where seen.insert(literal.text).inserted {
      if let last = byFile.indices.last, byFile[last].0 == literal.file {
        byFile[last].1.append(literal)
      } else {
        byFile.append((literal.file, [literal]))
      }
    }
    for (file, literals) in byFile {
      out += "\n`\(file)`:\n\n```text\n"
      out += literals.map { "git-llm: error: \(GitLLMMain.oneLine($0.text))    (exit \($0.status))" }.joined(separator: "\n")
      out += "\n```\n"
    }
    return out
  }
}
