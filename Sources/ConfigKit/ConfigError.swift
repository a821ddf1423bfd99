import Foundation

/// Everything that can go wrong while loading configuration. Each description is one line that
/// names the offending key or file and says how to fix it; `location` is `file:line:column`,
/// `env NAME` or `-c key=…` depending on where the value came from. No case ever carries a
/// secret value.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
  /// The file is not valid YAML; `message` is libyaml's.
  case syntax(location: String, message: String)
  /// A key appears twice in one mapping.
  case duplicateKey(location: String, key: String)
  /// A key the schema doesn't know. `parent` is the dotted path of the enclosing mapping, empty at the top.
  case unknownKey(location: String?, key: String, parent: String, suggestion: String?)
  /// A value of the wrong type or outside its allowed range. `got` is nil for secrets.
  case invalidValue(location: String?, key: String, expected: String, got: String?, suggestion: String?)
  /// A required key has no value in any layer.
  case missingKey(location: String?, key: String, hint: String)
  /// A `${VAR}` names an unset variable and gives no default.
  case missingVariable(location: String?, key: String, variable: String)
  /// A `${` that is never closed or names no valid variable.
  case badSubstitution(location: String?, key: String, detail: String)
  /// A trusted-only key set in the repository's committed file. `allowedValue` is the one value
  /// such a file may write anyway (privacy keys may only be tightened).
  case untrustedKey(location: String, key: String, envName: String, trustLapsed: Bool, allowedValue: String? = nil)
  /// `version` is not 1.
  case unsupportedVersion(location: String?, found: String)
  /// A routing entry names a missing model alias, or a model names a missing provider.
  case unknownReference(location: String?, key: String, kind: String, name: String, suggestion: String?)
  /// A malformed `-c key=value` override.
  case badOverride(text: String, detail: String)
  /// A file could not be read or written.
  case io(path: String, detail: String)
  /// Several problems found together, in file order.
  indirect case invalid([ConfigError])

  /// One line per problem.
  public var description: String {
    switch self {
    case let .syntax(location, message):
      return "\(location): invalid YAML: \(message)"
    case let .duplicateKey(location, key):
      return "\(location): duplicate key '\(key)'; remove one of them"
    case let .unknownKey(location, key, parent, suggestion):
      let scope = parent.isEmpty ? "the top level" : "'\(parent)'"
      return Self.prefix(location) + "unknown key '\(key)' in \(scope)" + Self.didYouMean(suggestion)
    case let .invalidValue(location, key, expected, got, suggestion):
      let gotText = got.map { " (got '\($0)')" } ?? ""
      return Self.prefix(location) + "'\(key)' must be \(expected)\(gotText)" + Self.didYouMean(suggestion)
    case let .missingKey(location, key, hint):
      return Self.prefix(location) + "'\(key)' is required; \(hint)"
    case let .missingVariable(location, key, variable):
      return Self.prefix(location)
        + "'\(key)' uses ${\(variable)}, which is not set; export it or write ${\(variable):-default}"
    case let .badSubstitution(location, key, detail):
      return Self.prefix(location) + "'\(key)' has a bad ${…} substitution: \(detail); write $$ for a literal $"
    case let .untrustedKey(location, key, envName, lapsed, allowed):
      let only = allowed.map { " except as \($0)" } ?? ""
      let fix =
        lapsed
        ? "the file changed since it was trusted; review it and run 'git llm config trust' again"
        : "run 'git llm config trust' to trust this file"
      return "\(location): '\(key)' can't be set in the repository's committed .git-llm.yaml\(only) (someone else wrote it); "
        + "set it in ~/.config/git-llm/config.yaml, .git/git-llm.yaml, \(envName) or -c, or \(fix)"
    case let .unsupportedVersion(location, found):
      if let number = Int(found), number > 1 {
        return Self.prefix(location) + "'version' is \(number): this file was written for a newer git-llm; upgrade git-llm"
      }
      return Self.prefix(location) + "'version' must be 1 (got '\(found)')"
    case let .unknownReference(location, key, kind, name, suggestion):
      return Self.prefix(location) + "'\(key)' refers to \(kind) '\(name)', which is not defined"
        + Self.didYouMean(suggestion)
    case let .badOverride(text, detail):
      return "-c \(text): \(detail)"
    case let .io(path, detail):
      return "\(path): \(detail)"
    case let .invalid(errors):
      return errors.map(\.description).joined(separator: "\n")
    }
  }

  /// Same as `description`, for Foundation's error reporting.
  public var errorDescription: String? { description }

  /// The individual problems: itself, or the members of `.invalid`.
  public var problems: [ConfigError] {
    if case let .invalid(errors) = self { return errors.flatMap(\.problems) }
    return [self]
  }

  /// Wraps a list of problems, in the order they appear in their files (file, line, column;
  /// problems without a position last); a single problem stays itself.
  static func combine(_ errors: [ConfigError]) -> ConfigError? {
    let flat = errors.flatMap(\.problems).enumerated().sorted { lhs, rhs in
      let left = lhs.element.position, right = rhs.element.position
      switch (left, right) {
      case let (l?, r?) where l != r: return (l.file, l.line, l.column) < (r.file, r.line, r.column)
      case (nil, _?): return false
      case (_?, nil): return true
      default: return lhs.offset < rhs.offset
      }
    }.map(\.element)
    if flat.isEmpty { return nil }
    return flat.count == 1 ? flat[0] : .invalid(flat)
  }

  /// Where the problem is, parsed from its `file:line:column` location.
  private var position: (file: String, line: Int, column: Int)? {
    let location: String?
    switch self {
    case let .syntax(text, _), let .duplicateKey(text, _), let .untrustedKey(text, _, _, _, _): location = text
    case let .unknownKey(text, _, _, _), let .invalidValue(text, _, _, _, _), let .missingKey(text, _, _),
      let .missingVariable(text, _, _), let .badSubstitution(text, _, _), let .unsupportedVersion(text, _),
      let .unknownReference(text, _, _, _, _):
      location = text
    case .badOverride, .io, .invalid: location = nil
    }
    let parts = location?.split(separator: ":") ?? []
    guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
    return (parts.dropLast(2).joined(separator: ":"), line, column)
  }

  private static func prefix(_ location: String?) -> String { location.map { "\($0): " } ?? "" }

  private static func didYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
  }
}
