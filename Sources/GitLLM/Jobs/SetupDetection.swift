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
    let others = openAIProbes(environment: environment)
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

  static func run(_ probes: [ServerProbe], environment: [String: String], transport: any HTTPTransport) async -> SetupFindings {
    let servers = await ServerDiscovery.discover(probes, transport: transport)
    let keys = SetupFindings.keyVariables.filter { !(environment[$0] ?? "").isEmpty }
    return SetupFindings(servers: servers, keys: keys, probes: probes)
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
    return lines
  }
}
