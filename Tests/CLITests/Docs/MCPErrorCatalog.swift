import MCP
import MCPServerKit

@testable import GitLLM

/// What `git llm mcp` answers when a tool call's arguments are refused, and why the server could
/// not start. Argument errors reach the assistant as the tool result's text (`isError: true`).
enum MCPErrorCatalog {
  static func explain(_ error: ToolArgumentError) -> Explanation {
    switch error {
    case .notAnObject:
      return Explanation(
        code: "mcpArguments.notAnObject", meaning: "The client sent the tool's arguments as something other than a JSON object.",
        fix: "Send `arguments` as an object, as the tool's input schema (`tools/list`) describes.")
    case .unknown:
      return Explanation(
        code: "mcpArguments.unknown", meaning: "The call names an argument the tool does not take; the schemas allow no extra properties.",
        fix: "Use one of the names the message lists ([mcp.md](mcp.md) documents each tool).")
    case .missing:
      return Explanation(
        code: "mcpArguments.missing",
        meaning: "A required argument is absent (kept for tools that require one; today every argument of git-llm's tools is optional).",
        fix: "Pass the argument the message names.")
    case .type:
      return Explanation(
        code: "mcpArguments.type", meaning: "An argument has the wrong JSON type.",
        fix: "Send the type the message names (a string, a boolean, an array of strings or an integer).")
    case .tooSmall:
      return Explanation(
        code: "mcpArguments.tooSmall", meaning: "A number is below the least value the tool takes.", fix: "Pass a larger number.")
    }
  }

  static func explain(_ error: ToolServerError) -> Explanation {
    switch error {
    case .standardOutput:
      return Explanation(
        code: "mcpServer.standardOutput",
        meaning: "The server keeps stdout for the protocol alone by duplicating it and pointing descriptor 1 at stderr; that failed.",
        fix: "Start `git llm mcp` with stdin and stdout connected to the client (a pipe), and with a free file descriptor.")
    }
  }

  static let argumentSamples: [ToolArgumentError] = [
    .notAnObject(tool: "review"), .unknown(tool: "debt", name: "limit", known: ["paths", "since", "top", "no_model", "repository"]),
    .missing(tool: "finetune_status", name: "run"), .type(name: "staged", expected: "a boolean", got: .string("yes")),
    .tooSmall(name: "top", minimum: 1, got: 0),
  ]

  /// The types whose messages reach the assistant as a tool result rather than stderr.
  static let toolResultTypes: Set<String> = ["ToolArgumentError"]

  static let serverSamples: [ToolServerError] = [.standardOutput("Bad file descriptor")]

  /// The text of the tool result the assistant receives.
  static func answered(_ error: Error) -> ([String], Int32?) { ([GitLLMMain.oneLineMessage(for: error)], nil) }
}
