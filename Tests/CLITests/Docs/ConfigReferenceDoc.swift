import Foundation

@testable import ConfigKit

/// Renders docs/configuration-reference.md from `ConfigSchema.keys` and the defaults the loader
/// really applies: every key with its type, default, the layers that may set it and its
/// environment variable.
enum ConfigReferenceDoc {
  static let path = "docs/configuration-reference.md"

  static func render() throws -> String {
    let defaults = try defaultValues()
    var out = """
      # Configuration reference

      <!-- Generated from Sources/ConfigKit/ConfigSchema.swift by Tests/CLITests/Docs; do not edit. Run `make docs` to regenerate. -->

      Every key git-llm reads, from the schema table the loader itself uses. [configuration.md](configuration.md)
      explains the layers, `${VAR}` substitution and trust; `config/git-llm.yaml` is the same list as
      an annotated file; `git llm config show --origin` prints the values in effect and where each came from.

      - **`*`** is a name you choose (a provider, a model alias, a task, a header).
      - **Default** is what applies when no layer sets the key. For a provider it depends on its
        `type` (a provider named `ollama`, `openai`, `anthropic` or `builtin` has that type unless it
        says otherwise); for models and routing the defaults are entries of their own. `—`: not set.
      - **Set in**: *any layer*, or *trusted layers*: your user file, the local `.git/git-llm.yaml`,
        the environment and `-c`, but not the committed `.git-llm.yaml` until you run
        `git llm config trust` (some privacy keys it may still set to their stricter value).
      - **Environment**: `GIT_LLM_` and the path in upper case, every other character as `_`.
        A variable changes a provider, model or task that a file or the defaults define; it does
        not create one. Lists are comma-separated.

      | Key | Type | Default | Set in | Environment | Meaning |
      |---|---|---|---|---|---|

      """
    for key in ConfigSchema.keys {
      let layers: String
      if let allowed = key.untrustedAllowedValue {
        layers = "trusted layers; any layer may set `\(allowed)`"
      } else {
        layers = key.isTrustedOnly ? "trusted layers" : "any layer"
      }
      let env = ConfigSchema.environmentName(forPattern: key.components)
      let secret = key.isSecret ? " Secret: shown as `***`, never printed." : ""
      out += "| `\(key.path)` | \(key.typeName) | \(defaults[key.path] ?? "—") | \(layers) | `\(env)` | \(cell(key.doc))\(secret) |\n"
    }
    out += """

      ## Variables that are not settings

      These share the prefix but set no key, so they are never warned about as unknown; nor is
      anything starting with `GIT_LLM_TEST` (the test suite's own).

      | Variable | Meaning |
      |---|---|

      """
    for variable in EnvironmentLayer.reserved { out += "| `\(variable.name)` | \(cell(variable.meaning)) |\n" }
    return out
  }

  /// Pattern → the default as a table cell, read from a configuration that declares one provider
  /// of each type and nothing else, loaded by the real loader over the built-in defaults.
  static func defaultValues() throws -> [String: String] {
    let folder = NSTemporaryDirectory() + "git-llm-reference-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/config.yaml"
    try "providers:\n  openai: {type: openai}\n  anthropic: {type: anthropic}\n".write(toFile: file, atomically: true, encoding: .utf8)
    let config = try ConfigLoader.loadStandalone(path: file, environment: ConfigEnvironment(variables: [:])).config
    var byPattern: [String: [(name: String?, value: String)]] = [:]
    for (path, value) in ConfigEncoder.leaves(of: config) {
      guard let pattern = ConfigSchema.pattern(for: path) else { continue }
      let star = pattern.firstIndex(of: "*").map { path[$0] }
      byPattern[pattern.joined(separator: "."), default: []].append((star, text(value)))
    }
    let providers = config.providers.count
    return byPattern.mapValues { values in
      // A value every provider shares is the default for any provider; models and routing
      // entries are named.
      cellValue(values, shared: values.first?.name == nil || values.count == providers && byPatternIsProvider(values))
    }
  }

  private static func byPatternIsProvider(_ values: [(name: String?, value: String)]) -> Bool {
    Set(values.compactMap(\.name)) == ["ollama", "openai", "anthropic", "builtin"]
  }

  /// One value, or the names that share each value: "ollama, builtin `1`; openai, anthropic `4`".
  static func cellValue(_ values: [(name: String?, value: String)], shared: Bool) -> String {
    let distinct = values.map(\.value).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    if distinct.count == 1 && shared { return "`\(distinct[0])`" }
    return distinct.map { value in
      let names = values.filter { $0.value == value }.compactMap(\.name)
      return names.joined(separator: ", ") + ": `\(value)`"
    }.joined(separator: "<br>")
  }

  static func text(_ value: LeafValue) -> String {
    switch value {
    case .scalar(let text): return text.isEmpty ? "\"\"" : text
    case .list(let items): return "[" + items.joined(separator: ", ") + "]"
    }
  }

  private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
