/// A duration written in configuration as text such as `500ms`, `20s`, `5m`, `1h` or `1m30s`.
///
/// The original text is kept so rendering shows what the user wrote; equality compares the
/// length of time, so `60s` equals `1m`.
public struct ValueDuration: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The text as written.
  public let text: String
  /// Length in milliseconds.
  public let milliseconds: Int64

  /// Parses duration text; returns nil when it is not a duration.
  public init?(_ text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let ms = ValueDuration.parseMilliseconds(trimmed) else { return nil }
    self.text = trimmed
    self.milliseconds = ms
  }

  /// Creates a duration from whole seconds, rendered as `<n>s`.
  public init(seconds: Int) {
    self.text = "\(seconds)s"
    self.milliseconds = Int64(seconds) * 1000
  }

  /// Length in seconds.
  public var seconds: Double { Double(milliseconds) / 1000 }

  /// Length as a standard library `Duration`.
  public var duration: Duration { .milliseconds(milliseconds) }

  /// The text as written.
  public var description: String { text }

  /// Compares lengths of time, not spelling.
  public static func == (lhs: ValueDuration, rhs: ValueDuration) -> Bool {
    lhs.milliseconds == rhs.milliseconds
  }

  /// Hashes the length of time, consistent with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(milliseconds) }

  /// Five minutes; Ollama's own keep-alive default.
  public static let fiveMinutes = ValueDuration(seconds: 300, text: "5m")

  init(seconds: Int, text: String) {
    self.text = text
    self.milliseconds = Int64(seconds) * 1000
  }

  private static func parseMilliseconds(_ text: String) -> Int64? {
    if text == "0" { return 0 }
    var total: Double = 0
    var rest = Substring(text)
    guard !rest.isEmpty else { return nil }
    while !rest.isEmpty {
      let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
      guard !number.isEmpty, let value = Double(number) else { return nil }
      rest = rest.dropFirst(number.count)
      let unitText = rest.prefix { $0.isASCII && $0.isLetter }
      rest = rest.dropFirst(unitText.count)
      let factor: Double
      switch unitText {
      case "ms": factor = 1
      case "s": factor = 1000
      case "m": factor = 60_000
      case "h": factor = 3_600_000
      default: return nil
      }
      total += value * factor
    }
    guard total.isFinite, total < 1e15 else { return nil }
    return Int64(total.rounded())
  }
}
