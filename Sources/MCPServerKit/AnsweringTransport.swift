import Foundation
import Logging
import MCP

/// A transport that knows which requests it has not answered yet, so that the server, once its
/// input ends, can let the calls in flight finish and send their results before it exits (the
/// SDK's loop ends at EOF while the handlers still run). A request the client cancels needs no
/// answer.
actor AnsweringTransport: Transport {
  private let inner: any Transport
  private var open: Set<String> = []
  private var waiters: [CheckedContinuation<Void, Never>] = []
  /// The SDK's log stays silent: the server's diagnostics are git-llm's own, on stderr.
  nonisolated let logger = Logger(label: "git-llm.mcp", factory: { _ in SwiftLogNoOpLogHandler() })

  init(_ inner: any Transport) {
    self.inner = inner
  }

  func connect() async throws { try await inner.connect() }
  func disconnect() async { await inner.disconnect() }

  func send(_ data: Data) async throws {
    try await inner.send(data)
    for message in Self.messages(in: data) where message["method"] == nil {
      if let id = Self.id(message) { open.remove(id) }
    }
    settle()
  }

  nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> {
    let (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    let task = Task {
      do {
        for try await data in await inner.receive() {
          await note(received: data)
          continuation.yield(data)
        }
        continuation.finish()
      } catch {
        continuation.finish(throwing: error)
      }
    }
    continuation.onTermination = { _ in task.cancel() }
    return stream
  }

  /// Returns once every request received so far has been answered.
  func answered() async {
    guard !open.isEmpty else { return }
    await withCheckedContinuation { waiters.append($0) }
  }

  private func note(received data: Data) {
    for message in Self.messages(in: data) {
      guard let method = message["method"] as? String else { continue }
      if method == "notifications/cancelled" {
        if let params = message["params"] as? [String: Any], let id = Self.id(["id": params["requestId"] as Any]) { open.remove(id) }
      } else if let id = Self.id(message) {
        open.insert(id)
      }
    }
    settle()
  }

  private func settle() {
    guard open.isEmpty else { return }
    let ready = waiters
    waiters.removeAll()
    for waiter in ready { waiter.resume() }
  }

  /// The JSON-RPC messages in `data`: one object, or a batch of them.
  private static func messages(in data: Data) -> [[String: Any]] {
    let value = try? JSONSerialization.jsonObject(with: data)
    if let one = value as? [String: Any] { return [one] }
    return (value as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
  }

  private static func id(_ message: [String: Any]) -> String? {
    switch message["id"] {
    case let text as String: return "s:" + text
    case let number as NSNumber: return "n:" + number.stringValue
    default: return nil
    }
  }
}
