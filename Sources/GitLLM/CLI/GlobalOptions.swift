import ArgumentParser
import Foundation

/// Flags every command takes.
public struct GlobalOptions: ParsableArguments {
  @Option(name: [.customShort("C")], help: ArgumentHelp("Run as if started in <path>, like git -C.", valueName: "path"))
  public var directory: String?

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

  /// The folder to start from: `-C` resolved against the current directory.
  public var startDirectory: String {
    let current = FileManager.default.currentDirectoryPath
    guard let directory else { return current }
    return directory.hasPrefix("/") ? directory : current + "/" + directory
  }

  public var terminal: Terminal { Terminal(choice: color) }
}

extension ColorChoice: ExpressibleByArgument {}
