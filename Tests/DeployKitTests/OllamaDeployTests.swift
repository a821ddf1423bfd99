import DeployKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

/// An in-process Ollama that speaks the parts a deploy uses as docs/api.md describes them:
/// `/api/version`, `HEAD`/`POST /api/blobs/sha256:…` (200/404, 201/400 on a digest that does not
/// match the bytes), `/api/create` streaming NDJSON status lines, `/api/show`, `/api/chat`. No
/// real Ollama installs here; faults are injected by `failure`.
final class FakeOllama: Sendable {
  enum Failure: Sendable { case none, rejectUploads, unsupportedArchitecture, errorMidStream }

  let version: String
  let failure: Failure
  let blobs = Mutex<[String: Data]>([:])
  let createBodies = Mutex<[Data]>([])

  /// The `/api/create` bodies received, parsed.
  var creates: [[String: Any]] {
    createBodies.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
  }
  private(set) nonisolated(unsafe) var server: TestHTTPServer?

  init(version: String = "0.30.2", failure: Failure = .none) throws {
    self.version = version
    self.failure = failure
    server = try TestHTTPServer { [unowned self] request in self.answer(request) }
  }

  var url: String { server?.baseURL ?? "" }

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
enum SHA256Hex {
  static func of(_ data: Data) -> String {
    guard let result = try? run("/usr/bin/sha256sum", [], stdin: data) else { return "" }
    return String(result.output.prefix(64))
  }
}

@Suite("Deploying to Ollama", .serialized)
struct OllamaDeployTests {
  private func adapterFile(_ text: String = "GGUF adapter bytes") throws -> String {
    let path = try makeTemporaryFolder() + "/adapter.gguf"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  private func deploy(_ server: FakeOllama) -> OllamaDeploy {
    OllamaDeploy(client: OllamaClient(baseURL: server.url, transport: CurlTransport(version: "test")))
  }

  @Test func uploadsTheAdapterCreatesFromTheBaseAndAsksOneQuestion() async throws {
    let server = try FakeOllama()
    let file = try adapterFile()
    let lines = Mutex<[String]>([])
    let result = try await deploy(server).run(
      name: "repo-reviewer", source: .adapter(base: "qwen2.5-coder:1.5b", adapterFile: file),
      progress: { line in lines.withLock { $0.append(line) } })
    let digest = "sha256:" + SHA256Hex.of(try Data(contentsOf: URL(fileURLWithPath: file)))
    #expect(result.blobs == ["adapter.gguf": digest])
    #expect(result.serverVersion == "0.30.2")
    #expect(result.answer == "Fix the typo in the README")
    let create = try #require(server.creates.first)
    #expect(create["model"] as? String == "repo-reviewer")
    #expect(create["from"] as? String == "qwen2.5-coder:1.5b")
    #expect(create["adapters"] as? [String: String] == ["adapter.gguf": digest])
    #expect(create["stream"] as? Bool == true)
    #expect(lines.withLock { $0 }.contains("writing manifest"))
    let requests = server.server?.requests.map { "\($0.method) \($0.path)" } ?? []
    #expect(
      requests == [
        "GET /api/version", "HEAD /api/blobs/\(digest)", "POST /api/blobs/\(digest)", "POST /api/create", "POST /api/show",
        "POST /api/chat",
      ])
  }

  @Test func aBlobTheServerHasIsNotUploadedAgain() async throws {
    let server = try FakeOllama()
    let file = try adapterFile()
    _ = try await deploy(server).run(name: "a", source: .adapter(base: "llama3.2", adapterFile: file), progress: { _ in })
    _ = try await deploy(server).run(name: "b", source: .adapter(base: "llama3.2", adapterFile: file), progress: { _ in })
    let uploads = server.server?.requests.filter { $0.method == "POST" && $0.path.hasPrefix("/api/blobs/") }.count
    #expect(uploads == 1)
  }

  @Test func aMergedModelGoesInFiles() async throws {
    let server = try FakeOllama()
    let file = try adapterFile("a whole merged model")
    let result = try await deploy(server).run(name: "merged", source: .merged(modelFile: file), progress: { _ in })
    let create = try #require(server.creates.first)
    #expect(create["from"] == nil)
    #expect(create["files"] as? [String: String] == result.blobs)
    #expect(result.blobs.keys.sorted() == ["model.gguf"])
  }

  @Test func aRejectedUploadIsADigestError() async throws {
    let server = try FakeOllama(failure: .rejectUploads)
    await #expect(throws: OllamaError.self) {
      _ = try await deploy(server).run(name: "x", source: .adapter(base: "b", adapterFile: try adapterFile()), progress: { _ in })
    }
    do {
      _ = try await deploy(server).run(name: "x", source: .adapter(base: "b", adapterFile: try adapterFile()), progress: { _ in })
    } catch let error as OllamaError {
      guard case .digestMismatch = error else { Issue.record("\(error)"); return }
    }
  }

  @Test func anArchitectureOllamaCannotAdaptOffersMerge() async throws {
    let server = try FakeOllama(failure: .unsupportedArchitecture)
    do {
      _ = try await deploy(server).run(name: "x", source: .adapter(base: "qwen3", adapterFile: try adapterFile()), progress: { _ in })
      Issue.record("the deploy should fail")
    } catch let error as OllamaError {
      #expect(error.errorDescription?.contains("--merge") == true)
      #expect(error.errorDescription?.contains("unsupported architecture") == true)
    }
  }

  @Test func anErrorLineMidStreamEndsTheCreate() async throws {
    let server = try FakeOllama(failure: .errorMidStream)
    let lines = Mutex<[String]>([])
    do {
      _ = try await deploy(server).run(
        name: "x", source: .adapter(base: "b", adapterFile: try adapterFile()), progress: { line in lines.withLock { $0.append(line) } })
      Issue.record("the deploy should fail")
    } catch let error as OllamaError {
      #expect(error == .createFailed("only one adapter is currently supported"))
    }
    #expect(lines.withLock { $0 }.contains("parsing GGUF"))
    // Nothing was asked of a model that was never made.
    #expect(server.server?.requests.contains { $0.path == "/api/chat" } == false)
  }

  @Test func anOldServerIsRefusedBeforeAnyUpload() async throws {
    let server = try FakeOllama(version: "0.5.4")
    do {
      _ = try await deploy(server).run(name: "x", source: .adapter(base: "b", adapterFile: try adapterFile()), progress: { _ in })
      Issue.record("the deploy should fail")
    } catch let error as OllamaError {
      #expect(error == .tooOld("0.5.4"))
    }
    #expect(server.server?.requests.count == 1)
  }

  @Test func aServerThatIsNotThereSaysWhereItLooked() async throws {
    let port = try TestHTTPServer.unusedPort()
    let client = OllamaClient(baseURL: "http://127.0.0.1:\(port)", transport: CurlTransport(version: "test"))
    do {
      _ = try await client.version()
      Issue.record("should fail")
    } catch let error as OllamaError {
      #expect(error.errorDescription?.contains("127.0.0.1:\(port)") == true)
      #expect(error.errorDescription?.contains("ollama serve") == true)
    }
  }
}
