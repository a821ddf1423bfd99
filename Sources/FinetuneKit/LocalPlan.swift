import Foundation

/// Training in a venv on this machine (`--runner local`): train.py from the share folder, run by
/// a small shell wrapper that records its exit status in the run folder, so the status survives
/// the supervisor, and that passes SIGTERM on to train.py (which saves a checkpoint).
public struct LocalPlan: Sendable {
  public let venv: String
  public let share: ShareFolder
  public let runFolder: String
  public let dataset: String
  public let training: TrainingSettings
  public let gpus: GPUSelection
  public let resume: Bool
  public let offline: Bool

  public init(
    venv: String, share: ShareFolder, runFolder: String, dataset: String, training: TrainingSettings, gpus: GPUSelection,
    resume: Bool, offline: Bool
  ) {
    self.venv = venv
    self.share = share
    self.runFolder = runFolder
    self.dataset = dataset
    self.training = training
    self.gpus = gpus
    self.resume = resume
    self.offline = offline
  }

  public var exitCodePath: String { runFolder + "/exit-code" }

  public var trainCommand: [String] {
    gpus.launcher(python: venv + "/bin/python", script: share.trainScript)
      + training.trainArguments(dataset: dataset, model: training.baseModel, output: runFolder, resume: resume)
  }

  /// The wrapper: train.py in the background so a TERM reaches it, its status written when it ends.
  static let wrapper = """
    rm -f "$1"; out="$1"; shift
    "$@" &
    child=$!
    trap 'kill -TERM "$child" 2>/dev/null' TERM INT
    while :; do wait "$child"; status=$?; kill -0 "$child" 2>/dev/null || break; done
    echo "$status" > "$out.tmp" && mv "$out.tmp" "$out"
    exit "$status"
    """

  public var command: [String] { ["/bin/sh", "-c", Self.wrapper, "git-llm-train", exitCodePath] + trainCommand }

  public var environment: [String: String] {
    var environment = ["PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false"]
    if offline { environment["HF_HUB_OFFLINE"] = "1" }
    if let devices = gpus.devices, !devices.isEmpty {
      environment["CUDA_VISIBLE_DEVICES"] = devices.map(String.init).joined(separator: ",")
    } else if !gpus.usesGPU {
      environment["CUDA_VISIBLE_DEVICES"] = ""
    }
    return environment
  }
}
