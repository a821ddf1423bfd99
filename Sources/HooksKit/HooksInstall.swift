/// What `git llm hooks install` was asked to do.
public struct InstallOptions: Sendable {
  /// The hooks to install, in order.
  public var hooks: [HookName]
  /// Replace a git-llm script the user edited.
  public var force = false
  /// Print the hook manager's snippet instead of editing anything.
  public var printOnly = false
  /// Write `hook.git-llm.*` config hooks (git ≥ 2.54) instead of scripts.
  public var configHooks = false
  /// Write scripts into the hooks folder even when a hook manager is detected.
  public var ignoreManagers = false

  public init(hooks: [HookName], force: Bool = false, printOnly: Bool = false, configHooks: Bool = false, ignoreManagers: Bool = false) {
    self.hooks = hooks
    self.force = force
    self.printOnly = printOnly
    self.configHooks = configHooks
    self.ignoreManagers = ignoreManagers
  }
}

/// What install or uninstall did, for the CLI to print.
public struct HooksReport: Sendable, Equatable {
  /// One line per hook: what changed, or that nothing had to.
  public var lines: [String] = []
  /// Text the user should paste into their hook manager's config (stdout).
  public var snippet: String?
  /// Things worth knowing that did not stop the work (stderr).
  public var warnings: [String] = []
  /// Set when nothing was installed and git-llm will not run: why, and what to do (one line for
  /// stderr; the CLI exits 2 after printing the rest of the report).
  public var refusal: String?

  public init() {}
}

/// `git llm hooks install`: chooses between scripts, a hook manager and config hooks.
public enum HooksInstaller {
  public static func install(_ options: InstallOptions, at locations: HookLocations) throws(HooksError) -> HooksReport {
    if options.configHooks { return try ConfigHooksInstaller.install(options.hooks, at: locations) }
    let manager = options.ignoreManagers ? nil : HookManager.detect(locations)
    switch manager {
    case .husky(let folder):
      if options.printOnly {
        var report = HooksReport()
        report.lines = ["husky runs this repository's hooks: add these lines to the files in \(locations.display(folder))"]
        report.snippet = options.hooks.map { "# \(locations.display(folder))/\($0.rawValue)\n\(HookManager.huskyLine($0))\n" }
          .joined(separator: "\n")
        return report
      }
      return try HuskyInstaller.install(options.hooks, folder: folder, at: locations)
    case .lefthook(let evidence):
      return ManagerInstaller.install(options.hooks, manager: .lefthook(evidence: evidence), printOnly: options.printOnly, at: locations)
    case .preCommit(let config):
      return ManagerInstaller.install(options.hooks, manager: .preCommit(config: config), printOnly: options.printOnly, at: locations)
    case nil:
      if options.printOnly {
        throw .refused(
          "--print shows a hook manager's snippet, and none (husky, lefthook, pre-commit) was found; run install without --print")
      }
      return try ScriptInstaller.install(options.hooks, force: options.force, at: locations)
    }
  }
}
