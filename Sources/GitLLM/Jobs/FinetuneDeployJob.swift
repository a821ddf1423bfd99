import ConfigKit
import DeployKit
import FinetuneKit
import Foundation
import GitKit
import HTTPKit

/// The flags of `git llm finetune deploy`.
public struct FinetuneDeployRequest: Sendable {
  public var run: String?
  public var name: String
  public var target: DeployTarget
  public var merge: Bool
  public var from: String?
  public var force: Bool
  public var setAlias: Bool

  public init(run: String?, name: String, target: DeployTarget, merge: Bool, from: String?, force: Bool, setAlias: Bool) {
    self.run = run
    self.name = name
    self.target = target
    self.merge = merge
    self.from = from
    self.force = force
    self.setAlias = setAlias
  }
}

public enum DeployTarget: String, CaseIterable, Sendable {
  case ollama, llamacpp
}

/// `git llm finetune deploy`: the adapter converted to GGUF in the run's runner (export_gguf.py),
/// then created on Ollama (blobs, /api/create, one test question) or laid out for llama-server;
/// where it went is recorded in run.json.
public struct FinetuneDeployJob: Sendable {
  public var directory: String
  public var overrides: [String]
  public var request: FinetuneDeployRequest
  public var quiet: Bool

  public init(directory: String, overrides: [String], request: FinetuneDeployRequest, quiet: Bool) {
    self.directory = directory
    self.overrides = overrides
    self.request = request
    self.quiet = quiet
  }

