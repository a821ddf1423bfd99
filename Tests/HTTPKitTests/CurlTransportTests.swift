import Foundation
import HTTPKit
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Generous limits: this machine is slow and shared, so no test depends on a tight timing.
func limits(
  connect: Duration = .seconds(10), firstByte: Duration = .seconds(20), idle: Duration = .seconds(20),
  total: Duration = .seconds(60)
) -> HTTPDeadlines {
  HTTPDeadlines(connect: connect, firstByte: firstByte, idle: idle, total: total)
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(_ timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
  let end = ContinuousClock.now + timeout
  while ContinuousClock.now < end {
    if condition() { return true }
    try? await Task.sleep(for: .milliseconds(5))
  }
  return condition()
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Runs `body` and returns the error it throws (nil when it does not).
func error<T>(of body: () async throws -> T) async -> (any Error)? {
  do {
    _ = try await body()
    return nil
  } catch {
    return error
  }
}

@Suite struct CurlTransportTests {
  let transport = CurlTransport(version: "test")

  @Test func getWithHeadersBothWays() async throws {
    let server = try TestHTTPServer { _ in .json(200, "{\"ok\":true}", headers: [("X-Request-Id", "req_1")]) }
    let request = HTTPRequest(
      url: server.baseURL + "/api/tags?x=1", headers: [("X-Api-Key", "secret"), ("Accept", "application/json")], deadlines: limits())
    let response = try await transport.send(request)
    #expect(response.head.status == 200)
    #expect(response.head.headers["x-request-id"] == "req_1")
    #expect(response.head.headers["content-type"] == "application/json")
    #expect(text(try await response.collect()) == "{\"ok\":true}")
    let seen = try #require(server.requests.first)
    #expect(seen.method == "GET" && seen.path == "/api/tags?x=1")
    #expect(seen.headers["x-api-key"] == "secret")
    #expect(seen.headers["user-agent"] == "git-llm/test")
    #expect(seen.headers["accept-encoding"] == nil)
  }

  @Test func bodyChunksArriveWhileTheServerIsStillSending() async throws {
    // The server sends one chunk and then nothing, ever: the chunk can only be seen if it is
    // delivered as it arrives.
    let server = try TestHTTPServer { _ in
      TestHTTPResponse([.head(status: 200, headers: [("Transfer-Encoding", "chunked")]), .text("first\n"), .stall])
    }
    let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits()))
    var iterator = response.body.makeAsyncIterator()
    #expect(try await iterator.next().map(text) == "first\n")
  }

  @Test func streamedLinesAndEvents() async throws {
    let server = try TestHTTPServer { request in
      if request.path == "/ndjson" {
        return .stream(
          contentType: "application/x-ndjson", chunks: ["{\"a\":", "1}\n{\"b\":2}\n", "{\"done\":true}"], delayMilliseconds: 20)
      }
      return .stream(
        contentType: "text/event-stream", chunks: ["event: a\r\ndata: 1\r", "\n\r\n: ping\n\ndata: 2\n", "\n"], delayMilliseconds: 20)
    }
    var lines: [String] = []
    for try await line in try await transport.send(HTTPRequest(url: server.baseURL + "/ndjson", deadlines: limits())).body.lines() {
      lines.append(text(line))
    }
    #expect(lines == ["{\"a\":1}", "{\"b\":2}", "{\"done\":true}"])
    var events: [ServerSentEvent] = []
    for try await event in try await transport.send(HTTPRequest(url: server.baseURL + "/sse", deadlines: limits())).body.serverSentEvents()
    {
      events.append(event)
    }
    #expect(events == [ServerSentEvent(event: "a", data: "1"), ServerSentEvent(data: "2")])
  }

  @Test func errorStatusIsAResponseWithItsBody() async throws {
    let body = "{\"error\":\"model 'qwen2.5-coder:7b' not found\"}"
    let server = try TestHTTPServer { _ in .json(404, body) }
    let response = try await transport.send(
      HTTPRequest(method: "POST", url: server.baseURL + "/api/chat", body: Data("{}".utf8), deadlines: limits()))
    #expect(response.head.status == 404)
    #expect(text(try await response.collect()) == body)
  }

  @Test func htmlErrorPageIsKept() async throws {
    let page =
      "<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413</h1></center><hr><center>cloudflare</center></body></html>"
    let server = try TestHTTPServer { _ in .text(413, page, contentType: "text/html") }
    let response = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL, body: Data("x".utf8), deadlines: limits()))
    #expect(response.head.status == 413)
    #expect(response.head.headers["content-type"] == "text/html")
    #expect(text(try await response.collect()) == page)
  }

  @Test func errorStatusStreamedWithChunks() async throws {
    let server = try TestHTTPServer { _ in
      .stream(503, contentType: "application/json", chunks: ["{\"error\":", "\"server busy\"}"])
    }
    let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits()))
    #expect(response.head.status == 503)
    #expect(text(try await response.collect()) == "{\"error\":\"server busy\"}")
  }

  @Test func largePostArrivesWholeWithoutExpectContinue() async throws {
    let server = try TestHTTPServer { request in .json(200, "{\"received\":\(request.body.count)}") }
    var random = SplitMix64(state: 7)
    let body = Data((0..<(2 << 20)).map { _ in UInt8.random(in: 0...255, using: &random) })
    let started = ContinuousClock.now
    let response = try await transport.send(
      HTTPRequest(
        method: "POST", url: server.baseURL + "/api/chat", headers: [("Content-Type", "application/json")], body: body, deadlines: limits())
    )
    let elapsed = ContinuousClock.now - started
    #expect(text(try await response.collect()) == "{\"received\":\(body.count)}")
    let seen = try #require(server.requests.first)
    #expect(seen.body == body)
    // curl would add "Expect: 100-continue" to a body over 1 MB and wait for a "100 Continue"
    // this server never sends.
    #expect(seen.headers["expect"] == nil || seen.headers["expect"] == "")
    #expect(elapsed < .seconds(30))
  }

  @Test func putAndEmptyPost() async throws {
    let server = try TestHTTPServer { request in .text(200, "\(request.method) \(request.body.count)") }
    let put = try await transport.send(HTTPRequest(method: "PUT", url: server.baseURL, body: Data("abc".utf8), deadlines: limits()))
    #expect(text(try await put.collect()) == "PUT 3")
    let post = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL, deadlines: limits()))
    #expect(text(try await post.collect()) == "POST 0")
    let delete = try await transport.send(HTTPRequest(method: "DELETE", url: server.baseURL, deadlines: limits()))
    #expect(text(try await delete.collect()) == "DELETE 0")
  }

  @Test func interimResponseIsSkipped() async throws {
    let server = try TestHTTPServer { _ in
      TestHTTPResponse([
        .text("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"),
        .head(status: 201, headers: [("Content-Length", "2"), ("X-Final", "yes")]), .text("ok"),
      ])
    }
    let response = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL, body: Data("x".utf8), deadlines: limits()))
    #expect(response.head.status == 201)
    #expect(response.head.headers["x-final"] == "yes" && response.head.headers["x-interim"] == nil)
    #expect(text(try await response.collect()) == "ok")
  }

  @Test func redirectsAreNotFollowed() async throws {
    let server = try TestHTTPServer { request in
      request.path == "/old" ? .text(301, "moved", headers: [("Location", "/new")]) : .text(200, "new")
    }
    let response = try await transport.send(HTTPRequest(url: server.baseURL + "/old", deadlines: limits()))
    #expect(response.head.status == 301 && response.head.headers["location"] == "/new")
    #expect(text(try await response.collect()) == "moved")
  }

  @Test func connectionRefusedIsUnreachable() async throws {
    let port = try TestHTTPServer.unusedPort()
    let failure = await error { try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/", deadlines: limits())) }
    let http = try #require(failure as? HTTPError)
    guard case .transport(let code, let message) = http else {
      Issue.record("expected a transport error, got \(http)")
      return
    }
    #expect(code == 7)
    #expect(message.contains("127.0.0.1"))  // curl's own detailed message
    #expect(http.isUnreachable)
  }

  @Test func unknownHostIsUnreachable() async throws {
    let failure = await error {
      try await transport.send(HTTPRequest(url: "http://no-such-host.invalid/", deadlines: limits(connect: .seconds(5))))
    }
    let http = try #require(failure as? HTTPError)
    #expect(http.isUnreachable, "\(http)")
  }

  @Test func connectDeadline() async throws {
    guard let blackhole = try Blackhole() else {
      // Only when the kernel completes connections even to a full accept queue.
      print("connectDeadline: this kernel does not leave connections to a full backlog hanging; not checked")
      return
    }
    let started = ContinuousClock.now
    let failure = await error {
      try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(blackhole.port)/", deadlines: limits(connect: .milliseconds(300))))
    }
    #expect(failure as? HTTPError == .timeout(.connect))
    #expect((failure as? HTTPError)?.isUnreachable == true)
    #expect(
      ContinuousClock.now - started < .seconds(60), "the connect deadline ends the wait (loaded CI machines stretch it, but it must end)")
    withExtendedLifetime(blackhole) {}
  }

  @Test func firstByteDeadline() async throws {
    let server = try TestHTTPServer { _ in TestHTTPResponse([.stall]) }
    let failure = await error {
      try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits(firstByte: .milliseconds(300))))
    }
    #expect(failure as? HTTPError == .timeout(.firstByte))
    #expect(await eventually { server.clientDisconnects == 1 })
  }

  @Test func idleDeadline() async throws {
    let server = try TestHTTPServer { _ in
      TestHTTPResponse([.head(status: 200, headers: [("Transfer-Encoding", "chunked")]), .text("tok"), .stall])
    }
    let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits(idle: .milliseconds(300))))
    var received: [UInt8] = []
    let failure = await error { for try await chunk in response.body { received += chunk } }
    #expect(failure as? HTTPError == .timeout(.idle))
    #expect(text(received) == "tok")
  }

  @Test func steadyChunksKeepTheIdleDeadlineAway() async throws {
    let server = try TestHTTPServer { _ in
      .stream(contentType: "text/plain", chunks: (0..<6).map { "\($0)" }, delayMilliseconds: 150)
    }
    let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits(idle: .seconds(3))))
    #expect(text(try await response.collect()) == "012345")
  }

  @Test func totalDeadlineMidBody() async throws {
    let server = try TestHTTPServer { _ in
      .stream(contentType: "text/plain", chunks: (0..<200).map { "\($0)," }, delayMilliseconds: 50)
    }
    let response = try await transport.send(
      HTTPRequest(url: server.baseURL, deadlines: limits(idle: .seconds(20), total: .milliseconds(500))))
    let failure = await error { try await response.collect() }
    #expect(failure as? HTTPError == .timeout(.total))
  }

  @Test func totalDeadlineBeforeTheHead() async throws {
    let server = try TestHTTPServer { _ in TestHTTPResponse([.stall]) }
    let failure = await error {
      try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits(firstByte: .seconds(30), total: .milliseconds(300))))
    }
    #expect(failure as? HTTPError == .timeout(.total))
  }

  @Test func cutStreamIsATransportError() async throws {
    let server = try TestHTTPServer { _ in
      .stream(contentType: "application/x-ndjson", chunks: ["{\"a\":1}\n", "{\"b\":2}\n"], end: false)
    }
    let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits()))
    var lines: [String] = []
    let failure = await error { for try await line in response.body.lines() { lines.append(text(line)) } }
    guard case .transport(let code, _)? = failure as? HTTPError else {
      Issue.record("expected a transport error, got \(String(describing: failure))")
      return
    }
    #expect(code == 18)  // CURLE_PARTIAL_FILE
    #expect(lines == ["{\"a\":1}", "{\"b\":2}"])
  }

  @Test func connectionClosedBeforeAnyResponse() async throws {
    let server = try TestHTTPServer { _ in TestHTTPResponse([.close]) }
    let failure = await error { try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits())) }
    guard case .transport(let code, _)? = failure as? HTTPError else {
      Issue.record("expected a transport error, got \(String(describing: failure))")
      return
    }
    #expect(code == 52)  // CURLE_GOT_NOTHING
  }

  @Test func cancellingTheReadingTaskStopsTheTransfer() async throws {
    let server = try TestHTTPServer { _ in
      TestHTTPResponse([.head(status: 200, headers: [("Transfer-Encoding", "chunked")]), .text("first"), .stall])
    }
    let firstChunk = AsyncStream<Void>.makeStream()
    let task = Task {
      let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits()))
      for try await _ in response.body { firstChunk.continuation.yield() }
    }
    var signals = firstChunk.stream.makeAsyncIterator()
    _ = await signals.next()
    let cancelled = ContinuousClock.now
    task.cancel()
    let failure = await error { try await task.value }
    // A cancelled reader either sees the cancellation thrown or its loop simply ends (when the
    // cancellation lands between two reads); what matters is that the transfer stops.
    #expect(failure == nil || failure as? HTTPError == .cancelled || failure is CancellationError, "\(String(describing: failure))")
    #expect(await eventually { server.clientDisconnects == 1 })
    // Aimed at ~100 ms; the bound is loose for a loaded machine.
    #expect(ContinuousClock.now - cancelled < .seconds(5))
  }

  @Test func cancellingBeforeTheHeadStopsTheTransfer() async throws {
    let server = try TestHTTPServer { _ in TestHTTPResponse([.stall]) }
    let task = Task { try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits())) }
    #expect(await eventually { server.requests.count == 1 })
    task.cancel()
    let failure = await error { try await task.value }
    #expect(failure as? HTTPError == .cancelled)
    #expect(await eventually { server.clientDisconnects == 1 })
  }

  @Test func alreadyCancelledTaskSendsNothing() async throws {
    let server = try TestHTTPServer { _ in .text(200, "x") }
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits()))
    }
    #expect(await error { try await task.value } as? HTTPError == .cancelled)
    #expect(server.requests.isEmpty)
  }

  @Test func droppingTheResponseStopsTheTransfer() async throws {
    let server = try TestHTTPServer { _ in
      TestHTTPResponse([.head(status: 200, headers: [("Transfer-Encoding", "chunked")]), .text("first"), .stall])
    }
    do {
      let response = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits()))
      var iterator = response.body.makeAsyncIterator()
      #expect(try await iterator.next().map(text) == "first")
    }
    #expect(await eventually { server.clientDisconnects == 1 })
  }

  @Test func manyStreamsAtOnceOnOneTransport() async throws {
    let server = try TestHTTPServer { request in
      .stream(contentType: "text/plain", chunks: ["start \(request.path)\n", "end\n"], delayMilliseconds: 200)
    }
    let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
      for index in 0..<20 {
        group.addTask {
          let response = try await transport.send(HTTPRequest(url: server.baseURL + "/\(index)", deadlines: limits()))
          return (index, text(try await response.collect()))
        }
      }
      var bodies: [Int: String] = [:]
      for try await (index, body) in group { bodies[index] = body }
      return bodies
    }
    for index in 0..<20 { #expect(bodies[index] == "start /\(index)\nend\n") }
    // Overlap, not timing: several requests were being answered at the same moment.
    #expect(server.maxInFlight > 1)
  }

  @Test func slowReaderPausesTheTransferWithoutLosingBytes() async throws {
    // 4 MiB through a 16 KiB buffer: the transfer pauses and resumes many times; an idle deadline
    // shorter than the reader's pause must not fire while the transfer waits for the reader.
    let pattern = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    let server = try TestHTTPServer { _ in
      TestHTTPResponse([.head(status: 200, headers: [("Content-Length", String(pattern.count))]), .body(pattern)])
    }
    let small = CurlTransport(version: "test", bufferLimit: 16 << 10)
    let response = try await small.send(HTTPRequest(url: server.baseURL, deadlines: limits(idle: .milliseconds(300))))
    var received: [UInt8] = []
    var largest = 0
    for try await chunk in response.body {
      if received.isEmpty { try await Task.sleep(for: .milliseconds(800)) }
      received += chunk
      largest = max(largest, chunk.count)
    }
    #expect(received.count == pattern.count)
    #expect(received == pattern)
    #expect(largest <= (16 << 10) + 16_384 + 1)  // the buffer bound: limit plus one curl write
  }

  @Test func responsesOutliveTheirTransport() async throws {
    let server = try TestHTTPServer { _ in .stream(contentType: "text/plain", chunks: ["a", "b", "c"], delayMilliseconds: 50) }
    var transport: CurlTransport? = CurlTransport(version: "test")
    let response = try #require(try await transport?.send(HTTPRequest(url: server.baseURL, deadlines: limits())))
    transport = nil
    #expect(text(try await response.collect()) == "abc")
  }

  @Test func sequentialRequestsReuseTheConnection() async throws {
    let server = try TestHTTPServer { _ in .json(200, "{}") }
    for _ in 0..<5 {
      _ = try await transport.send(HTTPRequest(url: server.baseURL, deadlines: limits())).collect()
    }
    #expect(server.requests.count == 5)
    #expect(server.openConnections == 1)
  }

  @Test func invalidRequestsFailAtSetUp() async throws {
    let injected = await error {
      try await transport.send(HTTPRequest(url: "http://127.0.0.1:1/", headers: [("X-Bad", "a\r\nInjected: yes")], deadlines: limits()))
    }
    guard case .setup? = injected as? HTTPError else {
      Issue.record("expected a set-up error, got \(String(describing: injected))")
      return
    }
    let file = await error { try await transport.send(HTTPRequest(url: "file:///etc/passwd", deadlines: limits())) }
    guard case .transport(let code, _)? = file as? HTTPError else {
      Issue.record("expected a transport error, got \(String(describing: file))")
      return
    }
    #expect(code == 1)  // CURLE_UNSUPPORTED_PROTOCOL
  }
}
