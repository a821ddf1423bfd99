import Foundation

/// `git llm hooks uninstall`: puts back exactly what install found, as recorded in the manifest.
public enum HooksUninstaller {
  /// Removes git-llm's hooks (`hooks`, or every one recorded when nil). Checks every script
  /// first, so a refusal leaves everything as it was.
  public static func uninstall(_ hooks: [HookName]?, force: Bool, at locations: HookLocations) throws(HooksError) -> HooksReport {
    var report = HooksReport()
    guard var manifest = try HookManifest.load(locations) else {
      report.lines = ["git-llm has no hooks installed here (no \(locations.manifestPath)), nothing changed"]
      return report
    }
    let selected = { (hook: HookName) in hooks?.contains(hook) ?? true }
    let scripts = manifest.scripts.filter { selected($0.hook) }
    for entry in scripts { try check(entry, force: force, at: locations) }

    for entry in scripts {
      report.lines.append(try restore(entry, at: locations))
      manifest.scripts.removeAll { $0 == entry }
      try manifest.save(locations)
    }
    for entry in manifest.husky where selected(entry.hook) {
      report.lines.append(try HuskyInstaller.remove(entry, force: force, at: locations))
      manifest.husky.removeAll { $0 == entry }
      try manifest.save(locations)
    }
    for entry in manifest.configHooks where selected(entry.hook) {
      report.lines.append(try ConfigHooksInstaller.remove(entry, at: locations))
      manifest.configHooks.removeAll { $0 == entry }
      try manifest.save(locations)
    }
    if manifest.isEmpty {
      // Only folders install made, and only when empty: anything else in them is someone else's.
      FileOps.removeEmptyDirectories(manifest.createdDirectories)
      rmdir(locations.recordDirectory)
    }
    if report.lines.isEmpty { report.lines = ["none of the named hooks was installed by git-llm, nothing changed"] }
    return report
  }

  /// Refuses when the installed script is no longer what git-llm wrote, unless forced.
  private static func check(_ entry: HookManifest.Script, force: Bool, at locations: HookLocations) throws(HooksError) {
    let found = FileOps.state(entry.path)
    guard found.exists, !force else { return }
    let content = found.kind == .file ? FileOps.read(entry.path) : nil
    if content?.sha256 == entry.sha256 { return }
    let shown = locations.display(entry.path)
    let action = entry.backupPath.map { "put back your previous hook from \($0)" } ?? "remove it"
    throw .refused(
      "\(shown) was edited after git-llm installed it (\(HookDifference.describe(content, expected: Data(entry.hook.script.utf8)))); "
        + "save your edits elsewhere, or pass --force to \(action) anyway")
  }

  private static func restore(_ entry: HookManifest.Script, at locations: HookLocations) throws(HooksError) -> String {
    let shown = locations.display(entry.path)
    guard let backup = entry.backupPath, FileOps.state(backup).exists else {
      try FileOps.remove(entry.path)
      return "\(entry.hook.rawValue): removed \(shown)"
    }
    if let link = entry.originalLinkTarget {
      try FileOps.writeSymlink(link, at: entry.path)
    } else {
      try FileOps.copyEntry(backup, to: entry.path)
      if let mode = entry.originalMode { try FileOps.setMode(entry.path, mode) }
    }
    try FileOps.remove(backup)
    return "\(entry.hook.rawValue): put back your previous hook at \(shown)"
  }
}
