import Foundation

/// A streamed body could not be framed into lines or events.
public enum StreamFramingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// One line was longer than the limit (bytes, without its line ending).
  case lineTooLong(limit: Int)
  /// One server-sent event's data was larger than the limit (bytes).
  case eventTooLarge(limit: Int)

  public var description: String {
    switch self {
    case .lineTooLong(let limit): return "a streamed line is longer than \(limit) bytes"
    case .eventTooLarge(let limit): return "a server-sent event is larger than \(limit) bytes"
    }
  }
}

private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

/// Splits a byte stream into lines (NDJSON framing), incrementally: chunks may end anywhere,
/// including inside a line ending or a multi-byte UTF-8 character. Lines are yielded as bytes
/// (ready for `JSONDecoder`), only once complete, so a character cut between two chunks arrives
/// whole; decode them with `String(decoding:as: UTF8.self)` if text is needed.
///
/// Lines end with `\n`; a `\r` before it is dropped too. Empty lines are yielded (as `[]`).
public struct LineSplitter: Sendable {
  /// Longest line accepted, in bytes (Ollama's own client allows 8 MB).
  public let maxLineLength: Int
  private var pending: [UInt8] = []

  public init(maxLineLength: Int = 8 << 20) {
    self.maxLineLength = maxLineLength
  }

  /// The lines that `chunk` completes.
  /// - Throws: `StreamFramingError.lineTooLong` as soon as an unfinished line passes the limit.
  public mutating func push(_ chunk: [UInt8]) throws(StreamFramingError) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var start = chunk.startIndex
    while let newline = chunk[start...].firstIndex(of: lineFeed) {
      let piece = chunk[start..<newline]
      if pending.isEmpty {
        try check(piece)
        lines.append(Self.decode(piece))
      } else {
        pending += piece
        try check(pending[...])
        lines.append(Self.decode(pending[...]))
        pending.removeAll(keepingCapacity: true)
      }
      start = newline + 1
    }
    let rest = chunk[start...]
    // +1: a last "\r" may turn out to be part of the line ending.
    if pending.count + rest.count > maxLineLength + 1 { throw .lineTooLong(limit: maxLineLength) }
    pending += rest
    return lines
  }

  /// The last line, when the stream ended without a newline after it.
  /// - Throws: `StreamFramingError.lineTooLong` when that line is over the limit.
  public mutating func finish() throws(StreamFramingError) -> [UInt8]? {
    defer { pending.removeAll() }
    if pending.isEmpty { return nil }
    try check(pending[...])
    return Self.decode(pending[...])
  }

  /// Checks one complete line (with its "\r", if any, but not its "\n").
  private func check(_ line: ArraySlice<UInt8>) throws(StreamFramingError) {
    let length = line.count - (line.last == carriageReturn ? 1 : 0)
    if length > maxLineLength { throw .lineTooLong(limit: maxLineLength) }
  }

  private static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    Array(bytes.last == carriageReturn ? bytes.dropLast() : bytes)
  }
}

/// One server-sent event, as the WHATWG HTML standard's event-stream interpretation dispatches it.
public struct ServerSentEvent: Sendable, Equatable {
  /// The `event:` field (the event type), or "message" when the event had none.
  public var event: String
  /// The `data:` lines, joined with "\n".
  public var data: String
  /// The last event ID seen so far in the stream (`id:` persists across events), if any.
  public var id: String?
  /// The `retry:` value (milliseconds) given in this event's block, if any.
  public var retry: Int?

  public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
    self.event = event
    self.data = data
    self.id = id
    self.retry = retry
  }
}

/// Parses `text/event-stream` incrementally, per the WHATWG HTML standard (9.2.6): lines end with
/// `\r\n`, `\n` or `\r` (also when a chunk ends between the `\r` and the `\n`); `event`, `data`,
/// `id` and `retry` fields; one space after the colon is dropped; a line without a colon is a
/// field with an empty value; lines starting with ":" are comments (llama.cpp's pings); a blank
/// line dispatches the event, unless it has no data. A leading byte-order mark is ignored.
public struct ServerSentEventParser: Sendable {
  /// Longest line, and largest event data, accepted (bytes).
  public let maxLength: Int
  /// Whether `finish` dispatches an event whose closing blank line never came. The standard says
  /// to discard it (a stream cut mid-event must not look complete), so the default is false.
  public let dispatchIncompleteEventAtEnd: Bool

  private var pending: [UInt8] = []
  /// The previous byte ended a line with "\r": a "\n" right after it belongs to that ending.
  private var afterCarriageReturn = false
  private var sawFirstLine = false
  private var eventType: [UInt8] = []
  private var data: [UInt8] = []
  private var hasData = false
  private var lastEventID: String?
  private var retry: Int?

  public init(maxLength: Int = 8 << 20, dispatchIncompleteEventAtEnd: Bool = false) {
    self.maxLength = maxLength
    self.dispatchIncompleteEventAtEnd = dispatchIncompleteEventAtEnd
  }

  /// The events that `chunk` completes.
  /// - Throws: `StreamFramingError` when a line or an event's data passes `maxLength`.
  public mutating func push(_ chunk: [UInt8]) throws(StreamFramingError) -> [ServerSentEvent] {
    var events: [ServerSentEvent] = []
    var start = chunk.startIndex
    var index = chunk.startIndex
    while index < chunk.endIndex {
      let byte = chunk[index]
      if byte == lineFeed && afterCarriageReturn && index == start && pending.isEmpty {
        // The "\n" of a "\r\n" split by the chunk boundary, or right after the "\r".
        afterCarriageReturn = false
        start = index + 1
      } else if byte == lineFeed || byte == carriageReturn {
        let piece = chunk[start..<index]
        if pending.isEmpty {
          if piece.count > maxLength { throw .lineTooLong(limit: maxLength) }
          if let event = try processLine(piece) { events.append(event) }
        } else {
          if pending.count + piece.count > maxLength { throw .lineTooLong(limit: maxLength) }
          pending += piece
          let line = pending
          pending.removeAll(keepingCapacity: true)
          if let event = try processLine(line[...]) { events.append(event) }
        }
        afterCarriageReturn = byte == carriageReturn
        start = index + 1
      } else {
        afterCarriageReturn = false
      }
      index += 1
    }
    let rest = chunk[start...]
    if pending.count + rest.count > maxLength { throw .lineTooLong(limit: maxLength) }
    pending += rest
    return events
  }

