import Foundation

/// The environment variables configuration reads, passed in rather than read globally so tests
/// and callers control exactly what is seen.
public struct ConfigEnvironment: Sendable {
  /// Variable name to value.
  public let variables: [String: String]

  /// Wraps a set of variables.
  public init(variables: [String: String]) { self.variables = variables }

  /// The process environment.
  public static func current() -> ConfigEnvironment {
    ConfigEnvironment(variables: ProcessInfo.processInfo.environment)
  }

  /// A variable's value, treating empty as unset.
  func value(_ name: String) -> String? {
    guard let value = variables[name], !value.isEmpty else { return nil }
    return value
  }

  /// `$XDG_CONFIG_HOME/git-llm`, else `$HOME/.config/git-llm`; nil when neither is known.
  var configDirectory: String? {
    if let xdg = value("XDG_CONFIG_HOME"), xdg.hasPrefix("/") { return xdg + "/git-llm" }
    if let home = value("HOME") { return home + "/.config/git-llm" }
    return nil
  }
}

/// A typed command-line flag that sets a configuration key, e.g. `--fail-on high`.
public struct ConfigFlag: Sendable, Equatable {
  /// Dotted key path, e.g. `review.fail_on`.
  public let keyPath: String
  /// The value as text; lists are comma-separated.
  public let value: String
  /// The flag as typed, e.g. `--fail-on`; shown as the origin.
  public let flag: String

  /// Creates a flag override.
  public init(keyPath: String, value: String, flag: String) {
    self.keyPath = keyPath
    self.value = value
    self.flag = flag
  }
}

/// Where configuration is looked for.
public struct ConfigSources: Sendable {
  /// Environment for `GIT_LLM_*` variables, `${VAR}` expansion and file locations.
  public let environment: ConfigEnvironment
  /// Top of the worktree, holding `.git-llm.yaml`; nil outside a repository.
  public let worktreeRoot: String?
  /// The git directory, holding `git-llm.yaml`; nil outside a repository.
  public let gitDirectory: String?
  /// `-c key.path=value` strings, applied in order.
  public let overrides: [String]
  /// Typed flags, applied after `overrides`.
  public let flags: [ConfigFlag]

  /// Describes where to look.
  public init(
    environment: ConfigEnvironment, worktreeRoot: String?, gitDirectory: String?, overrides: [String] = [],
    flags: [ConfigFlag] = []
  ) {
    self.environment = environment
    self.worktreeRoot = worktreeRoot
    self.gitDirectory = gitDirectory
    self.overrides = overrides
    self.flags = flags
  }

  /// `$GIT_LLM_CONFIG` if set, else the user's config file; nil when no home is known.
  public var userFilePath: String? {
    if let explicit = environment.value("GIT_LLM_CONFIG") { return explicit }
    return environment.configDirectory.map { $0 + "/config.yaml" }
  }

  /// The repository's committed file.
  public var repositoryFilePath: String? {
    worktreeRoot.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/.git-llm.yaml" }
  }

  /// The untracked per-clone file.
  public var localFilePath: String? {
    gitDirectory.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/git-llm.yaml" }
  }
}
