import ConfigKit
import Foundation

/// What `git llm hooks install` changed, so that `uninstall` can put everything back exactly.
/// Kept at `<common git dir>/llm/hooks/manifest.json`.
public struct HookManifest: Codable, Equatable, Sendable {
  /// A script written into the hooks folder.
  public struct Script: Codable, Equatable, Sendable {
    public var hook: HookName
    /// Where the script was written.
    public var path: String
    /// SHA-256 of the bytes written; a different file there means the user edited it.
    public var sha256: String
    /// Where the user's previous hook was moved, when there was one.
    public var backupPath: String?
    /// The previous hook's permission bits, restored on uninstall.
    public var originalMode: UInt16?
    /// The previous hook was a symlink with this target (kept as written, relative or not).
    public var originalLinkTarget: String?
  }

  /// A line appended to a husky script.
  public struct HuskyLine: Codable, Equatable, Sendable {
    public var hook: HookName
    public var path: String
    /// The exact bytes appended (a leading newline when the file did not end with one).
    public var appended: String
    /// The file did not exist: uninstall removes it when nothing else was added.
    public var createdFile: Bool
  }

  /// A config-defined hook (git ≥ 2.54) written into the local git config.
  public struct ConfigHook: Codable, Equatable, Sendable {
    public var hook: HookName
    /// The `<name>` in `hook.<name>.command`.
    public var name: String
    public var command: String
  }

  public var version = 1
  /// The hooks folder the scripts went to (core.hooksPath may change later).
  public var hooksDirectory: String
  /// Folders install created (outermost first), removed on uninstall when empty.
  public var createdDirectories: [String] = []
  public var scripts: [Script] = []
  public var husky: [HuskyLine] = []
  public var configHooks: [ConfigHook] = []

  public init(hooksDirectory: String) { self.hooksDirectory = hooksDirectory }

  public var isEmpty: Bool { scripts.isEmpty && husky.isEmpty && configHooks.isEmpty }

  /// Reads the manifest; nil when there is none.
  static func load(_ locations: HookLocations) throws(HooksError) -> HookManifest? {
    guard let data = FileOps.read(locations.manifestPath) else { return nil }
    do {
      return try JSONDecoder().decode(HookManifest.self, from: data)
    } catch {
      throw .refused(
        "\(locations.manifestPath) is not a git-llm hooks manifest (\(error.localizedDescription)); move it away, then install again")
    }
  }

  /// Writes the manifest (temp file + rename), or removes it when it records nothing.
  func save(_ locations: HookLocations) throws(HooksError) {
    if isEmpty {
      try FileOps.remove(locations.manifestPath)
      return
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do { data = try encoder.encode(self) + Data("\n".utf8) } catch {
      throw .io("cannot encode the hooks manifest: \(error.localizedDescription)")
    }
    try FileOps.writeAtomically(data, to: locations.manifestPath, mode: 0o644)
  }
}

extension Data {
  var sha256: String { SHA256.hex(self) }
}
