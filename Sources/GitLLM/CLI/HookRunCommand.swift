import ArgumentParser

/// `git-llm hook run <name> [args…]`: what the installed hook scripts call.
struct HookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hook",
    abstract: "What the installed git hooks run (see git llm hooks).",
    shouldDisplay: false,
    subcommands: [Run.self])

  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Run git-llm's part of a git hook: pre-commit, prepare-commit-msg, pre-push or post-merge.",
      discussion: "Example: git-llm hook run pre-commit")

    @Argument(help: "The hook's name.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The arguments git passed to the hook.")
    var arguments: [String] = []

    func run() async throws {
      let status = try await HookRunJob(hook: name, arguments: arguments, directory: FileManager.default.currentDirectoryPath).run()
      if status != .ok { throw CommandFailure(status) }
    }
  }
}

import Foundation
