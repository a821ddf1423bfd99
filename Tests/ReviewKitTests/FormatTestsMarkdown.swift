import ConfigKit
import Foundation
import Testing

@testable import ReviewKit

@Suite("Review format: Markdown")
struct FormatTestsMarkdown {
  @Test func incompleteReportGolden() {
    let expected = """
      ## ⚠️ Incomplete git-llm review: 1 finding (1 low) in the parts reviewed

      **1 file could not be reviewed: the review is incomplete.** Findings are only from the parts reviewed; the rest was not checked.

      | Severity | Location | Title |
      |---|---|---|
      | low | `src/a.swift:5` | Odd name |

      <details>
      <summary>low · src/a.swift:5 · Odd name</summary>

      Explained.

      (by ollama.default: ollama/qwen2.5-coder:7b)

      </details>

      ### Coverage

      - reviewed: 1 file
      - **failed: 1 file could not be reviewed; the review is INCOMPLETE**
        - `src/big.swift`: every provider failed: ollama.default timed out after 60s
      - answered by: 1 unit by ollama.default (ollama/qwen2.5-coder:7b)
      - tokens: 100 prompt, 10 completion (estimated 300)
      - cached: 0 of 2 units

      """
    #expect(FormatFixtures.render(FormatFixtures.incomplete, .markdown) == expected)
  }

  @Test func emptyReportGolden() {
    let expected = """
      ## git-llm review: no findings

      ### Coverage

      - reviewed: 1 file
      - answered by: 1 unit by ollama.default (ollama/qwen2.5-coder:7b)
      - tokens: 50 prompt, 5 completion (estimated 150)
      - cached: 0 of 1 unit

      """
    #expect(FormatFixtures.render(FormatFixtures.empty, .markdown) == expected)
  }

  @Test func mixedReportHasTableDetailsCodeAndSuggestion() {
    let output = FormatFixtures.render(FormatFixtures.mixed, .markdown, failOn: .high)
    #expect(output.hasPrefix("## git-llm review: 4 findings (1 high, 1 medium, 2 low)\n\n| Severity | Location | Title |\n|---|---|---|\n"))
    #expect(
      output.contains(
        "| medium | `docs/ré sumé.md:3` | Broken link |\n| low | `src/app.swift:7` | Result ignored |\n| high | `src/db.swift:12` | Query built from user input |\n"
      ))
    #expect(
      output.contains(
        #"""
        <summary>high · src/db.swift:12-13 · Query built from user input</summary>

        The name is pasted into the SQL text,
        so a quote in it changes the query.

        ```
        12 | let q = "SELECT * FROM t WHERE n = '" + name + "'"
        13 | return db.run(q)
        ```

        ```suggestion
        let q = db.prepare("SELECT * FROM t WHERE n = ?", name)
        ```

        (by ollama.default: ollama/qwen2.5-coder:7b)

        </details>
        """#))
    #expect(output.contains("\n- skipped: 2 files\n  - `Package.resolved`: lock file\n  - `assets/logo.png`: binary\n"))
    #expect(output.contains("\n- fail-on high: 1 finding at high or above\n"))
    #expect(output.contains("\n- notes:\n  - 1 finding moved to the nearest changed line\n"))
  }

  @Test func builtinOnlyIsSaidUnderTheHeading() {
    let output = FormatFixtures.render(FormatFixtures.builtinOnly, .markdown)
    #expect(output.hasPrefix("## git-llm review: 1 finding (1 critical)\n\n> No model answered; the built-in rules reviewed this.\n"))
    #expect(output.contains("\n- no model answered; the built-in rules reviewed this\n"))
  }

  @Test func cellsAndBlocksCannotBeBrokenByTheirContent() {
    var report = FormatFixtures.empty
    report.findings = [
      FormatFixtures.finding(
        "we|rd`name`.md", 1, 1, .high, "bug", "a | b\nc <b>*x*</b> @team #12",
        explanation: "Ends </details> here", suggestion: "let s = \"```\"")
    ]
    let output = FormatFixtures.render(report, .markdown)
    #expect(output.contains(##"| high | ``we\|rd`name`.md:1`` | a \| b c \<b\>\*x\*\</b\> \@team \#12 |"##))
    #expect(output.contains("<summary>high · we|rd`name`.md:1 · a | b c &lt;b&gt;*x*&lt;/b&gt; &#64;team &#35;12</summary>"))
    #expect(output.contains(#"Ends \</details\> here"#))
    // The fence outgrows the backticks inside the suggestion.
    #expect(output.contains("````suggestion\nlet s = \"```\"\n````\n"))
    #expect(output.components(separatedBy: "</details>").count == 2)
  }

  @Test func codeSpansPadLeadingBackticks() {
    #expect(ReportEscaping.codeSpan("`a") == "`` `a ``")
    #expect(ReportEscaping.codeSpan("plain") == "`plain`")
  }
}
