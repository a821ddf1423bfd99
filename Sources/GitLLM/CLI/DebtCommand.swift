import ArgumentParser
import DebtKit
import GitKit

/// `git llm debt`.
struct DebtCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "debt",
    abstract: "Rank technical-debt hotspots from history and ask a model about each.",
    discussion: """
      Reads every non-merge commit of HEAD's history in the window (debt.since, default 6 \
      months), sums how often and how much each file changed, measures each file's current \
      size, nesting and TODO markers, and ranks the files that change most and are most \
      complex (debt.top of them). Then each hotspot goes to the tech_debt routing chain, which \
      says what makes it costly to change; --no-model skips that. Lock, vendored, generated, \
      binary and review.exclude files are left out. docs/debt.md has the details.

      Exit status: 0 reported (also when no model answered: the hotspots come from history); \
      2 usage or configuration error; 3 the repository or the output file could not be read or written.

      Examples:
        git llm debt --no-model
        git llm debt --since "3 months" --top 5 --format markdown -o debt.md
        git llm debt src --format json --no-model
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "Only files under these paths (relative to where the command runs).")
  var paths: [String] = []

  @Option(help: "How far back to read: \"6 months\", \"2 weeks ago\", \"1 year\", a date (default: debt.since).")
  var since: String?

  @Option(help: "How many hotspots to list (default: debt.top).")
  var top: Int?

  @Option(help: "text, json or markdown.")
  var format: DebtFormat = .text

  @Option(name: [.customShort("o"), .long], help: "Write the report to this file (atomically) instead of stdout.")
  var output: String?

  @Flag(help: "Rank from history only; ask no model.")
  var noModel = false

  @Option(name: .customLong("model"), help: "Use this model alias alone instead of the tech_debt chain.")
  var alias: String?

  @Option(name: [.customShort("j"), .long], help: "Threads that read commits (default: one per core).")
  var jobs: Int?

  func validate() throws {
    try NumberChecks.check(top, "--top", 1...Int.max)
    try NumberChecks.check(jobs, "--jobs", NumberLimits.jobs)
    if let since, case let .failure(failure) = SinceDate.cutoff(since) {
      throw ValidationError(SinceDate.message(failure, label: "--since", text: since))
    }
    if noModel && alias != nil { throw ValidationError("--model and --no-model contradict each other; pass one") }
  }

  func run() async throws {
    try await DebtJob(
      directory: global.startDirectory, overrides: global.overrides, paths: paths, since: since, top: top,
      format: format, output: output, useModel: !noModel, alias: alias, jobs: jobs ?? 0, verbose: global.verbose,
      quiet: global.quiet, color: global.color
    ).run()
  }
}

extension DebtFormat: ExpressibleByArgument {}
