import Foundation

/// Sets keys in the text of a configuration file without re-rendering it, so the user's comments,
/// order and other keys stay as they were: each key path is found by its indentation (block
/// style, as `config init` and every example write) and its value replaced, or the missing keys
/// are added at the end of their parent's block.
public enum LayerEdit {
  /// One key to set: its path and its value, already written as YAML (see `scalar`, `list`,
  /// `reference`).
  public struct Assignment: Sendable, Equatable {
    public let path: [String]
    public let value: String
    public init(_ path: [String], _ value: String) {
      self.path = path
      self.value = value
    }
  }

  /// `text` with every assignment applied in order; nil when a parent on the way is written in
  /// flow style (`models: {a: …}`) or otherwise not as nested blocks, which this does not rewrite.
  public static func applying(_ assignments: [Assignment], to text: String) -> String? {
    var lines = text.isEmpty ? [] : text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    for assignment in assignments {
      guard !assignment.path.isEmpty, set(assignment, in: &lines) else { return nil }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A scalar as `config show` writes it: plain where YAML reads it back unchanged, else quoted.
  public static func scalar(_ text: String) -> String { ConfigRender.scalar(text) }

  /// A flow list of scalars.
  public static func list(_ items: [String]) -> String { "[" + items.map(ConfigRender.scalar).joined(separator: ", ") + "]" }

  /// `"${NAME}"`: the value of an environment variable when the file is loaded.
  public static func reference(_ variable: String) -> String { "\"${\(variable)}\"" }

  private static func set(_ assignment: Assignment, in lines: inout [String]) -> Bool {
    var parentIndent = -1
    var block = 0..<lines.count
    for (depth, key) in assignment.path.enumerated() {
      let last = depth == assignment.path.count - 1
      let indent = childIndent(in: lines, block, parent: parentIndent)
      guard let found = block.first(where: { index in indentation(lines[index]) == indent && keyName(lines[index]) == key }) else {
        // A new top-level section goes at the end of the file, after any closing comment.
        let insertAt = parentIndent < 0 ? endOfText(lines) : endOfContent(in: lines, block)
        var added: [String] = []
        for (offset, name) in assignment.path[depth...].enumerated() {
          let pad = String(repeating: " ", count: indent + 2 * offset)
          added.append(pad + ConfigRender.key(name) + ":" + (depth + offset == assignment.path.count - 1 ? " " + assignment.value : ""))
        }
        lines.insert(contentsOf: added, at: insertAt)
        return true
      }
      let end = endOfBlock(in: lines, after: found, indent: indent, limit: block.upperBound)
      if last {
        lines.replaceSubrange(found..<end, with: [String(repeating: " ", count: indent) + ConfigRender.key(key) + ": " + assignment.value])
        return true
      }
      // A parent must open a block: nothing but a comment after its colon.
      guard inlineValue(lines[found]).isEmpty else { return false }
      parentIndent = indent
      block = (found + 1)..<end
    }
    return false
  }

  /// The indentation children use in `block`: that of its first content line, else two more
  /// than the parent's.
  private static func childIndent(in lines: [String], _ block: Range<Int>, parent: Int) -> Int {
    for index in block where isContent(lines[index]) {
      let indent = indentation(lines[index])
      return indent > parent ? indent : (parent < 0 ? 0 : parent + 2)
    }
    return (parent < 0 ? 0 : parent + 2)
  }

  /// Where the block of the key on line `start` ends: the next content line indented no deeper
  /// than the key (a `- item` at the key's own indentation still belongs to it, as YAML allows).
  private static func endOfBlock(in lines: [String], after start: Int, indent: Int, limit: Int) -> Int {
    var index = start + 1
    while index < limit {
      let line = lines[index]
      if isContent(line) {
        let own = indentation(line)
        let item = line.dropFirst(own).hasPrefix("- ") || line.dropFirst(own) == "-"
        if own < indent || (own == indent && !item) { break }
      }
      index += 1
    }
    // Trailing blank lines and comments belong to what follows.
    while index > start + 1 && !isContent(lines[index - 1]) { index -= 1 }
    return index
  }

  /// After the last content line of the block (before comments and blank lines that follow it).
  private static func endOfContent(in lines: [String], _ block: Range<Int>) -> Int {
    var end = block.upperBound
    while end > block.lowerBound && !isContent(lines[end - 1]) { end -= 1 }
    return end
  }

  private static func endOfText(_ lines: [String]) -> Int {
    var end = lines.count
    while end > 0 && lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
    return end
  }

  private static func isContent(_ line: String) -> Bool {
    let trimmed = line.drop { $0 == " " }
    return !trimmed.isEmpty && !trimmed.hasPrefix("#") && trimmed != "---"
  }

  private static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

  /// The key a `key: …` line sets, unquoted; nil for other lines.
  private static func keyName(_ line: String) -> String? {
    let body = line.drop { $0 == " " }
    guard isContent(line), !body.hasPrefix("- ") else { return nil }
    if let quote = body.first, quote == "\"" || quote == "'" {
      guard let close = body.dropFirst().firstIndex(of: quote), body[body.index(after: close)...].hasPrefix(":") else { return nil }
      return String(body[body.index(after: body.startIndex)..<close])
    }
    guard let colon = body.range(of: ": ")?.lowerBound ?? (body.hasSuffix(":") ? body.index(before: body.endIndex) : nil) else {
      return nil
    }
    return String(body[..<colon])
  }

  /// What follows a key's colon, without a trailing comment.
  private static func inlineValue(_ line: String) -> String {
    let body = line.drop { $0 == " " }
    guard let colon = body.range(of: ": ")?.lowerBound ?? (body.hasSuffix(":") ? body.index(before: body.endIndex) : nil) else {
      return ""
    }
    let rest = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    return rest.hasPrefix("#") ? "" : rest
  }
}
