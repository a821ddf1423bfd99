import Foundation
import TestSupport
import Testing

/// `git llm setup`'s dialogue, typed into the real binary on a pseudo-terminal: what a user
/// sees, what the answers do, and what stays off stdout.
@Suite("git llm setup on a terminal")
struct SetupTerminalTests {
  static let modelPrompt = "Model to review with [1]: "
  static let filePrompt = "File [1]: "
  static let writePrompt = "? [Y/n]: "

  /// A repository, an Ollama with two models to choose from (and an embedding model never offered).
  struct Scene {
    let cli: CLI
    let repo: GitFixture
    let ollama: FakeOllama
    var userFile: String { cli.home + "/.config/git-llm/config.yaml" }
    var localFile: String { repo.path + "/.git/git-llm.yaml" }

    init() throws {
      cli = try CLI()
      repo = try SetupCommandTests.fixture(commits: 2)
      ollama = try FakeOllama(models: SetupCommandTests.models, chatAnswer: "ok")
    }

    func dialogue(
      _ answers: [TerminalAnswer], arguments: [String] = [], environment: [String: String] = [:], stdoutOnTerminal: Bool = true
    ) throws -> TerminalDialogue {
      let isolated = try SetupCommandTests.isolated(["OLLAMA_HOST": ollama.url]).merging(environment) { $1 }
      return try cli.dialogue(
        ["setup"] + arguments, in: repo.path, environment: isolated, answers: answers, stdoutOnTerminal: stdoutOnTerminal)
    }
  }

  static func lines(_ screen: String) -> [String] { screen.split(separator: "\n").map(String.init) }

  @Test func answeredByNumberAndEnterItWritesChecksAndSaysReady() throws {
    let scene = try Scene()
    let result = try scene.dialogue([
      .line("2", after: Self.modelPrompt), .line("", after: Self.filePrompt), .line("", after: Self.writePrompt),
    ])
    #expect(result.unanswered.isEmpty, "prompts never shown: \(result.unanswered)\n\(result.screen)")
    #expect(result.status == 0, "\(result.screen)")
    let screen = result.screen
    #expect(screen.contains("found Ollama 0.30.2 at \(scene.ollama.url)"))
    #expect(screen.contains("Models git-llm can use:\n  1) qwen2.5-coder:7b  [local]"))
    #expect(screen.contains("  2) llama3.2:latest  [local]"))
    #expect(!screen.contains("nomic-embed-text"), "an embedding model is never offered")
    #expect(screen.contains(Self.modelPrompt + "2\n"), "the terminal echoes the answer after the prompt")
    #expect(screen.contains("1) \(scene.userFile)  (every repository)"))
    #expect(screen.contains("Write this to \(scene.userFile)? [Y/n]: \n"))
    #expect(screen.contains("checked: ollama.default (ollama/llama3.2:latest) answered in "))
    #expect(screen.contains("ready: git llm review HEAD~1.."))
    let text = try #require(SetupCommandTests.read(scene.userFile), "Enter at the file question takes the user file")
    #expect(text.contains("llama3.2:latest"))
    #expect(!text.contains("qwen2.5-coder"))
    #expect(!FileManager.default.fileExists(atPath: scene.localFile))
    #expect(scene.ollama.chatBodies.withLock { $0.count } == 1, "the check sent the chosen model one request")
  }

  @Test func promptsStayOnTheTerminalWhenStdoutIsAFile() throws {
    let scene = try Scene()
    let result = try scene.dialogue(
      [.line("", after: Self.modelPrompt), .line("2", after: Self.filePrompt), .line("y", after: Self.writePrompt)],
      stdoutOnTerminal: false)
    #expect(result.status == 0, "\(result.screen)")
    // The questions, the notes and the proposal shown before the last question.
    for shown in [Self.modelPrompt, Self.filePrompt, "Write this to", "Models git-llm can use:", "git-llm:", "review: [ollama.default"] {
      #expect(!result.stdout.contains(shown), "stdout holds results only, never \(shown)")
      #expect(result.screen.contains(shown))
    }
    #expect(result.stdout.hasPrefix("wrote \(scene.localFile)\n"), "\(result.stdout)")
    #expect(result.stdout.contains("ready: git llm review HEAD~1.."))
    let text = try #require(SetupCommandTests.read(scene.localFile), "2 at the file question is the clone's own file")
    #expect(text.contains("qwen2.5-coder:7b"))
    #expect(!FileManager.default.fileExists(atPath: scene.userFile))
  }

