import Foundation

/// Loads configuration from all layers: defaults < user file < repository file < local file <
/// `GIT_LLM_*` variables < `-c` overrides and flags.
public enum ConfigLoader {
  /// Loads, merges and validates every layer, reporting all problems at once.
  public static func load(_ sources: ConfigSources) throws(ConfigError) -> LoadedConfig {
    let variables = sources.environment.variables
    var merged = ConfigEncoder.defaultsLayer()
    var errors: [ConfigError] = []
    var files: [ConfigFileInfo] = []

    let trust = ConfigTrust(environment: sources.environment)
    let candidates: [(String?, ConfigLayer)] = [
      (sources.userFilePath, .user), (sources.repositoryFilePath, .repository), (sources.localFilePath, .local),
    ]
    for case let (path?, layer) in candidates {
      let exists = FileManager.default.fileExists(atPath: path)
      let status: ConfigTrust.Status =
        layer == .repository ? (exists ? trust?.status(ofFileAt: path) ?? .untrusted : .untrusted) : .trusted
      files.append(ConfigFileInfo(path: path, layer: layer, exists: exists, trusted: status == .trusted))
      guard exists else {
        // An explicit GIT_LLM_CONFIG that points nowhere is a mistake worth stopping for.
        if layer == .user, sources.environment.value("GIT_LLM_CONFIG") != nil {
          errors.append(.io(path: path, detail: "GIT_LLM_CONFIG names a file that does not exist; create it or unset GIT_LLM_CONFIG"))
        }
        continue
      }
      let (values, fileErrors) = ConfigFileReader.read(path: path, layer: layer, environment: variables)
      if status != .trusted { errors += untrustedKeys(in: values, lapsed: status == .changed) }
      errors += fileErrors
      merged.merge(values)
    }

    let (environmentValues, warnings) = EnvironmentLayer.values(from: sources.environment, known: merged)
    merged.merge(environmentValues)
    let (overrideValues, overrideErrors) = OverrideLayer.values(
      overrides: sources.overrides, flags: sources.flags, known: merged)
    errors += overrideErrors
    merged.merge(overrideValues)

    let (config, decodeErrors) = ConfigDecoder.decode(merged)
    errors += decodeErrors
    if let error = ConfigError.combine(errors) { throw error }
    return LoadedConfig(
      config: config, files: files, warnings: warnings, origins: merged.leaves.mapValues(\.origin))
  }

  /// Checks one file on its own on top of the defaults, treating it as trusted. For
  /// `git llm config validate FILE`.
  public static func validate(fileAt path: String, environment: ConfigEnvironment) throws(ConfigError) -> Config {
    try loadStandalone(path: path, environment: environment).config
  }

  /// Like `validate(fileAt:environment:)` but keeps origins, for tests and `config show FILE`.
  public static func loadStandalone(path: String, environment: ConfigEnvironment) throws(ConfigError) -> LoadedConfig {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .io(path: path, detail: "no such file; check the path")
    }
    var merged = ConfigEncoder.defaultsLayer()
    let (values, errors) = ConfigFileReader.read(path: path, layer: .standalone, environment: environment.variables)
    merged.merge(values)
    let (config, decodeErrors) = ConfigDecoder.decode(merged)
    if let error = ConfigError.combine(errors + decodeErrors) { throw error }
    return LoadedConfig(
      config: config, files: [ConfigFileInfo(path: path, layer: .standalone, exists: true, trusted: true)],
      warnings: [], origins: merged.leaves.mapValues(\.origin))
  }

  /// A trusted-only key in an untrusted file is an error rather than silently ignored, so nobody
  /// wonders why the repository's endpoint isn't used.
  private static func untrustedKeys(in values: LayerValues, lapsed: Bool) -> [ConfigError] {
    values.leaves.sorted { lhs, rhs in
      (lhs.value.origin.keyLocation ?? "").localizedStandardCompare(rhs.value.origin.keyLocation ?? "") == .orderedAscending
    }.compactMap { path, leaf in
      guard let pattern = ConfigSchema.pattern(for: path), let key = ConfigSchema.key(pattern: pattern), key.isTrustedOnly,
        case let .file(position, _, _) = leaf.origin
      else { return nil }
      if let allowed = key.untrustedAllowedValue, leaf.value == .scalar(allowed) { return nil }
      return .untrustedKey(
        location: position.text, key: path.joined(separator: "."),
        envName: ConfigSchema.environmentName(for: path), trustLapsed: lapsed,
        allowedValue: key.untrustedAllowedValue)
    }
  }
}
