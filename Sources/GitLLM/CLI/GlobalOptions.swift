import ArgumentParser
import Foundation

/// Flags every command takes.
public struct GlobalOptions: ParsableArguments {
  @Option(
    name: [.customShort("C")],
    help: ArgumentHelp("Run as if started in <path>, like git -C (repeatable; each relative to the last).", valueName: "path"))
  public var directories: [String] = []

  @Option(
    name: [.customShort("c")],
    help: ArgumentHelp("Override a config key for this run, e.g. -c review.fail_on=high (repeatable).", valueName: "key=value"))
  public var overrides: [String] = []

  @Option(help: "When to colour output: auto (a terminal without NO_COLOR), always or never.")
  public var color: ColorChoice = .auto

  @Flag(name: .shortAndLong, help: "Say more on stderr (which provider answered, timings).")
  public var verbose = false

  @Flag(name: .shortAndLong, help: "Say nothing on stderr but errors.")
  public var quiet = false

  public init() {}

  public func validate() throws {
    var folder = FileManager.default.currentDirectoryPath
    for directory in directories where !directory.isEmpty {
      folder = Self.resolve(directory, against: folder)
      var status = stat()
      if stat(folder, &status) != 0 {
        throw ValidationError("-C \(directory): \(Self.folderProblem(errno)); pass an existing folder")
      }
      if (status.st_mode & S_IFMT) != S_IFDIR {
        throw ValidationError("-C \(directory): \(Self.folderProblem(ENOTDIR)); pass an existing folder")
      }
    }
  }

  /// The folder to start from: each `-C` resolved against the one before, from the current
  /// directory, as `git -C a -C b` means a/b.
  public var startDirectory: String {
    directories.reduce(FileManager.default.currentDirectoryPath) { folder, directory in
      directory.isEmpty ? folder : Self.resolve(directory, against: folder)
    }
  }

  public var terminal: Terminal { Terminal(choice: color) }

  static func resolve(_ path: String, against folder: String) -> String {
    path.hasPrefix("/") ? path : folder + "/" + path
  }

  /// Why a folder can't be used, in plain words.
  static func folderProblem(_ code: Int32) -> String {
    switch code {
    case ENOENT: return "no such folder"
    case ENOTDIR: return "not a folder"
    case EACCES: return "permission denied"
    default: return String(cString: strerror(code)).lowercased()
    }
  }
}

extension ColorChoice: ExpressibleByArgument {}
