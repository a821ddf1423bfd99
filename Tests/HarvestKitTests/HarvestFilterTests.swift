import ConfigKit
import Foundation
import GitKit
import HarvestKit
import PrivacyKit
import TestSupport
import Testing

@Suite("Harvest: filters, dedup, secrets")
struct HarvestFilterTests {
  @Test func everyFilterIsCounted() throws {
    let repo = try DatedFixture()
    try repo.commit("Add the parser module skeleton", files: ["parser.py": "def parse(text):\n    return text\n"])
    try repo.commit("wip", files: ["parser.py": "def parse(text):\n    return text.strip()\n"])
    try repo.commit("Bump lodash from 4.17.20 to 4.17.21", files: ["notes.txt": "bump\n"], author: "dependabot[bot]")
    try repo.commit("Revert \"wip\"\n\nThis reverts commit 0000000.", files: ["parser.py": "def parse(text):\n    return text\n"])
    try repo.commit("Record an empty checkpoint commit")
    try repo.commit("Refresh the npm lock file only", files: ["package-lock.json": "{\"lockfileVersion\": 3}\n"])
    try repo.fixture.write("logo.png", Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2]))
    try repo.commit("Add the project logo image file")
    try repo.commit(
      "Add a data table with long rows",
      files: ["table.py": (0..<8).map { "ROW\($0) = '\(String(repeating: "x", count: $0 == 3 ? 1200 : 10))'\n" }.joined()])
    try repo.fixture.write("latin.py", Data("# caf\u{E9}\n".utf8.map { $0 }.dropLast(3) + [0xE9, 0x0A]))
    try repo.commit("Add a Latin-1 encoded source file")
    try repo.commit("Generate a very large constants table", files: ["big.py": (0..<700).map { "C\($0) = \($0)\n" }.joined()])
    let (report, _) = try repo.harvest { $0.kinds = [.commitMessage] }
    let sheet = report.datasheet
    #expect(sheet.droppedCommits["trivial_message"] == 1)
    #expect(sheet.droppedCommits["bot"] == 1)
    #expect(sheet.droppedCommits["revert"] == 1)
    #expect(sheet.droppedCommits["empty"] == 1)
    #expect(sheet.droppedCommits["too_many_lines"] == 1)
    #expect(sheet.droppedFiles["lock_file"] == 1)
    #expect(sheet.droppedFiles["binary"] == 1)
    #expect(sheet.droppedFiles["long_lines"] == 1)
    #expect(sheet.droppedFiles["non_utf8"] == 1)
    #expect(sheet.droppedCommits["no_usable_files"] == 4)
    #expect(sheet.pairsKept == ["commit_message": 1])
    #expect(sheet.commitsSeen == 10)
  }

  @Test func workTreeAttributesDecideWhatIsLeftOut() throws {
    let repo = try DatedFixture()
    try repo.commit(
      "Mark the generated, vendored and opaque files",
      files: [
        ".gitattributes": "*.snap -diff\ngen/** linguist-generated\nthird_party/** linguist-vendored\n"
      ])
    try repo.commit("Record the parser snapshot for the tests", files: ["parser.snap": "snapshot of the parser output\n"])
    try repo.commit("Regenerate the protocol bindings from the schema", files: ["gen/proto.py": "MESSAGE = 1\n"])
    try repo.commit("Vendor the retry helper from upstream", files: ["third_party/retry.py": "def retry():\n    pass\n"])
    try repo.commit("Add the parser module skeleton", files: ["parser.py": "def parse(text):\n    return text\n"])
    let (report, _) = try repo.harvest { $0.kinds = [.commitMessage] }
    let sheet = report.datasheet
    #expect(sheet.droppedFiles["binary"] == 1)
    #expect(sheet.droppedFiles["generated"] == 1)
    #expect(sheet.droppedFiles["vendored"] == 1)
    #expect(sheet.droppedCommits["no_usable_files"] == 3)
    #expect(sheet.pairsKept == ["commit_message": 2])
  }

  @Test func tokenCapDropsLongPairs() throws {
    let repo = try DatedFixture()
    try repo.commit("Add a module with many small functions", files: ["many.py": (0..<200).map { "def f\($0)(): return \($0)\n" }.joined()])
    let (report, _) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.maxTokens = 200
    }
    #expect(report.datasheet.droppedPairs["token_cap"] == 1)
    #expect(report.counts["train.jsonl"] == 0)
  }

  @Test func plantedNearCopiesAreDropped() throws {
    let repo = try DatedFixture()
    let body = (0..<40).map { "    total = total + values[\($0)] * weights[\($0)]\n" }.joined()
    try repo.commit("Add the weighted sum routine for scoring", files: ["score.py": "def score(values, weights):\n    total = 0\n" + body])
    // An exact copy of the change in another file, and a near copy with one line changed.
    try repo.commit("Add the weighted sum routine for scoring", files: ["score2.py": "def score(values, weights):\n    total = 0\n" + body])
    try repo.commit("Add the weighted sum routine for ranking", files: ["score3.py": "def score(values, weights):\n    total = 1\n" + body])
    let (report, _) = try repo.harvest { $0.kinds = [.commitMessage] }
    let dropped = report.datasheet.droppedPairs
    #expect((dropped["exact_duplicate"] ?? 0) + (dropped["near_duplicate"] ?? 0) == 2)
    #expect(dropped["near_duplicate"] ?? 0 >= 1)
    #expect(report.counts["train.jsonl"] == 1)
  }

  static let planted = [
    "AKIAIOSFODNN7EXAMPLE", "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "sk-ant-api03-" + String(repeating: "Zx9", count: 30),
    "hunter2-Very-Secret-Pa55word",
    // 48 characters, a placeholder word inside: still a live AWS secret.
    "Kf83nQ0vLzR7tYw2" + "EXAMPLE" + "Pq4Hs9DmX1cVb6Nj8Ue5Ga3T0",
  ]

  @Test(arguments: DatasetFormat.allCases)
  func plantedSecretsNeverReachTheOutput(format: DatasetFormat) throws {
    let repo = try DatedFixture()
    try repo.commit("Add the settings loader for the service", files: ["settings.py": "def load():\n    return {}\n"])
    try repo.commit(
      "Fix crash when the settings key is missing\n\nUse key \(Self.planted[1]) for the test account.",
      files: ["settings.py": "AWS_KEY = '\(Self.planted[0])'\ndef load():\n    return {'k': AWS_KEY}\n"])
    try repo.commit(
      "Configure the API client with credentials",
      files: [
        "client.py":
          "ANTHROPIC = \"\(Self.planted[2])\"\npassword = \"\(Self.planted[3])\"\nAWS_SECRET_ACCESS_KEY = \"\(Self.planted[4])\"\n",
        "settings.py": "def load():\n    return {'k': 1}\n",
      ])
    let (report, out) = try repo.harvest {
      $0.format = format; $0.valRatio = 0.3; $0.testRatio = 0.2
    }
    #expect(report.counts.values.reduce(0, +) > 0)
    let scrubber = SecretScrubber()
    for name in try FileManager.default.contentsOfDirectory(atPath: out) {
      let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
      #expect(!scrubber.containsSecret(text), "\(name) holds a secret")
      for value in Self.planted { #expect(!text.contains(value), "\(name) holds \(value)") }
      // JSON escapes nothing in these values, but check the decoded records too.
      if name.hasSuffix(".jsonl") {
        for record in try records(out + "/" + name) {
          let flat = String(describing: record)
          for value in Self.planted { #expect(!flat.contains(value)) }
        }
      }
    }
  }
}
