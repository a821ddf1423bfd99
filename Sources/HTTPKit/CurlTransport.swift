internal import CCurlShim
import Foundation
import Synchronization

/// The production `HTTPTransport`: libcurl's multi interface, driven by one thread per transport.
///
/// All requests of one transport share one curl multi handle (and so its connection cache and
/// HTTP/2 multiplexing) and one thread that sleeps in `curl_multi_poll`; no thread blocks per
/// request. Callers talk to that thread through a locked command queue and `curl_multi_wakeup`,
/// so curl handles are only ever touched on it (libcurl handles have no internal locking).
///
/// - Response bodies stream as they arrive; an HTTP error status is a normal response whose body
///   streams like any other (no CURLOPT_FAILONERROR, which would discard it).
/// - Deadlines (`HTTPRequest.deadlines`): connect is curl's CURLOPT_CONNECTTIMEOUT_MS and
///   surfaces as `.timeout(.connect)`. First byte (from `send` until the response head, so it
///   includes connecting and uploading), idle (longest gap between body chunks, counted from the
///   head, not while the transfer is paused for a slow reader) and total (from `send` to the end
///   of the body) are checked by the loop thread, which wakes up for the nearest one and removes
///   the transfer when it passes: `send` throws `.timeout(.firstByte)`/`.timeout(.total)`, or
///   the body stream throws `.timeout(.idle)`/`.timeout(.total)`.
/// - Cancelling the task that awaits `send` or reads the body, or releasing the response without
///   reading it to the end, aborts the transfer and closes its connection.
/// - Backpressure: each response buffers at most `bufferLimit` unread bytes; beyond that the
///   transfer is paused (CURL_WRITEFUNC_PAUSE) until the reader catches up.
/// - TLS peer and host verification are always on; curl honours http_proxy, https_proxy and
///   no_proxy; redirects are not followed; no `Expect: 100-continue` (an empty `Expect:` header).
public final class CurlTransport: HTTPTransport {
  /// The User-Agent sent with every request.
  public let userAgent: String
  /// Most unread body bytes buffered per response before the transfer is paused.
  public let bufferLimit: Int
  /// Started on the first request, so that a transport that sends nothing costs nothing (not
  /// even loading libcurl).
  private let engine = Mutex<CurlEngine?>(nil)

  /// - Parameter version: git-llm's version, for the `git-llm/<version>` User-Agent.
  /// - Parameter bufferLimit: most unread bytes held per response (default 1 MiB).
  public init(version: String, bufferLimit: Int = 1 << 20) {
    userAgent = "git-llm/\(version)"
    self.bufferLimit = max(1, bufferLimit)
  }

  deinit {
    // Responses still streaming keep the loop thread running until they end.
    engine.withLock { $0?.shutdown() }
  }

  /// Sends `request`; returns when the response head has arrived.
  /// - Throws: `HTTPError` (`.transport` with curl's message, `.timeout`, `.cancelled`, `.setup`).
  public func send(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
    if Task.isCancelled { throw HTTPError.cancelled }
    let engine = try self.engine.withLock { engine throws(HTTPError) -> CurlEngine in
      if let engine { return engine }
      let started = try CurlEngine.start(userAgent: userAgent)
      engine = started
      return started
    }
    let state = TransferState(engine: engine, bufferLimit: bufferLimit)
    let head = try await state.start(request)
    let reader = BodyReader(state)
    let body = AsyncThrowingStream<[UInt8], any Error>(unfolding: { try await reader.next() })
    return HTTPStreamingResponse(head: head, body: body)
  }
}

/// The multi handle, its loop thread and the command queue into it.
final class CurlEngine: Sendable {
  enum Command: Sendable {
    case add(HTTPRequest, TransferState)
    case cancel(TransferState)
    case resume(TransferState)
  }

  private struct Queue {
    var commands: [Command] = []
    var shutdownRequested = false
    /// False once the loop thread has stopped; later commands are refused.
    var running = true
  }

  private let multi: CurlMulti
  private let queue = Mutex(Queue())
  private let userAgent: String

  private init(multi: CurlMulti, userAgent: String) {
    self.multi = multi
    self.userAgent = userAgent
  }

  /// Creates the multi handle and starts the loop thread.
  static func start(userAgent: String) throws(HTTPError) -> CurlEngine {
    let engine = CurlEngine(multi: try CurlMulti(), userAgent: userAgent)
    let thread = Thread { engine.run() }
    thread.name = "git-llm curl"
    thread.start()
    return engine
  }

  /// Queues a command for the loop thread and wakes it; false when the loop has stopped.
  @discardableResult
  func submit(_ command: Command) -> Bool {
    queue.withLock { queue in
      guard queue.running else { return false }
      queue.commands.append(command)
      // Under the lock, so the loop cannot be past its last look at the queue; the multi handle
      // outlives the loop (it is freed with this object) in any case.
      multi.wakeup()
      return true
    }
  }

  /// Asks the loop to stop once no transfer is left.
  func shutdown() {
    queue.withLock { queue in
      queue.shutdownRequested = true
      if queue.running { multi.wakeup() }
    }
  }

