import Foundation

/// Adds git-llm to husky's own scripts (`.husky/<hook>`), the files husky's shims in `.husky/_`
/// run, instead of writing into the hooks folder husky regenerates.
enum HuskyInstaller {
  static func install(_ hooks: [HookName], folder: String, at locations: HookLocations) throws(HooksError) -> HooksReport {
    var manifest = try HookManifest.load(locations) ?? HookManifest(hooksDirectory: locations.hooksDirectory)
    var report = HooksReport()
    for hook in hooks {
      let path = folder + "/" + hook.rawValue
      let line = HookManager.huskyLine(hook)
      let found = FileOps.state(path)
      guard found.kind == .file || found.kind == .missing else {
        throw .refused("\(locations.display(path)) is not a file; add this line to husky's \(hook.rawValue) script by hand: \(line)")
      }
      let text = FileOps.read(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
      if text.contains(line) {
        report.lines.append("\(hook.rawValue): husky's \(locations.display(path)) already runs git-llm, nothing changed")
        continue
      }
      let appended = (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + line + "\n"
      let mode: UInt16 = found.exists ? found.mode : 0o755
      if FileOps.state(locations.recordDirectory).kind == .missing {
        for folder in try FileOps.makeDirectories(locations.recordDirectory) where !manifest.createdDirectories.contains(folder) {
          manifest.createdDirectories.append(folder)
        }
      }
      try FileOps.writeAtomically(Data((text + appended).utf8), to: path, mode: mode)
      manifest.husky.removeAll { $0.hook == hook }
      manifest.husky.append(HookManifest.HuskyLine(hook: hook, path: path, appended: appended, createdFile: !found.exists))
      try manifest.save(locations)
      report.lines.append("\(hook.rawValue): added git-llm to husky's \(locations.display(path))")
    }
    return report
  }

  /// Takes git-llm's line back out; the file ends up as it was before install.
  static func remove(_ entry: HookManifest.HuskyLine, force: Bool, at locations: HookLocations) throws(HooksError) -> String {
    let shown = locations.display(entry.path)
    guard let data = FileOps.read(entry.path) else { return "\(entry.hook.rawValue): \(shown) is gone, nothing to remove" }
    let text = String(decoding: data, as: UTF8.self)
    let line = HookManager.huskyLine(entry.hook)
    var remaining: String
    if text.hasSuffix(entry.appended) {
      remaining = String(text.dropLast(entry.appended.count))
    } else if text.contains(line) {
      guard force else {
        throw .refused(
          "\(shown) changed after git-llm's line was added (it is no longer the last line); remove the git-llm line by hand or pass --force"
        )
      }
      remaining = text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0 != line }.joined(separator: "\n")
    } else {
      return "\(entry.hook.rawValue): \(shown) no longer runs git-llm, nothing to remove"
    }
    if entry.createdFile && remaining.isEmpty {
      try FileOps.remove(entry.path)
      return "\(entry.hook.rawValue): removed \(shown) (git-llm had created it)"
    }
    try FileOps.writeAtomically(Data(remaining.utf8), to: entry.path, mode: FileOps.state(entry.path).mode)
    return "\(entry.hook.rawValue): removed git-llm's line from \(shown)"
  }
}
