import ArgumentParser

/// `git llm hooks …`: installs, removes and explains git-llm's git hooks (docs/hooks.md).
struct HooksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hooks",
    abstract: "Install, remove or explain git-llm's git hooks (docs/hooks.md).",
    discussion: """
      Hooks: pre-commit (reviews the staged change), prepare-commit-msg (drafts a message), \
      pre-push (reviews the pushed range), post-merge (fine-tune trigger). Without --hook, \
      install picks those turned on by hooks.pre_commit, hooks.prepare_commit_msg, \
      hooks.pre_push and hooks.post_merge. A hook already there is kept and runs first. \
      Skip git-llm for one command with GIT_LLM=0 or SKIP=git-llm.
      """,
    subcommands: [Install.self, Uninstall.self, Status.self])

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "install", abstract: "Install git-llm's hooks into the hooks folder git uses, chaining any hook already there.",
      discussion:
        "Examples:\n  git llm hooks install\n  git llm hooks install --hook pre-commit --hook pre-push\n  git llm hooks install --print")
    @OptionGroup var global: GlobalOptions
    @Option(
      name: .customLong("hook"),
      help: ArgumentHelp("pre-commit, prepare-commit-msg, pre-push or post-merge (repeatable).", valueName: "name"))
    var hooks: [String] = []
    @Flag(help: "Replace git-llm's installed script even though it was edited.")
    var force = false
    @Flag(name: .customLong("print"), help: "With husky, lefthook or pre-commit: print the snippet to add instead of editing.")
    var printOnly = false
    @Flag(help: "Write hook.git-llm.command/event into the local git config instead (needs git 2.54 or later).")
    var configHooks = false
    @Flag(help: "Write the scripts into the hooks folder even when a hook manager is detected.")
    var direct = false

    func run() throws {
      try HookJobs.install(
        directory: global.startDirectory, overrides: global.overrides, hooks: hooks,
        options: .init(force: force, printOnly: printOnly, configHooks: configHooks, direct: direct), quiet: global.quiet)
    }
  }

  struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "uninstall", abstract: "Remove git-llm's hooks and put back exactly what was there before.",
      discussion: "Examples:\n  git llm hooks uninstall\n  git llm hooks uninstall --hook pre-push")
    @OptionGroup var global: GlobalOptions
    @Option(
      name: .customLong("hook"),
      help: ArgumentHelp("Only this hook (repeatable); default: every hook git-llm installed.", valueName: "name"))
    var hooks: [String] = []
    @Flag(help: "Remove git-llm's script even though it was edited (the edits are lost).")
    var force = false

    func run() throws {
      try HookJobs.uninstall(directory: global.startDirectory, hooks: hooks, force: force, quiet: global.quiet)
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status", abstract: "Say, for each hook, what git will run and in which order.",
      discussion: "Examples:\n  git llm hooks status\n  git llm hooks status --hook pre-commit --format json")
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("hook"), help: ArgumentHelp("Only this hook (repeatable); default: all four.", valueName: "name"))
    var hooks: [String] = []
    @Option(help: "text or json.")
    var format: HookJobs.Format = .text

    func run() throws {
      try HookJobs.status(directory: global.startDirectory, overrides: global.overrides, hooks: hooks, format: format, quiet: global.quiet)
    }
  }
}

extension HookJobs.Format: ExpressibleByArgument {}
