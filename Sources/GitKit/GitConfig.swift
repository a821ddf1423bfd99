internal import CGit2
import Foundation

/// One git config file (`.git/config`, a `--file` config), opened through libgit2 to read and
/// edit, so that product code never runs `git config`. libgit2 writes through `config.lock` and a
/// rename, so the file is never half-written. Meant for a short edit: open a new one to be sure
/// to see what others wrote since. Not `Sendable`: the libgit2 handle stays on its thread.
public final class GitConfig {
  public let path: String
  private let config: OwnedConfig

  /// Opens the file at `path`; one that does not exist yet opens empty, and the first write
  /// creates it.
  public init(path: String) throws(GitError) {
    _ = libgit2Initialized
    self.path = path
    config = try OwnedConfig.make("git_config_open_ondisk", missing: "cannot open the git config \(path)") {
      git_config_open_ondisk(&$0, path)
    }
  }

  /// The value of `key` (`section.name` or `section.subsection.name`), nil when the file does
  /// not set it.
  public func string(_ key: String) throws(GitError) -> String? {
    try config.use { config throws(GitError) -> String? in
      var buffer = git_buf()
      defer { git_buf_dispose(&buffer) }
      let code = git_config_get_string_buf(&buffer, config, key)
      if code == GIT_ENOTFOUND.rawValue { return nil }
      try check(code, "git_config_get_string_buf")
      return buffer.ptr.map { String(cString: $0) }
    }
  }

  /// Sets `key` to `value`, adding the section when the file has none.
  public func set(_ key: String, to value: String) throws(GitError) {
    try config.use { config throws(GitError) in try check(git_config_set_string(config, key, value), "git_config_set_string") }
  }

  /// Removes `key`; a key that is not there is fine.
  public func unset(_ key: String) throws(GitError) {
    try config.use { config throws(GitError) in
      let code = git_config_delete_entry(config, key)
      if code != GIT_ENOTFOUND.rawValue { try check(code, "git_config_delete_entry") }
    }
  }
}
