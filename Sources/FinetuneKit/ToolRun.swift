import Foundation

/// A one-shot script of the training image run on a finished run's files, in the run's own
/// runner: evaluate.py for `finetune eval`, export_gguf.py for `finetune deploy`. It runs in the
/// foreground and its output goes to this process's stderr; the files it writes land in the run
/// folder (on a remote engine they are copied back).
public struct ToolRun: Sendable {
  public let record: RunRecord
  public let store: RunStore
  public let share: ShareFolder
  /// The script under finetune/ (`evaluate.py`).
  public let script: String
  /// Files the script writes under the output folder, relative to it, copied back from a remote engine.
  public let outputs: [String]
  /// The script's arguments, given where the dataset, the base model and the run folder are.
  public let arguments: @Sendable (_ dataset: String, _ model: String, _ runFolder: String) -> [String]

  public init(
    record: RunRecord, store: RunStore, share: ShareFolder, script: String, outputs: [String],
    arguments: @escaping @Sendable (_ dataset: String, _ model: String, _ runFolder: String) -> [String]
  ) {
    self.record = record
    self.store = store
    self.share = share
    self.script = script
    self.outputs = outputs
    self.arguments = arguments
  }

  var container: String { "git-llm-\(script.split(separator: ".").first ?? "tool")-\(record.id)" }
  var engine: ContainerEngine { ContainerEngine(runner: record.runner, host: record.host) }

  /// The command that runs the script (for a remote engine, the `create` before the copies).
  public var command: [String] {
    switch record.runner {
    case .local:
      return [(record.venv ?? TrainingVenv.defaultPath()) + "/bin/python", share.trainingScripts + "/" + script]
        + arguments(record.dataset.path, record.training.baseModel, store.folder(record.id))
    case .docker, .podman, .kubernetes:
      let plan = StartCommand.containerPlan(record, store: store)
      var options = engine.isRemote ? ["create"] : ["run", "--rm"]
      options += ["--name", container, "--label", "org.git-llm.run=\(record.id)"]
      if record.modelFolder != nil { options += ["--network", "none", "-e", "HF_HUB_OFFLINE=1"] }
      if plan.passHFToken { options += ["-e", "HF_TOKEN"] }
      if let user = plan.user { options += ["--user", user] }
      options += record.gpus.engineFlags(for: record.runner)
      if !engine.isRemote {
        options += [
          "-v", "\(record.dataset.path):\(ContainerPlan.datasetPath):ro", "-v", "\(store.folder(record.id)):\(ContainerPlan.outputPath)",
        ]
        if let model = record.modelFolder { options += ["-v", "\(model):\(ContainerPlan.modelPath):ro"] }
      }
      options += ["-v", "\(ContainerPlan.cacheVolume):/cache", "--entrypoint", ContainerPlan.python, plan.image]
      let model = record.modelFolder == nil ? record.training.baseModel : ContainerPlan.modelPath
      return engine.command(
        options + ["/opt/git-llm-finetune/" + script]
          + arguments(ContainerPlan.datasetPath, model, ContainerPlan.outputPath))
    }
  }

  /// Runs the script to its end; returns its exit status. `showOutput` false (`-q`) keeps the
  /// script's lines to itself unless it fails, when the last of them are shown.
  public func run(showOutput: Bool = true) throws(FinetuneError) -> Int32 {
    guard engine.isRemote, record.runner != .local else {
      var environment = ["PYTHONUNBUFFERED": "1"]
      if record.runner == .local && record.modelFolder != nil { environment["HF_HUB_OFFLINE"] = "1" }
      let result = try ChildProcess.run(command, environment: environment, passStderr: showOutput)
      if !showOutput && result.status != 0 {
        let tail = result.stderr.split(whereSeparator: \.isNewline).suffix(15).joined(separator: "\n")
        FileHandle.standardError.write(Data((tail + "\n").utf8))
      }
      return result.status
    }
    return try runRemote()
  }

  /// A remote engine: created, filled, started attached, emptied, removed.
  private func runRemote() throws(FinetuneError) -> Int32 {
    _ = try? ChildProcess.run(engine.command(["rm", "-f", container]))
    defer { _ = try? ChildProcess.run(engine.command(["rm", "-f", container])) }
    let created = try ChildProcess.run(command)
    guard created.status == 0 else { throw .engineFailed("creating the \(script) container", created.lastLine) }
    var copies = [engine.command(["cp", record.dataset.path + "/.", "\(container):\(ContainerPlan.datasetPath)"])]
    if let model = record.modelFolder { copies.append(engine.command(["cp", model + "/.", "\(container):\(ContainerPlan.modelPath)"])) }
    copies.append(engine.command(["cp", store.folder(record.id) + "/adapter", "\(container):\(ContainerPlan.outputPath)/adapter"]))
    for copy in copies {
      let copied = try ChildProcess.run(copy)
      guard copied.status == 0 else { throw .engineFailed("copying into the container", copied.lastLine) }
    }
    let status = try ChildProcess.run(engine.command(["start", "-a", container]), passStderr: true).status
    for output in outputs {
      _ = try? ChildProcess.run(
        engine.command(["cp", "\(container):\(ContainerPlan.outputPath)/\(output)", store.folder(record.id) + "/" + output]))
    }
    return status
  }
}
