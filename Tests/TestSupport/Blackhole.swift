import Foundation

/// A listening socket whose accept queue is full, so that a new connection hangs unanswered
/// (Linux drops the SYN) until the client's connect deadline. nil where the kernel answers anyway.
public final class Blackhole {
  public let port: Int
  private var sockets: [Int32] = []

  public init?() throws {
    let listener = try Self.socketDescriptor()
    sockets.append(listener)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
    }
    guard bound, listen(listener, 0) == 0 else { return nil }
    port = Int(UInt16(bigEndian: address.sin_port))
    // Fill the queue, then check that one more connection really hangs.
    for attempt in 0..<4 {
      let client = try Self.socketDescriptor()
      sockets.append(client)
      _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
      _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
      if attempt == 3 {
        var entry = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
        if poll(&entry, 1, 300) != 0 { return nil }  // connected or failed: not a black hole
      } else {
        usleep(50_000)
      }
    }
  }

  deinit { for socket in sockets { close(socket) } }

  private static func socketDescriptor() throws -> Int32 {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw TestHTTPServerError.socket("socket", errno) }
    return fd
  }
}
