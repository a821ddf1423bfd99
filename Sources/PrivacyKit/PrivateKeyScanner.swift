/// Finds PEM / OpenSSH / PGP private key blocks (RFC 7468 "Textual Encodings of PKIX…": a
/// `-----BEGIN <label>-----` line, base64, `-----END <label>-----`). Labels: `PRIVATE KEY`,
/// `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `DSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`,
/// `OPENSSH PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`. Public keys and certificates are left alone.
enum PrivateKeyScanner {
  private static let begin = Array("-----BEGIN ".utf8)
  private static let end = Array("-----END ".utf8)
  private static let dashes = Array("-----".utf8)
  private static let privateKey = Array("PRIVATE KEY".utf8)
  private static let privateKeyBlock = Array("PRIVATE KEY BLOCK".utf8)
  private static let labelChars = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
  /// How far to look for the END line: a 4096-bit RSA key is about 3.3 KB, a PGP secret key
  /// block with subkeys stays well under this.
  private static let maxBlock = 65_536
  /// What a line of a key's body may hold: base64, and the RFC 1421 headers of encrypted keys.
  private static let bodyChars = ByteSet.base64.union(ByteSet("=:-, "))

  /// The block starting at `start`, when `-----BEGIN … PRIVATE KEY-----` starts there. Without
  /// an END line (a diff cut short, one line of a patch) the block runs over the body lines that
  /// follow, so no base64 of the key survives.
  static func match(_ bytes: [UInt8], at start: Int) -> Candidate? {
    guard Bytes.hasPrefix(bytes, at: start, begin) else { return nil }
    let labelStart = start + begin.count
    let labelEnd = Bytes.run(bytes, from: labelStart, in: labelChars, limit: labelStart + 40)
    guard Bytes.hasPrefix(bytes, at: labelEnd, dashes) else { return nil }
    let label = bytes[labelStart..<labelEnd]
    guard isPrivateKeyLabel(label) else { return nil }
    let headerEnd = labelEnd + dashes.count
    if let blockEnd = findEnd(bytes, from: headerEnd) {
      return Candidate(start: start, end: blockEnd, kind: .privateKey, priority: Candidate.privateKey)
    }
    return Candidate(start: start, end: bodyEnd(bytes, from: headerEnd), kind: .privateKey, priority: Candidate.privateKey)
  }

  /// `PRIVATE KEY`, or `<WORD> PRIVATE KEY`, or the PGP `… PRIVATE KEY BLOCK`.
  private static func isPrivateKeyLabel(_ label: ArraySlice<UInt8>) -> Bool {
    for suffix in [privateKey, privateKeyBlock] where label.count >= suffix.count {
      guard label.suffix(suffix.count).elementsEqual(suffix) else { continue }
      let rest = label.dropLast(suffix.count)
      if rest.isEmpty || rest.last == UInt8(ascii: " ") { return true }
    }
    return false
  }

  /// The index just past `-----END …-----`, searching at most `maxBlock` bytes.
  private static func findEnd(_ bytes: [UInt8], from: Int) -> Int? {
    let limit = min(bytes.count, from + maxBlock)
    var index = from
    while index < limit {
      if bytes[index] == UInt8(ascii: "-"), Bytes.hasPrefix(bytes, at: index, end) {
        let labelEnd = Bytes.run(bytes, from: index + end.count, in: labelChars, limit: index + end.count + 40)
        if Bytes.hasPrefix(bytes, at: labelEnd, dashes) { return labelEnd + dashes.count }
      }
      index += 1
    }
    return nil
  }

  /// The end of the lines after the header that look like key body (base64 after a diff marker
  /// or indentation), for a block with no END line.
  private static func bodyEnd(_ bytes: [UInt8], from: Int) -> Int {
    var end = from
    var lineStart = from
    // Skip the rest of the header line (a closing quote, `\n` escapes).
    while lineStart < bytes.count, bytes[lineStart] != UInt8(ascii: "\n") { lineStart += 1 }
    while lineStart < bytes.count {
      let contentStart = lineStart + 1
      var lineEnd = contentStart
      while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      var first = contentStart
      if first < lineEnd, bytes[first] == UInt8(ascii: "+") || bytes[first] == UInt8(ascii: " ") { first += 1 }
      while first < lineEnd, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
      var last = lineEnd
      while last > first, bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
      guard last - first >= 16, bytes[first..<last].allSatisfy(bodyChars.contains) else { break }
      end = last
      lineStart = lineEnd
    }
    return end
  }
}
