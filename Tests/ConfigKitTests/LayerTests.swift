import Foundation
import Testing

@testable import ConfigKit

@Suite("Layers and precedence")
struct LayerTests {
  @Test func defaultsWhenNoFiles() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let loaded = try box.load()
    #expect(loaded.config == Config.defaults)
    #expect(loaded.origin(of: "review.fail_on") == "default")
    #expect(loaded.origin(of: "models.ollama.default.model") == "default")
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.files.map(\.layer) == [.user, .repository, .local])
    #expect(loaded.files.allSatisfy { !$0.exists })
  }

  @Test func eachLayerOverridesTheOneBefore() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.userFile, "version: 1\nreview:\n  fail_on: low\n  context_lines: 5\n  format: json\n  cache: false\n  log: false\n")
    try box.write(box.repoFile, "review:\n  fail_on: medium\n  context_lines: 6\n  format: markdown\n  cache: true\n")
    try box.write(box.localFile, "review:\n  fail_on: high\n  context_lines: 7\n  format: sarif\n")
    var loaded = try box.load()
    #expect(loaded.config.review.failOn == .high)
    #expect(loaded.config.review.format == .sarif)
    #expect(loaded.config.review.contextLines == 7)
    #expect(loaded.config.review.cache == true)
    #expect(loaded.config.review.log == false)
    #expect(loaded.origin(of: "review.fail_on") == box.localFile + ":2:3")
    #expect(loaded.origin(of: "review.cache") == box.repoFile + ":5:3")
    #expect(loaded.origin(of: "review.log") == box.userFile + ":7:3")
    #expect(loaded.origin(of: "review.max_findings_per_file") == "default")

    loaded = try box.load(env: ["GIT_LLM_REVIEW_FAIL_ON": "critical", "GIT_LLM_REVIEW_CONTEXT_LINES": "9"])
    #expect(loaded.config.review.failOn == .critical)
    #expect(loaded.origin(of: "review.fail_on") == "env GIT_LLM_REVIEW_FAIL_ON")

    loaded = try box.load(env: ["GIT_LLM_REVIEW_FAIL_ON": "critical"], overrides: ["review.fail_on=info"])
    #expect(loaded.config.review.failOn == .info)
    #expect(loaded.origin(of: "review.fail_on") == "flag -c review.fail_on=info")

    loaded = try box.load(
      overrides: ["review.fail_on=info"], flags: [ConfigFlag(keyPath: "review.fail_on", value: "low", flag: "--fail-on")])
    #expect(loaded.config.review.failOn == .low)
    #expect(loaded.origin(of: "review.fail_on") == "flag --fail-on low")
    #expect(loaded.files.map(\.exists) == [true, true, true])
  }

  @Test func homeConfigUsedWithoutXDG() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.home + "/.config/git-llm/config.yaml", "hooks:\n  timeout: 45s\n")
    let sources = ConfigSources(
      environment: ConfigEnvironment(variables: ["HOME": box.home]), worktreeRoot: nil, gitDirectory: nil)
    let loaded = try ConfigLoader.load(sources)
    #expect(loaded.config.hooks.timeout.seconds == 45)
    #expect(loaded.files.count == 1)
  }

  @Test func gitLLMConfigReplacesUserFile() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.userFile, "debt:\n  top: 5\n")
    let custom = box.root + "/ci.yaml"
    try box.write(custom, "debt:\n  top: 7\n")
    let loaded = try box.load(env: ["GIT_LLM_CONFIG": custom])
    #expect(loaded.config.debt.top == 7)
    #expect(loaded.files.first?.path == custom)
    #expect(box.loadError(env: ["GIT_LLM_CONFIG": box.root + "/missing.yaml"])?.description.contains("GIT_LLM_CONFIG") == true)
  }

  @Test func mapsMergeAndListsReplace() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(
      box.userFile,
      """
      providers:
        claude: {type: anthropic, api_key: "${KEY}"}
      models:
        claude.sonnet: {provider: claude, model: claude-sonnet-4, max_output_tokens: 2000}
      routing:
        review: [claude.sonnet, builtin]
      review:
        exclude: ["*.lock", "dist/**"]
      """)
    try box.write(
      box.localFile,
      """
      providers:
        ollama: {max_concurrency: 3}
      models:
        claude.sonnet: {temperature: 0.3}
      review:
        exclude: [vendor/**]
      """)
    let loaded = try box.load(env: ["KEY": "sk-test"])
    let config = loaded.config
    #expect(config.providers["claude"]?.type == .anthropic)
    #expect(config.providers["claude"]?.apiKey == "sk-test")
    #expect(config.providers["claude"]?.baseURL == "https://api.anthropic.com")
    #expect(config.providers["claude"]?.isRemote == true)
    #expect(config.providers["ollama"]?.maxConcurrency == 3)
    #expect(config.providers["ollama"]?.baseURL == "http://127.0.0.1:11434")
    #expect(config.providers["ollama"]?.isRemote == false)
    #expect(config.providers["builtin"]?.isRemote == false)
    #expect(
      config.models["claude.sonnet"] == ModelConfig(provider: "claude", model: "claude-sonnet-4", maxOutputTokens: 2000, temperature: 0.3))
    #expect(config.routing["review"] == ["claude.sonnet", "builtin"])
    #expect(config.routing["ask"] == ["ollama.default", "builtin"])
    #expect(config.review.exclude == ["vendor/**"])
    #expect(loaded.origin(of: "models.claude.sonnet.temperature") == box.localFile + ":4:19")
    #expect(loaded.origin(of: "providers.claude.timeouts.total") == "default")
  }

  @Test func remoteIsDerivedUnlessSet() {
    #expect(ProviderConfig(type: .ollama, baseURL: "http://localhost:11434").isRemote == false)
    #expect(ProviderConfig(type: .ollama, baseURL: "http://[::1]:11434").isRemote == false)
    #expect(ProviderConfig(type: .ollama, baseURL: "http://gpu-box.lan:11434").isRemote == true)
    #expect(ProviderConfig(type: .openai, baseURL: "http://127.0.0.1:8080", remote: true).isRemote == true)
    #expect(ProviderConfig(type: .openai, baseURL: "https://api.example.com", remote: false).isRemote == false)
  }

  @Test func environmentVariables() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let loaded = try box.load(env: [
      "GIT_LLM_HOOKS_TIMEOUT": "30s",
      "GIT_LLM_PRIVACY_ALLOW_REMOTE": "false",
      "GIT_LLM_PROVIDERS_OLLAMA_BASE_URL": "http://10.0.0.5:11434",
      "GIT_LLM_ROUTING_REVIEW": "builtin, ollama.default",
      "GIT_LLM_ROUTING_HARVEST_LABEL": "builtin",
      "GIT_LLM_REVIEW_EXCLUDE": "*.lock,dist/**",
      "GIT_LLM_MODELS_OLLAMA_DEFAULT_CONTEXT_WINDOW": "16384",
      "GIT_LLM": "0", "GIT_LLM_CONFIG": "", "GIT_LLM_TEST_SERVER": "x",
      "GIT_LLM_REVEIW_FAIL_ON": "high",
    ])
    let config = loaded.config
    #expect(config.hooks.timeout.seconds == 30)
    #expect(config.privacy.allowRemote == false)
    #expect(config.providers["ollama"]?.baseURL == "http://10.0.0.5:11434")
    #expect(config.providers["ollama"]?.isRemote == true)
    #expect(config.routing["review"] == ["builtin", "ollama.default"])
    #expect(config.routing["harvest_label"] == ["builtin"])
    #expect(config.review.exclude == ["*.lock", "dist/**"])
    #expect(config.models["ollama.default"]?.contextWindow == 16384)
    #expect(loaded.origin(of: "providers.ollama.base_url") == "env GIT_LLM_PROVIDERS_OLLAMA_BASE_URL")
    #expect(loaded.origin(of: "models.ollama.default.context_window") == "env GIT_LLM_MODELS_OLLAMA_DEFAULT_CONTEXT_WINDOW")
    #expect(loaded.warnings.count == 1)
    #expect(loaded.warnings.first?.contains("GIT_LLM_REVEIW_FAIL_ON") == true)
    #expect(loaded.warnings.first?.contains("did you mean GIT_LLM_REVIEW_FAIL_ON?") == true)
  }

  @Test func overridesParseYAMLValues() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let loaded = try box.load(overrides: [
      "routing.review=[builtin]", "review.exclude=*.lock", "models.ollama.default.model=llama3:8b",
      "providers.ollama.api_key=sk-secret", "review.instructions=",
    ])
    #expect(loaded.config.routing["review"] == ["builtin"])
    #expect(loaded.config.review.exclude == ["*.lock"])
    #expect(loaded.config.models["ollama.default"]?.model == "llama3:8b")
    #expect(loaded.config.providers["ollama"]?.apiKey == "sk-secret")
    #expect(loaded.origin(of: "providers.ollama.api_key") == "flag -c providers.ollama.api_key")
    #expect(loaded.origin(of: "models.ollama.default.model") == "flag -c models.ollama.default.model=llama3:8b")

    let bad = box.loadError(overrides: ["review.fial_on=high", "nonsense"])
    #expect(bad?.problems.count == 2)
    #expect(bad?.description.contains("did you mean 'review.fail_on'?") == true)
  }

  /// `-c 'review.exclude=[*.lock, dist/**]'`, the documented example, is not YAML (`*` starts an
  /// alias), so it used to become the two items "[*.lock" and "dist/**]".
  @Test func overrideFlowListWithGlobs() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let loaded = try box.load(overrides: ["review.exclude=[*.lock, dist/**]"])
    #expect(loaded.config.review.exclude == ["*.lock", "dist/**"])
    let quoted = try box.load(overrides: ["review.exclude=[ '*.min.js' , \"a, b\", *.lock ]"])
    #expect(quoted.config.review.exclude == ["*.min.js", "a, b", "*.lock"])
    let single = box.loadError(overrides: ["review.fail_on=[*high]"])
    #expect(single?.description.contains("takes a single value, not a list") == true)
  }

  @Test func substitution() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(
      box.userFile,
      """
      review:
        instructions: "Team ${TEAM}, tier ${TIER:-gold}, costs $$5 and $HOME stays"
        instructions_file: "${EMPTY:-docs/review.md}"
      """)
    let loaded = try box.load(env: ["TEAM": "core", "EMPTY": ""])
    #expect(loaded.config.review.instructions == "Team core, tier gold, costs $5 and $HOME stays")
    #expect(loaded.config.review.instructionsFile == "docs/review.md")
  }

  @Test func missingVariableNamesKeyAndPosition() throws {
    let box = try Sandbox()
    defer { box.remove() }
    try box.write(box.userFile, "providers:\n  claude:\n    type: anthropic\n    api_key: ${ANTHROPIC_API_KEY}\n")
    let error = box.loadError()
    #expect(
      error?.description
        == "\(box.userFile):4:14: 'providers.claude.api_key' uses ${ANTHROPIC_API_KEY}, which is not set; export it or write ${ANTHROPIC_API_KEY:-default}"
    )
  }

  @Test func validateStandaloneFile() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let path = box.root + "/some.yaml"
    try box.write(path, "providers:\n  ollama:\n    base_url: http://gpu:11434\n")
    let config = try ConfigLoader.validate(fileAt: path, environment: box.environment())
    #expect(config.providers["ollama"]?.baseURL == "http://gpu:11434")
    #expect(throws: ConfigError.self) { try ConfigLoader.validate(fileAt: box.root + "/none.yaml", environment: box.environment()) }
  }
}
