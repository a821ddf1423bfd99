import DeployKit
import HarvestKit

@testable import FinetuneKit

/// Dataset, training-run and deploy errors.
enum TrainingErrorCatalog {
  static func explain(_ error: HarvestError) -> Explanation {
    switch error {
    case .foreignFiles:
      return Explanation(
        code: "harvest.foreignFiles",
        meaning:
          "The dataset folder holds files the harvest did not write; it replaces the folder whole, so it stops rather than delete them.",
        fix: "Pass `--out` with an empty or new folder.")
    case .write:
      return Explanation(
        code: "harvest.write", meaning: "A dataset file could not be written; the previous dataset is left as it was.",
        fix: "Check the folder's permissions and free space.")
    case .badSince:
      return Explanation(
        code: "harvest.badSince", meaning: "`--since` is neither a span, a date nor a revision.",
        fix: "Pass `\"6 months\"`, `2024-01-31` or a commit.")
    case .sinceTooFarBack:
      return Explanation(
        code: "harvest.sinceTooFarBack", meaning: "`--since` reaches before the year 1, which is a typo rather than a window.",
        fix: "Pass a shorter span or a later date.")
    case .incrementalMismatch:
      return Explanation(
        code: "harvest.incrementalMismatch",
        meaning: "`--incremental` cannot extend the last dataset: another folder or format, or its files are gone; the text says which.",
        fix: "Pass the `--out` or `--format` it names, or drop `--incremental` to rebuild the dataset.")
    case .notAFolder:
      return Explanation(
        code: "harvest.notAFolder", meaning: "The output path is a file.", fix: "Pass `--out` with a new folder or one holding a dataset.")
    }
  }

  static let harvestSamples: [HarvestError] = [
    .foreignFiles(folder: "/repo/.git/llm/dataset", names: ["notes.txt"]),
    .write(path: "/repo/.git/llm/dataset", reason: "No space left on device"), .badSince("last spring"), .sinceTooFarBack("9999999 years"),
    .incrementalMismatch(
      "the last harvest wrote chat records to /repo/.git/llm/dataset; pass --format chat, or drop --incremental to rebuild the dataset"),
    .notAFolder("/repo/data.jsonl"),
  ]

  static func explain(_ error: FinetuneError) -> Explanation {
    switch error {
    case .datasetMissing:
      return Explanation(
        code: "finetune.datasetMissing", meaning: "No dataset where the run looks for one.",
        fix: "Run `git llm finetune dataset` first, or pass `--dataset DIR`.")
    case .datasetEmpty:
      return Explanation(
        code: "finetune.datasetEmpty", meaning: "The dataset has no training records.",
        fix: "Harvest more history, or loosen the dataset filters.")
    case .noSuchRun:
      return Explanation(
        code: "finetune.noSuchRun", meaning: "No training run has that id.", fix: "`git llm finetune list` shows the runs.")
    case .ambiguousRun:
      return Explanation(code: "finetune.ambiguousRun", meaning: "The id prefix matches more than one run.", fix: "Type more of the id.")
    case .noRuns:
      return Explanation(code: "finetune.noRuns", meaning: "There are no training runs yet.", fix: "Start one with `git llm finetune run`.")
    case .unreadableRun:
      return Explanation(
        code: "finetune.unreadableRun", meaning: "A run's `run.json` could not be read. Exit status 3.",
        fix: "Remove the run's folder if it is damaged.")
    case .noEngine:
      return Explanation(
        code: "finetune.noEngine", meaning: "`--runner auto` found neither a docker daemon that answers nor podman.",
        fix: "Install docker or podman, or train in a venv with `--runner local`.")
    case .engineMissing:
      return Explanation(
        code: "finetune.engineMissing", meaning: "The chosen engine is not on `PATH`.", fix: "Install it, or choose another `--runner`.")
    case .engineFailed:
      return Explanation(
        code: "finetune.engineFailed", meaning: "An engine step (build, run) failed; its output is above the line. Exit status 3.",
        fix: "Read the engine's message.")
    case .noGPURuntime:
      return Explanation(
        code: "finetune.noGPURuntime", meaning: "GPUs were asked for, but the engine cannot hand them to a container.",
        fix: "Install the NVIDIA Container Toolkit (docker) or generate the CDI spec (podman), or pass `--gpus none`.")
    case .baseModelMissing:
      return Explanation(
        code: "finetune.baseModelMissing", meaning: "`--base-model` names a folder that does not exist.",
        fix: "Pass a Hub model id, or a folder with `config.json`.")
    case .shareFolderMissing:
      return Explanation(
        code: "finetune.shareFolderMissing", meaning: "The training files that `make install` puts in `share/git-llm` were not found.",
        fix: "Reinstall with `make install`, or set `GIT_LLM_SHARE` to the folder that holds `docker/`.")
    case .venvFailed:
      return Explanation(
        code: "finetune.venvFailed", meaning: "The local training venv could not be prepared. Exit status 3.",
        fix: "Read pip's message; check Python 3 and network access to the package index.")
    case .notResumable:
      return Explanation(
        code: "finetune.notResumable", meaning: "Only a failed or cancelled run can be resumed.", fix: "Start a new run, or resume another."
      )
    case .cannotWrite:
      return Explanation(
        code: "finetune.cannotWrite", meaning: "A run file could not be written. Exit status 3.",
        fix: "Check the folder's permissions and free space.")
    case .kubernetesNeedsDryRun:
      return Explanation(
        code: "finetune.kubernetesNeedsDryRun", meaning: "`--runner kubernetes` only writes a manifest.",
        fix: "Add `--dry-run` and apply the manifest with kubectl.")
    }
  }

