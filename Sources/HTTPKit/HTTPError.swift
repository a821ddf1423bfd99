import Foundation

/// A failed HTTP exchange, with curl's own message attached.
public enum HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
  /// curl could not complete the transfer (`code` is its CURLcode, `message` curl's own words).
  case transport(code: Int32, message: String)
  /// A deadline ran out.
  case timeout(HTTPDeadline)
  /// The caller cancelled the request.
  case cancelled
  /// A body was larger than the caller allowed.
  case responseTooLarge(limit: Int)
  /// The request could not be set up (bad URL, curl refused an option, libcurl missing).
  case setup(String)

  public var description: String {
    switch self {
    case .transport(_, let message): return message
    case .timeout(let deadline): return "no answer within the \(deadline.rawValue) deadline"
    case .cancelled: return "cancelled"
    case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
    case .setup(let message): return message
    }
  }

  /// Whether the server could not be reached at all (refused, DNS, connect timeout).
  public var isUnreachable: Bool {
    switch self {
    case .transport(let code, _): return [6, 7].contains(code)  // couldn't resolve host, couldn't connect
    case .timeout(.connect): return true
    default: return false
    }
  }
}

extension HTTPError: LocalizedError {
  public var errorDescription: String? { description }
}
