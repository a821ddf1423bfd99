import Foundation

@testable import ConfigKit

/// A fresh directory tree per test: a fake home, XDG config dir, worktree and git dir. Nothing
/// here touches the real ~/.config.
struct Sandbox {
  let root: String
  var home: String { root + "/home" }
  var xdg: String { root + "/xdg" }
  var worktree: String { root + "/repo" }
  var gitDir: String { root + "/repo/.git" }
  var userFile: String { xdg + "/git-llm/config.yaml" }
  var repoFile: String { worktree + "/.git-llm.yaml" }
  var localFile: String { gitDir + "/git-llm.yaml" }
  var trustStore: String { xdg + "/git-llm/trusted.yaml" }

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("configkit-\(UUID().uuidString)").path
    for dir in [home, xdg + "/git-llm", gitDir] {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
  }

  func write(_ path: String, _ text: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  func environment(_ extra: [String: String] = [:]) -> ConfigEnvironment {
    ConfigEnvironment(variables: ["HOME": home, "XDG_CONFIG_HOME": xdg].merging(extra) { _, new in new })
  }

  func sources(env: [String: String] = [:], overrides: [String] = [], flags: [ConfigFlag] = []) -> ConfigSources {
    ConfigSources(
      environment: environment(env), worktreeRoot: worktree, gitDirectory: gitDir, overrides: overrides,
      flags: flags)
  }

  func load(env: [String: String] = [:], overrides: [String] = [], flags: [ConfigFlag] = []) throws -> LoadedConfig {
    try ConfigLoader.load(sources(env: env, overrides: overrides, flags: flags))
  }

  /// The error thrown by loading, or nil if loading succeeded.
  func loadError(env: [String: String] = [:], overrides: [String] = []) -> ConfigError? {
    do {
      _ = try ConfigLoader.load(sources(env: env, overrides: overrides))
      return nil
    } catch {
      return error
    }
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path
