internal import CGit2

/// A gitattributes value for one path, as git resolves it (.gitattributes files, info/attributes).
public enum AttributeValue: Sendable, Equatable {
  /// Not mentioned.
  case unspecified
  /// `name` (set).
  case set
  /// `-name` (unset).
  case unset
  /// `name=value`.
  case value(String)

  /// Set, or a value git reads as true ("true", "1", "yes").
  public var isTrue: Bool {
    switch self {
    case .set: return true
    case .value(let text): return ["true", "1", "yes"].contains(text.lowercased())
    default: return false
    }
  }
}

extension Repository {
  /// Looks up attribute `name` for `path` (relative to the top of the work tree), reading the
  /// work tree's .gitattributes files (or, in a bare repository, only info/attributes).
  public func attribute(_ name: String, for path: String) -> AttributeValue {
    var raw: UnsafePointer<CChar>?
    guard git_attr_get(&raw, pointer, UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX), path, name) == 0 else { return .unspecified }
    switch git_attr_value(raw) {
    case GIT_ATTR_VALUE_TRUE: return .set
    case GIT_ATTR_VALUE_FALSE: return .unset
    case GIT_ATTR_VALUE_STRING: return raw.map { .value(String(cString: $0)) } ?? .unspecified
    default: return .unspecified
    }
  }
}
