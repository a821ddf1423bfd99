import ArgumentParser
import FinetuneKit
import Foundation

/// `git llm finetune list`.
struct FinetuneListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List this repository's training runs, oldest first, with the queue.",
    discussion: "Columns: id, state (queued runs say how many wait before them), runner@host, base model, step.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Print the runs' run.json objects as a JSON array.") var json = false

  func run() throws {
    try FinetuneRunsJob(directory: global.startDirectory, color: global.color, quiet: global.quiet).list(json: json)
  }
}

/// `git llm finetune status`.
struct FinetuneStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show a run: state, progress, exit code and the log's last lines when it failed.",
    discussion: "Exit status: 0, or 3 when the run failed. A run whose supervisor died is re-attached.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("A run id or a unique prefix (default: the newest run).", valueName: "run")) var runID: String?
  @Flag(help: "Print run.json.") var json = false

  func run() throws {
    let status = try FinetuneRunsJob(directory: global.startDirectory, color: global.color, quiet: global.quiet).status(runID, json: json)
    if status != .ok { throw CommandFailure(status) }
  }
}

/// `git llm finetune logs`.
struct FinetuneLogsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs", abstract: "Print a run's train.log; -f follows it to the end of the run.",
    discussion: "With -f the exit status is 0 when the run succeeded, 3 when it failed or was cancelled.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("A run id or a unique prefix.", valueName: "run")) var runID: String
  @Flag(name: [.customShort("f"), .long], help: "Follow the log until the run finishes.") var follow = false

  func run() throws {
    let status = try FinetuneRunsJob(directory: global.startDirectory, color: global.color, quiet: global.quiet).logs(runID, follow: follow)
    if status != .ok { throw CommandFailure(status) }
  }
}

/// `git llm finetune cancel`.
struct FinetuneCancelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel", abstract: "Stop a run: a queued one leaves the queue, a running one saves a checkpoint and stops.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("A run id or a unique prefix.", valueName: "run")) var runID: String

  func run() throws {
    let status = try FinetuneRunsJob(directory: global.startDirectory, color: global.color, quiet: global.quiet).cancel(runID)
    if status != .ok { throw CommandFailure(status) }
  }
}

/// `git llm finetune resume`.
struct FinetuneResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume", abstract: "Queue a failed or cancelled run again; it continues from its last checkpoint.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("A run id or a unique prefix.", valueName: "run")) var runID: String
  @Flag(help: "Print the run id and return.") var detach = false

  func run() throws {
    let status = try FinetuneRunsJob(directory: global.startDirectory, color: global.color, quiet: global.quiet).resume(
      runID, detach: detach)
    if status != .ok { throw CommandFailure(status) }
  }
}

/// `git llm finetune supervise` (hidden): the detached process behind a run.
struct FinetuneSuperviseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "supervise", shouldDisplay: false)

  @Argument var runID: String
  @Option var runs: String

  func run() throws {
    let share = try ShareFolder.locate()
    let state = Supervisor(store: RunStore(root: runs), id: runID, share: share).run()
    if state != .succeeded { throw CommandFailure(.incomplete) }
  }
}

/// `git llm finetune eval`.
struct FinetuneEvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", abstract: "Compare a run's adapter with its base on the held-out split: perplexity, BLEU, chrF.",
    discussion: """
      Runs docker/finetune/evaluate.py in the run's runner: perplexity on the answer tokens and greedy \
      generations scored per pair kind (commit messages with B-Norm BLEU and chrF, edits with exact \
      match and chrF, reviews with chrF), each with a paired bootstrap 95% interval and a verdict. \
      Writes eval.json into the run folder.

      Exit status: 0 evaluated (whatever the verdict); 2 usage error; 3 the evaluation failed.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("A run id or a unique prefix (default: the newest run).", valueName: "run")) var runID: String?
  @Option(help: "test (default) or valid.") var split = "test"
  @Option(help: "Evaluate at most N records of the split.") var maxSamples: Int?
  @Option(help: "Tokens a generated answer may have (default 256).") var maxNewTokens: Int?
  @Option(help: "text, json or markdown.") var format: EvalReportFormat = .text

  func validate() throws {
    guard ["test", "valid"].contains(split) else { throw ValidationError("--split must be test or valid") }
    try NumberChecks.check(maxSamples, "--max-samples", 1...Int(Int32.max))
    try NumberChecks.check(maxNewTokens, "--max-new-tokens", 1...65536)
  }

  func run() throws {
    let request = FinetuneEvalRequest(run: runID, split: split, maxSamples: maxSamples, maxNewTokens: maxNewTokens, format: format)
    let status = try FinetuneEvalJob(directory: global.startDirectory, request: request, quiet: global.quiet).run()
    if status != ExitStatus.ok { throw CommandFailure(status) }
  }
}

extension EvalReportFormat: ExpressibleByArgument {}
