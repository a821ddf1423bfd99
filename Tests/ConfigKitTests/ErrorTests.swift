import Foundation
import Testing

@testable import ConfigKit

@Suite("Error reporting")
struct ErrorTests {
  private func error(_ yaml: String, env: [String: String] = [:]) throws -> (Sandbox, ConfigError?) {
    let box = try Sandbox()
    try box.write(box.userFile, yaml)
    return (box, box.loadError(env: env))
  }

  @Test func unknownKeyWithSuggestionAndPosition() throws {
    let (box, error) = try error("version: 1\n\nhooks:\n  timeout: 20s\nreveiw:\n  fail_on: high\n")
    defer { box.remove() }
    #expect(error?.description == "\(box.userFile):5:1: unknown key 'reveiw' in the top level; did you mean 'review'?")
  }

  @Test func unknownNestedKey() throws {
    let (box, error) = try error("review:\n  fail_onn: high\nproviders:\n  ollama:\n    timeouts: {conect: 1s}\n")
    defer { box.remove() }
    let lines = error?.description.split(separator: "\n").map(String.init) ?? []
    #expect(
      lines == [
        "\(box.userFile):2:3: unknown key 'fail_onn' in 'review'; did you mean 'fail_on'?",
        "\(box.userFile):5:16: unknown key 'conect' in 'providers.ollama.timeouts'; did you mean 'connect'?",
      ])
  }

  @Test func badEnumWithSuggestion() throws {
    let (box, error) = try error("version: 1\nreview:\n  fail_on: hgih\n")
    defer { box.remove() }
    #expect(
      error?.description
        == "\(box.userFile):3:12: 'review.fail_on' must be one of none, info, low, medium, high, critical (got 'hgih'); did you mean 'high'?"
    )
  }

  @Test func wrongTypes() throws {
    let (box, error) = try error(
      """
      hooks:
        timeout: soon
        fail_open: yes
      debt:
        top: 0
      review:
        exclude: "*.lock"
      finetune:
        val_ratio: 0.6
        test_ratio: 0.5
      providers:
        ollama:
          max_concurrency: 0
      """)
    defer { box.remove() }
    let text = error?.description ?? ""
    #expect(text.contains("\(box.userFile):2:12: 'hooks.timeout' must be a duration like 20s or 5m (got 'soon')"))
    #expect(text.contains("\(box.userFile):3:14: 'hooks.fail_open' must be true or false (got 'yes')"))
    #expect(text.contains("'debt.top' must be a whole number >= 1 (got '0')"))
    #expect(text.contains("'review.exclude' must be a list of strings like [a, b]"))
    #expect(text.contains("'providers.ollama.max_concurrency' must be a whole number from 1 to 1024 (got '0')"))
    #expect(text.contains("'finetune.val_ratio + finetune.test_ratio' must be less than 1"))
    #expect(error?.problems.count == 6)
    #expect(text.split(separator: "\n").count == 6)
  }

  @Test func duplicateKey() throws {
    let (box, error) = try error("review:\n  fail_on: high\n  format: json\n  fail_on: low\n")
    defer { box.remove() }
    #expect(error == .duplicateKey(location: "\(box.userFile):4:3", key: "fail_on"))
  }

  @Test func syntaxErrorHasPosition() throws {
    let (box, error) = try error("review:\n  fail_on: [high\n  format: json\n")
    defer { box.remove() }
    guard case let .syntax(location, message)? = error else {
      Issue.record("expected a syntax error, got \(String(describing: error))")
      return
    }
    #expect(location.hasPrefix(box.userFile + ":"))
    #expect(location.split(separator: ":").count == 3)
    #expect(!message.isEmpty)
    #expect(!(error?.description.contains("\n") ?? true))
  }

  @Test func versionTooNew() throws {
    let (box, error) = try error("version: 2\n")
    defer { box.remove() }
    #expect(error?.description == "\(box.userFile):1:10: 'version' is 2: this file was written for a newer git-llm; upgrade git-llm")
  }

  @Test func routingToUnknownAlias() throws {
    let (box, error) = try error("routing:\n  review: [ollama.defualt, builtin]\nmodels:\n  x: {provider: olama, model: m}\n")
    defer { box.remove() }
    let text = error?.description ?? ""
    #expect(
      text.contains(
        "\(box.userFile):2:11: 'routing.review' refers to model alias 'ollama.defualt', which is not defined; did you mean 'ollama.default'?"
      ))
    #expect(text.contains("'models.x.provider' refers to provider 'olama', which is not defined; did you mean 'ollama'?"))
  }

  @Test func providerNeedsType() throws {
    let (box, error) = try error("providers:\n  mine:\n    base_url: http://localhost:1\n")
    defer { box.remove() }
    #expect(error?.description.hasPrefix("\(box.userFile):2:3: 'providers.mine.type' is required") == true)
  }

  @Test func secretsNeverInErrors() throws {
    let (box, error) = try error(
      """
      providers:
        claude:
          type: anthropic
          api_key: [sk-ant-SECRET1]
          headers:
            X-Token: {nested: sk-ant-SECRET2}
      """)
    defer { box.remove() }
    let text = error?.description ?? ""
    #expect(error != nil)
    #expect(!text.contains("SECRET"))
    let envError = box.loadError(
      env: ["GIT_LLM_PROVIDERS_OLLAMA_API_KEY": "sk-ant-SECRET3"], overrides: ["providers.ollama.api_key=[sk-ant-SECRET4]"])
    #expect(envError != nil)
    #expect(!(envError?.description.contains("SECRET") ?? true))
  }

  @Test func errorsAreLocalized() {
    let error = ConfigError.badOverride(text: "x", detail: "y")
    #expect(error.errorDescription == error.description)
  }
}
