import ConfigKit

/// Drops exact and near duplicates across all kinds, keeping the first pair seen (the harvest
/// feeds pairs oldest first, so the original stays and later copies go).
///
/// Exact: SHA-256 of the normalized text (lower-cased, whitespace runs collapsed). Near: MinHash
/// over 5-word shingles with `permutations` hash functions, banded for LSH (`bands` × `rows`);
/// a candidate that shares a band is a duplicate when its estimated Jaccard similarity (the
/// share of equal signature slots) is at least `threshold`.
struct Deduplicator {
  static let permutations = 128
  static let bands = 32
  static let rows = 4
  static let shingleWords = 5

  let threshold: Double
  private var exact: Set<[UInt8]> = []
  private var buckets: [Int: [Int: [Int]]] = [:]
  private var signatures: [[UInt64]] = []

  init(threshold: Double = 0.85) { self.threshold = threshold }

  /// Why `text` is a duplicate of something already admitted, or nil (and it is admitted).
  mutating func check(_ text: String) -> DropReason? {
    let words = Self.wordHashes(text)
    let digest = SHA256.digest(words.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } })
    if exact.contains(digest) { return .exactDuplicate }
    let signature = Self.signature(words)
    var keys: [Int] = []
    for band in 0..<Self.bands {
      var hasher = Hasher()
      for slot in (band * Self.rows)..<((band + 1) * Self.rows) { hasher.combine(signature[slot]) }
      let key = hasher.finalize()
      keys.append(key)
      for candidate in buckets[band]?[key] ?? [] where Self.similarity(signature, signatures[candidate]) >= threshold {
        return .nearDuplicate
      }
    }
    exact.insert(digest)
    let index = signatures.count
    signatures.append(signature)
    for (band, key) in keys.enumerated() { buckets[band, default: [:]][key, default: []].append(index) }
    return nil
  }

  /// One FNV-1a hash per word, ASCII lower-cased, split at ASCII whitespace: the normalization both
  /// checks share. Working on UTF-8 bytes rather than Characters matters: Unicode-aware splitting
  /// and lower-casing took a fifth of a whole harvest (bench/README.md).
  static func wordHashes(_ text: String) -> [UInt64] {
    var hashes: [UInt64] = []
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var inWord = false
    for var byte in text.utf8 {
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
    return hashes
  }

  /// Shingles beyond this many add little to a near-duplicate estimate and cost 128 mixes each.
  static let maxShingles = 4096

  /// The MinHash signature: for each permutation, the least hash over the shingles. The
  /// permutations are one 64-bit FNV-1a hash per shingle, remixed with per-slot odd multipliers.
  static func signature(_ words: [UInt64]) -> [UInt64] {
    var minimums = [UInt64](repeating: .max, count: permutations)
    let width = min(shingleWords, max(words.count, 1))
    let count = min(max(words.count - width + 1, 1), maxShingles)
    for start in 0..<count {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for word in words[start..<min(start + width, words.count)] {
        hash = (hash ^ word) &* 0x100_0000_01b3
      }
      for slot in 0..<permutations {
        let mixed = mix(hash &+ seeds[slot])
        if mixed < minimums[slot] { minimums[slot] = mixed }
      }
    }
    return minimums
  }

  static func similarity(_ one: [UInt64], _ two: [UInt64]) -> Double {
    Double(zip(one, two).count { $0 == $1 }) / Double(permutations)
  }

  private static let seeds: [UInt64] = (0..<permutations).map { mix(UInt64($0 + 1) &* 0x9e37_79b9_7f4a_7c15) }

  /// SplitMix64's finalizer: a cheap, well-spread 64-bit mix.
  private static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
