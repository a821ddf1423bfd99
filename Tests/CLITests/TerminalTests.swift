import Testing

@testable import GitLLM

@Suite("Progress on stderr")
struct TerminalTests {
  @Test func onlyOnATerminalAndNeverUnderNoColor() {
    #expect(Terminal.showsProgress(stderrIsTerminal: true, environment: [:]))
    #expect(!Terminal.showsProgress(stderrIsTerminal: false, environment: [:]))
    #expect(!Terminal.showsProgress(stderrIsTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(!Terminal.showsProgress(stderrIsTerminal: true, environment: ["TERM": "dumb"]))
    // An empty NO_COLOR does not count, as the convention says.
    #expect(Terminal.showsProgress(stderrIsTerminal: true, environment: ["NO_COLOR": ""]))
  }
}
