import Foundation
import MCP
import Synchronization
import Testing

@testable import MCPServerKit

/// The server through the SDK's own client over an in-memory pair: tool errors for everything a
/// tool throws, a protocol error for an unknown tool, progress before the result, and a server
/// that answers after each of them.
@Suite("MCP tool server")
struct ToolServerTests {
  struct Broken: Error, LocalizedError {
    var errorDescription: String? { "the config is broken\nfix line 3" }
  }

  static let echo = ToolSpec(name: "echo", description: "e", parameters: [ToolParameter("text", .string, "t", required: true)])
  static let slow = ToolSpec(name: "slow", description: "s", parameters: [ToolParameter("steps", .integer(minimum: 1), "n")])
  static let fail = ToolSpec(name: "fail", description: "f", parameters: [])

  static let wait = ToolSpec(name: "wait", description: "w", parameters: [])

  static func server() -> ToolServer {
    ToolServer(name: "test", version: "1", tools: [echo, slow, fail, wait]) { name, arguments, progress in
      switch name {
      case "echo": return arguments.string("text") ?? ""
      case "wait":
        // A job that notices the cancel late and still returns a result, as one that ignored
        // it would: the server must not send it.
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        return "finished anyway"
      case "slow":
        let steps = arguments.int("steps") ?? 3
        for step in 0...steps {
          progress.report(Double(step), total: Double(steps), message: "step \(step)")
          progress.report(Double(step), total: Double(steps), message: "again")  // not above the last: dropped
        }
        return "done"
      default: throw Broken()
      }
    }
  }

  func connected() async throws -> (Client, Server) {
    let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
    let server = try await Self.server().start(on: serverSide)
    let client = Client(name: "tests", version: "1")
    _ = try await client.connect(transport: clientSide)
    return (client, server)
  }

  func text(_ content: [Tool.Content]) -> String {
    content.compactMap { if case .text(let text, _, _) = $0 { return text } else { return nil } }.joined()
  }

  @Test func listsTheToolsWithTheirSchemas() async throws {
    let (client, server) = try await connected()
    let tools = try await client.listTools().tools
    #expect(tools.map(\.name) == ["echo", "slow", "fail", "wait"])
    #expect(tools.first?.inputSchema.objectValue?["required"] == ["text"])
    await client.disconnect()
    await server.stop()
  }

  @Test func badArgumentsAndThrownErrorsAreToolErrorsAndTheServerGoesOn() async throws {
    let (client, server) = try await connected()
    let wrongType = try await client.callTool(name: "echo", arguments: ["text": 3])
    #expect(wrongType.isError == true && text(wrongType.content) == "'text' must be a string, not the number 3")
    let missing = try await client.callTool(name: "echo", arguments: [:])
    #expect(missing.isError == true && text(missing.content) == "echo needs the argument 'text'")
    let thrown = try await client.callTool(name: "fail")
    #expect(thrown.isError == true && text(thrown.content) == "the config is broken; fix line 3", "one line")
    let fine = try await client.callTool(name: "echo", arguments: ["text": "hello"])
    #expect(fine.isError == false && text(fine.content) == "hello")
    await client.disconnect()
    await server.stop()
  }

  @Test func anUnknownToolIsAProtocolError() async throws {
    let (client, server) = try await connected()
    await #expect {
      _ = try await client.callTool(name: "nope")
    } throws: { error in
      guard let error = error as? MCPError, case .invalidParams(let detail) = error else { return false }
      return detail?.contains("unknown tool 'nope'") == true
    }
    #expect(try await client.callTool(name: "echo", arguments: ["text": "still here"]).isError == false)
    await client.disconnect()
    await server.stop()
  }

  @Test func aCancelledCallHasNoAnswerWhateverTheToolReturns() async throws {
    let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
    let tools = Self.server()
    let server = try await tools.start(on: serverSide)
    for tool in ["wait", "fail"] {
      let call = Task { try await tools.call(CallTool.Parameters(name: tool), server: server) }
      call.cancel()
      await #expect(throws: CancellationError.self, "\(tool)") { try await call.value }
    }
    let client = Client(name: "tests", version: "1")
    _ = try await client.connect(transport: clientSide)
    #expect(try await client.callTool(name: "echo", arguments: ["text": "still here"]).isError == false)
    await client.disconnect()
    await server.stop()
  }

  @Test func progressComesInOrderBeforeTheResult() async throws {
    let (client, server) = try await connected()
    let token = ProgressToken.unique()
    let seen = Mutex<[Double]>([])
    _ = await client.onNotification(ProgressNotification.self) { message in
      if message.params.progressToken == token { seen.withLock { $0.append(message.params.progress) } }
    }
    let result = try await client.callTool(name: "slow", arguments: ["steps": 4], meta: Metadata(progressToken: token))
    #expect(result.isError == false)
    #expect(seen.withLock { $0 } == [0, 1, 2, 3, 4], "each value once, increasing, all before the result")
    let untracked = try await client.callTool(name: "slow", arguments: ["steps": 2])
    #expect(untracked.isError == false && seen.withLock { $0.count } == 5, "no token, no notifications")
    await client.disconnect()
    await server.stop()
  }
}
