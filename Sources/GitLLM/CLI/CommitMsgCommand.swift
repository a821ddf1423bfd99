import ArgumentParser
import Foundation
import OutputKit

/// `git llm commit-msg`.
struct CommitMsgCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "commit-msg",
    abstract: "Draft a commit message for the staged change (task commit_message).",
    discussion: """
      Prints the draft; with --write FILE it is written (atomically) at the top of FILE, which is \
      how the optional prepare-commit-msg hook uses it. When no model answers, nothing is drafted \
      (exit 3): the built-in rules review code but write no messages.

      Examples:
        git llm commit-msg
        git commit -m "$(git llm commit-msg)"
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "Write the message at the top of this file instead of printing it.")
  var write: String?

  func run() async throws {
    let job = CommitMessageJob(directory: global.startDirectory, overrides: global.overrides, verbose: global.verbose, quiet: global.quiet)
    guard let message = try await job.draft() else {
      throw CommandFailure(.incomplete, "no model answered; no commit message drafted (see git llm providers --check)")
    }
    if let write {
      let existing = FileManager.default.contents(atPath: write).map { String(decoding: $0, as: UTF8.self) } ?? ""
      try AtomicFile.write(Data((message + existing).utf8), to: write)
    } else {
      let out = OutputStream()
      out.write(message)
      out.flush()
    }
  }
}
