import Foundation
import Yams

/// Layer 6: `-c key.path=value` strings and typed flags.
enum OverrideLayer {
  static func values(overrides: [String], flags: [ConfigFlag], known below: LayerValues) -> (LayerValues, [ConfigError]) {
    var layer = LayerValues()
    var errors: [ConfigError] = []
    var knownNames = below
    for text in overrides {
      guard let equals = text.firstIndex(of: "=") else {
        errors.append(.badOverride(text: text, detail: "expected key.path=value, e.g. -c review.fail_on=high"))
        continue
      }
      let keyPath = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
      let rawValue = String(text[text.index(after: equals)...])
      switch resolve(keyPath, known: knownNames) {
      case let .failure(error):
        errors.append(error)
      case let .success((path, key)):
        let label = key.isSecret ? "-c \(keyPath)" : "-c \(keyPath)=\(rawValue)"
        switch parse(rawValue, isList: key.kind.isList) {
        case let .success(value):
          layer.leaves[path] = Leaf(value: value, origin: .flag(label: label))
          knownNames.leaves[path] = layer.leaves[path]
        case let .failure(problem):
          errors.append(.badOverride(text: "\(keyPath)=…", detail: problem.detail))
        }
      }
    }
    for flag in flags {
      switch resolve(flag.keyPath, known: knownNames) {
      case let .failure(error):
        errors.append(error)
      case let .success((path, key)):
        let label = key.isSecret ? flag.flag : "\(flag.flag) \(flag.value)"
        let value: LeafValue = key.kind.isList ? .list(EnvironmentLayer.splitList(flag.value)) : .scalar(flag.value)
        layer.leaves[path] = Leaf(value: value, origin: .flag(label: label))
      }
    }
    return (layer, errors)
  }

  /// Splits a dotted path into components using the schema. When a path reads several ways (a
  /// model alias with a dot in it), the reading that names existing entries wins.
  static func resolve(_ keyPath: String, known: LayerValues) -> Result<([String], SchemaKey), ConfigError> {
    let readings = ConfigSchema.readings(of: keyPath)
    let existing = readings.first { reading in
      reading.count < 2 || !["providers", "models", "routing"].contains(reading[0])
        || known.names(in: reading[0]).contains(reading[1])
    }
    guard let path = existing ?? readings.first, let pattern = ConfigSchema.pattern(for: path),
      let key = ConfigSchema.key(pattern: pattern)
    else {
      let parts = keyPath.split(separator: ".").map(String.init)
      let all = ConfigSchema.keys.map(\.path).filter { !$0.contains("*") }
      return .failure(
        .badOverride(
          text: keyPath,
          detail: "unknown key '\(keyPath)'"
            + (Suggest.closest(to: keyPath, in: all).map { "; did you mean '\($0)'?" }
              ?? (parts.isEmpty ? "" : "; run 'git llm config show' to list the keys"))))
    }
    return .success((path, key))
  }

  /// Values are YAML scalars or flow sequences; anything YAML can't read is taken as literal text
  /// so globs like `*.lock` need no quoting. `[*.lock, dist/**]` is not YAML either (`*` starts an
  /// alias there), so a bracketed list YAML can't read is split by hand.
  static func parse(_ text: String, isList: Bool) -> Result<LeafValue, OverrideProblem> {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      if let items = flowItems(text) {
        return isList ? .success(.list(items)) : .failure(OverrideProblem(detail: "this key takes a single value, not a list"))
      }
      return .success(isList ? .list(EnvironmentLayer.splitList(text)) : .scalar(text))
    }
    switch node {
    case .none:
      return .success(isList ? .list([]) : .scalar(""))
    case let .scalar(scalar)?:
      let value = NSNull.construct(from: scalar) != nil ? "" : scalar.string
      return .success(isList ? .list(EnvironmentLayer.splitList(value)) : .scalar(value))
    case let .sequence(sequence)?:
      guard isList else { return .failure(OverrideProblem(detail: "this key takes a single value, not a list")) }
      var items: [String] = []
      for item in sequence {
        guard case let .scalar(scalar) = item else { return .failure(OverrideProblem(detail: "list items must be plain values")) }
        items.append(scalar.string)
      }
      return .success(.list(items))
    default:
      return .failure(OverrideProblem(detail: "the value must be a plain value or a [a, b] list"))
    }
  }
}

extension OverrideLayer {
  /// The items of `[a, 'b, c', "d"]`: split at commas outside quotes, trimmed, quotes removed
  /// (`''` inside single quotes and `\"` inside double quotes stand for the quote itself).
  /// nil when the text is not bracketed.
  static func flowItems(_ text: String) -> [String]? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.count >= 2, trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
    var items: [String] = []
    var current = ""
    var quoted = false
    var quote: Character?
    let characters = Array(trimmed.dropFirst().dropLast())
    var index = 0
    func finish() {
      let item = quoted ? current : current.trimmingCharacters(in: .whitespaces)
      if quoted || !item.isEmpty { items.append(item) }
      current = ""
      quoted = false
    }
    while index < characters.count {
      let character = characters[index]
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      if let open = quote {
        if open == "'" && character == "'" && next == "'" {
          current.append("'")
          index += 1
        } else if open == "\"" && character == "\\" && next == "\"" {
          current.append("\"")
          index += 1
        } else if character == open {
          quote = nil
        } else {
          current.append(character)
        }
      } else if character == "," {
        finish()
      } else if (character == "'" || character == "\"") && current.trimmingCharacters(in: .whitespaces).isEmpty {
        quote = character
        quoted = true
        current = ""
      } else if !(quoted && character == " ") {
        current.append(character)
      }
      index += 1
    }
    finish()
    return items
  }
}

/// Why an override value couldn't be read.
struct OverrideProblem: Error {
  let detail: String
}

extension OverrideProblem: LocalizedError {
  var errorDescription: String? { detail }
}
