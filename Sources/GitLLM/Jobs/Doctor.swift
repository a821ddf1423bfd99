import ConfigKit
import Foundation
import GitKit
import HTTPKit
import ProvidersKit
import RoutingKit

/// The work behind `git llm doctor`: versions, the repository, config files and providers.
public enum Doctor {
  /// Prints the report; returns false when something needs fixing (the config does not load).
  public static func run(directory: String, overrides: [String], probeTimeout: Double) async -> Bool {
    let out = OutputStream()
    defer { out.flush() }
    out.write("git-llm \(GitLLMVersion.described)\n")
    let gitFeatures = GitLibrary.features.joined(separator: ", ")
    out.write("libgit2 \(GitLibrary.version)\(gitFeatures.isEmpty ? "" : " (\(gitFeatures))")\n")
    out.write("libcurl \(CurlLibrary.version)\(CurlLibrary.tlsBackend.map { " (\($0))" } ?? "")\n")

    let app: Composition
    do {
      // Quiet: the report lists the configuration's warnings itself, on stdout.
      app = try Composition.load(directory: directory, overrides: overrides, quiet: true)
    } catch {
      out.write("config: error: \(error)\n")
      out.write("next step: fix the configuration (`git llm config validate` names each problem), then `git llm doctor` again\n")
      return false
    }
    out.write(repositoryLine(app.repository))
    out.write("config files:\n")
    for file in app.context.loaded.files {
      let state = file.exists ? (file.layer == .repository ? (file.trusted ? "found, trusted" : "found, untrusted") : "found") : "not found"
      out.write("  \(file.layer.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(file.path)  (\(state))\n")
    }
    for warning in app.context.loaded.warnings { out.write("  warning: \(warning)\n") }
    out.write("providers:\n")
    out.flush()
    let (config, providers) = (app.config, app.providers)
    var states: [String: DoctorFindings.State] = [:]
    for name in config.providers.keys.sorted() {
      guard let settings = config.providers[name], let provider = providers[name] else { continue }
      let (text, state) = await probe(provider, settings: settings, config: config, timeout: probeTimeout)
      states[name] = state
      out.write(
        "  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(settings.type.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(text)\n"
      )
      out.flush()
    }
    out.write(DoctorNextStep.line(await findings(config: config, states: states, transport: app.transport)) + "\n")
    return true
  }

  /// What the next step is chosen from: the review chain's state, Ollama's pulled models, the
  /// keys in the environment, and (when no model of the chain answers) the servers setup finds.
  private static func findings(
    config: Config, states: [String: DoctorFindings.State], transport: any HTTPTransport
  ) async -> DoctorFindings {
    let environment = ProcessInfo.processInfo.environment
    let chain = config.chain(for: "review").compactMap { alias -> DoctorFindings.Link? in
      guard let model = config.models[alias], let settings = config.providers[model.provider], settings.type != .builtin else { return nil }
      return DoctorFindings.Link(
        alias: alias, provider: model.provider, type: settings.type, model: model.model, state: states[model.provider] ?? .silent)
    }
    var pulled: [String: [String]] = [:]
    for link in chain where link.type == .ollama && link.state == .answers && pulled[link.provider] == nil {
      let probe = ServerProbe(
        kind: .ollama, baseURL: config.providers[link.provider]?.baseURL ?? "", label: "Ollama", providerName: link.provider)
      pulled[link.provider] = await ServerDiscovery.look(probe, transport: transport)?.models.map(\.name) ?? []
    }
    var servers: [DiscoveredServer] = []
    if !chain.contains(where: { $0.state == .answers }) {
      let reached = Set(chain.compactMap { config.providers[$0.provider]?.baseURL })
      let probes = SetupDetection.probes(provider: nil, baseURL: nil, environment: environment)
      servers = await ServerDiscovery.discover(probes, transport: transport).filter { !reached.contains($0.baseURL) }
    }
    let keys = SetupFindings.keyVariables.filter { !(environment[$0] ?? "").isEmpty }
    return DoctorFindings(chain: chain, pulled: pulled, keys: keys, servers: servers)
  }

  private static func repositoryLine(_ repository: Repository?) -> String {
    guard let repository else { return "repository: none here (configuration from user files only)\n" }
    let kind = repository.isBare ? "bare" : repository.isLinkedWorktree ? "linked worktree" : "work tree"
    let place = repository.workTreeRoot ?? repository.gitDirectory
    let branch = repository.currentBranch.map { "branch \($0)" } ?? "detached HEAD"
    let shallow = repository.isShallow ? ", shallow" : ""
    return "repository: \(place) (\(kind)\(shallow), \(branch), hooks in \(repository.hooksDirectory))\n"
  }

  /// One provider's status through its own health check; a remote one is contacted only when
  /// privacy allows. Waits at most `timeout` seconds.
  private static func probe(
    _ provider: any ChatProvider, settings: ProviderConfig, config: Config, timeout: Double
  ) async -> (String, DoctorFindings.State) {
    let place = settings.type == .builtin ? "built in" : settings.baseURL
    if provider.isRemote && !config.privacy.allowRemote {
      return ("\(place)  not contacted (remote, and privacy.allow_remote is false)", .notContacted)
    }
    let health = await withTaskGroup(of: ProviderHealth?.self) { group in
      group.addTask { await provider.health() }
      group.addTask {
        try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
    guard let health else { return ("\(place)  no answer within \(timeout) s", .silent) }
    let milliseconds = health.latency.components.seconds * 1000 + health.latency.components.attoseconds / 1_000_000_000_000_000
    if health.keyRejected { return ("\(place)  answers (\(milliseconds) ms), \(health.detail)", .keyRejected) }
    return health.reachable
      ? ("\(place)  answers (\(milliseconds) ms): \(health.detail)", .answers)
      : ("\(place)  does not answer: \(health.detail)", .silent)
  }
}
