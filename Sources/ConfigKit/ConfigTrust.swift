import Foundation
import Yams

/// Records which repository `.git-llm.yaml` files the user has reviewed and trusts, by absolute
/// path and SHA-256 of their exact bytes. The record lives outside any repository so a repository
/// can't vouch for itself, and any edit to the file changes the hash and lapses the trust.
public struct ConfigTrust: Sendable {
  /// The trust store, `$XDG_CONFIG_HOME/git-llm/trusted.yaml` by default.
  public let storePath: String

  /// Whether a file is trusted right now.
  public enum Status: Equatable, Sendable {
    /// Recorded with its current contents.
    case trusted
    /// Recorded, but the contents changed since.
    case changed
    /// Never recorded.
    case untrusted
  }

  /// Uses the store under the environment's config directory; nil when neither XDG_CONFIG_HOME nor HOME is set.
  public init?(environment: ConfigEnvironment) {
    guard let directory = environment.configDirectory else { return nil }
    self.storePath = directory + "/trusted.yaml"
  }

  /// Uses an explicit store file.
  public init(storePath: String) { self.storePath = storePath }

  /// Records the file's current contents as trusted, replacing any earlier record for it.
  public func trust(fileAt path: String) throws(ConfigError) {
    let absolute = Self.canonical(path)
    let hash = try Self.hash(ofFileAt: absolute)
    var records = try load().filter { $0.path != absolute }
    records.append(Record(path: absolute, sha256: hash))
    try save(records)
  }

  /// Removes the record for a file, if any.
  public func untrust(fileAt path: String) throws(ConfigError) {
    let absolute = Self.canonical(path)
    try save(try load().filter { $0.path != absolute })
  }

  /// Whether the file is trusted with its current contents.
  public func isTrusted(fileAt path: String) -> Bool { status(ofFileAt: path) == .trusted }

  /// Trust state of a file. An unreadable store counts as "nothing trusted": failing closed.
  public func status(ofFileAt path: String) -> Status {
    let absolute = Self.canonical(path)
    guard let records = try? load(), let record = records.first(where: { $0.path == absolute }) else { return .untrusted }
    guard let hash = try? Self.hash(ofFileAt: absolute) else { return .untrusted }
    return record.sha256 == hash ? .trusted : .changed
  }

  struct Record: Equatable {
    let path: String
    let sha256: String
  }

  /// Symlinks are resolved so a link can't borrow another file's trust.
  static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  static func hash(ofFileAt path: String) throws(ConfigError) -> String {
    do {
      return SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw .io(path: path, detail: "can't read the file to trust it; check that it exists")
    }
  }

  func load() throws(ConfigError) -> [Record] {
    guard FileManager.default.fileExists(atPath: storePath) else { return [] }
    let text: String
    let root: Node?
    do {
      text = try String(contentsOfFile: storePath, encoding: .utf8)
      root = try Yams.compose(yaml: text)
    } catch {
      throw .io(path: storePath, detail: "the trust store is unreadable; delete it and run 'git llm config trust' again")
    }
    guard let entries = root?.mapping?["trusted"]?.sequence else { return [] }
    return entries.compactMap { entry in
      guard let path = entry.mapping?["path"]?.string, let hash = entry.mapping?["sha256"]?.string else { return nil }
      return Record(path: path, sha256: hash)
    }
  }

  func save(_ records: [Record]) throws(ConfigError) {
    var text = "# Repository .git-llm.yaml files trusted with 'git llm config trust'.\n"
    text += "# A file is trusted only while its SHA-256 matches; edit it and trust lapses.\n"
    text += records.isEmpty ? "trusted: []\n" : "trusted:\n"
    for record in records.sorted(by: { $0.path < $1.path }) {
      text += "  - path: \(ConfigRender.quoted(record.path))\n    sha256: \(record.sha256)\n"
    }
    let url = URL(fileURLWithPath: storePath)
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      // .atomic writes a temporary file and renames it over the store, so a crash never leaves
      // a half-written store that would silently drop trust records.
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw .io(path: storePath, detail: "can't write the trust store (\(error.localizedDescription)); check the directory's permissions")
    }
  }
}
