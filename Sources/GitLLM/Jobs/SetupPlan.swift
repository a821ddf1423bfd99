import ConfigKit
import ProvidersKit

/// One model `git llm setup` can route to, and how its provider is written.
struct SetupCandidate: Sendable, Equatable {
  /// The provider's name in the configuration (`ollama`, `llamacpp`, `claude`, …).
  var provider: String
  var type: ProviderType
  /// Written as `base_url` when set; nil keeps the type's default endpoint.
  var baseURL: String?
  /// The variable `api_key` refers to (`${ANTHROPIC_API_KEY}`); never the value.
  var apiKeyVariable: String?
  var alias: String
  var model: String
  var contextWindow: Int?
  /// Whether code leaves the machine to reach it.
  var isRemote: Bool
  /// Where it was found, for people: "Ollama 0.30.2 at http://127.0.0.1:11434".
  var source: String

  var summary: String { "\(alias) (\(provider)/\(model))" }

  /// Ollama's trained context length can be far more than a machine holds (num_ctx is allocated
  /// up front), so setup writes at most this; a larger window is one `context_window` edit away.
  static let largestLocalWindow = 16384
  static let defaultLocalWindow = 8192

  /// A model on a server found running.
  static func local(_ server: DiscoveredServer, model: DiscoveredModel, contextWindow: Int?) -> SetupCandidate {
    let type: ProviderType = server.kind == .ollama ? .ollama : .openai
    let window = contextWindow.map { min($0, largestLocalWindow) } ?? (type == .ollama ? defaultLocalWindow : nil)
    return SetupCandidate(
      provider: server.providerName, type: type, baseURL: server.baseURL, apiKeyVariable: nil, alias: server.providerName + ".default",
      model: model.name, contextWindow: window, isRemote: false, source: "\(server.label) at \(server.baseURL)")
  }

  /// The current Anthropic model git-llm's docs route reviews to.
  static let anthropicModel = "claude-sonnet-4-5"
  static let openAIModel = "gpt-4.1-mini"

  static func anthropic(baseURL: String?, model: String?) -> SetupCandidate {
    SetupCandidate(
      provider: "claude", type: .anthropic, baseURL: baseURL, apiKeyVariable: "ANTHROPIC_API_KEY", alias: "claude.sonnet",
      model: model ?? anthropicModel, contextWindow: 200_000, isRemote: true, source: "ANTHROPIC_API_KEY in the environment")
  }

  /// OpenAI's API, or a remote OpenAI-compatible endpoint; `keyed` when OPENAI_API_KEY is set.
  static func openAI(baseURL: String?, keyed: Bool) -> SetupCandidate {
    SetupCandidate(
      provider: "openai", type: .openai, baseURL: baseURL, apiKeyVariable: keyed ? "OPENAI_API_KEY" : nil, alias: "openai.default",
      model: openAIModel, contextWindow: baseURL == nil ? 128_000 : nil, isRemote: true,
      source: baseURL.map { "the endpoint \($0)" } ?? "OPENAI_API_KEY in the environment")
  }
}

/// What setup proposes: the chain of models every task routes to (then `builtin`), and the keys
/// that make it so in one configuration layer.
struct SetupPlan: Sendable, Equatable {
  /// The tasks setup routes; the ones `Config.defaults` routes.
  static let tasks = ["review", "tech_debt", "commit_message", "critical", "ask"]

  /// Local models first, then remote ones; `builtin` is always added last.
  var chain: [SetupCandidate]

  var aliases: [String] { chain.map(\.alias) + ["builtin"] }
  var needsRemote: Bool { chain.contains(where: \.isRemote) }

  /// How `api_key` is written: a `${VAR}` reference; the variable's value (`--literal-key`), by
  /// variable name; or `***`, in what is shown.
  enum KeyText: Sendable, Equatable {
    case reference
    case literal([String: String])
    case masked

    var isLiteral: Bool { if case .literal = self { true } else { false } }

    func yaml(_ variable: String) -> String {
      switch self {
      case .reference: LayerEdit.reference(variable)
      // `scalar` writes a `$` as `$$`, so a key is never read as a substitution.
      case let .literal(values): values[variable].map(LayerEdit.scalar) ?? LayerEdit.reference(variable)
      case .masked: LayerEdit.scalar("***")
      }
    }
  }

  /// The variables the chain's API keys come from.
  var keyVariables: [String] { chain.compactMap(\.apiKeyVariable) }

  /// The keys to set, in the order a reader expects them in the file.
  func assignments(keys: KeyText = .reference) -> [LayerEdit.Assignment] {
    var out: [LayerEdit.Assignment] = []
    for candidate in chain {
      let base = ["providers", candidate.provider]
      out.append(.init(base + ["type"], candidate.type.rawValue))
      if let url = candidate.baseURL { out.append(.init(base + ["base_url"], LayerEdit.scalar(url))) }
      if let variable = candidate.apiKeyVariable { out.append(.init(base + ["api_key"], keys.yaml(variable))) }
    }
    for candidate in chain {
      let base = ["models", candidate.alias]
      out.append(.init(base + ["provider"], LayerEdit.scalar(candidate.provider)))
      out.append(.init(base + ["model"], LayerEdit.scalar(candidate.model)))
      if let window = candidate.contextWindow { out.append(.init(base + ["context_window"], String(window))) }
    }
    for task in Self.tasks { out.append(.init(["routing", task], LayerEdit.list(aliases))) }
    if needsRemote { out.append(.init(["privacy", "allow_remote"], "true")) }
    return out
  }

  /// The chain as one line: "ollama.default (ollama/qwen2.5-coder:7b) → builtin".
  var routeLine: String { (chain.map(\.summary) + ["builtin"]).joined(separator: " → ") }

  /// Whether `config` routes and names the models as this plan wrote them.
  func isSatisfied(by config: Config) -> Bool {
    Self.tasks.allSatisfy { config.chain(for: $0) == aliases }
      && chain.allSatisfy { candidate in
        config.models[candidate.alias]?.model == candidate.model && config.models[candidate.alias]?.provider == candidate.provider
          && config.providers[candidate.provider]?.type == candidate.type
      }
  }
}
