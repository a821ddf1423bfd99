import Foundation
import TestSupport
import Testing

/// Secrets in a reviewed change: found whoever answers, and never shown, logged or cached.
@Suite("git llm review and secrets", .serialized)
struct ReviewSecretsTests {
  /// Fake credentials of the right shapes (none is real). The AWS secret is 48 characters with a
  /// placeholder word inside it: still a live key.
  static let values = [
    "ghp_" + "R7kQ2mX9pL4vN8sT1wY6zB3cF5hJ0dG2aE7u",
    "AKIA" + "Q7RZ2M4XK9PL3VN6",
    "Kf83nQ0vLzR7tYw2" + "EXAMPLE" + "Pq4Hs9DmX1cVb6Nj8Ue5Ga3T0",
    "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "Tr0ub4dor&3-" + "horse",
  ]

  static let settings = """
    import os

    GITHUB_TOKEN = "\(values[0])"
    AWS_ACCESS_KEY_ID = "\(values[1])"
    AWS_SECRET_ACCESS_KEY = "\(values[2])"
    STRIPE_KEY = "\(values[3])"
    DB_PASSWORD = "\(values[4])"

    """

  /// A repository whose last commit adds `config/settings.py` full of keys.
  func repoWithKeys() throws -> GitFixture {
    let repo = try GitFixture()
    try repo.write("app.py", "def main():\n    return 0\n")
    try repo.commitAll("base")
    try repo.write("config/settings.py", Self.settings)
    try repo.commitAll("Add the service settings")
    return repo
  }

  /// An OpenAI-compatible server answering every review with `answer`.
  func modelServer(_ answer: String) throws -> TestHTTPServer {
    try TestHTTPServer { request in
      if request.path.hasSuffix("/models") { return .json(200, #"{"data":[{"id":"m"}]}"#) }
      let escaped = answer.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      return .stream(
        contentType: "text/event-stream",
        chunks: [
          #"data: {"choices":[{"index":0,"delta":{"content":"\#(escaped)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":5}}"#
            + "\n\n",
          "data: [DONE]\n\n",
        ])
    }
  }

  func config(_ cli: CLI, url: String, remote: Bool) throws {
    try cli.writeUserConfig(
      """
      providers:
        ollama: {base_url: "http://127.0.0.1:\(try TestHTTPServer.unusedPort())"}
        srv: {type: openai, base_url: "\(url)/v1", remote: \(remote)}
      models:
        model: {provider: srv, model: m, context_window: 8192}
      routing:
        review: [model, builtin]
      fallback: {max_retries: 0}
      """)
  }

  /// Which of the values (by position, never by value) occur in `bytes`.
  func leaked(_ bytes: Data) -> [Int] {
    let text = String(decoding: bytes, as: UTF8.self)
    return Self.values.indices.filter { text.contains(Self.values[$0]) }
  }

  /// Every file under `folder`, concatenated.
  func contents(of folder: String) throws -> Data {
    var all = Data()
    let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
    for file in files { all += FileManager.default.contents(atPath: folder + "/" + file) ?? Data() }
    return all
  }

  @Test func aModelThatAnswersStillGetsTheSecretFindingsAndNothingShowsAValue() throws {
    let cli = try CLI()
    let repo = try repoWithKeys()
    let server = try modelServer(#"{"findings":[]}"#)
    try config(cli, url: server.baseURL, remote: true)

    let json = try cli.run(["review", "HEAD~1..HEAD", "--format", "json"], in: repo.path)
    let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any], "\(json.stderr)")
    #expect(report["complete"] as? Bool == true && report["builtin_only"] as? Bool == false, "the model answered")
    let findings = try #require(report["findings"] as? [[String: Any]])
    let lines = findings.filter { $0["severity"] as? String == "critical" && $0["category"] as? String == "security" }.compactMap {
      $0["start_line"] as? Int
    }
    #expect(lines == [3, 4, 5, 6, 7], "one critical secret finding per key, though the model only saw placeholders")
    #expect(leaked(json.stdout + Data(json.stderr.utf8)) == [])

    // The remote model was sent placeholders, the 48-character AWS secret included.
    #expect(server.requests.count == 1)
    for request in server.requests { #expect(leaked(request.body) == [], "a value left the machine") }

    for format in ["text", "markdown", "sarif", "github"] {
      let result = try cli.run(["review", "HEAD~1..HEAD", "--format", format], in: repo.path)
      #expect(result.status == 0, "\(format): \(result.stderr)")
      #expect(leaked(result.stdout + Data(result.stderr.utf8)) == [], "\(format) shows a secret value")
      #expect(result.output.contains("GitHub token added"), "\(format) reports the secret")
      if format == "text" || format == "markdown" {
        #expect(result.output.contains("GITHUB_TOKEN = \"<redacted:github-token#"), "\(format) quotes the line with the placeholder")
      }
    }
    #expect(server.requests.count == 1, "later runs come from the cache, and still report the secrets")
    #expect(leaked(try contents(of: repo.path + "/.git/llm/runs")) == [], "the run log holds a value")
    #expect(leaked(try contents(of: repo.path + "/.git/llm/cache")) == [], "the cache holds a value")
    let last = try cli.run(["review", "--last", "--format", "text"], in: repo.path)
    #expect(last.output.contains("GitHub token added") && leaked(last.stdout) == [])
  }

  @Test func aLocalModelQuotingAValueHasItTakenOut() throws {
    let cli = try CLI()
    let repo = try repoWithKeys()
    let quoted =
      #"{"findings":[{"path":"config/settings.py","start_line":1,"end_line":1,"severity":"high","category":"maintainability","#
      + #""title":"Token \#(Self.values[0]) committed","explanation":"The key \#(Self.values[2]) and \#(Self.values[4]) are in the source.","#
      + #""suggestion":"AWS_SECRET_ACCESS_KEY = os.environ[\"AWS_SECRET_ACCESS_KEY\"]  # was \#(Self.values[2])"}]}"#
    let server = try modelServer(quoted)
    try config(cli, url: server.baseURL, remote: false)
    for format in ["json", "text", "markdown", "sarif", "github"] {
      let result = try cli.run(["review", "HEAD~1..HEAD", "--format", format], in: repo.path)
      #expect(leaked(result.stdout + Data(result.stderr.utf8)) == [], "\(format) shows a value the model quoted")
      if format == "json" || format == "text" {
        #expect(result.output.contains("<redacted:aws-secret-access-key>"), "\(format) says what was there")
      }
    }
    #expect(leaked(try contents(of: repo.path + "/.git/llm/runs")) == [], "the run log holds a value")
    #expect(leaked(try contents(of: repo.path + "/.git/llm/cache")) == [], "the cache holds a value")
  }
}
