import ArgumentParser
import ConfigKit
import FinetuneKit
import Foundation

/// `git llm finetune run`.
struct FinetuneRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Train a LoRA/QLoRA adapter on the dataset, in a container or a local venv.",
    discussion: """
      Queues a run (one at a time per runner and host), builds the training image when its inputs \
      changed, trains with docker/finetune/train.py and follows it: a progress bar on a terminal, the \
      log's lines elsewhere. The run lives in <git dir>/llm/finetune/runs/<id>/ (run.json, train.log, \
      metrics.jsonl, checkpoints/, adapter/); the command may exit or die and the run goes on.

      Exit status: 0 trained (or started with --detach, or --dry-run); 2 usage or configuration \
      error; 3 the run failed or was cancelled.

      Examples:
        git llm finetune run
        git llm finetune run --dry-run
        git llm finetune run --runner local --base-model ./tiny-model --max-steps 20
        git llm finetune run --host ssh://me@gpu-box --gpus all --method qlora --detach
        git llm finetune run --runner kubernetes --dry-run > job.yaml
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The dataset folder (default: finetune.out, .git/llm/dataset).", valueName: "dir"))
  var dataset: String?

  @Option(help: ArgumentHelp("Hub model id or local model folder (default: finetune.base_model).", valueName: "id|path"))
  var baseModel: String?

  @Option(help: "lora or qlora (default: finetune.method; qlora trains LoRA where there is no CUDA GPU).")
  var method: FinetuneMethod?

  @Option(help: "auto (docker, else podman), docker, podman, local (a venv) or kubernetes (default: finetune.runner).")
  var runner: FinetuneRunner?

  @Option(help: ArgumentHelp("A remote engine, e.g. ssh://user@gpu-box (default: finetune.container.host).", valueName: "url"))
  var host: String?

  @Option(help: ArgumentHelp("auto, none, all or GPU indexes such as 0,1 (default: finetune.gpus).", valueName: "gpus"))
  var gpus: String?

  @Option(help: "Training epochs (default: finetune.epochs, 3).")
  var epochs: Double?

  @Option(help: ArgumentHelp("Peak learning rate (default: finetune.learning_rate, 2e-4).", valueName: "x"))
  var learningRate: Double?

  @Option(help: "LoRA rank (default: finetune.lora_r, 16).")
  var loraR: Int?

  @Option(help: "LoRA alpha (default: finetune.lora_alpha, 32).")
  var loraAlpha: Int?

  @Option(help: "Tokens a record is cut to (default: finetune.max_length, 2048).")
  var maxLength: Int?

  @Option(help: "Stop after this many optimizer steps (a smoke test).")
  var maxSteps: Int?

  @Option(help: "A checkpoint every N steps (default: one per epoch).")
  var saveSteps: Int?

  @Option(help: "A metrics line every N steps (default 10).")
  var loggingSteps: Int?

  @Option(help: "With --runner kubernetes --dry-run: pytorchjob (Training Operator v1) or trainjob (Trainer v2).")
  var jobKind: ClusterJobKind = .pyTorchJob

  @Flag(help: "Print the run id and return; the run goes on in the background.")
  var detach = false

  @Flag(help: "Print the run spec (JSON) and the exact command, and start nothing.")
  var dryRun = false

  func validate() throws {
    if let epochs, !(epochs > 0 && epochs <= 1000) { throw ValidationError("--epochs must be above 0 and at most 1000") }
    if let learningRate, !(learningRate > 0 && learningRate <= 1) {
      throw ValidationError("--learning-rate must be above 0 and at most 1")
    }
    try NumberChecks.check(loraR, "--lora-r", 1...4096)
    try NumberChecks.check(loraAlpha, "--lora-alpha", 1...65536)
    try NumberChecks.check(maxLength, "--max-length", 16...1_048_576)
    try NumberChecks.check(maxSteps, "--max-steps", 1...Int(Int32.max))
    try NumberChecks.check(saveSteps, "--save-steps", 1...Int(Int32.max))
    try NumberChecks.check(loggingSteps, "--logging-steps", 1...Int(Int32.max))
    if let gpus, GPUSelection.parse(gpus) == nil {
      throw ValidationError("--gpus '\(gpus)' is not auto, none, all or a list of GPU indexes such as 0,1")
    }
    if let host, !["ssh://", "tcp://", "unix://"].contains(where: host.hasPrefix) {
      throw ValidationError("--host '\(host)' is not an engine address; use ssh://user@host, tcp://host:port or unix:///path")
    }
    if runner == .kubernetes && !dryRun { throw ValidationError(FinetuneError.kubernetesNeedsDryRun.errorDescription ?? "") }
  }

  func run() throws {
    var request = FinetuneRunRequest(detach: detach, dryRun: dryRun, jobKind: jobKind)
    request.dataset = dataset
    request.baseModel = baseModel
    request.method = method
    request.runner = runner
    request.host = host
    request.gpus = gpus
    request.epochs = epochs
    request.learningRate = learningRate
    request.loraR = loraR
    request.loraAlpha = loraAlpha
    request.maxLength = maxLength
    request.maxSteps = maxSteps
    request.saveSteps = saveSteps
    request.loggingSteps = loggingSteps
    let status = try FinetuneRunJob(
      directory: global.startDirectory, overrides: global.overrides, request: request, color: global.color, quiet: global.quiet
    ).run()
    if status != ExitStatus.ok { throw CommandFailure(status) }
  }
}

extension FinetuneMethod: ExpressibleByArgument {}
extension FinetuneRunner: ExpressibleByArgument {}
extension ClusterJobKind: ExpressibleByArgument {}
