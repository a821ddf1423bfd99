import ConfigKit
import ProvidersKit

@testable import GitLLM
@testable import HTTPKit
@testable import RoutingKit

/// Provider and transport failures. These reach the user inside a provider-failure note
/// (`<alias> (<provider>/<model>) failed: …; <fix>`) while the chain moves on, or inside a
/// routing failure when no link answered; the fix is `FailureAdvice`'s, as printed.
enum ProviderErrorCatalog {
  static func explain(_ error: ProviderError) -> Explanation {
    switch error {
    case .unreachable:
      return Explanation(
        code: "provider.unreachable", meaning: "The server could not be reached: refused, no such host, connect timeout or TLS failure.",
        fix: "Start the server (`ollama serve`, `llama-server …`) or correct `base_url`. The provider is skipped for the rest of the run.")
    case .timeout:
      return Explanation(
        code: "provider.timeout", meaning: "A deadline passed: no first byte, too long a silence mid-stream, or the total cap.",
        fix:
          "Check the server is not stuck, or raise `providers.<name>.timeouts.<deadline>`. The provider is skipped for the rest of the run."
      )
    case .rateLimited:
      return Explanation(
        code: "provider.rateLimited",
        meaning:
          "The provider said too many requests (HTTP 429). Retried after its `Retry-After` (when no longer than `fallback.max_retry_after`, else the chain moves on) or a backoff, then the model cools down for `fallback.cooldown`.",
        fix: "Wait, lower `providers.<name>.max_concurrency`, or let the chain fall back.")
    case .overloaded:
      return Explanation(
        code: "provider.overloaded",
        meaning:
          "The server is busy or still loading the model (503, 529, `overloaded_error`). Retried, then cooled down for `fallback.cooldown`.",
        fix: "Try again later; a local server may still be loading the model.")
    case .unauthorized:
      return Explanation(
        code: "provider.unauthorized",
        meaning:
          "The API key is missing, wrong or lacks permission (401, 403). Never retried; the provider is skipped for the rest of the run.",
        fix: "Set `providers.<name>.api_key` (as `${VAR}`) and export the variable.")
    case .modelNotFound:
      return Explanation(
        code: "provider.modelNotFound", meaning: "The provider has no model by that name; that model is skipped for the rest of the run.",
        fix: "Correct `models.<alias>.model`, or pull it (`ollama pull <model>`; `auto_pull: true` does it for Ollama).")
    case .contextTooLong:
      return Explanation(
        code: "provider.contextTooLong", meaning: "The prompt did not fit the model's context window, or the server cut it silently.",
        fix: "Set `models.<alias>.context_window` to the model's real window, so units are packed to fit.")
    case .refused:
      return Explanation(
        code: "provider.refused", meaning: "The model or a content filter refused to answer.", fix: "Route the task to another model.")
    case .invalidRequest:
      return Explanation(
        code: "provider.invalidRequest", meaning: "The server rejected the request (a 4xx other than the above); a retry would not help.",
        fix: "A 404 usually means a wrong `base_url` (an OpenAI-compatible one ends in `/v1`); otherwise read the server's message.")
    case .serverError:
      return Explanation(
        code: "provider.serverError",
        meaning: "The server failed (5xx, or an error event in the middle of a stream). Retried, then cooled down.",
        fix: "Read the server's log; the chain falls back meanwhile.")
    case .malformedResponse:
      return Explanation(
        code: "provider.malformedResponse", meaning: "The answer broke the protocol: not parsable, or cut off before its end marker.",
        fix: "Check that `providers.<name>.type` matches the server (ollama, openai, anthropic).")
    case .cancelled:
      return Explanation(
        code: "provider.cancelled", meaning: "The request was cancelled before it finished; no note is printed for it.", fix: "None needed."
      )
    case .remoteForbidden:
      return Explanation(
        code: "provider.remoteForbidden", meaning: "The provider is remote and `privacy.allow_remote` is false, so nothing was sent to it.",
        fix: "Route to a local model, or set `privacy.allow_remote: true` in a layer you control.")
    }
  }