  // MARK: Loop thread

  /// The transfers in the multi handle, by their state and by their easy handle; only the loop
  /// thread touches them.
  private struct Transfers {
    var byState: [ObjectIdentifier: CurlTransfer] = [:]
    var byHandle: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    var isEmpty: Bool { byState.isEmpty }
  }

  private func run() {
    var transfers = Transfers()
    while true {
      let (commands, shutdown) = queue.withLock { queue in
        defer { queue.commands.removeAll() }
        return (queue.commands, queue.shutdownRequested)
      }
      for command in commands { execute(command, &transfers) }
      if shutdown && transfers.isEmpty { break }
      perform(&transfers)
      poll(for: expireDeadlines(&transfers), &transfers)
    }

    let leftovers = queue.withLock { queue in
      queue.running = false
      defer { queue.commands.removeAll() }
      return queue.commands
    }
    for case .add(_, let state) in leftovers { state.finish(.failure(.cancelled)) }
  }

  private func execute(_ command: Command, _ transfers: inout Transfers) {
    switch command {
    case .add(let request, let state):
      add(request, state, &transfers)
    case .cancel(let state):
      if let transfer = transfers.byState[ObjectIdentifier(state)] { remove(transfer, &transfers) }
      state.finish(.failure(.cancelled))
    case .resume(let state):
      transfers.byState[ObjectIdentifier(state)]?.resume(now: .now)
    }
  }

  /// Puts a transfer for `request` into the multi handle, or finishes `state` with why it
  /// cannot start.
  private func add(_ request: HTTPRequest, _ state: TransferState, _ transfers: inout Transfers) {
    if state.isCancelled {
      state.finish(.failure(.cancelled))
      return
    }
    do throws(HTTPError) {
      let transfer = try CurlTransfer(request, state: state, userAgent: userAgent, now: .now)
      let code = gitllm_curl_multi_add_handle(multi.handle, transfer.easy.handle)
      guard code == CURLM_OK else {
        state.finish(.failure(.setup("curl_multi_add_handle: \(Self.message(code))")))
        return
      }
      transfers.byState[ObjectIdentifier(state)] = transfer
      transfers.byHandle[transfer.easy.handle] = transfer
    } catch {
      state.finish(.failure(error))
    }
  }

  private func remove(_ transfer: CurlTransfer, _ transfers: inout Transfers) {
    // Before the easy handle is freed (when `transfer` goes), as libcurl requires.
    _ = gitllm_curl_multi_remove_handle(multi.handle, transfer.easy.handle)
    transfers.byState[ObjectIdentifier(transfer.state)] = nil
    transfers.byHandle[transfer.easy.handle] = nil
  }

  private func failAll(_ error: HTTPError, _ transfers: inout Transfers) {
    for transfer in Array(transfers.byState.values) {
      remove(transfer, &transfers)
      transfer.state.finish(.failure(error))
    }
  }

  /// Lets curl move every transfer on, then completes the ones it has finished.
  private func perform(_ transfers: inout Transfers) {
    var running: Int32 = 0
    let performed = gitllm_curl_multi_perform(multi.handle, &running)
    if performed != CURLM_OK {
      failAll(.setup("curl_multi_perform: \(Self.message(performed))"), &transfers)
    }
    var remaining: Int32 = 0
    while let message = gitllm_curl_multi_info_read(multi.handle, &remaining) {
      guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
        let transfer = transfers.byHandle[handle]
      else { continue }
      let code = message.pointee.data.result
      remove(transfer, &transfers)
      transfer.complete(code)
    }
  }

  /// Ends the transfers whose deadline has passed; returns how long until the nearest one left.
  private func expireDeadlines(_ transfers: inout Transfers) -> Duration {
    let now = ContinuousClock.now
    var wake = now + .seconds(transfers.isEmpty ? 30 : 1)
    for transfer in Array(transfers.byState.values) {
      if let deadline = transfer.expiredDeadline(at: now) {
        remove(transfer, &transfers)
        transfer.state.finish(.failure(.timeout(deadline)))
      } else {
        wake = min(wake, transfer.nextDeadline())
      }
    }
    return wake - now
  }

  /// Sleeps in curl_multi_poll for at most `wait`. It also wakes for curl's own timers (connect
  /// timeout, retransmits) and returns at once when curl_multi_wakeup was called since the last
  /// poll.
  private func poll(for wait: Duration, _ transfers: inout Transfers) {
    let waitMilliseconds = Int32(clamping: max(0, wait.wholeMilliseconds))
    var descriptors: Int32 = 0
    let polled = gitllm_curl_multi_poll(multi.handle, waitMilliseconds, &descriptors)
    if polled != CURLM_OK {
      failAll(.setup("curl_multi_poll: \(Self.message(polled))"), &transfers)
      Thread.sleep(forTimeInterval: 0.01)  // never spin on a broken poll
    }
  }

  private static func message(_ code: CURLMcode) -> String {
    String(cString: gitllm_curl_multi_strerror(code))
  }
}
