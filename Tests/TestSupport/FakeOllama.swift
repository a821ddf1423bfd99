import Foundation
import Synchronization

/// An in-process Ollama that speaks the parts a deploy, setup and a review use as docs/api.md
/// describes them: `GET /` ("Ollama is running"), `/api/version`, `/api/tags` (the `models`
/// given), `HEAD`/`POST /api/blobs/sha256:…` (200/404, 201/400 on a digest that does not match
/// the bytes), `/api/create` streaming NDJSON status lines, `/api/show` (with
/// `<arch>.context_length`; 404 for a model not pulled, when models are given), `/api/chat`
/// (`chatAnswer` as one final line with `done: true`, which reads as a stream of one line and as a whole answer). No real Ollama installs here; faults are
/// injected by `failure`.
public final class FakeOllama: Sendable {
  public enum Failure: Sendable { case none, rejectUploads, unsupportedArchitecture, errorMidStream }

  /// A pulled model as `/api/tags` lists it.
  public struct Model: Sendable {
    public let name: String
    public let size: Int
    public let contextLength: Int
    public init(name: String, size: Int = 4_683_087_332, contextLength: Int = 32768) {
      self.name = name
      self.size = size
      self.contextLength = contextLength
    }
  }

  public let version: String
  public let failure: Failure
  public let models: [Model]
  /// The assistant's text for every `/api/chat`.
  public let chatAnswer: String
  public let chatBodies = Mutex<[Data]>([])
  public let blobs = Mutex<[String: Data]>([:])
  public let createBodies = Mutex<[Data]>([])

  /// The `/api/create` bodies received, parsed.
  public var creates: [[String: Any]] {
    createBodies.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
  }
  public private(set) nonisolated(unsafe) var server: TestHTTPServer?

  public init(
    version: String = "0.30.2", failure: Failure = .none, models: [Model] = [], chatAnswer: String = "Fix the typo in the README"
  ) throws {
    self.version = version
    self.failure = failure
    self.models = models
    self.chatAnswer = chatAnswer
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
    case ("GET", "/"): return .text(200, "Ollama is running")
    case ("GET", "/api/tags"): return .json(200, tags)
    case ("POST", "/api/show"): return show(request)
    case ("POST", "/api/chat"):
      chatBodies.withLock { $0.append(request.body) }
      return .json(200, chatLine(chatAnswer))
    default: return .json(404, #"{"error":"not found"}"#)
    }
  }

  private var tags: String {
    let entries = models.map { model in
      #"{"name":"\#(model.name)","model":"\#(model.name)","modified_at":"2026-08-01T10:00:00Z","size":\#(model.size),"digest":"d\#(model.name.count)","details":{"format":"gguf","family":"qwen2","parameter_size":"7.6B","quantization_level":"Q4_K_M"}}"#
    }
    return #"{"models":["# + entries.joined(separator: ",") + "]}"
  }

  private func show(_ request: TestHTTPRequest) -> TestHTTPResponse {
    let name = (request.json as? [String: Any])?["model"] as? String ?? ""
    let model = models.first { $0.name == name || $0.name == name + ":latest" }
    if !models.isEmpty && model == nil { return .json(404, #"{"error":"model '\#(name)' not found"}"#) }
    let context = model.map { #","llama.context_length":\#($0.contextLength)"# } ?? ""
    return .json(
      200,
      #"{"modelfile":"FROM base","details":{"format":"gguf","family":"llama"},"model_info":{"general.architecture":"llama"\#(context)}}"#)
  }

  /// Ollama's final chat line: the whole answer, `done: true` and the counts.
  private func chatLine(_ text: String) -> String {
    let content = String(
      decoding: (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data(), as: UTF8.self)
    let escaped = String(content.dropFirst().dropLast())
    return
      #"{"model":"x","created_at":"2026-08-01T10:00:00Z","message":{"role":"assistant","content":\#(escaped)},"done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":5}"#
      + "\n"
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
