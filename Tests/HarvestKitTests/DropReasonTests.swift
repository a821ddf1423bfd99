import FileSelectionKit
import Testing

@testable import HarvestKit

@Suite("Drop reasons: review skips counted under datasheet names")
struct DropReasonTests {
  @Test func everySkipIsCountedUnderItsDatasheetReason() {
    let expected: [(SkipReason, DropReason)] = [
      (.excluded(pattern: "dist/**"), .excluded), (.submodule, .submodule), (.binary, .binary), (.notDiffed, .binary),
      (.renamedWithoutChanges, .deletionOnly), (.modeChangeOnly, .deletionOnly), (.deletionOnly, .deletionOnly),
      (.lockFile, .lockFile), (.vendored, .vendored), (.vendoredByAttribute, .vendored),
      (.generatedByAttribute, .generated), (.generated, .generated), (.minified, .minified),
    ]
    for (skip, drop) in expected { #expect(DropReason(skip) == drop, "\(skip)") }
  }
}
