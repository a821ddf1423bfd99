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

  @Test func aSpanPastTheYearOneIsTooFarBackNotATrap() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    // 9999999999999 years overflowed Int64 seconds and trapped; digits past Int64 too.
    for far in ["9999999999999 years", "99999999999999999999999 days ago", "3000 years", "9223372036854775807 weeks"] {
      #expect(SinceDate.cutoff(far, now: now) == .failure(.tooFarBack), "\(far)")
      #expect(SinceDate.parse(far, now: now) == nil)
    }
    #expect(SinceDate.cutoff("2000 years", now: now) == .success(1_800_000_000 - 2000 * 365 * 86_400))
    #expect(SinceDate.cutoff("soon", now: now) == .failure(.notASpanOrDate))
    #expect(
      SinceDate.message(.tooFarBack, label: "--since", text: "9999999999999 years").hasPrefix(
        "--since '9999999999999 years' is too far back"))
  }
}
