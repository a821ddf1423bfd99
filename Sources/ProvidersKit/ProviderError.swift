import Foundation
import HTTPKit

/// Every way a provider can fail, the same for all providers, so that the router decides
/// retry and fallback by class rather than by each server's wording.
public enum ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server could not be reached (refused, DNS, connect timeout, TLS).
  case unreachable(String)
  /// A deadline passed.
  case timeout(HTTPDeadline)
  /// Too many requests; wait `retryAfter` (when the server said) before trying again.
  case rateLimited(retryAfter: Duration?, message: String)
  /// The server is busy or loading (503, 529, overloaded_error).
  case overloaded(retryAfter: Duration?, message: String)
  /// The key is missing, wrong or lacks permission (401, 403).
  case unauthorized(String)
  /// The model does not exist on this provider.
  case modelNotFound(model: String, message: String)
  /// The prompt does not fit the model's context window (including silent truncation).
  case contextTooLong(message: String, limit: Int?)
  /// The model or a filter refused to answer.
  case refused(String)
  /// The request itself is wrong (other 4xx); retrying will not help.
  case invalidRequest(status: Int, message: String)
  /// The server failed (5xx, an error event mid-stream).
  case serverError(status: Int, message: String)
  /// The answer broke the protocol: unparsable, cut before its end marker.
  case malformedResponse(String)
  /// The request was cancelled by the user.
  case cancelled
  /// `privacy.allow_remote` is false and this provider is remote.
  case remoteForbidden(provider: String)

  public var description: String {
    switch self {
    case .unreachable(let message): return "unreachable: \(message)"
    case .timeout(let deadline): return "timed out (\(deadline.rawValue) deadline)"
    case .rateLimited(let after, let message): return "rate limited\(Self.after(after)): \(message)"
    case .overloaded(let after, let message): return "overloaded\(Self.after(after)): \(message)"
    case .unauthorized(let message): return "unauthorized: \(message)"
    case .modelNotFound(let model, let message): return "model '\(model)' not found: \(message)"
    case .contextTooLong(let message, let limit): return "prompt too long\(limit.map { " (limit \($0) tokens)" } ?? ""): \(message)"
    case .refused(let message): return "refused: \(message)"
    case .invalidRequest(let status, let message): return "invalid request (HTTP \(status)): \(message)"
    case .serverError(let status, let message): return "server error\(status > 0 ? " (HTTP \(status))" : ""): \(message)"
    case .malformedResponse(let message): return "malformed response: \(message)"
    case .cancelled: return "cancelled"
    case .remoteForbidden(let provider): return "'\(provider)' is remote and privacy.allow_remote is false"
    }
  }

  /// A short stable name for JSON output and logs.
  public var kind: String {
    switch self {
    case .unreachable: return "unreachable"
    case .timeout: return "timeout"
    case .rateLimited: return "rate-limited"
    case .overloaded: return "overloaded"
    case .unauthorized: return "unauthorized"
    case .modelNotFound: return "model-not-found"
    case .contextTooLong: return "context-too-long"
    case .refused: return "refused"
    case .invalidRequest: return "invalid-request"
    case .serverError: return "server-error"
    case .malformedResponse: return "malformed-response"
    case .cancelled: return "cancelled"
    case .remoteForbidden: return "remote-forbidden"
    }
  }

  /// The same error with every occurrence of `secrets` (API keys, header values) removed from
  /// its message: some servers quote the key they rejected, and errors are printed.
  public func redacting(_ secrets: [String]) -> ProviderError {
    let real = secrets.filter { $0.count >= 4 }
    guard !real.isEmpty else { return self }
    func clean(_ text: String) -> String { real.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") } }
    switch self {
    case .unreachable(let message): return .unreachable(clean(message))
    case .rateLimited(let after, let message): return .rateLimited(retryAfter: after, message: clean(message))
    case .overloaded(let after, let message): return .overloaded(retryAfter: after, message: clean(message))
    case .unauthorized(let message): return .unauthorized(clean(message))
    case .modelNotFound(let model, let message): return .modelNotFound(model: model, message: clean(message))
    case .contextTooLong(let message, let limit): return .contextTooLong(message: clean(message), limit: limit)
    case .refused(let message): return .refused(clean(message))
    case .invalidRequest(let status, let message): return .invalidRequest(status: status, message: clean(message))
    case .serverError(let status, let message): return .serverError(status: status, message: clean(message))
    case .malformedResponse(let message): return .malformedResponse(clean(message))
    case .timeout, .cancelled, .remoteForbidden: return self
    }
  }

  private static func after(_ duration: Duration?) -> String {
    guard let duration else { return "" }
    return String(format: ", retry after %.1fs", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
  }
}

extension ProviderError: LocalizedError {
  public var errorDescription: String? { description }
}
