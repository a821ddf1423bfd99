import Foundation
import Testing

@testable import ProvidersKit

@Suite("Built-in provider")
struct BuiltinProviderTests {
  private static let patch = """
    diff --git a/app/main.py b/app/main.py
    --- a/app/main.py
    +++ b/app/main.py
    @@ -1,1 +1,4 @@
     import os
    +# TODO: read from config
    +breakpoint()
    +<<<<<<< HEAD
    """

  private func reviewRequest(_ content: String) -> ChatRequest {
    ChatRequest(
      system: "You review diffs. Answer JSON.", messages: [ChatMessage(role: .user, content: content)], jsonSchema: FindingSchema.schema)
  }

  private func collect(_ stream: AsyncThrowingStream<ChatEvent, Error>) async throws -> [ChatEvent] {
    var events: [ChatEvent] = []
    for try await event in stream { events.append(event) }
    return events
  }

  @Test func identity() async throws {
    let provider = BuiltinProvider()
    #expect(provider.name == "builtin")
    #expect(BuiltinProvider(name: "offline").name == "offline")
    #expect(provider.isRemote == false)
    #expect(try await provider.models() == [ModelInfo(name: "rules")])
    let health = await provider.health()
    #expect(health.reachable)
    #expect(health.latency == .zero)
  }

  @Test func streamIsTextThenUsageThenFinish() async throws {
    let request = reviewRequest("Review this:\n" + Self.patch)
    let events = try await collect(BuiltinProvider().chat(request, model: "rules"))
    #expect(events.count == 3)
    guard events.count == 3, case .text(let answer) = events[0] else { return }
    #expect(events[1] == .usage(TokenUsage(promptTokens: (request.allText.count + 3) / 4, completionTokens: (answer.count + 3) / 4)))
    #expect(events[2] == .finish(.stop))
  }

  @Test func answerValidatesAgainstTheFindingSchema() throws {
    let answer = BuiltinProvider.answer(to: reviewRequest(Self.patch))
    let json = try #require(JSONValue.parse(Array(answer.utf8)))
    let schemaItem = try #require(FindingSchema.schema["properties"]?["findings"]?["items"])
    let required = (schemaItem["required"]?.arrayValue ?? []).compactMap(\.stringValue)
    #expect(!required.isEmpty)
    let properties = try #require(schemaItem["properties"])
    let findings = try #require(json["findings"]?.arrayValue)
    #expect(findings.count == 3)
    for finding in findings {
      for key in required { #expect(finding[key] != nil, "missing \(key)") }
      guard case .object(let fields) = finding else { Issue.record("finding is not an object"); continue }
      for (key, value) in fields {
        let type = try #require(properties[key]?["type"]?.stringValue, "unknown key \(key)")
        switch type {
        case "integer": #expect(value.intValue != nil)
        default: #expect(value.stringValue != nil)
        }
        if let allowed = properties[key]?["enum"]?.arrayValue {
          #expect(allowed.contains(value), "\(key) outside its enum")
        }
      }
    }
    let decoded = try JSONDecoder().decode(BuiltinAnswer.self, from: Data(answer.utf8))
    #expect(decoded.findings.map(\.startLine) == [2, 3, 4])
    #expect(decoded.findings == BuiltinRules.review(patch: Self.patch))
    #expect(answer.contains(#""start_line":2"#))
  }

  @Test func answerIsDeterministic() {
    let request = reviewRequest(Self.patch)
    #expect(BuiltinProvider.answer(to: request) == BuiltinProvider.answer(to: request))
  }

  @Test func reviewWithoutDiffHasNoFindings() async throws {
    let events = try await collect(BuiltinProvider().chat(reviewRequest("No changes were staged."), model: "rules"))
    #expect(events.first == .text(#"{"findings":[]}"#))
    #expect(BuiltinProvider.answer(to: reviewRequest("")) == #"{"findings":[]}"#)
  }

  @Test func nonReviewQuestionGetsOneLine() async throws {
    let request = ChatRequest(messages: [ChatMessage(role: .user, content: "Write a commit message for:\n" + Self.patch)])
    let events = try await collect(BuiltinProvider().chat(request, model: "rules"))
    #expect(events.first == .text(BuiltinProvider.nonReviewAnswer))
    #expect(!BuiltinProvider.nonReviewAnswer.contains("\n"))
    #expect(events.last == .finish(.stop))
  }

  @Test func onlyUserMessagesAreReviewed() {
    // A diff in the system prompt (an example in the instructions) is not the change.
    let request = ChatRequest(
      system: Self.patch, messages: [ChatMessage(role: .user, content: "nothing here")], jsonSchema: FindingSchema.schema)
    #expect(BuiltinProvider.answer(to: request) == #"{"findings":[]}"#)
  }
}
