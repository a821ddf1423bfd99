import Foundation

/// What git will run for each hook, as `git llm hooks status` reports it.
public struct HooksStatus: Sendable, Equatable {
  /// One hook's situation.
  public struct Entry: Sendable, Equatable {
    public enum State: String, Sendable {
      /// git-llm's script is there exactly as written.
      case intact
      /// git-llm's script is there but was changed.
      case edited
      /// A hook manager or a config hook runs git-llm.
      case managed
      /// git-llm does not run for this hook.
      case notInstalled = "not-installed"
    }

    public var hook: HookName
    /// `hooks.<name>` in the configuration.
    public var enabledInConfig: Bool
    public var state: State
    /// What runs, in order.
    public var steps: [String]
    /// The file git runs for this hook.
    public var path: String
  }

  public var hooksDirectory: String
  /// `core.hooksPath` when it decides the hooks folder.
  public var configuredHooksPath: String?
  /// husky, lefthook or pre-commit, when one is in charge.
  public var manager: String?
  /// Why git-llm's part will skip in this environment (GIT_LLM=0, SKIP=git-llm), if it will.
  public var disabledBy: String?
  public var entries: [Entry]

  /// Looks at `hooks` in the repository at `locations`, reading `environment` for the switches;
  /// `enabled` are the hooks the configuration turns on (`HookName.enabled(in:)`).
  public static func inspect(
    _ hooks: [HookName], enabled: [HookName], at locations: HookLocations, environment: [String: String]
  ) -> HooksStatus {
    let manifest = (try? HookManifest.load(locations)) ?? nil
    let manager = HookManager.detect(locations)
    let entries = hooks.map { hook in
      entry(hook, enabled: enabled.contains(hook), manifest: manifest, manager: manager, at: locations)
    }
    return HooksStatus(
      hooksDirectory: locations.hooksDirectory, configuredHooksPath: locations.configuredHooksPath, manager: manager?.name,
      disabledBy: disabled(environment), entries: entries)
  }

  static func disabled(_ environment: [String: String]) -> String? {
    if let value = environment["GIT_LLM"], ["0", "false", "no", "off"].contains(value) { return "GIT_LLM=\(value)" }
    let skip = (environment["SKIP"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    return skip.contains("git-llm") ? "SKIP=\(environment["SKIP"] ?? "")" : nil
  }

  private static func entry(
    _ hook: HookName, enabled: Bool, manifest: HookManifest?, manager: HookManager?, at locations: HookLocations
  ) -> Entry {
    let path = locations.hookPath(hook)
    var result = Entry(hook: hook, enabledInConfig: enabled, state: .notInstalled, steps: [], path: path)
    let gitLLM = "git-llm: \(hook.runCommand) (\(hook.purpose))"
    let configFile = GitConfigFile(path: locations.localConfigPath)
    let configName = ConfigHooksInstaller.configName(hook)
    if configFile.value("hook.\(configName).command") != nil {
      result.state = .managed
      result.steps.append(
        "config hook hook.\(configName): \(configFile.value("hook.\(configName).command") ?? "") (git 2.54 or later only)")
    }
    let script = InstalledScript.state(hook, manifest: manifest, at: locations)
    // git-llm's own script is what git runs when it is there (installed with --direct), whatever
    // manager is detected; otherwise (or once the manager's install replaced it) the manager decides.
    if let manager, script == .absent || (script == .edited && manager.ownsHookFile(hook, at: locations)) {
      managerSteps(hook, manager: manager, into: &result, at: locations)
      return result
    }
    let found = FileOps.state(path)
    switch script {
    case .intact:
      result.state = .intact
      let backup = locations.backupPath(hook)
      let kept = FileOps.state(backup)
      if kept.exists {
        let framework = manager.map { HookManager.isScript(of: $0, FileOps.read(backup)) ? " (\($0.name)'s hook)" : "" } ?? ""
        result.steps.append(
          kept.mode & 0o111 != 0
            ? "your previous hook\(framework): \(backup)" : "your previous hook \(backup) is not executable, so it does not run (as before)"
        )
      }
      result.steps.append(gitLLM)
    case .edited:
      result.state = .edited
      let content = found.kind == .file ? FileOps.read(path) : nil
      result.steps.append(
        "\(locations.display(path)): git-llm's script, edited since install (\(HookDifference.describe(content, expected: Data(hook.script.utf8))))"
      )
    case .absent:
      if found.exists {
        result.steps.append(
          found.mode & 0o111 != 0 || found.kind == .symlink
            ? "\(locations.display(path)) (not git-llm's)" : "\(locations.display(path)) is not executable, so git ignores it")
      }
    }
    if result.steps.isEmpty { result.steps = ["nothing"] }
    return result
  }

  /// What runs where a hook manager is in charge and git-llm's own script is not installed.
  private static func managerSteps(_ hook: HookName, manager: HookManager, into result: inout Entry, at locations: HookLocations) {
    switch manager {
    case .husky(let folder):
      let script = folder + "/" + hook.rawValue
      let text = FileOps.read(script).map { String(decoding: $0, as: UTF8.self) }
      if let text {
        let runs = text.contains(hook.runCommand)
        result.steps.append("husky: \(locations.display(script)) (\(runs ? "contains git-llm" : "does not run git-llm"))")
        if runs { result.state = .managed }
      } else {
        result.steps.append("husky: no \(locations.display(script)), nothing runs")
      }
    case .lefthook(let evidence), .preCommit(let evidence):
      let configured = manager.configuresGitLLM(hook)
      result.steps.append(
        "\(manager.name) manages hooks; git-llm \(configured ? "configured" : "not configured") in \(locations.display(evidence))")
      let path = locations.hookPath(hook)
      if manager.ownsHookFile(hook, at: locations) {
        if configured { result.state = .managed }
      } else if FileOps.state(path).exists {
        result.steps.append(
          "\(locations.display(path)) is not \(manager.name)'s hook, so \(manager.name) does not run for \(hook.rawValue)")
      } else {
        result.steps.append(
          "\(manager.name)'s hook is not installed at \(locations.display(path)), so nothing runs: run \(manager.installCommand([hook]))")
      }
    }
  }
}

extension HooksStatus {
  /// The text `git llm hooks status` prints.
  public func text(_ locations: HookLocations) -> String {
    var lines: [String] = []
    let source = configuredHooksPath.map { " (from core.hooksPath = \($0))" } ?? ""
    lines.append("hooks folder: \(hooksDirectory)\(source)")
    if let manager { lines.append("hook manager: \(manager)") }
    lines.append(disabledBy.map { "git-llm: off in this environment (\($0))" } ?? "git-llm: on (GIT_LLM=0 or SKIP=git-llm turns it off)")
    for entry in entries {
      let config = entry.enabledInConfig ? "on in config" : "off in config"
      lines.append("")
      lines.append("\(entry.hook.rawValue): \(entry.state.rawValue), \(config) — \(locations.display(entry.path))")
      for (index, step) in entry.steps.enumerated() { lines.append("  \(index + 1). \(step)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
