import Foundation
import MCP

/// A tool call's arguments, read by type against the tool's parameters: a missing required
/// argument, one of the wrong type, or one the tool does not take is a `ToolArgumentError`.
public struct ToolArguments: Sendable {
  let values: [String: Value]
  let spec: ToolSpec

  /// Checks the names and types of `values` against `spec`'s parameters.
  init(_ values: [String: Value], spec: ToolSpec) throws(ToolArgumentError) {
    let known = Set(spec.parameters.map(\.name))
    if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
      throw .unknown(tool: spec.name, name: unknown, known: spec.parameters.map(\.name))
    }
    for parameter in spec.parameters {
      guard let value = values[parameter.name], !value.isNull else {
        if parameter.required { throw .missing(tool: spec.name, name: parameter.name) }
        continue
      }
      try Self.check(value, against: parameter)
    }
    self.values = values
    self.spec = spec
  }

  /// Arguments from a JSON object's text (what a client sends), for tests and tools alike.
  public init(json: String, spec: ToolSpec) throws(ToolArgumentError) {
    guard let data = json.data(using: .utf8), let values = try? JSONDecoder().decode([String: Value].self, from: data) else {
      throw .notAnObject(tool: spec.name)
    }
    try self.init(values, spec: spec)
  }

  public func string(_ name: String) -> String? { values[name]?.stringValue }
  public func bool(_ name: String) -> Bool? { values[name]?.boolValue }
  public func strings(_ name: String) -> [String] { values[name]?.arrayValue?.compactMap(\.stringValue) ?? [] }
  public func int(_ name: String) -> Int? {
    guard let value = values[name] else { return nil }
    return value.intValue ?? value.doubleValue.flatMap { Int(exactly: $0) }
  }

  private static func check(_ value: Value, against parameter: ToolParameter) throws(ToolArgumentError) {
    switch parameter.kind {
    case .string:
      guard value.stringValue != nil else { throw .type(name: parameter.name, expected: "a string", got: value) }
    case .boolean:
      guard value.boolValue != nil else { throw .type(name: parameter.name, expected: "true or false", got: value) }
    case .strings:
      guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
        throw .type(name: parameter.name, expected: "an array of strings", got: value)
      }
    case .integer(let minimum):
      // A client may send 5.0 for 5; a fraction or a number past Int's range is refused.
      guard let number = value.intValue ?? value.doubleValue.flatMap({ Int(exactly: $0) }) else {
        throw .type(name: parameter.name, expected: "a whole number", got: value)
      }
      guard number >= minimum else { throw .tooSmall(name: parameter.name, minimum: minimum, got: number) }
    }
  }
}

/// Why a tool call's arguments were refused; the message names the argument and the fix.
public enum ToolArgumentError: Error, LocalizedError, Equatable {
  case notAnObject(tool: String)
  case unknown(tool: String, name: String, known: [String])
  case missing(tool: String, name: String)
  case type(name: String, expected: String, got: Value)
  case tooSmall(name: String, minimum: Int, got: Int)

  public var errorDescription: String? {
    switch self {
    case .notAnObject(let tool): return "\(tool) takes its arguments as a JSON object"
    case .unknown(let tool, let name, let known):
      return "\(tool) takes no argument '\(name)'; it takes: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
    case .missing(let tool, let name): return "\(tool) needs the argument '\(name)'"
    case .type(let name, let expected, let got): return "'\(name)' must be \(expected), not \(Self.kind(of: got))"
    case .tooSmall(let name, let minimum, let got): return "'\(name)' must be at least \(minimum), not \(got)"
    }
  }

  private static func kind(of value: Value) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return "\(flag)"
    case .int(let number): return "the number \(number)"
    case .double(let number): return "the number \(number)"
    case .string(let text): return "the string \"\(text.prefix(40))\""
    case .data: return "data"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
