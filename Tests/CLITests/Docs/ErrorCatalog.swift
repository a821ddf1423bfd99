import Foundation

/// What an error means and what to do about it, keyed by a stable code such as `config.syntax`.
struct Explanation: Equatable {
  let code: String
  let meaning: String
  let fix: String
}

/// One documented message: the lines the binary prints for a sample value, the exit status, and
/// the explanation its type gives for it.
struct CatalogEntry {
  let lines: [String]
  let status: Int32?
  let explanation: Explanation
}

/// One error type of the code: where it is declared, its cases as written in that file, and an
/// entry for each sample value.
struct CatalogSection {
  /// The area heading in docs/troubleshooting.md.
  let area: String
  let typeName: String
  /// Source file, relative to the package root, that declares the type.
  let declaredIn: String
  /// What the cases have in common: when the message appears.
  let intro: String
  let entries: [CatalogEntry]
  /// The explanation codes every case of the type must have: `prefix.caseName` for an enum's
  /// declared cases, or fixed codes for a struct.
  let expectedCodes: Set<String>
}

/// Declared `case` names of an enum, read from its source file, so a test can check that the
/// samples cover every case (the exhaustive `switch` in each explanation covers them at compile
/// time; this covers the samples).
enum DeclaredCases {
  /// `typeName` may be nested (`ReviewEngine.Failure`); the last component names the enum.
  static func of(_ typeName: String, in file: String) -> [String] {
    guard let text = try? String(contentsOfFile: PackageRepository.root + "/" + file, encoding: .utf8) else { return [] }
    let name = typeName.split(separator: ".").last.map(String.init) ?? typeName
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var depth = 0
    var enumDepth: Int?
    var names: [String] = []
    for line in lines {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if enumDepth == nil, trimmed.range(of: "enum \(name)[:{ ]", options: .regularExpression) != nil { enumDepth = depth + 1 }
      if let body = enumDepth, depth == body, !trimmed.hasPrefix("//") {
        var rest = trimmed
        if rest.hasPrefix("indirect ") { rest.removeFirst("indirect ".count) }
        if rest.hasPrefix("case ") { names += caseNames(String(rest.dropFirst(5))) }
      }
      var inString = false
      for character in code(of: line) {
        if character == "\"" { inString.toggle() }
        if inString { continue }
        if character == "{" { depth += 1 }
        if character == "}" {
          depth -= 1
          if let body = enumDepth, depth < body { return names }
        }
      }
    }
    return names
  }

  /// The line without its `//` comment (doc comments hold braces too).
  private static func code(of line: String) -> String {
    guard let comment = line.range(of: "//") else { return line }
    return String(line[..<comment.lowerBound])
  }

  /// `a(String), b, c = "x"` → a, b, c (commas inside parentheses belong to the payload).
  private static func caseNames(_ text: String) -> [String] {
    var names: [String] = []
    var depth = 0
    var current = ""
    for character in text {
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
      if character == "," && depth == 0 {
        names.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    names.append(current)
    return names.compactMap { part in
      let name = part.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      return name.isEmpty ? nil : String(name)
    }
  }
}
