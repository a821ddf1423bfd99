import Foundation
import GitKit

/// Where a repository's hooks live and where git-llm keeps its own records.
///
/// A value snapshot of the `Repository` (which is not Sendable), so planning and tests need no
/// libgit2 handle.
public struct HookLocations: Sendable, Equatable {
  /// The folder git runs hooks from.
  public var hooksDirectory: String
  /// `core.hooksPath` as configured, when set.
  public var configuredHooksPath: String?
  /// The git folder shared by all worktrees; the local config and `llm/` live here.
  public var commonDirectory: String
  /// The work tree root; nil for a bare repository.
  public var workTreeRoot: String?

  public init(hooksDirectory: String, configuredHooksPath: String?, commonDirectory: String, workTreeRoot: String?) {
    self.hooksDirectory = hooksDirectory
    self.configuredHooksPath = configuredHooksPath
    self.commonDirectory = commonDirectory
    self.workTreeRoot = workTreeRoot
  }

  /// Opens the repository around `path` (as git would, honouring GIT_DIR) and reads its locations.
  public static func discover(from path: String) throws(GitError) -> HookLocations {
    HookLocations(repository: try Repository(discoveringFrom: path))
  }

  /// Reads the locations of `repository` (core.hooksPath, linked worktrees, bare repositories).
  public init(repository: Repository) {
    let configured = repository.configString("core.hooksPath").flatMap { $0.isEmpty ? nil : $0 }
    self.init(
      hooksDirectory: repository.hooksDirectory, configuredHooksPath: configured,
      commonDirectory: repository.commonDirectory, workTreeRoot: repository.workTreeRoot)
  }

  /// git-llm's folder for backups and the manifest. Inside the git folder, so never committed,
  /// and not the hooks folder, so git never runs a backup by itself.
  public var recordDirectory: String { commonDirectory + "/llm/hooks" }

  public var manifestPath: String { recordDirectory + "/manifest.json" }

  /// The path git runs for `hook`.
  public func hookPath(_ hook: HookName) -> String { hooksDirectory + "/" + hook.rawValue }

  /// Where the user's previous hook is kept while git-llm's is installed; the scripts look here.
  public func backupPath(_ hook: HookName) -> String { recordDirectory + "/" + hook.rawValue + ".user" }

  /// The local git config file (`hook.git-llm.*` goes here).
  public var localConfigPath: String { commonDirectory + "/config" }

  /// True when the hooks folder is inside the work tree (a committed `.githooks`, say), where
  /// installed scripts show up in `git status`.
  public var hooksDirectoryIsInWorkTree: Bool {
    guard let root = workTreeRoot, configuredHooksPath != nil else { return false }
    // A hooksPath inside the git folder (`.git/hooks` spelled out) is never committed.
    return hooksDirectory.hasPrefix(root + "/") && !hooksDirectory.hasPrefix(commonDirectory + "/")
  }

  /// A path shown relative to the work tree when it is inside it.
  public func display(_ path: String) -> String {
    guard let root = workTreeRoot, path.hasPrefix(root + "/") else { return path }
    return String(path.dropFirst(root.count + 1))
  }
}
