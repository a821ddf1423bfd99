import ConfigKit
import PrivacyKit

/// A pair that passed the checks needing no other pair (scrubbed, secret-free, under the token
/// cap), with its dedup fingerprint and its encoded record. The texts themselves are not kept:
/// the record holds them, and a harvest of a long history would otherwise hold them twice.
struct PreparedPair: Sendable {
  var kind: DatasetKind
  var commit: String
  var time: Int64
  var estimatedTokens: Int
  var fingerprint: Fingerprint
  /// The JSON line, line feed included.
  var record: [UInt8]
}

/// The per-pair checks, run on the worker that built the pair so the ordered part of the
/// harvest (dedup) only compares fingerprints.
struct PairScreen: Sendable {
  let scrubber = SecretScrubber()
  let maxTokens: Int
  let format: DatasetFormat

  /// The prepared pair, or why it is dropped: a secret the scrubber could not mask, or too long.
  func prepare(_ pair: TrainingPair) -> ScreenedPair {
    var pair = pair
    // A text the scrubber left as it was holds nothing it finds; only a changed one is checked
    // again (a secret the masking missed, say one split by a placeholder, still drops the pair).
    var changed: [String] = []
    for text in [\TrainingPair.system, \.user, \.assistant] {
      let result = scrubber.scrub(pair[keyPath: text])
      if !result.matches.isEmpty {
        pair[keyPath: text] = result.text
        changed.append(result.text)
      }
    }
    if changed.contains(where: scrubber.containsSecret) { return .dropped(.secret) }
    let tokens = pair.estimatedTokens
    if tokens > maxTokens { return .dropped(.tokenCap) }
    return .prepared(
      PreparedPair(
        kind: pair.kind, commit: pair.commit, time: pair.time, estimatedTokens: tokens,
        fingerprint: pair.fingerprint, record: RecordFormat.line(pair, format: format)))
  }
}

/// A pair after the per-pair checks: prepared, or why it was dropped.
enum ScreenedPair: Sendable {
  case prepared(PreparedPair)
  case dropped(DropReason)
}
