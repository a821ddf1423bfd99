/// Config-defined hooks (git ≥ 2.54): `hook.<name>.command` and `hook.<name>.event` in the local
/// git config. They run beside husky, lefthook or pre-commit without touching the hooks folder.
/// Older git ignores these keys, so installing them there does nothing (git-llm cannot ask git
/// its version without running it).
enum ConfigHooksInstaller {
  /// `git-llm` for pre-commit (the name users will look for), `git-llm-<hook>` for the others.
  static func configName(_ hook: HookName) -> String { hook == .preCommit ? "git-llm" : "git-llm-\(hook.rawValue)" }

  static func install(_ hooks: [HookName], at locations: HookLocations) throws(HooksError) -> HooksReport {
    var manifest = try HookManifest.load(locations) ?? HookManifest(hooksDirectory: locations.hooksDirectory)
    let config = GitConfigFile(path: locations.localConfigPath)
    var report = HooksReport()
    for hook in hooks {
      let name = configName(hook)
      if config.value("hook.\(name).command") == hook.runCommand && config.value("hook.\(name).event") == hook.rawValue {
        report.lines.append("\(hook.rawValue): hook.\(name) is already in \(locations.localConfigPath), nothing changed")
      } else {
        if let other = config.value("hook.\(name).command"), other != hook.runCommand,
          !manifest.configHooks.contains(where: { $0.name == name })
        {
          throw .refused("hook.\(name).command is already set to '\(other)' in \(locations.localConfigPath); remove it, then install again")
        }
        try config.set("hook.\(name).command", hook.runCommand)
        try config.set("hook.\(name).event", hook.rawValue)
        report.lines.append("\(hook.rawValue): set hook.\(name).command and hook.\(name).event in \(locations.localConfigPath)")
      }
      if !manifest.configHooks.contains(where: { $0.name == name }) {
        manifest.configHooks.append(HookManifest.ConfigHook(hook: hook, name: name, command: hook.runCommand))
        for folder in try FileOps.makeDirectories(locations.recordDirectory) { manifest.createdDirectories.append(folder) }
        try manifest.save(locations)
      }
    }
    report.warnings.append("config-defined hooks need git 2.54 or later; older git ignores hook.<name>.* and runs no git-llm hook")
    return report
  }

  static func remove(_ entry: HookManifest.ConfigHook, at locations: HookLocations) throws(HooksError) -> String {
    let config = GitConfigFile(path: locations.localConfigPath)
    try config.remove("hook.\(entry.name).command")
    try config.remove("hook.\(entry.name).event")
    return "\(entry.hook.rawValue): removed hook.\(entry.name) from \(locations.localConfigPath)"
  }
}
