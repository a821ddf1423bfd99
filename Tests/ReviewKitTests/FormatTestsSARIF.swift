import ConfigKit
import Foundation
import Testing

@testable import ReviewKit

@Suite("Review format: SARIF")
struct FormatTestsSARIF {
  @Test(arguments: FormatFixtures.all.map(\.0))
  func everyReportIsStructurallyValid(_ name: String) throws {
    let report = try #require(FormatFixtures.all.first { $0.0 == name }?.1)
    let sarif = FormatFixtures.render(report, .sarif)
    #expect(SARIFValidator.validate(sarif) == [])
  }

  @Test func validatorCatchesBrokenLogs() throws {
    let good = FormatFixtures.render(FormatFixtures.mixed, .sarif)
    #expect(
      SARIFValidator.validate(good.replacingOccurrences(of: "\"ruleIndex\": 0", with: "\"ruleIndex\": 1")).contains {
        $0.contains("ruleIndex")
      })
    #expect(
      SARIFValidator.validate(good.replacingOccurrences(of: "\"level\": \"note\"", with: "\"level\": \"info\"")).contains {
        $0.contains("not a level")
      })
    #expect(
      SARIFValidator.validate(good.replacingOccurrences(of: "docs/r%C3%A9%20sum%C3%A9.md", with: "docs/ré sumé.md")).contains {
        $0.contains("not a valid URI")
      })
    #expect(
      SARIFValidator.validate(good.replacingOccurrences(of: "\"startLine\": 3", with: "\"startLine\": 0")).contains {
        $0.contains("at least 1")
      })
    let renamed = SARIFValidator.validate(good.replacingOccurrences(of: "\"text\": \"Style", with: "\"txt\": \"Style"))
    #expect(renamed.contains { $0.hasSuffix("multiformatMessageString has no property txt") })
    #expect(renamed.contains { $0.hasSuffix("multiformatMessageString requires text") })
  }

  @Test func driverRulesAndResults() throws {
    let log = try parseObject(FormatFixtures.render(FormatFixtures.mixed, .sarif))
    #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "git-llm")
    #expect(driver["version"] as? String == "1.2.3")
    #expect(driver["informationUri"] as? String == "https://example.com/git-llm")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.map { $0["id"] as? String } == ["git-llm/correctness", "git-llm/documentation", "git-llm/security", "git-llm/style"])

    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.map { $0["level"] as? String } == ["warning", "note", "error", "note"])
    for result in results {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }
    let sql = results[2]
    #expect(
      (sql["message"] as? [String: Any])?["text"] as? String
        == "Query built from user input\n\nThe name is pasted into the SQL text,\nso a quote in it changes the query.")
    let physical = try #require(((sql["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
    #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "src/db.swift")
    #expect(physical["region"] as? [String: Int] == ["startLine": 12, "endLine": 13])
    let properties = try #require(sql["properties"] as? [String: Any])
    #expect(properties["severity"] as? String == "high")
    #expect(properties["provider"] as? String == "ollama")
    #expect(properties["model"] as? String == "qwen2.5-coder:7b")
    #expect(properties["alias"] as? String == "ollama.default")

    let accented = try #require(((results[0]["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
    #expect((accented["artifactLocation"] as? [String: Any])?["uri"] as? String == "docs/r%C3%A9%20sum%C3%A9.md")

    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == true)
    let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect(
      notes.map { ($0["message"] as? [String: Any])?["text"] as? String } == [
        "skipped: lock file", "skipped: binary", "1 finding moved to the nearest changed line",
      ])
  }

  @Test func fingerprintsAreStableAndTrackPathTitleCategory() throws {
    let base = FormatFixtures.finding("a.swift", 3, 3, .low, "bug", "Off by one")
    var moved = base
    moved.startLine = 90
    moved.endLine = 91
    moved.severity = .high
    moved.explanation = "Reworded."
    #expect(FindingFingerprint.of(base) == FindingFingerprint.of(moved))
    #expect(FindingFingerprint.of(base).count == 16)
    var other = base
    other.title = "Off by two"
    #expect(FindingFingerprint.of(base) != FindingFingerprint.of(other))
    other = base
    other.path = "b.swift"
    #expect(FindingFingerprint.of(base) != FindingFingerprint.of(other))
    // Field boundaries count: "ab"+"c" differs from "a"+"bc".
    #expect(
      FindingFingerprint.of(FormatFixtures.finding("x", 1, 1, .low, "ab", "c"))
        != FindingFingerprint.of(FormatFixtures.finding("x", 1, 1, .low, "a", "bc")))
    // Pinned: a change of recipe must come with a new key, or code scanning reopens every alert.
    #expect(FindingFingerprint.of(FormatFixtures.finding("src/a.swift", 5, 5, .low, "style", "Odd name")) == "8f51bab98902fa93")
  }

  @Test func incompleteRunIsNotSuccessfulAndNamesTheFailedFile() throws {
    let log = try parseObject(FormatFixtures.render(FormatFixtures.incompleteEmpty, .sarif))
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect(notes.first?["level"] as? String == "error")
    let failed = try #require(notes.first { ($0["locations"] as? [Any]) != nil })
    let uri =
      ((((failed["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?[
        "uri"]
    #expect(uri as? String == "src/big.swift")
    #expect((run["properties"] as? [String: Any])?["complete"] as? Bool == false)
  }

  @Test func builtinOnlyIsAWarningNotification() throws {
    let log = try parseObject(FormatFixtures.render(FormatFixtures.builtinOnly, .sarif))
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect(notes.count == 1)
    #expect(notes.first?["level"] as? String == "warning")
    #expect((notes.first?["message"] as? [String: Any])?["text"] as? String == "no model answered; the built-in rules reviewed this")
    #expect((run["properties"] as? [String: Any])?["builtinOnly"] as? Bool == true)
  }

  @Test func levelsAndURIs() {
    #expect(SARIFReport.level(.critical) == "error")
    #expect(SARIFReport.level(.high) == "error")
    #expect(SARIFReport.level(.medium) == "warning")
    #expect(SARIFReport.level(.low) == "note")
    #expect(SARIFReport.level(.info) == "note")
    #expect(ReportEscaping.uriPath("a b/ü#1%:x.swift") == "a%20b/%C3%BC%231%25%3Ax.swift")
    #expect(ReportEscaping.uriPath("Sources/A-b_c.~d/e.swift") == "Sources/A-b_c.~d/e.swift")
  }
}
