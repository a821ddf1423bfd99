/// Per-value checks driven by the schema table: one problem per bad leaf, positioned at the value.
enum ConfigValidate {
  /// Checks one leaf against its key's type. Secrets are never quoted back.
  static func check(_ path: [String], _ leaf: Leaf) -> ConfigError? {
    guard let pattern = ConfigSchema.pattern(for: path), let key = ConfigSchema.key(pattern: pattern) else {
      return .unknownKey(
        location: leaf.origin.keyLocation, key: path.last ?? "", parent: path.dropLast().joined(separator: "."),
        suggestion: nil)
    }
    let dotted = path.joined(separator: ".")
    let location = leaf.origin.valueLocation
    func invalid(_ got: String?, suggestion: String? = nil, expected: String? = nil) -> ConfigError {
      .invalidValue(
        location: location, key: dotted, expected: expected ?? key.kind.expectation,
        got: key.isSecret ? nil : got, suggestion: suggestion)
    }
    switch (key.kind, leaf.value) {
    case (.stringList, .list), (.aliasList, .list):
      return nil
    case let (.choiceList(allowed), .list(items)):
      for item in items where !allowed.contains(item) {
        return invalid(item, suggestion: Suggest.closest(to: item, in: allowed))
      }
      return nil
    case (_, .scalar) where key.kind.isList:
      return invalid(nil, expected: key.kind.expectation + " like [a, b]")
    case (_, .list):
      return invalid(nil, expected: key.kind.expectation + ", not a list")
    case let (kind, .scalar(text)):
      return checkScalar(kind, text, invalid: invalid, location: location)
    }
  }

  private static func checkScalar(
    _ kind: ValueKind, _ text: String, invalid: (String?, String?, String?) -> ConfigError, location: String?
  ) -> ConfigError? {
    switch kind {
    case .version:
      return Int(text) == 1 ? nil : .unsupportedVersion(location: location, found: text)
    case .string:
      return nil
    case .url:
      return text.isEmpty || URLCheck.isHTTPURL(text) ? nil : invalid(text, nil, nil)
    case let .int(min, max):
      guard let number = Int(text), (min...max).contains(number) else { return invalid(text, nil, nil) }
      return nil
    case let .decimal(min, max, exclusive):
      guard let number = Double(text), number.isFinite, number >= min, exclusive ? number < max : number <= max else {
        return invalid(text, nil, nil)
      }
      return nil
    case .bool:
      return text == "true" || text == "false" ? nil : invalid(text, nil, nil)
    case .duration:
      return ValueDuration(text) == nil ? invalid(text, nil, nil) : nil
    case let .choice(allowed):
      return allowed.contains(text) ? nil : invalid(text, Suggest.closest(to: text, in: allowed), nil)
    case .stringList, .choiceList, .aliasList:
      return nil
    }
  }
}
