import Foundation

/// Layer 5: `GIT_LLM_<PATH>` variables.
enum EnvironmentLayer {
  /// Variables that share the prefix but are not settings, each with what it does (the
  /// configuration reference lists them from here).
  static let reserved: [(name: String, meaning: String)] = [
    ("GIT_LLM", "`GIT_LLM=0` switches off git-llm's part of the installed hooks."),
    ("GIT_LLM_CONFIG", "Replaces the user file's path."),
    ("GIT_LLM_SHARE", "The folder holding the training files (`docker/`), when not where `make install` put them."),
    ("GIT_LLM_FINETUNE_VENV", "The venv `git llm finetune run --runner local` trains in (else under `~/.cache/git-llm`)."),
    ("GIT_LLM_SETUP_PROBES", "Base URLs (comma-separated, or `none`) where `git llm setup` looks for OpenAI-compatible servers."),
  ]

  /// Whether `name` is one of `reserved`, or a test variable (`GIT_LLM_TEST…`).
  static func isReserved(_ name: String) -> Bool {
    reserved.contains { $0.name == name } || name.hasPrefix("GIT_LLM_TEST")
  }

  /// Maps variables onto keys. Names under `providers`, `models` and `routing` are only known
  /// from the layers below, so a variable can change an existing entry but not create one.
  static func values(from environment: ConfigEnvironment, known below: LayerValues) -> (LayerValues, [String]) {
    let table = candidates(known: below)
    var layer = LayerValues()
    var warnings: [String] = []
    for (name, raw) in environment.variables.sorted(by: { $0.key < $1.key }) {
      guard name.hasPrefix("GIT_LLM_"), !isReserved(name) else { continue }
      guard let path = table[name] else {
        let suggestion = Suggest.closest(to: name, in: Array(table.keys).sorted())
        warnings.append(
          "\(name) is not a git-llm setting and was ignored"
            + (suggestion.map { "; did you mean \($0)?" } ?? "; run 'git llm config show' to see the keys"))
        continue
      }
      let isList = ConfigSchema.pattern(for: path).flatMap(ConfigSchema.key(pattern:))?.kind.isList ?? false
      let value: LeafValue = isList ? .list(splitList(raw)) : .scalar(raw)
      layer.leaves[path] = Leaf(value: value, origin: .environment(name: name))
    }
    return (layer, warnings)
  }

  /// Comma-separated list items, trimmed, empties dropped.
  static func splitList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// Every variable name that could be set, with the key it sets. Static keys win over names
  /// that happen to spell the same variable.
  static func candidates(known: LayerValues) -> [String: [String]] {
    let providers = known.names(in: "providers")
    let models = known.names(in: "models")
    var tasks = Config.standardTasks
    for task in known.names(in: "routing") where !tasks.contains(task) { tasks.append(task) }
    var table: [String: [String]] = [:]
    for key in ConfigSchema.keys {
      for path in expand(key.components, providers: providers, models: models, tasks: tasks, known: known) {
        let name = ConfigSchema.environmentName(for: path)
        if table[name] == nil { table[name] = path }
      }
    }
    return table
  }

  private static func expand(
    _ pattern: [String], providers: [String], models: [String], tasks: [String], known: LayerValues
  ) -> [[String]] {
    guard pattern.contains("*") else { return [pattern] }
    switch pattern.first {
    case "providers":
      return providers.flatMap { provider -> [[String]] in
        var path = pattern
        path[1] = provider
        guard path.count == 4, path[2] == "headers" else { return [path] }
        let headers = known.leaves.keys.filter { $0.count == 4 && $0[0] == "providers" && $0[1] == provider && $0[2] == "headers" }
        return headers.map { path.prefix(3) + [$0[3]] }
      }
    case "models":
      return models.map { [pattern[0], $0] + pattern.dropFirst(2) }
    case "routing":
      return tasks.map { ["routing", $0] }
    default:
      return []
    }
  }
}
