import Foundation
import TestSupport
import Testing

/// `git llm setup` through the binary: detection, what it writes and where, and the newcomer's
/// path from nothing to a model-answered review.
@Suite("git llm setup")
struct SetupCommandTests {
  /// Nothing found unless a test says so: Ollama where nothing listens, no usual ports, no keys.
  static func isolated(_ extra: [String: String] = [:]) throws -> [String: String] {
    [
      "OLLAMA_HOST": "127.0.0.1:\(try TestHTTPServer.unusedPort())", "GIT_LLM_SETUP_PROBES": "none", "ANTHROPIC_API_KEY": "",
      "OPENAI_API_KEY": "", "ANTHROPIC_BASE_URL": "", "OPENAI_BASE_URL": "",
    ].merging(extra) { $1 }
  }

  static func fixture(commits: Int = 4) throws -> GitFixture {
    let repo = try GitFixture()
    for index in 1...commits {
      try repo.write("app.py", (1...index).map { "value_\($0) = compute(\($0))\n" }.joined())
      try repo.commitAll("change \(index)")
    }
    return repo
  }

  static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

  static let coder = FakeOllama.Model(name: "qwen2.5-coder:7b", size: 4_683_087_332, contextLength: 32768)
  static let models = [
    FakeOllama.Model(name: "llama3.2:latest", size: 9_019_393_189), coder,
    FakeOllama.Model(name: "nomic-embed-text:latest", size: 274_302_450),
  ]

