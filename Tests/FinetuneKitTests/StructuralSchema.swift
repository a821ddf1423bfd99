import Foundation
import Yams

/// A small structural OpenAPI v3 validator: the subset Kubernetes CRDs use (type, properties,
/// additionalProperties, required, items, enum, int-or-string, preserve-unknown-fields,
/// min/maxLength, maxItems, pattern, list-map keys). Unknown fields are errors where the schema
/// lists properties and allows no others, as the API server's strict field validation does.
struct StructuralSchema {
  let root: Node

  init(yaml: String) throws { root = try Yams.compose(yaml: yaml) ?? Node([(Node, Node)]()) }

  /// Every violation, as `path: problem`; empty when the document fits.
  func violations(of document: Node) -> [String] {
    var found: [String] = []
    check(document, against: root, at: "", into: &found)
    return found
  }

  private func check(_ value: Node, against schema: Node, at path: String, into found: inout [String]) {
    if schema["x-kubernetes-int-or-string"]?.bool == true {
      guard let scalar = value.scalar, [.int, .str].contains(Self.scalarType(value)) else {
        return found.append("\(path): must be an integer or a string")
      }
      return checkString(scalar.string, against: schema, at: path, into: &found)
    }
    switch schema["type"]?.string {
    case "object": checkObject(value, against: schema, at: path, into: &found)
    case "array": checkArray(value, against: schema, at: path, into: &found)
    case "string":
      guard let scalar = value.scalar, Self.scalarType(value) == .str else { return found.append("\(path): must be a string") }
      checkString(scalar.string, against: schema, at: path, into: &found)
    case "integer":
      if Self.scalarType(value) != .int { found.append("\(path): must be an integer") }
    case "boolean":
      if Self.scalarType(value) != .bool { found.append("\(path): must be a boolean") }
    case let other?: found.append("\(path): the schema has a type this validator does not know: \(other)")
    case nil: break
    }
    if let allowed = schema["enum"]?.sequence, let text = value.scalar?.string, !allowed.contains(where: { $0.string == text }) {
      found.append("\(path): '\(text)' is not one of \(allowed.compactMap(\.string).joined(separator: ", "))")
    }
  }

  /// What a scalar reads back as: quoted ones are strings (YAML's rule, which Yams's resolver
  /// does not apply to implicit tags), plain ones resolve by the YAML core schema.
  static func scalarType(_ node: Node) -> Tag.Name? {
    guard let scalar = node.scalar else { return nil }
    if scalar.style != .plain, scalar.style != .any { return .str }
    return Resolver.default.resolveTag(of: node)
  }

  private func checkObject(_ value: Node, against schema: Node, at path: String, into found: inout [String]) {
    guard let mapping = value.mapping else { return found.append("\(path): must be an object") }
    let properties = schema["properties"]?.mapping
    let additional = schema["additionalProperties"]
    let preserves = schema["x-kubernetes-preserve-unknown-fields"]?.bool == true
    for (keyNode, child) in mapping {
      let key = keyNode.string ?? "?"
      if let sub = properties?[key] {
        check(child, against: sub, at: "\(path).\(key)", into: &found)
      } else if let additional {
        check(child, against: additional, at: "\(path).\(key)", into: &found)
      } else if properties != nil, !preserves {
        found.append("\(path): unknown field '\(key)'")
      }
    }
    for required in schema["required"]?.sequence ?? [] where mapping[required.string ?? ""] == nil {
      found.append("\(path): missing required field '\(required.string ?? "?")'")
    }
  }

  private func checkArray(_ value: Node, against schema: Node, at path: String, into found: inout [String]) {
    guard let items = value.sequence else { return found.append("\(path): must be an array") }
    if let limit = schema["maxItems"]?.int, items.count > limit { found.append("\(path): more than \(limit) items") }
    for (index, item) in items.enumerated() {
      if let itemSchema = schema["items"] { check(item, against: itemSchema, at: "\(path)[\(index)]", into: &found) }
    }
    if schema["x-kubernetes-list-type"]?.string == "map", let keys = schema["x-kubernetes-list-map-keys"]?.sequence {
      let identities = items.map { item in keys.map { item[$0]?.string ?? "" }.joined(separator: "/") }
      if Set(identities).count != identities.count { found.append("\(path): duplicate entries for the list-map keys") }
    }
  }

  private func checkString(_ text: String, against schema: Node, at path: String, into found: inout [String]) {
    if let limit = schema["maxLength"]?.int, text.count > limit { found.append("\(path): longer than \(limit)") }
    if let limit = schema["minLength"]?.int, text.count < limit { found.append("\(path): shorter than \(limit)") }
    if let pattern = schema["pattern"]?.string, text.range(of: pattern, options: .regularExpression) == nil {
      found.append("\(path): '\(text)' does not match \(pattern)")
    }
  }
}
