import Foundation
import Testing

@testable import ProvidersKit

/// Each provider's own documented error bodies (provider-protocols.md §1.5, §2.4, §3.2, §7)
/// must land in the right class.
@Suite("Error classification")
struct ErrorClassifierTests {
  private func classify(_ status: Int, _ body: String, headers: [String: String] = [:]) -> ProviderError {
    ErrorClassifier.classify(status: status, headers: headers, body: Array(body.utf8), model: "m")
  }

  @Test func ollamaBodies() {
    #expect(
      classify(404, #"{"error":"model 'qwen2.5-coder:7b' not found"}"#)
        == .modelNotFound(model: "m", message: "model 'qwen2.5-coder:7b' not found"))
    #expect(classify(404, #"{"error":"model \"qwen2.5-coder:7b\" not found, try pulling it first"}"#).kind == "model-not-found")
    #expect(classify(400, #"{"error":"\"llama3.2\" does not support chat"}"#).kind == "invalid-request")
    #expect(classify(503, #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#).kind == "overloaded")
    #expect(classify(500, #"{"error":"llama-server process has terminated: exit status 2"}"#).kind == "server-error")
    #expect(classify(499, #"{"error":"request canceled"}"#) == .cancelled)
    #expect(classify(401, #"{"error":"unauthorized","signin_url":"https://ollama.com/connect"}"#).kind == "unauthorized")
    let long = classify(
      400,
      #"{"error":"the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length"}"#
    )
    #expect(long.kind == "context-too-long")
  }

  @Test func anthropicBodies() {
    let limited = classify(
      429,
      #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#,
      headers: ["retry-after": "7"])
    #expect(limited == .rateLimited(retryAfter: .seconds(7), message: "Number of request tokens has exceeded your per-minute rate limit"))
    let milliseconds = classify(
      429, #"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#,
      headers: ["retry-after-ms": "1500", "retry-after": "2"])
    #expect(milliseconds == .rateLimited(retryAfter: .milliseconds(1500), message: "slow down"))
    #expect(
      classify(
        429,
        #"{"type":"error","error":{"type":"rate_limit_error","message":"limit","details":{"error_code":"enforced_spend_limit_reached"}}}"#
      ).kind == "unauthorized")
    #expect(
      classify(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        == .overloaded(retryAfter: nil, message: "Overloaded"))
    #expect(
      classify(500, #"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#)
        == .serverError(status: 500, message: "Internal server error"))
    #expect(
      classify(
        400, #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 209303 tokens > 200000 maximum"}}"#
      ).kind == "context-too-long")
    #expect(
      classify(
        400,
        #"{"type":"error","error":{"type":"invalid_request_error","message":"input length and `max_tokens` exceed context limit: 179413 + 32768 > 200000, decrease input length or `max_tokens` and try again"}}"#
      ).kind == "context-too-long")
    #expect(
      classify(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
        == .unauthorized("invalid x-api-key"))
    #expect(classify(404, #"{"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"}}"#).kind == "model-not-found")
    #expect(
      classify(413, "<html><head><title>413 Request Entity Too Large</title></head><body>cloudflare</body></html>")
        == .contextTooLong(message: "413 Request Entity Too Large", limit: nil))
  }

  @Test func openAIFamilyBodies() {
    let llamaCpp = classify(
      400,
      #"{"error":{"code":400,"message":"request (13392 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":13392,"n_ctx":8192}}"#
    )
    #expect(
      llamaCpp
        == .contextTooLong(
          message: "request (13392 tokens) exceeds the available context size (8192 tokens), try increasing it", limit: 8192))
    #expect(classify(503, #"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#).kind == "overloaded")
    let vllm = classify(
      400,
      #"{"object":"error","message":"This model's maximum context length is 32768 tokens. However, you requested 33077 tokens","type":"BadRequestError","param":null,"code":400}"#
    )
    #expect(
      vllm
        == .contextTooLong(
          message: "This model's maximum context length is 32768 tokens. However, you requested 33077 tokens", limit: 32768))
    #expect(
      classify(400, #"{"error":{"message":"too long","type":"invalid_request_error","param":null,"code":"context_length_exceeded"}}"#).kind
        == "context-too-long")
    #expect(
      classify(
        404,
        #"{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#
      ).kind == "model-not-found")
    #expect(
      classify(401, #"{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}"#)
        == .unauthorized("Invalid API Key"))
  }

  @Test func htmlErrorPageSaysSomething() {
    let error = classify(502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>")
    #expect(error == .serverError(status: 502, message: "502 Bad Gateway"))
  }

  @Test func retryAfterForms() {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    #expect(ErrorClassifier.retryAfter(["retry-after": "1.5"], now: now) == .milliseconds(1500))
    #expect(ErrorClassifier.retryAfter(["retry-after": "Tue, 14 Nov 2023 22:13:40 GMT"], now: now) == .seconds(20))
    #expect(ErrorClassifier.retryAfter(["retry-after": "soon"], now: now) == nil)
    #expect(ErrorClassifier.retryAfter([:], now: now) == nil)
  }

  @Test func aServersHugeNumbersAreNoTrap() {
    // Int64(1e308 * 1000) trapped: a wait past any cap is capped, NaN is no wait.
    for huge in ["1e308", "inf", "99999999999999999999999"] {
      #expect(ErrorClassifier.retryAfter(["retry-after": huge]) == .milliseconds(1_000_000_000_000_000), "\(huge)")
      #expect(ErrorClassifier.retryAfter(["retry-after-ms": huge]) == .milliseconds(1_000_000_000_000_000), "\(huge)")
    }
    #expect(ErrorClassifier.retryAfter(["retry-after": "nan"]) == nil)
    // Counts past JSON's exact range are no counts, so a few added up can't overflow.
    #expect(JSONValue.number(1e19).intValue == nil)
    #expect(JSONValue.number(9e18).intValue == nil)
    #expect(JSONValue.number(4096).intValue == 4096)
  }

  @Test func streamErrorsAreClassifiedByType() {
    let overloaded = ErrorClassifier.classifyStreamError(
      .object(["type": .string("error"), "error": .object(["type": .string("overloaded_error"), "message": .string("Overloaded")])]),
      model: "m")
    #expect(overloaded == .overloaded(retryAfter: nil, message: "Overloaded"))
    let ollama = ErrorClassifier.classifyStreamError(
      .object(["error": .string("an error was encountered while running the model: CUDA error")]), model: "m")
    #expect(ollama == .serverError(status: 200, message: "an error was encountered while running the model: CUDA error"))
  }
}
