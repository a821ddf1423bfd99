import Foundation

/// Points a model alias at a model in the repository's local configuration file
/// (`<git dir>/git-llm.yaml`), editing the text so that the file's comments and order stay: only
/// the alias's own entry under `models:` is written (replaced when it is there, added otherwise).
public enum ModelAlias {
  public static func point(gitDirectory: String, alias: String, provider: String, model: String) throws(ConfigError) {
    let path = (gitDirectory.hasSuffix("/") ? String(gitDirectory.dropLast()) : gitDirectory) + "/git-llm.yaml"
    let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    let text = edited(old, alias: alias, provider: provider, model: model)
    do {
      try text.write(toFile: path + ".tmp", atomically: false, encoding: .utf8)
      _ = try ConfigLoader.validate(fileAt: path + ".tmp", environment: .current())
      try? FileManager.default.removeItem(atPath: path)
      try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
    } catch let error as ConfigError {
      try? FileManager.default.removeItem(atPath: path + ".tmp")
      throw error
    } catch {
      try? FileManager.default.removeItem(atPath: path + ".tmp")
      throw ConfigError.io(path: path, detail: error.localizedDescription)
    }
  }

  /// `text` with `models.<alias>` set; everything else as it was.
  public static func edited(_ text: String, alias: String, provider: String, model: String) -> String {
    var lines = text.isEmpty ? [] : text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    let entry = ["  \(alias):", "    provider: \(quoted(provider))", "    model: \(quoted(model))"]
    guard let models = lines.firstIndex(where: { $0.hasPrefix("models:") }) else {
      return (lines + (lines.isEmpty ? [] : [""]) + ["models:"] + entry).joined(separator: "\n") + "\n"
    }
    // The models block ends at the next line that starts at column 0 (not a comment or blank).
    let end =
      lines[(models + 1)...].firstIndex { line in
        guard let first = line.first else { return false }
        return first != " " && first != "#"
      } ?? lines.count
    if let start = lines[(models + 1)..<end].firstIndex(where: { $0 == "  \(alias):" || $0.hasPrefix("  \(alias): ") }) {
      let stop =
        lines[(start + 1)..<end].firstIndex { line in
          !line.hasPrefix("   ") && !line.trimmingCharacters(in: .whitespaces).isEmpty
        } ?? end
      lines.replaceSubrange(start..<stop, with: entry)
    } else {
      lines.insert(contentsOf: entry, at: models + 1)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
