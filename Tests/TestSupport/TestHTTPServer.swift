import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One request as the test server received it.
public struct TestHTTPRequest: Sendable {
  public let method: String
  /// The request target, query included ("/api/chat?x=1").
  public let path: String
  /// Header names lower-cased; a repeated header's values are joined with ", ".
  public let headers: [String: String]
  public let body: Data

  public init(method: String, path: String, headers: [String: String], body: Data) {
    self.method = method
    self.path = path
    self.headers = headers
    self.body = body
  }

  /// The body parsed as JSON (any top-level value), or nil.
  public var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
}

/// A scripted response: the steps are played in order on the connection.
///
/// Framing is automatic after a `.head`: if its headers say `Transfer-Encoding: chunked`, each
/// `.body`/`.text` step is sent as one chunk and the terminating chunk follows the last step
/// (unless a `.close` came first). With `Content-Length` the connection stays open for the next
/// request; with neither, it is closed after the last step. Steps before any `.head` are written
/// raw (for malformed responses).
public struct TestHTTPResponse: Sendable {
  public enum Step: Sendable {
    case head(status: Int, headers: [(String, String)])
    case body([UInt8])
    case text(String)
    case pause(milliseconds: Int)
    /// Drop the connection now, even mid-body.
    case close
    /// Keep the connection open sending nothing until the client goes away or the server stops.
    case stall
  }

  public var steps: [Step]

  public init(_ steps: [Step]) { self.steps = steps }

  /// A complete JSON answer with a Content-Length.
  public static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> TestHTTPResponse {
    text(status, body, contentType: "application/json", headers: headers)
  }

  /// A complete answer with a Content-Length.
  public static func text(
    _ status: Int, _ body: String, contentType: String = "text/plain", headers: [(String, String)] = []
  ) -> TestHTTPResponse {
    let bytes = Array(body.utf8)
    return TestHTTPResponse([
      .head(status: status, headers: [("Content-Type", contentType), ("Content-Length", String(bytes.count))] + headers),
      .body(bytes),
    ])
  }

  /// A chunked stream, one chunk per element of `chunks`, `delayMilliseconds` before each chunk
  /// after the first. `end: false` closes the connection without the terminating chunk.
  public static func stream(
    _ status: Int = 200, contentType: String, chunks: [String], delayMilliseconds: Int = 0,
    headers: [(String, String)] = [], end: Bool = true
  ) -> TestHTTPResponse {
    var steps: [Step] = [.head(status: status, headers: [("Content-Type", contentType), ("Transfer-Encoding", "chunked")] + headers)]
    for (index, chunk) in chunks.enumerated() {
      if index > 0 && delayMilliseconds > 0 { steps.append(.pause(milliseconds: delayMilliseconds)) }
      steps.append(.text(chunk))
    }
    if !end { steps.append(.close) }
    return TestHTTPResponse(steps)
  }
}

/// An HTTP/1.1 server on 127.0.0.1 (ephemeral port) for fault injection: a thread accepts, and
/// each connection gets a thread that reads requests (keep-alive) and plays the handler's steps.
///
/// It never sends "100 Continue", so a client that waits for one stalls visibly. Clients that go
/// away early are counted in `clientDisconnects`. Stopped by `stop()` or when released.
public final class TestHTTPServer: @unchecked Sendable {
  // The threads hold the core, not this object, so releasing the server stops it.
  private let core: TestHTTPServerCore

  public init(_ handler: @escaping @Sendable (TestHTTPRequest) -> TestHTTPResponse) throws {
    core = try TestHTTPServerCore(handler)
  }

  deinit { core.stop() }

  public var port: Int { core.port }
  public var baseURL: String { "http://127.0.0.1:\(port)" }
  /// Every request received, in order.
  public var requests: [TestHTTPRequest] { core.requests }
  /// The most requests being answered at the same moment so far.
  public var maxInFlight: Int { core.maxInFlight }
  /// Responses cut short because the client went away (write failed, or EOF during `.stall`).
  public var clientDisconnects: Int { core.clientDisconnects }
  /// Connections open right now.
  public var openConnections: Int { core.openConnections }

  /// Stops accepting, drops every connection and waits (briefly) for the threads to finish.
  public func stop() { core.stop() }

  /// A port on 127.0.0.1 that nothing listens on (bound and released), for "connection refused".
  public static func unusedPort() throws -> Int { try TestHTTPServerCore.unusedPort() }
}

