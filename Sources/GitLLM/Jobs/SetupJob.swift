import ConfigKit
import Foundation
import HTTPKit
import OutputKit
import ProvidersKit

/// The flags of `git llm setup`.
public struct SetupOptions: Sendable {
  public enum Provider: String, Sendable, CaseIterable { case ollama, openai, anthropic }
  public enum Layer: String, Sendable { case global, local }

  public var directory: String
  public var overrides: [String]
  public var provider: Provider?
  public var model: String?
  public var baseURL: String?
  /// nil: ask on a terminal, else the user file.
  public var layer: Layer?
  public var yes: Bool
  public var allowRemote: Bool
  public var dryRun: Bool
  public var quiet: Bool
  /// Write each API key's value instead of `${VAR}` (the file is made 0600).
  public var literalKey: Bool

  public init(
    directory: String, overrides: [String], provider: Provider?, model: String?, baseURL: String?, layer: Layer?, yes: Bool,
    allowRemote: Bool, dryRun: Bool, quiet: Bool, literalKey: Bool = false
  ) {
    self.directory = directory
    self.overrides = overrides
    self.provider = provider
    self.model = model
    self.baseURL = baseURL
    self.layer = layer
    self.yes = yes
    self.allowRemote = allowRemote
    self.dryRun = dryRun
    self.quiet = quiet
    self.literalKey = literalKey
  }
}

/// `git llm setup`: finds the model servers and API keys there are, proposes a routing chain
/// (local first, remote only when allowed, `builtin` last), writes it into one layer keeping what
/// the file held, and checks that each model answers.
public struct SetupJob: Sendable {
  public let options: SetupOptions

  public init(options: SetupOptions) { self.options = options }

  public func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let (repository, sources) = try ConfigContext.locate(directory: options.directory, overrides: options.overrides)
    let transport = CurlTransport(version: GitLLMVersion.current)
    let probes = SetupDetection.probes(provider: options.provider, baseURL: options.baseURL, environment: environment)
    let findings = await SetupDetection.run(probes, environment: environment, transport: transport)
    for line in SetupDetection.summary(findings, provider: options.provider) { note(line) }

