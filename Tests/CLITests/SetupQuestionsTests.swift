import ConfigKit
import Foundation
import Synchronization
import Testing

@testable import GitLLM
@testable import ProvidersKit

/// The terminal dialogue of `git llm setup`, with scripted answers.
@Suite("git llm setup's questions")
struct SetupQuestionsTests {
  static let ollama = DiscoveredServer(
    kind: .ollama, baseURL: "http://127.0.0.1:11434", label: "Ollama 0.30.2", providerName: "ollama",
    models: [DiscoveredModel(name: "llama3.2:latest", sizeBytes: 9), DiscoveredModel(name: "qwen2.5-coder:7b", sizeBytes: 4)])

  static func proposal(keys: [String] = ["ANTHROPIC_API_KEY"]) -> SetupProposal {
    SetupProposal(
      findings: SetupFindings(servers: [ollama], keys: keys, probes: []),
      options: SetupOptions(
        directory: "/", overrides: [], provider: nil, model: nil, baseURL: nil, layer: nil, yes: false, allowRemote: false,
        dryRun: false, quiet: true))
  }

  /// What the dialogue showed, in order.
  final class Transcript: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0 }.joined(separator: "\n") }
  }

  static func questions(_ answers: [String]) -> (SetupQuestions, Transcript) {
    let queue = Mutex(answers)
    let said = Transcript()
    let questions = SetupQuestions(
      ask: { prompt in
        said.lines.withLock { $0.append(prompt) }
        return queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
      },
      say: { text in said.lines.withLock { $0.append(text) } })
    return (questions, said)
  }

  static let sources = ConfigSources(
    environment: ConfigEnvironment(variables: ["HOME": "/home/u"]), worktreeRoot: "/repo", gitDirectory: "/repo/.git")

  @Test func theDefaultsAreTheProposal() throws {
    let (questions, said) = Self.questions(["", "", ""])
    let (plan, layer) = try questions.choose(Self.proposal(), allowRemote: false, layer: nil, sources: Self.sources)
    #expect(plan.aliases == ["ollama.default", "builtin"])
    #expect(plan.chain.first?.model == "qwen2.5-coder:7b", "the coding model is offered first")
    #expect(layer == .global)
    let transcript = said.text
    #expect(transcript.contains("1) qwen2.5-coder:7b  [local]"))
    #expect(transcript.contains("3) claude-sonnet-4-5  [remote]"))
    #expect(transcript.contains("/repo/.git/git-llm.yaml  (this clone only)"))
  }

  @Test func aRemoteFallbackAndTheLocalFileWhenAnswered() throws {
    let (questions, _) = Self.questions(["2", "y", "2"])
    let (plan, layer) = try questions.choose(Self.proposal(), allowRemote: false, layer: nil, sources: Self.sources)
    #expect(plan.aliases == ["ollama.default", "claude.sonnet", "builtin"])
    #expect(plan.chain.first?.model == "llama3.2:latest")
    #expect(plan.needsRemote)
    #expect(layer == .local)
  }

  @Test func aRemoteModelFirstNeedsAYes() throws {
    let (questions, _) = Self.questions(["3", "n"])
    #expect(throws: SetupError.remoteNotAllowed("claude")) {
      try questions.choose(Self.proposal(), allowRemote: false, layer: .global, sources: Self.sources)
    }
    let (again, said) = Self.questions(["7", "x", "0"])
    #expect(throws: SetupError.noAnswer("Model to review with")) {
      try again.choose(Self.proposal(), allowRemote: false, layer: .global, sources: Self.sources)
    }
    #expect(
      said.text.components(separatedBy: "answer a number from 1 to 3, or press Enter for 1").count == 4, "each wrong answer gets the hint")
  }

  @Test func endOfInputWritesNothing() {
    let (questions, _) = Self.questions([])
    #expect(throws: SetupError.endOfInput) { try questions.choose(Self.proposal(), allowRemote: false, layer: nil, sources: Self.sources) }
    // At a yes/no question too: the end of input is not a no.
    let (atFallback, _) = Self.questions(["1"])
    #expect(throws: SetupError.endOfInput) {
      try atFallback.choose(Self.proposal(), allowRemote: false, layer: nil, sources: Self.sources)
    }
  }

  @Test func aYesOrNoQuestionAsksAgainRatherThanGuess() throws {
    let (questions, said) = Self.questions(["1", "abc", "yes", "2"])
    let (plan, layer) = try questions.choose(Self.proposal(), allowRemote: false, layer: nil, sources: Self.sources)
    #expect(plan.aliases == ["ollama.default", "claude.sonnet", "builtin"], "the yes after the hint counts, not the abc")
    #expect(layer == .local)
    #expect(said.text.contains("answer y or n, or press Enter for n"))
    let (stubborn, _) = Self.questions(["1", "maybe", "sure", "ok"])
    #expect(throws: SetupError.noAnswer("Fall back to claude-sonnet-4-5 (remote: code leaves this machine) when the local model fails?")) {
      try stubborn.choose(Self.proposal(), allowRemote: false, layer: nil, sources: Self.sources)
    }
  }
}
