import Foundation
import MCP
import SystemPackage

/// A Model Context Protocol server of tools. A call's result is the text the tool returns; any
/// error it throws (bad arguments included) becomes a tool error, `isError: true` with one line,
/// and the server goes on answering. Only an unknown tool is a protocol error (-32602, as the
/// spec has it).
///
/// A call the client cancels (`notifications/cancelled`) gets no answer, as the spec asks: the
/// SDK cancels the handler's task, the tool's job sees that (the router aborts the requests in
/// flight and sends no more), and whatever the handler then returns or throws is dropped.
public struct ToolServer: Sendable {
  /// Runs the tool `name` and returns its result text.
  public typealias Handler = @Sendable (_ name: String, _ arguments: ToolArguments, _ progress: ToolProgress) async throws -> String

  public var name: String
  public var version: String
  public var instructions: String?
  public var tools: [ToolSpec]
  /// The one line a tool error says about `error`.
  public var describe: @Sendable (Error) -> String
  public var handler: Handler

  public init(
    name: String, version: String, instructions: String? = nil, tools: [ToolSpec],
    describe: @escaping @Sendable (Error) -> String = { $0.localizedDescription }, handler: @escaping Handler
  ) {
    self.name = name
    self.version = version
    self.instructions = instructions
    self.tools = tools
    self.describe = describe
    self.handler = handler
  }

  /// Serves on stdin and stdout until stdin ends, then lets the calls in flight answer and
  /// returns. stdout carries the protocol alone: the transport writes to a duplicate of it, and
  /// descriptor 1 becomes stderr, so a stray write anywhere in the process lands on stderr
  /// instead of corrupting the stream.
  public func serveStandardIO() async throws {
    let protocolOutput = dup(STDOUT_FILENO)
    guard protocolOutput >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
      throw ToolServerError.standardOutput(String(cString: strerror(errno)))
    }
    let transport = AnsweringTransport(StdioTransport(input: .standardInput, output: FileDescriptor(rawValue: protocolOutput)))
    let server = try await start(on: transport)
    await server.waitUntilCompleted()
    await transport.answered()
    await server.stop()
  }

  /// Starts serving on `transport` and returns the running server (tests use an in-memory pair).
  public func start(on transport: any Transport) async throws -> Server {
    let server = Server(
      name: name, version: version, instructions: instructions,
      capabilities: .init(tools: .init(listChanged: false)))
    let listed = tools.map(\.tool)
    await server.withMethodHandler(ListTools.self) { _ in .init(tools: listed) }
    await server.withMethodHandler(CallTool.self) { [self] params in
      try await call(params, server: server)
    }
    try await server.start(transport: transport)
    return server
  }

  func call(_ params: CallTool.Parameters, server: Server) async throws -> CallTool.Result {
    guard let spec = tools.first(where: { $0.name == params.name }) else {
      throw MCPError.invalidParams("unknown tool '\(params.name)'; the tools are \(tools.map(\.name).joined(separator: ", "))")
    }
    let progress = ToolProgress(token: params._meta?.progressToken) { parameters in
      try? await server.notify(ProgressNotification.message(parameters))
    }
    do {
      let arguments = try ToolArguments(params.arguments ?? [:], spec: spec)
      let text = try await handler(spec.name, arguments, progress)
      await progress.finish()
      try Task.checkCancellation()
      return .init(content: [.text(text: text, annotations: nil, _meta: nil)], isError: false)
    } catch {
      await progress.finish()
      // The SDK sends no response for a handler that throws CancellationError.
      if Task.isCancelled { throw CancellationError() }
      return .init(content: [.text(text: Self.oneLine(describe(error)), annotations: nil, _meta: nil)], isError: true)
    }
  }

  /// A message as one line: a tool error is read by a model, and by a person in a log.
  static func oneLine(_ text: String) -> String {
    let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      .joined(separator: "; ")
    return line.isEmpty ? "the tool failed without a message" : line
  }
}

/// Why the server could not start.
public enum ToolServerError: Error, LocalizedError, Equatable {
  case standardOutput(String)

  public var errorDescription: String? {
    switch self {
    case .standardOutput(let reason): return "could not set up stdout for the MCP protocol: \(reason)"
    }
  }
}
