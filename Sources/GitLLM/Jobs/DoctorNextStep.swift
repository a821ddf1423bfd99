import ConfigKit
import ProvidersKit

/// What `git llm doctor` found that decides the next step to take.
struct DoctorFindings: Sendable {
  /// `keyRejected`: the server answers, but refuses the API key (401/403).
  enum State: Sendable, Equatable { case answers, keyRejected, silent, notContacted }

  struct Link: Sendable {
    let alias: String
    let provider: String
    let type: ProviderType
    let model: String
    let state: State
  }

  /// `routing.review` without `builtin`.
  var chain: [Link]
  /// The models each answering Ollama has pulled, by provider name.
  var pulled: [String: [String]]
  /// API key variables set in the environment.
  var keys: [String]
  /// Servers setup would find that the chain does not already reach.
  var servers: [DiscoveredServer]
}

/// The one line doctor ends with: the single most useful thing to do next.
enum DoctorNextStep {
  static let review = "git llm review HEAD~1.."

  static func line(_ found: DoctorFindings) -> String {
    "next step: " + step(found)
  }

  static func step(_ found: DoctorFindings) -> String {
    let model = SetupError.suggestedModel
    // The first model of the chain that answers decides; one that refuses its key comes first.
    for link in found.chain where link.state == .answers || link.state == .keyRejected {
      if link.state == .keyRejected { return rejectedKey(link) }
      guard link.type == .ollama else { return "ready: `\(review)`" }
      let pulled = found.pulled[link.provider] ?? []
      if pulled.contains(link.model) || pulled.contains(link.model + ":latest") { return "ready: `\(review)`" }
    }
    if let link = found.chain.first(where: { $0.type == .ollama && $0.state == .answers }) {
      let pulled = found.pulled[link.provider] ?? []
      return pulled.isEmpty
        ? "\(link.model) is not pulled: `ollama pull \(link.model)`"
        : "\(link.model) is not pulled: `ollama pull \(link.model)`, or `git llm setup` to use one already pulled (\(pulled.prefix(3).joined(separator: ", ")))"
    }
    if let server = found.servers.first(where: { !$0.models.isEmpty }) {
      return "`git llm setup` (\(server.label) answers at \(server.baseURL))"
    }
    for (variable, provider, type) in [("ANTHROPIC_API_KEY", "anthropic", ProviderType.anthropic), ("OPENAI_API_KEY", "openai", .openai)]
    where found.keys.contains(variable) {
      let blocked = found.chain.contains { $0.type == type && $0.state == .notContacted }
      return blocked
        ? "privacy.allow_remote is false, so \(provider) is not used: `git llm setup --provider \(provider) --allow-remote` allows it"
        : "\(variable) is set: `git llm setup --provider \(provider) --allow-remote`"
    }
    if found.servers.contains(where: { $0.kind == .ollama }) { return "no model pulled: `ollama pull \(model)`, then `git llm setup`" }
    return "no review model: `ollama pull \(model)`, then `git llm setup`"
  }

  /// Names the variable to check, never the key.
  static func rejectedKey(_ link: DoctorFindings.Link) -> String {
    let variable = link.type == .anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY"
    return "\(link.provider) rejects its API key: check the variable providers.\(link.provider).api_key names "
      + "(setup writes ${\(variable)}; `git llm config show --origin` says where it is set), then `git llm doctor` again"
  }
}
