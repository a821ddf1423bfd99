import Foundation
import TestSupport
import Testing

/// Runs the built `git-llm` binary the way a user or git would, in an isolated environment
/// (its own HOME and XDG_CONFIG_HOME, no global git config).
struct CLI {
  let home: String

  init() throws {
    home = try makeTemporaryFolder()
  }

  static var binary: String {
    if let explicit = ProcessInfo.processInfo.environment["GIT_LLM_BIN"] { return explicit }
    // The test runner sits next to the products it was built with.
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    if folder.lastPathComponent.hasSuffix(".xctest") { folder = folder.deletingLastPathComponent() }
    return folder.appendingPathComponent("git-llm").path
  }

  @discardableResult
  func run(_ arguments: [String], in directory: String, environment: [String: String] = [:], shell: Bool = false) throws -> ProcessResult {
    let base = [
      "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_CONFIG_GLOBAL": "/dev/null",
      "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "", "TERM": "dumb",
    ]
    var inherited = ProcessInfo.processInfo.environment
    for key in inherited.keys where key.hasPrefix("GIT_LLM") { inherited.removeValue(forKey: key) }
    return try TestSupport.run(
      shell ? "/bin/sh" : CLI.binary, arguments, in: directory,
      environment: inherited.merging(base) { $1 }.merging(environment) { $1 }, inheritEnvironment: false)
  }

  /// `run`, with stderr on a terminal (TERM=xterm unless `environment` says otherwise).
  func runOnTerminal(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
    return try TestSupport.runWithTerminalStderr(CLI.binary, arguments, in: directory, environment: terminalEnvironment(environment))
  }

  /// `run` on a terminal, typing `answers` as their prompts appear (TERM=xterm unless
  /// `environment` says otherwise); stdout a pipe when `stdoutOnTerminal` is false.
  func dialogue(
    _ arguments: [String], in directory: String, environment: [String: String] = [:], answers: [TerminalAnswer],
    stdoutOnTerminal: Bool = true
  ) throws -> TerminalDialogue {
    return try TestSupport.runDialogue(
      CLI.binary, arguments, in: directory, environment: terminalEnvironment(environment), answers: answers,
      stdoutOnTerminal: stdoutOnTerminal)
  }

  /// The environment of a run on a terminal: no GIT_* of the caller's, this harness's home, and
  /// TERM=xterm, with `extra` on top.
  private func terminalEnvironment(_ extra: [String: String]) -> [String: String] {
    var inherited = ProcessInfo.processInfo.environment
    for key in inherited.keys where key.hasPrefix("GIT_") { inherited.removeValue(forKey: key) }
    let base = [
      "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_CONFIG_GLOBAL": "/dev/null",
      "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "", "TERM": "xterm",
    ]
    return inherited.merging(base) { $1 }.merging(extra) { $1 }
  }

  func writeUserConfig(_ text: String) throws {
    try FileManager.default.createDirectory(atPath: home + "/.config/git-llm", withIntermediateDirectories: true)
    try text.write(toFile: home + "/.config/git-llm/config.yaml", atomically: true, encoding: .utf8)
  }
}

extension ProcessResult {
  var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}
