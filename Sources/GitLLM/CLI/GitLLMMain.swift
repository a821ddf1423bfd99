import ArgumentParser
import ConfigKit
import FinetuneKit
import Foundation
import GitKit
import OutputKit

/// Runs the command line and maps every outcome onto the documented exit statuses.
public enum GitLLMMain {
  public static func run(_ arguments: [String]? = nil) async -> Never {
    let prepared: ArgumentPreparation.Prepared
    do {
      prepared = try ArgumentPreparation.prepare(arguments ?? Array(CommandLine.arguments.dropFirst()))
    } catch {
      exit(report(error))
    }
    if let status = await FastPath.run(prepared.arguments) { exit(status) }
    do {
      var command = try RootCommand.parseAsRoot(prepared.arguments)
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
      exit(ExitStatus.ok.rawValue)
    } catch {
      exit(report(error, command: prepared.command))
    }
  }

  /// Prints one line about `error` on stderr (help and version go to stdout) and picks the status.
  /// `command` names the command that was run, for the hint after a usage error.
  static func report(_ error: Error, command: [String] = []) -> Int32 {
    if let failure = presentation(of: error) {
      for line in failure.lines { Diagnostics.error(line) }
      return failure.status.rawValue
    }
    let code = RootCommand.exitCode(for: error)
    let message = RootCommand.fullMessage(for: error)
    if code == .success {
      if !message.isEmpty { print(message) }
      return ExitStatus.ok.rawValue
    }
    if error is ExitCode { return code.rawValue }
    let line = oneLine(RootCommand.message(for: error))
    if !line.isEmpty { Diagnostics.error(line) }
    // ArgumentParser's usage errors exit 64; git-llm documents 2 for every usage error.
    guard code == .validationFailure else { return ExitStatus.incomplete.rawValue }
    Diagnostics.hint("see '\((["git llm"] + command).joined(separator: " ")) -h' for the options")
    return ExitStatus.usage.rawValue
  }

  /// What git-llm's own errors print and the status they end with; nil for ArgumentParser's
  /// errors (usage, help, version), which the parser words. Every error type git-llm throws is a
  /// `LocalizedError`, and its `errorDescription` is the line printed: the same text whether the
  /// error ends the command here or is quoted in a log, a note or a finding.
  static func presentation(of error: Error) -> (lines: [String], status: ExitStatus)? {
    switch error {
    case let error as ConfigError:
      return (error.problems.map(\.description), .usage)
    case let error as CommandFailure:
      return (error.message.map { [$0] } ?? [], error.status)
    case let error as GitError:
      if case .library = error { return ([error.description], .incomplete) }
      return ([error.description], .usage)
    case let error as AtomicFileError:
      return ([error.description], .incomplete)
    case let error as FinetuneError:
      return ([error.errorDescription ?? ""], error.isUsage ? .usage : .incomplete)
    case let error as LocalizedError:
      // ArgumentParser's own errors are not `LocalizedError`s; one that names no message is
      // left to it as well.
      guard let text = error.errorDescription else { return nil }
      return ([oneLine(text)].filter { !$0.isEmpty }, .incomplete)
    default:
      return nil
    }
  }

  /// The one line the command line prints for `error` (joined with "; " when it has several),
  /// without the "git-llm: error:" prefix: what an MCP tool error says.
  @Sendable static func oneLineMessage(for error: Error) -> String {
    if let failure = presentation(of: error) { return failure.lines.joined(separator: "; ") }
    return oneLine(RootCommand.message(for: error))
  }

  /// ArgumentParser's message as one line in git-llm's voice: lower-case start, no full stop,
  /// several sentences joined.
  static func oneLine(_ message: String) -> String {
    let parts = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var text = parts.joined(separator: "; ")
    while text.hasSuffix(".") { text.removeLast() }
    text = text.replacingOccurrences(of: ". Did you mean", with: "; did you mean")
    guard let first = text.first, first.isUppercase, text.dropFirst().first?.isUppercase != true else { return text }
    return first.lowercased() + text.dropFirst()
  }
}

/// A command's own failure: an optional one-line message and the status to exit with.
public struct CommandFailure: LocalizedError {
  public let status: ExitStatus
  public let message: String?
  public init(_ status: ExitStatus, _ message: String? = nil) {
    self.status = status
    self.message = message
  }

  /// The message; a failure that prints none (findings at the threshold) reads as its status.
  public var errorDescription: String? { message ?? "stopped with exit status \(status.rawValue)" }
}