  @Test func findsOllamaAndWritesItsBestCodingModel() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let ollama = try FakeOllama(models: Self.models, chatAnswer: "ok")
    let result = try cli.run(["setup", "--yes"], in: repo.path, environment: try Self.isolated(["OLLAMA_HOST": ollama.url]))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("found Ollama 0.30.2 at \(ollama.url) (3 models)"))
    #expect(result.output.contains("checked: ollama.default (ollama/qwen2.5-coder:7b) answered in "))
    #expect(result.output.contains("ready: git llm review HEAD~1.."))
    let text = try #require(Self.read(cli.home + "/.config/git-llm/config.yaml"), "the user file is the default layer")
    #expect(text.contains("base_url: \"\(ollama.url)\"") || text.contains("base_url: \(ollama.url)"))
    #expect(text.contains("model: \"qwen2.5-coder:7b\"") || text.contains("model: qwen2.5-coder:7b"))
    #expect(text.contains("context_window: 16384"), "Ollama's 32768 is capped to what a machine holds")
    #expect(text.contains("review: [ollama.default, builtin]"))
    #expect(!text.contains("allow_remote"), "nothing remote, so privacy is left alone")
    let shown = try cli.run(["config", "show", "--origin"], in: repo.path, environment: try Self.isolated())
    #expect(shown.output.contains("ask: [ollama.default, builtin]"))
    #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/git-llm.yaml") == false)
  }

  @Test(.enabled(if: TestLLMServer.baseURL != nil || TestLLMServer.isRequired))
  func findsTheRealServerAsOpenAICompatible() throws {
    let url = try #require(TestLLMServer.baseURL, "GIT_LLM_TEST_OPENAI_URL is not set (make test starts the server)")
    let cli = try CLI()
    let repo = try Self.fixture()
    let result = try cli.run(
      ["setup", "--yes", "--local"], in: repo.path, environment: try Self.isolated(["GIT_LLM_SETUP_PROBES": url]))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("found OpenAI-compatible server at \(url)"))
    #expect(result.output.contains("checked: local.default (local/\(TestLLMServer.model)) answered in "))
    let text = try #require(Self.read(repo.path + "/.git/git-llm.yaml"))
    #expect(text.contains("type: openai") && text.contains(url))
    #expect(FileManager.default.fileExists(atPath: cli.home + "/.config/git-llm/config.yaml") == false, "--local leaves the user file")
  }

  @Test func writesAKeyAsAReferenceAndNeverItsValue() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let key = "sk-ant-api03-Zq8Xw2Lm4Np6Rt8Vb0Cd"
    let claude = try FakeAnthropic(key: key, answer: "ok")
    let environment = try Self.isolated(["ANTHROPIC_API_KEY": key])
    let dry = try cli.run(["setup", "--dry-run", "--yes", "--allow-remote"], in: repo.path, environment: environment)
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.output.contains("api_key: \"${ANTHROPIC_API_KEY}\""))
    #expect(dry.output.contains("allow_remote: true"))
    let result = try cli.run(
      ["setup", "--yes", "--provider", "anthropic", "--allow-remote", "--base-url", claude.url], in: repo.path, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("checked: claude.sonnet (claude/claude-sonnet-4-5) answered in "))
    #expect(result.output.contains("privacy.allow_remote: true"))
    let text = try #require(Self.read(cli.home + "/.config/git-llm/config.yaml"))
    #expect(text.contains("${ANTHROPIC_API_KEY}"))
    for output in [dry.output, dry.stderr, result.output, result.stderr, text] { #expect(!output.contains(key)) }
    #expect(claude.messages.count == 1, "one short request checks the model")
  }

  @Test func aLiteralKeyGoesIntoThePrivateFileAndIsNeverShown() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let key = "sk-ant-api03-Literal$Key-4242"
    let claude = try FakeAnthropic(key: key, answer: "ok")
    let environment = try Self.isolated(["ANTHROPIC_API_KEY": key])
    let arguments = ["setup", "--yes", "--provider", "anthropic", "--allow-remote", "--base-url", claude.url, "--literal-key", "--local"]
    let dry = try cli.run(arguments + ["--dry-run"], in: repo.path, environment: environment)
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.output.contains("api_key: \"***\""), "\(dry.output)")
    let path = repo.path + "/.git/git-llm.yaml"
    #expect(FileManager.default.fileExists(atPath: path) == false)
    let result = try cli.run(arguments, in: repo.path, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("checked: claude.sonnet (claude/claude-sonnet-4-5) answered in "), "the file's own key is accepted")
    #expect(result.stderr.contains("warning: \(path) now holds the value of ANTHROPIC_API_KEY (file mode 0600)"), "\(result.stderr)")
    let text = try #require(Self.read(path))
    #expect(text.contains("api_key: \"sk-ant-api03-Literal$$Key-4242\""), "a $ is escaped from substitution: \(text)")
    #expect(!text.contains("${ANTHROPIC_API_KEY}"))
    let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    #expect(mode == 0o600, "mode \(String(mode, radix: 8))")
    // The variable is no longer needed: the review reads the key from the file.
    let shown = try cli.run(["config", "show"], in: repo.path, environment: try Self.isolated())
    #expect(shown.status == 0 && shown.output.contains("***"), "\(shown.stderr)")
    for output in [dry.output, dry.stderr, result.output, result.stderr, shown.output, shown.stderr] {
      #expect(!output.contains("Literal"), "the key's value is never printed")
    }
  }

  @Test func aLiteralKeyIsNeverWrittenIntoTheWorktree() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    try repo.write("notes/git-llm.yaml", "version: 1\n")
    let key = "sk-ant-api03-Literal-Key-4242"
    let environment = try Self.isolated(["ANTHROPIC_API_KEY": key, "GIT_LLM_CONFIG": repo.path + "/notes/git-llm.yaml"])
    let result = try cli.run(
      ["setup", "--yes", "--provider", "anthropic", "--allow-remote", "--literal-key"], in: repo.path, environment: environment)
    #expect(result.status == 2)
    #expect(result.stderr.contains("--literal-key won't write a key into \(repo.path)/notes/git-llm.yaml"), "\(result.stderr)")
    #expect(Self.read(repo.path + "/notes/git-llm.yaml") == "version: 1\n")
    #expect(!result.output.contains(key) && !result.stderr.contains(key))
  }

  @Test func anthropicBaseURLNamesTheEndpointUnlessBaseURLIsGiven() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let key = "sk-ant-api03-Zq8Xw2Lm4Np6Rt8Vb0Cd"
    let claude = try FakeAnthropic(key: key, answer: "ok")
    let environment = try Self.isolated(["ANTHROPIC_API_KEY": key, "ANTHROPIC_BASE_URL": claude.url])
    let result = try cli.run(["setup", "--yes", "--allow-remote"], in: repo.path, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("found ANTHROPIC_BASE_URL in the environment: \(claude.url)"))
    #expect(result.output.contains("checked: claude.sonnet (claude/claude-sonnet-4-5) answered in "))
    #expect(claude.messages.count == 1, "the check went to the variable's endpoint")
    let text = try #require(Self.read(cli.home + "/.config/git-llm/config.yaml"))
    #expect(text.contains("base_url: \"\(claude.url)\"") || text.contains("base_url: \(claude.url)"), "\(text)")
    let other = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"
    let dry = try cli.run(
      ["setup", "--dry-run", "--yes", "--provider", "anthropic", "--allow-remote", "--base-url", other], in: repo.path,
      environment: environment)
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.output.contains(other) && !dry.output.contains(claude.url), "--base-url wins: \(dry.output)")
  }

  @Test(.enabled(if: TestLLMServer.baseURL != nil || TestLLMServer.isRequired))
  func aLocalOpenAIBaseURLIsLookedAt() throws {
    let url = try #require(TestLLMServer.baseURL, "GIT_LLM_TEST_OPENAI_URL is not set (make test starts the server)")
    let cli = try CLI()
    let repo = try Self.fixture()
    let result = try cli.run(
      ["setup", "--dry-run", "--yes", "--provider", "openai"], in: repo.path, environment: try Self.isolated(["OPENAI_BASE_URL": url]))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("found OpenAI-compatible server at \(url)"), "\(result.stderr)")
    #expect(result.output.contains(url) && result.output.contains(TestLLMServer.model))
  }

  @Test func aKeyIsUsedOnlyWhenRemoteIsAllowed() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let environment = try Self.isolated(["ANTHROPIC_API_KEY": "sk-ant-api03-Zq8Xw2Lm4Np6Rt8Vb0Cd"])
    let refused = try cli.run(["setup", "--yes", "--provider", "anthropic"], in: repo.path, environment: environment)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("pass --allow-remote"))
    let dry = try cli.run(["setup", "--dry-run", "--yes"], in: repo.path, environment: environment)
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.output.contains("review: [builtin]") && !dry.output.contains("claude"))
    #expect(dry.stderr.contains("ANTHROPIC_API_KEY is set but not used: remote models need --allow-remote"))
    let noKey = try cli.run(
      ["setup", "--yes", "--provider", "anthropic", "--allow-remote"], in: repo.path, environment: try Self.isolated())
    #expect(noKey.status == 2 && noKey.stderr.contains("ANTHROPIC_API_KEY is not set"))
    #expect(FileManager.default.fileExists(atPath: cli.home + "/.config/git-llm/config.yaml") == false)
  }

  @Test func nothingFoundWritesNothing() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let dry = try cli.run(["setup", "--dry-run", "--yes"], in: repo.path, environment: try Self.isolated())
    #expect(dry.status == 0, "a dry run shows the builtin-only proposal")
    #expect(dry.output.contains("review: [builtin]"))
    #expect(dry.stderr.contains("ollama pull qwen2.5-coder:7b"))
    let real = try cli.run(["setup", "--yes"], in: repo.path, environment: try Self.isolated())
    #expect(real.status == 2)
    #expect(real.stderr.contains("no model found") && real.stderr.contains("nothing written"))
    #expect(FileManager.default.fileExists(atPath: cli.home + "/.config/git-llm/config.yaml") == false)
  }

  @Test func mergesIntoTheLocalFileKeepingItsKeysAndComments() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let ollama = try FakeOllama(models: [Self.coder], chatAnswer: "ok")
    let path = repo.path + "/.git/git-llm.yaml"
    let before = """
      # my settings
      providers:
        ollama:
          keep_alive: 10m   # keep it warm
      models:
        mine: {provider: builtin, model: rules}
      review:
        fail_on: high

      """
    try before.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try cli.run(["setup", "--yes", "--local"], in: repo.path, environment: try Self.isolated(["OLLAMA_HOST": ollama.url]))
    #expect(result.status == 0, "\(result.stderr)")
    let text = try #require(Self.read(path))
    for kept in ["# my settings", "keep_alive: 10m   # keep it warm", "mine: {provider: builtin, model: rules}", "fail_on: high"] {
      #expect(text.contains(kept), "\(kept) is kept:\n\(text)")
    }
    #expect(Self.read(path + ".bak") == before, "the old file is kept beside it")
    let shown = try cli.run(["config", "show"], in: repo.path, environment: try Self.isolated())
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.output.contains("keep_alive: 10m") && shown.output.contains("fail_on: high"))
  }

  @Test func anInvalidResultIsNeverWritten() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let ollama = try FakeOllama(models: [Self.coder], chatAnswer: "ok")
    let environment = try Self.isolated(["OLLAMA_HOST": ollama.url])
    let path = repo.path + "/.git/git-llm.yaml"
    for before in ["review:\n  fail_on: sometimes\n", "routing: {review: [builtin]}\n"] {
      try before.write(toFile: path, atomically: true, encoding: .utf8)
      let result = try cli.run(["setup", "--yes", "--local"], in: repo.path, environment: environment)
      #expect(result.status == 2, "\(before): \(result.stderr)")
      #expect(result.stderr.contains("nothing written"))
      #expect(result.stderr.split(separator: "\n").filter { $0.contains("error:") }.count == 1)
      #expect(Self.read(path) == before)
      #expect(FileManager.default.fileExists(atPath: path + ".bak") == false)
    }
  }

  @Test func globalHonoursXDGConfigHomeAndLocalNeedsARepository() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let ollama = try FakeOllama(models: [Self.coder], chatAnswer: "ok")
    let xdg = try makeTemporaryFolder()
    let environment = try Self.isolated(["OLLAMA_HOST": ollama.url, "XDG_CONFIG_HOME": xdg])
    let result = try cli.run(["setup", "--yes", "--global"], in: repo.path, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("wrote \(xdg)/git-llm/config.yaml"))
    #expect(FileManager.default.fileExists(atPath: xdg + "/git-llm/config.yaml"))
    let outside = try makeTemporaryFolder()
    let local = try cli.run(["setup", "--yes", "--local"], in: outside, environment: environment)
    #expect(local.status == 2 && local.stderr.contains("not a repository"))
    let both = try cli.run(["setup", "--global", "--local"], in: repo.path, environment: environment)
    #expect(both.status == 2)
  }

  @Test func withoutATerminalItAsksForYes() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let ollama = try FakeOllama(models: [Self.coder], chatAnswer: "ok")
    let result = try cli.run(["setup"], in: repo.path, environment: try Self.isolated(["OLLAMA_HOST": ollama.url]))
    #expect(result.status == 2)
    #expect(result.output.contains("review: [ollama.default, builtin]"), "the proposal is shown")
    #expect(result.stderr.contains("pass --yes"))
    #expect(FileManager.default.fileExists(atPath: cli.home + "/.config/git-llm/config.yaml") == false)
  }

  @Test func aDeadBaseURLIsOneLineAndWritesNothing() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let dead = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"
    for provider in [["--provider", "ollama"], ["--provider", "openai"]] {
      let result = try cli.run(["setup", "--yes", "--base-url", dead] + provider, in: repo.path, environment: try Self.isolated())
      #expect(result.status == 2)
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
      #expect(result.stderr.contains("nothing answers at \(dead)"))
    }
    #expect(FileManager.default.fileExists(atPath: cli.home + "/.config/git-llm/config.yaml") == false)
  }

  @Test func aModelThatDoesNotAnswerKeepsTheFileAndSaysHowToUndo() throws {
    let cli = try CLI()
    let repo = try Self.fixture()
    let claude = try FakeAnthropic(key: "sk-ant-api03-the-right-one-1234", answer: "ok")
    let result = try cli.run(
      ["setup", "--yes", "--provider", "anthropic", "--allow-remote", "--base-url", claude.url], in: repo.path,
      environment: try Self.isolated(["ANTHROPIC_API_KEY": "sk-ant-api03-a-wrong-one-5678"]))
    #expect(result.status == 3)
    #expect(result.output.contains("checked: claude.sonnet (claude/claude-sonnet-4-5) did not answer"))
    #expect(result.stderr.contains("is kept") && result.stderr.contains("rm \(cli.home)/.config/git-llm/config.yaml"))
    #expect(!result.stderr.contains("a-wrong-one") && !result.output.contains("a-wrong-one"))
  }
}

