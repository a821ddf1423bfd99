import ArgumentParser
import GitKit

/// `git llm commits`: the history walk as git-llm reads it.
struct CommitsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "commits",
    abstract: "List the commits of a range (newest first), with full messages decoded.",
    discussion: """
      <range> as for `git llm diff`; a single revision lists its whole history, like `git log`. \
      A...B lists the commits on either side since they forked. Output streams, so a long \
      history never sits in memory.

      Examples:
        git llm commits HEAD~10.. --format json
        git llm commits --first-parent --no-merges -n 50 --format jsonl -- Sources/
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "A revision or range; HEAD when omitted.")
  var range: String?

  @Option(help: "text (id and subject), json (an array, docs/json.md) or jsonl (one object a line).")
  var format: CommitsFormat = .text

  @Flag(help: "Follow only the first parent of merges.")
  var firstParent = false

  @Flag(help: "Leave out merge commits.")
  var noMerges = false

  @Option(name: [.customShort("n"), .customLong("max-count")], help: "Stop after this many commits.")
  var maxCount: Int?

  @Argument(parsing: .postTerminator, help: "Only commits that change these paths (after --; relative to where the command runs).")
  var paths: [String] = []

  func validate() throws {
    try NumberChecks.check(maxCount, "--max-count", 0...Int.max)
  }

  func run() throws {
    try CommitsJob(
      directory: global.startDirectory, spec: range ?? "HEAD", format: format,
      options: HistoryOptions(firstParent: firstParent, paths: paths, skipMerges: noMerges, limit: maxCount)
    ).run()
  }
}

extension CommitsFormat: ExpressibleByArgument {}
