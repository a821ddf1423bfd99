import Foundation
import TestSupport
import Testing

@testable import FinetuneKit

@Suite("RunOutcome: an attempt's end as the run's final state")
struct RunOutcomeTests {
  func decide(_ code: Int32?, problem: String? = nil, cancelled: Bool = false, adapter: Bool = false) -> (
    state: RunState, message: String?
  ) {
    RunOutcome.decide(RunOutcome(exitCode: code, problem: problem), cancelled: cancelled, adapterExists: adapter)
  }

  @Test func cancelledWins() {
    for code: Int32? in [0, 1, 2, 137, 143, nil] {
      let result = decide(code, problem: "boom", cancelled: true, adapter: true)
      #expect(result.state == .cancelled, "\(String(describing: code))")
      #expect(result.message?.contains("resume") == true)
    }
  }

  @Test func exitZeroWithAnAdapterSucceeds() {
    let result = decide(0, adapter: true)
    #expect(result.state == .succeeded)
    #expect(result.message == nil)
  }

  @Test func exitZeroWithoutAnAdapterFails() {
    let result = decide(0, adapter: false)
    #expect(result.state == .failed)
    #expect(result.message?.contains("adapter") == true)
  }

  @Test func aProblemFailsWithItsOwnMessage() {
    let result = decide(0, problem: "the image build failed", adapter: true)
    #expect(result.state == .failed)
    #expect(result.message == "the image build failed")
  }

  @Test(arguments: [
    (Int32(2), "exit 2"), (137, "exit 137"), (143, "signal"), (130, "signal"), (1, "exit status 1"), (77, "exit status 77"),
  ])
  func nonZeroExitsFailWithAMessage(_ code: Int32, _ words: String) {
    let result = decide(code, adapter: true)
    #expect(result.state == .failed)
    #expect(result.message?.contains(words) == true, "\(result.message ?? "nil")")
    #expect(result.message?.contains("\n") == false)
  }

  @Test func unknownExitFails() {
    let result = decide(nil, adapter: true)
    #expect(result.state == .failed)
    #expect(result.message?.contains("unknown") == true)
  }

  @Test func tailSkipsEmptyLinesAndWhatCameBefore() throws {
    let path = try makeTemporaryFolder() + "/train.log"
    let earlier = "old attempt\nold failure\n"
    try Data((earlier + "one\n\n   \ntwo\r\nthree\nfour").utf8).write(to: URL(fileURLWithPath: path))
    #expect(RunOutcome.tail(of: path, from: earlier.utf8.count) == ["one", "two", "three", "four"])
    #expect(RunOutcome.tail(of: path, from: earlier.utf8.count, count: 2) == ["three", "four"])
    #expect(RunOutcome.tail(of: path, from: 0, count: 3) == ["two", "three", "four"])
    #expect(RunOutcome.tail(of: path, from: 0).first == "old attempt")
    #expect(RunOutcome.tail(of: path, from: -5).first == "old attempt")
    #expect(RunOutcome.tail(of: path, from: 10_000).isEmpty)
  }

  @Test func tailOfAMissingLogIsEmpty() throws {
    #expect(RunOutcome.tail(of: try makeTemporaryFolder() + "/none.log", from: 0).isEmpty)
  }
}