/// The Done-when paths: a newcomer with only an Anthropic key, or only a running Ollama, follows
/// README (`git llm setup`, then `git llm review HEAD~3..`) and a model answers the review.
@Suite("A newcomer's first review")
struct NewcomerPathTests {
  static let clean = #"{"findings":[]}"#

  static func reviewers(_ result: ProcessResult) throws -> [[String: Any]] {
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let coverage = try #require(report["coverage"] as? [String: Any])
    return try #require(coverage["reviewers"] as? [[String: Any]])
  }

  @Test func onlyAnAnthropicKey() throws {
    let cli = try CLI()
    let repo = try SetupCommandTests.fixture()
    let key = "sk-ant-api03-Newcomer-Key-9876"
    let claude = try FakeAnthropic(key: key, answer: Self.clean)
    let environment = try SetupCommandTests.isolated(["ANTHROPIC_API_KEY": key])
    let setup = try cli.run(
      ["setup", "--yes", "--provider", "anthropic", "--allow-remote", "--base-url", claude.url], in: repo.path, environment: environment)
    #expect(setup.status == 0, "\(setup.stderr)")
    let review = try cli.run(["review", "HEAD~3..", "--format", "json"], in: repo.path, environment: environment)
    #expect(review.status == 0, "\(review.stderr)")
    let reviewers = try Self.reviewers(review)
    #expect(reviewers.map { $0["alias"] as? String } == ["claude.sonnet"], "\(reviewers)")
    #expect(reviewers.first?["model"] as? String == "claude-sonnet-4-5")
    #expect(claude.messages.count >= 2, "the check, then the review")
    #expect(!review.stderr.contains("built-in rules"))
  }

