import Foundation

/// Small URL helpers; Foundation's URL accepts too much to be a validator on its own.
enum URLCheck {
  /// Whether the text is an absolute http(s) URL with a host.
  static func isHTTPURL(_ text: String) -> Bool {
    guard let components = URLComponents(string: text),
      let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = components.host, !host.isEmpty
    else { return false }
    return true
  }

  /// Whether the URL points at this machine. Only literal loopback names count: a name that merely
  /// resolves locally today may not tomorrow.
  static func isLoopback(_ text: String) -> Bool {
    guard let host = URLComponents(string: text)?.host?.lowercased() else { return false }
    if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "[::1]" { return true }
    if host.hasPrefix("127.") {
      let parts = host.split(separator: ".")
      return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
    return false
  }
}
