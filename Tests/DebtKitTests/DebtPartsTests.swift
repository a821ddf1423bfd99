import Foundation
import Testing

@testable import DebtKit

@Suite("Debt parts: windows, shapes, answers")
struct DebtPartsTests {
  @Test func shapeCountsCodeLinesNestingAndMarkers() {
    let text = "def f(x):\n\n    if x:\n\t\treturn 1  # TODO: simplify\n    return 2\r\n   \n# FIXME and HACK\n"
    let shape = CodeShape(text: text)
    #expect(shape.lines == 5)
    #expect(shape.indentation == 0 + 1 + 2 + 1 + 0)
    #expect(shape.deepestIndentation == 2)
    // A line counts once per marker word it holds.
    #expect(shape.markers == 3)
    #expect(CodeShape(text: "").lines == 0)
    #expect(CodeShape(text: "").meanIndentation == 0)
  }

  @Test func answersAreReadStrictly() throws {
    let good = """
      ```json
      {"summary": "Too much in one function.", "items": [
        {"title": "Split parse()", "severity": "HIGH", "line": 3, "suggestion": "Extract the loop."},
        {"title": "", "severity": "low", "suggestion": "untitled"},
        {"title": "Odd severity", "severity": "urgent", "suggestion": "x"},
        {"title": "Line past the end", "severity": "low", "line": 99, "suggestion": "y"}
      ]}
      ```
      """
    let assessment = try #require(DebtAssessment.parse(good, lineCount: 10, alias: "tiny", model: "m"))
    #expect(assessment.summary == "Too much in one function.")
    #expect(assessment.items.map(\.title) == ["Split parse()", "Line past the end"])
    #expect(assessment.items[0].severity == "high")
    #expect(assessment.items[0].line == 3)
    #expect(assessment.items[1].line == nil)
    #expect(DebtAssessment.parse("not json", lineCount: 10, alias: "a", model: "m") == nil)
    #expect(DebtAssessment.parse(#"{"items": []}"#, lineCount: 10, alias: "a", model: "m") == nil)
  }

  @Test func promptNumbersLinesAndStopsAtTheBudget() {
    var history = FileHistory(path: "a.py")
    history.revisions = 3
    let spot = Hotspot(history: history, shape: CodeShape(text: "x = 1\n"))
    let text = (1...200).map { "line \($0)" }.joined(separator: "\n")
    let prompt = DebtAssessment.prompt(spot, text: text, budget: 600)
    #expect(prompt.contains("File: a.py"))
    #expect(prompt.contains("1| line 1\n"))
    #expect(!prompt.contains("| line 200"))
    #expect(prompt.hasSuffix("(The file goes on; only its beginning fits.)\n"))
    #expect(prompt.utf8.count < 700)
  }

  @Test func proseAndDataAreNotCode() {
    #expect(DebtAnalyzer.isProseOrData("docs/README.md"))
    #expect(DebtAnalyzer.isProseOrData("config/app.YAML"))
    #expect(!DebtAnalyzer.isProseOrData("src/main.swift"))
    #expect(!DebtAnalyzer.isProseOrData("Makefile"))
    #expect(!DebtAnalyzer.isProseOrData(".bashrc"))
    #expect(DebtAnalyzer.path("src/a/b.py", isUnder: "src"))
    #expect(DebtAnalyzer.path("src/a/b.py", isUnder: "src/"))
    #expect(!DebtAnalyzer.path("srcs/b.py", isUnder: "src"))
    #expect(DebtAnalyzer.path("b.py", isUnder: "."))
  }
}
