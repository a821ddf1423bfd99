import Foundation

/// `${VAR}` / `${VAR:-default}` expansion in file values, with `$$` for a literal `$`.
enum Substitution {
  enum Problem: Error, Equatable {
    case missing(variable: String)
    case malformed(String)
  }

  /// Expands variables. A `$` not followed by `{` or `$` is kept as is, so prices and regexes
  /// survive without escaping. Like the shell, `:-` also applies when the variable is empty.
  static func expand(_ text: String, environment: [String: String]) -> Result<String, Problem> {
    guard text.contains("$") else { return .success(text) }
    var output = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      let next = text.index(after: index)
      guard character == "$", next < text.endIndex else {
        output.append(character)
        index = next
        continue
      }
      if text[next] == "$" {
        output.append("$")
        index = text.index(after: next)
        continue
      }
      guard text[next] == "{" else {
        output.append(character)
        index = next
        continue
      }
      let bodyStart = text.index(after: next)
      guard let close = text[bodyStart...].firstIndex(of: "}") else {
        return .failure(.malformed("'${' is never closed with '}'"))
      }
      let body = text[bodyStart..<close]
      let name: Substring
      let fallback: Substring?
      if let range = body.range(of: ":-") {
        name = body[..<range.lowerBound]
        fallback = body[range.upperBound...]
      } else {
        name = body
        fallback = nil
      }
      guard isVariableName(name) else {
        return .failure(.malformed("'\(name)' is not a variable name"))
      }
      let value = environment[String(name)]
      if let value, !value.isEmpty || fallback == nil {
        output += value
      } else if let fallback {
        output += fallback
      } else {
        return .failure(.missing(variable: String(name)))
      }
      index = text.index(after: close)
    }
    return .success(output)
  }

  private static func isVariableName(_ name: Substring) -> Bool {
    guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
    return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
  }
}

extension Substitution.Problem: LocalizedError {
  /// Without the key and file, which the configuration error that reports it adds.
  var errorDescription: String? {
    switch self {
    case .missing(let variable): "${\(variable)} is not set; export it or write ${\(variable):-default}"
    case .malformed(let detail): "bad ${…} substitution: \(detail); write $$ for a literal $"
    }
  }
}
