import ConfigKit

/// Content fingerprints for unit ids and cache keys.
enum ContentHash {
  static func hex(_ text: String) -> String { SHA256.hex(Array(text.utf8)) }
}
