import DeployKit
import Foundation
import HTTPKit
import Synchronization
import TestSupport
import Testing

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
