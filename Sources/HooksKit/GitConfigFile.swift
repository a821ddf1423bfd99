import GitKit

/// The local git config as the hook installers edit it (GitKit's `GitConfig`), with failures
/// told in the installer's words: what could not be done to which file, and what to do. Each
/// call opens the file afresh, so a read sees what the previous write left.
struct GitConfigFile {
  let path: String

  func set(_ key: String, _ value: String) throws(HooksError) {
    let config = try open()
    do throws(GitError) {
      try config.set(key, to: value)
    } catch {
      throw .io("cannot set \(key) in \(path): \(Self.message(error)); check that the file is writable")
    }
  }

  /// Removes `key`; a key that is not there is fine.
  func remove(_ key: String) throws(HooksError) {
    let config = try open()
    do throws(GitError) {
      try config.unset(key)
    } catch {
      throw .io("cannot remove \(key) from \(path): \(Self.message(error)); edit the file by hand")
    }
  }

  /// The value of `key`; nil when it is not set or the file can't be read (status and install
  /// then treat the hook as not configured, and a write reports the problem).
  func value(_ key: String) -> String? { try? open().string(key) }

  private func open() throws(HooksError) -> GitConfig {
    do throws(GitError) {
      return try GitConfig(path: path)
    } catch {
      throw .io("cannot open the git config \(path): \(Self.message(error))")
    }
  }

  /// libgit2's own message, without the call's name: the installer's sentence says what failed.
  private static func message(_ error: GitError) -> String {
    if case .library(_, _, let message) = error { return message }
    return error.description
  }
}
