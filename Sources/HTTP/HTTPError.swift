/// A failed HTTP exchange, with curl's own message attached.
public enum HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
  /// curl could not complete the transfer (`code` is its CURLcode).
  case transport(code: Int32, message: String)
  /// The request could not be set up (bad URL, curl refused an option).
  case setup(String)

  public var description: String {
    switch self {
    case .transport(_, let message): return message
    case .setup(let message): return message
    }
  }
}
