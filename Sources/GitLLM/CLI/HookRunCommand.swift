import ArgumentParser
import ConfigKit
import Foundation
import ReviewKit

/// `git-llm hook run <name> [args…]`: what the installed hook scripts call.
struct HookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hook",
    abstract: "What the installed git hooks run (see git llm hooks).",
    shouldDisplay: false,
    subcommands: [Run.self, ReviewTree.self])

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

  /// The background half of a pre-commit review that overran `hooks.timeout`: reviews the tree
  /// the hook wrote from the staged index, records the run and fills the cache (BackgroundReview).
  struct ReviewTree: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "review-tree",
      abstract: "Review a staged change written to a tree (what a pre-commit hook left to the background).",
      shouldDisplay: false)

    @Argument(help: "The tree object the hook wrote from the staged index.")
    var tree: String

    @Option(help: "The commit HEAD was at when the hook ran (none on an unborn branch).")
    var base: String?

    func run() async throws {
      let status = try await ReviewJob(
        directory: FileManager.default.currentDirectoryPath, overrides: [],
        request: ReviewRequest(target: .stagedTree(base: base, tree: tree)),
        format: .json, failOn: Severity.none, output: nil, writeLog: true, color: .never, verbose: false, quiet: true
      ).run()
      if status != .ok { throw CommandFailure(status) }
    }
  }
}
