import Foundation
import TestSupport
import Testing

@testable import GitKit

/// A pack index is a repository file, so outside data: cut short or corrupt, it must give an
/// error or be left out, never send a read outside the file (which traps).
@Suite("A truncated or corrupt pack .idx")
struct PackIndexTests {
  /// A repository whose objects are all in one pack (`git gc`), its .idx path and its HEAD.
  private func packedRepository() throws -> (GitFixture, String, ObjectID) {
    let repo = try GitFixture()
    for index in 0..<20 {
      try repo.write("f\(index).txt", "file \(index)\n")
      try repo.commitAll("commit \(index)")
    }
    try repo.git(["gc", "-q"])
    let packs = repo.path + "/.git/objects/pack"
    let index = try #require(try FileManager.default.contentsOfDirectory(atPath: packs).first { $0.hasSuffix(".idx") })
    let head = try #require(ObjectID(hex: try repo.revParse("HEAD")))
    return (repo, packs + "/" + index, head)
  }

  /// The damaged forms of one good index.
  private func damaged(_ good: Data) -> [(String, Data)] {
    var descending = good
    // A fan-out that climbs past the names and then drops back to the real count: the old
    // reader took the last entry for the count and searched names far outside the file.
    for slot in 0..<255 {
      let value = UInt32(0xFFFF_FF00) + UInt32(slot)
      let offset = 8 + slot * 4
      descending.replaceSubrange(offset..<offset + 4, with: withUnsafeBytes(of: value.bigEndian) { Data($0) })
    }
    var huge = good
    huge.replaceSubrange(8 + 255 * 4..<8 + 256 * 4, with: Data([0xFF, 0xFF, 0xFF, 0xFF]))
    return [
      ("cut inside the fan-out", good.prefix(1030)),
      ("cut inside the names", good.prefix(8 + 1024 + 30)),
      ("cut to its header", good.prefix(8)),
      ("empty", Data()),
      ("a fan-out that goes down", descending),
      ("a count past the file", huge),
    ]
  }

  @Test func aDamagedIndexIsLeftOutNotRead() throws {
    let (repo, path, head) = try packedRepository()
    let good = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(PackIndex(data: good)?.count ?? 0 >= 60)
    // The good index reads as before: abbreviations from the pack, and a diff.
    let repository = try Repository(at: repo.path)
    #expect(Abbreviation(repository: repository).shortID(head).count == 7)
    #expect(try repository.diff(.commits(base: try repository.firstParent(of: head), head: head)).files.count == 1)
    for (number, (name, data)) in damaged(good).enumerated() {
      #expect(PackIndex(data: data) == nil, "\(name)")
      // Each damage in a clone of its own: libgit2 keeps the packs it opened, by path, for the
      // whole process.
      let clone = repo.scratch("clone-\(number)")
      try repo.git(["clone", "-q", "--no-local", repo.path, clone])
      let packs = clone + "/.git/objects/pack"
      let index = try #require(try FileManager.default.contentsOfDirectory(atPath: packs).first { $0.hasSuffix(".idx") })
      try FileManager.default.removeItem(atPath: packs + "/" + index)
      try data.write(to: URL(fileURLWithPath: packs + "/" + index))
      // libgit2 would wrap the count and read past the file; the repository is refused instead.
      do {
        _ = try Repository(at: clone)
        Issue.record("\(name): a repository with a damaged pack index opened")
      } catch {
        #expect(error.description.contains(index) && error.description.contains("is damaged"), "\(name): \(error)")
      }
    }
  }
}
