import ConfigKit
import Testing

@testable import ReviewKit

@Suite("Review format: text")
struct FormatTestsText {
  @Test func mixedReportGolden() {
    let expected = #"""
      docs/ré sumé.md:3: medium [documentation] Broken link
        Explained.
        (by ollama.default: ollama/qwen2.5-coder:7b)

      src/app.swift:7: low [correctness] Result ignored
        Explained.
        note: line 9 is not in the diff; moved to 7
        (by builtin: builtin/rules)

      src/db.swift:12-13: high [security] Query built from user input
        The name is pasted into the SQL text,
        so a quote in it changes the query.
          12 | let q = "SELECT * FROM t WHERE n = '" + name + "'"
          13 | return db.run(q)
        suggestion:
          let q = db.prepare("SELECT * FROM t WHERE n = ?", name)
        (by ollama.default: ollama/qwen2.5-coder:7b)

      src/db.swift:40: low [style] Line too long
        Explained.
        (by ollama.default: ollama/qwen2.5-coder:7b)

      4 findings: 1 high, 1 medium, 2 low
      fail-on high: 1 finding at high or above

      coverage:
        reviewed: 3 files
        skipped: 2 files
          Package.resolved: lock file
          assets/logo.png: binary
        answered by:
          1 unit by builtin (builtin/rules)
          2 units by ollama.default (ollama/qwen2.5-coder:7b)
        tokens: 1200 prompt, 240 completion (estimated 450)
        cached: 1 of 3 units
        notes:
          1 finding moved to the nearest changed line

      """#
    #expect(FormatFixtures.render(FormatFixtures.mixed, .text, failOn: .high) == expected)
  }

  @Test func emptyReportSaysNoFindingsWithCoverage() {
    let expected = """
      no findings

      coverage:
        reviewed: 1 file
        answered by:
          1 unit by ollama.default (ollama/qwen2.5-coder:7b)
        tokens: 50 prompt, 5 completion (estimated 150)
        cached: 0 of 1 unit

      """
    #expect(FormatFixtures.render(FormatFixtures.empty, .text) == expected)
  }

  @Test func incompleteWithoutFindingsLeadsWithTheFailure() {
    let expected = """
      INCOMPLETE review: 1 file could not be reviewed
      no findings in the parts reviewed

      coverage:
        reviewed: 0 files
        failed: 1 file could not be reviewed; the review is INCOMPLETE
          src/big.swift: every provider failed: ollama.default timed out after 60s
        answered by: nobody
        tokens: 0 prompt, 0 completion (estimated 150)
        cached: 0 of 1 unit

      """
    #expect(FormatFixtures.render(FormatFixtures.incompleteEmpty, .text) == expected)
  }

  @Test func builtinOnlyIsSaidPlainly() {
    let text = FormatFixtures.render(FormatFixtures.builtinOnly, .text)
    #expect(text.contains("\n  no model answered; the built-in rules reviewed this\n"))
    #expect(!FormatFixtures.render(FormatFixtures.mixed, .text).contains("no model answered"))
  }

  @Test func colourOnlyWhenAsked() {
    let plain = FormatFixtures.render(FormatFixtures.mixed, .text)
    #expect(!plain.contains("\u{1B}"))
    let coloured = FormatFixtures.render(FormatFixtures.mixed, .text, color: true)
    #expect(coloured.contains("\u{1B}[31mhigh\u{1B}[0m"))
    #expect(coloured.contains("\u{1B}[33mmedium\u{1B}[0m"))
    #expect(coloured.contains("\u{1B}[36mlow\u{1B}[0m"))
    #expect(coloured.contains("\u{1B}[1msrc/db.swift:12-13\u{1B}[0m"))
    let critical = FormatFixtures.render(FormatFixtures.builtinOnly, .text, color: true)
    #expect(critical.contains("\u{1B}[31mcritical\u{1B}[0m"))
    let incomplete = FormatFixtures.render(FormatFixtures.incomplete, .text, color: true)
    #expect(incomplete.contains("\u{1B}[1;31mINCOMPLETE review: 1 file could not be reviewed\u{1B}[0m"))
    // The other formats never colour.
    for format in ReportFormat.allCases where format != .text {
      #expect(!FormatFixtures.render(FormatFixtures.mixed, format, color: true).contains("\u{1B}"), "\(format)")
    }
  }

  @Test func modelTextCannotDriveTheTerminal() {
    var report = FormatFixtures.empty
    report.findings = [
      FormatFixtures.finding("a.swift", 1, 1, .low, "style", "Title\u{1B}[2J\rfake", explanation: "line one\r\nline two\u{9B}31m")
    ]
    let text = FormatFixtures.render(report, .text, color: false)
    #expect(!text.contains("\u{1B}") && !text.contains("\r") && !text.contains("\u{9B}"))
    #expect(text.contains("a.swift:1: low [style] Title\u{FFFD}[2J\u{FFFD}fake\n  line one\n  line two\u{FFFD}31m\n"))
  }

  @Test func longRangesQuoteAtMostEightLines() {
    var report = FormatFixtures.empty
    report.findings = [FormatFixtures.finding("big.swift", 95, 110, .info, "other", "Long")]
    let options = RenderOptions { _, line in "code \(line)" }
    let text = ReportRenderer.render(report, format: .text, options: options)
    #expect(text.contains("\n     95 | code 95\n"))
    #expect(text.contains("\n    102 | code 102\n        | … 8 more lines\n"))
    #expect(!text.contains("code 103"))
  }
}
