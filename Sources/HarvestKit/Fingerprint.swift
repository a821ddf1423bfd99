/// What dedup compares of a pair, computed once on the worker that built the pair.
///
/// Both parts work on the same normalization: ASCII lower-cased words split at ASCII whitespace.
/// - `exact`: a 128-bit hash of the word sequence (two independent 64-bit chains), so texts that
///   differ only in case or spacing are equal;
/// - `signature`: a one-permutation MinHash over 5-word shingles. Each shingle is hashed once and
///   lands in one of `slots` bins, which keeps its least value; empty bins borrow from the next
///   full bin to the right (rotation densification), so two texts agree in a bin about as often as
///   their shingle sets overlap (Jaccard similarity). One hash per shingle instead of one per
///   shingle and slot: the classic 128-permutation MinHash was a tenth of a whole harvest.
struct Fingerprint: Sendable, Equatable {
  static let slots = 128
  static let shingleWords = 5

  var exact: Exact
  var signature: [UInt32]

  struct Exact: Hashable, Sendable {
    var high: UInt64
    var low: UInt64
  }

  /// The fingerprint of `parts` read as one text with a line break between parts (no copy of
  /// them is made: a line break only ends a word).
  init(_ parts: String...) {
    var words: [UInt64] = []
    for part in parts { Self.appendWordHashes(part, to: &words) }
    var high: UInt64 = 0x6a09_e667_f3bc_c908, low: UInt64 = 0xbb67_ae85_84ca_a73b
    for word in words {
      high = Self.mix(high ^ word)
      low = (low ^ word) &* 0x100_0000_01b3
    }
    exact = Exact(high: high, low: Self.mix(low ^ UInt64(words.count)))
    signature = Self.signature(words)
  }

  /// The estimated Jaccard similarity of the two texts' shingle sets: the share of equal bins.
  func similarity(to other: Fingerprint) -> Double {
    var equal = 0
    for slot in 0..<Self.slots where signature[slot] == other.signature[slot] { equal += 1 }
    return Double(equal) / Double(Self.slots)
  }

  /// One FNV-1a hash per word. Working on UTF-8 bytes rather than Characters matters:
  /// Unicode-aware splitting and lower-casing took a fifth of a whole harvest (bench/README.md).
  static func appendWordHashes(_ text: String, to hashes: inout [UInt64]) {
    var text = text
    text.withUTF8 { appendWordHashes($0, to: &hashes) }
  }

  private static func appendWordHashes(_ bytes: UnsafeBufferPointer<UInt8>, to hashes: inout [UInt64]) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var inWord = false
    for var byte in bytes {
      if byte == 0x20 || (0x09...0x0D).contains(byte) {
        if inWord { hashes.append(hash) }
        hash = 0xcbf2_9ce4_8422_2325
        inWord = false
        continue
      }
      if (0x41...0x5A).contains(byte) { byte += 0x20 }
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
      inWord = true
    }
    if inWord { hashes.append(hash) }
  }

  static func signature(_ words: [UInt64]) -> [UInt32] {
    var bins = [UInt64](repeating: .max, count: slots)
    let width = min(shingleWords, max(words.count, 1))
    let count = max(words.count - width + 1, 1)
    for start in 0..<count {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for word in words[start..<min(start + width, words.count)] { hash = (hash ^ word) &* 0x100_0000_01b3 }
      let mixed = mix(hash)
      // The top bits pick the bin; the rest is the value compared within it.
      let bin = Int(truncatingIfNeeded: mixed >> 57)
      let value = mixed & 0x01FF_FFFF_FFFF_FFFF
      if value < bins[bin] { bins[bin] = value }
    }
    var signature = [UInt32](repeating: 0, count: slots)
    for slot in 0..<slots {
      var source = slot, distance: UInt64 = 0
      while bins[source] == .max && distance < UInt64(slots) {
        source = (source + 1) % slots
        distance += 1
      }
      // A borrowed value is offset by how far it came, so a bin filled by borrowing only matches
      // a bin filled by the same borrowing.
      signature[slot] = UInt32(truncatingIfNeeded: mix(bins[source] &+ distance &* 0x9e37_79b9_7f4a_7c15) >> 32)
    }
    return signature
  }

  /// SplitMix64's finalizer: a cheap, well-spread 64-bit mix.
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
