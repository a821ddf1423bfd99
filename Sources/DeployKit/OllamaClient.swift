import ConfigKit
import Foundation
import HTTPKit

/// The parts of Ollama's API a deploy uses (docs.ollama.com/api): the version, blobs, create
/// (streamed status lines), show and one chat. Each call is one request; nothing is retried here.
public struct OllamaClient: Sendable {
  public let baseURL: String
  let transport: any HTTPTransport

  public init(baseURL: String, transport: any HTTPTransport) {
    self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    self.transport = transport
  }

  /// `GET /api/version`.
  public func version() async throws -> String {
    let object = try await json(HTTPRequest(url: baseURL + "/api/version", deadlines: Self.quick))
    guard let version = object["version"] as? String else { throw OllamaError.badAnswer("no version in /api/version") }
    return version
  }

  /// `HEAD /api/blobs/<digest>`: 200 when the server has it, 404 when not.
  public func hasBlob(_ digest: String) async throws -> Bool {
    let response = try await send(HTTPRequest(method: "HEAD", url: baseURL + "/api/blobs/" + digest, deadlines: Self.quick))
    switch response.head.status {
    case 200: return true
    case 404: return false
    case let status: throw OllamaError.server(status, try await message(response))
    }
  }

  /// `POST /api/blobs/<digest>` with the file's bytes: 201 when stored, 400 when the digest does not match.
  public func pushBlob(_ digest: String, file: String) async throws {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else {
      throw OllamaError.unreadableFile(file)
    }
    let request = HTTPRequest(
      method: "POST", url: baseURL + "/api/blobs/" + digest, headers: [("Content-Type", "application/octet-stream")], body: data,
      deadlines: HTTPDeadlines(connect: .seconds(5), firstByte: .seconds(600), idle: .seconds(600), total: .seconds(7200)))
    let response = try await send(request)
    switch response.head.status {
    case 200, 201: return
    case 400: throw OllamaError.digestMismatch(digest)
    case let status: throw OllamaError.server(status, try await message(response))
    }
  }

  /// `POST /api/create` streamed: each `{"status": …}` line goes to `progress`; an `{"error": …}`
  /// line, before or after others, ends it with that error.
  public func create(_ body: [String: Any], progress: @Sendable (String) -> Void) async throws {
    var request = try Self.post(baseURL + "/api/create", body)
    request.deadlines = HTTPDeadlines(connect: .seconds(5), firstByte: .seconds(600), idle: .seconds(600), total: .seconds(7200))
    let response = try await send(request)
    guard response.head.status == 200 else {
      let text = try await message(response)
      throw Self.createError(text, status: response.head.status)
    }
    var lines = LineSplitter()
    var succeeded = false
    func handle(_ line: [UInt8]) throws {
      guard !line.isEmpty else { return }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
        throw OllamaError.badAnswer("a create status line that is not JSON")
      }
      if let error = object["error"] as? String { throw Self.createError(error, status: 200) }
      if let status = object["status"] as? String {
        progress(status)
        if status == "success" { succeeded = true }
      }
    }
    for try await chunk in response.body {
      for line in try lines.push(chunk) { try handle(line) }
    }
    if let last = try lines.finish() { try handle(last) }
    guard succeeded else { throw OllamaError.createFailed("the status stream ended before \"success\"") }
  }

  /// `POST /api/show`.
  public func show(_ model: String) async throws -> [String: Any] {
    try await json(try Self.post(baseURL + "/api/show", ["model": model]))
  }

  /// `POST /api/chat` without streaming: the answer's text.
  public func chat(_ model: String, _ question: String) async throws -> String {
    let body: [String: Any] = [
      "model": model, "messages": [["role": "user", "content": question]], "stream": false,
      "options": ["temperature": 0, "seed": 42, "num_predict": 64],
    ]
    let object = try await json(try Self.post(baseURL + "/api/chat", body))
    guard let message = object["message"] as? [String: Any], let content = message["content"] as? String else {
      throw OllamaError.badAnswer("no message in /api/chat")
    }
    return content
  }

  /// `sha256:<hex>` of a file, memory-mapped rather than read (a merged model is gigabytes).
  public static func digest(of file: String) throws -> String {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else {
      throw OllamaError.unreadableFile(file)
    }
    return "sha256:" + SHA256.hex(data)
  }

  static let quick = HTTPDeadlines(connect: .seconds(5), firstByte: .seconds(30), idle: .seconds(30), total: .seconds(60))

  static func createError(_ message: String, status: Int) -> OllamaError {
    let lowered = message.lowercased()
    if lowered.contains("unsupported architecture") || lowered.contains("architecture not set") || lowered.contains("not in gguf format")
      || lowered.contains("do not support adapters")
    {
      return .unsupportedArchitecture(message)
    }
    return status == 200 ? .createFailed(message) : .server(status, message)
  }

  static func post(_ url: String, _ body: [String: Any]) throws -> HTTPRequest {
    let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    return HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: data)
  }

  private func send(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
    do {
      return try await transport.send(request)
    } catch let error as HTTPError {
      throw OllamaError.unreachable(baseURL, error.description)
    }
  }

  private func json(_ request: HTTPRequest) async throws -> [String: Any] {
    let response = try await send(request)
    guard response.head.status == 200 else { throw OllamaError.server(response.head.status, try await message(response)) }
    let bytes = try await response.collect()
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
      throw OllamaError.badAnswer("not a JSON object from \(request.url.dropFirst(baseURL.count))")
    }
    return object
  }

  /// Ollama's `{"error": …}`, or the body's first line.
  private func message(_ response: HTTPStreamingResponse) async throws -> String {
    let bytes = (try? await response.collect(limit: 1 << 16)) ?? []
    if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], let error = object["error"] as? String {
      return error
    }
    let text = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    return text.isEmpty ? "no message" : text
  }
}