  static let samples: [ProviderError] = [
    .unreachable("Couldn't connect to server"), .timeout(.firstByte), .rateLimited(retryAfter: .seconds(30), message: "rate_limit_error"),
    .overloaded(retryAfter: nil, message: "model is loading"), .unauthorized("invalid x-api-key"),
    .modelNotFound(model: "qwen2.5-coder:7b", message: "model \"qwen2.5-coder:7b\" not found, try pulling it first"),
    .contextTooLong(message: "prompt is too long", limit: 8192), .refused("the model declined"),
    .invalidRequest(status: 404, message: "404 page not found"), .serverError(status: 500, message: "CUDA error: out of memory"),
    .malformedResponse("no message_stop event"), .cancelled, .remoteForbidden(provider: "claude"),
  ]

  /// Transport failures, as the provider error they become.
  static func explain(_ error: HTTPError) -> Explanation {
    switch error {
    case .transport:
      return Explanation(
        code: "http.transport",
        meaning: "curl could not complete the transfer; before a connection this reads as unreachable, after it as a lost connection.",
        fix: "Check the server and the network; curl's own words follow.")
    case .timeout:
      return Explanation(
        code: "http.timeout", meaning: "A deadline of `providers.<name>.timeouts` ran out; a connect timeout counts as unreachable.",
        fix: "Raise the deadline named, or find why the server is slow.")
    case .cancelled: return Explanation(code: "http.cancelled", meaning: "The transfer was cancelled.", fix: "None needed.")
    case .responseTooLarge:
      return Explanation(
        code: "http.responseTooLarge", meaning: "A response body was larger than git-llm accepts, so it stopped reading.",
        fix: "Check that `base_url` points at a model server and not another service.")
    case .setup:
      return Explanation(
        code: "http.setup", meaning: "The request could not be set up: a malformed URL, or libcurl missing or refusing an option.",
        fix: "Correct `base_url`; `git llm doctor` shows whether libcurl loaded.")
    }
  }

  static let httpSamples: [HTTPError] = [
    .transport(code: 7, message: "Failed to connect to 127.0.0.1 port 11434: Connection refused"),
    .transport(code: 56, message: "Recv failure: Connection reset by peer"), .timeout(.idle), .cancelled,
    .responseTooLarge(limit: 67_108_864), .setup("URL using bad/illegal format or missing URL"),
  ]

  static func explain(_ error: StreamFramingError) -> Explanation {
    switch error {
    case .lineTooLong:
      return Explanation(
        code: "stream.lineTooLong", meaning: "A streamed NDJSON line (Ollama) passed the 8 MB limit without ending.",
        fix: "Check that the server speaks the protocol `type` says.")
    case .eventTooLarge:
      return Explanation(
        code: "stream.eventTooLarge", meaning: "A server-sent event (OpenAI, Anthropic) was larger than the limit.",
        fix: "Check that the server speaks the protocol `type` says.")
    }
  }

  static let framingSamples: [StreamFramingError] = [.lineTooLong(limit: 8 << 20), .eventTooLarge(limit: 8 << 20)]

  /// The note a review or `ask` prints for a provider that failed, with the fix; none for a
  /// cancelled request.
  static func note(_ error: ProviderError) -> [String] {
    let remote = ["unauthorized", "rate-limited", "remote-forbidden"].contains(error.kind)
    let attempt = RouteAttempt(
      alias: remote ? "claude.sonnet" : "ollama.default", provider: remote ? "claude" : "ollama",
      model: remote ? "claude-sonnet-4-5" : "qwen2.5-coder:7b", outcome: .failed(error), duration: .zero)
    let lines = ProviderFailures.lines([[attempt]], config: .defaults)
    return lines.map { "git-llm: " + $0 }
  }
}
