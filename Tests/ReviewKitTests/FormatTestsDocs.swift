import Foundation
import Testing

@testable import ReviewKit

/// docs/json.md shows the review schema; its example must have exactly the keys the renderer
/// writes, so the documentation cannot drift from the output.
@Suite("Review format: documented JSON")
struct FormatTestsDocs {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The first ```json block after the review heading.
  static func documentedExample() throws -> [String: Any] {
    let text = try String(contentsOf: root.appendingPathComponent("docs/json.md"), encoding: .utf8)
    let section = try #require(text.range(of: "## `git llm review --format json`"))
    let rest = text[section.upperBound...]
    let open = try #require(rest.range(of: "```json\n"))
    let close = try #require(rest[open.upperBound...].range(of: "```"))
    return try parseObject(String(rest[open.upperBound..<close.lowerBound]))
  }

  /// Every key path in an object, descending into the first element of arrays of objects.
  static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
    if let object = value as? [String: Any] {
      return object.reduce(into: Set<String>()) { paths, pair in
        paths.insert(prefix + pair.key)
        paths.formUnion(keyPaths(pair.value, prefix: prefix + pair.key + "."))
      }
    }
    if let array = value as? [Any], let first = array.first { return keyPaths(first, prefix: prefix + "[]") }
    return []
  }

  @Test func documentedExampleHasTheRenderedKeys() throws {
    let documented = Self.keyPaths(try Self.documentedExample())
    // The fixtures together have a failed file, a suggestion and reviewers.
    var rendered = Set<String>()
    for report in [FormatFixtures.mixed, FormatFixtures.incomplete] {
      rendered.formUnion(Self.keyPaths(try parseObject(FormatFixtures.render(report, .json, failOn: .high))))
    }
    #expect(documented.subtracting(rendered) == [])
    #expect(rendered.subtracting(documented) == [])
  }
}
