import FinetuneKit
import Foundation
import GitKit

/// The flags of `git llm finetune eval`.
public struct FinetuneEvalRequest: Sendable {
  public var run: String?
  public var split: String
  public var maxSamples: Int?
  public var maxNewTokens: Int?
  public var format: EvalReportFormat

  public init(run: String?, split: String, maxSamples: Int?, maxNewTokens: Int?, format: EvalReportFormat) {
    self.run = run
    self.split = split
    self.maxSamples = maxSamples
    self.maxNewTokens = maxNewTokens
    self.format = format
  }
}

public enum EvalReportFormat: String, CaseIterable, Sendable {
  case text, json, markdown
}

/// `git llm finetune eval`: evaluate.py in the run's runner on the held-out split the run never
/// saw, base against base + adapter; eval.json in the run folder, the comparison on stdout.
public struct FinetuneEvalJob: Sendable {
  public var directory: String
  public var request: FinetuneEvalRequest
  public var quiet: Bool

  public init(directory: String, request: FinetuneEvalRequest, quiet: Bool) {
    self.directory = directory
    self.request = request
    self.quiet = quiet
  }

  public func run() throws -> ExitStatus {
    let repository = try Repository(discoveringFrom: directory)
    let store = RunStore(gitCommonDirectory: repository.commonDirectory)
    let stored = try store.resolve(request.run)
    guard stored.state == .succeeded, FileManager.default.fileExists(atPath: store.folder(stored.id) + "/adapter/adapter_config.json")
    else {
      throw CommandFailure(
        .usage, "run \(stored.id) is \(stored.state.rawValue) and has no adapter to evaluate; evaluate a run that succeeded")
    }
    let share = try ShareFolder.locate()
    let quiet = quiet
    let record = try ToolSetup.prepare(stored, store: store, share: share) { line in if !quiet { Diagnostics.note(line) } }
    let request = request
    let output = store.folder(record.id) + "/eval.json"
    try? FileManager.default.removeItem(atPath: output)
    if !quiet { Diagnostics.note("evaluating run \(record.id) on its \(request.split) split (base, then base + adapter)") }
    let tool = ToolRun(record: record, store: store, share: share, script: "evaluate.py", outputs: ["eval.json"]) {
      dataset, model, folder in
      var arguments = [
        "--dataset", dataset, "--base-model", model, "--adapter", folder + "/adapter", "--output", folder + "/eval.json",
        "--split", request.split, "--max-length", String(record.training.maxLength),
      ]
      if let samples = request.maxSamples { arguments += ["--max-samples", String(samples)] }
      if let tokens = request.maxNewTokens { arguments += ["--max-new-tokens", String(tokens)] }
      return arguments
    }
    let status = try tool.run(showOutput: !quiet)
    guard status == 0, let data = FileManager.default.contents(atPath: output) else {
      throw CommandFailure(status == 2 ? .usage : .incomplete, "evaluate.py failed with exit status \(status); its output is above")
    }
    let report = try EvalReport(data: data)
    switch request.format {
    case .json: LiveOutput.write(String(decoding: data, as: UTF8.self))
    case .text: LiveOutput.write(report.table())
    case .markdown: LiveOutput.write(report.markdown())
    }
    if !quiet { Diagnostics.note("eval.json is in \(store.folder(record.id))") }
    return .ok
  }
}
