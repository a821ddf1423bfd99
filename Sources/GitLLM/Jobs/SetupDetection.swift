import Foundation
import HTTPKit
import ProvidersKit

/// What `git llm setup` found: servers that answered, and which API keys the environment holds
/// (by name: a value is never read into anything that prints).
struct SetupFindings: Sendable {
  var servers: [DiscoveredServer]
  /// `ANTHROPIC_API_KEY`, `OPENAI_API_KEY`, when set and not empty.
  var keys: [String]
  /// Where it looked.
  var probes: [ServerProbe]
  /// The endpoints `ANTHROPIC_BASE_URL` / `OPENAI_BASE_URL` name, by provider.
  var endpoints: [SetupOptions.Provider: String] = [:]

  static let keyVariables = ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"]

  func has(_ variable: String) -> Bool { keys.contains(variable) }
}

/// Where setup (and doctor, for its next step) looks for a model server.
enum SetupDetection {
  /// Replaces the usual OpenAI-compatible ports: comma-separated base URLs, or `none`.
  static let probesVariable = "GIT_LLM_SETUP_PROBES"

  /// `--base-url` alone when given (as the provider asked for, or both protocols when none
  /// was); else Ollama where `OLLAMA_HOST` says and the OpenAI-compatible servers' usual ports.
  static func probes(provider: SetupOptions.Provider?, baseURL: String?, environment: [String: String]) -> [ServerProbe] {
    let endpoint = self.endpoint(.openai, environment: environment)
    if baseURL == nil, provider == .openai, let endpoint {
      return SetupProposal.isRemote(endpoint) ? [] : [ServerProbe.openAI(at: endpoint)]
    }
    if let baseURL {
      switch provider {
      case .ollama: return [ServerProbe.ollama(host: baseURL)]
      // A remote endpoint is not contacted before the chain that uses it is written and checked.
      case .openai: return SetupProposal.isRemote(baseURL) ? [] : [ServerProbe.openAI(at: baseURL)]
      case .anthropic: return []
      case nil: return [ServerProbe.ollama(host: baseURL), ServerProbe.openAI(at: baseURL)]
      }
    }
    let ollama = ServerProbe.ollama(host: environment["OLLAMA_HOST"])
    var others = openAIProbes(environment: environment)
    // A local OPENAI_BASE_URL is one more server to look at.
    if let endpoint, !SetupProposal.isRemote(endpoint), !others.contains(where: { $0.baseURL == endpoint }) {
      others.append(ServerProbe.openAI(at: endpoint))
    }
    switch provider {
    case .ollama: return [ollama]
    case .openai: return others
    case .anthropic: return []
    case nil: return [ollama] + others
    }
  }

  static func openAIProbes(environment: [String: String]) -> [ServerProbe] {
    guard let listed = environment[probesVariable], !listed.isEmpty else { return ServerProbe.usualOpenAIServers }
    if listed == "none" { return [] }
    return listed.split(separator: ",").map { ServerProbe.openAI(at: $0.trimmingCharacters(in: .whitespaces)) }
  }

  /// The official SDKs' endpoint variables, used for their provider when `--base-url` is not
  /// given (and written as its `base_url`).
  static let endpointVariables: [(provider: SetupOptions.Provider, variable: String)] = [
    (.anthropic, "ANTHROPIC_BASE_URL"), (.openai, "OPENAI_BASE_URL"),
  ]

  /// The provider's endpoint variable, when it holds an http(s) URL.
  static func endpoint(_ provider: SetupOptions.Provider, environment: [String: String]) -> String? {
    guard let variable = endpointVariables.first(where: { $0.provider == provider })?.variable, let url = environment[variable],
      url.hasPrefix("http://") || url.hasPrefix("https://")
    else { return nil }
    return url
  }

  static func run(_ probes: [ServerProbe], environment: [String: String], transport: any HTTPTransport) async -> SetupFindings {
    let servers = await ServerDiscovery.discover(probes, transport: transport)
    let keys = SetupFindings.keyVariables.filter { !(environment[$0] ?? "").isEmpty }
    var endpoints: [SetupOptions.Provider: String] = [:]
    for (provider, _) in endpointVariables { endpoints[provider] = endpoint(provider, environment: environment) }
    return SetupFindings(servers: servers, keys: keys, probes: probes, endpoints: endpoints)
  }

  /// One line per thing found or missed, for stderr; with `--provider` what is missed is the
  /// error's to say.
  static func summary(_ findings: SetupFindings, provider: SetupOptions.Provider?) -> [String] {
    var lines: [String] = []
    for server in findings.servers {
      let count = server.models.count
      lines.append("found \(server.label) at \(server.baseURL) (\(count) model\(count == 1 ? "" : "s"))")
    }
    let silent = findings.probes.filter { probe in !findings.servers.contains { $0.baseURL == probe.baseURL } }
    if !silent.isEmpty && provider == nil {
      lines.append("nothing answers at " + silent.map { "\($0.baseURL) (\($0.label))" }.joined(separator: ", "))
    }
    for key in findings.keys { lines.append("found \(key) in the environment") }
    for (name, variable) in endpointVariables where provider == nil || provider == name {
      if let url = findings.endpoints[name] { lines.append("found \(variable) in the environment: \(url)") }
    }
    return lines
  }
}
