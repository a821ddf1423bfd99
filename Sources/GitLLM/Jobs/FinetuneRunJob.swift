import ConfigKit
import FinetuneKit
import Foundation
import GitKit
import OutputKit

/// The flags of `git llm finetune run`; nil means "use the `finetune.*` configuration".
public struct FinetuneRunRequest: Sendable {
  public var dataset: String?
  public var baseModel: String?
  public var method: FinetuneMethod?
  public var runner: FinetuneRunner?
  public var host: String?
  public var gpus: String?
  public var epochs: Double?
  public var learningRate: Double?
  public var loraR: Int?
  public var loraAlpha: Int?
  public var maxLength: Int?
  public var maxSteps: Int?
  public var saveSteps: Int?
  public var loggingSteps: Int?
  public var detach: Bool
  public var dryRun: Bool
  public var jobKind: ClusterJobKind

  public init(detach: Bool = false, dryRun: Bool = false, jobKind: ClusterJobKind = .pyTorchJob) {
    self.detach = detach
    self.dryRun = dryRun
    self.jobKind = jobKind
  }
}

/// `git llm finetune run`: turns flags and configuration into a run (run.json in its own folder),
/// starts its supervisor, and follows it unless `--detach`. `--dry-run` prints the run spec and
/// the exact command instead, and starts nothing.
public struct FinetuneRunJob: Sendable {
  public var directory: String
  public var overrides: [String]
  public var request: FinetuneRunRequest
  public var color: ColorChoice
  public var quiet: Bool

  public init(directory: String, overrides: [String], request: FinetuneRunRequest, color: ColorChoice, quiet: Bool) {
    self.directory = directory
    self.overrides = overrides
    self.request = request
    self.color = color
    self.quiet = quiet
  }

  /// Returns the exit status: 0 when the run succeeded (or was started detached), 3 otherwise.
  public func run() throws -> ExitStatus {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    app.reportWarnings()
    guard let repository = app.repository else { throw GitError.notARepository(path: directory) }
    let store = RunStore(gitCommonDirectory: repository.commonDirectory)
    let share = try ShareFolder.locate()
    let spec = try RunSpecBuilder(config: app.config, repository: repository, directory: directory, request: request).build()
    if request.dryRun { return try dryRun(spec, store: store, share: share) }
    if spec.record.runner == .kubernetes { throw FinetuneError.kubernetesNeedsDryRun }
    try checkGPURuntime(spec.record)
    try store.create(spec.record)
    try RunSupervision.start(spec.record.id, store: store)
    let id = spec.record.id
    if !quiet {
      Diagnostics.note("training run \(id) queued (\(spec.record.runner.rawValue)\(spec.record.host.map { " on " + $0 } ?? ""))")
    }
    LiveOutput.write(id + "\n")
    if request.detach {
      if !quiet {
        Diagnostics.note("follow it with `git llm finetune logs \(id) -f`; `git llm finetune status \(id)` shows where it is")
      }
      return .ok
    }
    let finished = try TrainingFollow(store: store, id: id, terminal: Terminal(choice: color), quiet: quiet, showLog: false).follow()
    return finished.state == .succeeded ? .ok : .incomplete
  }

  /// GPUs asked for by name on this machine's engine without the NVIDIA runtime: refused before
  /// the run is queued, not minutes later. (`auto` quietly trains on the CPU there.)
  private func checkGPURuntime(_ record: RunRecord) throws {
    if let program = record.runner.engineProgram, ChildProcess.locate(program) == nil { throw FinetuneError.engineMissing(program) }
    guard record.host == nil, let program = record.runner.engineProgram, let request = GPUSelection.parse(record.gpus.requested),
      request != .auto, request != .none
    else { return }
    let engine = ContainerEngine(runner: record.runner, host: nil)
    if engine.answers() && !engine.hasGPURuntime() { throw FinetuneError.noGPURuntime(program) }
  }

  private func dryRun(_ spec: RunSpec, store: RunStore, share: ShareFolder) throws -> ExitStatus {
    var record = spec.record
    record.gpus = GPUSelection.preview(record.gpus.requested)
    if record.runner == .kubernetes {
      LiveOutput.write(try ClusterManifest.render(record, kind: request.jobKind, share: share))
      return .ok
    }
    if record.image == nil, record.runner != .local {
      let recipe = ImageRecipe(share: share, baseImage: record.baseImage, withBitsAndBytes: record.gpus.usesGPU)
      let hash = try recipe.contentHash()
      record.image = ImageReference(name: recipe.tag(hash: hash), id: nil, contentHash: hash)
    }
    record.command = try StartCommand.of(record, store: store, share: share)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let run = try JSONSerialization.jsonObject(with: try encoder.encode(record))
    let spec: [String: Any] = ["run": run, "command": record.command, "command_line": ShellQuote.line(record.command)]
    let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    LiveOutput.write(String(decoding: data, as: UTF8.self) + "\n")
    return .ok
  }
}

/// Shell quoting for the command line `--dry-run` prints, to paste into a terminal.
enum ShellQuote {
  static func line(_ arguments: [String]) -> String { arguments.map(word).joined(separator: " ") }

  static func word(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./:=,@%+".unicodeScalars.contains($0) }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
