import ArgumentParser
import ConfigKit
import ReviewKit

/// `git llm review`.
struct ReviewCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Review a range, the staged change or the work tree with the routed models.",
    discussion: """
      Reads the diff, skips what a reviewer would skip (binaries, lock files, vendored, generated \
      and minified files, deletions, review.exclude), packs the rest into units that fit the \
      model's context, sends them concurrently down routing.review (falling back to the built-in \
      rules), validates the findings against the diff and reports them with the coverage.

      Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or \
      configuration error; 3 part of the change could not be reviewed.

      Examples:
        git llm review HEAD~3..
        git llm review --staged --format json
        git llm review main...HEAD --format sarif --output review.sarif --fail-on high
        git llm review --last
        git llm review HEAD~20.. --batch --detach
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "A commit or range (HEAD~3.., A..B, A...B, @{u}); without one, the work tree.")
  var range: String?

  @Flag(name: [.customLong("staged"), .customLong("cached")], help: "Review the index against HEAD (what the next commit holds).")
  var staged = false

  @Flag(help: "Review the work tree against the index (the default without a range).")
  var worktree = false

  @Option(help: "text, json, sarif, markdown or github (default: review.format).")
  var format: ReportFormat?

  @Option(help: "Exit 1 when a finding is at or above this severity: none, info, low, medium, high, critical.")
  var failOn: Severity?

  @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of stdout.")
  var output: String?

  @Option(name: .customLong("model"), help: "Review with this model alias alone instead of routing.review.")
  var alias: String?

  @Flag(help: "Send every unit again instead of reusing answers from .git/llm/cache.")
  var noCache = false

  @Flag(help: "Don't record this run under .git/llm/runs.")
  var noLog = false

  @Flag(help: "Show the last recorded review again (in any --format) instead of reviewing.")
  var last = false

  @Flag(help: "Send the units through Anthropic's Message Batches API (half price, not urgent) and wait.")
  var batch = false

  @Flag(help: "With --batch: print the batch id and return; collect later with --collect.")
  var detach = false

  @Option(help: ArgumentHelp("Collect a detached batch review and report it.", valueName: "batch-id"))
  var collect: String?

  @Argument(parsing: .postTerminator, help: "Limit the review to these paths (after --; relative to where the command runs).")
  var paths: [String] = []

  func validate() throws {
    if staged && worktree { throw ValidationError("--staged and --worktree can't be combined; pick one side") }
    if range != nil && (staged || worktree) { throw ValidationError("a range can't be combined with --staged or --worktree; drop one") }
    if detach && !batch { throw ValidationError("--detach only goes with --batch") }
    if collect != nil && (batch || last || range != nil || staged || worktree) {
      throw ValidationError("--collect takes only the batch id (and output flags)")
    }
  }

  func run() async throws {
    if last {
      try LogJobs.showLast(directory: global.startDirectory, format: format ?? .text, color: global.color, failOn: failOn)
      return
    }
    let target: ReviewRequest.Target = staged ? .staged : range.map { .range($0) } ?? .worktree
    let status = try await ReviewJob(
      directory: global.startDirectory, overrides: global.overrides,
      request: ReviewRequest(target: target, paths: paths, useCache: !noCache, alias: alias),
      format: format, failOn: failOn, output: output, writeLog: !noLog, color: global.color, verbose: global.verbose, quiet: global.quiet,
      batch: batch, detach: detach, collect: collect
    ).run()
    if status != .ok { throw CommandFailure(status) }
  }
}

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
