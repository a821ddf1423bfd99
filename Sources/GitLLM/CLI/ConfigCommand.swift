import ArgumentParser

/// `git llm config …`.
struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Show, check, start or trust git-llm configuration (docs/configuration.md).",
    discussion: """
      Layers, each overriding the one before: built-in defaults, ~/.config/git-llm/config.yaml \
      (or $XDG_CONFIG_HOME, or $GIT_LLM_CONFIG), the repository's .git-llm.yaml, the local \
      .git/git-llm.yaml, GIT_LLM_* environment variables, then -c key=value flags.
      """,
    subcommands: [Show.self, Validate.self, Init.self, Trust.self])

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Print the merged configuration (secrets as ***).",
      discussion: "Example: git llm config show --origin")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Say which file, variable or flag set each value.")
    var origin = false

    func run() throws {
      try ConfigJobs.show(directory: global.startDirectory, overrides: global.overrides, origins: origin, quiet: global.quiet)
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "validate", abstract: "Check a config file, or every layer together when no file is named.",
      discussion: "Examples:\n  git llm config validate\n  git llm config validate config/git-llm.yaml")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A git-llm YAML file to check on its own.")
    var file: String?

    func run() throws {
      try ConfigJobs.validate(file: file, directory: global.startDirectory, overrides: global.overrides, quiet: global.quiet)
    }
  }

  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init", abstract: "Write a commented .git-llm.yaml at the top of the work tree.",
      discussion: "Example: git llm config init")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Replace an existing .git-llm.yaml.")
    var force = false

    func run() throws { try ConfigJobs.initialize(directory: global.startDirectory, force: force) }
  }

  struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "trust", abstract: "Trust this repository's .git-llm.yaml as it is now (recorded outside the repository).",
      discussion: """
        A committed .git-llm.yaml was written by someone else, so it may not set provider \
        endpoints, API keys, container hosts or commands. After `git llm config trust` it may, \
        until its content changes. Example: git llm config trust
        """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Forget the trust recorded for this file.")
    var revoke = false

    func run() throws { try ConfigJobs.trust(directory: global.startDirectory, revoke: revoke) }
  }
}
