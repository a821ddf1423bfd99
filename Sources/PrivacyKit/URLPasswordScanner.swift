/// Finds the password of `scheme://user:password@host` (RFC 3986 §3.2.1 userinfo). Only the
/// password is replaced: the scheme, user and host say what the URL is for and are not secret.
enum URLPasswordScanner {
  private static let queryOrFragment = ByteSet("?#")
  private static let templateStarts = ByteSet("${%")
  private static let schemeChars = ByteSet.alnum.union(ByteSet("+.-"))
  /// Bytes that end an authority: the path, and whatever ends a URL in prose, code or config.
  /// `?` and `#` do not: people write them unescaped in passwords (`p#ss@host`), and the last
  /// `@` before the path still marks the end of the userinfo.
  private static let authorityStop = ByteSet(" \t\r\n\"'<>/`\\")

  /// The password of the URL whose `://` starts at `colon`.
  static func match(_ bytes: [UInt8], colon: Int) -> Candidate? {
    guard Bytes.hasPrefix(bytes, at: colon, Array("://".utf8)) else { return nil }
    var schemeStart = colon
    while schemeStart > 0, schemeChars.contains(bytes[schemeStart - 1]) { schemeStart -= 1 }
    guard schemeStart < colon, ByteSet.lower.union(.upper).contains(bytes[schemeStart]) else { return nil }
    let authorityStart = colon + 3
    var authorityEnd = authorityStart
    var lastAt: Int?
    // Bounded so that a long line full of `://` stays linear; real authorities are short.
    let limit = min(bytes.count, authorityStart + 2048)
    while authorityEnd < limit, !authorityStop.contains(bytes[authorityEnd]) {
      // The last `@` separates userinfo from host: an unescaped `@` in a password is common.
      if bytes[authorityEnd] == UInt8(ascii: "@") { lastAt = authorityEnd }
      authorityEnd += 1
    }
    guard let at = lastAt, at + 1 < authorityEnd else { return nil }
    guard let userColon = bytes[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")),
      !bytes[authorityStart..<userColon].contains(where: queryOrFragment.contains)
    else { return nil }
    let password = bytes[(userColon + 1)..<at]
    guard isLiteralPassword(password) else { return nil }
    return Candidate(start: userColon + 1, end: at, kind: .urlPassword, priority: Candidate.contextual)
  }

  /// Whether the password is a value rather than a template slot: `${DB_PASS}`, `%s`,
  /// `{password}`, `$PASS` and masks like `****` are left as they are.
  private static func isLiteralPassword(_ password: ArraySlice<UInt8>) -> Bool {
    guard let first = password.first else { return false }
    if templateStarts.contains(first) { return false }
    return password.contains { $0 != first }
  }
}
