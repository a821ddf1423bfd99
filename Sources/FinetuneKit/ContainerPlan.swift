import Foundation

/// The engine commands of one training attempt in a container: where the dataset, the base model
/// and the outputs go, which GPUs and variables the container sees. On this machine the folders
/// are bind-mounted (the dataset read-only); on a remote engine they are copied in before the
/// container starts and the outputs copied back.
public struct ContainerPlan: Sendable {
  public static let datasetPath = "/dataset"
  public static let modelPath = "/model"
  public static let outputPath = "/out"
  public static let cacheVolume = "git-llm-hf-cache"
  static let python = "/opt/git-llm-finetune/venv/bin/python"
  static let script = "/opt/git-llm-finetune/train.py"

  /// The container's name: how a later supervisor finds it again.
  public static func containerName(_ runID: String) -> String { "git-llm-finetune-" + runID }

  public let engine: ContainerEngine
  public let image: String
  public let container: String
  public let runID: String
  public let runFolder: String
  public let dataset: String
  /// A local base-model folder; nil when the base is a Hub id (downloaded into the cache volume).
  public let modelFolder: String?
  public let training: TrainingSettings
  public let gpus: GPUSelection
  /// Pass HF_TOKEN from git-llm's environment by name: its value never appears in a command.
  public let passHFToken: Bool
  public let resume: Bool
  /// The user to run as on a rootful docker daemon, so outputs stay the user's (`uid:gid`).
  public let user: String?

  public init(
    engine: ContainerEngine, image: String, runID: String, runFolder: String, dataset: String, modelFolder: String?,
    training: TrainingSettings, gpus: GPUSelection, passHFToken: Bool, resume: Bool, user: String?
  ) {
    self.engine = engine
    self.image = image
    self.container = Self.containerName(runID)
    self.runID = runID
    self.runFolder = runFolder
    self.dataset = dataset
    self.modelFolder = modelFolder
    self.training = training
    self.gpus = gpus
    self.passHFToken = passHFToken
    self.resume = resume
    self.user = user
  }

  /// Creates the container; on this machine it also starts it (`run -d`).
  public var createCommand: [String] {
    var arguments = engine.isRemote ? ["create"] : ["run", "-d"]
    arguments += ["--name", container, "--label", "org.git-llm.run=\(runID)"]
    if modelFolder != nil {
      // Nothing to download: no network, and the Hub library is told so.
      arguments += ["--network", "none", "-e", "HF_HUB_OFFLINE=1"]
    }
    if passHFToken { arguments += ["-e", "HF_TOKEN"] }
    if let user { arguments += ["--user", user] }
    arguments += gpus.engineFlags(for: engine.runner)
    if !engine.isRemote {
      arguments += ["-v", "\(dataset):\(Self.datasetPath):ro", "-v", "\(runFolder):\(Self.outputPath)"]
      if let modelFolder { arguments += ["-v", "\(modelFolder):\(Self.modelPath):ro"] }
    }
    arguments += ["-v", "\(Self.cacheVolume):/cache"]
    let launcher = gpus.launcher(python: Self.python, script: Self.script)
    if launcher.count > 2 { arguments += ["--entrypoint", launcher[0]] }
    arguments.append(image)
    if launcher.count > 2 { arguments += launcher.dropFirst() }
    return engine.command(arguments + trainArguments)
  }

  public var trainArguments: [String] {
    training.trainArguments(
      dataset: Self.datasetPath, model: modelFolder == nil ? training.baseModel : Self.modelPath, output: Self.outputPath,
      resume: resume)
  }

  /// Remote only: what is copied into the created container before it starts.
  public var copyInCommands: [[String]] {
    guard engine.isRemote else { return [] }
    var commands = [engine.command(["cp", dataset + "/.", "\(container):\(Self.datasetPath)"])]
    if let modelFolder { commands.append(engine.command(["cp", modelFolder + "/.", "\(container):\(Self.modelPath)"])) }
    if resume {
      for name in ["checkpoints", "metrics.jsonl"] where FileManager.default.fileExists(atPath: runFolder + "/" + name) {
        commands.append(engine.command(["cp", runFolder + "/" + name, "\(container):\(Self.outputPath)/\(name)"]))
      }
    }
    return commands
  }

  public var startCommand: [String]? { engine.isRemote ? engine.command(["start", container]) : nil }

  /// Remote only: the outputs copied back into the run folder.
  public var copyOutCommand: [String]? {
    engine.isRemote ? engine.command(["cp", "\(container):\(Self.outputPath)/.", runFolder]) : nil
  }

  public var metricsCopyCommand: [String]? {
    engine.isRemote ? engine.command(["cp", "\(container):\(Self.outputPath)/metrics.jsonl", runFolder + "/metrics.jsonl"]) : nil
  }

  public var logsCommand: [String] { engine.command(["logs", "-f", container]) }
  /// Two minutes for train.py to save a checkpoint of a large model before the engine kills it.
  public var stopCommand: [String] { engine.command(["stop", "-t", "120", container]) }
  public var removeCommand: [String] { engine.command(["rm", "-f", container]) }
}