    let proposal = SetupProposal(findings: findings, options: options)
    let interactive = !options.yes && !options.dryRun && isatty(STDIN_FILENO) == 1
    var plan: SetupPlan
    var layer = options.layer ?? .global
    do {
      if interactive {
        let questions = SetupQuestions.onTerminal
        (plan, layer) = try questions.choose(proposal, allowRemote: options.allowRemote, layer: options.layer, sources: sources)
      } else {
        plan = try proposal.plan(allowRemote: options.allowRemote)
        if plan.chain.isEmpty && !options.dryRun { throw SetupError.noModel }
        explainLeftOut(proposal, plan: plan)
      }
      plan = await withContextWindows(plan, transport: transport)
      let path = try target(layer, sources: sources)
      let old = FileManager.default.fileExists(atPath: path) ? try read(path) : nil
      let keys = try keyText(plan, path: path, sources: sources, environment: environment)
      let text = try SetupLayerWriter.edited(old, plan: plan, path: path, keys: keys)
      // A literal key is never shown: what is printed has `***` in its place.
      let shown = try SetupLayerWriter.shown(old, plan: plan, path: path, keys: keys)
      if options.dryRun || !interactive && !options.yes {
        emit(shown)
        if plan.chain.isEmpty { note(SetupError.noModel.description.replacingOccurrences(of: "; nothing written", with: "")) }
        if options.dryRun {
          note("dry run: nothing written to \(path)\(keys.isLiteral ? " (*** stands for the key --literal-key writes)" : "")")
          return
        }
        throw SetupError.notATerminal(path)
      }
      if interactive {
        SetupQuestions.onTerminal.say(shown)
        guard try SetupQuestions.onTerminal.confirm("Write this to \(path)?") else { throw SetupError.declined }
      }
      let secret = keys.isLiteral && !plan.keyVariables.isEmpty
      let backup = try SetupLayerWriter.write(text, to: path, replacing: old, secret: secret)
      if secret {
        let names = plan.keyVariables.joined(separator: ", ")
        Diagnostics.warning(
          "\(path) now holds the value of \(names) (file mode 0600): keep it out of shared dotfiles and backups; "
            + "without --literal-key, setup writes ${\(plan.keyVariables[0])} instead")
      } else if options.literalKey {
        note("--literal-key: no model of the chain uses an API key, so the file holds none")
      }
      try await report(plan, path: path, backup: backup, repository: repository != nil)
    } catch let error as SetupError {
      throw CommandFailure(.usage, error.description)
    }
  }

  /// Where the layer goes: the user file, or the clone's own; never the committed `.git-llm.yaml`.
  private func target(_ layer: SetupOptions.Layer, sources: ConfigSources) throws(SetupError) -> String {
    switch layer {
    case .global:
      guard let path = sources.userFilePath else { throw .noUserFile }
      return path
    case .local:
      guard let path = sources.localFilePath else { throw .noRepository }
      return path
    }
  }

  /// How the keys are written: `${VAR}`, or with `--literal-key` each variable's value, which
  /// only goes to a file outside the worktree (GIT_LLM_CONFIG may point the user file into it).
  private func keyText(
    _ plan: SetupPlan, path: String, sources: ConfigSources, environment: [String: String]
  ) throws(SetupError) -> SetupPlan.KeyText {
    guard options.literalKey else { return .reference }
    if let root = sources.worktreeRoot, Self.isInside(path, root), !(sources.gitDirectory.map { Self.isInside(path, $0) } ?? false) {
      throw .literalKeyInWorktree(path)
    }
    var values: [String: String] = [:]
    for variable in plan.keyVariables {
      guard let value = environment[variable], !value.isEmpty else { throw .keyNotSet(variable) }
      values[variable] = value
    }
    return .literal(values)
  }

  /// Whether `path` lies under `folder`, symbolic links resolved as far as they exist.
  static func isInside(_ path: String, _ folder: String) -> Bool {
    func resolved(_ path: String) -> String {
      let url = URL(fileURLWithPath: path).standardizedFileURL
      let parent = url.deletingLastPathComponent().resolvingSymlinksInPath()
      return parent.appendingPathComponent(url.lastPathComponent).path
    }
    let file = resolved(path)
    let base = resolved(folder)
    return file == base || file.hasPrefix(base.hasSuffix("/") ? base : base + "/")
  }

  private func read(_ path: String) throws(SetupError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { throw .cannotWrite("can't read \(path)") }
    guard let text = String(data: data, encoding: .utf8) else { throw .cannotWrite("\(path) is not UTF-8 text") }
    return text
  }

  /// Ollama's context window for each of its models, from `/api/show` where it says.
  private func withContextWindows(_ plan: SetupPlan, transport: any HTTPTransport) async -> SetupPlan {
    var plan = plan
    for index in plan.chain.indices where plan.chain[index].type == .ollama {
      let candidate = plan.chain[index]
      if let trained = await ServerDiscovery.ollamaContextLength(of: candidate.model, at: candidate.baseURL ?? "", transport: transport) {
        plan.chain[index].contextWindow = min(trained, SetupCandidate.largestLocalWindow)
      }
    }
    return plan
  }

  /// A key found but left out of the chain is worth one line: how to use it.
  private func explainLeftOut(_ proposal: SetupProposal, plan: SetupPlan) {
    guard !options.allowRemote, options.provider == nil, let cloud = proposal.cloudChoices.first else { return }
    note(
      "\(cloud.apiKeyVariable ?? cloud.provider) is set but not used: remote models need --allow-remote "
        + "(git llm setup --allow-remote adds \(cloud.model) after \(plan.chain.isEmpty ? "nothing local" : "the local model"))")
  }

  /// What was written, then whether each model answers.
  private func report(_ plan: SetupPlan, path: String, backup: String?, repository: Bool) async throws {
    let out = OutputStream()
    out.write("wrote \(path)\(backup.map { " (the old file is \($0))" } ?? "")\n")
    out.write("routing: \(plan.routeLine), for \(SetupPlan.tasks.joined(separator: ", "))\n")
    if plan.needsRemote {
      let remote = plan.chain.filter(\.isRemote).map(\.provider).joined(separator: ", ")
      out.write("privacy.allow_remote: true (code goes to \(remote); secrets are scrubbed first)\n")
    }
    out.flush()
    let results = try await SetupCheck.run(plan, directory: options.directory, overrides: options.overrides, note: note)
    var failed: [String] = []
    for result in results {
      switch result.outcome {
      case let .answered(milliseconds):
        out.write("checked: \(result.candidate.summary) answered in \(milliseconds) ms\n")
      case let .failed(reason):
        out.write("checked: \(result.candidate.summary) did not answer: \(reason)\n")
        failed.append(result.candidate.alias)
      }
    }
    if failed.isEmpty { out.write("ready: git llm review \(repository ? "HEAD~1.." : "<range>")\n") }
    out.flush()
    guard failed.isEmpty else {
      let undo = backup.map { "mv \($0) \(path)" } ?? "rm \(path)"
      throw CommandFailure(
        .incomplete,
        "\(failed.joined(separator: ", ")) did not answer; \(path) is kept (reviews fall back to builtin): fix the server or key and run `git llm setup` again, or undo with `\(undo)`"
      )
    }
  }

  private func emit(_ text: String) {
    let out = OutputStream()
    out.write(text)
    out.flush()
  }

  private func note(_ line: String) { if !options.quiet { Diagnostics.note(line) } }
}
