/// A secret a scanner proposes, as UTF-8 offsets into the text.
struct Candidate: Sendable, Equatable {
  var start: Int
  var end: Int
  let kind: SecretKind
  /// Which candidate names a span two scanners both found (`password = "ghp_…"` is a GitHub
  /// token, not a generic secret).
  let priority: Int

  static let contextual = 10
  static let vendorToken = 20
  static let privateKey = 30
}

/// Runs every scanner over a text in one pass and settles overlaps.
enum SecretScanner {
  /// The secrets of `bytes`, in order, not overlapping.
  static func scan(_ bytes: [UInt8]) -> [Candidate] {
    var found: [Candidate] = []
    var index = 0
    let count = bytes.count
    // Hoisted: a static read in the per-byte loop costs an initialisation check each time.
    let tokenStarts = TokenRule.firstBytes
    while index < count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: ":"):
        if let url = URLPasswordScanner.match(bytes, colon: index) { found.append(url) }
        if let assignment = AssignmentScanner.match(bytes, operatorAt: index) { found.append(assignment) }
      case UInt8(ascii: "="):
        if let assignment = AssignmentScanner.match(bytes, operatorAt: index) { found.append(assignment) }
      case UInt8(ascii: "-"):
        if let key = PrivateKeyScanner.match(bytes, at: index) {
          found.append(key)
          // Nothing inside a key block needs a second look; jump past it.
          index = key.end
          continue
        }
      default:
        if tokenStarts.contains(byte), Bytes.boundaryBefore(bytes, index),
          let token = TokenScanner.match(bytes, at: index)
        {
          found.append(token)
        }
      }
      index += 1
    }
    return resolve(found)
  }

  /// Orders candidates by position and merges overlaps: where two start together the higher
  /// priority names the span; where one runs past another the span grows to cover both, so no
  /// part of either secret survives.
  static func resolve(_ candidates: [Candidate]) -> [Candidate] {
    let sorted = candidates.sorted { a, b in
      if a.start != b.start { return a.start < b.start }
      if a.priority != b.priority { return a.priority > b.priority }
      return a.end > b.end
    }
    var result: [Candidate] = []
    for candidate in sorted {
      if let last = result.last, candidate.start < last.end {
        if candidate.end > last.end { result[result.count - 1].end = candidate.end }
        continue
      }
      result.append(candidate)
    }
    return result
  }
}
