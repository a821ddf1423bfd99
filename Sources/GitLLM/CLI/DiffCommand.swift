import ArgumentParser
import GitKit

/// `git llm diff`: the diff model of a range, the staged change or the work tree.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Print the diff of a range, the staged change or the work tree, as git-llm reads it.",
    discussion: """
      <range> is what git takes: HEAD~3.., A..B, A...B (since the merge base), a single commit \
      (its own change against its first parent), a tag or @{u}. Without a range or flag: the \
      work tree against the index, like `git diff`. Rename detection is always on.

      Examples:
        git llm diff HEAD~3.. --format patch
        git llm diff --staged --format json
        git llm diff v1.0...main --format numstat -- Sources/
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "A commit or range (HEAD~3.., A..B, A...B, @{u}).")
  var range: String?

  @Flag(name: [.customLong("staged"), .customLong("cached")], help: "The index against HEAD (the empty tree on an unborn branch).")
  var staged = false

  @Flag(help: "The work tree against the index (the default without a range).")
  var worktree = false

  @Option(help: "patch (git diff's output), json (docs/json.md), numstat or name-status.")
  var format: DiffFormat = .patch

  @Option(name: [.customShort("U"), .customLong("unified")], help: "Lines of context around each change.")
  var context = 3

  @Flag(help: "Also detect copies, like git diff -C.")
  var findCopies = false

  @Argument(parsing: .postTerminator, help: "Limit to these paths (after --; relative to where the command runs).")
  var paths: [String] = []

  func validate() throws {
    if staged && worktree { throw ValidationError("--staged and --worktree can't be combined; pick one side") }
    if range != nil && (staged || worktree) {
      throw ValidationError("a range can't be combined with --staged or --worktree; drop one")
    }
    try NumberChecks.check(context, "--unified", NumberLimits.contextLines)
  }

  func run() throws {
    let selection: DiffJob.Selection = staged ? .staged : range.map { .range($0) } ?? .worktree
    try DiffJob(
      directory: global.startDirectory, selection: selection, format: format,
      options: DiffOptions(contextLines: context, findCopies: findCopies, paths: paths),
      color: global.terminal.colorsStdout
    ).run()
  }
}

extension DiffFormat: ExpressibleByArgument {}
