import ConfigKit
import GitKit

/// The repository (when there is one) and the merged configuration a command runs with; the
/// configuration half of `Composition`.
public struct ConfigContext {
  public let repository: Repository?
  public let loaded: LoadedConfig
  public let sources: ConfigSources

  /// Opens the repository around `directory` if any (configuration works outside one too) and
  /// loads every configuration layer.
  public static func load(directory: String, overrides: [String], environment: ConfigEnvironment = .current()) throws -> ConfigContext {
    let repository: Repository?
    do {
      repository = try Repository(discoveringFrom: directory)
    } catch {
      guard case .notARepository = error else { throw error }
      repository = nil
    }
    let sources = ConfigSources(
      environment: environment,
      worktreeRoot: repository?.workTreeRoot,
      // The local file lives in the common git folder, so every worktree of a clone shares it.
      gitDirectory: repository?.commonDirectory,
      overrides: overrides)
    return ConfigContext(repository: repository, loaded: try ConfigLoader.load(sources), sources: sources)
  }
}
