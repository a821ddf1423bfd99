import Foundation

/// The real OpenAI-compatible LLM server the tests talk to: llama-cpp-python serving a tiny
/// random-weight model (`scripts/test-llm-server start`; `make test` starts and stops it).
///
/// Tests that need it use
/// `@Test(.enabled(if: TestLLMServer.baseURL != nil || TestLLMServer.isRequired))` and, inside,
/// `try #require(TestLLMServer.baseURL)`, so that they skip on a developer machine without the
/// server but fail in CI, where a missing server is a broken setup rather than a reason to skip.
public enum TestLLMServer {
  /// The server's OpenAI base URL, e.g. `http://127.0.0.1:41234/v1` (no trailing slash), from
  /// `GIT_LLM_TEST_OPENAI_URL`; nil when unset or empty.
  public static var baseURL: String? {
    guard let raw = ProcessInfo.processInfo.environment["GIT_LLM_TEST_OPENAI_URL"] else { return nil }
    let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { return nil }
    return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
  }

  /// The model name the server answers to (`--model_alias` in scripts/test-llm-server).
  public static let model = "tiny"

  /// True in CI (`CI` is `true` or `1`) or with `GIT_LLM_REQUIRE_LLM_SERVER=1`: tests that need
  /// the server then run, and fail, instead of being skipped when it is missing.
  public static var isRequired: Bool {
    let environment = ProcessInfo.processInfo.environment
    let ci = environment["CI"]?.lowercased()
    return ci == "true" || ci == "1" || environment["GIT_LLM_REQUIRE_LLM_SERVER"] == "1"
  }
}