  static let finetuneSamples: [FinetuneError] = [
    .datasetMissing("/repo/.git/llm/dataset"), .datasetEmpty("/repo/.git/llm/dataset"), .noSuchRun("20250101-0930"),
    .ambiguousRun("2025", ["20250101-0930", "20250102-1100"]), .noRuns,
    .unreadableRun("/repo/.git/llm/runs/20250101-0930/run.json", "not JSON"),
    .noEngine, .engineMissing("podman"), .engineFailed("docker build", "exit status 1"), .noGPURuntime("docker"), .noGPURuntime("podman"),
    .baseModelMissing("/models/qwen"), .shareFolderMissing, .venvFailed("pip install exited with status 1"),
    .notResumable("20250101-0930", .succeeded), .cannotWrite("/repo/.git/llm/runs/20250101-0930/run.json", "Permission denied"),
    .kubernetesNeedsDryRun,
  ]

  static func explain(_ error: OllamaError) -> Explanation {
    switch error {
    case .unreachable:
      return Explanation(
        code: "ollama.unreachable", meaning: "The Ollama server that receives the model does not answer.",
        fix: "Start it (`ollama serve`) or set `finetune.deploy.ollama_url`.")
    case .tooOld:
      return Explanation(
        code: "ollama.tooOld", meaning: "Creating a model from uploaded files needs Ollama 0.5.5 or newer.", fix: "Upgrade Ollama.")
    case .digestMismatch:
      return Explanation(code: "ollama.digestMismatch", meaning: "An uploaded blob did not arrive intact.", fix: "Run the deploy again.")
    case .unsupportedArchitecture:
      return Explanation(
        code: "ollama.unsupportedArchitecture", meaning: "Ollama cannot apply a LoRA adapter to this base.", fix: "Deploy with `--merge`.")
    case .server:
      return Explanation(code: "ollama.server", meaning: "Ollama answered with an HTTP error.", fix: "Read its message and Ollama's log.")
    case .createFailed:
      return Explanation(
        code: "ollama.createFailed", meaning: "Ollama could not create the model from the files.",
        fix: "Read its message; `--merge` helps when the adapter is the problem.")
    case .badAnswer:
      return Explanation(
        code: "ollama.badAnswer", meaning: "Ollama's answer was not what its API documents.",
        fix: "Check that `finetune.deploy.ollama_url` points at Ollama.")
    case .noAnswer:
      return Explanation(
        code: "ollama.noAnswer", meaning: "The new model answered a test question with nothing.",
        fix: "Try it with `ollama run <model>`; the conversion may have gone wrong.")
    case .unreadableFile:
      return Explanation(
        code: "ollama.unreadableFile", meaning: "A converted GGUF file could not be read.", fix: "Run the deploy's conversion again.")
    }
  }

  static let ollamaSamples: [OllamaError] = [
    .unreachable("http://127.0.0.1:11434", "unreachable: Couldn't connect to server"), .tooOld("0.3.12"), .digestMismatch("sha256:4f3a…"),
    .unsupportedArchitecture("unsupported architecture"), .server(500, "internal error"), .createFailed("invalid model file"),
    .badAnswer("no version"), .noAnswer("review-tuned"), .unreadableFile("/repo/.git/llm/runs/20250101-0930/gguf/adapter.gguf"),
  ]

  /// Every problem `ClusterJob.validate` can report, from one job that has them all.
  static var clusterSamples: [ClusterJobError] {
    var job = ClusterJob(
      name: "train", image: " ", command: [], arguments: [], gpusPerNode: -1, nodes: 0, volumeClaim: "Data_Claim",
      mountPath: "data", passHFToken: false)
    job.namespace = "ML_Team"
    job.labels = ["bad key!": "x"]
    return job.problems.map { ClusterJobError(description: $0) }
  }
}
