/// Finds prefixed vendor tokens (`TokenRule.all`) starting at one position.
enum TokenScanner {
  /// The token starting at `start`, if one of the rules whose prefix begins with that byte
  /// matches there. The caller has checked that `start` begins a word.
  static func match(_ bytes: [UInt8], at start: Int) -> Candidate? {
    let rules = TokenRule.byFirstByte[Int(bytes[start])]
    for index in rules {
      if let candidate = match(TokenRule.all[index], bytes, at: start) { return candidate }
    }
    return nil
  }

  private static func match(_ rule: TokenRule, _ bytes: [UInt8], at start: Int) -> Candidate? {
    guard Bytes.hasPrefix(bytes, at: start, rule.prefix) else { return nil }
    let bodyStart = start + rule.prefix.count
    // Read one byte past the longest body: a longer run means a different, longer word.
    let limit = min(bytes.count, bodyStart + rule.maxBody + 1)
    var end = bodyStart
    var dots = 0
    while end < limit, rule.body.contains(bytes[end]) {
      if bytes[end] == UInt8(ascii: ".") {
        dots += 1
        if dots > rule.maxDots { break }
      }
      end += 1
    }
    if let trim = rule.trimTrailing {
      while end > bodyStart, trim.contains(bytes[end - 1]) { end -= 1 }
    }
    let length = end - bodyStart
    guard length >= rule.minBody, length <= rule.maxBody, Bytes.boundaryAt(bytes, end) else { return nil }
    guard shapeFits(rule.shape, bytes[start..<end], body: bytes[bodyStart..<end]) else { return nil }
    return Candidate(start: rule.keepPrefix ? bodyStart : start, end: end, kind: rule.kind, priority: Candidate.vendorToken)
  }

  private static func shapeFits(_ shape: TokenRule.Shape, _ token: ArraySlice<UInt8>, body: ArraySlice<UInt8>) -> Bool {
    switch shape {
    case .plain:
      return true
    case .varied:
      var lower = false, upper = false, digit = false
      for byte in body {
        if ByteSet.lower.contains(byte) {
          lower = true
        } else if ByteSet.upper.contains(byte) {
          upper = true
        } else if ByteSet.digits.contains(byte) {
          digit = true
        }
      }
      return [lower, upper, digit].filter { $0 }.count >= 2
    case .sendGrid:
      let parts = body.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
      return parts.count == 2 && parts[0].count >= 16 && parts[1].count >= 30
    case .jwt:
      let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].count >= 10, parts[1].count >= 10, parts[2].count >= 8 else { return false }
      return parts[1].starts(with: Array("eyJ".utf8))
    }
  }
}
