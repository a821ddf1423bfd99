import MCP
import Testing

@testable import MCPServerKit

/// Arguments are read by the tool's parameters: names and types are checked before a tool runs,
/// and each refusal names the argument and what it takes.
@Suite("MCP tool arguments")
struct ToolArgumentsTests {
  static let spec = ToolSpec(
    name: "debt", description: "d",
    parameters: [
      ToolParameter("since", .string, "s"), ToolParameter("top", .integer(minimum: 1), "t"),
      ToolParameter("no_model", .boolean, "n"), ToolParameter("paths", .strings, "p"),
      ToolParameter("run", .string, "r", required: false),
    ])

  func message(_ json: String, spec: ToolSpec = Self.spec) -> String? {
    do {
      _ = try ToolArguments(json: json, spec: spec)
      return nil
    } catch {
      return error.errorDescription
    }
  }

  @Test func wellTypedArgumentsAreReadBack() throws {
    let arguments = try ToolArguments(json: #"{"since":"3 months","top":5,"no_model":true,"paths":["src","lib"]}"#, spec: Self.spec)
    #expect(arguments.string("since") == "3 months")
    #expect(arguments.int("top") == 5)
    #expect(arguments.bool("no_model") == true)
    #expect(arguments.strings("paths") == ["src", "lib"])
    #expect(arguments.string("run") == nil && arguments.strings("nothing") == [])
  }

  @Test func aWholeNumberSentAsAFloatIsAccepted() throws {
    #expect(try ToolArguments(json: #"{"top":5.0}"#, spec: Self.spec).int("top") == 5)
    #expect(try ToolArguments(json: #"{"top":null}"#, spec: Self.spec).int("top") == nil, "null is left out")
  }

  @Test(arguments: [
    (#"{"top":"5"}"#, #"'top' must be a whole number, not the string "5""#),
    (#"{"top":2.5}"#, "'top' must be a whole number, not the number 2.5"),
    (#"{"top":0}"#, "'top' must be at least 1, not 0"),
    (#"{"no_model":"yes"}"#, #"'no_model' must be true or false, not the string "yes""#),
    (#"{"paths":"src"}"#, #"'paths' must be an array of strings, not the string "src""#),
    (#"{"paths":["src",3]}"#, "'paths' must be an array of strings, not an array"),
    (#"{"since":7}"#, "'since' must be a string, not the number 7"),
    (#"{"sincee":"1 week"}"#, "debt takes no argument 'sincee'; it takes: since, top, no_model, paths, run"),
    ("[1,2]", "debt takes its arguments as a JSON object"),
  ])
  func badArgumentsAreRefusedWithTheirName(json: String, expected: String) {
    #expect(message(json) == expected)
  }

  @Test func aMissingRequiredArgumentIsNamed() {
    let spec = ToolSpec(name: "status", description: "s", parameters: [ToolParameter("run", .string, "r", required: true)])
    #expect(message("{}", spec: spec) == "status needs the argument 'run'")
  }

  @Test func theSchemaListsEveryParameterWithItsType() throws {
    let schema = try #require(Self.spec.inputSchema.objectValue)
    #expect(schema["type"] == "object" && schema["additionalProperties"] == false)
    let properties = try #require(schema["properties"]?.objectValue)
    #expect(properties.keys.sorted() == ["no_model", "paths", "run", "since", "top"])
    #expect(properties["top"]?.objectValue?["type"] == "integer" && properties["top"]?.objectValue?["minimum"] == 1)
    #expect(properties["paths"]?.objectValue?["items"] == .object(["type": "string"]))
    #expect(properties["no_model"]?.objectValue?["type"] == "boolean")
    #expect(schema["required"] == [])
  }
}