  @Test func onlyARunningOllama() throws {
    let cli = try CLI()
    let repo = try SetupCommandTests.fixture()
    let ollama = try FakeOllama(models: [SetupCommandTests.coder], chatAnswer: Self.clean)
    let environment = try SetupCommandTests.isolated(["OLLAMA_HOST": ollama.url])
    let setup = try cli.run(["setup", "--yes"], in: repo.path, environment: environment)
    #expect(setup.status == 0, "\(setup.stderr)")
    let review = try cli.run(["review", "HEAD~3..", "--format", "json"], in: repo.path, environment: environment)
    #expect(review.status == 0, "\(review.stderr)")
    let reviewers = try Self.reviewers(review)
    #expect(reviewers.map { $0["alias"] as? String } == ["ollama.default"], "\(reviewers)")
    #expect(reviewers.first?["model"] as? String == "qwen2.5-coder:7b")
    let chat = try #require(
      ollama.chatBodies.withLock { $0 }.last.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
    #expect((chat["options"] as? [String: Any])?["num_ctx"] as? Int == 16384, "the review goes through Ollama's native /api/chat")
  }

  @Test func withNoModelTheReviewPointsToSetup() throws {
    let cli = try CLI()
    let repo = try SetupCommandTests.fixture()
    let dead = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"
    let review = try cli.run(
      ["review", "HEAD~3..", "-c", "providers.ollama.base_url=\(dead)"], in: repo.path, environment: try SetupCommandTests.isolated())
    #expect(review.stderr.contains("instead of a model; `git llm setup` finds a model"), "\(review.stderr)")
  }
}