  public func run() async throws -> ExitStatus {
    let app = try Composition.load(directory: directory, overrides: overrides, quiet: quiet)
    guard let repository = app.repository else { throw GitError.notARepository(path: directory) }
    let store = RunStore(gitCommonDirectory: repository.commonDirectory)
    let stored = try store.resolve(request.run)
    try checkDeployable(stored, store: store)
    if request.target == .ollama && !request.merge && (request.from ?? "").isEmpty {
      throw CommandFailure(
        .usage,
        "deploying an adapter to Ollama needs --from, the Ollama model of the exact base it was trained on (e.g. qwen2.5-coder:1.5b-instruct for Qwen/Qwen2.5-Coder-1.5B-Instruct); or pass --merge"
      )
    }
    var provider: String?
    if request.setAlias {
      provider = aliasProvider(app.config)
      guard provider != nil else {
        throw CommandFailure(
          .usage,
          request.target == .ollama
            ? "--set-alias needs a provider of type ollama at finetune.deploy.ollama_url (\(app.config.finetune.deploy.ollamaURL)); add one first"
            : "--set-alias needs exactly one provider of type openai (the llama-server's URL); add it first (docs/finetune.md)")
      }
    }
    let share = try ShareFolder.locate()
    let quiet = quiet
    let say: @Sendable (String) -> Void = { line in if !quiet { Diagnostics.note(line) } }
    let record = try ToolSetup.prepare(stored, store: store, share: share, say: say)
    let files = try export(record, store: store, share: share, say: say)
    var deployment = Deployment(
      target: request.target.rawValue, name: request.name, url: nil, base: request.merge ? nil : request.from, merged: request.merge,
      files: files.map { String($0.dropFirst(store.folder(record.id).count + 1)) }, at: Timestamp.string(Date()))
    switch request.target {
    case .ollama:
      let url = app.config.finetune.deploy.ollamaURL
      deployment.url = url
      let deploy = OllamaDeploy(client: OllamaClient(baseURL: url, transport: app.transport))
      let source: OllamaDeploy.Source =
        request.merge ? .merged(modelFile: files[0]) : .adapter(base: request.from ?? "", adapterFile: files[0])
      // On a terminal one line, redrawn with each status; elsewhere a line each.
      let redraw = !quiet && Terminal(choice: .auto).showsProgress
      let result = try await deploy.run(name: request.name, source: source) { line in
        if redraw {
          FileHandle.standardError.write(Data("\r\u{1B}[Kgit-llm: ollama: \(line)".utf8))
        } else {
          say("ollama: " + line)
        }
      }
      if redraw { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
      say("\(request.name) answers: \(result.answer.split(whereSeparator: \.isNewline).first ?? "")")
      LiveOutput.write("ollama run \(request.name)\n")
    case .llamacpp:
      let model = request.merge ? files[0] : files[1]
      let lora = request.merge ? "" : " --lora \(ShellQuote.word(files[0]))"
      LiveOutput.write("llama-server -m \(ShellQuote.word(model))\(lora) --alias \(ShellQuote.word(request.name)) --port 8080\n")
      if !request.setAlias {
        let compatible = app.config.providers.keys.sorted().filter { app.config.providers[$0]?.type == .openai }
        let provider = compatible.count == 1 ? compatible[0] : "<an openai provider at that server's /v1>"
        say(
          "to review with it: models.fine_tuned: {provider: \(provider), model: \(request.name)} and routing.review: [fine_tuned, ollama.default, builtin] (or deploy again with --set-alias)"
        )
      }
    }
    try store.update(record.id) { $0.deployments = ($0.deployments ?? []) + [deployment] }
    if request.setAlias {
      try ModelAlias.point(
        gitDirectory: repository.commonDirectory, alias: "fine_tuned", provider: provider ?? "", model: request.name)
      say("models.fine_tuned now names \(request.name); route reviews to it with routing.review: [fine_tuned, ollama.default, builtin]")
    }
    return .ok
  }

  /// Only a succeeded run with an adapter, and one that beats its base unless --force.
  private func checkDeployable(_ record: RunRecord, store: RunStore) throws {
    guard record.state == .succeeded, FileManager.default.fileExists(atPath: store.folder(record.id) + "/adapter/adapter_config.json")
    else { throw CommandFailure(.usage, "run \(record.id) is \(record.state.rawValue) and has no adapter to deploy") }
    guard !request.force else { return }
    switch EvalReport.beatsBase(store.folder(record.id) + "/eval.json") {
    case true?: return
    case false?:
      throw CommandFailure(
        .usage, "run \(record.id) does not beat its base (`git llm finetune eval \(record.id)` says why); pass --force to deploy it anyway")
    case nil:
      throw CommandFailure(
        .usage, "run \(record.id) has not been evaluated; run `git llm finetune eval \(record.id)` first, or pass --force")
    }
  }

  /// export_gguf.py: the adapter GGUF (plus the base's for llama-server), or the merged model.
  private func export(_ record: RunRecord, store: RunStore, share: ShareFolder, say: @escaping @Sendable (String) -> Void) throws
    -> [String]
  {
    let merge = request.merge
    let withBase = request.target == .llamacpp && !merge
    let names = merge ? ["gguf/merged.gguf"] : ["gguf/adapter.gguf"] + (withBase ? ["gguf/base.gguf"] : [])
    try? FileManager.default.createDirectory(atPath: store.folder(record.id) + "/gguf", withIntermediateDirectories: true)
    say("converting the \(merge ? "merged model" : "adapter") to GGUF (llama.cpp's converter)")
    let tool = ToolRun(record: record, store: store, share: share, script: "export_gguf.py", outputs: names) { _, model, folder in
      var arguments = ["--run-folder", folder, "--base-model", model, "--out", folder + "/" + names[0]]
      if merge { arguments.append("--merge") }
      if withBase { arguments += ["--base-out", folder + "/" + names[1]] }
      return arguments
    }
    let status = try tool.run(showOutput: !quiet)
    let paths = names.map { store.folder(record.id) + "/" + $0 }
    guard status == 0, paths.allSatisfy(FileManager.default.fileExists(atPath:)) else {
      throw CommandFailure(status == 2 ? .usage : .incomplete, "export_gguf.py failed with exit status \(status); its output is above")
    }
    return paths
  }

  /// The provider the alias goes through: for Ollama the one at finetune.deploy.ollama_url, for
  /// llama.cpp the only OpenAI-compatible one; nil when there is no such provider to name.
  private func aliasProvider(_ config: Config) -> String? {
    let names = config.providers.keys.sorted()
    switch request.target {
    case .ollama:
      let url = config.finetune.deploy.ollamaURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
      return names.first {
        config.providers[$0]?.type == .ollama
          && config.providers[$0]?.baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) == url
      }
    case .llamacpp:
      let compatible = names.filter { config.providers[$0]?.type == .openai }
      return compatible.count == 1 ? compatible[0] : nil
    }
  }
}
