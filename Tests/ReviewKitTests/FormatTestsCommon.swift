import ConfigKit
import Foundation
import Testing

@testable import ReviewKit

@Suite("Review formats: shared promises")
struct FormatTestsCommon {
  /// An incomplete review must never read as clean, in any format.
  @Test(arguments: ReportFormat.allCases)
  func incompleteNeverReadsClean(_ format: ReportFormat) throws {
    for report in [FormatFixtures.incomplete, FormatFixtures.incompleteEmpty] {
      let output = FormatFixtures.render(report, format)
      switch format {
      case .text:
        #expect(output.contains("INCOMPLETE review: 1 file could not be reviewed\n"))
        #expect(!output.contains("\nno findings\n") && !output.hasPrefix("no findings\n"))
      case .markdown:
        #expect(output.hasPrefix("## ⚠️ Incomplete git-llm review:"))
      case .github:
        #expect(output.split(separator: "\n").last?.hasPrefix("::warning title=git-llm review INCOMPLETE::INCOMPLETE review") == true)
      case .json:
        #expect(try parseObject(output)["complete"] as? Bool == false)
      case .sarif:
        #expect(output.contains("\"executionSuccessful\": false"))
      }
    }
  }

  /// The same note seventeen times reads as one line and a count in the human formats; JSON and
  /// SARIF keep every one.
  @Test(arguments: ReportFormat.allCases)
  func repeatedNotesAreFolded(_ format: ReportFormat) throws {
    var report = FormatFixtures.empty
    let same = "dropped finding 1 from ollama.default: path 'ghost.py' is not in the reviewed diff"
    report.notes = [same] + ["a different note"] + Array(repeating: same, count: 16)
    let output = FormatFixtures.render(report, format)
    let occurrences = output.components(separatedBy: "ghost").count - 1
    switch format {
    case .text:
      #expect(output.contains("\n  notes:\n    \(same) (16 more like this)\n    a different note\n"))
      #expect(occurrences == 1)
    case .markdown:
      #expect(output.contains("more like this") && !output.contains("17 more") && occurrences == 1)
    case .github:
      #expect(output.contains("(16 more like this)") && occurrences == 1)
    case .json:
      #expect(try parseObject(output)["notes"] as? [String] == report.notes)
      #expect(!output.contains("more like this"))
    case .sarif:
      #expect(occurrences == 17 && !output.contains("more like this"))
    }
  }

  /// A failed unit makes the review incomplete even when the producer forgot to list its file.
  @Test(arguments: ReportFormat.allCases)
  func failedUnitAloneIsIncomplete(_ format: ReportFormat) throws {
    var report = FormatFixtures.empty
    report.units.append(FormatFixtures.unit("u2", [], failure: "malformed answer twice"))
    let output = FormatFixtures.render(report, format)
    #expect(output.contains("malformed answer twice"))
    switch format {
    case .json: #expect(try parseObject(output)["complete"] as? Bool == false)
    case .sarif: #expect(output.contains("\"executionSuccessful\": false"))
    default: #expect(output.contains("1 review unit failed"))
    }
  }

  /// The same report in another order renders to the same bytes.
  @Test(arguments: ReportFormat.allCases)
  func outputIsDeterministic(_ format: ReportFormat) {
    var shuffled = FormatFixtures.mixed
    shuffled.findings.reverse()
    shuffled.reviewedFiles.reverse()
    shuffled.skippedFiles.reverse()
    shuffled.units.reverse()
    #expect(FormatFixtures.render(shuffled, format) == FormatFixtures.render(FormatFixtures.mixed, format))
  }

  /// Every format carries the coverage, and says when only the built-in rules answered.
  @Test(arguments: ReportFormat.allCases)
  func coverageIsEverywhere(_ format: ReportFormat) {
    let mixed = FormatFixtures.render(FormatFixtures.mixed, format)
    #expect(mixed.contains("Package.resolved") && mixed.contains("lock file"))
    let builtin = FormatFixtures.render(FormatFixtures.builtinOnly, format)
    switch format {
    case .json: #expect(builtin.contains("\"builtin_only\": true"))
    case .sarif: #expect(builtin.contains("\"builtinOnly\": true") && builtin.contains("no model answered"))
    default:
      #expect(
        builtin.contains("no model answered; the built-in rules reviewed this")
          || builtin.contains("No model answered; the built-in rules reviewed this"))
    }
  }

  @Test(arguments: ReportFormat.allCases)
  func everyFormatEndsWithOneLineFeed(_ format: ReportFormat) {
    for (_, report) in FormatFixtures.all {
      let output = FormatFixtures.render(report, format)
      #expect(output.hasSuffix("\n") && !output.hasSuffix("\n\n"))
    }
  }

  @Test func naturalOrderOfUnitIDs() {
    #expect(["u10", "u2", "u1", "a", "u02"].sorted(by: NaturalOrder.precedes) == ["a", "u1", "u02", "u2", "u10"])
  }
}
