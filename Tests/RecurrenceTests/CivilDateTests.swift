import Foundation
import Testing
@testable import Recurrence

@Suite struct CivilDateTests {
    @Test func daysSinceEpochMatchesFoundationAcrossCenturies() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every day from 1600 to 2400 round-trips and agrees with Foundation's Gregorian calendar
        // (which is proleptic in this range).
        let first = CivilCalendar.firstDay(ofYear: 1600)
        let last = CivilCalendar.firstDay(ofYear: 2401) - 1
        var day = first
        while day <= last {
            let date = CivilDate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            if day % 97 == 0 {
                let components = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: TimeInterval(day) * 86_400))
                #expect([components.year, components.month, components.day] == [date.year, date.month, date.day])
                // Foundation: Sunday = 1 … Saturday = 7.
                #expect((components.weekday! + 5) % 7 == date.weekday.rawValue)
            }
            day += 1
        }
    }

    @Test func extremesOfTheSupportedRange() {
        let first = CivilDate(year: 1, month: 1, day: 1)!
        let last = CivilDate(year: 9999, month: 12, day: 31)!
        #expect(CivilDate(daysSinceEpoch: first.daysSinceEpoch) == first)
        #expect(CivilDate(daysSinceEpoch: last.daysSinceEpoch) == last)
        #expect(first.weekday == .monday)  // proleptic Gregorian 0001-01-01
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == .thursday)
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeapYear(2024))
        #expect(!CivilDate.isLeapYear(2025))
        #expect(!CivilDate.isLeapYear(1900))
        #expect(CivilDate.isLeapYear(2000))
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 12, day: 31)!.dayOfYear == 366)
    }

    @Test func invalidDatesDoNotExist() {
        #expect(CivilDate(year: 2025, month: 2, day: 30) == nil)
        #expect(CivilDate(year: 2025, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2025, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10000, month: 1, day: 1) == nil)
    }

    @Test func addingMonthsClampsToTheMonthEnd() {
        let january31 = CivilDate(year: 2025, month: 1, day: 31)!
        #expect(january31.adding(months: 1).description == "2025-02-28")
        #expect(CivilDate(year: 2024, month: 1, day: 31)!.adding(months: 1).description == "2024-02-29")
        #expect(january31.adding(months: 3).description == "2025-04-30")
        #expect(january31.adding(months: -2).description == "2024-11-30")
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.adding(months: 12).description == "2025-02-28")
        #expect(january31.adding(days: 29).description == "2025-03-01")
    }

    @Test(arguments: [
        ("2025-03-30", "2025-03-30"),
        ("20250330", "2025-03-30"),
    ])
    func parsesDates(text: String, expected: String) {
        #expect(CivilDate(text)?.description == expected)
    }

    @Test(arguments: ["2025-3-30", "2025-02-30", "2025/03/30", "20250330T080000", "", "2025-03-30x"])
    func rejectsMalformedDates(text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test func parsesLocalDateTimesAndInstants() {
        #expect(LocalDateTime("2025-03-30T08:00:00")?.description == "2025-03-30T08:00:00")
        #expect(LocalDateTime("2025-03-30T08:00")?.description == "2025-03-30T08:00:00")
        #expect(LocalDateTime("20250330T083015")?.description == "2025-03-30T08:30:15")
        #expect(LocalDateTime("2025-03-30T24:00:00") == nil)
        #expect(LocalDateTime("2025-03-30T08:00:00Z") == nil)  // an instant, not a wall time
        #expect(RFC3339.parse("2025-03-30T03:30:00+02:00") == Date(timeIntervalSince1970: 1_743_298_200))
        #expect(RFC3339.parse("20250330T013000Z") == Date(timeIntervalSince1970: 1_743_298_200))
        #expect(RFC3339.parse("2025-03-30T01:30:00.250Z") == Date(timeIntervalSince1970: 1_743_298_200))
        #expect(RFC3339.parse("2025-03-30T03:30:00") == nil)
        #expect(RFC3339.offsetText(-16_200) == "-04:30")
        #expect(RFC3339.offsetText(19_270) == "+05:21:10")
    }
}
