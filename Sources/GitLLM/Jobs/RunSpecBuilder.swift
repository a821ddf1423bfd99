import ConfigKit
import FinetuneKit
import Foundation
import GitKit

/// A run as it will be queued: run.json's first version, from the flags over `finetune.*`.
struct RunSpec {
  var record: RunRecord
}

/// Resolves `git llm finetune run`'s flags against configuration into a run: the dataset read
/// and hashed, the base model checked, the runner and host chosen.
struct RunSpecBuilder {
  let config: Config
  let repository: Repository
  let directory: String
  let request: FinetuneRunRequest

  func build() throws -> RunSpec {
    let settings = config.finetune
    let dataset = try DatasetSummary.read(folder: datasetFolder())
    let gpuText = request.gpus ?? settings.training.gpus
    guard GPUSelection.parse(gpuText) != nil else {
      throw CommandFailure(.usage, "--gpus '\(gpuText)' is not auto, none, all or a list of GPU indexes such as 0,1")
    }
    let runner = try runnerKind(request.runner ?? settings.training.runner)
    let host = self.host(runner)
    let training = TrainingSettings(
      baseModel: try baseModel(request.baseModel ?? settings.baseModel), method: (request.method ?? settings.method).rawValue,
      epochs: request.epochs ?? settings.training.epochs, learningRate: request.learningRate ?? settings.training.learningRate,
      loraR: request.loraR ?? settings.training.loraR, loraAlpha: request.loraAlpha ?? settings.training.loraAlpha,
      maxLength: request.maxLength ?? settings.training.maxLength, maxSteps: request.maxSteps,
      loggingSteps: request.loggingSteps ?? 10, saveSteps: request.saveSteps)
    var record = RunRecord(
      id: RunStore.newID(), training: training, dataset: dataset, runner: runner, host: host,
      gpus: GPUSelection(requested: gpuText, devices: nil, count: 0), queue: "\(runner.rawValue)@\(host ?? "local")",
      gitLLMVersion: GitLLMVersion.current)
    let image = settings.container.image
    if !image.isEmpty { record.image = ImageReference(name: image, id: nil, contentHash: nil) }
    record.baseImage = settings.container.baseImage.isEmpty ? nil : settings.container.baseImage
    if runner == .local { record.venv = TrainingVenv.defaultPath() }
    if runner.engineProgram != nil { record.container = ContainerPlan.containerName(record.id) }
    return RunSpec(record: record)
  }

  /// `--dataset`, else `finetune.out` (where `git llm finetune dataset` writes).
  func datasetFolder() -> String {
    if let flag = request.dataset { return absolute(flag) }
    let configured = config.finetune.out
    if configured.hasPrefix("/") { return configured }
    if configured.hasPrefix(".git/") { return repository.commonDirectory + "/" + configured.dropFirst(5) }
    return (repository.workTreeRoot ?? repository.commonDirectory) + "/" + configured
  }

  /// A folder that exists is a local model (made absolute, to mount); a path-looking name that does
  /// not exist is a mistake; anything else is a Hub id.
  func baseModel(_ text: String) throws -> String {
    guard !text.isEmpty else {
      throw CommandFailure(.usage, "no base model; pass --base-model ID|PATH or set finetune.base_model")
    }
    var folder: ObjCBool = false
    let path = absolute(text)
    if FileManager.default.fileExists(atPath: path, isDirectory: &folder), folder.boolValue { return standardized(path) }
    if text.hasPrefix("/") || text.hasPrefix("./") || text.hasPrefix("../") || text.hasPrefix("~") {
      throw FinetuneError.baseModelMissing(text)
    }
    return text
  }

  func runnerKind(_ choice: FinetuneRunner) throws -> RunnerKind {
    switch choice {
    case .docker: return .docker
    case .podman: return .podman
    case .local: return .local
    case .kubernetes: return .kubernetes
    case .auto:
      if request.dryRun { return ContainerEngine(runner: .docker, host: nil).answers() ? .docker : .podman }
      return try ContainerEngine.automatic(host: flagHost).runner
    }
  }

  private var flagHost: String? {
    let host = request.host ?? config.finetune.container.host
    return host.isEmpty ? nil : host
  }

  /// `--host`, `finetune.container.host`, else the engine's own variable when it names another
  /// machine (a local socket in DOCKER_HOST is this machine: bind mounts work there).
  func host(_ runner: RunnerKind) -> String? {
    if let flagHost { return flagHost }
    let environment = ProcessInfo.processInfo.environment
    let variable = runner == .docker ? environment["DOCKER_HOST"] : runner == .podman ? environment["CONTAINER_HOST"] : nil
    guard let variable, !variable.isEmpty, !variable.hasPrefix("unix://") else { return nil }
    return variable
  }

  private func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst(1) }
    return directory + "/" + path
  }

  private func standardized(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
