extension Config {
  /// The usage error for a `--model` naming no alias, with the likeliest meant one; nil when the
  /// alias exists. One wording for every command that takes `--model`.
  public func unknownAliasMessage(_ name: String) -> String? {
    guard models[name] == nil else { return nil }
    let names = models.keys.sorted()
    let hint =
      Suggest.closest(to: name, in: names).map { "did you mean '\($0)'?" }
      ?? (names.isEmpty ? "none is configured (models.<alias> in the config)" : "the configured ones are \(names.joined(separator: ", "))")
    return "no model alias '\(name)' for --model; \(hint)"
  }
}
