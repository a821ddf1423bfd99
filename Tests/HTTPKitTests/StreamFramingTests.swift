import Foundation
import HTTPKit
import Testing

/// A small deterministic generator, so a failing random split can be reproduced.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Every way of cutting `bytes` that the fuzz tests try: whole, each single cut, 1-byte chunks
/// and random cuts.
func chunkings(of bytes: [UInt8], randomRounds: Int = 200, seed: UInt64 = 42) -> [[[UInt8]]] {
  var result: [[[UInt8]]] = [[bytes]]
  for cut in 0...bytes.count {
    result.append([Array(bytes[..<cut]), Array(bytes[cut...])])
  }
  result.append(bytes.map { [$0] })
  var random = SplitMix64(state: seed)
  for _ in 0..<randomRounds {
    var chunks: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
      let length = Int.random(in: 0...min(12, bytes.count - start), using: &random)
      chunks.append(Array(bytes[start..<(start + length)]))
      start += length
    }
    result.append(chunks)
  }
  return result
}

func splitLines(_ chunks: [[UInt8]], maxLineLength: Int = 8 << 20) throws -> [String] {
  var splitter = LineSplitter(maxLineLength: maxLineLength)
  var lines: [String] = []
  for chunk in chunks { lines += try splitter.push(chunk).map(text) }
  if let last = try splitter.finish() { lines.append(text(last)) }
  return lines
}

func parseEvents(_ chunks: [[UInt8]]) throws -> [ServerSentEvent] {
  var parser = ServerSentEventParser()
  var events: [ServerSentEvent] = []
  for chunk in chunks { events += try parser.push(chunk) }
  if let last = parser.finish() { events.append(last) }
  return events
}

func stream(_ chunks: [[UInt8]], failing error: (any Error)? = nil) -> AsyncThrowingStream<[UInt8], any Error> {
  AsyncThrowingStream { continuation in
    for chunk in chunks { continuation.yield(chunk) }
    continuation.finish(throwing: error)
  }
}

@Suite struct LineSplitterTests {
  let input = Array("{\"a\":1}\n{\"b\":\"é€😀\"}\r\n\n  spaced  \r\nlast without newline 😀".utf8)
  let expected = ["{\"a\":1}", "{\"b\":\"é€😀\"}", "", "  spaced  ", "last without newline 😀"]

  @Test func splitsLinesWithCRLFAndAFinalLineWithoutNewline() throws {
    #expect(try splitLines([input]) == expected)
  }

  @Test func everyChunkingGivesTheSameLines() throws {
    for chunks in chunkings(of: input) {
      #expect(try splitLines(chunks) == expected, "chunks: \(chunks)")
    }
  }

  @Test(arguments: 0...6)
  func aFourByteCharacterCutAtEveryPosition(cut: Int) throws {
    let bytes = Array("a😀b\nc".utf8)  // the emoji is bytes 1...4
    #expect(try splitLines([Array(bytes[..<cut]), Array(bytes[cut...])]) == ["a😀b", "c"])
    // And the character cut into all four of its bytes.
    #expect(try splitLines(bytes.map { [$0] }) == ["a😀b", "c"])
  }

  @Test func aTrailingNewlineAddsNoEmptyLine() throws {
    #expect(try splitLines([Array("x\ny\n".utf8)]) == ["x", "y"])
    #expect(try splitLines([]) == [])
  }

  @Test func invalidUTF8BecomesReplacementCharacters() throws {
    #expect(try splitLines([[0x61, 0xFF, 0x62, 0x0A]]) == ["a\u{FFFD}b"])
  }

