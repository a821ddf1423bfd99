import ConfigKit
import Foundation
import Testing

@testable import ReviewKit

/// The keys of the object that starts at `line`, in written order (the writer puts one key per
/// line, indented two spaces deeper than the brace). JSONSerialization forgets order, so the
/// documented order is checked on the text.
func orderedKeys(_ text: String, objectAt line: Int) -> [String] {
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  let indent = lines[line].prefix { $0 == " " }.count + 2
  var keys: [String] = []
  for next in lines[(line + 1)...] {
    let depth = next.prefix { $0 == " " }.count
    if depth < indent { break }
    guard depth == indent, next.dropFirst(depth).hasPrefix("\"") else { continue }
    let rest = next.dropFirst(depth + 1)
    if let end = rest.firstIndex(of: "\"") { keys.append(String(rest[..<end])) }
  }
  return keys
}

/// The line number of the first line equal to `content` after trimming spaces.
func lineIndex(_ text: String, _ content: String) -> Int? {
  text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.trimmingCharacters(in: .whitespaces) == content }
}

func parseObject(_ text: String) throws -> [String: Any] {
  let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(value as? [String: Any])
}

@Suite("Review format: JSON")
struct FormatTestsJSON {
  @Test func documentedKeysInDocumentedOrder() throws {
    let text = FormatFixtures.render(FormatFixtures.mixed, .json, failOn: .high)
    #expect(
      orderedKeys(text, objectAt: 0) == [
        "schema", "version", "target", "base", "head", "started_at", "duration_ms", "complete", "builtin_only", "summary",
        "findings", "coverage", "units", "usage", "notes",
      ])
    let summary = try #require(lineIndex(text, "\"summary\": {"))
    #expect(orderedKeys(text, objectAt: summary) == ["findings", "by_severity", "highest", "fail_on", "fail_on_reached"])
    let finding = try #require(lineIndex(text, "\"findings\": [")) + 1
    #expect(
      orderedKeys(text, objectAt: finding) == [
        "path", "start_line", "end_line", "severity", "category", "title", "explanation", "suggestion", "alias", "provider", "model",
        "note",
      ])
    let coverage = try #require(lineIndex(text, "\"coverage\": {"))
    #expect(orderedKeys(text, objectAt: coverage) == ["reviewed", "skipped", "failed", "reviewers", "cached_units"])
    let unit = try #require(lineIndex(text, "\"units\": [")) + 1
    #expect(
      orderedKeys(text, objectAt: unit) == [
        "id", "paths", "alias", "provider", "model", "prompt_tokens", "completion_tokens", "estimated_tokens", "duration_ms", "cached",
        "failure", "attempts",
      ])
    let usage = try #require(lineIndex(text, "\"usage\": {"))
    #expect(orderedKeys(text, objectAt: usage) == ["prompt_tokens", "completion_tokens", "estimated_tokens"])
  }

  @Test func valuesOfAMixedReport() throws {
    let root = try parseObject(FormatFixtures.render(FormatFixtures.mixed, .json, failOn: .high))
    #expect(root["schema"] as? String == "git-llm/review")
    #expect(root["version"] as? Int == 1)
    #expect(root["target"] as? String == "HEAD~2..")
    #expect(root["base"] as? String == String(repeating: "a", count: 40))
    #expect(root["started_at"] as? String == "2026-05-01T10:00:00Z")
    #expect(root["duration_ms"] as? Int == 4200)
    #expect(root["complete"] as? Bool == true)
    #expect(root["builtin_only"] as? Bool == false)

    let summary = try #require(root["summary"] as? [String: Any])
    #expect(summary["findings"] as? Int == 4)
    #expect(summary["by_severity"] as? [String: Int] == ["critical": 0, "high": 1, "medium": 1, "low": 2, "info": 0])
    #expect(summary["highest"] as? String == "high")
    #expect(summary["fail_on"] as? String == "high")
    #expect(summary["fail_on_reached"] as? Bool == true)

    let findings = try #require(root["findings"] as? [[String: Any]])
    #expect(
      findings.map { "\($0["path"] ?? ""):\($0["start_line"] ?? "")" } == [
        "docs/ré sumé.md:3", "src/app.swift:7", "src/db.swift:12", "src/db.swift:40",
      ])
    let sql = findings[2]
    #expect(sql["end_line"] as? Int == 13)
    #expect(sql["severity"] as? String == "high")
    #expect(sql["category"] as? String == "security")
    #expect(sql["explanation"] as? String == "The name is pasted into the SQL text,\nso a quote in it changes the query.")
    #expect(sql["suggestion"] as? String == "let q = db.prepare(\"SELECT * FROM t WHERE n = ?\", name)")
    #expect(sql["model"] as? String == "qwen2.5-coder:7b")
    #expect(sql["note"] is NSNull)
    #expect(findings[0]["suggestion"] is NSNull)
    #expect(findings[1]["note"] as? String == "line 9 is not in the diff; moved to 7")

    let coverage = try #require(root["coverage"] as? [String: Any])
    #expect(coverage["reviewed"] as? [String] == ["docs/ré sumé.md", "src/app.swift", "src/db.swift"])
    let skipped = try #require(coverage["skipped"] as? [[String: String]])
    #expect(skipped == [["path": "Package.resolved", "reason": "lock file"], ["path": "assets/logo.png", "reason": "binary"]])
    #expect((coverage["failed"] as? [Any])?.isEmpty == true)
    let reviewers = try #require(coverage["reviewers"] as? [[String: Any]])
    #expect(reviewers.map { "\($0["alias"] ?? "") \($0["units"] ?? "")" } == ["builtin 1", "ollama.default 2"])
    #expect(coverage["cached_units"] as? Int == 1)

    let units = try #require(root["units"] as? [[String: Any]])
    #expect(units.map { $0["id"] as? String } == ["u1", "u2", "u10"])  // natural order
    #expect(units[0]["prompt_tokens"] as? Int == 900)
    #expect(units[2]["prompt_tokens"] is NSNull)
    #expect(units[1]["cached"] as? Bool == true)
    #expect(units[0]["failure"] is NSNull)
    #expect(units[0]["duration_ms"] as? Int == 900)

    let usage = try #require(root["usage"] as? [String: Int])
    #expect(usage == ["prompt_tokens": 1200, "completion_tokens": 240, "estimated_tokens": 450])
    #expect(root["notes"] as? [String] == ["1 finding moved to the nearest changed line"])
  }

  @Test func incompleteAndEmptyReports() throws {
    let incomplete = try parseObject(FormatFixtures.render(FormatFixtures.incompleteEmpty, .json))
    #expect(incomplete["complete"] as? Bool == false)
    #expect(incomplete["base"] is NSNull && incomplete["head"] is NSNull)
    let coverage = try #require(incomplete["coverage"] as? [String: Any])
    let failed = try #require(coverage["failed"] as? [[String: Any]])
    #expect(failed.count == 1)
    #expect(failed.first?["path"] as? String == "src/big.swift")
    #expect(failed.first?["reasons"] as? [String] == ["every provider failed: ollama.default timed out after 60s"])
    let units = try #require(incomplete["units"] as? [[String: Any]])
    #expect(units.first?["failure"] as? String == "every provider failed: ollama.default timed out after 60s")
    #expect(units.first?["alias"] is NSNull)

    let empty = try parseObject(FormatFixtures.render(FormatFixtures.empty, .json))
    let summary = try #require(empty["summary"] as? [String: Any])
    #expect(summary["findings"] as? Int == 0)
    #expect(summary["highest"] is NSNull)
    #expect(summary["fail_on"] is NSNull)
    #expect(summary["fail_on_reached"] as? Bool == false)
    #expect(empty["complete"] as? Bool == true)

    let builtin = try parseObject(FormatFixtures.render(FormatFixtures.builtinOnly, .json))
    #expect(builtin["builtin_only"] as? Bool == true)
  }

  @Test func controlCharactersAreEscaped() throws {
    var report = FormatFixtures.empty
    report.findings = [FormatFixtures.finding("a\"b\\c.swift", 1, 1, .info, "other", "t\u{1}\t\r", explanation: "é \u{7F}")]
    let root = try parseObject(FormatFixtures.render(report, .json))
    let finding = try #require((root["findings"] as? [[String: Any]])?.first)
    #expect(finding["path"] as? String == "a\"b\\c.swift")
    #expect(finding["title"] as? String == "t\u{1}\t\r")
    #expect(finding["explanation"] as? String == "é \u{7F}")
  }
}
