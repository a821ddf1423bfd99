import Foundation

/// Messages written as string literals where they are thrown (`CommandFailure(.usage, "…")`,
/// HooksKit's `throw .refused("…")`, `ValidationError("…")`), read from the sources so the
/// troubleshooting page lists each one as the code words it. Interpolations become `<name>`.
struct MessageLiteral: Equatable {
  let file: String
  let text: String
  let status: Int32
}

enum MessageLiterals {
  /// The kinds of literal, each with the pattern before its opening quote, the folder it is
  /// searched in, and the captured word that means exit status 2 (anything else is 3; an empty
  /// capture is always a usage error).
  static let kinds: [(pattern: String, folder: String, usage: String)] = [
    (#"CommandFailure\(\s*\.(usage|incomplete)\s*,\s*""#, "Sources/GitLLM", "usage"),
    (#"throw \.(refused|io)\(\s*""#, "Sources/HooksKit", "refused"),
    (#"ValidationError\(()""#, "Sources/GitLLM", ""),
  ]

  static func all() -> [MessageLiteral] {
    var found: [MessageLiteral] = []
    for kind in kinds {
      for file in swiftFiles(under: kind.folder) {
        guard let text = try? String(contentsOfFile: PackageRepository.root + "/" + file, encoding: .utf8),
          let regex = try? NSRegularExpression(pattern: kind.pattern)
        else { continue }
        let utf16 = text as NSString
        for match in regex.matches(in: text, range: NSRange(location: 0, length: utf16.length)) {
          let group = match.range(at: 1).location == NSNotFound ? "" : utf16.substring(with: match.range(at: 1))
          // The match ends just after the opening quote.
          let start = text.utf16.index(text.utf16.startIndex, offsetBy: match.range.location + match.range.length)
          guard let literal = literal(in: text, from: start) else { continue }
          found.append(MessageLiteral(file: file, text: literal, status: group == kind.usage || group.isEmpty ? 2 : 3))
        }
      }
    }
    return found
  }

  /// The literal starting after an opening quote at `start`, joined across `"…" + "…"`, with each
  /// `\(expression)` shown as `<name>`.
  static func literal(in text: String, from start: String.Index) -> String? {
    var out = ""
    var index = start
    while index < text.endIndex {
      let character = text[index]
      if character == "\\" {
        let next = text.index(after: index)
        guard next < text.endIndex else { return nil }
        if text[next] == "(" {
          guard let (expression, end) = interpolation(in: text, from: text.index(after: next)) else { return nil }
          out += "<\(placeholder(expression))>"
          index = end
          continue
        }
        out.append(text[next] == "n" ? " " : text[next])
        index = text.index(after: next)
        continue
      }
      if character == "\"" {
        // A `+ "…"` continues the message.
        var rest = text.index(after: index)
        while rest < text.endIndex, text[rest].isWhitespace { rest = text.index(after: rest) }
        guard rest < text.endIndex, text[rest] == "+" else { return out }
        rest = text.index(after: rest)
        while rest < text.endIndex, text[rest].isWhitespace { rest = text.index(after: rest) }
        guard rest < text.endIndex, text[rest] == "\"" else { return out + "…" }
        index = text.index(after: rest)
        continue
      }
      out.append(character)
      index = text.index(after: index)
    }
    return nil
  }

  /// The expression of `\(…)` and the index after its closing parenthesis.
  private static func interpolation(in text: String, from start: String.Index) -> (String, String.Index)? {
    var depth = 1
    var inString = false
    var index = start
    while index < text.endIndex {
      let character = text[index]
      if character == "\"" { inString.toggle() }
      if !inString {
        if character == "(" { depth += 1 }
        if character == ")" {
          depth -= 1
          if depth == 0 { return (String(text[start..<index]), text.index(after: index)) }
        }
      }
      index = text.index(after: index)
    }
    return nil
  }

  /// A readable name for an interpolated expression: `locations.localConfigPath` → localConfigPath,
  /// `hook.rawValue` → hook, `Self.folderProblem(errno)` → folderProblem.
  static func placeholder(_ expression: String) -> String {
    let head = expression.prefix { $0 != "(" && $0 != " " }
    var parts = head.split(separator: ".").map(String.init).filter { $0 != "self" && $0 != "Self" }
    let generic: Set<String> = ["rawValue", "description", "joined", "prefix", "map", "count", "lowercased", "path", "text"]
    while parts.count > 1, let last = parts.last, generic.contains(last) { parts.removeLast() }
    return parts.last ?? "value"
  }

  private static func swiftFiles(under folder: String) -> [String] {
    let root = PackageRepository.root + "/"
    guard let names = FileManager.default.enumerator(atPath: root + folder)?.allObjects as? [String] else { return [] }
    return names.filter { $0.hasSuffix(".swift") }.sorted().map { folder + "/" + $0 }
  }
}
