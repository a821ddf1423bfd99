import Foundation
import GitKit
import TestSupport
import Testing

@testable import DebtKit

@Suite("Debt: history joined with shape")
struct DebtAnalyzerTests {
  /// A history with known churn: dates one day apart from 2025-01-01, two authors.
  private final class History {
    let repo: GitFixture
    private var day = 0
    init() throws { repo = try GitFixture() }

    @discardableResult
    func commit(_ message: String, author: String = "ada", files: [String: String] = [:], remove: [String] = []) throws -> String {
      for (path, text) in files { try repo.write(path, text) }
      for path in remove { try FileManager.default.removeItem(atPath: repo.path + "/" + path) }
      day += 1
      let date = "@\(1_735_689_600 + day * 86_400) +0000"
      return try repo.commitAll(
        message,
        environment: [
          "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "\(author)@example.com",
        ])
    }
  }

  private func nested(_ depth: Int, lines: Int) -> String {
    (0..<lines).map { String(repeating: "    ", count: $0 % (depth + 1)) + "x\($0) = \($0)" }.joined(separator: "\n") + "\n"
  }

  private func analyze(_ history: History, since: Int64 = 0, top: Int = 10, paths: [String] = [], excludes: [String] = []) throws
    -> DebtReport
  {
    let options = DebtOptions(since: "test", sinceTime: since, top: top, paths: paths, excludes: excludes, workers: 2)
    return try DebtAnalyzer(options: options).hotspots(repository: try Repository(at: history.repo.path)).report
  }

  @Test func countsRevisionsChurnAuthorsAndFixes() throws {
    let history = try History()
    try history.commit("Add the parser", files: ["src/parser.py": nested(3, lines: 40), "src/util.py": "a = 1\n"])
    try history.commit("Fix a crash in the parser", author: "bob", files: ["src/parser.py": nested(3, lines: 44)])
    try history.commit("Tidy the util", files: ["src/util.py": "a = 2\n"])
    try history.commit("Fix the parser again", files: ["src/parser.py": nested(3, lines: 50)])
    let report = try analyze(history)
    #expect(report.commits == 4)
    let parser = try #require(report.hotspots.first)
    #expect(parser.history.path == "src/parser.py")
    #expect(parser.history.revisions == 3)
    #expect(parser.history.authors == ["ada@example.com", "bob@example.com"])
    #expect(parser.history.fixes == 2)
    #expect(parser.history.linesAdded == 40 + 4 + 6)
    #expect(parser.score == 100)
    #expect(parser.shape.lines == 50)
    #expect(parser.shape.deepestIndentation == 3)
    #expect(report.hotspots.map(\.history.path) == ["src/parser.py", "src/util.py"])
    #expect(report.hotspots[1].history.revisions == 2)
  }

  @Test func historyFollowsRenames() throws {
    let history = try History()
    try history.commit("Add the engine", files: ["old/engine.py": nested(2, lines: 30)])
    try history.commit("Grow the engine", files: ["old/engine.py": nested(2, lines: 31)])
    try FileManager.default.createDirectory(atPath: history.repo.path + "/core", withIntermediateDirectories: true)
    _ = try history.repo.git(["mv", "old/engine.py", "core/engine.py"])
    try history.commit("Move the engine to core")
    try history.commit("Grow the engine more", files: ["core/engine.py": nested(2, lines: 33)])
    let report = try analyze(history)
    #expect(report.hotspots.map(\.history.path) == ["core/engine.py"])
    #expect(report.hotspots.first?.history.revisions == 4)
  }

  @Test func windowTopPathsAndFiltersNarrowTheList() throws {
    let history = try History()
    try history.commit("Add old code", files: ["src/old.py": nested(1, lines: 10)])
    let cutoff = Int64(1_735_689_600 + 2 * 86_400)
    try history.commit(
      "Add the app",
      files: [
        "src/app.py": nested(2, lines: 20), "lib/helper.py": nested(1, lines: 5), "docs/guide.md": "# Guide\n",
        "vendor/dep.py": nested(4, lines: 80), "package-lock.json": "{}\n", "gen/api.py": nested(2, lines: 20),
      ])
    try history.commit(
      "Change the app",
      files: ["src/app.py": nested(2, lines: 22), "lib/helper.py": nested(1, lines: 6), "docs/guide.md": "# Guide\nMore.\n"])
    let all = try analyze(history, since: cutoff, excludes: ["gen/**"])
    // Old history is outside the window; prose, lock, vendored and excluded files are not hotspots.
    #expect(all.hotspots.map(\.history.path) == ["src/app.py", "lib/helper.py"])
    #expect(all.commits == 2)
    // Every changed file that still exists counts, the ones the filters then leave out too.
    #expect(all.filesChanged == 6)
    #expect(try analyze(history, since: cutoff, top: 1).hotspots.count == 1)
    #expect(try analyze(history, since: cutoff, paths: ["lib"]).hotspots.map(\.history.path) == ["lib/helper.py"])
    #expect(try analyze(history, since: Int64(1_735_689_600 + 100 * 86_400)).hotspots.isEmpty)
  }

  @Test(arguments: DebtFormat.allCases)
  func everyFormatShowsTheRanking(format: DebtFormat) throws {
    let history = try History()
    try history.commit("Add the app", files: ["src/app.py": nested(2, lines: 20)])
    try history.commit("Fix the app", files: ["src/app.py": nested(2, lines: 21)])
    var report = try analyze(history)
    report.hotspots[0].assessment = DebtAssessment(
      summary: "One long function.", items: [.init(title: "Split run()", severity: "medium", line: 4, suggestion: "Extract the loop.")],
      alias: "tiny", model: "m")
    let text = format.render(report)
    #expect(text.contains("src/app.py"))
    #expect(text.contains("Split run()"))
    if format == .json {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
      let spots = try #require(object["hotspots"] as? [[String: Any]])
      #expect(spots.first?["rank"] as? Int == 1)
      #expect(spots.first?["revisions"] as? Int == 2)
      #expect(spots.first?["fixes"] as? Int == 1)
      #expect((spots.first?["assessment"] as? [String: Any])?["alias"] as? String == "tiny")
    }
  }
}
