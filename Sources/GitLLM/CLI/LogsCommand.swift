import ArgumentParser

/// `git llm logs`.
struct LogsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "List recorded reviews (.git/llm/runs), newest first.",
    discussion: "Examples:\n  git llm logs\n  git llm logs -n 5 --format json")

  @OptionGroup var global: GlobalOptions

  @Option(name: [.customShort("n"), .customLong("max-count")], help: "How many runs to list.")
  var maxCount = 20

  @Option(help: "text or json.")
  var format: ProviderJobs.ListFormat = .text

  func validate() throws {
    try NumberChecks.check(maxCount, "--max-count", 0...Int.max)
  }

  func run() throws {
    try LogJobs.list(directory: global.startDirectory, limit: maxCount, json: format == .json)
  }
}
