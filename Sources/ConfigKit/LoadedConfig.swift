/// A candidate configuration file and what became of it.
public struct ConfigFileInfo: Sendable, Equatable {
  /// Absolute path looked at.
  public let path: String
  /// Which layer it belongs to.
  public let layer: ConfigLayer
  /// Whether it exists.
  public let exists: Bool
  /// Whether trusted-only keys may come from it: always for user and local files; for the
  /// repository file only after `git llm config trust` on its current contents.
  public let trusted: Bool

  /// Describes a candidate file.
  public init(path: String, layer: ConfigLayer, exists: Bool, trusted: Bool) {
    self.path = path
    self.layer = layer
    self.exists = exists
    self.trusted = trusted
  }
}

/// The result of loading: the config plus where every value came from.
public struct LoadedConfig: Sendable {
  /// The merged, validated configuration.
  public let config: Config
  /// Every candidate file, in layer order.
  public let files: [ConfigFileInfo]
  /// Non-fatal problems (e.g. unknown `GIT_LLM_*` variables) for the caller to show.
  public let warnings: [String]
  let origins: [[String]: ValueOrigin]

  init(config: Config, files: [ConfigFileInfo], warnings: [String], origins: [[String]: ValueOrigin]) {
    self.config = config
    self.files = files
    self.warnings = warnings
    self.origins = origins
  }

  /// Where a key's value came from: `default`, `file:line:column`, `env NAME` or `flag …`;
  /// nil when the key path names nothing in this config.
  public func origin(of keyPath: String) -> String? {
    let readings = ConfigSchema.readings(of: keyPath)
    for path in readings {
      if let origin = origins[path] { return origin.description }
    }
    // Fields a provider or model never set fall back to built-in per-type defaults.
    for path in readings where path.count >= 3 {
      let exists =
        switch path[0] {
        case "providers": config.providers[path[1]] != nil
        case "models": config.models[path[1]] != nil
        default: false
        }
      if exists, rendered(path) { return ValueOrigin.builtIn.description }
    }
    return nil
  }

  private func rendered(_ path: [String]) -> Bool {
    ConfigEncoder.leaves(of: config).contains { $0.path == path }
  }

  /// The merged configuration as YAML with every key in schema order and secrets as `***`. With
  /// origins, each value line ends in `# from <origin>`.
  public func rendered(withOrigins: Bool) -> String {
    ConfigRender.render(ConfigEncoder.leaves(of: config)) { path in
      guard withOrigins else { return nil }
      return (origins[path] ?? .builtIn).description
    }
  }
}
