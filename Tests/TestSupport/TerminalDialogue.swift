import Foundation

/// What a user types on a terminal once the screen shows a prompt.
public struct TerminalAnswer: Sendable {
  /// Text the screen shows (after the previous answer's prompt) before the keys are typed.
  public let prompt: String
  public let keys: String

  /// `text`, then Enter (a carriage return, as a terminal sends it).
  public static func line(_ text: String, after prompt: String) -> TerminalAnswer { TerminalAnswer(prompt: prompt, keys: text + "\r") }

  /// Ctrl-D at the start of a line: the program reads end of input.
  public static func endOfInput(after prompt: String) -> TerminalAnswer { TerminalAnswer(prompt: prompt, keys: "\u{04}") }
}

/// What a dialogue on a terminal left behind.
public struct TerminalDialogue: Sendable {
  public let status: Int32
  /// Everything the terminal showed (output, prompts and the echo of what was typed), "\r\n" read as "\n".
  public let screen: String
  /// Standard output, when it was a pipe rather than the terminal.
  public let stdout: String
  /// The prompts of answers never typed, because the prompt never appeared.
  public let unanswered: [String]
}

/// Runs a program with stdin and stderr (and stdout, unless `stdoutOnTerminal` is false, as with
/// `> file`) on a pseudo-terminal, and types each answer once its prompt appears on the screen.
/// `deadline` only stops a program that waits forever (a prompt that never came); it kills it.
public func runDialogue(
  _ executable: String, _ arguments: [String], in directory: String, environment: [String: String],
  answers: [TerminalAnswer], stdoutOnTerminal: Bool = true, deadline: Duration = .seconds(120)
) throws -> TerminalDialogue {
  let (process, master, out) = try startOnTerminal(
    executable, arguments, in: directory, environment: environment, stdinOnTerminal: true, stdoutOnTerminal: stdoutOnTerminal)
  defer { close(master) }
  let collected = ReadBox()
  let group = DispatchGroup()
  if let out {
    group.enter()
    DispatchQueue.global().async {
      collected.set(out.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
  }
  let (screen, unanswered) = converse(master, answers: answers, until: ContinuousClock.now + deadline) {
    kill(process.processIdentifier, SIGKILL)
  }
  process.waitUntilExit()
  group.wait()
  let text = String(decoding: screen, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
  return TerminalDialogue(
    status: process.terminationStatus, screen: text, stdout: String(decoding: collected.get(), as: UTF8.self),
    unanswered: unanswered)
}

/// Reads the master until the program is gone, typing each answer after its prompt.
private func converse(
  _ master: Int32, answers: [TerminalAnswer], until end: ContinuousClock.Instant, stop: () -> Void
) -> (Data, [String]) {
  var screen = Data()
  var searchFrom = 0
  var pending = answers[...]
  var stopped = false
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    if !stopped && ContinuousClock.now >= end {
      stop()
      stopped = true
    }
    var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    let ready = poll(&poller, 1, 200)
    if ready < 0 && errno != EINTR { break }
    if ready <= 0 { continue }
    let count = read(master, &buffer, buffer.count)
    if count < 0 && errno == EINTR { continue }
    if count <= 0 { break }
    screen.append(contentsOf: buffer[0..<count])
    while let next = pending.first, let found = screen.range(of: Data(next.prompt.utf8), in: searchFrom..<screen.endIndex) {
      searchFrom = found.upperBound
      let keys = Array(next.keys.utf8)
      _ = keys.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      pending.removeFirst()
    }
  }
  return (screen, pending.map(\.prompt))
}
