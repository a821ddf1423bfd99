import Foundation
import Yams

/// Turns one YAML file into flattened values, reporting every unknown key, misplaced structure and
/// failed substitution with the file position where it happens.
struct ConfigFileReader {
  let path: String
  let layer: ConfigLayer
  let environment: [String: String]
  private(set) var values = LayerValues()
  private(set) var errors: [ConfigError] = []

  init(path: String, layer: ConfigLayer, environment: [String: String]) {
    self.path = path
    self.layer = layer
    self.environment = environment
  }

  /// Reads the file from disk.
  static func read(path: String, layer: ConfigLayer, environment: [String: String]) -> (LayerValues, [ConfigError]) {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      return (LayerValues(), [.io(path: path, detail: readProblem(path))])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return (LayerValues(), [.io(path: path, detail: "is not UTF-8 text; save it as UTF-8")])
    }
    return parse(text: text, path: path, layer: layer, environment: environment)
  }

  /// Why `path` can't be read, in plain words rather than Foundation's ("error 256").
  static func readProblem(_ path: String) -> String {
    var status = stat()
    if stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
      return "is a folder, not a YAML file; pass the path of the file"
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor < 0 else {
      close(descriptor)
      return "can't read the file; check its permissions"
    }
    return "can't read the file (\(String(cString: strerror(errno)).lowercased())); check its permissions"
  }

  /// Parses YAML text as if it were the file at `path`.
  static func parse(text: String, path: String, layer: ConfigLayer, environment: [String: String]) -> (LayerValues, [ConfigError]) {
    var reader = ConfigFileReader(path: path, layer: layer, environment: environment)
    reader.run(text)
    return (reader.values, reader.errors)
  }

  private mutating func run(_ text: String) {
    let root: Node?
    do {
      // No implicit-type resolver: values are typed by the schema, and building the default
      // resolver compiles a dozen regular expressions, a tenth of a pre-commit hook's run.
      root = try Yams.compose(yaml: text, Resolver.basic)
    } catch let error as YamlError {
      errors.append(syntaxError(error, text: text))
      return
    } catch {
      errors.append(.syntax(location: "\(path):1:1", message: "\(error)"))
      return
    }
    guard let root else { return }
    if case let .scalar(scalar) = root, NSNull.construct(from: scalar) != nil { return }
    guard case let .mapping(mapping) = root else {
      errors.append(
        .invalidValue(
          location: position(root.mark).text, key: "(top level)",
          expected: "a mapping of keys such as 'version: 1'", got: nil, suggestion: nil))
      return
    }
    walk(mapping, pattern: [], concrete: [])
  }

  private mutating func walk(_ mapping: Node.Mapping, pattern: [String], concrete: [String]) {
    let options = ConfigSchema.children(of: pattern)
    for (keyNode, valueNode) in mapping {
      guard case let .scalar(keyScalar) = keyNode else {
        errors.append(
          .invalidValue(
            location: position(keyNode.mark).text, key: concrete.joined(separator: "."),
            expected: "keyed by plain names", got: nil, suggestion: nil))
        continue
      }
      let name = keyScalar.string
      let childPattern: [String]
      if name != "*" && options.contains(name) {
        childPattern = pattern + [name]
      } else if options.contains("*") && !name.isEmpty {
        childPattern = pattern + ["*"]
      } else {
        errors.append(
          .unknownKey(
            location: position(keyNode.mark).text, key: name,
            parent: concrete.joined(separator: "."),
            suggestion: Suggest.closest(to: name, in: options)))
        continue
      }
      let childConcrete = concrete + [name]
      let keyPosition = position(keyNode.mark)
      if let key = ConfigSchema.key(pattern: childPattern) {
        leaf(valueNode, key: key, concrete: childConcrete, keyPosition: keyPosition)
      } else {
        let origin = ValueOrigin.file(key: keyPosition, value: position(valueNode.mark ?? keyNode.mark), layer: layer)
        if childPattern.count == 2, childPattern[1] == "*" { values.entities[childConcrete] = origin }
        switch valueNode {
        case let .mapping(child):
          walk(child, pattern: childPattern, concrete: childConcrete)
        case let .scalar(scalar) where NSNull.construct(from: scalar) != nil:
          continue
        default:
          errors.append(
            .invalidValue(
              location: position(valueNode.mark ?? keyNode.mark).text,
              key: childConcrete.joined(separator: "."), expected: "a mapping of keys", got: nil, suggestion: nil))
        }
      }
    }
  }

  private mutating func leaf(_ node: Node, key: SchemaKey, concrete: [String], keyPosition: FilePosition) {
    let valuePosition = position(node.mark)
    let origin = ValueOrigin.file(key: keyPosition, value: valuePosition, layer: layer)
    let dotted = concrete.joined(separator: ".")
    let value: LeafValue
    switch node {
    case let .scalar(scalar):
      let isNull = NSNull.construct(from: scalar) != nil
      if key.kind.isList {
        // A bare `exclude:` means an empty list rather than an error.
        guard isNull else {
          errors.append(
            .invalidValue(
              location: valuePosition.text, key: dotted, expected: key.kind.expectation + " like [a, b]",
              got: key.isSecret ? nil : scalar.string, suggestion: nil))
          return
        }
        value = .list([])
      } else {
        guard let text = expand(isNull ? "" : scalar.string, key: dotted, at: valuePosition) else { return }
        value = .scalar(text)
      }
    case let .sequence(sequence):
      guard key.kind.isList else {
        errors.append(
          .invalidValue(
            location: valuePosition.text, key: dotted, expected: key.kind.expectation + ", not a list",
            got: nil, suggestion: nil))
        return
      }
      var items: [String] = []
      for item in sequence {
        guard case let .scalar(scalar) = item else {
          errors.append(
            .invalidValue(
              location: position(item.mark ?? node.mark).text, key: dotted,
              expected: key.kind.expectation + " (plain values, not nested lists or mappings)", got: nil, suggestion: nil))
          return
        }
        guard let text = expand(scalar.string, key: dotted, at: position(scalar.mark)) else { return }
        items.append(text)
      }
      value = .list(items)
    case .mapping:
      errors.append(
        .invalidValue(
          location: valuePosition.text, key: dotted, expected: key.kind.expectation + ", not a mapping",
          got: nil, suggestion: nil))
      return
    case .alias:
      errors.append(
        .invalidValue(
          location: valuePosition.text, key: dotted, expected: key.kind.expectation + ", not an alias",
          got: nil, suggestion: nil))
      return
    }
    values.leaves[concrete] = Leaf(value: value, origin: origin)
  }

  private mutating func expand(_ text: String, key: String, at position: FilePosition) -> String? {
    switch Substitution.expand(text, environment: environment) {
    case let .success(expanded):
      return expanded
    case let .failure(.missing(variable)):
      errors.append(.missingVariable(location: position.text, key: key, variable: variable))
    case let .failure(.malformed(detail)):
      errors.append(.badSubstitution(location: position.text, key: key, detail: detail))
    }
    return nil
  }

  private func position(_ mark: Mark?) -> FilePosition {
    FilePosition(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  private func syntaxError(_ error: YamlError, text: String) -> ConfigError {
    switch error {
    case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
      let .composer(context, problem, mark, _):
      let contextText = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
      return .syntax(location: position(mark).text, message: problem + contextText)
    case let .duplicatedKeysInMapping(duplicates, context):
      let key = duplicates.first ?? "?"
      let (line, column) = Self.secondOccurrence(of: key, line: context.mark.line, column: context.mark.column, in: text)
      return .duplicateKey(location: FilePosition(path: path, line: line, column: column).text, key: key)
    case let .reader(problem, _, _, _):
      return .syntax(location: "\(path):1:1", message: problem)
    default:
      return .syntax(location: "\(path):1:1", message: error.description.split(separator: "\n").first.map(String.init) ?? "")
    }
  }

  /// libyaml reports a duplicate at its first occurrence; the repeat is what the user just added,
  /// so point there when it can be found at the same indentation.
  static func secondOccurrence(of key: String, line: Int, column: Int, in text: String) -> (Int, Int) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return (line, column) }
    for index in line..<lines.count {
      let line = lines[index].unicodeScalars
      let indent = line.prefix { $0 == " " }.count
      guard indent + 1 == column else { continue }
      let rest = String(String.UnicodeScalarView(line.dropFirst(indent)))
      for quoted in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(quoted + ":") {
        return (index + 1, column)
      }
    }
    return (line, column)
  }
}
