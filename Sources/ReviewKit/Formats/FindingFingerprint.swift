/// A stable identity for a finding across runs, for SARIF `partialFingerprints`: code scanning
/// uses it to recognise the same alert after the code around it moved. Built from path, category
/// and title, not lines, so an alert survives edits above it.
enum FindingFingerprint {
  /// The `partialFingerprints` key; versioned so a new recipe never collides with old alerts.
  static let key = "gitLlmFinding/v1"

  /// 16 hex digits of 64-bit FNV-1a over the NUL-separated fields (NUL cannot occur in a git
  /// path, so the fields cannot run together). Chosen for being tiny and fixed forever, not for
  /// secrecy: nothing here needs a cryptographic hash.
  static func of(_ finding: Finding) -> String {
    var bytes: [UInt8] = Array(finding.path.utf8)
    for field in [finding.category, finding.title] { bytes += [0] + Array(field.utf8) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
