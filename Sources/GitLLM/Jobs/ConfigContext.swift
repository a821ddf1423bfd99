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
    let (repository, sources) = try locate(directory: directory, overrides: overrides, environment: environment)
    return ConfigContext(repository: repository, loaded: try ConfigLoader.load(sources), sources: sources)
  }

  /// The repository and where each layer's file is, without loading them (for a command that
  /// writes a layer even when the ones there do not load).
  public static func locate(
    directory: String, overrides: [String], environment: ConfigEnvironment = .current()
  ) throws -> (Repository?, ConfigSources) {
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
    return (repository, sources)
  }
}
