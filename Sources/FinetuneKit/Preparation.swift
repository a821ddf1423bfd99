import Foundation

/// The `preparing` state: the runner's environment made ready (the image built when its content
/// hash changed, or the venv), the GPUs resolved, and the exact start command recorded.
struct Preparation {
  let store: RunStore
  let share: ShareFolder
  let say: (String) -> Void

  func prepare(_ record: RunRecord) throws(FinetuneError) -> RunRecord {
    var record = record
    switch record.runner {
    case .docker, .podman:
      let engine = ContainerEngine(runner: record.runner, host: record.host)
      guard engine.answers() else {
        throw ChildProcess.locate(engine.program) == nil
          ? .engineMissing(engine.program) : .engineFailed(engine.program, "the engine does not answer (\(record.host ?? "local"))")
      }
      record.gpus = try gpus(record.gpus.requested, engine: engine)
      record.image = try image(record, engine: engine)
    case .local:
      let venv = TrainingVenv(path: record.venv ?? TrainingVenv.defaultPath(), share: share)
      record.gpus = try localGPUs(record.gpus.requested)
      try venv.prepare(withGPU: record.gpus.usesGPU, say: say)
      record.venv = venv.path
    case .kubernetes:
      throw .kubernetesNeedsDryRun
    }
    record.command = try StartCommand.of(record, store: store, share: share)
    return record
  }

  func gpus(_ text: String, engine: ContainerEngine) throws(FinetuneError) -> GPUSelection {
    guard let request = GPUSelection.parse(text) else { return .cpu }
    if request == .none { return GPUSelection.resolve(request, text: text, visible: 0) }
    // podman's CDI devices are files on the engine's machine: on a remote one only an explicit
    // request is taken at its word.
    let runtime = engine.runner == .podman && engine.isRemote ? request != .auto : engine.hasGPURuntime()
    if request == .auto && !runtime { return GPUSelection.resolve(.none, text: text, visible: 0) }
    guard runtime else { throw .noGPURuntime(engine.program) }
    return GPUSelection.resolve(request, text: text, visible: engine.isRemote ? nil : GPUDevices.visible())
  }

  func localGPUs(_ text: String) throws(FinetuneError) -> GPUSelection {
    guard let request = GPUSelection.parse(text) else { return .cpu }
    return GPUSelection.resolve(request, text: text, visible: GPUDevices.visible())
  }

  /// The configured image as it is, or git-llm's own, built when no image has its content hash.
  func image(_ record: RunRecord, engine: ContainerEngine) throws(FinetuneError) -> ImageReference {
    if let configured = record.image, configured.contentHash == nil {
      return ImageReference(name: configured.name, id: engine.inspectImage(configured.name)?.id, contentHash: nil)
    }
    let recipe = ImageRecipe(share: share, baseImage: record.baseImage, withBitsAndBytes: record.gpus.usesGPU)
    let hash = try recipe.contentHash()
    let tag = recipe.tag(hash: hash)
    if let existing = engine.inspectImage(tag), existing.hash == hash {
      return ImageReference(name: tag, id: existing.id, contentHash: hash)
    }
    // The Dockerfile bind-mounts the wheelhouse, which must exist even when empty.
    try? FileManager.default.createDirectory(atPath: share.trainingScripts + "/wheels", withIntermediateDirectories: true)
    say("building the training image \(tag) (\(engine.program)\(engine.host.map { " on " + $0 } ?? ""); the first time takes minutes)")
    let built = try engine.run(recipe.buildCommand(tag: tag, hash: hash), passStderr: true)
    guard built.status == 0, let made = engine.inspectImage(tag) else {
      throw .engineFailed("\(engine.program) build", "exit status \(built.status); the build output is in the run's log")
    }
    return ImageReference(name: tag, id: made.id, contentHash: hash)
  }
}

/// GPUs this machine has, as the NVIDIA driver lists them (/dev/nvidia0, /dev/nvidia1 …).
enum GPUDevices {
  static func visible(devFolder: String = "/dev") -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: devFolder)) ?? []
    return names.filter { $0.hasPrefix("nvidia") && Int($0.dropFirst("nvidia".count)) != nil }.count
  }
}

/// The exact command a run starts with, for run.json and `--dry-run`.
public enum StartCommand {
  public static func of(_ record: RunRecord, store: RunStore, share: ShareFolder) throws(FinetuneError) -> [String] {
    switch record.runner {
    case .docker, .podman: return containerPlan(record, store: store).createCommand
    case .local: return localPlan(record, store: store, share: share).trainCommand
    case .kubernetes: return []
    }
  }

  public static func containerPlan(_ record: RunRecord, store: RunStore) -> ContainerPlan {
    let engine = ContainerEngine(runner: record.runner, host: record.host)
    let environment = ProcessInfo.processInfo.environment
    // A rootful docker daemon writes as root; run as the user so the outputs stay theirs.
    let user = record.runner == .docker && !engine.isRemote && getuid() != 0 ? "\(getuid()):\(getgid())" : nil
    return ContainerPlan(
      engine: engine, image: record.image?.name ?? "\(ImageRecipe.repository):<content hash>", runID: record.id,
      runFolder: store.folder(record.id), dataset: record.dataset.path, modelFolder: record.modelFolder,
      training: record.training, gpus: record.gpus, passHFToken: environment["HF_TOKEN"].map { !$0.isEmpty } ?? false,
      resume: record.attempts > 0, user: user)
  }

  public static func localPlan(_ record: RunRecord, store: RunStore, share: ShareFolder) -> LocalPlan {
    LocalPlan(
      venv: record.venv ?? TrainingVenv.defaultPath(), share: share, runFolder: store.folder(record.id),
      dataset: record.dataset.path, training: record.training, gpus: record.gpus, resume: record.attempts > 0,
      offline: record.modelFolder != nil)
  }
}

/// Getting a finished run's runner ready for a tool script.
public enum ToolSetup {
  /// A finished run made ready for a tool script (eval, export): the image or venv brought up to
  /// the current training files, which may be newer than the ones the run trained with.
  public static func prepare(_ record: RunRecord, store: RunStore, share: ShareFolder, say: @escaping (String) -> Void)
    throws(FinetuneError) -> RunRecord
  {
    var record = record
    let preparation = Preparation(store: store, share: share, say: say)
    switch record.runner {
    case .docker, .podman:
      let engine = ContainerEngine(runner: record.runner, host: record.host)
      guard engine.answers() else { throw .engineFailed(engine.program, "the engine does not answer (\(record.host ?? "local"))") }
      if record.image?.contentHash != nil { record.image = nil }
      record.image = try preparation.image(record, engine: engine)
    case .local:
      try TrainingVenv(path: record.venv ?? TrainingVenv.defaultPath(), share: share).prepare(withGPU: record.gpus.usesGPU, say: say)
    case .kubernetes:
      throw .kubernetesNeedsDryRun
    }
    return record
  }
}
