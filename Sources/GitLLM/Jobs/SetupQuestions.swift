import ConfigKit
import Foundation

/// The questions `git llm setup` asks on a terminal, on stderr, with the proposal as each default.
struct SetupQuestions: Sendable {
  /// Shows a prompt and reads one line; nil at end of input.
  let ask: @Sendable (String) -> String?
  let say: @Sendable (String) -> Void

  static let onTerminal = SetupQuestions(
    ask: { prompt in
      Self.writeError(prompt)
      let line = readLine(strippingNewline: true)
      // Ctrl-D leaves the cursor after the prompt; the error that follows gets its own line.
      if line == nil { Self.writeError("\n") }
      return line
    },
    say: { text in Self.writeError(text.hasSuffix("\n") ? text : text + "\n") })

  private static func writeError(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }

  /// Which model heads the chain, whether a remote one may follow (or lead), and which layer.
  func choose(
    _ proposal: SetupProposal, allowRemote: Bool, layer: SetupOptions.Layer?, sources: ConfigSources
  ) throws(SetupError) -> (SetupPlan, SetupOptions.Layer) {
    let choices = Array(proposal.choices.prefix(20))
    guard !choices.isEmpty else { throw proposal.options.provider == nil ? .noModel : proposal.missing() }
    say("Models git-llm can use:")
    for (index, choice) in choices.enumerated() {
      say("  \(index + 1)) \(choice.model)  \(choice.isRemote ? "[remote]" : "[local]")  \(choice.source)")
    }
    let first = choices[try number("Model to review with", count: choices.count) - 1]
    var chain = [first]
    if first.isRemote && !allowRemote {
      guard try confirm("\(first.provider) is remote: code leaves this machine (secrets are scrubbed first). Allow it?", default: false)
      else { throw .remoteNotAllowed(first.provider) }
    } else if !first.isRemote, let cloud = proposal.cloudChoices.first {
      let question = "Fall back to \(cloud.model) (remote: code leaves this machine) when the local model fails?"
      if try allowRemote ? true : confirm(question, default: false) { chain.append(cloud) }
    }
    let chosenLayer: SetupOptions.Layer
    if let layer {
      chosenLayer = layer
    } else if let local = sources.localFilePath, let user = sources.userFilePath {
      say("Where to write it:\n  1) \(user)  (every repository)\n  2) \(local)  (this clone only)")
      chosenLayer = try number("File", count: 2) == 1 ? .global : .local
    } else {
      chosenLayer = .global
    }
    return (SetupPlan(chain: chain), chosenLayer)
  }

  /// A 1-based choice; the first is the default. Three wrong answers give up.
  func number(_ question: String, count: Int) throws(SetupError) -> Int {
    for _ in 0..<3 {
      guard let line = ask("\(question) [1]: ") else { throw .endOfInput }
      let text = line.trimmingCharacters(in: .whitespaces)
      if text.isEmpty { return 1 }
      if let value = Int(text), value >= 1, value <= count { return value }
      say("answer a number from 1 to \(count), or press Enter for 1")
    }
    throw .noAnswer(question)
  }

  /// Yes or no; Enter takes the default. Anything else is asked again, never read as either.
  func confirm(_ question: String, default yes: Bool = true) throws(SetupError) -> Bool {
    for _ in 0..<3 {
      guard let line = ask("\(question) [\(yes ? "Y/n" : "y/N")]: ") else { throw .endOfInput }
      switch line.trimmingCharacters(in: .whitespaces).lowercased() {
      case "": return yes
      case "y", "yes": return true
      case "n", "no": return false
      default: say("answer y or n, or press Enter for \(yes ? "y" : "n")")
      }
    }
    throw .noAnswer(question)
  }
}
