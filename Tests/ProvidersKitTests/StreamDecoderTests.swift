import Testing

@testable import ProvidersKit

@Suite("Stream decoders")
struct StreamDecoderTests {
  @Test func ollamaStream() throws {
    var decoder = OllamaStreamDecoder(model: "m", contextWindow: 8192, estimatedPromptTokens: 50)
    var events: [ChatEvent] = []
    for line in [
      #"{"model":"m","created_at":"2023-08-04T08:52:19Z","message":{"role":"assistant","content":"Hel"},"done":false}"#,
      #"{"model":"m","message":{"role":"assistant","content":"lo"},"done":false}"#,
      #"{"model":"m","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":1,"prompt_eval_count":48,"eval_count":2}"#,
    ] {
      events += try decoder.consume(line: Array(line.utf8))
    }
    try decoder.finish()
    #expect(events == [.text("Hel"), .text("lo"), .usage(TokenUsage(promptTokens: 48, completionTokens: 2)), .finish(.stop)])
  }

  @Test func ollamaCutAndErrorAndLength() throws {
    var cut = OllamaStreamDecoder(model: "m", contextWindow: 8192, estimatedPromptTokens: 50)
    _ = try cut.consume(line: Array(#"{"message":{"content":"a"},"done":false}"#.utf8))
    #expect(throws: ProviderError.self) { try cut.finish() }
    var failing = OllamaStreamDecoder(model: "m", contextWindow: 8192, estimatedPromptTokens: 50)
    #expect(throws: ProviderError.serverError(status: 200, message: "an error was encountered while running the model")) {
      _ = try failing.consume(line: Array(#"{"error":"an error was encountered while running the model"}"#.utf8))
    }
    var long = OllamaStreamDecoder(model: "m", contextWindow: 8192, estimatedPromptTokens: 50)
    let events = try long.consume(
      line: Array(#"{"message":{"content":""},"done":true,"done_reason":"length","prompt_eval_count":50,"eval_count":9}"#.utf8))
    #expect(events.last == .finish(.length))
    var garbage = OllamaStreamDecoder(model: "m", contextWindow: 8192, estimatedPromptTokens: 50)
    #expect(throws: ProviderError.self) { _ = try garbage.consume(line: Array("not json".utf8)) }
  }

  @Test func ollamaSilentTruncationIsContextTooLong() throws {
    // A ~7,900-token prompt with num_ctx 4096: Ollama answers 200 having read only 2,050 tokens.
    var decoder = OllamaStreamDecoder(model: "m", contextWindow: 4096, estimatedPromptTokens: 7900)
    #expect(
      throws: ProviderError.contextTooLong(
        message: "Ollama kept only 2050 of about 7900 prompt tokens (num_ctx 4096); the prompt was cut", limit: 4096)
    ) {
      _ = try decoder.consume(
        line: Array(#"{"message":{"content":""},"done":true,"done_reason":"stop","prompt_eval_count":2050,"eval_count":10}"#.utf8))
    }
    // An honest short count for a prompt nowhere near the window is not flagged.
    var fine = OllamaStreamDecoder(model: "m", contextWindow: 4096, estimatedPromptTokens: 900)
    #expect(
      try fine.consume(line: Array(#"{"message":{"content":""},"done":true,"prompt_eval_count":300,"eval_count":1}"#.utf8)).last
        == .finish(.stop))
  }

  @Test func openAIStream() throws {
    var decoder = OpenAIStreamDecoder(model: "m")
    var events: [ChatEvent] = []
    for data in [
      #"{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}"#,
      #"{"id":"c","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#,
      #"{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"#,
      #"{"id":"c","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}"#,
      "[DONE]",
    ] {
      events += try decoder.consume(data: data)
    }
    try decoder.finish()
    #expect(events == [.text("Hi"), .finish(.length), .usage(TokenUsage(promptTokens: 5, completionTokens: 1))])
  }

  @Test func openAIIncompleteStreams() throws {
    var noDone = OpenAIStreamDecoder(model: "m")
    _ = try noDone.consume(data: #"{"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}"#)
    #expect(throws: ProviderError.malformedResponse("the stream ended before [DONE]")) { try noDone.finish() }
    // llama-cpp-python ends an interrupted stream with [DONE] but no finish_reason.
    var interrupted = OpenAIStreamDecoder(model: "m")
    _ = try interrupted.consume(data: #"{"choices":[{"delta":{"content":"x"},"finish_reason":null}]}"#)
    _ = try interrupted.consume(data: "[DONE]")
    #expect(throws: ProviderError.self) { try interrupted.finish() }
    var failing = OpenAIStreamDecoder(model: "m")
    #expect(throws: ProviderError.serverError(status: 200, message: "boom")) {
      _ = try failing.consume(data: #"{"error":{"code":500,"message":"boom","type":"server_error"}}"#)
    }
    var malformed = OpenAIStreamDecoder(model: "m")
    #expect(throws: ProviderError.self) { _ = try malformed.consume(data: "{not json") }
  }

  @Test func anthropicStream() throws {
    var decoder = AnthropicStreamDecoder(model: "m")
    var events: [ChatEvent] = []
    let stream: [(String, String)] = [
      (
        "message_start",
        #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","stop_reason":null,"usage":{"input_tokens":11,"output_tokens":1,"cache_read_input_tokens":4}}}"#
      ),
      ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
      ("ping", #"{"type": "ping"}"#),
      ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#),
      ("foo_bar", #"{"type":"foo_bar"}"#),
      ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{"}}"#),
      ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
      ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}"#),
      ("message_stop", #"{"type":"message_stop"}"#),
    ]
    for (name, data) in stream { events += try decoder.consume(event: name, data: data) }
    try decoder.finish()
    #expect(events == [.text("Hello"), .usage(TokenUsage(promptTokens: 15, completionTokens: 6, cachedPromptTokens: 4)), .finish(.stop)])
  }

  @Test func anthropicErrorsAndCuts() throws {
    var decoder = AnthropicStreamDecoder(model: "m")
    _ = try decoder.consume(
      event: "content_block_delta", data: #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}"#)
    #expect(throws: ProviderError.overloaded(retryAfter: nil, message: "Overloaded")) {
      _ = try decoder.consume(event: "error", data: #"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#)
    }
    var cut = AnthropicStreamDecoder(model: "m")
    _ = try cut.consume(
      event: "content_block_delta", data: #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}"#)
    #expect(throws: ProviderError.malformedResponse("the stream ended before message_stop")) { try cut.finish() }
    var window = AnthropicStreamDecoder(model: "m")
    _ = try window.consume(
      event: "message_delta",
      data: #"{"type":"message_delta","delta":{"stop_reason":"model_context_window_exceeded"},"usage":{"output_tokens":1}}"#)
    #expect(throws: ProviderError.self) { _ = try window.consume(event: "message_stop", data: #"{"type":"message_stop"}"#) }
    var refusal = AnthropicStreamDecoder(model: "m")
    _ = try refusal.consume(
      event: "message_delta", data: #"{"type":"message_delta","delta":{"stop_reason":"refusal"},"usage":{"output_tokens":1}}"#)
    #expect(try refusal.consume(event: "message_stop", data: "{}").last == .finish(.refusal))
  }
}
