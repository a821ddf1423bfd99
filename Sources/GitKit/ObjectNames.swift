import Foundation

/// Which object names start with a given prefix, answered as git answers it when it abbreviates:
/// pack indexes are binary-searched through memory maps and each loose-object folder is listed
/// once. (libgit2's `git_odb_exists_prefix` lists the loose folder again on every call: two
/// calls per changed file doubled the system time of a 2,000-file diff.)
final class ObjectNames {
  private let packs: [PackIndex]
  private let objectFolders: [String]
  /// Loose object names by their first byte, each folder listed on first use.
  private var loose: [UInt8: [[UInt8]]] = [:]

  init(objectsFolder: String) {
    objectFolders = Self.folders(from: objectsFolder)
    packs = objectFolders.flatMap { folder in Self.indexPaths(in: folder).compactMap(PackIndex.init(path:)) }
  }

  /// The first pack index (of a pack that is there) that fails `PackIndex`'s checks, if any.
  /// libgit2 1.5 trusts an index's object count in arithmetic that wraps, and then reads past the
  /// file, so a repository with such an index is refused before libgit2 opens its packs.
  static func damagedPackIndex(objectsFolder: String) -> String? {
    for folder in folders(from: objectsFolder) {
      for path in indexPaths(in: folder) where FileManager.default.fileExists(atPath: String(path.dropLast(4)) + ".pack") {
        if PackIndex(path: path) == nil { return path }
      }
    }
    return nil
  }

  private static func indexPaths(in folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/pack")) ?? []).sorted()
      .filter { $0.hasSuffix(".idx") }.map { folder + "/pack/" + $0 }
  }

  /// The objects folder and those of its alternates (git follows them five levels deep).
  private static func folders(from objectsFolder: String) -> [String] {
    var folders: [String] = []
    func add(_ folder: String, depth: Int) {
      guard depth <= 5, !folders.contains(folder) else { return }
      folders.append(folder)
      guard let alternates = try? String(contentsOfFile: folder + "/info/alternates", encoding: .utf8) else { return }
      for line in alternates.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
        add(line.hasPrefix("/") ? String(line) : folder + "/" + line, depth: depth + 1)
      }
    }
    add(objectsFolder, depth: 0)
    return folders
  }

  /// Objects in all pack indexes: what git's `repo_approximate_object_count` counts.
  var packedCount: Int { packs.reduce(0) { $0 + $1.count } }

  /// Whether an object other than `id` starts with the same first `length` hex digits.
  func isAmbiguous(_ id: ObjectID, length: Int) -> Bool {
    let name = id.bytes
    if packs.contains(where: { $0.hasOther(than: name, sharing: length) }) { return true }
    return looseNames(startingWith: name[0]).contains { $0 != name && Self.share(length, $0, name) }
  }

  private func looseNames(startingWith first: UInt8) -> [[UInt8]] {
    if let known = loose[first] { return known }
    let folder = String(format: "%02x", first)
    var names: [[UInt8]] = []
    for objects in objectFolders {
      for entry in (try? FileManager.default.contentsOfDirectory(atPath: objects + "/" + folder)) ?? [] where entry.utf8.count == 38 {
        if let id = ObjectID(hex: folder + entry) { names.append(id.bytes) }
      }
    }
    loose[first] = names
    return names
  }

  /// Whether two 20-byte names agree on their first `length` hex digits.
  static func share(_ length: Int, _ a: [UInt8], _ b: [UInt8]) -> Bool {
    let whole = min(length / 2, 20)
    for index in 0..<whole where a[index] != b[index] { return false }
    return length % 2 == 0 || whole >= 20 || a[whole] >> 4 == b[whole] >> 4
  }
}

/// One pack index (`.idx`), mapped into memory: its sorted object names and fan-out table.
///
/// The file is outside data: a truncated or corrupt one (a copy cut short, a disk error) is
/// checked whole when it is opened, so that every read later stays inside the file, and one that
/// fails the checks is left out (abbreviations then count only the other packs).
struct PackIndex {
  private let data: Data
  let count: Int
  private let fanoutStart: Int
  private let namesStart: Int
  /// Bytes from one name to the next (version 1 interleaves a 4-byte offset before each name).
  private let stride: Int

  init?(path: String) {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
    self.init(data: data)
  }

  init?(data: Data) {
    let isVersion2 = data.prefix(4).elementsEqual([0xFF, 0x74, 0x4F, 0x63])
    fanoutStart = isVersion2 ? 8 : 0
    namesStart = isVersion2 ? 8 + 1024 : 1024 + 4
    stride = isVersion2 ? 20 : 24
    self.data = data
    guard data.count >= fanoutStart + 1024, !isVersion2 || Self.word(data, 4) == 2 else { return nil }
    // The fan-out table counts the names up to each first byte, so it never goes down; its last
    // entry is the number of names. A table that does go down would send a search outside them.
    var previous = 0
    for slot in 0..<256 {
      let entry = Self.word(data, fanoutStart + slot * 4)
      guard entry >= previous else { return nil }
      previous = entry
    }
    count = previous
    // Every name must lie inside the file (version 1 ends on a name; its 4-byte offset comes first).
    let (namesSize, overflow) = count.multipliedReportingOverflow(by: stride)
    guard !overflow, namesStart + namesSize <= data.count + (isVersion2 ? 0 : 4) else { return nil }
  }

  private static func word(_ data: Data, _ offset: Int) -> Int {
    data[data.startIndex + offset..<data.startIndex + offset + 4].reduce(0) { $0 << 8 | Int($1) }
  }

  private func name(_ index: Int) -> [UInt8] {
    let start = data.startIndex + namesStart + index * stride
    return [UInt8](data[start..<start + 20])
  }

  /// Whether a name other than `id` shares its first `length` hex digits. Names sharing a prefix
  /// sit together in sorted order, so one of them, if any, is right beside where `id` sorts.
  func hasOther(than id: [UInt8], sharing length: Int) -> Bool {
    let first = Int(id[0])
    var low = first == 0 ? 0 : Self.word(data, fanoutStart + (first - 1) * 4)
    var high = Self.word(data, fanoutStart + first * 4)
    let end = high, begin = low
    while low < high {
      let middle = (low + high) / 2
      if name(middle).lexicographicallyPrecedes(id) { low = middle + 1 } else { high = middle }
    }
    var neighbours = [low - 1, low]
    if low < end && name(low) == id { neighbours.append(low + 1) }
    return neighbours.contains { index in
      guard index >= begin && index < end else { return false }
      let other = name(index)
      return other != id && ObjectNames.share(length, other, id)
    }
  }
}
