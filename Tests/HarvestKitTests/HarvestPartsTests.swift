import ConfigKit
import Foundation
import Testing

@testable import HarvestKit

@Suite("Harvest parts: fingerprints, dedup, text scans, records")
struct HarvestPartsTests {
  /// A deterministic text of `count` distinct words.
  private func words(_ count: Int, seed: Int = 0) -> [String] {
    (0..<count).map { "w\(($0 * 7919 + seed * 104_729) % 100_003)" }
  }

  @Test func exactFingerprintIgnoresCaseAndSpacingOnly() {
    let one = Fingerprint("Fix the  Parser\tfor CRLF", "input")
    #expect(one.exact == Fingerprint("fix the parser for crlf\ninput").exact)
    #expect(one.exact != Fingerprint("fix the parser for lf", "input").exact)
    // Parts read as one text with a line break between them.
    #expect(Fingerprint("a b", "c").exact == Fingerprint("a b\nc").exact)
    #expect(Fingerprint("a b", "c").exact != Fingerprint("a bc").exact)
  }

  @Test func similarityTracksJaccard() {
    let base = words(400)
    // One word in forty changed: each change touches five shingles, so about 88% stay shared.
    var near = base
    for index in stride(from: 0, to: near.count, by: 40) { near[index] = "changed\(index)" }
    let a = Fingerprint(base.joined(separator: " "))
    let nearSimilarity = a.similarity(to: Fingerprint(near.joined(separator: " ")))
    #expect(nearSimilarity > 0.7)
    #expect(a.similarity(to: Fingerprint(words(400, seed: 1).joined(separator: " "))) < 0.1)
    #expect(a.similarity(to: a) == 1)
  }

  @Test func dedupKeepsTheFirstAndDropsCopies() {
    var dedup = Deduplicator()
    let base = words(300).joined(separator: " ")
    var near = words(300)
    near[150] = "different"
    #expect(dedup.check(Fingerprint(base)) == nil)
    #expect(dedup.check(Fingerprint(base.uppercased())) == .exactDuplicate)
    #expect(dedup.check(Fingerprint(near.joined(separator: " "))) == .nearDuplicate)
    #expect(dedup.check(Fingerprint(words(300, seed: 2).joined(separator: " "))) == nil)
    // Short texts get no free pass and no false match either.
    #expect(dedup.check(Fingerprint("one two")) == nil)
    #expect(dedup.check(Fingerprint("three four")) == nil)
    #expect(dedup.check(Fingerprint("")) == nil)
    #expect(dedup.check(Fingerprint("  ")) == .exactDuplicate)
  }

  @Test func lineScans() {
    #expect(TextScan.lineFeeds(in: "") == 0)
    #expect(TextScan.lineFeeds(in: "a\nb\n\nc") == 3)
    let limit = 10
    #expect(!TextScan.hasLine(in: String(repeating: "x", count: 10) + "\n" + String(repeating: "y", count: 10), longerThan: limit))
    #expect(TextScan.hasLine(in: "short\n" + String(repeating: "y", count: 11), longerThan: limit))
    // Characters, not bytes: ten two-byte letters fit, eleven do not.
    #expect(!TextScan.hasLine(in: String(repeating: "é", count: 10), longerThan: limit))
    #expect(TextScan.hasLine(in: String(repeating: "é", count: 11) + "\n", longerThan: limit))
  }

  @Test(arguments: DatasetFormat.allCases)
  func recordsRoundTrip(format: DatasetFormat) throws {
    let pair = TrainingPair(
      kind: .edit, system: PairTemplates.editSystem,
      user: "Quote \" backslash \\ tab \t bell \u{07} del \u{7F} é 日本 /path\n", assistant: "done\r\n", commit: "c", time: 1)
    let line = RecordFormat.line(pair, format: format)
    #expect(line.last == 0x0A)
    #expect(line.dropLast().allSatisfy { $0 != 0x0A })
    let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
    #expect(object != nil)
    let back = try #require(RecordFormat.pair(fromLine: line, format: format))
    #expect(back.system == pair.system)
    #expect(back.user == pair.user)
    #expect(back.assistant == pair.assistant)
  }
}