/// The server's sockets, threads and records.
final class TestHTTPServerCore: @unchecked Sendable {
  private let handler: @Sendable (TestHTTPRequest) -> TestHTTPResponse
  private let listener: Int32
  let port: Int

  private let lock = NSLock()
  private var stopped = false
  private var received: [TestHTTPRequest] = []
  private var connections: Set<Int32> = []
  private var threadsRunning = 0
  private var inFlight = 0
  private var maxInFlightSeen = 0
  private var disconnects = 0

  var requests: [TestHTTPRequest] { locked { received } }
  var maxInFlight: Int { locked { maxInFlightSeen } }
  var clientDisconnects: Int { locked { disconnects } }
  var openConnections: Int { locked { connections.count } }

  init(_ handler: @escaping @Sendable (TestHTTPRequest) -> TestHTTPResponse) throws {
    self.handler = handler
    let fd = try Self.makeSocket()
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    do {
      port = try Self.bindLoopback(fd)
      guard listen(fd, 128) == 0 else { throw TestHTTPServerError.socket("listen", errno) }
    } catch {
      close(fd)
      throw error
    }
    listener = fd
    threadsRunning = 1
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "TestHTTPServer accept"
    thread.start()
  }

  func stop() {
    let open: [Int32]? = locked {
      if stopped { return nil }
      stopped = true
      return Array(connections)
    }
    guard let open else { return }
    // shutdown, not close: the owning thread is blocked on the descriptor and closes it itself,
    // so a descriptor number is never reused under a thread still using it.
    shutdown(listener, Int32(SHUT_RDWR))
    for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    let deadline = Date().addingTimeInterval(5)
    while locked({ threadsRunning }) > 0 && Date() < deadline { usleep(2_000) }
  }

  static func unusedPort() throws -> Int {
    let fd = try makeSocket()
    defer { close(fd) }
    return try bindLoopback(fd)
  }

  // MARK: Accepting

