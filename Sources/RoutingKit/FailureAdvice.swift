import ConfigKit
import HTTPKit
import ProvidersKit

extension RouteAttempt {
  /// What the user can do about this failed attempt, naming the setting to check; nil when it
  /// did not fail or nothing here would change the outcome. Never quotes a key or a URL (a URL
  /// may carry a password).
  public func fix(_ config: Config) -> String? {
    guard case .failed(let error) = outcome else { return nil }
    let key = "providers.\(provider)"
    let type = config.providers[provider]?.type
    switch error {
    case .unauthorized: return "check \(key).api_key"
    case .unreachable: return "check that the server is running and \(key).base_url points at it"
    case .timeout(let deadline):
      let name = Self.configName(deadline)
      let now = config.providers[provider].map { " (now \(Self.timeout(deadline, $0.timeouts).text))" } ?? ""
      return "check that the server is answering, or raise \(key).timeouts.\(name)\(now); it is not asked again in this run"
    case .modelNotFound:
      return "check models.\(alias).model" + (type == .ollama ? ", or run 'ollama pull \(model)'" : "")
    case .invalidRequest(status: 404, _):
      return "check \(key).base_url" + (type == .openai ? " (an OpenAI-compatible URL ends in /v1)" : "")
    case .contextTooLong: return "set models.\(alias).context_window to the model's real window so requests are sized to fit"
    case .rateLimited, .overloaded: return "the server is busy; try again later"
    case .malformedResponse: return "check that \(key).type matches the server"
    case .remoteForbidden: return "set privacy.allow_remote: true to use it, or route to a local model"
    case .serverError, .invalidRequest, .refused, .cancelled: return nil
    }
  }

  /// The deadline's name among `providers.<name>.timeouts`.
  static func configName(_ deadline: HTTPDeadline) -> String {
    switch deadline {
    case .connect: return "connect"
    case .firstByte: return "first_byte"
    case .idle: return "idle"
    case .total: return "total"
    }
  }

  static func timeout(_ deadline: HTTPDeadline, _ timeouts: ProviderTimeouts) -> ValueDuration {
    switch deadline {
    case .connect: return timeouts.connect
    case .firstByte: return timeouts.firstByte
    case .idle: return timeouts.idle
    case .total: return timeouts.total
    }
  }
}
