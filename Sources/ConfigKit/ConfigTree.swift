/// A raw value before typing: the text of a scalar or the items of a list.
enum LeafValue: Equatable, Sendable {
  case scalar(String)
  case list([String])
}

/// Which layer a file belongs to.
public enum ConfigLayer: String, Sendable, Equatable {
  /// `~/.config/git-llm/config.yaml` or `$GIT_LLM_CONFIG`.
  case user
  /// The repository's committed `.git-llm.yaml`.
  case repository
  /// The untracked `<git dir>/git-llm.yaml`.
  case local
  /// A file named on the command line to `git llm config validate`.
  case standalone
}

/// A position in a file, 1-based.
struct FilePosition: Equatable, Sendable {
  let path: String
  let line: Int
  let column: Int
  var text: String { "\(path):\(line):\(column)" }
}

/// Where a leaf value came from.
enum ValueOrigin: Equatable, Sendable {
  case builtIn
  /// `key` is where the key is written, `value` where its value starts.
  case file(key: FilePosition, value: FilePosition, layer: ConfigLayer)
  case environment(name: String)
  /// `label` is what the user typed, minus any secret value.
  case flag(label: String)

  /// Shown by `git llm config show --origin`.
  var description: String {
    switch self {
    case .builtIn: "default"
    case let .file(key, _, _): key.text
    case let .environment(name): "env \(name)"
    case let .flag(label): "flag \(label)"
    }
  }

  /// Prefix for problems with the key itself.
  var keyLocation: String? {
    switch self {
    case .builtIn: nil
    case let .file(key, _, _): key.text
    case let .environment(name): "env \(name)"
    case let .flag(label): label
    }
  }

  /// Prefix for problems with the value.
  var valueLocation: String? {
    if case let .file(_, value, _) = self { return value.text }
    return keyLocation
  }
}

/// One set value with its origin.
struct Leaf: Equatable, Sendable {
  var value: LeafValue
  var origin: ValueOrigin
}

/// One layer's values, flattened to concrete key paths. Flattening makes "maps merge key by key,
/// lists and scalars replace" a plain dictionary overwrite.
struct LayerValues: Sendable {
  var leaves: [[String]: Leaf] = [:]
  /// Entities (`["providers", name]`, `["models", name]`) written even if empty, so `models: {x: {}}` still
  /// exists and can be reported as incomplete.
  var entities: [[String]: ValueOrigin] = [:]

  mutating func merge(_ other: LayerValues) {
    leaves.merge(other.leaves) { _, new in new }
    entities.merge(other.entities) { _, new in new }
  }

  /// Names defined under a map section such as `providers`.
  func names(in section: String) -> [String] {
    var names = Set<String>()
    for path in leaves.keys where path.count >= 2 && path[0] == section { names.insert(path[1]) }
    for path in entities.keys where path.count >= 2 && path[0] == section { names.insert(path[1]) }
    return names.sorted()
  }
}
