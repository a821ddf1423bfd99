import Foundation
import TestSupport
import Testing

/// docs/troubleshooting.md and docs/configuration-reference.md are generated from the code; the
/// committed files must equal what the code generates now. `make docs` rewrites them (it runs
/// this suite with GIT_LLM_WRITE_DOCS=1).
@Suite("Generated documentation")
struct GeneratedDocsTests {
  static let writing = ProcessInfo.processInfo.environment["GIT_LLM_WRITE_DOCS"] == "1"

  static func check(_ path: String, _ generated: String) throws {
    let full = PackageRepository.root + "/" + path
    if writing { try generated.write(toFile: full, atomically: true, encoding: .utf8) }
    let committed = (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
    guard committed != generated else { return }
    let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
    let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
    let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
    Issue.record("\(path) is out of date with the code (first difference at line \(line + 1)); run `make docs` and commit the result")
  }

  @Test func troubleshootingIsCurrent() throws {
    try Self.check(TroubleshootingDoc.path, TroubleshootingDoc.render())
  }

  @Test func configurationReferenceIsCurrent() throws {
    try Self.check(ConfigReferenceDoc.path, ConfigReferenceDoc.render())
  }

  /// Each enum's samples cover every case declared in its source file (the exhaustive `switch`
  /// of its explanation already covers them at compile time).
  @Test(arguments: ErrorSections.all.map(\.typeName))
  func samplesCoverEveryCase(typeName: String) throws {
    let section = try #require(ErrorSections.all.first { $0.typeName == typeName })
    #expect(!section.expectedCodes.isEmpty, "no cases found for \(typeName) in \(section.declaredIn)")
    let sampled = Set(section.entries.map(\.explanation.code))
    #expect(sampled == section.expectedCodes, "\(typeName): add a sample for \(section.expectedCodes.subtracting(sampled).sorted())")
  }

  /// Every message shown is a real one: printed lines start as the binary's do, nothing is empty.
  @Test func messagesAreWhatTheBinaryPrints() {
    for section in ErrorSections.all {
      for entry in section.entries {
        // A tool call's refusal is the text of the MCP tool result, not a line on stderr.
        let toolResult = MCPErrorCatalog.toolResultTypes.contains(section.typeName)
        #expect(toolResult || entry.lines.allSatisfy { $0.hasPrefix("git-llm: ") }, "\(section.typeName): \(entry.lines)")
        // Only a cancelled request prints nothing.
        #expect(!entry.lines.isEmpty || entry.explanation.code.hasSuffix(".cancelled"), "\(entry.explanation.code) prints nothing")
        #expect(!entry.explanation.meaning.isEmpty && !entry.explanation.fix.isEmpty)
      }
    }
  }

  /// The source scan finds the literal messages (a broken pattern would silently list none).
  @Test func literalMessagesAreFound() {
    let literals = MessageLiterals.all()
    #expect(literals.count >= 40)
    #expect(literals.contains { $0.text == "nothing is staged; git add the changes first" && $0.status == 2 })
    #expect(literals.contains { $0.text.hasPrefix("cannot write <path>: <reason>") && $0.status == 3 })
    #expect(literals.contains { $0.text == "--staged and --worktree can't be combined; pick one side" })
  }

  /// The page shows one real failure exactly as the built binary prints it.
  @Test func pageMatchesTheBinary() throws {
    let cli = try CLI()
    let repo = try GitFixture()
    try repo.write(".git-llm.yaml", "review:\n  fail_onn: high\n")
    let result = try cli.run(["config", "validate"], in: repo.path)
    #expect(result.status == 2)
    let line = try #require(result.stderr.split(separator: "\n").first.map(String.init))
    let shown = line.replacingOccurrences(of: repo.path + "/", with: "")
    #expect(TroubleshootingDoc.render().contains(shown), "\(shown)")
  }
}
