/// `git llm hooks install` where lefthook or the pre-commit framework is in charge: git-llm edits
/// neither's files, so it says per hook whether git-llm already runs and, when it does not, that
/// nothing was installed and what to do (the CLI then exits 2, unless `--print` asked only for
/// the snippet).
enum ManagerInstaller {
  static func install(_ hooks: [HookName], manager: HookManager, printOnly: Bool, at locations: HookLocations) -> HooksReport {
    let manifest = (try? HookManifest.load(locations)) ?? nil
    let config = manager.evidence.map(locations.display) ?? manager.name
    var report = HooksReport()
    report.lines = [
      "\(manager.name == "pre-commit" ? "the pre-commit framework" : manager.name) manages this repository's hooks (\(config)); git-llm does not edit its files"
    ]
    var missing: [HookName] = []
    for hook in hooks {
      let path = locations.display(locations.hookPath(hook))
      if InstalledScript.state(hook, manifest: manifest, at: locations) == .intact {
        report.lines.append("\(hook.rawValue): git-llm's own script is installed at \(path) (with --direct), nothing changed")
        continue
      }
      let configured = manager.configuresGitLLM(hook)
      let runs = manager.ownsHookFile(hook, at: locations)
      if configured && runs {
        report.lines.append("\(hook.rawValue): \(manager.name) runs git-llm (\(config)), nothing changed")
        continue
      }
      missing.append(hook)
      report.lines.append(
        "\(hook.rawValue): nothing installed; "
          + (configured
            ? "\(config) runs git-llm, but \(path) is not \(manager.name)'s hook, so git does not run it"
            : "git-llm is not in \(config)"))
    }
    guard !missing.isEmpty else { return report }
    let unconfigured = missing.filter { !manager.configuresGitLLM($0) }
    if !unconfigured.isEmpty {
      if case .lefthook = manager {
        report.snippet = HookManager.lefthookSnippet(unconfigured)
      } else {
        report.snippet = HookManager.preCommitSnippet(unconfigured)
      }
    }
    func todo(_ position: String) -> String {
      (unconfigured.isEmpty ? "" : "add the entries printed \(position) to \(config), then ")
        + "run \(manager.installCommand(missing)); or run git llm hooks install --direct to write git-llm's own scripts instead"
    }
    report.lines.append("to have git-llm review: " + todo("below"))
    if !printOnly {
      report.refusal =
        "nothing installed for \(missing.map(\.rawValue).joined(separator: ", ")): \(manager.name) manages the hooks; \(todo("above"))"
    }
    return report
  }
}
