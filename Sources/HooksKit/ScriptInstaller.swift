import Foundation

/// Writes git-llm's scripts into the hooks folder git uses, chaining whatever hook was there.
enum ScriptInstaller {
  /// One hook's planned change, decided for every hook before anything is written.
  private enum Step {
    case unchanged
    case write(HookManifest.Script, note: String)
    case backUpAndWrite(HookManifest.Script, note: String)
  }

  static func install(_ hooks: [HookName], force: Bool, at locations: HookLocations) throws(HooksError) -> HooksReport {
    var manifest = try HookManifest.load(locations) ?? HookManifest(hooksDirectory: locations.hooksDirectory)
    let steps = try hooks.map { hook throws(HooksError) in (hook, try plan(hook, manifest: manifest, force: force, at: locations)) }

    var report = HooksReport()
    if locations.hooksDirectoryIsInWorkTree {
      report.warnings.append(
        "the hooks folder \(locations.display(locations.hooksDirectory)) (core.hooksPath) is inside the work tree: "
          + "git-llm's scripts will show in git status; commit them or list them in .git/info/exclude")
    }
    if steps.allSatisfy({ if case .unchanged = $0.1 { return true } else { return false } }) {
      report.lines = hooks.map { "\($0.rawValue): already installed at \(locations.display(locations.hookPath($0))), nothing changed" }
      return report
    }
    manifest.hooksDirectory = locations.hooksDirectory
    remember(try FileOps.makeDirectories(locations.hooksDirectory), in: &manifest)
    remember(try FileOps.makeDirectories(locations.recordDirectory), in: &manifest)
    for (hook, step) in steps {
      let target = locations.hookPath(hook)
      switch step {
      case .unchanged:
        report.lines.append("\(hook.rawValue): already installed at \(locations.display(target)), nothing changed")
        continue
      case .write(let entry, let note), .backUpAndWrite(let entry, let note):
        if case .backUpAndWrite = step, let backup = entry.backupPath {
          // The user's hook is copied out before ours replaces it in one rename: at every moment
          // one of the two places holds it.
          try FileOps.copyEntry(
            target, to: backup, linkTarget: entry.originalLinkTarget.map { absolute($0, from: locations.hooksDirectory) })
        }
        try FileOps.writeAtomically(Data(hook.script.utf8), to: target, mode: 0o755)
        manifest.scripts.removeAll { $0.hook == hook }
        manifest.scripts.append(entry)
        try manifest.save(locations)
        report.lines.append("\(hook.rawValue): \(note)")
      }
    }
    return report
  }

  private static func plan(_ hook: HookName, manifest: HookManifest, force: Bool, at locations: HookLocations) throws(HooksError) -> Step {
    let target = locations.hookPath(hook)
    let script = Data(hook.script.utf8)
    let found = FileOps.state(target)
    let content = found.kind == .file ? FileOps.read(target) : nil
    var entry = HookManifest.Script(hook: hook, path: target, sha256: script.sha256)
    let shown = locations.display(target)

    if let recorded = manifest.scripts.first(where: { $0.hook == hook }) {
      guard recorded.path == target else {
        throw .refused(
          "git-llm's \(hook.rawValue) hook is installed at \(recorded.path) but git now runs hooks from \(locations.hooksDirectory); "
            + "run git llm hooks uninstall, then install again")
      }
      entry.backupPath = recorded.backupPath
      entry.originalMode = recorded.originalMode
      entry.originalLinkTarget = recorded.originalLinkTarget
      if !found.exists { return .write(entry, note: "reinstalled at \(shown) (it had been removed)") }
      if content == script && found.mode & 0o111 != 0 { return .unchanged }
      if content == script || content?.sha256 == recorded.sha256 {
        return .write(entry, note: "updated at \(shown)")
      }
      guard force else {
        throw .refused(
          "\(shown) was edited after git-llm installed it (\(HookDifference.describe(content, expected: script))); "
            + "move your edits elsewhere or pass --force to replace it")
      }
      return .write(entry, note: "replaced the edited script at \(shown) (--force)")
    }

    switch found.kind {
    case .missing:
      return .write(entry, note: "installed at \(shown)")
    case .file where content == script:
      // Our script without a record (an interrupted install): adopt it and any backup it chains.
      let backup = locations.backupPath(hook)
      let kept = FileOps.state(backup)
      if kept.exists {
        entry.backupPath = backup
        entry.originalMode = kept.mode
      }
      return .write(entry, note: "installed at \(shown)")
    case .file, .symlink:
      let backup = locations.backupPath(hook)
      let kept = FileOps.state(backup)
      // A backup equal to the hook is the trace of an install cut short; anything else is kept.
      if kept.exists && !(found.kind == .file && kept.kind == .file && FileOps.read(backup) == content) {
        throw .refused(
          "\(backup) already holds a saved \(hook.rawValue) hook and \(shown) is not git-llm's; "
            + "move one of them away, then install again")
      }
      entry.backupPath = backup
      entry.originalMode = found.mode
      entry.originalLinkTarget = found.linkTarget
      return .backUpAndWrite(entry, note: "installed at \(shown); your previous hook moved to \(backup) and runs first")
    case .directory, .other:
      throw .refused("\(shown) is not a file; move it away, then install again")
    }
  }

  private static func remember(_ folders: [String], in manifest: inout HookManifest) {
    for folder in folders where !manifest.createdDirectories.contains(folder) { manifest.createdDirectories.append(folder) }
  }

  /// A relative symlink target as seen from `folder`, so the backup (elsewhere) still resolves.
  private static func absolute(_ target: String, from folder: String) -> String {
    target.hasPrefix("/") ? target : URL(fileURLWithPath: target, relativeTo: URL(fileURLWithPath: folder + "/")).standardizedFileURL.path
  }
}
