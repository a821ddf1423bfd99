import Foundation

/// `--since` (`git llm debt`, `git llm finetune dataset`) and `debt.since`: how far back the history is read, in the forms git's `--since`
/// takes most often: a span back from now (`6 months`, `2 weeks ago`, `1 year`, `90 days`,
/// `3.months`), a date (`2024-01-31`) or an ISO 8601 date-time.
public enum SinceDate {
  /// Seconds since 1970 of the cutoff, or nil when `text` is none of the forms above.
  public static func parse(_ text: String, now: Date = Date()) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let date = ISO8601DateFormatter().date(from: text) { return Int64(date.timeIntervalSince1970) }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    if let date = day.date(from: trimmed) { return Int64(date.timeIntervalSince1970) }
    var words = trimmed.replacingOccurrences(of: ".", with: " ").split(separator: " ").map(String.init)
    if words.last == "ago" { words.removeLast() }
    guard words.count == 2, let count = Int(words[0]), count >= 0 else { return nil }
    let unit = words[1].hasSuffix("s") ? String(words[1].dropLast()) : words[1]
    let seconds: Int64
    switch unit {
    case "second", "sec": seconds = 1
    case "minute", "min": seconds = 60
    case "hour": seconds = 3600
    case "day": seconds = 86_400
    case "week": seconds = 7 * 86_400
    // git counts a month as 30 days and a year as 365.
    case "month": seconds = 30 * 86_400
    case "year": seconds = 365 * 86_400
    default: return nil
    }
    return Int64(now.timeIntervalSince1970) - Int64(count) * seconds
  }
}
