import Foundation
import GitKit

/// Runs the commands a git hook issues on every commit (`hook run <name>`, `diff --staged`)
/// without building ArgumentParser's command tree, which costs several milliseconds of
/// reflection per run (measured in bench/).
///
/// Only exact, simple argument lists take this path; anything else (help, unknown flags,
/// paths, ranges) returns nil and goes through the full parser, which gives the same result
/// and the same errors. `FastPathTests` checks both paths print the same bytes.
enum FastPath {
  static func run(_ arguments: [String]) async -> Int32? {
    if arguments.count >= 3, arguments[0] == "hook", arguments[1] == "run", !arguments[2].hasPrefix("-") {
      return await hook(arguments[2], Array(arguments.dropFirst(3)))
    }
    guard arguments.first == "diff" else { return nil }
    var staged = false, worktree = false
    var format = DiffFormat.patch
    var color = ColorChoice.auto
    var index = 1
    func value(_ flag: String) -> String? {
      let argument = arguments[index]
      if argument.hasPrefix(flag + "=") { return String(argument.dropFirst(flag.count + 1)) }
      guard argument == flag, index + 1 < arguments.count else { return nil }
      index += 1
      return arguments[index]
    }
    while index < arguments.count {
      let argument = arguments[index]
      switch argument {
      case "--staged", "--cached": staged = true
      case "--worktree": worktree = true
      default:
        if argument.hasPrefix("--format"), let text = value("--format"), let parsed = DiffFormat(rawValue: text) {
          format = parsed
        } else if argument.hasPrefix("--color"), let text = value("--color"), let parsed = ColorChoice(rawValue: text) {
          color = parsed
        } else {
          return nil
        }
      }
      index += 1
    }
    guard !(staged && worktree) else { return nil }
    let job = DiffJob(
      directory: FileManager.default.currentDirectoryPath, selection: staged ? .staged : .worktree,
      format: format, options: DiffOptions(), color: Terminal(choice: color).colorsStdout)
    do {
      try job.run()
      return ExitStatus.ok.rawValue
    } catch {
      return GitLLMMain.report(error)
    }
  }

  /// `hook run <name> [args…]`: every hook invocation pays the parser's cost otherwise.
  static func hook(_ name: String, _ arguments: [String]) async -> Int32 {
    do {
      return try await HookRunJob(hook: name, arguments: arguments, directory: FileManager.default.currentDirectoryPath).run().rawValue
    } catch {
      return GitLLMMain.report(error)
    }
  }
}
