import Foundation
import HTTPKit

/// What every HTTP provider needs from the configuration, already resolved.
public struct ProviderSettings: Sendable {
  /// The provider's name in the configuration.
  public var name: String
  /// The endpoint, without a trailing slash.
  public var baseURL: String
  /// Sent as the provider expects (bearer token, x-api-key); never logged or echoed.
  public var apiKey: String?
  /// Extra headers; values may be secrets.
  public var headers: [(String, String)]
  public var isRemote: Bool
  public var deadlines: HTTPDeadlines
  /// Context window per model name, for models the configuration gives one.
  public var contextWindows: [String: Int]

  public init(
    name: String, baseURL: String, apiKey: String? = nil, headers: [(String, String)] = [], isRemote: Bool,
    deadlines: HTTPDeadlines = HTTPDeadlines(), contextWindows: [String: Int] = [:]
  ) {
    self.name = name
    var trimmed = baseURL
    while trimmed.hasSuffix("/") { trimmed.removeLast() }
    self.baseURL = trimmed
    self.apiKey = apiKey
    self.headers = headers
    self.isRemote = isRemote
    self.deadlines = deadlines
    self.contextWindows = contextWindows
  }

  /// Values that must never appear in an error message: the key and header values.
  var secrets: [String] { [apiKey].compactMap { $0 } + headers.map(\.1) }

  /// Runs a management call, removing secrets from any error it throws.
  func redactingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch {
      throw ProviderError(error).redacting(secrets)
    }
  }

  /// A request to `path` under the base URL with the provider's headers and deadlines.
  func request(_ method: String, _ path: String, body: [UInt8]? = nil, extraHeaders: [(String, String)] = []) -> HTTPRequest {
    var all = headers + extraHeaders
    if body != nil { all.append(("Content-Type", "application/json")) }
    return HTTPRequest(method: method, url: baseURL + path, headers: all, body: body.map { Data($0) }, deadlines: deadlines)
  }

  /// Deadlines for quick management calls (health, model lists).
  func quick(_ request: HTTPRequest, seconds: Int64 = 5) -> HTTPRequest {
    var copy = request
    copy.deadlines = HTTPDeadlines(
      connect: min(deadlines.connect, .seconds(seconds)), firstByte: .seconds(seconds), idle: .seconds(seconds),
      total: .seconds(seconds * 2))
    return copy
  }
}

/// Encodes a wire body; encoding our own Encodable types cannot fail in practice, but any
/// failure still surfaces as a classified error rather than a crash.
func encodeBody(_ value: some Encodable) throws -> [UInt8] {
  do {
    // Sorted keys: the same request is the same bytes every time (Swift's dictionaries are
    // unordered), which servers' prompt caches and git-llm's own review cache rely on.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(value))
  } catch {
    throw ProviderError.invalidRequest(status: 0, message: "could not encode the request: \(error)")
  }
}

/// Measures a health check: GET `path`, any HTTP answer counts as reachable.
func probe(
  _ transport: any HTTPTransport, _ request: HTTPRequest, checksKey: Bool = false, describe: @Sendable ([UInt8], Int) -> String
) async -> ProviderHealth {
  let clock = ContinuousClock()
  let start = clock.now
  do {
    let response = try await transport.send(request)
    let body = (try? await response.collect(limit: 1 << 20)) ?? []
    let status = response.head.status
    // A server that answers 401/403 is up, but nothing it serves will work with this key.
    if checksKey && (status == 401 || status == 403) {
      var said = ""
      if case let .unauthorized(message) = ErrorClassifier.classify(status: status, headers: [:], body: body, model: "") { said = message }
      var health = ProviderHealth(
        reachable: true, latency: clock.now - start, detail: "key rejected (HTTP \(status))" + (said.isEmpty ? "" : ": \(said)"))
      health.keyRejected = true
      return health.redacting(request.headers.map(\.1))
    }
    return ProviderHealth(reachable: true, latency: clock.now - start, detail: describe(body, status)).redacting(
      request.headers.map(\.1))
  } catch {
    return ProviderHealth(reachable: false, latency: clock.now - start, detail: ProviderError(error).description).redacting(
      request.headers.map(\.1))
  }
}

extension ProviderHealth {
  /// The same result with secrets removed from its detail.
  func redacting(_ secrets: [String]) -> ProviderHealth {
    var copy = self
    for secret in secrets where secret.count >= 4 { copy.detail = copy.detail.replacingOccurrences(of: secret, with: "***") }
    return copy
  }
}
