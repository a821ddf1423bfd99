import Foundation
import HTTPKit
import TestSupport

@testable import ProvidersKit

/// Answers in each protocol's exact wire format, for the in-process fault-injecting server.
/// Shapes follow the providers' documentation (provider-protocols.md §1.3, §2.3, §3.1).
enum Wire: String, CaseIterable, Sendable {
  case ollama, openai, anthropic

  /// The path a chat request goes to.
  var chatPath: String {
    switch self {
    case .ollama: return "/api/chat"
    case .openai: return "/v1/chat/completions"
    case .anthropic: return "/v1/messages"
    }
  }

  /// A complete streamed answer of `words`.
  func success(_ words: [String] = ["Hello", " world"], delayMilliseconds: Int = 0) -> TestHTTPResponse {
    switch self {
    case .ollama:
      let lines =
        words.map {
          #"{"model":"m","created_at":"2026-11-25T10:00:00Z","message":{"role":"assistant","content":"\#($0)"},"done":false}"# + "\n"
        }
        + [
          #"{"model":"m","created_at":"2026-11-25T10:00:01Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":5,"prompt_eval_count":12,"eval_count":\#(words.count)}"#
            + "\n"
        ]
      return .stream(contentType: "application/x-ndjson", chunks: lines, delayMilliseconds: delayMilliseconds)
    case .openai:
      var events = [
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}"#
          + "\n\n"
      ]
      events += words.map {
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"#
          + "\n\n"
      }
      events.append(": ping - 2026-11-25 10:00:00\n\n")
      events.append(
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
          + "\n\n")
      events.append(
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":\#(words.count),"total_tokens":\#(12 + words.count)}}"#
          + "\n\n")
      events.append("data: [DONE]\n\n")
      return .stream(contentType: "text/event-stream", chunks: events, delayMilliseconds: delayMilliseconds)
    case .anthropic:
      return .stream(contentType: "text/event-stream", chunks: anthropicEvents(words, end: true), delayMilliseconds: delayMilliseconds)
    }
  }

  func anthropicEvents(_ words: [String], end: Bool) -> [String] {
    var events = [
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
      "event: ping\ndata: {\"type\": \"ping\"}\n\n",
    ]
    events += words.map {
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\($0)\"}}\n\n"
    }
    guard end else { return events }
    events += [
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":\(words.count)}}\n\n",
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ]
    return events
  }

  /// Some text, then an error inside the 200 stream, the way each server sends one.
  func errorAfterContent() -> TestHTTPResponse {
    switch self {
    case .ollama:
      return .stream(
        contentType: "application/x-ndjson",
        chunks: [
          #"{"model":"m","message":{"role":"assistant","content":"par"},"done":false}"# + "\n",
          #"{"error":"an error was encountered while running the model: unexpected EOF"}"# + "\n",
        ])
    case .openai:
      return .stream(
        contentType: "text/event-stream",
        chunks: [
          #"data: {"id":"c1","choices":[{"index":0,"delta":{"content":"par"},"finish_reason":null}]}"# + "\n\n",
          #"data: {"error":{"code":500,"message":"llama_decode failed","type":"server_error"}}"# + "\n\n",
        ])
    case .anthropic:
      return .stream(
        contentType: "text/event-stream",
        chunks: anthropicEvents(["par"], end: false) + [
          "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"
        ])
    }
  }

  /// A stream that stops before its end marker (the connection closes).
  func cutStream() -> TestHTTPResponse {
    switch self {
    case .ollama:
      return .stream(
        contentType: "application/x-ndjson", chunks: [#"{"model":"m","message":{"role":"assistant","content":"par"},"done":false}"# + "\n"],
        end: false)
    case .openai:
      return .stream(
        contentType: "text/event-stream",
        chunks: [#"data: {"id":"c1","choices":[{"index":0,"delta":{"content":"par"},"finish_reason":null}]}"# + "\n\n"], end: false)
    case .anthropic:
      return .stream(contentType: "text/event-stream", chunks: anthropicEvents(["par"], end: false), end: false)
    }
  }

  /// A stream whose second line is not JSON.
  func malformedLine() -> TestHTTPResponse {
    switch self {
    case .ollama:
      return .stream(
        contentType: "application/x-ndjson", chunks: [#"{"message":{"content":"a"},"done":false}"# + "\n", "{\"message\": oops\n"])
    case .openai:
      return .stream(
        contentType: "text/event-stream", chunks: ["data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n", "data: {oops\n\n"])
    case .anthropic:
      return .stream(contentType: "text/event-stream", chunks: ["event: content_block_delta\ndata: {oops\n\n"])
    }
  }

  /// Head sent, a first token, then nothing (the model stalled), while the server keeps the
  /// connection open (and, for SSE, keeps pinging).
  func stallMidStream() -> TestHTTPResponse {
    switch self {
    case .ollama:
      return TestHTTPResponse([
        .head(status: 200, headers: [("Content-Type", "application/x-ndjson"), ("Transfer-Encoding", "chunked")]),
        .text(#"{"message":{"content":"a"},"done":false}"# + "\n"), .stall,
      ])
    case .openai:
      var steps: [TestHTTPResponse.Step] = [
        .head(status: 200, headers: [("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked")]),
        .text(#"data: {"choices":[{"delta":{"content":"a"},"finish_reason":null}]}"# + "\n\n"),
      ]
      for _ in 0..<40 { steps += [.pause(milliseconds: 100), .text(": ping\n\n")] }
      return TestHTTPResponse(steps + [.stall])
    case .anthropic:
      var steps: [TestHTTPResponse.Step] = [
        .head(status: 200, headers: [("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked")])
      ]
      steps += anthropicEvents(["a"], end: false).map { .text($0) }
      for _ in 0..<40 { steps += [.pause(milliseconds: 100), .text("event: ping\ndata: {\"type\": \"ping\"}\n\n")] }
      return TestHTTPResponse(steps + [.stall])
    }
  }

  /// Each provider's own documented error bodies.
  func error(_ kind: ErrorKind) -> TestHTTPResponse {
    switch (self, kind) {
    case (.ollama, .modelNotFound): return .json(404, #"{"error":"model 'm' not found"}"#)
    case (.ollama, .contextTooLong):
      return .json(
        400,
        #"{"error":"the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length"}"#
      )
    case (.ollama, .unauthorized): return .json(401, #"{"error":"unauthorized","signin_url":"https://ollama.com/connect?name=x"}"#)
    case (.ollama, .overloaded): return .json(503, #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#)
    case (.ollama, .serverError): return .json(500, #"{"error":"llama-server process has terminated: exit status 2"}"#)
    case (.openai, .modelNotFound):
      return .json(
        404, #"{"error":{"message":"The model `m` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#)
    case (.openai, .contextTooLong):
      return .json(
        400,
        #"{"error":{"code":400,"message":"request (13392 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":13392,"n_ctx":8192}}"#
      )
    case (.openai, .unauthorized): return .json(401, #"{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}"#)
    case (.openai, .overloaded): return .json(503, #"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#)
    case (.openai, .serverError):
      return .json(500, #"{"error":{"message":"internal","type":"internal_server_error","param":null,"code":null}}"#)
    case (.anthropic, .modelNotFound):
      return .json(404, #"{"type":"error","error":{"type":"not_found_error","message":"model: m"},"request_id":"req_1"}"#)
    case (.anthropic, .contextTooLong):
      return .json(
        400,
        #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 209303 tokens > 200000 maximum"},"request_id":"req_1"}"#
      )
    case (.anthropic, .unauthorized):
      return .json(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"}"#)
    case (.anthropic, .overloaded):
      return .json(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#)
    case (.anthropic, .serverError):
      return .json(500, #"{"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_1"}"#)
    }
  }

  enum ErrorKind: CaseIterable { case modelNotFound, contextTooLong, unauthorized, overloaded, serverError }

  func rateLimited(retryAfter: String? = nil, retryAfterMilliseconds: String? = nil) -> TestHTTPResponse {
    var headers: [(String, String)] = []
    if let retryAfter { headers.append(("retry-after", retryAfter)) }
    if let retryAfterMilliseconds { headers.append(("retry-after-ms", retryAfterMilliseconds)) }
    switch self {
    case .ollama: return .json(429, #"{"error":"too many requests"}"#, headers: headers)
    case .openai:
      return .json(
        429, #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#, headers: headers)
    case .anthropic:
      return .json(
        429,
        #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_1"}"#,
        headers: headers)
    }
  }

  func htmlErrorPage() -> TestHTTPResponse {
    .text(
      502,
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
      contentType: "text/html")
  }

  /// The provider for this protocol at `baseURL`.
  func provider(name: String, baseURL: String, deadlines: HTTPDeadlines, transport: any HTTPTransport) -> any ChatProvider {
    switch self {
    case .ollama:
      return OllamaProvider(
        settings: ProviderSettings(name: name, baseURL: baseURL, isRemote: false, deadlines: deadlines), keepAlive: "5m", autoPull: false,
        transport: transport)
    case .openai:
      return OpenAICompatibleProvider(
        settings: ProviderSettings(name: name, baseURL: baseURL + "/v1", isRemote: false, deadlines: deadlines), transport: transport)
    case .anthropic:
      return AnthropicProvider(
        settings: ProviderSettings(name: name, baseURL: baseURL, apiKey: "sk-ant-test-key", isRemote: false, deadlines: deadlines),
        transport: transport)
    }
  }
}
