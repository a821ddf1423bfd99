import FileSelectionKit
import Foundation
import GitKit
import TestSupport
import Testing

@testable import HarvestKit

@Suite("Harvest: review pairs are real defects in code")
struct HarvestReviewQualityTests {
  static let stack = """
    # A stack of items.
    def push(items, item):
        items.append(item)


    def top(items):
        # The newest item: the last one in the list.
        return items[len(items)]

    """
  static let body = "The last item is at len(items) - 1; indexing at len(items) raised IndexError on every call."

  /// One real fix among a typo in a README, a typo in a comment, a comment reworded, a
  /// requirements bump and a version bump: only the real fix becomes a review pair.
  @Test func onlyTheRealFixInCodeBecomesAReviewPair() throws {
    let repo = try DatedFixture()
    try repo.commit(
      "Add the stack module and its docs",
      files: [
        "stack.py": Self.stack, "README.md": "# Stack\n\nPush adn pop items.\n", "requirements.txt": "requests==2.31.0\n",
        "pkg/__init__.py": "__version__ = \"1.2.0\"\n",
      ])
    try repo.commit("Fixed a typo in the README", files: ["README.md": "# Stack\n\nPush and pop items.\n"])
    let commentTypo = Self.stack.replacingOccurrences(of: "newest item", with: "newst item")
    try repo.commit("Fix spelling in the comment of top", files: ["stack.py": commentTypo])
    try repo.commit("Fix the comment on top to say why", files: ["stack.py": Self.stack])
    try repo.commit("Bump requests to 2.32.3 to fix the TLS warning", files: ["requirements.txt": "requests==2.32.3\n"])
    try repo.commit("Bump version to 1.2.1 (fixes the release)", files: ["pkg/__init__.py": "__version__ = \"1.2.1\"\n"])
    let fixed = Self.stack.replacingOccurrences(of: "items[len(items)]", with: "items[len(items) - 1]")
    try repo.commit(
      "Fix off-by-one crash in top of stack\n\n\(Self.body)\n\nSigned-off-by: Ann Dev <ann@example.com>",
      files: ["stack.py": fixed])

    let (report, out) = try repo.harvest { $0.kinds = [.review] }
    let train = try records(out + "/train.jsonl")
    #expect(train.count == 1)
    let messages = try #require(train.first?["messages"] as? [[String: String]])
    let answer = try #require(messages[2]["content"])
    #expect(messages[1]["content"]?.contains("    return items[len(items)]\n") == true)
    #expect(answer.hasPrefix("What was wrong: Fix off-by-one crash in top of stack\n\n\(Self.body)\n\nWhere:\n"))
    #expect(answer.contains("- stack.py, in `def top(items)`: 1 line changed\n"))
    #expect(answer.contains("+    return items[len(items) - 1]"))
    #expect(!answer.contains("Signed-off-by") && !answer.contains("ann@example.com"))
    #expect(
      report.datasheet.droppedPairs == [
        "review_not_code": 2, "review_typo": 1, "review_comments_only": 1, "review_maintenance": 1,
      ])
    #expect(report.datasheet.pairsBuilt == ["review": 6])
    #expect(report.datasheet.pairsKept == ["review": 1])
  }

  /// A fix that also touches prose keeps only its code: the docs are not in the input or the diff.
  @Test func aFixWithDocsKeepsOnlyItsCode() throws {
    let repo = try DatedFixture()
    try repo.commit("Add the stack module and its docs", files: ["stack.py": Self.stack, "CHANGES.md": "# Changes\n"])
    let fixed = Self.stack.replacingOccurrences(of: "items[len(items)]", with: "items[len(items) - 1]")
    try repo.commit(
      "Fix off-by-one crash in top of stack", files: ["stack.py": fixed, "CHANGES.md": "# Changes\n\n- top() no longer crashes\n"])
    let (_, out) = try repo.harvest { $0.kinds = [.review] }
    let messages = try #require(try records(out + "/train.jsonl").first?["messages"] as? [[String: String]])
    #expect(messages[1]["content"]?.contains("CHANGES.md") == false)
    #expect(messages[2]["content"]?.contains("CHANGES.md") == false)
    #expect(messages[2]["content"]?.contains("diff --git a/stack.py b/stack.py") == true)
  }

  /// The other kinds still learn from the commits the review kind leaves out.
  @Test func otherKindsStillUseTheDroppedFixes() throws {
    let repo = try DatedFixture()
    try repo.commit("Add the readme for the stack", files: ["README.md": "# Stack\n\nPush adn pop items.\n"])
    try repo.commit("Fixed a typo in the README", files: ["README.md": "# Stack\n\nPush and pop items.\n"])
    let (report, _) = try repo.harvest { $0.kinds = [.commitMessage, .review] }
    #expect(report.datasheet.pairsKept == ["commit_message": 2])
    #expect(report.datasheet.droppedPairs == ["review_not_code": 1])
  }

  @Test func codePathsExcludeProseDataAndManifests() {
    for path in ["Sources/Stack.swift", "src/stack.py", "lib/a.rb", "cmd/main.go", "src/lib.rs", "app/Main.kt", "x/y.c"] {
      #expect(CodePath.isCode(path), "\(path)")
    }
    for path in [
      "README.md", "docs/index.rst", "NOTES.txt", "requirements.txt", "requirements-dev.txt", "package.json",
      "Cargo.toml", "go.mod", "Package.swift", "setup.py", "Cargo.lock", "docs/conf.py", "config.yaml", "Makefile",
    ] {
      #expect(!CodePath.isCode(path), "\(path)")
    }
  }

  @Test func subjectsThatAreNoDefect() {
    for subject in ["Fixed a typo", "Fix spelling of 'receive'", "fix: grammar in the error message", "Fix typos in comments"] {
      #expect(SubjectRules.isTypo(subject), "\(subject)")
    }
    for subject in [
      "Bump version to 2.0", "chore(deps): bump lodash from 4.17.20 to 4.17.21", "fix(deps): update requests",
      "Update requirements to fix the build", "Fix formatting", "Fix lint errors", "style: fix indentation",
      "Merge branch 'fix-crash' into main", "Merge pull request #12 from a/fix",
      "Merge fixes: the hook imports FileSelectionKit", "Upgrade dependencies to fix CI",
    ] {
      #expect(SubjectRules.isMaintenance(subject), "\(subject)")
    }
    for subject in [
      "Fix off-by-one in top()", "Fix crash in the spelling checker", "Fix version parsing crash on empty tags",
      "Bump the buffer size to fix the overflow", "fix(parser): handle empty input", "Update the parser to fix empty input",
    ] {
      #expect(!SubjectRules.isTypo(subject) && !SubjectRules.isMaintenance(subject), "\(subject)")
    }
  }

  @Test func contentThatIsNoDefect() {
    func lines(_ removed: [Substring], _ added: [Substring]) -> PatchLines {
      var patch = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,\(removed.count) +1,\(added.count) @@\n"
      for line in removed { patch += "-\(line)\n" }
      for line in added { patch += "+\(line)\n" }
      return PatchLines(patch: patch)
    }
    #expect(ContentRules.isWhitespaceOnly(lines(["  x = 1", "y=2"], ["    x = 1", "y = 2", ""])))
    #expect(!ContentRules.isWhitespaceOnly(lines(["x = 1"], ["x = 2"])))
    #expect(ContentRules.isCommentsOnly(lines(["# teh count", "x = 1  # teh"], ["# the count", "x = 1  # the"]), path: "a.py"))
    #expect(ContentRules.isCommentsOnly(lines(["  // retrys", "  * more"], ["  // retries", "  * most"]), path: "a.swift"))
    #expect(ContentRules.isCommentsOnly(lines(["-- old"], ["-- new"]), path: "a.lua"))
    // A changed string, a changed URL, a C preprocessor line: code, kept.
    #expect(!ContentRules.isCommentsOnly(lines(["s = \"# a\""], ["s = \"# b\""]), path: "a.py"))
    #expect(!ContentRules.isCommentsOnly(lines(["u = \"http://a\""], ["u = \"http://b\""]), path: "a.swift"))
    #expect(!ContentRules.isCommentsOnly(lines(["#define N 3"], ["#define N 4"]), path: "a.c"))
    #expect(!ContentRules.isCommentsOnly(lines(["x = 1 # a"], ["x = 2 # a"]), path: "a.py"))
    #expect(!ContentRules.isCommentsOnly(lines(["# a"], ["# b"]), path: "a.unknown"))
  }

  @Test func theAnswerNamesTheEnclosingDeclaration() {
    let source = """
      struct Heap {
        var items: [Int]

        /// The largest item.
        public func top() -> Int? {
          items.last
        }
      }

      let x = 1
      """
    #expect(EnclosingDeclaration.find(in: source, atLine: 6, indent: 4) == "public func top() -> Int?")
    #expect(EnclosingDeclaration.find(in: source, atLine: 2, indent: 2) == "struct Heap")
    // A line after the type ended is in no declaration.
    #expect(EnclosingDeclaration.find(in: source, atLine: 10, indent: 0) == nil)
    let patch =
      "diff --git a/h b/h\n--- a/h\n+++ b/h\n@@ -4,4 +4,4 @@ struct Heap {\n   /// The largest item.\n   public func top() -> Int? {\n-    items.last\n+    items.max()\n   }\n"
    let parsed = PatchLines(patch: patch)
    #expect(parsed.hunks.map(\.firstChangedLine) == [6])
    #expect(parsed.hunks.map(\.context) == ["struct Heap {"])
    #expect(parsed.removed == ["    items.last"] && parsed.added == ["    items.max()"])
    #expect(ReviewAnswer.size(removed: 1, added: 3) == "1 line changed, 2 added")
    #expect(ReviewAnswer.size(removed: 0, added: 2) == "2 lines added")
    #expect(ReviewAnswer.size(removed: 3, added: 1) == "1 line changed, 2 removed")
  }

  @Test func theExplanationIsTheBodyWithoutTrailers() {
    let message =
      "Fix the race in the cache\n\nTwo writers could both miss and both store.\nNow the second waits.\n\nReviewed-by: A <a@b.c>\nChange-Id: I123\n(cherry picked from commit abc)\n"
    #expect(ReviewAnswer.explanation(message) == "Two writers could both miss and both store.\nNow the second waits.")
    #expect(ReviewAnswer.explanation("Fix the race in the cache\n") == "")
  }
}
