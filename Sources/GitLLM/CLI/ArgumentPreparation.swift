import ArgumentParser
import Foundation

/// Rewrites the command line into what ArgumentParser can read, the way git reads its own.
///
/// git takes its global options before the command (`git -C dir -c k=v log`); ArgumentParser only
/// reads a command's options after its name. So leading `-C` changes folder here, as git's does
/// (each one relative to the last), and leading `-c`, `--color`, `-v` and `-q` move to just after
/// the command's name. ArgumentParser also reads a value such as `-1` as a flag; a negative
/// number after an option becomes that option's value (`--top -1` → `--top=-1`), so the command
/// can say what is wrong with it.
enum ArgumentPreparation {
  /// What the command line asks for once leading options are applied.
  struct Prepared: Equatable {
    /// The arguments for ArgumentParser (and the fast path).
    var arguments: [String]
    /// The names of the command being run (`["config", "show"]`), for the hint after an error.
    var command: [String]
  }

  static func prepare(_ arguments: [String]) throws(CommandFailure) -> Prepared {
    var index = 0
    var moved: [String] = []
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "-v" || argument == "--verbose" || argument == "-q" || argument == "--quiet" || argument.hasPrefix("--color=") {
        moved.append(argument)
      } else if argument == "-C" || argument == "-c" || argument == "--color" {
        guard index + 1 < arguments.count else {
          throw CommandFailure(.usage, "\(argument) needs a value; see 'git llm -h'")
        }
        index += 1
        if argument == "-C" {
          try changeDirectory(to: arguments[index])
        } else {
          moved += [argument, arguments[index]]
        }
      } else {
        break
      }
      index += 1
    }
    var rest = Array(arguments[index...])
    let command = commandNames(in: rest)
    rest.insert(contentsOf: moved, at: command.count)
    if command.first != "hook" { rest = joiningNegativeValues(rest) }
    return Prepared(arguments: rest, command: command)
  }

  /// `git -C <path>`: an empty path is no change, as in git.
  static func changeDirectory(to path: String) throws(CommandFailure) {
    guard !path.isEmpty else { return }
    guard chdir(path) == 0 else {
      throw CommandFailure(.usage, "-C \(path): \(GlobalOptions.folderProblem(errno)); pass an existing folder")
    }
  }

  /// The leading command and subcommand names (`hooks install`), matched against the command tree.
  static func commandNames(in arguments: [String]) -> [String] {
    var command: ParsableCommand.Type = RootCommand.self
    var names: [String] = []
    for argument in arguments {
      let match = command.configuration.subcommands.first { sub in
        (sub.configuration.commandName ?? "") == argument || sub.configuration.aliases.contains(argument)
      }
      guard let match else { break }
      names.append(argument)
      command = match
    }
    return names
  }

  /// `--top -1` → `--top=-1`, `-n -5` → `-n=-5`, up to `--`. git-llm has no flag spelled like a
  /// number, so such a word can only be meant as the value of the option before it.
  static func joiningNegativeValues(_ arguments: [String]) -> [String] {
    var result: [String] = []
    var pastSeparator = false
    for argument in arguments {
      if pastSeparator || !looksNegative(argument) {
        pastSeparator = pastSeparator || argument == "--"
        result.append(argument)
        continue
      }
      if let last = result.last, isOptionName(last) {
        result[result.count - 1] = last + "=" + argument
      } else {
        result.append(argument)
      }
    }
    return result
  }

  static func looksNegative(_ argument: String) -> Bool {
    let body = argument.dropFirst()
    guard argument.hasPrefix("-"), let first = body.first else { return false }
    return first.isNumber || (first == "." && body.dropFirst().first?.isNumber == true)
  }

  /// `--name` or `-n`: an option that could take the next word as its value.
  private static func isOptionName(_ argument: String) -> Bool {
    guard !argument.contains("="), !looksNegative(argument), argument != "--", argument != "-" else { return false }
    if argument.hasPrefix("--") { return argument.count > 2 }
    return argument.hasPrefix("-") && argument.count == 2
  }
}
