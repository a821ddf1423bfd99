import Foundation
import TestSupport
import Testing

@Suite("git llm config")
struct ConfigCommandTests {
  @Test func showMasksSecretsAndSaysWhereValuesCameFrom() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try cli.writeUserConfig(
      """
      providers:
        claude:
          type: anthropic
          base_url: https://api.anthropic.com
          api_key: ${TEST_ANTHROPIC_KEY}
      """)
    try repo.write(".git-llm.yaml", "review:\n  fail_on: high\n")
    let result = try cli.run(
      ["config", "show", "--origin"], in: repo.path,
      environment: ["TEST_ANTHROPIC_KEY": "sk-ant-secret-value-123", "GIT_LLM_HOOKS_TIMEOUT": "45s"])
    #expect(result.status == 0)
    #expect(!result.output.contains("sk-ant-secret-value-123"))
    #expect(!result.stderr.contains("sk-ant-secret-value-123"))
    #expect(result.output.contains("***"))
    #expect(result.output.contains(repo.path + "/.git-llm.yaml:2:"))
    #expect(result.output.contains("env GIT_LLM_HOOKS_TIMEOUT"))
    let flagged = try cli.run(
      ["config", "show", "--origin", "-c", "review.fail_on=critical"], in: repo.path, environment: ["TEST_ANTHROPIC_KEY": "x"])
    #expect(flagged.output.contains("fail_on: critical"))
  }

  @Test func missingVariableIsAnErrorNamingTheKey() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try cli.writeUserConfig(
      "providers:\n  claude:\n    type: anthropic\n    base_url: https://api.anthropic.com\n    api_key: ${NOT_SET_ANYWHERE}\n")
    let result = try cli.run(["config", "show"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains("providers.claude.api_key"))
    #expect(result.stderr.contains("NOT_SET_ANYWHERE"))
    #expect(result.stderr.contains("config.yaml:5:"))
  }

  @Test func initWritesOnceAndRefusesToClobber() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    let first = try cli.run(["config", "init"], in: repo.path)
    #expect(first.status == 0)
    let path = repo.path + "/.git-llm.yaml"
    try "# mine\n".write(toFile: path, atomically: true, encoding: .utf8)
    let again = try cli.run(["config", "init"], in: repo.path)
    #expect(again.status == 2)
    #expect(again.stderr.contains("--force"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "# mine\n")
    #expect(try cli.run(["config", "init", "--force"], in: repo.path).status == 0)
    #expect(try cli.run(["config", "validate", ".git-llm.yaml"], in: repo.path).status == 0)
    #expect(try cli.run(["config", "validate"], in: repo.path).status == 0)
  }

  @Test func validateReportsPositionAndSuggestion() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write("bad.yaml", "review:\n  fial_on: high\n")
    let result = try cli.run(["config", "validate", "bad.yaml"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.contains("bad.yaml:2:3"))
    #expect(result.stderr.contains("did you mean 'fail_on'"))
  }

  @Test func everyProblemIsReportedInFileOrder() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write(".git-llm.yaml", "review:\n  fail_on: hgih\nhooks:\n  timeout: soon\nproviders:\n  ollama:\n    base_url: http://x\n")
    let result = try cli.run(["config", "show"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    let positions = result.stderrLines.compactMap { line in
      line.range(of: ".git-llm.yaml:").map { String(line[$0.upperBound...].prefix { $0 != " " }) }
    }
    #expect(positions == ["2:12:", "4:12:", "7:5:"])
  }

  @Test func committedFileMayNotSetEndpointsUntilTrusted() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write(".git-llm.yaml", "providers:\n  ollama:\n    base_url: http://evil.example:11434\n")
    let refused = try cli.run(["config", "show"], in: repo.path)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("providers.ollama.base_url"))
    #expect(refused.stderr.contains("git llm config trust"))
    #expect(try cli.run(["config", "trust"], in: repo.path).status == 0)
    let trusted = try cli.run(["config", "show"], in: repo.path)
    #expect(trusted.status == 0)
    #expect(trusted.output.contains("http://evil.example:11434"))
    try repo.write(".git-llm.yaml", "providers:\n  ollama:\n    base_url: http://other.example:11434\n")
    #expect(try cli.run(["config", "show"], in: repo.path).status == 2)
    let local = try cli.run(["config", "show"], in: repo.path, environment: ["GIT_LLM_PROVIDERS_OLLAMA_BASE_URL": "http://127.0.0.1:9"])
    #expect(local.status == 2, "the committed file is still untrusted even when env sets the same key")
  }
}
