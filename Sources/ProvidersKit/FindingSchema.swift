/// The structured answer every reviewer (model or built-in) gives: `{"findings": [...]}`.
///
/// Sent as the JSON schema of review requests, so servers that support structured output
/// (Ollama's `format`, OpenAI-compatible `response_format`) can only produce this shape.
public enum FindingSchema {
  public static let severities = ["info", "low", "medium", "high", "critical"]
  public static let categories = [
    "bug", "security", "performance", "correctness", "maintainability", "style", "documentation", "testing", "other",
  ]

  public static let schema: JSONValue = .object([
    "type": .string("object"),
    "properties": .object([
      "findings": .object([
        "type": .string("array"),
        "items": .object([
          "type": .string("object"),
          "properties": .object([
            "path": .object(["type": .string("string")]),
            "start_line": .object(["type": .string("integer")]),
            "end_line": .object(["type": .string("integer")]),
            "severity": .object(["type": .string("string"), "enum": .array(severities.map(JSONValue.string))]),
            "category": .object(["type": .string("string"), "enum": .array(categories.map(JSONValue.string))]),
            "title": .object(["type": .string("string")]),
            "explanation": .object(["type": .string("string")]),
            "suggestion": .object(["type": .string("string")]),
          ]),
          "required": .array(["path", "start_line", "end_line", "severity", "category", "title", "explanation"].map(JSONValue.string)),
        ]),
      ])
    ]),
    "required": .array([.string("findings")]),
  ])
}
