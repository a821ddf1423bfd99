import MCP
import Synchronization

/// Where a long tool call reports how far it has got: progress notifications carrying the
/// client's progress token, in order and only ever increasing (as the MCP spec asks). A call
/// whose client sent no token reports into nothing. `report` is synchronous, so a job's own
/// progress callback can call it from any thread.
public final class ToolProgress: Sendable {
  private struct State {
    var last: Double?
    var continuation: AsyncStream<ProgressNotification.Parameters>.Continuation?
  }

  private let token: ProgressToken?
  private let state: Mutex<State>
  private let sender: Task<Void, Never>?

  /// Sends each report through `send`, one at a time in the order reported.
  init(token: ProgressToken?, send: @escaping @Sendable (ProgressNotification.Parameters) async -> Void) {
    self.token = token
    guard token != nil else {
      state = Mutex(State())
      sender = nil
      return
    }
    let (stream, continuation) = AsyncStream<ProgressNotification.Parameters>.makeStream()
    state = Mutex(State(continuation: continuation))
    sender = Task {
      for await parameters in stream { await send(parameters) }
    }
  }

  /// Reports `progress` (of `total`, when known). A value not above the last one is dropped.
  public func report(_ progress: Double, total: Double? = nil, message: String? = nil) {
    guard let token else { return }
    state.withLock { current in
      guard let continuation = current.continuation, current.last.map({ progress > $0 }) ?? true else { return }
      current.last = progress
      continuation.yield(.init(progressToken: token, progress: progress, total: total, message: message))
    }
  }

  /// Sends what is still queued and stops taking reports: called before the result goes out,
  /// so that no notification follows the response.
  func finish() async {
    let continuation = state.withLock { current in
      defer { current.continuation = nil }
      return current.continuation
    }
    continuation?.finish()
    await sender?.value
  }
}
