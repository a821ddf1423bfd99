import OutputKit
import ArgumentParser
import ConfigKit
import Foundation
import GitKit

/// Runs the command line and maps every outcome onto the documented exit statuses.
public enum GitLLMMain {
  public static func run(_ arguments: [String]? = nil) async -> Never {
    if let status = await FastPath.run(arguments ?? Array(CommandLine.arguments.dropFirst())) { exit(status) }
    do {
      var command = try RootCommand.parseAsRoot(arguments)
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
      exit(ExitStatus.ok.rawValue)
    } catch {
      exit(report(error))
    }
  }

  /// Prints one line about `error` on stderr (help and version go to stdout) and picks the status.
  static func report(_ error: Error) -> Int32 {
    switch error {
    case let error as GitError:
      Diagnostics.error(error.description)
      if case .library = error { return ExitStatus.incomplete.rawValue }
      return ExitStatus.usage.rawValue
    case let error as ConfigError:
      for problem in error.problems { Diagnostics.error(problem.description) }
      return ExitStatus.usage.rawValue
    case let error as AtomicFileError:
      Diagnostics.error(error.description)
      return ExitStatus.incomplete.rawValue
    case let error as CommandFailure:
      if let message = error.message { Diagnostics.error(message) }
      return error.status.rawValue
    default:
      break
    }
    let code = RootCommand.exitCode(for: error)
    let message = RootCommand.fullMessage(for: error)
    if code == .success {
      if !message.isEmpty { print(message) }
      return ExitStatus.ok.rawValue
    }
    if error is ExitCode { return code.rawValue }
    if !message.isEmpty {
      FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    // ArgumentParser's usage errors exit 64; git-llm documents 2 for every usage error.
    return code == .validationFailure ? ExitStatus.usage.rawValue : ExitStatus.incomplete.rawValue
  }
}

/// A command's own failure: an optional one-line message and the status to exit with.
public struct CommandFailure: Error {
  public let status: ExitStatus
  public let message: String?
  public init(_ status: ExitStatus, _ message: String? = nil) {
    self.status = status
    self.message = message
  }
}