/// `git llm doctor` ends with the one next step its findings call for.
@Suite("git llm doctor's next step")
struct DoctorNextStepTests {
  static func nextStep(_ cli: CLI, _ repo: GitFixture, ollama: String, environment: [String: String] = [:]) throws -> String {
    let result = try cli.run(
      ["doctor", "-c", "providers.ollama.base_url=\(ollama)"], in: repo.path,
      environment: try SetupCommandTests.isolated(environment))
    #expect(result.status == 0, "\(result.stderr)")
    return result.output.split(separator: "\n").last.map(String.init) ?? ""
  }

  @Test func nothingAnswersAndNoKey() throws {
    let dead = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"
    let line = try Self.nextStep(try CLI(), try SetupCommandTests.fixture(), ollama: dead)
    #expect(line == "next step: no review model: `ollama pull qwen2.5-coder:7b`, then `git llm setup`")
  }

  @Test func ollamaUpButTheModelNotPulled() throws {
    let ollama = try FakeOllama(models: [FakeOllama.Model(name: "llama3.2:latest")])
    let line = try Self.nextStep(try CLI(), try SetupCommandTests.fixture(), ollama: ollama.url)
    #expect(line.hasPrefix("next step: qwen2.5-coder:7b is not pulled: `ollama pull qwen2.5-coder:7b`, or `git llm setup`"), "\(line)")
  }

