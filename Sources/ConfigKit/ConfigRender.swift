import Foundation

/// Writes flattened values as block YAML that loads back to the same values.
enum ConfigRender {
  static func render(_ leaves: [(path: [String], value: LeafValue)], origin: ([String]) -> String?) -> String {
    var lines: [String] = []
    var open: [String] = []
    for (path, value) in leaves {
      let parents = Array(path.dropLast())
      var shared = 0
      while shared < open.count, shared < parents.count, open[shared] == parents[shared] { shared += 1 }
      open = Array(open.prefix(shared))
      for component in parents.dropFirst(shared) {
        lines.append(String(repeating: "  ", count: open.count) + key(component) + ":")
        open.append(component)
      }
      let secret = ConfigSchema.pattern(for: path).flatMap(ConfigSchema.key(pattern:))?.isSecret ?? false
      var line = String(repeating: "  ", count: open.count) + key(path.last ?? "") + ": "
      switch value {
      case let .scalar(text): line += secret ? "\"***\"" : scalar(text)
      case let .list(items): line += "[" + items.map { secret ? "\"***\"" : scalar($0) }.joined(separator: ", ") + "]"
      }
      if let origin = origin(path) { line += "  # from \(origin)" }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static let plainSafe = CharacterSet(
    charactersIn:
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
  private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]

  static func key(_ text: String) -> String {
    isPlain(text) && Double(text) == nil ? text : quoted(text)
  }

  /// Plain text where YAML would read it back unchanged as a string, quoted otherwise. Numbers and
  /// booleans stay plain on purpose: the schema, not the YAML tag, decides their type.
  static func scalar(_ text: String) -> String {
    if isPlain(text) || text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) && !text.isEmpty && Double(text) != nil {
      return text
    }
    // Files go through ${VAR} expansion on load, so a literal $ must be written as $$.
    return quoted(text.replacingOccurrences(of: "$", with: "$$"))
  }

  private static func isPlain(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first != "-" || text.count > 1 else { return false }
    guard !reserved.contains(text.lowercased()) || text == "true" || text == "false" else { return false }
    return text.unicodeScalars.allSatisfy { plainSafe.contains($0) } && first != "." && first != "-"
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\x%02X", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
