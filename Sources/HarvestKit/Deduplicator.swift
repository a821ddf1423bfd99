/// Drops exact and near duplicates across all kinds, keeping the first pair seen (the harvest
/// feeds pairs oldest first, so the original stays and later copies go).
///
/// The fingerprints come precomputed from the workers (`Fingerprint`); what is left here is the
/// cheap, ordered part: an exact-hash set and LSH buckets over the signature, banded `bands` ×
/// `rows`. A candidate sharing a band is a near duplicate when at least `threshold` of the
/// signature bins agree.
struct Deduplicator {
  static let bands = 32
  static let rows = 4

  let threshold: Double
  private var exact: Set<Fingerprint.Exact> = []
  /// LSH buckets as chains in flat arrays (a dictionary of arrays meant half a million small
  /// arrays for a 5,000-commit history, a fifth of a second just to free): a band key (the band
  /// number mixed with its rows' values) → the newest entry with it; an entry is
  /// `kept index × bands + band`, and `previous[entry]` is the entry before it with the same key.
  private var newest: [UInt64: Int32] = [:]
  private var previous: [Int32] = []
  private var kept: [Fingerprint] = []

  init(threshold: Double = 0.85) { self.threshold = threshold }

  /// Why the pair with `fingerprint` is a duplicate of something already admitted, or nil (and
  /// it is admitted).
  mutating func check(_ fingerprint: Fingerprint) -> DropReason? {
    if exact.contains(fingerprint.exact) { return .exactDuplicate }
    var keys: [UInt64] = []
    keys.reserveCapacity(Self.bands)
    for band in 0..<Self.bands {
      var key = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
      for slot in (band * Self.rows)..<((band + 1) * Self.rows) {
        key = Fingerprint.mix(key ^ UInt64(fingerprint.signature[slot]))
      }
      keys.append(key)
      var entry = newest[key] ?? -1
      while entry >= 0 {
        if fingerprint.similarity(to: kept[Int(entry) / Self.bands]) >= threshold { return .nearDuplicate }
        entry = previous[Int(entry)]
      }
    }
    exact.insert(fingerprint.exact)
    let first = Int32(kept.count * Self.bands)
    kept.append(fingerprint)
    for (band, key) in keys.enumerated() {
      let entry = first + Int32(band)
      previous.append(newest[key] ?? -1)
      newest[key] = entry
    }
    return nil
  }
}
