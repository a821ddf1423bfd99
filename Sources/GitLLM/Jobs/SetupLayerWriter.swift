import ConfigKit
import Foundation
import OutputKit

/// The file setup writes: the plan's keys set in what the file held, proven to load before it
/// replaces the file (atomically).
enum SetupLayerWriter {
  static let header = "# git-llm configuration, written by `git llm setup` (docs/providers.md, docs/configuration.md).\n"

  /// The new text of the layer at `path` (`old` nil: a new file). Checked: it loads on its own
  /// with the current environment, and routes as the plan says.
  static func edited(_ old: String?, plan: SetupPlan, path: String, keys: SetupPlan.KeyText) throws(SetupError) -> String {
    guard let text = LayerEdit.applying(plan.assignments(keys: keys), to: old ?? header) else { throw .cannotEdit(path) }
    try check(text, plan: plan, path: path)
    return text
  }

  /// What is shown of the new text: with literal keys, each as `***`.
  static func shown(_ old: String?, plan: SetupPlan, path: String, keys: SetupPlan.KeyText) throws(SetupError) -> String {
    guard let text = LayerEdit.applying(plan.assignments(keys: keys.isLiteral ? .masked : keys), to: old ?? header) else {
      throw .cannotEdit(path)
    }
    return text
  }

  private static func check(_ text: String, plan: SetupPlan, path: String) throws(SetupError) {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("git-llm-setup-\(getpid())-\(UUID().uuidString).yaml").path
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    do {
      try AtomicFile.write(Data(text.utf8), to: scratch, mode: 0o600)
    } catch {
      throw .cannotWrite(error.description)
    }
    let config: Config
    do {
      config = try ConfigLoader.loadStandalone(path: scratch, environment: .current()).config
    } catch {
      throw .invalidResult(path, detail: error.description.replacingOccurrences(of: scratch, with: path))
    }
    guard plan.isSatisfied(by: config) else { throw .cannotEdit(path) }
  }

  /// Replaces the file; an existing one is kept beside it as `<path>.bak`, which is returned.
  /// The file keeps its mode (a user file made private stays so), and is 0600 when it holds a
  /// `secret`; so is the backup, which may hold one written before.
  static func write(_ text: String, to path: String, replacing old: String?, secret: Bool) throws(SetupError) -> String? {
    var status = stat()
    let existing: mode_t? = stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
    let mode = secret ? 0o600 : existing ?? 0o666
    do {
      var backup: String?
      if let old, old != text {
        try AtomicFile.write(Data(old.utf8), to: path + ".bak", mode: secret ? 0o600 : existing ?? 0o666)
        backup = path + ".bak"
      }
      try AtomicFile.write(Data(text.utf8), to: path, mode: mode)
      return backup
    } catch {
      throw .cannotWrite(error.description)
    }
  }
}
