import Foundation
import Synchronization
internal import CCurlShim

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

  private func run() {
    var active: [ObjectIdentifier: CurlTransfer] = [:]
    var byHandle: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    func remove(_ transfer: CurlTransfer) {
      // Before the easy handle is freed (when `transfer` goes), as libcurl requires.
      _ = gitllm_curl_multi_remove_handle(multi.handle, transfer.easy.handle)
      active[ObjectIdentifier(transfer.state)] = nil
      byHandle[transfer.easy.handle] = nil
    }

    func failAll(_ error: HTTPError) {
      for transfer in Array(active.values) {
        remove(transfer)
        transfer.state.finish(.failure(error))
      }
    }

    while true {
      let (commands, shutdown) = queue.withLock { queue in
        defer { queue.commands.removeAll() }
        return (queue.commands, queue.shutdownRequested)
      }
      for command in commands {
        switch command {
        case .add(let request, let state):
          if state.isCancelled {
            state.finish(.failure(.cancelled))
            continue
          }
          do throws(HTTPError) {
            let transfer = try CurlTransfer(request, state: state, userAgent: userAgent, now: .now)
            let code = gitllm_curl_multi_add_handle(multi.handle, transfer.easy.handle)
            guard code == CURLM_OK else {
              state.finish(.failure(.setup("curl_multi_add_handle: \(String(cString: gitllm_curl_multi_strerror(code)))")))
              continue
            }
            active[ObjectIdentifier(state)] = transfer
            byHandle[transfer.easy.handle] = transfer
          } catch {
            state.finish(.failure(error))
          }
        case .cancel(let state):
          if let transfer = active[ObjectIdentifier(state)] { remove(transfer) }
          state.finish(.failure(.cancelled))
        case .resume(let state):
          active[ObjectIdentifier(state)]?.resume(now: .now)
        }
      }
      if shutdown && active.isEmpty { break }

      var running: Int32 = 0
      let performed = gitllm_curl_multi_perform(multi.handle, &running)
      if performed != CURLM_OK {
        failAll(.setup("curl_multi_perform: \(String(cString: gitllm_curl_multi_strerror(performed)))"))
      }
      var remaining: Int32 = 0
      while let message = gitllm_curl_multi_info_read(multi.handle, &remaining) {
        guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
          let transfer = byHandle[handle]
        else { continue }
        let code = message.pointee.data.result
        remove(transfer)
        transfer.complete(code)
      }

      let now = ContinuousClock.now
      var wake = now + .seconds(active.isEmpty ? 30 : 1)
      for transfer in Array(active.values) {
        if let deadline = transfer.expiredDeadline(at: now) {
          remove(transfer)
          transfer.state.finish(.failure(.timeout(deadline)))
        } else {
          wake = min(wake, transfer.nextDeadline())
        }
      }
      // curl_multi_poll also wakes for curl's own timers (connect timeout, retransmits) and
      // returns at once when curl_multi_wakeup was called since the last poll.
      let waitMilliseconds = Int32(clamping: max(0, (wake - now).wholeMilliseconds))
      var descriptors: Int32 = 0
      let polled = gitllm_curl_multi_poll(multi.handle, waitMilliseconds, &descriptors)
      if polled != CURLM_OK {
        failAll(.setup("curl_multi_poll: \(String(cString: gitllm_curl_multi_strerror(polled)))"))
        Thread.sleep(forTimeInterval: 0.01)  // never spin on a broken poll
      }
    }

    let leftovers = queue.withLock { queue in
      queue.running = false
      defer { queue.commands.removeAll() }
      return queue.commands
    }
    for case .add(_, let state) in leftovers { state.finish(.failure(.cancelled)) }
  }
}
