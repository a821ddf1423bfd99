import Foundation
import Synchronization

/// An in-process Ollama that speaks the parts a deploy uses as docs/api.md describes them:
/// `/api/version`, `HEAD`/`POST /api/blobs/sha256:…` (200/404, 201/400 on a digest that does not
/// match the bytes), `/api/create` streaming NDJSON status lines, `/api/show`, `/api/chat`. No
/// real Ollama installs here; faults are injected by `failure`.
public final class FakeOllama: Sendable {
  public enum Failure: Sendable { case none, rejectUploads, unsupportedArchitecture, errorMidStream }

  public let version: String
  public let failure: Failure
  public let blobs = Mutex<[String: Data]>([:])
  public let createBodies = Mutex<[Data]>([])

  /// The `/api/create` bodies received, parsed.
  public var creates: [[String: Any]] {
    createBodies.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
  }
  public private(set) nonisolated(unsafe) var server: TestHTTPServer?

  public init(version: String = "0.30.2", failure: Failure = .none) throws {
    self.version = version
    self.failure = failure
    server = try TestHTTPServer { [unowned self] request in self.answer(request) }
  }

  public var url: String { server?.baseURL ?? "" }

  func answer(_ request: TestHTTPRequest) -> TestHTTPResponse {
    switch (request.method, request.path) {
    case ("GET", "/api/version"): return .json(200, #"{"version":"\#(version)"}"#)
    case ("HEAD", let path) where path.hasPrefix("/api/blobs/"):
      let present = blobs.withLock { $0[String(path.dropFirst("/api/blobs/".count))] != nil }
      return TestHTTPResponse([.head(status: present ? 200 : 404, headers: [("Content-Length", "0")])])
    case ("POST", let path) where path.hasPrefix("/api/blobs/"):
      let digest = String(path.dropFirst("/api/blobs/".count))
      guard failure != .rejectUploads, digest == "sha256:" + SHA256Hex.of(request.body) else {
        return .json(400, #"{"error":"digest mismatch, expected \#(digest)"}"#)
      }
      blobs.withLock { $0[digest] = request.body }
      return TestHTTPResponse([.head(status: 201, headers: [("Content-Length", "0")])])
    case ("POST", "/api/create"): return create(request)
    case ("POST", "/api/show"):
      return .json(
        200, #"{"modelfile":"FROM base","details":{"format":"gguf","family":"llama"},"model_info":{"general.architecture":"llama"}}"#)
    case ("POST", "/api/chat"):
      return .json(200, #"{"model":"x","message":{"role":"assistant","content":"Fix the typo in the README"},"done":true}"#)
    default: return .json(404, #"{"error":"not found"}"#)
    }
  }

  private func create(_ request: TestHTTPRequest) -> TestHTTPResponse {
    guard let body = request.json as? [String: Any] else { return .json(400, #"{"error":"invalid request"}"#) }
    createBodies.withLock { $0.append(request.body) }
    let named = ((body["adapters"] as? [String: String]) ?? [:]).merging((body["files"] as? [String: String]) ?? [:]) { $1 }
    if body["from"] == nil && named.isEmpty { return .json(400, #"{"error":"neither 'from' or 'files' was specified"}"#) }
    for digest in named.values where blobs.withLock({ $0[digest] == nil }) {
      return .json(400, #"{"error":"blob \#(digest) not found"}"#)
    }
    switch failure {
    case .unsupportedArchitecture: return .json(400, #"{"error":"unsupported architecture \"qwen3\""}"#)
    case .errorMidStream:
      return .stream(
        contentType: "application/x-ndjson",
        chunks: [#"{"status":"parsing GGUF"}"# + "\n", #"{"error":"only one adapter is currently supported"}"# + "\n"])
    case .none, .rejectUploads:
      let lines = ["parsing GGUF", "using existing layer \(named.values.first ?? "")", "writing manifest", "success"]
      return .stream(contentType: "application/x-ndjson", chunks: lines.map { #"{"status":"\#($0)"}"# + "\n" })
    }
  }
}

/// sha256 for the fake server, through the shell's sha256sum (an independent oracle).
public enum SHA256Hex {
  public static func of(_ data: Data) -> String {
    guard let result = try? run("/usr/bin/sha256sum", [], stdin: data) else { return "" }
    return String(result.output.prefix(64))
  }
}