  /// The end of the stream. An unfinished last line and an event without its closing blank line
  /// are dropped, unless `dispatchIncompleteEventAtEnd`.
  public mutating func finish() -> ServerSentEvent? {
    defer {
      pending.removeAll()
      resetEvent()
    }
    guard dispatchIncompleteEventAtEnd else { return nil }
    if !pending.isEmpty {
      let line = pending
      pending.removeAll()
      _ = try? processLine(line[...])
    }
    return dispatch()
  }

  private mutating func processLine(_ rawLine: ArraySlice<UInt8>) throws(StreamFramingError) -> ServerSentEvent? {
    var line = rawLine
    if !sawFirstLine {
      sawFirstLine = true
      if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
    }
    if line.isEmpty { return dispatch() }
    if line.first == UInt8(ascii: ":") { return nil }
    let field: ArraySlice<UInt8>
    var value: ArraySlice<UInt8>
    if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
      field = line[..<colon]
      value = line[(colon + 1)...]
      if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
    } else {
      field = line
      value = []
    }
    switch String(decoding: field, as: UTF8.self) {
    case "event":
      eventType = Array(value)
    case "data":
      if hasData { data.append(lineFeed) }
      data += value
      hasData = true
      if data.count > maxLength { throw .eventTooLarge(limit: maxLength) }
    case "id":
      if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
    case "retry":
      if !value.isEmpty, value.allSatisfy({ (0x30...0x39).contains($0) }) {
        retry = Int(String(decoding: value, as: UTF8.self))
      }
    default:
      break  // unknown fields are ignored
    }
    return nil
  }

  private mutating func dispatch() -> ServerSentEvent? {
    defer { resetEvent() }
    guard hasData else { return nil }
    let type = eventType.isEmpty ? "message" : String(decoding: eventType, as: UTF8.self)
    return ServerSentEvent(event: type, data: String(decoding: data, as: UTF8.self), id: lastEventID, retry: retry)
  }

  private mutating func resetEvent() {
    eventType.removeAll()
    data.removeAll(keepingCapacity: true)
    hasData = false
    retry = nil
  }
}

// MARK: Async adapters

extension AsyncSequence where Element == [UInt8] {
  /// The lines of a streamed body as bytes (NDJSON framing; see `LineSplitter`), read as the body
  /// arrives. A last line without a newline is yielded at the end.
  public func lines(maxLineLength: Int = 8 << 20) -> AsyncLineSequence<Self> {
    AsyncLineSequence(base: self, maxLineLength: maxLineLength)
  }

  /// The server-sent events of a streamed body (see `ServerSentEventParser`).
  public func serverSentEvents(maxLength: Int = 8 << 20) -> AsyncServerSentEventSequence<Self> {
    AsyncServerSentEventSequence(base: self, maxLength: maxLength)
  }
}

/// Lines of an async sequence of byte chunks. Pulls from the base only when asked, so a slow
/// reader slows the transfer instead of filling memory.
public struct AsyncLineSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == [UInt8] {
  public typealias Element = [UInt8]
  let base: Base
  let maxLineLength: Int

  public struct AsyncIterator: AsyncIteratorProtocol {
    var base: Base.AsyncIterator?
    var splitter: LineSplitter
    var ready: [[UInt8]] = []
    var readyIndex = 0

    public mutating func next() async throws -> [UInt8]? {
      while true {
        if readyIndex < ready.count {
          defer { readyIndex += 1 }
          return ready[readyIndex]
        }
        guard var iterator = base else { return nil }
        let chunk = try await iterator.next()
        base = iterator
        guard let chunk else {
          base = nil
          return try splitter.finish()
        }
        ready = try splitter.push(chunk)
        readyIndex = 0
      }
    }
  }

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(base: base.makeAsyncIterator(), splitter: LineSplitter(maxLineLength: maxLineLength))
  }
}

extension AsyncLineSequence: Sendable where Base: Sendable {}

/// Server-sent events of an async sequence of byte chunks, pulled on demand.
public struct AsyncServerSentEventSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == [UInt8] {
  public typealias Element = ServerSentEvent
  let base: Base
  let maxLength: Int

  public struct AsyncIterator: AsyncIteratorProtocol {
    var base: Base.AsyncIterator?
    var parser: ServerSentEventParser
    var ready: [ServerSentEvent] = []
    var readyIndex = 0

    public mutating func next() async throws -> ServerSentEvent? {
      while true {
        if readyIndex < ready.count {
          defer { readyIndex += 1 }
          return ready[readyIndex]
        }
        guard var iterator = base else { return nil }
        let chunk = try await iterator.next()
        base = iterator
        guard let chunk else {
          base = nil
          return parser.finish()
        }
        ready = try parser.push(chunk)
        readyIndex = 0
      }
    }
  }

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(base: base.makeAsyncIterator(), parser: ServerSentEventParser(maxLength: maxLength))
  }
}

extension AsyncServerSentEventSequence: Sendable where Base: Sendable {}

extension StreamFramingError: LocalizedError {
  public var errorDescription: String? { description }
}