  private func acceptLoop() {
    defer {
      close(listener)
      locked { threadsRunning -= 1 }
    }
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 {
        if errno == EINTR || errno == ECONNABORTED { continue }
        return  // shut down
      }
      let admitted = locked { () -> Bool in
        if stopped { return false }
        connections.insert(client)
        threadsRunning += 1
        return true
      }
      guard admitted else {
        close(client)
        return
      }
      #if canImport(Darwin)
        var yes: Int32 = 1
        setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
      #endif
      let thread = Thread { [self] in serve(client) }
      thread.name = "TestHTTPServer connection"
      thread.start()
    }
  }

  // MARK: One connection

  private func serve(_ fd: Int32) {
    defer {
      locked {
        connections.remove(fd)
        threadsRunning -= 1
      }
      close(fd)
    }
    var buffer: [UInt8] = []
    while !isStopped {
      guard let request = readRequest(fd, &buffer) else { return }
      locked {
        received.append(request)
        inFlight += 1
        maxInFlightSeen = max(maxInFlightSeen, inFlight)
      }
      let keepOpen = play(handler(request), on: fd)
      locked { inFlight -= 1 }
      if !keepOpen { return }
    }
  }

  /// Plays the steps; true when the connection can carry another request.
  private func play(_ response: TestHTTPResponse, on fd: Int32) -> Bool {
    var chunked = false
    var delimited = false
    for step in response.steps {
      switch step {
      case .head(let status, let headers):
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers {
          text += "\(name): \(value)\r\n"
          let lower = name.lowercased()
          if lower == "transfer-encoding" && value.lowercased().contains("chunked") { chunked = true }
          if lower == "content-length" { delimited = true }
        }
        text += "\r\n"
        guard write(Array(text.utf8), to: fd) else { return false }
      case .body(let bytes):
        guard writeBody(bytes, chunked: chunked, to: fd) else { return false }
      case .text(let string):
        guard writeBody(Array(string.utf8), chunked: chunked, to: fd) else { return false }
      case .pause(let milliseconds):
        let until = Date().addingTimeInterval(Double(milliseconds) / 1000)
        while Date() < until {
          if isStopped { return false }
          usleep(UInt32(min(5_000, max(0, until.timeIntervalSinceNow) * 1_000_000)))
        }
      case .close:
        return false
      case .stall:
        waitForClientToLeave(fd)
        return false
      }
    }
    if chunked {
      guard write(Array("0\r\n\r\n".utf8), to: fd) else { return false }
      return true
    }
    return delimited
  }

  private func writeBody(_ bytes: [UInt8], chunked: Bool, to fd: Int32) -> Bool {
    if !chunked { return write(bytes, to: fd) }
    if bytes.isEmpty { return true }  // an empty chunk would end the body
    return write(Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + Array("\r\n".utf8), to: fd)
  }

  private func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { raw in
        #if canImport(Glibc)
          send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
        #else
          send(fd, raw.baseAddress, raw.count, 0)
        #endif
      }
      if sent < 0 && errno == EINTR { continue }
      if sent <= 0 {
        locked { disconnects += 1 }
        return false
      }
      offset += sent
    }
    return true
  }

  private func waitForClientToLeave(_ fd: Int32) {
    var scratch = [UInt8](repeating: 0, count: 4096)
    while !isStopped {
      var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&entry, 1, 20)
      if ready < 0 && errno != EINTR { break }
      guard ready > 0 else { continue }
      let count = recv(fd, &scratch, scratch.count, 0)
      if count <= 0 {
        if !isStopped { locked { disconnects += 1 } }
        return
      }
    }
  }

  // MARK: Reading a request

  private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> TestHTTPRequest? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    var headEnd: Int?
    while headEnd == nil {
      headEnd = Self.find(separator, in: buffer)
      if headEnd == nil {
        if buffer.count > 1 << 20 { return nil }
        guard receive(fd, into: &buffer) else { return nil }
      }
    }
    guard let headEnd else { return nil }
    let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
    buffer.removeFirst(headEnd + separator.count)
    var lines = headText.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst().split(separator: " ")
    guard requestLine.count >= 2 else { return nil }
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      headers[name] = headers[name].map { "\($0), \(value)" } ?? value
    }
    var body: [UInt8] = []
    if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
      guard let decoded = readChunkedBody(fd, &buffer) else { return nil }
      body = decoded
    } else if let length = headers["content-length"].flatMap({ Int($0) }), length > 0 {
      while buffer.count < length {
        guard receive(fd, into: &buffer) else { return nil }
      }
      body = Array(buffer[..<length])
      buffer.removeFirst(length)
    }
    return TestHTTPRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: Data(body))
  }

  private func readChunkedBody(_ fd: Int32, _ buffer: inout [UInt8]) -> [UInt8]? {
    var body: [UInt8] = []
    let crlf: [UInt8] = Array("\r\n".utf8)
    while true {
      var lineEnd = Self.find(crlf, in: buffer)
      while lineEnd == nil {
        guard receive(fd, into: &buffer) else { return nil }
        lineEnd = Self.find(crlf, in: buffer)
      }
      guard let end = lineEnd else { return nil }
      let sizeText = String(decoding: buffer[..<end], as: UTF8.self).split(separator: ";").first ?? ""
      guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
      buffer.removeFirst(end + 2)
      while buffer.count < size + 2 {
        guard receive(fd, into: &buffer) else { return nil }
      }
      if size == 0 {
        // No trailers expected: the final CRLF follows the zero chunk.
        buffer.removeFirst(2)
        return body
      }
      body += buffer[..<size]
      buffer.removeFirst(size + 2)
    }
  }

  private func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = recv(fd, &scratch, scratch.count, 0)
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return false }
      buffer += scratch[..<count]
      return true
    }
  }

  // MARK: Helpers

  private var isStopped: Bool { locked { stopped } }

  private func locked<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if Array(haystack[start..<(start + needle.count)]) == needle { return start }
    }
    return nil
  }

  private static func makeSocket() throws -> Int32 {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw TestHTTPServerError.socket("socket", errno) }
    return fd
  }

  /// Binds `fd` to 127.0.0.1 on an ephemeral port and returns the port.
  private static func bindLoopback(_ fd: Int32) throws -> Int {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestHTTPServerError.socket("bind", errno) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw TestHTTPServerError.socket("getsockname", errno) }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  private static func reason(_ status: Int) -> String {
    switch status {
    case 200: return "OK"
    case 400: return "Bad Request"
    case 401: return "Unauthorized"
    case 404: return "Not Found"
    case 413: return "Payload Too Large"
    case 429: return "Too Many Requests"
    case 500: return "Internal Server Error"
    case 503: return "Service Unavailable"
    default: return "Status"
    }
  }
}

/// A socket call failed while setting up the test server.
public enum TestHTTPServerError: Error, CustomStringConvertible {
  case socket(String, Int32)
  public var description: String {
    switch self {
    case .socket(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
    }
  }
}