  @Test func aDryRunOnATerminalPrintsOnlyTheFileOnStdout() throws {
    let scene = try Scene()
    let result = try scene.dialogue([], arguments: ["--dry-run"], stdoutOnTerminal: false)
    #expect(result.status == 0, "\(result.screen)")
    #expect(!result.screen.contains(Self.modelPrompt), "a dry run asks nothing")
    #expect(result.stdout.contains("review: [ollama.default, builtin]"))
    #expect(!result.stdout.contains("git-llm:"), "notes go to the terminal: \(result.stdout)")
    #expect(result.screen.contains("git-llm: dry run: nothing written to \(scene.userFile)"))
    #expect(!FileManager.default.fileExists(atPath: scene.userFile))
  }

  @Test func noAtTheLastQuestionWritesNothing() throws {
    let scene = try Scene()
    let result = try scene.dialogue([
      .line("1", after: Self.modelPrompt), .line("1", after: Self.filePrompt), .line("n", after: Self.writePrompt),
    ])
    #expect(result.status == 2, "\(result.screen)")
    #expect(Self.lines(result.screen).last == "git-llm: error: answered no; nothing written")
    #expect(!result.screen.contains("checked:"))
    #expect(!FileManager.default.fileExists(atPath: scene.userFile))
    #expect(!FileManager.default.fileExists(atPath: scene.localFile))
    #expect(scene.ollama.chatBodies.withLock { $0.isEmpty }, "nothing written, so nothing checked")
  }

  @Test func aWrongAnswerIsAskedAgainWithAHint() throws {
    let scene = try Scene()
    let result = try scene.dialogue([
      .line("9", after: Self.modelPrompt), .line("abc", after: Self.modelPrompt), .line("2", after: Self.modelPrompt),
      .line("3", after: Self.filePrompt), .line("", after: Self.filePrompt),
      .line("maybe", after: Self.writePrompt), .line("yes", after: Self.writePrompt),
    ])
    #expect(result.unanswered.isEmpty, "each wrong answer is asked again: \(result.unanswered)\n\(result.screen)")
    #expect(result.status == 0, "\(result.screen)")
    let lines = Self.lines(result.screen)
    #expect(lines.filter { $0 == "answer a number from 1 to 2, or press Enter for 1" }.count == 3, "\(result.screen)")
    #expect(lines.contains("answer y or n, or press Enter for y"))
    let text = try #require(SetupCommandTests.read(scene.userFile))
    #expect(text.contains("llama3.2:latest"), "the answer after the hints counts, not a default")

    let stubborn = try Scene()
    let refused = try stubborn.dialogue([
      .line("9", after: Self.modelPrompt), .line("abc", after: Self.modelPrompt), .line("0", after: Self.modelPrompt),
    ])
    #expect(refused.status == 2, "\(refused.screen)")
    #expect(
      Self.lines(refused.screen).last
        == "git-llm: error: no answer setup understands to \"Model to review with\" after three tries; nothing written; run `git llm setup` again"
    )
    #expect(!FileManager.default.fileExists(atPath: stubborn.userFile))
  }

  @Test(arguments: [modelPrompt, filePrompt, writePrompt])
  func endOfInputAtAPromptWritesNothing(at prompt: String) throws {
    let scene = try Scene()
    let all: [TerminalAnswer] = [.line("1", after: Self.modelPrompt), .line("1", after: Self.filePrompt)]
    let before = Array(all.prefix { $0.prompt != prompt })
    let result = try scene.dialogue(before + [.endOfInput(after: prompt)])
    #expect(result.unanswered.isEmpty, "\(result.screen)")
    #expect(result.status == 2, "\(result.screen)")
    // Ctrl-D leaves the cursor after the prompt; the error starts a line of its own.
    #expect(
      Self.lines(result.screen).last
        == "git-llm: error: no answer (end of input); nothing written; run `git llm setup` again, or `git llm setup --yes` to write the proposal without asking",
      "\(result.screen)")
    #expect(!FileManager.default.fileExists(atPath: scene.userFile))
    #expect(!FileManager.default.fileExists(atPath: scene.localFile))
  }

  @Test func noColorMeansNoEscapesAndStdoutNeverHasThem() throws {
    let answers: [TerminalAnswer] = [
      .line("", after: Self.modelPrompt), .line("", after: Self.filePrompt), .line("", after: Self.writePrompt),
    ]
    let plain = try Scene().dialogue(answers, environment: ["NO_COLOR": "1"])
    #expect(plain.status == 0, "\(plain.screen)")
    #expect(!plain.screen.contains("\u{1B}"), "NO_COLOR: \(plain.screen.debugDescription)")
    let piped = try Scene().dialogue(answers, stdoutOnTerminal: false)
    #expect(piped.status == 0, "\(piped.screen)")
    #expect(!piped.stdout.contains("\u{1B}"), "stdout is not a terminal: \(piped.stdout.debugDescription)")
    #expect(piped.stdout.contains("ready: git llm review HEAD~1.."))
  }
}
