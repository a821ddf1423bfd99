import Foundation
import HTTPKit

/// Turns what a server answered (status, headers, body, or an error inside a 200 stream) into
/// a `ProviderError`, reading the body as well as the status: the same status means different
/// things on different servers, and some errors arrive with status 200.
///
/// Error bodies come in several shapes (provider-protocols.md §3.2): `{"error": "text"}`
/// (Ollama), `{"error": {"message", "type", "code"}}` (OpenAI, llama.cpp, vLLM, llama-cpp-python),
/// flat `{"object": "error", "message", "type", "code"}` (older vLLM), and Anthropic's
/// `{"type": "error", "error": {"type", "message"}}`; or an HTML page from a proxy.
public enum ErrorClassifier {
  /// The parts of an error body that matter, whatever its shape.
  public struct ErrorBody: Sendable, Equatable {
    public var message: String
    public var type: String?
    public var code: String?
    /// The context size the server reported (llama.cpp's `n_ctx`).
    public var contextLimit: Int?
  }

  /// Reads an error body of any known shape; for non-JSON bodies the message is the first
  /// line of text (HTML tags removed), so a proxy's error page still says something useful.
  public static func parseBody(_ bytes: [UInt8]) -> ErrorBody {
    if let json = JSONValue.parse(bytes) {
      if case .string(let text)? = json["error"] { return ErrorBody(message: text) }
      if let error = json["error"], case .object = error {
        return ErrorBody(
          message: error["message"]?.stringValue ?? "", type: error["type"]?.stringValue,
          code: error["code"].flatMap(codeText), contextLimit: error["n_ctx"]?.intValue)
      }
      if let message = json["message"]?.stringValue {
        return ErrorBody(message: message, type: json["type"]?.stringValue, code: json["code"].flatMap(codeText))
      }
      if let detail = json["detail"]?.stringValue { return ErrorBody(message: detail) }
    }
    return ErrorBody(message: plainText(bytes))
  }

  /// Classifies an HTTP error response.
  public static func classify(status: Int, headers: [String: String], body: [UInt8], model: String) -> ProviderError {
    let parsed = parseBody(body)
    let message = parsed.message.isEmpty ? "HTTP \(status)" : parsed.message
    if let context = contextOverflow(parsed) { return context }
    let type = parsed.type ?? ""
    switch status {
    case 401, 403: return .unauthorized(message)
    case 402: return .unauthorized("billing: \(message)")
    case 404:
      if type.contains("not_found") || message.lowercased().contains("model") || parsed.code == "model_not_found" {
        return .modelNotFound(model: model, message: message)
      }
      return .invalidRequest(status: status, message: message)
    case 408: return .timeout(.firstByte)
    case 413: return .contextTooLong(message: message, limit: nil)
    case 429:
      if message.contains("enforced_spend_limit") || String(decoding: body, as: UTF8.self).contains("enforced_spend_limit_reached") {
        return .unauthorized("spend limit reached: \(message)")
      }
      return .rateLimited(retryAfter: retryAfter(headers), message: message)
    case 499: return .cancelled
    case 503, 529: return .overloaded(retryAfter: retryAfter(headers), message: message)
    case 400..<500:
      if type == "overloaded_error" { return .overloaded(retryAfter: retryAfter(headers), message: message) }
      if type.contains("permission") || type.contains("authentication") { return .unauthorized(message) }
      return .invalidRequest(status: status, message: message)
    default:
      if type == "overloaded_error" || type == "unavailable_error" { return .overloaded(retryAfter: retryAfter(headers), message: message) }
      return .serverError(status: status, message: message)
    }
  }

  /// Classifies an error that arrived inside a 200 stream (an SSE `error` event, a
  /// `{"error": …}` line), by its type first and its words second, since the status says nothing.
  public static func classifyStreamError(_ json: JSONValue, model: String) -> ProviderError {
    let parsed = parseBody(Array((try? JSONEncoder().encode(json)) ?? Data()))
    let message = parsed.message.isEmpty ? "error in the response stream" : parsed.message
    if let context = contextOverflow(parsed) { return context }
    switch parsed.type ?? "" {
    case "overloaded_error", "unavailable_error": return .overloaded(retryAfter: nil, message: message)
    case "rate_limit_error": return .rateLimited(retryAfter: nil, message: message)
    case "authentication_error", "permission_error": return .unauthorized(message)
    case "not_found_error": return .modelNotFound(model: model, message: message)
    case "invalid_request_error": return .invalidRequest(status: 200, message: message)
    default: return .serverError(status: 200, message: message)
    }
  }

  /// Context-window overflow, from structured fields first and known wordings second.
  static func contextOverflow(_ body: ErrorBody) -> ProviderError? {
    if body.type == "exceed_context_size_error" || body.code == "context_length_exceeded" {
      return .contextTooLong(message: body.message, limit: body.contextLimit ?? firstNumber(after: "context size (", in: body.message))
    }
    let lowered = body.message.lowercased()
    let phrases = [
      "prompt is too long", "exceed context limit", "maximum context length", "exceeds the available context size",
      "longer than the context length", "context length exceeded", "context window", "too many tokens",
      "requested tokens", "exceeds the context",
    ]
    guard phrases.contains(where: lowered.contains) else { return nil }
    let limit =
      firstNumber(after: "context size (", in: body.message)
      ?? firstNumber(after: "maximum context length is ", in: body.message)
      ?? firstNumber(after: "> ", in: body.message)
    return .contextTooLong(message: body.message, limit: limit)
  }

  /// `retry-after-ms`, else `retry-after` in seconds or as an HTTP date.
  public static func retryAfter(_ headers: [String: String], now: Date = Date()) -> Duration? {
    if let text = headers["retry-after-ms"], let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)), milliseconds >= 0 {
      return waitMilliseconds(milliseconds)
    }
    guard let text = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
    if let seconds = Double(text), seconds >= 0 { return waitMilliseconds(seconds * 1000) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    if let date = formatter.date(from: text) {
      return waitMilliseconds(max(0, date.timeIntervalSince(now)) * 1000)
    }
    return nil
  }

  /// A server's wait as a Duration: a huge one ("1e308", "inf") is capped at about 31,000 years,
  /// which fallback.max_retry_after turns down like any wait too long, and NaN is no wait at all.
  private static func waitMilliseconds(_ milliseconds: Double) -> Duration? {
    guard !milliseconds.isNaN else { return nil }
    return .milliseconds(Int64(min(milliseconds, 1e15)))
  }

  private static func codeText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): return text
    case .number(let number): return String(Int(number))
    default: return nil
    }
  }

  private static func firstNumber(after marker: String, in text: String) -> Int? {
    guard let range = text.range(of: marker) else { return nil }
    let digits = text[range.upperBound...].prefix { $0.isNumber }
    return Int(digits)
  }

  /// The first non-empty line of a text or HTML body, tags removed, at most 200 characters.
  static func plainText(_ bytes: [UInt8]) -> String {
    var text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    if let title = text.range(of: "<title>", options: .caseInsensitive),
      let end = text.range(of: "</title>", options: .caseInsensitive, range: title.upperBound..<text.endIndex)
    {
      text = String(text[title.upperBound..<end.lowerBound])
    }
    text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
    return String(line.prefix(200))
  }
}
