import ConfigKit
import Foundation
import HTTPKit
import TestSupport
import Testing

@testable import ProvidersKit
@testable import RoutingKit

/// Against a real server: llama-cpp-python's OpenAI-compatible server with the tiny model the
/// tests generate (scripts/test-llm-server; `make test` starts it). Random weights make the text
/// meaningless, but the protocol, streaming, structured output and usage are all real.
@Suite("A real OpenAI-compatible server", .enabled(if: TestLLMServer.baseURL != nil || TestLLMServer.isRequired), .serialized)
struct RealServerTests {
  func provider() throws -> OpenAICompatibleProvider {
    let url = try #require(TestLLMServer.baseURL, "GIT_LLM_TEST_OPENAI_URL is not set: run scripts/test-llm-server start (make test does)")
    return OpenAICompatibleProvider(
      settings: ProviderSettings(
        name: "llamacpp", baseURL: url, isRemote: false,
        deadlines: HTTPDeadlines(connect: .seconds(5), firstByte: .seconds(120), idle: .seconds(60), total: .seconds(300))),
      transport: CurlTransport(version: "tests"))
  }

  @Test func healthAndModels() async throws {
    let provider = try provider()
    let health = await provider.health()
    #expect(health.reachable, "\(health.detail)")
    let models = try await provider.models()
    #expect(models.contains { $0.name == TestLLMServer.model })
  }

  @Test func streamsTextInSeveralDeltasWithUsageAndFinish() async throws {
    let provider = try provider()
    var deltas = 0
    var usage: TokenUsage?
    var finish: FinishReason?
    let request = ChatRequest(
      system: "You are terse.", messages: [ChatMessage(role: .user, content: "Say something.")], temperature: 0, maxTokens: 12, seed: 1)
    for try await event in provider.chat(request, model: TestLLMServer.model) {
      switch event {
      case .text: deltas += 1
      case .usage(let reported): usage = reported
      case .finish(let reason): finish = reason
      }
    }
    #expect(deltas >= 2, "a streamed answer arrives in pieces")
    // llama-cpp-python accepts stream_options.include_usage but sends no usage chunk; when a
    // server does report usage, it must have been read.
    if let usage { #expect(usage.promptTokens > 0) }
    #expect(finish == .length || finish == .stop)
  }

  @Test func maxTokensCutIsReportedAsLength() async throws {
    let provider = try provider()
    var finish: FinishReason?
    let request = ChatRequest(messages: [ChatMessage(role: .user, content: "Write a long story.")], temperature: 0, maxTokens: 4, seed: 1)
    for try await event in provider.chat(request, model: TestLLMServer.model) {
      if case .finish(let reason) = event { finish = reason }
    }
    #expect(finish == .length)
  }

  @Test func jsonSchemaAnswerParses() async throws {
    let provider = try provider()
    var text = ""
    let request = ChatRequest(
      system: "Review the diff. Answer in JSON.", messages: [ChatMessage(role: .user, content: "diff --git a/a.py b/a.py\n+x = 1\n")],
      temperature: 0, maxTokens: 400, seed: 1, jsonSchema: FindingSchema.schema)
    for try await event in provider.chat(request, model: TestLLMServer.model) {
      if case .text(let delta) = event { text += delta }
    }
    let json = try #require(JSONValue.parse(Array(text.utf8)), "the answer is JSON: \(text.prefix(200))")
    #expect(json["findings"]?.arrayValue != nil, "it has the schema's shape: \(text.prefix(200))")
  }

  @Test func severalRequestsAtOnceAllComplete() async throws {
    let provider = try provider()
    let answers = try await withThrowingTaskGroup(of: Int.self) { group in
      for index in 0..<4 {
        group.addTask {
          var count = 0
          let request = ChatRequest(
            messages: [ChatMessage(role: .user, content: "Request \(index)")], temperature: 0, maxTokens: 6, seed: 1)
          for try await event in provider.chat(request, model: TestLLMServer.model) {
            if case .text = event { count += 1 }
          }
          return count
        }
      }
      var all: [Int] = []
      for try await count in group { all.append(count) }
      return all
    }
    #expect(answers.count == 4 && answers.allSatisfy { $0 > 0 })
  }

  @Test func routedThroughTheRouterSaysWhoAnswered() async throws {
    let url = try #require(TestLLMServer.baseURL)
    var config = Config.defaults
    config.providers["llamacpp"] = ProviderConfig(type: .openai, baseURL: url, maxConcurrency: 2)
    config.models["tiny"] = ModelConfig(
      provider: "llamacpp", model: TestLLMServer.model, contextWindow: 4096, maxOutputTokens: 8, temperature: 0)
    config.routing["ask"] = ["tiny", "builtin"]
    let router = Router(config: config, providers: ProviderFactory.make(config, transport: CurlTransport(version: "tests")))
    let answer = try await router.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "hi")]), task: "ask")
    #expect(answer.provider == "llamacpp" && answer.alias == "tiny" && !answer.isBuiltin)
    #expect(!answer.text.isEmpty)
  }
}
