import Foundation
import HTTPKit
import ProvidersKit
import TestSupport
import Testing

@Suite("Finding model servers")
struct DiscoveryTests {
  let transport = CurlTransport(version: "tests")

  @Test func ollamaHostIsReadAsOllamaReadsIt() {
    #expect(ServerProbe.ollama(host: nil).baseURL == "http://127.0.0.1:11434")
    #expect(ServerProbe.ollama(host: "0.0.0.0").baseURL == "http://127.0.0.1:11434")
    #expect(ServerProbe.ollama(host: "10.0.0.5:9999").baseURL == "http://10.0.0.5:9999")
    #expect(ServerProbe.ollama(host: "https://ollama.example/").baseURL == "https://ollama.example")
    #expect(ServerProbe.ollama(host: "localhost").baseURL == "http://localhost:11434")
    #expect(ServerProbe.openAI(at: "http://127.0.0.1:8080").baseURL == "http://127.0.0.1:8080/v1")
    #expect(ServerProbe.openAI(at: "http://127.0.0.1:8080/v1/").baseURL == "http://127.0.0.1:8080/v1")
  }

  @Test func codingModelsComeFirstThenTheLargerOne() {
    let models = [
      DiscoveredModel(name: "llama3.1:70b", sizeBytes: 40_000_000_000), DiscoveredModel(name: "qwen2.5-coder:1.5b", sizeBytes: 986_000_000),
      DiscoveredModel(name: "qwen2.5-coder:7b", sizeBytes: 4_683_000_000), DiscoveredModel(name: "nomic-embed-text", sizeBytes: 1),
    ]
    #expect(ModelRanking.ranked(models).map(\.name) == ["qwen2.5-coder:7b", "qwen2.5-coder:1.5b", "llama3.1:70b"])
    #expect(ModelRanking.best([DiscoveredModel(name: "mxbai-embed-large")]) == nil)
  }

  @Test func findsOllamaAndItsPulledModels() async throws {
    let ollama = try FakeOllama(models: [FakeOllama.Model(name: "qwen2.5-coder:7b", size: 42, contextLength: 32768)])
    let dead = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"
    let found = await ServerDiscovery.discover(
      [ServerProbe.ollama(host: ollama.url), ServerProbe.openAI(at: dead)], transport: transport)
    #expect(found.count == 1)
    #expect(found.first?.label == "Ollama 0.30.2")
    #expect(found.first?.models == [DiscoveredModel(name: "qwen2.5-coder:7b", sizeBytes: 42)])
    let window = await ServerDiscovery.ollamaContextLength(of: "qwen2.5-coder:7b", at: ollama.url, transport: transport)
    #expect(window == 32768)
  }

  @Test func anOpenAICompatibleServerListsItsModels() async throws {
    let server = try TestHTTPServer { request in
      request.path == "/v1/models"
        ? .json(200, #"{"object":"list","data":[{"id":"Qwen/Qwen2.5-Coder-7B-Instruct","object":"model","max_model_len":32768}]}"#)
        : .json(404, "{}")
    }
    let found = await ServerDiscovery.look(ServerProbe.openAI(at: server.baseURL, providerName: "vllm"), transport: transport)
    #expect(found?.models == [DiscoveredModel(name: "Qwen/Qwen2.5-Coder-7B-Instruct", contextWindow: 32768)])
    #expect(found?.providerName == "vllm")
  }

  @Test func aServerThatSaysSomethingElseIsNotAModelServer() async throws {
    let server = try TestHTTPServer { _ in .text(200, "<html>hello</html>", contentType: "text/html") }
    #expect(await ServerDiscovery.look(ServerProbe.ollama(host: server.baseURL), transport: transport) == nil)
    #expect(await ServerDiscovery.look(ServerProbe.openAI(at: server.baseURL), transport: transport) == nil)
  }
}
