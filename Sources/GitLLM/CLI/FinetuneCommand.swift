import ArgumentParser
import ConfigKit
import Foundation

/// `git llm finetune`: fine-tuning data and training runs. Without a subcommand: the dataset
/// brought up to date (`dataset --incremental`), then a run with the configured defaults.
struct FinetuneCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "finetune",
    abstract: "Build fine-tuning datasets from history and train LoRA/QLoRA adapters on them.",
    discussion: """
      Without a subcommand: `finetune dataset --incremental`, then `finetune run --detach` with the \
      configured defaults (finetune.*); prints the run id and how to follow it. docs/finetune.md walks \
      from here to a trained adapter.

      Examples:
        git llm finetune
        git llm finetune run --base-model Qwen/Qwen2.5-Coder-1.5B-Instruct --epochs 2
        git llm finetune status
        git llm finetune logs 2026 -f
      """,
    subcommands: [
      FinetuneDatasetCommand.self, FinetuneRunCommand.self, FinetuneListCommand.self, FinetuneStatusCommand.self,
      FinetuneLogsCommand.self, FinetuneCancelCommand.self, FinetuneResumeCommand.self, FinetuneEvalCommand.self,
      FinetuneDeployCommand.self,
      FinetuneSuperviseCommand.self,
    ])

  @OptionGroup var global: GlobalOptions

  func run() async throws {
    try await HarvestJob(
      directory: global.startDirectory, overrides: global.overrides,
      request: HarvestRequest(
        range: nil, out: nil, kinds: nil, format: nil, since: nil, maxPairs: nil, valRatio: nil, testRatio: nil,
        maxTokens: 4096, maxFiles: 20, maxLines: 600, jobs: 0, includeMerges: false, includeBots: false,
        includeReverts: false, keepTrivial: false, incremental: true),
      color: global.color, quiet: global.quiet
    ).run()
    let status = try FinetuneRunJob(
      directory: global.startDirectory, overrides: global.overrides, request: FinetuneRunRequest(detach: true),
      color: global.color, quiet: global.quiet
    ).run()
    if status != ExitStatus.ok { throw ExitCode(status.rawValue) }
  }
}

/// `git llm finetune dataset`.
struct FinetuneDatasetCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dataset",
    abstract: "Turn commit history into clean, deduplicated, secret-free instruction pairs.",
    discussion: """
      Walks the history (merges, bots, reverts and empty commits skipped), builds edit, \
      commit_message, review and code pairs, filters them, scrubs secrets, drops duplicates, \
      splits by time (oldest train, then valid, newest test) and writes train/valid/test.jsonl, \
      datasheet.json and DATASHEET.md atomically. docs/finetune.md documents every template.

      Exit status: 0 written; 2 usage or configuration error; 3 could not read or write.

      Examples:
        git llm finetune dataset --out dataset
        git llm finetune dataset HEAD~200.. --kinds commit_message,edit --format alpaca --out dataset
        git llm finetune dataset --incremental
        git llm finetune dataset --max-files 5 --max-lines 200 --jobs 2 --out dataset
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: "A revision or range to harvest; HEAD's whole history when omitted.")
  var range: String?

  @Option(help: "The dataset folder (default: finetune.out, .git/llm/dataset).")
  var out: String?

  @Option(help: "Comma-separated pair kinds: edit, commit_message, review, code (default: finetune.kinds).")
  var kinds: String?

  @Option(help: "chat, alpaca or completion (default: finetune.format).")
  var format: DatasetFormat?

  @Option(help: "Only commits after this span (\"6 months\"), date (2024-01-31) or revision.")
  var since: String?

  @Option(help: "Keep at most this many pairs, the newest (default: finetune.max_pairs; 0 means no cap).")
  var maxPairs: Int?

  @Option(help: "Share of pairs for validation, from the newest commits (default: finetune.val_ratio).")
  var valRatio: Double?

  @Option(help: "Share of pairs held out for testing, the newest of all (default: finetune.test_ratio).")
  var testRatio: Double?

  @Option(help: "Drop pairs longer than this many estimated tokens (about 3 bytes of UTF-8 each).")
  var maxTokens = 4096

  @Option(help: "Drop commits that change more than this many files (after the file filters).")
  var maxFiles = 20

  @Option(help: "Drop commits that change more than this many lines, added plus removed (after the file filters).")
  var maxLines = 600

  @Option(name: [.customShort("j"), .long], help: "Threads that read commits (default: one per core).")
  var jobs: Int?

  @Flag(help: "Keep merge commits.")
  var includeMerges = false

  @Flag(help: "Keep commits by bots (dependabot, renovate, github-actions, *[bot]).")
  var includeBots = false

  @Flag(help: "Keep reverts.")
  var includeReverts = false

  @Flag(help: "Keep commits whose subject is \"wip\", \"update\", \"fix typo\", one word and the like.")
  var keepTrivial = false

  @Flag(help: "Append only commits newer than the last harvest (recorded in <git dir>/llm/harvest.json).")
  var incremental = false

  func validate() throws {
    _ = try parsedKinds()
    try NumberChecks.check(maxPairs, "--max-pairs", 0...Int.max)
    try NumberChecks.check(maxTokens, "--max-tokens", 1...Int.max)
    try NumberChecks.check(maxFiles, "--max-files", 1...Int.max)
    try NumberChecks.check(maxLines, "--max-lines", 1...Int.max)
    try NumberChecks.check(jobs, "--jobs", NumberLimits.jobs)
    for (name, value) in [("--val-ratio", valRatio), ("--test-ratio", testRatio)] {
      if let value, !(0..<1).contains(value) { throw ValidationError("\(name) must be at least 0 and under 1") }
    }
  }

  func run() async throws {
    try await HarvestJob(
      directory: global.startDirectory, overrides: global.overrides,
      request: HarvestRequest(
        range: range, out: out, kinds: try parsedKinds(), format: format, since: since, maxPairs: maxPairs,
        valRatio: valRatio, testRatio: testRatio, maxTokens: maxTokens, maxFiles: maxFiles, maxLines: maxLines,
        jobs: jobs ?? 0, includeMerges: includeMerges,
        includeBots: includeBots, includeReverts: includeReverts, keepTrivial: keepTrivial, incremental: incremental),
      color: global.color, quiet: global.quiet
    ).run()
  }

  private func parsedKinds() throws -> [DatasetKind]? {
    guard let kinds else { return nil }
    let names = kinds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    // An empty list would harvest nothing and still report success.
    guard !names.isEmpty else {
      throw ValidationError("--kinds needs at least one kind: edit, commit_message, review or code")
    }
    return try names.map { name in
      guard let kind = DatasetKind(rawValue: name) else {
        throw ValidationError("unknown kind '\(name)' in --kinds; use edit, commit_message, review or code")
      }
      return kind
    }
  }
}

extension DatasetFormat: ExpressibleByArgument {}
