import Foundation
import Synchronization

/// An in-process Anthropic Messages API as its docs describe it: `GET /v1/models` and a
/// streamed `POST /v1/messages` (SSE: message_start, content_block_start/delta/stop,
/// message_delta, message_stop), both answering 401 `authentication_error` unless `x-api-key`
/// is `key`. Every answer's text is `answer`.
public final class FakeAnthropic: Sendable {
  public let key: String
  public let answer: String
  public let model: String
  public private(set) nonisolated(unsafe) var server: TestHTTPServer?

  public init(key: String, answer: String, model: String = "claude-sonnet-4-5") throws {
    self.key = key
    self.answer = answer
    self.model = model
    server = try TestHTTPServer { [unowned self] request in self.respond(request) }
  }

  public var url: String { server?.baseURL ?? "" }
  /// The `/v1/messages` requests received.
  public var messages: [TestHTTPRequest] { server?.requests.filter { $0.path == "/v1/messages" } ?? [] }

  func respond(_ request: TestHTTPRequest) -> TestHTTPResponse {
    guard request.headers["x-api-key"] == key else {
      return .json(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
    }
    switch (request.method, request.path) {
    case ("GET", "/v1/models"):
      return .json(
        200, #"{"data":[{"type":"model","id":"\#(model)","display_name":"Claude","created_at":"2025-09-29T00:00:00Z"}],"has_more":false}"#)
    case ("POST", "/v1/messages"):
      return .stream(contentType: "text/event-stream", chunks: events())
    default:
      return .json(404, #"{"type":"error","error":{"type":"not_found_error","message":"not found"}}"#)
    }
  }

  private func events() -> [String] {
    let text = String(decoding: (try? JSONSerialization.data(withJSONObject: [answer])) ?? Data(), as: UTF8.self).dropFirst().dropLast()
    return [
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"\(model)\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(text)}}\n\n",
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\n",
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ]
  }
}
