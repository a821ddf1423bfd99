import ConfigKit
import HTTPKit
import ProvidersKit

/// Turns what setup found, and the flags, into the chain it proposes.
struct SetupProposal: Sendable {
  let findings: SetupFindings
  let options: SetupOptions

  /// Every model that could head the chain: the servers' models, best first per server (servers
  /// in the order found: Ollama, then llama.cpp, vLLM, LM Studio), then the cloud APIs whose key
  /// is set. `--provider` keeps only its own.
  var choices: [SetupCandidate] {
    var out: [SetupCandidate] = []
    for server in findings.servers where options.provider.map({ $0.rawValue == server.kind.rawValue }) ?? true {
      for model in ModelRanking.ranked(server.models) {
        out.append(.local(server, model: model, contextWindow: model.contextWindow))
      }
    }
    return out + cloudChoices
  }

  /// The cloud APIs that can be used: those whose key is in the environment; with `--provider`
  /// and a remote `--base-url`, that endpoint. `ANTHROPIC_BASE_URL` / `OPENAI_BASE_URL` stand in
  /// for `--base-url` where it is not given.
  var cloudChoices: [SetupCandidate] {
    let anthropic = findings.has("ANTHROPIC_API_KEY")
    let openAI = findings.has("OPENAI_API_KEY")
    let anthropicURL = findings.endpoints[.anthropic]
    let openAIURL = findings.endpoints[.openai].flatMap { SetupProposal.isRemote($0) ? $0 : nil }
    switch options.provider {
    case .ollama: return []
    case .anthropic: return anthropic ? [.anthropic(baseURL: options.baseURL ?? anthropicURL, model: nil)] : []
    case .openai:
      if let url = options.baseURL ?? findings.endpoints[.openai] {
        return SetupProposal.isRemote(url) ? [.openAI(baseURL: url, keyed: openAI)] : []
      }
      return openAI ? [.openAI(baseURL: nil, keyed: true)] : []
    case nil:
      return (anthropic ? [.anthropic(baseURL: anthropicURL, model: nil)] : []) + (openAI ? [.openAI(baseURL: openAIURL, keyed: true)] : [])
    }
  }

  /// Whether a URL is off this machine (only literal loopback addresses count as local).
  static func isRemote(_ url: String) -> Bool { ProviderConfig(type: .openai, baseURL: url).isRemote }

  /// The proposal without questions: the best local model, then (remote allowed) the first cloud
  /// API, then `builtin`. With `--provider`, that provider alone; with `--model`, its model.
  func plan(allowRemote: Bool) throws(SetupError) -> SetupPlan {
    let all = choices
    if options.provider != nil {
      guard var first = all.first else { throw missing() }
      if let model = options.model { first = try pick(model, from: all, replacing: first) }
      if first.isRemote && !allowRemote { throw .remoteNotAllowed(first.provider) }
      return SetupPlan(chain: [first])
    }
    var chain: [SetupCandidate] = []
    if var local = all.first(where: { !$0.isRemote }) {
      if let model = options.model { local = try pick(model, from: all, replacing: local) }
      chain.append(local)
    }
    if allowRemote, let cloud = cloudChoices.first, !chain.contains(where: { $0.isRemote }) {
      chain.append(chain.isEmpty && options.model != nil ? try pick(options.model ?? "", from: all, replacing: cloud) : cloud)
    }
    return SetupPlan(chain: chain)
  }

  /// `--model` on the server of `candidate`: one it offers (a cloud API takes any name).
  func pick(_ model: String, from all: [SetupCandidate], replacing candidate: SetupCandidate) throws(SetupError) -> SetupCandidate {
    if candidate.isRemote {
      var chosen = candidate
      chosen.model = model
      return chosen
    }
    let same = all.filter { $0.provider == candidate.provider }
    guard let found = same.first(where: { $0.model == model || $0.model == model + ":latest" }) else {
      throw .modelNotOffered(model: model, server: candidate.source, offered: same.map(\.model), ollama: candidate.type == .ollama)
    }
    return found
  }

  /// Why nothing can head the chain for `--provider`.
  func missing() -> SetupError {
    switch options.provider {
    case .ollama:
      let url = findings.probes.first?.baseURL ?? "http://127.0.0.1:11434"
      if let server = findings.servers.first(where: { $0.kind == .ollama }), server.models.isEmpty { return .noModelsPulled(url) }
      return .nothingAnswers(
        url, what: "Ollama", fix: options.baseURL == nil ? "start it (ollama serve) or set OLLAMA_HOST" : "start it or fix --base-url")
    case .openai:
      let places = findings.probes.map(\.baseURL).joined(separator: ", ")
      if options.baseURL != nil { return .nothingAnswers(places, what: "an OpenAI-compatible server", fix: "start it or fix --base-url") }
      if findings.endpoints[.openai] != nil {
        return .nothingAnswers(places, what: "an OpenAI-compatible server", fix: "start it, or fix or unset OPENAI_BASE_URL")
      }
      return .nothingAnswers(
        places.isEmpty ? "the usual ports" : places, what: "an OpenAI-compatible server",
        fix: "start one, pass --base-url, or export OPENAI_API_KEY for api.openai.com")
    case .anthropic: return .keyNotSet("ANTHROPIC_API_KEY")
    case nil: return .noModel
    }
  }
}
