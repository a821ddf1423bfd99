/// gitignore-style globs for `review.exclude`: `*` and `?` stay within a path segment, `**`
/// crosses segments, a pattern without `/` matches the file name anywhere, and a trailing `/`
/// matches everything under a folder.
public struct Glob: Sendable, Equatable {
  public let pattern: String

  public init(_ pattern: String) { self.pattern = pattern }

  public func matches(_ path: String) -> Bool {
    var text = pattern
    if text.hasSuffix("/") { text += "**" }
    if text.hasPrefix("/") {
      text.removeFirst()
    } else if !text.contains("/") {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      return Self.match(Array(text.utf8), Array(name.utf8))
    }
    return Self.match(Array(text.utf8), Array(path.utf8))
  }

  private static func match(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
    var memo: [Int: Bool] = [:]
    func go(_ p: Int, _ t: Int) -> Bool {
      let key = p * (text.count + 1) + t
      if let known = memo[key] { return known }
      let result: Bool
      if p == pattern.count {
        result = t == text.count
      } else if pattern[p] == UInt8(ascii: "*"), p + 1 < pattern.count, pattern[p + 1] == UInt8(ascii: "*") {
        // `**/` also matches zero folders.
        var next = p + 2
        if next < pattern.count, pattern[next] == UInt8(ascii: "/") { next += 1 }
        result = (t...text.count).contains { go(next, $0) }
      } else if pattern[p] == UInt8(ascii: "*") {
        var end = t
        var found = go(p + 1, t)
        while !found && end < text.count && text[end] != UInt8(ascii: "/") {
          end += 1
          found = go(p + 1, end)
        }
        result = found
      } else if t < text.count && (pattern[p] == text[t] || (pattern[p] == UInt8(ascii: "?") && text[t] != UInt8(ascii: "/"))) {
        result = go(p + 1, t + 1)
      } else {
        result = false
      }
      memo[key] = result
      return result
    }
    return go(0, 0)
  }
}