  @Test func lineLengthLimit() throws {
    // Exactly at the limit is fine, also with a "\r\n" ending split anywhere.
    for chunks in chunkings(of: Array("0123456789\r\n".utf8), randomRounds: 20) {
      #expect(try splitLines(chunks, maxLineLength: 10) == ["0123456789"])
    }
    #expect(throws: StreamFramingError.lineTooLong(limit: 10)) {
      try splitLines([Array("0123456789A\n".utf8)], maxLineLength: 10)
    }
    // An endless line fails while it arrives, without waiting for a newline.
    var splitter = LineSplitter(maxLineLength: 10)
    #expect(throws: StreamFramingError.lineTooLong(limit: 10)) {
      for _ in 0..<100 { _ = try splitter.push(Array("abc".utf8)) }
    }
    var atEnd = LineSplitter(maxLineLength: 10)
    _ = try atEnd.push(Array("0123456789A".utf8))
    #expect(throws: StreamFramingError.lineTooLong(limit: 10)) { try atEnd.finish() }
  }

  @Test func asyncAdapterYieldsLinesAsChunksArrive() async throws {
    var lines: [String] = []
    for try await line in stream(input.map { [$0] }).lines() { lines.append(text(line)) }
    #expect(lines == expected)
  }

  @Test func asyncAdapterPassesTheBodyErrorOn() async throws {
    var lines: [String] = []
    await #expect(throws: HTTPError.timeout(.idle)) {
      for try await line in stream([Array("one\ntw".utf8)], failing: HTTPError.timeout(.idle)).lines() {
        lines.append(text(line))
      }
    }
    #expect(lines == ["one"])
  }

  @Test func eightMegabyteLine() throws {
    let big = [UInt8](repeating: UInt8(ascii: "x"), count: 8 << 20)
    var splitter = LineSplitter()
    var lines: [String] = []
    var start = 0
    while start < big.count {
      lines += try splitter.push(Array(big[start..<min(big.count, start + 16_384)])).map(text)
      start += 16_384
    }
    lines += try splitter.push([0x0A]).map(text)
    #expect(lines.count == 1 && lines[0].utf8.count == 8 << 20)
  }
}

@Suite struct ServerSentEventParserTests {
  // Mixed line endings, comments (llama.cpp pings), multi-line data, fields without colon or
  // space, id persistence, retry, an event with no data (not dispatched), unknown fields, a
  // leading BOM and an incomplete trailing event (dropped at the end).
  let input = Array(
    ("\u{FEFF}: ping - 2026-08-01 00:00:00\n"
      + "event: message_start\r\ndata: {\"type\":\"message_start\"}\r\n\r\n"
      + "data: line one\rdata:line two\r\ndata:  two spaces\n\n"
      + "id: 7\nretry: 1500\nevent: ping\ndata\n\n"
      + "event: no_data\nid\n\n"
      + "unknown: field\nretry: 12x\ndata: é€😀\r\r"
      + ":comment\ndata: [DONE]\n\n"
      + "data: cut off without blank line\n").utf8)

  let expected = [
    ServerSentEvent(event: "message_start", data: "{\"type\":\"message_start\"}"),
    ServerSentEvent(data: "line one\nline two\n two spaces"),
    ServerSentEvent(event: "ping", data: "", id: "7", retry: 1500),
    ServerSentEvent(data: "é€😀", id: ""),
    ServerSentEvent(data: "[DONE]", id: ""),
  ]

  @Test func parsesPerTheStandard() throws {
    #expect(try parseEvents([input]) == expected)
  }

  @Test func everyChunkingGivesTheSameEvents() throws {
    for chunks in chunkings(of: input, randomRounds: 300) {
      #expect(try parseEvents(chunks) == expected)
    }
  }

  @Test func crAtTheEndOfAChunkThenLFIsOneLineEnding() throws {
    let events = try parseEvents([Array("data: a\r".utf8), Array("\ndata: b\r".utf8), Array("\n\r".utf8), Array("\n".utf8)])
    // "\r" "\n" is one ending, so the blank line is the last "\r" "\n" only.
    #expect(events == [ServerSentEvent(data: "a\nb")])
  }

  @Test(arguments: 0...9)
  func aFourByteCharacterCutAtEveryPosition(cut: Int) throws {
    let bytes = Array("data: 😀\n\n".utf8)
    #expect(try parseEvents([Array(bytes[..<cut]), Array(bytes[cut...])]) == [ServerSentEvent(data: "😀")])
  }

  @Test func incompleteEventAtEndIsDispatchedOnlyWhenAsked() throws {
    var parser = ServerSentEventParser(dispatchIncompleteEventAtEnd: true)
    #expect(try parser.push(Array("event: x\ndata: y".utf8)).isEmpty)
    #expect(parser.finish() == ServerSentEvent(event: "x", data: "y"))
  }

  @Test func limits() throws {
    var parser = ServerSentEventParser(maxLength: 16)
    #expect(throws: StreamFramingError.lineTooLong(limit: 16)) {
      _ = try parser.push(Array("data: 0123456789abcdef\n".utf8))
    }
    var many = ServerSentEventParser(maxLength: 16)
    #expect(throws: StreamFramingError.eventTooLarge(limit: 16)) {
      for _ in 0..<10 { _ = try many.push(Array("data: 0123\n".utf8)) }
    }
  }

  @Test func asyncAdapter() async throws {
    var events: [ServerSentEvent] = []
    for try await event in stream(input.map { [$0] }).serverSentEvents() { events.append(event) }
    #expect(events == expected)
  }
}
