import ConfigKit
import HTTPKit
import ProvidersKit

/// Builds the configured providers.
public enum ProviderFactory {
  /// One provider per `providers.<name>` entry.
  public static func make(_ config: Config, transport: any HTTPTransport, progress: @escaping @Sendable (String) -> Void = { _ in })
    -> [String: any ChatProvider]
  {
    var made: [String: any ChatProvider] = [:]
    for (name, provider) in config.providers {
      made[name] = make(name: name, provider, config: config, transport: transport, progress: progress)
    }
    return made
  }

  static func make(
    name: String, _ provider: ProviderConfig, config: Config, transport: any HTTPTransport, progress: @escaping @Sendable (String) -> Void
  ) -> any ChatProvider {
    var windows: [String: Int] = [:]
    for model in config.models.values where model.provider == name {
      if let window = model.contextWindow { windows[model.model] = window }
    }
    let settings = ProviderSettings(
      name: name, baseURL: provider.baseURL, apiKey: provider.apiKey,
      headers: provider.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
      isRemote: provider.isRemote,
      deadlines: HTTPDeadlines(
        connect: provider.timeouts.connect.duration, firstByte: provider.timeouts.firstByte.duration,
        idle: provider.timeouts.idle.duration, total: provider.timeouts.total.duration),
      contextWindows: windows)
    switch provider.type {
    case .ollama:
      return OllamaProvider(
        settings: settings, keepAlive: provider.keepAlive.text, autoPull: provider.autoPull, transport: transport, progress: progress)
    case .openai: return OpenAICompatibleProvider(settings: settings, transport: transport)
    case .anthropic: return AnthropicProvider(settings: settings, transport: transport)
    case .builtin: return BuiltinProvider(name: name)
    }
  }
}
