import Foundation

/// How long git abbreviates object names in `index` lines, the way `git diff` does it:
///
/// - `core.abbrev` set to a number (4 to 40) is the minimum; `no` (or `false`) means all 40
///   digits; unset or `auto` scales with the repository: with about 2^n packed objects git
///   expects a collision at 2^(n/2), so it takes ceil((msb(count) + 1) / 2) hex digits, never
///   fewer than 7 (git's `find_unique_abbrev_r`, counting objects as
///   `repo_approximate_object_count` does: the objects in pack indexes, alternates included);
/// - a name is lengthened until no other object shares the prefix.
struct Abbreviation {
  let minimum: Int
  private let names: ObjectNames

  init(repository: Repository) {
    names = ObjectNames(objectsFolder: repository.commonDirectory + "/objects")
    switch repository.configString("core.abbrev")?.lowercased() {
    case nil, "auto"?: minimum = Self.automatic(objects: names.packedCount)
    case let text?:
      if ["no", "false", "off", "0"].contains(text) {
        minimum = 40
      } else if let number = Int(text) {
        minimum = min(40, max(4, number))
      } else {
        minimum = 7
      }
    }
  }

  /// git's automatic length for a repository of about `objects` packed objects.
  static func automatic(objects: Int) -> Int {
    guard objects > 0 else { return 7 }
    let bits = Int.bitWidth - objects.leadingZeroBitCount  // msb + 1
    return max(7, (bits + 1) / 2)
  }

  /// `id` abbreviated to at least `minimum` digits and on until the prefix names only it. An all-zero
  /// name (the absent side of an added or deleted file) is shown as that many zeros, as git does.
  func shortID(_ id: ObjectID) -> String {
    let hex = id.hex
    guard id != .zero, minimum < hex.count else { return String(hex.prefix(minimum)) }
    var length = minimum
    while length < hex.count, names.isAmbiguous(id, length: length) { length += 1 }
    return String(hex.prefix(length))
  }
}
