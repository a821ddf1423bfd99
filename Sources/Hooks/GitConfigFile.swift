internal import CGit2

/// One git config file edited through libgit2 (product code never runs the git CLI). libgit2
/// writes through `config.lock` and a rename, so the file is never half-written.
struct GitConfigFile {
  let path: String

  func set(_ key: String, _ value: String) throws(HooksError) {
    try withConfig { config throws(HooksError) in
      guard git_config_set_string(config, key, value) == 0 else {
        throw .io("cannot set \(key) in \(path): \(lastError()); check that the file is writable")
      }
    }
  }

  /// Removes `key`; a key that is not there is fine.
  func remove(_ key: String) throws(HooksError) {
    try withConfig { config throws(HooksError) in
      let code = git_config_delete_entry(config, key)
      guard code == 0 || code == GIT_ENOTFOUND.rawValue else {
        throw .io("cannot remove \(key) from \(path): \(lastError()); edit the file by hand")
      }
    }
  }

  func value(_ key: String) -> String? {
    try? withConfig { config throws(HooksError) -> String? in
      var buffer = git_buf()
      defer { git_buf_dispose(&buffer) }
      guard git_config_get_string_buf(&buffer, config, key) == 0, let pointer = buffer.ptr else { return nil }
      return String(cString: pointer)
    }
  }

  private func withConfig<T>(_ body: (OpaquePointer) throws(HooksError) -> T) throws(HooksError) -> T {
    _ = libgit2Ready
    var config: OpaquePointer?
    guard git_config_open_ondisk(&config, path) == 0, let config else {
      throw .io("cannot open the git config \(path): \(lastError())")
    }
    defer { git_config_free(config) }
    return try body(config)
  }

  private func lastError() -> String {
    guard let error = git_error_last(), let message = error.pointee.message else { return "unknown libgit2 error" }
    return String(cString: message)
  }
}

/// libgit2 needs one init per process before any call; GitKit does its own, this one is refcounted.
private let libgit2Ready: Int32 = git_libgit2_init()
