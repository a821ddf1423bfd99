import ArgumentParser

/// `git llm mcp`.
struct McpCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcp",
    abstract: "Serve git-llm's tools to an assistant over the Model Context Protocol (stdio).",
    discussion: """
      An MCP server on stdin and stdout, for Claude Code, Claude Desktop, Cursor, VS Code and other \
      MCP clients: the client starts it and talks JSON-RPC; nobody types at it. Tools: review, \
      debt, commit_message, providers and finetune_status, each running the job its command runs, \
      with the same configuration, trust and privacy rules, and returning the command's JSON. \
      stdout carries only the protocol; diagnostics go to stderr. The server ends when stdin \
      ends. docs/mcp.md has the client configurations.

      Register it with Claude Code: claude mcp add git-llm -- git llm mcp

      Exit status: 0 when stdin ended; 2 usage or configuration error.
      """)

  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let tools = MCPTools(directory: global.startDirectory, overrides: global.overrides, verbose: global.verbose, quiet: global.quiet)
    try await tools.server(describe: GitLLMMain.oneLineMessage(for:)).serveStandardIO()
  }
}
