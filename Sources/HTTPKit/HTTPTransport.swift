import Foundation

/// One HTTP request, with the limits it runs under.
public struct HTTPRequest: Sendable {
  public var method: String
  public var url: String
  /// Header name/value pairs, sent in order. Values may carry secrets (API keys): never log them.
  public var headers: [(String, String)]
  public var body: Data?
  public var deadlines: HTTPDeadlines

  public init(
    method: String = "GET", url: String, headers: [(String, String)] = [], body: Data? = nil, deadlines: HTTPDeadlines = HTTPDeadlines()
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.deadlines = deadlines
  }
}

/// The four separate limits on one exchange.
public struct HTTPDeadlines: Sendable, Equatable {
  /// Time allowed to open the connection (TCP and TLS).
  public var connect: Duration
  /// Time from the request being sent until the first byte of the response (headers).
  public var firstByte: Duration
  /// Longest gap allowed between two chunks of the body.
  public var idle: Duration
  /// Hard cap on the whole exchange.
  public var total: Duration

  public init(
    connect: Duration = .seconds(5), firstByte: Duration = .seconds(120), idle: Duration = .seconds(60), total: Duration = .seconds(600)
  ) {
    self.connect = connect
    self.firstByte = firstByte
    self.idle = idle
    self.total = total
  }
}

/// Which deadline ran out.
public enum HTTPDeadline: String, Sendable, Equatable {
  case connect, firstByte = "first-byte", idle, total
}

/// The status line and headers of a response.
public struct HTTPResponseHead: Sendable, Equatable {
  public var status: Int
  /// Header names lower-cased; a repeated header keeps its last value.
  public var headers: [String: String]

  public init(status: Int, headers: [String: String]) {
    self.status = status
    self.headers = headers
  }
}

/// A response whose body arrives as it is received.
public struct HTTPStreamingResponse: Sendable {
  public let head: HTTPResponseHead
  /// Body chunks as they arrive (any size, any boundary). Ends normally at the end of the body;
  /// throws `HTTPError` when the transfer fails or a deadline passes mid-body.
  public let body: AsyncThrowingStream<[UInt8], Error>

  public init(head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], Error>) {
    self.head = head
    self.body = body
  }

  /// Reads the whole body (for error bodies and small JSON answers), up to `limit` bytes.
  public func collect(limit: Int = 8 << 20) async throws -> [UInt8] {
    var out: [UInt8] = []
    for try await chunk in body {
      out += chunk
      if out.count > limit { throw HTTPError.responseTooLarge(limit: limit) }
    }
    return out
  }
}

/// Sends HTTP requests. The production implementation is `CurlTransport` (libcurl); tests may
/// substitute another only to inject faults that no real server produces.
public protocol HTTPTransport: Sendable {
  /// Sends the request and returns once the response head has arrived (any status: an HTTP
  /// error status is a response, not a thrown error, so its body can be read and classified).
  /// Throws `HTTPError` when no response head arrives (refused, DNS, TLS, connect or first-byte
  /// deadline) or when the task is cancelled. Cancelling the task, or dropping the body stream,
  /// aborts the transfer.
  func send(_ request: HTTPRequest) async throws -> HTTPStreamingResponse
}
