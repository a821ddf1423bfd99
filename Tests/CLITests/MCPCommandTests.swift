import ConfigKit
import Foundation
import TestSupport
import Testing

@testable import GitLLM

/// `git llm mcp` as a process, and what its tools' errors say. docker/mcp-client drives it with
/// the official MCP Python client; these check what needs no client.
@Suite("git llm mcp")
struct MCPCommandTests {
  @Test func endOfInputEndsTheServerCleanlyWithNothingOnStdout() throws {
    let repo = try GitFixture()
    try repo.write("a.py", "x = 1\n")
    try repo.commitAll("base")
    let result = try CLI().run(["mcp"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func oneRequestIsAnsweredOnStdoutBeforeTheServerExits() throws {
    let folder = try makeTemporaryFolder()
    let initialize =
      #"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
    let result = try TestSupport.run(
      CLI.binary, ["mcp"], in: folder, environment: ["HOME": folder, "XDG_CONFIG_HOME": folder], stdin: Data((initialize + "\n").utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.output.split(separator: "\n")
    #expect(lines.count == 1, "\(result.output)")
    let answer = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
    #expect(answer["id"] as? Int == 7)
    #expect(((answer["result"] as? [String: Any])?["serverInfo"] as? [String: Any])?["name"] as? String == "git-llm")
  }

  @Test func aToolErrorIsTheLineTheCommandLinePrints() {
    #expect(
      GitLLMMain.oneLineMessage(for: CommandFailure(.usage, "nothing is staged; git add the changes first"))
        == "nothing is staged; git add the changes first")
    let problems = ConfigError.invalid([
      .duplicateKey(location: "a.yaml:1:2", key: "review"),
      .missingVariable(location: "a.yaml:3:4", key: "providers.c.api_key", variable: "KEY"),
    ])
    #expect(GitLLMMain.oneLineMessage(for: problems) == problems.problems.map(\.description).joined(separator: "; "))
  }

  @Test func aRepositoryThatIsNoFolderIsRefusedByName() throws {
    let tools = MCPTools(directory: try makeTemporaryFolder(), overrides: [], verbose: false, quiet: true)
    #expect(throws: CommandFailure.self) { try tools.folder("no/such/place") }
    #expect(try tools.folder(nil) == tools.directory && tools.folder("") == tools.directory)
  }

  /// docs/mcp.md names every tool and every argument the server offers.
  @Test func docsNameEveryToolAndArgument() throws {
    let text = try String(contentsOfFile: PackageRepository.root + "/docs/mcp.md", encoding: .utf8)
    for spec in MCPToolSpecs.all {
      #expect(text.contains("| `\(spec.name)` |"), "docs/mcp.md has no row for \(spec.name)")
      for parameter in spec.parameters {
        #expect(text.contains("`\(parameter.name)`"), "docs/mcp.md does not name \(spec.name)'s \(parameter.name)")
      }
    }
  }
}
