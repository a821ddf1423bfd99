import Foundation

/// `--since` (`git llm debt`, `git llm finetune dataset`) and `debt.since`: how far back the history is read, in the forms git's `--since`
/// takes most often: a span back from now (`6 months`, `2 weeks ago`, `1 year`, `90 days`,
/// `3.months`), a date (`2024-01-31`) or an ISO 8601 date-time.
public enum SinceDate {
  /// Why a text gives no cutoff.
  public enum Failure: Error, Equatable, Sendable {
    /// None of the forms above.
    case notASpanOrDate
    /// A span or date before `earliest` (a span so long it would overflow, say).
    case tooFarBack
  }

  /// The earliest cutoff, 0001-01-01T00:00:00Z: every date before it is outside what the
  /// reports can print, and a span reaching past it is a typo rather than a window.
  public static let earliest: Int64 = -62_135_596_800

  /// Seconds since 1970 of the cutoff, or nil when `text` gives none (see `cutoff`).
  public static func parse(_ text: String, now: Date = Date()) -> Int64? {
    try? cutoff(text, now: now).get()
  }

  /// Seconds since 1970 of the cutoff, or why there is none.
  public static func cutoff(_ text: String, now: Date = Date()) -> Result<Int64, Failure> {
    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let date = ISO8601DateFormatter().date(from: text) { return checked(date.timeIntervalSince1970) }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    if let date = day.date(from: trimmed) { return checked(date.timeIntervalSince1970) }
    var words = trimmed.replacingOccurrences(of: ".", with: " ").split(separator: " ").map(String.init)
    if words.last == "ago" { words.removeLast() }
    guard words.count == 2, let seconds = unitSeconds[words[1].hasSuffix("s") ? String(words[1].dropLast()) : words[1]] else {
      return .failure(.notASpanOrDate)
    }
    guard let count = Int64(words[0]), count >= 0 else {
      // Digits past what Int64 holds are a span too long to mean anything, not an unreadable one.
      return words[0].utf8.allSatisfy { (0x30...0x39).contains($0) } ? .failure(.tooFarBack) : .failure(.notASpanOrDate)
    }
    let (span, overflow) = count.multipliedReportingOverflow(by: seconds)
    let (cut, below) = Int64(now.timeIntervalSince1970).subtractingReportingOverflow(span)
    return overflow || below ? .failure(.tooFarBack) : checked(cut)
  }

  /// The one-line error for a text that gives no cutoff; `label` is the flag or key it came from.
  public static func message(_ failure: Failure, label: String, text: String) -> String {
    switch failure {
    case .notASpanOrDate:
      "\(label) '\(text)' is not a span (\"6 months\", \"2 weeks ago\") or a date (2024-01-31)"
    case .tooFarBack:
      "\(label) '\(text)' is too far back; the earliest is the year 1 (give a shorter span or a later date)"
    }
  }

  private static let unitSeconds: [String: Int64] = [
    "second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "day": 86_400, "week": 7 * 86_400,
    // git counts a month as 30 days and a year as 365.
    "month": 30 * 86_400, "year": 365 * 86_400,
  ]

  private static func checked(_ seconds: Double) -> Result<Int64, Failure> {
    guard seconds.isFinite, seconds >= Double(earliest) else { return .failure(.tooFarBack) }
    return .success(Int64(min(seconds, 9e18)))
  }

  private static func checked(_ seconds: Int64) -> Result<Int64, Failure> {
    seconds >= earliest ? .success(seconds) : .failure(.tooFarBack)
  }
}

extension SinceDate.Failure: LocalizedError {
  /// Without the flag or key and the text, which `SinceDate.message` adds where they are known.
  public var errorDescription: String? {
    switch self {
    case .notASpanOrDate: "not a span (\"6 months\", \"2 weeks ago\") or a date (2024-01-31)"
    case .tooFarBack: "too far back; the earliest is the year 1 (give a shorter span or a later date)"
    }
  }
}
