import ConfigKit
import Testing

@testable import ReviewKit

@Suite("Review format: GitHub workflow commands")
struct FormatTestsGitHub {
  @Test func mixedReportGolden() {
    let expected = #"""
      ::warning file=docs/ré sumé.md,line=3,endLine=3,title=medium [documentation] Broken link::Explained.%0A%0A(by ollama.default: ollama/qwen2.5-coder:7b)
      ::notice file=src/app.swift,line=7,endLine=7,title=low [correctness] Result ignored::Explained.%0A%0ANote: line 9 is not in the diff; moved to 7%0A%0A(by builtin: builtin/rules)
      ::error file=src/db.swift,line=12,endLine=13,title=high [security] Query built from user input::The name is pasted into the SQL text,%0Aso a quote in it changes the query.%0A%0ASuggestion:%0Alet q = db.prepare("SELECT * FROM t WHERE n = ?", name)%0A%0A(by ollama.default: ollama/qwen2.5-coder:7b)
      ::notice file=src/db.swift,line=40,endLine=40,title=low [style] Line too long::Explained.%0A%0A(by ollama.default: ollama/qwen2.5-coder:7b)
      ::notice title=git-llm review::4 findings: 1 high, 1 medium, 2 low%0Areviewed: 3 files%0Askipped: Package.resolved (lock file), assets/logo.png (binary)%0Aanswered by: 1 unit by builtin (builtin/rules); 2 units by ollama.default (ollama/qwen2.5-coder:7b)%0Atokens: 1200 prompt, 240 completion (estimated 450); cached: 1 of 3 units%0Anote: 1 finding moved to the nearest changed line

      """#
    #expect(FormatFixtures.render(FormatFixtures.mixed, .github) == expected)
  }

  @Test func incompleteEndsWithAWarning() {
    let expected = """
      ::warning title=git-llm review INCOMPLETE::INCOMPLETE review: 1 file could not be reviewed%0Ano findings in the parts reviewed%0Areviewed: 0 files%0Afailed: src/big.swift (every provider failed: ollama.default timed out after 60s)%0Aanswered by: nobody%0Atokens: 0 prompt, 0 completion (estimated 150); cached: 0 of 1 unit

      """
    #expect(FormatFixtures.render(FormatFixtures.incompleteEmpty, .github) == expected)
  }

  @Test func builtinOnlyAndThresholdAreInTheSummary() {
    let output = FormatFixtures.render(FormatFixtures.builtinOnly, .github, failOn: .high)
    #expect(output.hasPrefix("::error file=config.py,line=2,endLine=2,title=critical [security] Secret in source::"))
    #expect(output.contains("%0Afail-on high: 1 finding at high or above%0A"))
    #expect(output.contains("%0Ano model answered; the built-in rules reviewed this%0A"))
  }

  @Test func propertiesAndMessagesAreEscapedAsTheToolkitDoes() {
    var report = FormatFixtures.empty
    report.findings = [
      FormatFixtures.finding(
        "a,b:c%d.swift", 4, 2, .medium, "bug", "50% off: a, b\nc",
        explanation: "100%\r\n::error file=x::injected")
    ]
    let lines = FormatFixtures.render(report, .github).split(separator: "\n")
    #expect(lines.count == 2)  // a finding's newlines can never start a command of its own
    #expect(
      lines[0]
        == "::warning file=a%2Cb%3Ac%25d.swift,line=4,endLine=4,title=medium [bug] 50%25 off%3A a%2C b%0Ac::100%25%0A::error file=x::injected%0A%0A(by ollama.default: ollama/qwen2.5-coder:7b)"
    )
  }

  @Test func severityPicksTheCommand() {
    #expect(GitHubReport.command(.critical) == "error")
    #expect(GitHubReport.command(.high) == "error")
    #expect(GitHubReport.command(.medium) == "warning")
    #expect(GitHubReport.command(.low) == "notice")
    #expect(GitHubReport.command(.info) == "notice")
  }
}
