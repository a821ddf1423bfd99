import Foundation
import TestSupport
import Testing

/// Every `git llm …` example in README.md and docs/ runs and succeeds, so the docs can't drift
/// from the binary. Examples run in a fixture repository shaped like the ones the docs assume.
@Suite("Documentation examples run")
struct DocsExamplesTests {
  static let documents = [
    "README.md", "docs/cli.md", "docs/configuration.md", "docs/json.md", "docs/providers.md", "docs/review.md", "docs/hooks.md",
    "docs/review-formats.md", "docs/finetune.md", "docs/debt.md", "docs/mcp.md", "docs/setup.md", "docs/privacy.md", "docs/performance.md",
    "docs/troubleshooting.md", "docs/configuration-reference.md", "docs/claude-code.md", "docs/finetune-kubernetes.md",
  ]

  /// `git llm` command lines inside fenced code blocks, with comments, redirections and the
  /// `make … &&` set-up prefix removed.
  static func examples() -> [String] {
    documents.flatMap { name -> [String] in
      guard let text = try? String(contentsOfFile: PackageRepository.root + "/" + name, encoding: .utf8) else { return [] }
      var inFence = false
      var found: [String] = []
      for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("```") { inFence.toggle(); continue }
        guard inFence, let start = line.range(of: "git llm ") else { continue }
        // Shell examples only: a line starting with the command (or with `make … && `).
        let prefix = line[..<start.lowerBound]
        guard prefix.isEmpty || prefix.hasSuffix("&& ") else { continue }
        var command = String(line[start.lowerBound...])
        if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]) }
        if let redirect = command.range(of: " > ") { command = String(command[..<redirect.lowerBound]) }
        found.append(command.trimmingCharacters(in: .whitespaces))
      }
      return found
    }
  }

  @Test func thereAreExamples() {
    #expect(Self.examples().count >= 10)
  }

  @Test(arguments: DocsExamplesTests.examples())
  func exampleRuns(command: String) throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write("Sources/a.swift", "let a = 1\n")
    try repo.write("config/git-llm.yaml", try String(contentsOfFile: PackageRepository.root + "/config/git-llm.yaml", encoding: .utf8))
    for index in 1...11 {
      try repo.write("Sources/a.swift", "let a = \(index)\n")
      try repo.commitAll("change \(index)")
      if index == 2 { try repo.git(["tag", "v1.0"]) }
    }
    // `config init` starts a repository's file; every other example finds one there.
    if !command.hasPrefix("git llm config init") { try repo.write(".git-llm.yaml", "review:\n  fail_on: high\n") }
    try repo.write("Sources/a.swift", "let a = 0\n")
    try repo.git(["add", "Sources/a.swift"])
    // Run through a shell with `git` on PATH resolving `git llm` to the built binary.
    let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
    // Examples that show earlier reviews need one to have happened.
    if command.contains("--last") || command.hasPrefix("git llm logs") { try cli.run(["review", "--staged"], in: repo.path) }
    let result = try cli.run(
      ["-c", command], in: repo.path, environment: ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")],
      shell: true)
    if command.hasPrefix("git llm commit-msg") {
      // With no model running, the documented outcome is "nothing drafted", exit 3.
      #expect(result.status == 0 || (result.status == 3 && result.stderr.contains("no model answered")), "\(command): \(result.stderr)")
    } else {
      #expect(result.status == 0, "\(command): \(result.stderr)")
    }
  }
}
