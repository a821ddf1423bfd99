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

/// `git llm finetune deploy`.
struct FinetuneDeployCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy", abstract: "Put a run's adapter behind Ollama or llama.cpp.",
    discussion: """
      Converts the adapter to GGUF with llama.cpp's converter in the run's runner. --to ollama (the \
      default) uploads it to finetune.deploy.ollama_url and creates NAME from --from, the Ollama model \
      of the exact base, then asks it one question; --merge merges the adapter into the base and \
      uploads the whole model instead (for bases Ollama cannot put an adapter on). --to llamacpp \
      writes the GGUF files into the run folder and prints the llama-server line. A run that was not \
      evaluated, or does not beat its base, needs --force.

      Exit status: 0 deployed; 2 usage error (no adapter, not evaluated or not better, no --from); 3 \
      the conversion or the server failed.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: ArgumentHelp("A run id or a unique prefix (default: the newest run).", valueName: "run")) var runID: String?
  @Option(help: "The model's name (Ollama's, or llama-server's --alias).") var name: String
  @Option(help: "ollama (default) or llamacpp.") var to: DeployTarget = .ollama
  @Option(help: ArgumentHelp("The Ollama model of the exact base the adapter was trained on.", valueName: "model")) var from: String?
  @Flag(help: "Merge the adapter into the base and deploy the whole model.") var merge = false
  @Flag(help: "Deploy even when the run was not evaluated or does not beat its base.") var force = false
  @Flag(help: "Point the fine_tuned model alias at the deployed model in <git dir>/git-llm.yaml.") var setAlias = false

  func run() async throws {
    let request = FinetuneDeployRequest(run: runID, name: name, target: to, merge: merge, from: from, force: force, setAlias: setAlias)
    let status = try await FinetuneDeployJob(
      directory: global.startDirectory, overrides: global.overrides, request: request, quiet: global.quiet
    ).run()
    if status != ExitStatus.ok { throw CommandFailure(status) }
  }
}

extension DeployTarget: ExpressibleByArgument {}
