import ArgumentParser
import Foundation
import Testing
import Yams

@testable import GitLLM

/// The Claude Code slash commands in `.claude/commands/` drive git-llm, so what they tell the
/// assistant to run must be what git-llm accepts: each file has the front matter Claude Code
/// reads, every `git llm …` line in it parses with git-llm's own parser (an unknown flag or
/// subcommand fails here), and its allowed tools let it run those lines, except the ones it must
/// ask the user about first, which they must not pre-approve.
@Suite("Claude Code command files")
struct ClaudeCommandFilesTests {
  /// What `$ARGUMENTS` stands for in each file's commands: its argument hint, made concrete.
  static let sampleArguments: [String: [String]] = [
    "review.md": ["HEAD~3.."], "tech-debt.md": ["Sources", "docs"], "fine-tune-model.md": ["Qwen/Qwen2.5-Coder-0.5B-Instruct"],
    "commit.md": [],
  ]

  /// Long or costly commands, and `setup`, which rewrites the user's configuration: Claude Code
  /// must ask before each, so no file pre-approves them.
  static let askFirst = [
    "git llm finetune run", "git llm finetune eval", "git llm finetune deploy", "git llm finetune resume", "git llm setup",
  ]

  @Test func theCommandsAreThere() throws {
    let names = try ClaudeCommandFile.all().map(\.name)
    #expect(Set(names).isSuperset(of: ["review.md", "tech-debt.md", "fine-tune-model.md", "commit.md"]))
  }

  @Test(arguments: try ClaudeCommandFile.all().map(\.name))
  func frontMatterHasWhatClaudeCodeReads(name: String) throws {
    let file = try #require(try ClaudeCommandFile.all().first { $0.name == name })
    let fields = try #require(try Yams.load(yaml: file.frontMatter) as? [String: Any], "\(name): no YAML front matter")
    for key in ["description", "allowed-tools", "argument-hint"] {
      let value = fields[key] as? String
      #expect(value?.isEmpty == false, "\(name): front matter needs a non-empty \(key) string")
    }
    #expect(file.body.contains("$ARGUMENTS"), "\(name): the body never uses $ARGUMENTS")
  }

  @Test(arguments: try ClaudeCommandFile.all().map(\.name))
  func everyCommandLineParses(name: String) throws {
    let file = try #require(try ClaudeCommandFile.all().first { $0.name == name })
    let lines = file.commandLines(arguments: Self.sampleArguments[name] ?? [])
    #expect(!lines.isEmpty, "\(name) runs no git llm command")
    for words in lines {
      #expect(words.starts(with: ["git", "llm"]), "\(name): \(words)")
      let arguments = Array(words.dropFirst(2))
      #expect(Self.parseProblem(arguments) == nil, "\(name): `\(words.joined(separator: " "))`: \(Self.parseProblem(arguments) ?? "")")
    }
  }

  @Test(arguments: try ClaudeCommandFile.all().map(\.name))
  func allowedToolsCoverTheCommands(name: String) throws {
    let file = try #require(try ClaudeCommandFile.all().first { $0.name == name })
    let fields = try Yams.load(yaml: file.frontMatter) as? [String: Any]
    let prefixes = Self.bashPrefixes(fields?["allowed-tools"] as? String ?? "")
    for words in file.commandLines(arguments: Self.sampleArguments[name] ?? []) {
      let line = words.joined(separator: " ")
      let allowed = prefixes.contains { line == $0 || line.hasPrefix($0 + " ") }
      if Self.askFirst.contains(where: { line == $0 || line.hasPrefix($0 + " ") }) && !line.contains("--dry-run") {
        #expect(!allowed, "\(name): `\(line)` is long or costly, so allowed-tools must leave it to Claude Code to ask")
      } else {
        #expect(allowed, "\(name): allowed-tools has no Bash(…:*) entry that lets it run `\(line)`")
      }
    }
  }

  /// The prefixes of `Bash(prefix:*)` entries (Claude Code's form for "commands starting with").
  static func bashPrefixes(_ tools: String) -> [String] {
    tools.split(separator: ",").compactMap { entry in
      let tool = entry.trimmingCharacters(in: .whitespaces)
      guard tool.hasPrefix("Bash("), tool.hasSuffix(":*)") else { return nil }
      return String(tool.dropFirst(5).dropLast(3))
    }
  }

  /// Why git-llm's parser refuses `arguments`, or nil when it accepts them. A help request is
  /// accepted when the commands it names exist.
  static func parseProblem(_ arguments: [String]) -> String? {
    do {
      _ = try RootCommand.parseAsRoot(arguments)
      return nil
    } catch {
      guard RootCommand.exitCode(for: error) == .success else { return RootCommand.message(for: error) }
      var command: any ParsableCommand.Type = RootCommand.self
      for word in arguments.prefix(while: { !$0.hasPrefix("-") }) {
        guard let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == word }) else {
          return "no command '\(word)'"
        }
        command = sub
      }
      return nil
    }
  }
}
