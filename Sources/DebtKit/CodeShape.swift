/// The shape of a file's current text: how big it is and how deeply it nests, a language-free
/// stand-in for complexity (indentation tracks nesting in nearly every language people write).
public struct CodeShape: Sendable, Equatable {
  /// Lines that are not blank.
  public var lines = 0
  /// The sum over non-blank lines of their indentation depth (a tab or `indentWidth` spaces is
  /// one level): the "whitespace complexity" hotspot analyses use.
  public var indentation = 0
  /// The deepest indentation of any line, in levels.
  public var deepestIndentation = 0
  /// TODO, FIXME, HACK and XXX markers.
  public var markers = 0

  static let indentWidth = 4
  static let markerWords: [[UInt8]] = ["TODO", "FIXME", "HACK", "XXX"].map { Array($0.utf8) }

  public init() {}

  public init(text: String) {
    var text = text
    text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        var end = index
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        measure(UnsafeBufferPointer(rebasing: bytes[index..<end]))
        index = end + 1
      }
    }
  }

  /// Average indentation depth per non-blank line.
  public var meanIndentation: Double { lines == 0 ? 0 : Double(indentation) / Double(lines) }

  private mutating func measure(_ line: UnsafeBufferPointer<UInt8>) {
    var spaces = 0, tabs = 0, start = 0
    while start < line.count {
      if line[start] == 0x20 { spaces += 1 } else if line[start] == 0x09 { tabs += 1 } else { break }
      start += 1
    }
    // Blank (or only a carriage return): not code.
    guard start < line.count, !(start == line.count - 1 && line[start] == 0x0D) else { return }
    lines += 1
    let depth = tabs + spaces / Self.indentWidth
    indentation += depth
    deepestIndentation = max(deepestIndentation, depth)
    for word in Self.markerWords where Self.contains(line, word) { markers += 1 }
  }

  private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
    guard line.count >= word.count else { return false }
    for start in 0...(line.count - word.count) where line[start] == word[0] {
      if (1..<word.count).allSatisfy({ line[start + $0] == word[$0] }) { return true }
    }
    return false
  }
}
