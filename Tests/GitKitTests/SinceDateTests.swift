import Foundation
import GitKit
import Testing

@Suite("--since windows")
struct SinceDateTests {
  @Test func sinceTakesSpansAndDates() throws {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let day: Int64 = 86_400
    #expect(SinceDate.parse("6 months", now: now) == Int64(1_800_000_000) - 6 * 30 * day)
    #expect(SinceDate.parse("2 weeks ago", now: now) == Int64(1_800_000_000) - 14 * day)
    #expect(SinceDate.parse("1 year", now: now) == Int64(1_800_000_000) - 365 * day)
    #expect(SinceDate.parse("3.days.ago", now: now) == Int64(1_800_000_000) - 3 * day)
    #expect(SinceDate.parse("2024-01-31") == 1_706_659_200)
    #expect(SinceDate.parse("2024-01-31T12:00:00Z") == 1_706_702_400)
    for bad in ["", "soon", "6", "six months", "-2 days", "3 fortnights", "2024-13-40"] {
      #expect(SinceDate.parse(bad, now: now) == nil, "\(bad)")
    }
  }
}