  @Test func aKeyButNoRemoteModel() throws {
    let dead = "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"
    let line = try Self.nextStep(
      try CLI(), try SetupCommandTests.fixture(), ollama: dead, environment: ["ANTHROPIC_API_KEY": "sk-ant-api03-Zq8Xw2Lm4Np6Rt8Vb0Cd"])
    #expect(line == "next step: ANTHROPIC_API_KEY is set: `git llm setup --provider anthropic --allow-remote`")
  }

  @Test func aRejectedKeyIsNotReady() throws {
    let right = "sk-ant-api03-the-right-one-1234"
    let wrong = "sk-ant-api03-a-wrong-one-5678"
    let claude = try FakeAnthropic(key: right, answer: "ok")
    let cli = try CLI()
    let repo = try SetupCommandTests.fixture()
    try repo.write(
      ".git/git-llm.yaml",
      """
      providers:
        claude:
          type: anthropic
          base_url: "\(claude.url)"
          api_key: "${ANTHROPIC_API_KEY}"
      models:
        claude.sonnet:
          provider: claude
          model: claude-sonnet-4-5
      routing:
        review: [claude.sonnet, builtin]

      """)
    let refused = try cli.run(["doctor"], in: repo.path, environment: try SetupCommandTests.isolated(["ANTHROPIC_API_KEY": wrong]))
    #expect(refused.status == 0, "\(refused.stderr)")
    #expect(refused.output.contains("), key rejected (HTTP 401): invalid x-api-key"), "\(refused.output)")
    let line = refused.output.split(separator: "\n").last.map(String.init) ?? ""
    #expect(line.hasPrefix("next step: claude rejects its API key: check the variable providers.claude.api_key names"), "\(line)")
    #expect(!refused.output.contains(wrong) && !refused.stderr.contains(wrong))
    let accepted = try cli.run(["doctor"], in: repo.path, environment: try SetupCommandTests.isolated(["ANTHROPIC_API_KEY": right]))
    #expect(accepted.output.contains("key accepted"))
    #expect(accepted.output.hasSuffix("next step: ready: `git llm review HEAD~1..`\n"), "\(accepted.output)")
  }

  @Test func readyWhenTheReviewModelAnswers() throws {
    let ollama = try FakeOllama(models: [SetupCommandTests.coder])
    let line = try Self.nextStep(try CLI(), try SetupCommandTests.fixture(), ollama: ollama.url)
    #expect(line == "next step: ready: `git llm review HEAD~1..`")
  }
}
