import MCP

/// One tool the server offers: its name, what it does, and the arguments it takes, from which
/// its input JSON schema is made.
public struct ToolSpec: Sendable {
  public var name: String
  public var description: String
  public var parameters: [ToolParameter]

  public init(name: String, description: String, parameters: [ToolParameter]) {
    self.name = name
    self.description = description
    self.parameters = parameters
  }

  /// The JSON schema of the arguments: an object of the parameters, no others.
  public var inputSchema: Value {
    var properties: [String: Value] = [:]
    for parameter in parameters { properties[parameter.name] = parameter.schema }
    return .object([
      "type": .string("object"),
      "properties": .object(properties),
      "required": .array(parameters.filter(\.required).map { .string($0.name) }),
      "additionalProperties": .bool(false),
    ])
  }

  var tool: Tool { Tool(name: name, description: description, inputSchema: inputSchema) }
}

/// One argument of a tool.
public struct ToolParameter: Sendable {
  /// The JSON type an argument takes.
  public enum Kind: Sendable, Equatable {
    case string
    case boolean
    /// A whole number of at least `minimum`.
    case integer(minimum: Int)
    case strings
  }

  public var name: String
  public var kind: Kind
  public var description: String
  public var required: Bool

  public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = false) {
    self.name = name
    self.kind = kind
    self.description = description
    self.required = required
  }

  var schema: Value {
    switch kind {
    case .string: return .object(["type": "string", "description": .string(description)])
    case .boolean: return .object(["type": "boolean", "description": .string(description)])
    case .integer(let minimum):
      return .object(["type": "integer", "minimum": .int(minimum), "description": .string(description)])
    case .strings:
      return .object(["type": "array", "items": .object(["type": "string"]), "description": .string(description)])
    }
  }
}
