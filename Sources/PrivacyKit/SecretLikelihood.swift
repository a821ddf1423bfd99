import Foundation

/// Decides whether a value assigned to a secret-sounding name (`password = "…"`) is a real secret
/// or a placeholder, a reference or a word.
///
/// Tuned on both sides: generated keys (hex, base64, base62 of 16+ characters) and typical
/// human passwords (`P@ssw0rd!`, `hunter22x`) pass; empty strings, `changeme`, `example`,
/// `xxxxxxxx`, `<your-key-here>`, `${VAR}`, `os.environ[…]`, dotted references, paths and
/// camel-case identifiers do not. A leaked password is worse than a redacted word, so the bar is
/// low once the value has digits or symbols mixed with letters.
enum SecretLikelihood {
  static let minLength = 8
  /// Longer values are documents (a certificate chain, a JSON blob), not one credential.
  static let maxLength = 1024

  /// Words (lower-cased) that documentation values are made of. A word alone does not make a
  /// placeholder: real keys contain them too (a 48-character AWS secret with `EXAMPLE` inside,
  /// a token generated for the "sample" service), so the value is judged with them removed.
  private static let placeholderWords = [
    "example", "changeme", "change_me", "change-me", "placeholder", "redacted", "your_", "your-",
    "yourkey", "yourtoken", "yourpassword", "dummy", "sample",
  ].map { Array($0.utf8) }
  /// Marks of elision and templating: what is visible is a fragment (`sk-abc1...`, `****1234`)
  /// or a slot (`{{ token }}`, `${KEY}`), never a whole credential, so they settle it.
  private static let elisionMarks = ["xxxx", "****", "...", "…", "{{", "${"].map { Array($0.utf8) }
  /// First bytes of template slots, references and YAML tags or aliases.
  private static let referenceStarts = ByteSet("$<{[%@&*!(")
  private static let pathPrefixes = ["/", "./", "../", "~/"].map { Array($0.utf8) }
  private static let schemeSeparator = Array("://".utf8)
  private static let symbols = ByteSet("!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~")

  static func looksLikeSecret(_ value: ArraySlice<UInt8>) -> Bool {
    guard value.count >= minLength, value.count <= maxLength, let first = value.first else { return false }
    guard !referenceStarts.contains(first) else { return false }
    // Whitespace means prose ("Please set a token"), not a key.
    guard !value.contains(where: { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) else { return false }
    guard !isPath(value), !isDottedReference(value) else { return false }
    guard !elisionMarks.contains(where: { contains(value, $0, ignoringCase: true) }) else { return false }
    // `your-api-key-here` leaves `api-key-here`, a word; `wJalr…EXAMPLE…K7MDENG` leaves a key.
    let rest = withoutPlaceholderWords(value)
    guard rest.count >= minLength else { return false }
    guard entropy(rest) >= entropyThreshold(length: rest.count) else { return false }
    return hasSecretShape(rest)
  }

  /// Shannon entropy in bits per byte.
  static func entropy(_ value: ArraySlice<UInt8>) -> Double {
    guard !value.isEmpty else { return 0 }
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
      counts.initialize(repeating: 0)
      for byte in value { counts[Int(byte)] += 1 }
      let total = Double(value.count)
      var bits = 0.0
      for count in counts where count > 0 {
        let p = Double(count) / total
        bits -= p * log2(p)
      }
      return bits
    }
  }

  /// A string of n distinct bytes has log2(n) bits; random 8-character values land near 2.8,
  /// random hex of 16+ near 3.4, base64 of 20+ above 4. Repetitive values (`aaaa1111`,
  /// `abababab`) stay well below.
  static func entropyThreshold(length: Int) -> Double {
    min(3.0, log2(Double(length)) - 0.6)
  }

  /// Random values mix character classes; words and identifiers do not.
  private static func hasSecretShape(_ value: ArraySlice<UInt8>) -> Bool {
    var lower = 0, upper = 0, digits = 0, symbolCount = 0, lowerToUpper = 0
    var previousWasLower = false
    for byte in value {
      if ByteSet.lower.contains(byte) { lower += 1; previousWasLower = true; continue }
      if ByteSet.upper.contains(byte) {
        upper += 1; if previousWasLower { lowerToUpper += 1 }
      } else if ByteSet.digits.contains(byte) {
        digits += 1
      } else if symbols.contains(byte) {
        symbolCount += 1
      }
      previousWasLower = false
    }
    let letters = lower + upper
    if digits > 0 && (letters > 0 || symbolCount > 0) { return true }
    if digits == value.count { return true }
    // Letters with real punctuation and capitals: `P@ssword!`.
    if symbolCount > 0 && letters > 0 && upper > 0 && lower > 0 { return true }
    // Letters only: random mixed case switches from lower to upper about every fourth letter,
    // camelCase identifiers once per word (`hashedPasswordFromDatabase`: 3 in 26).
    return letters >= 16 && upper > 0 && lower > 0 && lowerToUpper * 6 >= letters
  }

  private static func isPath(_ value: ArraySlice<UInt8>) -> Bool {
    for prefix in pathPrefixes where value.starts(with: prefix) { return true }
    return contains(value, schemeSeparator)
  }

  /// `config.db.password`, `os.environ`, `self.token`: names of values, not values.
  private static func isDottedReference(_ value: ArraySlice<UInt8>) -> Bool {
    var dots = 0
    var atPartStart = true
    for byte in value {
      if byte == UInt8(ascii: ".") {
        if atPartStart { return false }
        dots += 1
        atPartStart = true
      } else if atPartStart {
        guard ByteSet.lower.contains(byte) || ByteSet.upper.contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") else {
          return false
        }
        atPartStart = false
      } else if !(ByteSet.alnum.contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")) {
        return false
      }
    }
    return dots > 0 && !atPartStart
  }

  /// `value` with every placeholder word (any case) cut out; the value itself when it has none,
  /// so the common case allocates nothing.
  private static func withoutPlaceholderWords(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    guard placeholderWords.contains(where: { contains(value, $0, ignoringCase: true) }) else { return value }
    var rest: [UInt8] = []
    var index = value.startIndex
    while index < value.endIndex {
      if let word = placeholderWords.first(where: { matches(value, at: index, $0, ignoringCase: true) }) {
        index += word.count
      } else {
        rest.append(value[index])
        index += 1
      }
    }
    return rest[...]
  }

  /// Whether `haystack` contains `needle` (lower-case ASCII when ignoring case).
  private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8], ignoringCase: Bool = false) -> Bool {
    guard needle.count <= haystack.count, !needle.isEmpty else { return false }
    var start = haystack.startIndex
    while start <= haystack.endIndex - needle.count {
      if matches(haystack, at: start, needle, ignoringCase: ignoringCase) { return true }
      start += 1
    }
    return false
  }

  /// Whether `needle` occurs in `haystack` at `start` (lower-case ASCII when ignoring case).
  private static func matches(_ haystack: ArraySlice<UInt8>, at start: Int, _ needle: [UInt8], ignoringCase: Bool) -> Bool {
    guard needle.count <= haystack.endIndex - start else { return false }
    for (offset, expected) in needle.enumerated() {
      let byte = haystack[start + offset]
      if (ignoringCase ? Bytes.lowercased(byte) : byte) != expected { return false }
    }
    return true
  }
}
