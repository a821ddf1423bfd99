import Yams

/// Builds YAML nodes in the order they are written, so manifests diff cleanly between runs.
enum YAMLNodes {
  /// A mapping that leaves out the keys whose value is nil.
  static func map(_ pairs: [(String, Node?)]) -> Node {
    Node(pairs.compactMap { key, value in value.map { (Node(key), $0) } })
  }

  /// A string that reads back as a string: "3", "true" or "" get quoted.
  static func string(_ value: String) -> Node { .scalar(value.represented()) }

  static func int(_ value: Int) -> Node { Node(String(value)) }

  static func bool(_ value: Bool) -> Node { Node(value ? "true" : "false") }

  static func strings(_ values: [String]) -> Node { Node(values.map(string)) }

  /// Sorted by key; nil when empty so no `labels: {}` appears.
  static func stringMap(_ values: [String: String]) -> Node? {
    values.isEmpty ? nil : Node(values.sorted { $0.key < $1.key }.map { (Node($0.key), string($0.value)) })
  }
}
