import Foundation
import Synchronization

/// What one request's caller and the transport's loop thread share: the response head, the
/// received body chunks not yet read, and how the transfer ended.
///
/// The loop thread produces (head, chunks, end); the caller's tasks consume. Everything is behind
/// one `Mutex`, and continuations are always resumed after the lock is released.
///
/// Backpressure: at most `bufferLimit` bytes (plus one curl write, ≤ 16 KiB) wait here. When the
/// buffer is full the write callback answers `CURL_WRITEFUNC_PAUSE` and the transfer stops
/// reading from the socket (so the server's TCP window closes); when the reader has drained the
/// buffer it asks the loop thread to resume the transfer (`curl_easy_pause(CURLPAUSE_CONT)`).
final class TransferState: Sendable {
  /// How the write callback should answer.
  enum Offer { case taken, pause }

  private struct Inner {
    var headWaiter: CheckedContinuation<HTTPResponseHead, any Error>?
    var chunks: [[UInt8]] = []
    var buffered = 0
    var bodyWaiter: CheckedContinuation<[UInt8]?, any Error>?
    /// Set once the transfer is over (normally or not); the buffered chunks may still be read.
    var end: Result<Void, HTTPError>?
    var cancelled = false
    /// The loop thread paused the transfer because the buffer was full.
    var producerPaused = false
  }

  private let inner = Mutex(Inner())
  private let engine: CurlEngine
  let bufferLimit: Int

  init(engine: CurlEngine, bufferLimit: Int) {
    self.engine = engine
    self.bufferLimit = bufferLimit
  }

  var isCancelled: Bool { inner.withLock { $0.cancelled } }

  // MARK: Caller side

  /// Hands the request to the loop thread and waits for the response head.
  func start(_ request: HTTPRequest) async throws -> HTTPResponseHead {
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<HTTPResponseHead, any Error>) in
        // The waiter is in place before the loop thread can see the request, so the head can
        // never arrive with nobody to take it; a cancel that came first wins.
        let proceed = inner.withLock { inner -> Bool in
          if inner.cancelled { return false }
          inner.headWaiter = waiter
          return true
        }
        guard proceed else {
          waiter.resume(throwing: HTTPError.cancelled)
          return
        }
        if !engine.submit(.add(request, self)) {
          finish(.failure(.setup("the HTTP transport has shut down")))
        }
      }
    } onCancel: {
      cancel()
    }
  }

  /// The next body bytes (everything buffered, joined), or nil at the end of the body.
  func next() async throws -> [UInt8]? {
    if let ready = try takeReady() { return ready.chunk }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<[UInt8]?, any Error>) in
        do {
          if let ready = try takeReady(orPark: waiter) {
            waiter.resume(returning: ready.chunk)
          }
        } catch {
          waiter.resume(throwing: error)
        }
      }
    } onCancel: {
      cancel()
    }
  }

  /// What `takeReady` found: a chunk or the end (nil chunk).
  private struct Ready { let chunk: [UInt8]? }

  /// Takes the buffered bytes or the end of the body; nil when the reader must wait, in which case
  /// `waiter` (if given) has been parked to be resumed by the producer.
  private func takeReady(orPark waiter: CheckedContinuation<[UInt8]?, any Error>? = nil) throws -> Ready? {
    let (ready, resume) = try inner.withLock { inner throws -> (Ready?, Bool) in
      if !inner.chunks.isEmpty {
        var chunk = inner.chunks[0]
        if inner.chunks.count > 1 {
          // append(contentsOf:) copies whole buffers; Array(joined()) goes byte by byte.
          chunk.reserveCapacity(inner.buffered)
          for more in inner.chunks.dropFirst() { chunk.append(contentsOf: more) }
        }
        inner.chunks.removeAll(keepingCapacity: true)
        inner.buffered = 0
        let resume = inner.producerPaused && inner.end == nil
        inner.producerPaused = false
        return (Ready(chunk: chunk), resume)
      }
      switch inner.end {
      case .success: return (Ready(chunk: nil), false)
      case .failure(let error): throw error
      case nil: break
      }
      if inner.cancelled { throw HTTPError.cancelled }
      if let waiter { inner.bodyWaiter = waiter }
      return (nil, false)
    }
    if resume { _ = engine.submit(.resume(self)) }
    return ready
  }

  /// Stops the transfer (task cancelled, body dropped). Does nothing once the transfer is over.
  func cancel() {
    let (headWaiter, bodyWaiter, notify) = inner.withLock { inner in
      guard inner.end == nil, !inner.cancelled else {
        return (CheckedContinuation<HTTPResponseHead, any Error>?.none, CheckedContinuation<[UInt8]?, any Error>?.none, false)
      }
      inner.cancelled = true
      inner.chunks.removeAll()
      inner.buffered = 0
      defer { inner.headWaiter = nil; inner.bodyWaiter = nil }
      return (inner.headWaiter, inner.bodyWaiter, true)
    }
    headWaiter?.resume(throwing: HTTPError.cancelled)
    bodyWaiter?.resume(throwing: HTTPError.cancelled)
    if notify { _ = engine.submit(.cancel(self)) }
  }

  // MARK: Loop-thread side

  /// The final response head arrived.
  func deliverHead(_ head: HTTPResponseHead) {
    let waiter = inner.withLock { inner in
      defer { inner.headWaiter = nil }
      return inner.headWaiter
    }
    waiter?.resume(returning: head)
  }

  /// Body bytes from the write callback: taken, or refused because the reader is behind.
  func offer(_ bytes: UnsafeRawBufferPointer) -> Offer {
    let (offer, waiter) = inner.withLock { inner -> (Offer, CheckedContinuation<[UInt8]?, any Error>?) in
      // After a cancel the loop thread removes the transfer soon; swallow what still comes.
      if inner.cancelled || inner.end != nil { return (.taken, nil) }
      if let waiter = inner.bodyWaiter {
        inner.bodyWaiter = nil
        return (.taken, waiter)
      }
      if inner.buffered >= bufferLimit {
        inner.producerPaused = true
        return (.pause, nil)
      }
      inner.chunks.append(Array(bytes))
      inner.buffered += bytes.count
      return (.taken, nil)
    }
    waiter?.resume(returning: Array(bytes))
    return offer
  }

  /// The transfer is over. Wakes whoever waits: the head waiter gets the error (a transfer that
  /// ends without a head always has one), the body reader the end or the error once the buffer
  /// is drained.
  func finish(_ result: Result<Void, HTTPError>) {
    let (headWaiter, bodyWaiter) = inner.withLock { inner in
      guard inner.end == nil else {
        return (CheckedContinuation<HTTPResponseHead, any Error>?.none, CheckedContinuation<[UInt8]?, any Error>?.none)
      }
      inner.end = result
      defer { inner.headWaiter = nil; inner.bodyWaiter = nil }
      return (inner.headWaiter, inner.bodyWaiter)
    }
    let error: HTTPError
    switch result {
    case .success:
      error = .transport(code: 8, message: "the response ended before its headers")
      bodyWaiter?.resume(returning: nil)
    case .failure(let failure):
      error = failure
      bodyWaiter?.resume(throwing: failure)
    }
    headWaiter?.resume(throwing: error)
  }
}

/// Held only by the body stream: when the stream (and its iterator) go away unread, the transfer
/// is cancelled, which frees its connection.
final class BodyReader: Sendable {
  let state: TransferState
  init(_ state: TransferState) { self.state = state }
  deinit { state.cancel() }
  func next() async throws -> [UInt8]? { try await state.next() }
}
