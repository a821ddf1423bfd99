import Foundation

/// Why a training command could not do what it was asked; each reads as one line naming the thing
/// and the fix.
public enum FinetuneError: Error, Equatable, Sendable, LocalizedError {
  case datasetMissing(String)
  case datasetEmpty(String)
  case noSuchRun(String)
  case ambiguousRun(String, [String])
  case noRuns
  case unreadableRun(String, String)
  case noEngine
  case engineMissing(String)
  case engineFailed(String, String)
  case noGPURuntime(String)
  case baseModelMissing(String)
  case shareFolderMissing
  case venvFailed(String)
  case notResumable(String, RunState)
  case cannotWrite(String, String)
  case kubernetesNeedsDryRun

  /// Fixed by changing the command line or installing something: exit status 2, nothing done.
  public var isUsage: Bool {
    switch self {
    case .datasetMissing, .datasetEmpty, .noSuchRun, .ambiguousRun, .noRuns, .noEngine, .engineMissing, .noGPURuntime,
      .baseModelMissing, .shareFolderMissing, .notResumable, .kubernetesNeedsDryRun:
      return true
    case .unreadableRun, .engineFailed, .venvFailed, .cannotWrite:
      return false
    }
  }

  public var errorDescription: String? {
    switch self {
    case .datasetMissing(let folder):
      return "no dataset at \(folder) (train.jsonl is missing); run `git llm finetune dataset` first or pass --dataset DIR"
    case .datasetEmpty(let folder):
      return "the dataset at \(folder) has no training records; harvest more history (`git llm finetune dataset`)"
    case .noSuchRun(let id):
      return "no training run '\(id)'; `git llm finetune list` shows the runs"
    case .ambiguousRun(let prefix, let matches):
      return "'\(prefix)' matches \(matches.count) runs (\(matches.prefix(3).joined(separator: ", "))…); type more of the id"
    case .noRuns:
      return "no training runs yet; start one with `git llm finetune run`"
    case .unreadableRun(let path, let reason):
      return "could not read \(path): \(reason); remove the run's folder if it is damaged"
    case .noEngine:
      return "no container engine answers (docker's daemon is down or absent, podman is not installed); "
        + "install docker or podman, or train in a venv on this machine with --runner local"
    case .engineMissing(let program):
      return "\(program) is not installed or not on PATH; install it, or choose another --runner"
    case .engineFailed(let what, let detail):
      return "\(what) failed: \(detail)"
    case .noGPURuntime(let runner):
      return runner == "podman"
        ? "GPUs were asked for, but podman has no NVIDIA CDI device (nvidia.com/gpu); run `nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml`, or pass --gpus none"
        : "GPUs were asked for, but docker has no NVIDIA runtime; install the NVIDIA Container Toolkit (`nvidia-ctk runtime configure --runtime=docker`), or pass --gpus none"
    case .baseModelMissing(let path):
      return "base model folder \(path) does not exist; pass a Hub model id or a folder with config.json"
    case .shareFolderMissing:
      return "git-llm's training files (fine-tuning.Dockerfile, finetune/train.py) are not installed; "
        + "reinstall with `make install`, or set GIT_LLM_SHARE to the folder that holds docker/"
    case .venvFailed(let detail):
      return "could not prepare the training venv: \(detail)"
    case .notResumable(let id, let state):
      return "run \(id) is \(state.rawValue); only a failed or cancelled run can be resumed"
    case .cannotWrite(let path, let reason):
      return "could not write \(path): \(reason)"
    case .kubernetesNeedsDryRun:
      return "--runner kubernetes only writes a manifest for now; add --dry-run and apply it with kubectl (docs/finetune-kubernetes.md)"
    }
  }
}
