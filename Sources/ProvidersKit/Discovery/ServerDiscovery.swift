import Foundation
import HTTPKit

/// A model server found answering on this machine (or where `OLLAMA_HOST` / `--base-url` point).
public struct DiscoveredServer: Sendable, Equatable {
  /// The wire protocol it answered in: Ollama's native API or an OpenAI-compatible `/v1`.
  public enum Kind: String, Sendable, Equatable { case ollama, openai }

  public var kind: Kind
  /// The base URL a provider would use: `http://host:port` for Ollama, `…/v1` for OpenAI-compatible.
  public var baseURL: String
  /// What it is, for people: "Ollama 0.30.2", "llama.cpp server".
  public var label: String
  /// The provider name setup gives it (`ollama`, `llamacpp`, `vllm`, `lmstudio`, `local`).
  public var providerName: String
  /// The models it offers (for Ollama, the pulled ones).
  public var models: [DiscoveredModel]

  public init(kind: Kind, baseURL: String, label: String, providerName: String, models: [DiscoveredModel]) {
    self.kind = kind
    self.baseURL = baseURL
    self.label = label
    self.providerName = providerName
    self.models = models
  }
}

/// One model a server offers, with what it says about it.
public struct DiscoveredModel: Sendable, Equatable {
  public var name: String
  /// Bytes on disk (Ollama's `/api/tags` `size`).
  public var sizeBytes: Int?
  /// The context window the server allocates, when it says (vLLM's `max_model_len`).
  public var contextWindow: Int?

  public init(name: String, sizeBytes: Int? = nil, contextWindow: Int? = nil) {
    self.name = name
    self.sizeBytes = sizeBytes
    self.contextWindow = contextWindow
  }
}

/// Where to look for a server, and what to call it when it answers.
public struct ServerProbe: Sendable, Equatable {
  public var kind: DiscoveredServer.Kind
  public var baseURL: String
  public var label: String
  public var providerName: String

  public init(kind: DiscoveredServer.Kind, baseURL: String, label: String, providerName: String) {
    self.kind = kind
    self.baseURL = ServerProbe.trimmed(baseURL)
    self.label = label
    self.providerName = providerName
  }

  static func trimmed(_ url: String) -> String {
    var text = url
    while text.hasSuffix("/") { text.removeLast() }
    return text
  }

  /// The OpenAI-compatible servers on their usual ports (each project's documented default).
  public static let usualOpenAIServers = [
    ServerProbe(kind: .openai, baseURL: "http://127.0.0.1:8080/v1", label: "llama.cpp server", providerName: "llamacpp"),
    ServerProbe(kind: .openai, baseURL: "http://127.0.0.1:8000/v1", label: "vLLM", providerName: "vllm"),
    ServerProbe(kind: .openai, baseURL: "http://127.0.0.1:1234/v1", label: "LM Studio", providerName: "lmstudio"),
  ]

  /// Ollama where `OLLAMA_HOST` says, as Ollama's own client reads it (envconfig.Host): `host`
  /// or `host:port` means http and port 11434; a URL keeps its scheme's port; a bind-all address
  /// means this machine.
  public static func ollama(host: String?) -> ServerProbe {
    var text = (host ?? "").trimmingCharacters(in: .whitespaces)
    if text.isEmpty { text = "127.0.0.1:11434" }
    let bare = !text.contains("://")
    if bare { text = "http://" + text }
    var components = URLComponents(string: trimmed(text))
    if components?.host == "0.0.0.0" || components?.host == "" { components?.host = "127.0.0.1" }
    if bare && components?.port == nil { components?.port = 11434 }
    let url = components?.string ?? "http://127.0.0.1:11434"
    return ServerProbe(kind: .ollama, baseURL: url, label: "Ollama", providerName: "ollama")
  }

  /// An OpenAI-compatible server at a URL the user gave; `/v1` is added when missing.
  public static func openAI(at url: String, providerName: String = "local") -> ServerProbe {
    let base = trimmed(url)
    return ServerProbe(
      kind: .openai, baseURL: base.hasSuffix("/v1") ? base : base + "/v1", label: "OpenAI-compatible server", providerName: providerName)
  }
}

/// Finds running model servers: every probe at once, each with short deadlines, so that looking
/// costs a fraction of a second when nothing runs (a refused connection answers at once).
public enum ServerDiscovery {
  /// The deadlines of one probe: a local server answers its model list in milliseconds.
  public static let probeDeadlines = HTTPDeadlines(
    connect: .milliseconds(300), firstByte: .milliseconds(800), idle: .milliseconds(800), total: .milliseconds(1500))

  /// The servers that answered, in probe order.
  public static func discover(_ probes: [ServerProbe], transport: any HTTPTransport) async -> [DiscoveredServer] {
    await withTaskGroup(of: (Int, DiscoveredServer?).self) { group in
      for (index, probe) in probes.enumerated() {
        group.addTask { (index, await look(probe, transport: transport)) }
      }
      var found: [(Int, DiscoveredServer)] = []
      for await case let (index, server?) in group { found.append((index, server)) }
      return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  /// One probe: Ollama's `/api/version` then `/api/tags`; an OpenAI-compatible `/models`.
  public static func look(_ probe: ServerProbe, transport: any HTTPTransport) async -> DiscoveredServer? {
    switch probe.kind {
    case .ollama:
      guard let version = await get(probe.baseURL + "/api/version", transport: transport)?["version"]?.stringValue,
        let tags = await get(probe.baseURL + "/api/tags", transport: transport)?["models"]?.arrayValue
      else { return nil }
      let models = tags.compactMap { entry in
        entry["name"]?.stringValue.map { DiscoveredModel(name: $0, sizeBytes: entry["size"]?.intValue) }
      }
      return DiscoveredServer(
        kind: .ollama, baseURL: probe.baseURL, label: "\(probe.label) \(version)", providerName: probe.providerName, models: models)
    case .openai:
      guard let list = await get(probe.baseURL + "/models", transport: transport)?["data"]?.arrayValue else { return nil }
      let models = list.compactMap { entry in
        entry["id"]?.stringValue.map { DiscoveredModel(name: $0, contextWindow: entry["max_model_len"]?.intValue) }
      }
      return DiscoveredServer(kind: .openai, baseURL: probe.baseURL, label: probe.label, providerName: probe.providerName, models: models)
    }
  }

  /// The trained context length Ollama reports for a pulled model (`/api/show`), if any.
  public static func ollamaContextLength(of model: String, at baseURL: String, transport: any HTTPTransport) async -> Int? {
    let body = try? JSONEncoder().encode(["model": model])
    let request = HTTPRequest(
      method: "POST", url: ServerProbe.trimmed(baseURL) + "/api/show", headers: [("Content-Type", "application/json")], body: body,
      deadlines: probeDeadlines)
    guard case .object(let info)? = await send(request, transport: transport)?["model_info"] else { return nil }
    return info.first { $0.key.hasSuffix(".context_length") }?.value.intValue
  }

  private static func get(_ url: String, transport: any HTTPTransport) async -> JSONValue? {
    await send(HTTPRequest(method: "GET", url: url, deadlines: probeDeadlines), transport: transport)
  }

  /// The JSON body of a 200 answer; nil for anything else (refused, timed out, not JSON).
  private static func send(_ request: HTTPRequest, transport: any HTTPTransport) async -> JSONValue? {
    guard let response = try? await transport.send(request), response.head.status == 200,
      let body = try? await response.collect(limit: 4 << 20)
    else { return nil }
    return JSONValue.parse(body)
  }
}
