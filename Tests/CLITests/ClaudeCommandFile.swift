import Foundation

/// One of the Claude Code slash commands under `.claude/commands/`: its YAML front matter and
/// the `git llm …` command lines its body asks the assistant to run.
struct ClaudeCommandFile {
  let name: String
  let frontMatter: String
  let body: String

  static let folder = PackageRepository.root + "/.claude/commands"

  static func all() throws -> [ClaudeCommandFile] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }.sorted()
    return try names.map { name in
      try ClaudeCommandFile(name: name, text: String(contentsOfFile: folder + "/" + name, encoding: .utf8))
    }
  }

  /// A file without front matter keeps an empty one, which the test then finds lacking.
  init(name: String, text: String) {
    self.name = name
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else {
      (frontMatter, body) = ("", text)
      return
    }
    frontMatter = lines[1..<end].joined(separator: "\n")
    body = lines[(end + 1)...].joined(separator: "\n")
  }

  /// The code in the body: each line of a fenced block, and each inline code span (which
  /// Markdown lets run across a line break).
  var codeSnippets: [String] {
    var snippets: [String] = []
    var prose: [Substring] = []
    var inFence = false
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
        inFence.toggle()
      } else if inFence {
        snippets.append(String(line))
      } else {
        prose.append(line)
      }
    }
    let parts = prose.joined(separator: " ").split(separator: "`", omittingEmptySubsequences: false)
    // Odd-numbered parts lie between backticks.
    snippets += parts.indices.filter { $0 % 2 == 1 }.map { String(parts[$0]) }
    return snippets
  }

  /// Every `git llm …` command in the code, cut at the first shell operator, with `$ARGUMENTS`
  /// replaced by `arguments` (words, possibly none), as the shell would see it.
  func commandLines(arguments: [String]) -> [[String]] {
    codeSnippets.flatMap { snippet -> [[String]] in
      var found: [[String]] = []
      var rest = Substring(snippet)
      while let start = rest.range(of: "git llm ") ?? (rest.hasSuffix("git llm") ? rest.range(of: "git llm") : nil) {
        let tail = rest[start.lowerBound...]
        let end = tail.firstIndex { "|&;)".contains($0) } ?? tail.endIndex
        found.append(ShellWords.split(String(tail[..<end])).flatMap { $0 == "$ARGUMENTS" ? arguments : [$0] })
        rest = tail[end...]
      }
      return found
    }
  }
}

/// Words of a simple shell command line: blanks separate, single and double quotes group, a
/// redirection ends the command. Enough for documentation; no expansions.
enum ShellWords {
  static func split(_ line: String) -> [String] {
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character?
    for character in line {
      if let open = quote {
        if character == open { quote = nil } else { word.append(character) }
      } else if character == "'" || character == "\"" {
        quote = character
        inWord = true
      } else if character == " " || character == "\t" {
        if inWord { words.append(word) }
        (word, inWord) = ("", false)
      } else if character == ">" && !inWord {
        break
      } else {
        word.append(character)
        inWord = true
      }
    }
    if inWord { words.append(word) }
    return words
  }
}
