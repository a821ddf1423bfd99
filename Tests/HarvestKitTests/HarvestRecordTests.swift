import ConfigKit
import Foundation
import GitKit
import HarvestKit
import TestSupport
import Testing

@Suite("Harvest: pairs and formats")
struct HarvestRecordTests {
  static let before = "def greet(name):\n    return 'hi ' + name\n"
  static let after = "def greet(name):\n    return 'Hello, ' + name + '!'\n"

  func twoCommits() throws -> DatedFixture {
    let repo = try DatedFixture()
    try repo.commit("Add a greeting helper for the CLI", files: ["greet.py": Self.before])
    try repo.commit("Make the greeting polite and exclaim", files: ["greet.py": Self.after])
    return repo
  }

  @Test(arguments: DatasetFormat.allCases)
  func exactCommitMessageRecords(format: DatasetFormat) throws {
    let repo = try twoCommits()
    let (_, out) = try repo.harvest {
      $0.kinds = [.commitMessage]; $0.format = format
    }
    let train = lines(out + "/train.jsonl")
    #expect(train.count == 2)
    let user =
      "Write the commit message for this change:\\n\\n```diff\\ndiff --git a/greet.py b/greet.py\\nindex 7a5c8ab..0b1c6bc 100644\\n--- a/greet.py\\n+++ b/greet.py\\n@@ -1,2 +1,2 @@\\n def greet(name):\\n-    return 'hi ' + name\\n+    return 'Hello, ' + name + '!'\\n```"
    let system = PairTemplates.commitMessageSystem
    let expected: String
    switch format {
    case .chat:
      expected =
        #"{"messages":[{"content":"\#(system)","role":"system"},{"content":"\#(user)","role":"user"},{"content":"Make the greeting polite and exclaim","role":"assistant"}]}"#
    case .alpaca:
      expected = #"{"input":"\#(user)","instruction":"\#(system)","output":"Make the greeting polite and exclaim"}"#
    case .completion:
      expected = #"{"completion":"Make the greeting polite and exclaim","prompt":"\#(system)\n\n\#(user)"}"#
    }
    // Blob ids depend only on content, so the index line is stable.
    let blobs = try ["HEAD~1:greet.py", "HEAD:greet.py"].map {
      try repo.fixture.git(["rev-parse", "--short=7", $0]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(train[1] == expected.replacingOccurrences(of: "7a5c8ab..0b1c6bc", with: "\(blobs[0])..\(blobs[1])"))
  }

  @Test func editPairHasWholeSmallFiles() throws {
    let repo = try twoCommits()
    let (_, out) = try repo.harvest { $0.kinds = [.edit] }
    let train = try records(out + "/train.jsonl")
    #expect(train.count == 1)  // the root commit added the file: nothing before it to edit
    let messages = try #require(train.first?["messages"] as? [[String: String]])
    #expect(messages.map { $0["role"] } == ["system", "user", "assistant"])
    #expect(messages[1]["content"] == "Make the greeting polite and exclaim\n\ngreet.py:\n```\n\(Self.before)```\n")
    #expect(messages[2]["content"] == "greet.py:\n```\n\(Self.after)```\n")
  }

  @Test func reviewPairsOnlyForFixes() throws {
    let repo = try DatedFixture()
    try repo.commit("Add the stack module with push", files: ["stack.py": "def top(items):\n    return items[len(items)]\n"])
    try repo.commit("Fix off-by-one crash in top of stack", files: ["stack.py": "def top(items):\n    return items[len(items) - 1]\n"])
    try repo.commit(
      "Document the stack module usage", files: ["stack.py": "# A stack.\ndef top(items):\n    return items[len(items) - 1]\n"])
    let (report, out) = try repo.harvest { $0.kinds = [.review] }
    let train = try records(out + "/train.jsonl")
    #expect(train.count == 1)
    let messages = try #require(train.first?["messages"] as? [[String: String]])
    #expect(messages[1]["content"]?.contains("return items[len(items)]\n") == true)
    #expect(messages[2]["content"]?.hasPrefix("What was wrong: Fix off-by-one crash in top of stack") == true)
    #expect(messages[2]["content"]?.contains("+    return items[len(items) - 1]") == true)
    #expect(report.datasheet.pairsKept == ["review": 1])
  }

  @Test func codePairsComeFromTheTrainingTree() throws {
    let repo = try DatedFixture()
    let source =
      "def area(width, height):\n    \"\"\"Return the area of a rectangle from its width and height.\"\"\"\n    return width * height\n"
    try repo.commit("Add geometry helpers for shapes", files: ["geo.py": source])
    let (report, out) = try repo.harvest { $0.kinds = [.code] }
    let train = try records(out + "/train.jsonl")
    #expect(train.count == 1)
    let messages = try #require(train.first?["messages"] as? [[String: String]])
    #expect(messages[1]["content"]?.contains("Return the area of a rectangle") == true)
    #expect(messages[2]["content"]?.contains("return width * height") == true)
    #expect(report.datasheet.codeTree == (try repo.fixture.revParse("HEAD")))
  }
}
