import Foundation
internal import CGit2

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

  init(repository: Repository) {
    switch repository.configString("core.abbrev")?.lowercased() {
    case nil, "auto"?: minimum = Self.automatic(objects: Self.packedObjectCount(objectsFolder: repository.commonDirectory + "/objects"))
    case let text?:
      if ["no", "false", "off", "0"].contains(text) { minimum = 40 } else if let number = Int(text) {
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

  /// The objects in the pack indexes of `objectsFolder` and of its alternates, read from each
  /// index's fan-out table (its last entry is the object count).
  static func packedObjectCount(objectsFolder: String, depth: Int = 0) -> Int {
    let packs = objectsFolder + "/pack"
    var count = 0
    for name in (try? FileManager.default.contentsOfDirectory(atPath: packs)) ?? [] where name.hasSuffix(".idx") {
      count += indexObjectCount(packs + "/" + name) ?? 0
    }
    // git follows alternates five levels deep.
    guard depth < 5, let alternates = try? String(contentsOfFile: objectsFolder + "/info/alternates", encoding: .utf8) else { return count }
    for line in alternates.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
      let path = line.hasPrefix("/") ? String(line) : objectsFolder + "/" + line
      count += packedObjectCount(objectsFolder: path, depth: depth + 1)
    }
    return count
  }

  /// The object count of one pack index (version 2: a magic and version word before the
  /// fan-out table; version 1: the table first).
  static func indexObjectCount(_ path: String) -> Int? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let head = try? handle.read(upToCount: 8 + 256 * 4), head.count >= 256 * 4 else { return nil }
    let bytes = [UInt8](head)
    let isVersion2 = bytes.starts(with: [0xFF, 0x74, 0x4F, 0x63])
    let offset = (isVersion2 ? 8 : 0) + 255 * 4
    guard bytes.count >= offset + 4 else { return nil }
    return bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
  }

  /// `id` abbreviated to at least `minimum` digits and on until the prefix names only it. An all-zero
  /// name (the absent side of an added or deleted file) is shown as that many zeros, as git does.
  func shortID(_ id: ObjectID, in repository: Repository) -> String {
    let hex = id.hex
    guard id != .zero, minimum < hex.count else { return String(hex.prefix(minimum)) }
    var length = minimum
    while length < hex.count, repository.prefixIsAmbiguous(id, length: length) { length += 1 }
    return String(hex.prefix(length))
  }
}

extension Repository {
  /// Whether another object than `id` starts with its first `length` hex digits.
  func prefixIsAmbiguous(_ id: ObjectID, length: Int) -> Bool {
    var odb: OpaquePointer?
    guard git_repository_odb(&odb, pointer) == 0, let odb else { return false }
    defer { git_odb_free(odb) }
    var short = id.gitOID
    var found = git_oid()
    return git_odb_exists_prefix(&found, odb, &short, length) == GIT_EAMBIGUOUS.rawValue
  }
}
