import Foundation
import Testing
@testable import Recurrence

/// RFC 5545 §3.3.5 on DST changes: wall-clock times stay put; a time in a gap is read with the
/// offset before the gap (it moves forward by the gap's length); a time that occurs twice takes
/// the first instant.
@Suite struct DaylightSavingTests {
    @Test func berlinGapMovesForwardByAnHour() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-28T02:30:00", timeZone: "Europe/Berlin")
        let occurrences = set.occurrences(count: 4)
        #expect(occurrences.map(\.rfc3339) == [
            "2025-03-28T02:30:00+01:00", "2025-03-29T02:30:00+01:00", "2025-03-30T03:30:00+02:00", "2025-03-31T02:30:00+02:00",
        ])
        let moved = occurrences[2]
        #expect(moved.resolution == .shiftedForward(seconds: 3600))
        #expect(moved.nominal.description == "2025-03-30T02:30:00")
        #expect(moved.local.description == "2025-03-30T03:30:00")
        #expect(moved.instant == instant("2025-03-30T01:30:00Z"))
        #expect(occurrences[1].resolution == .exact)
    }

    @Test func berlinOverlapTakesTheFirstInstant() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-10-25T02:30:00", timeZone: "Europe/Berlin")
        let occurrences = set.occurrences(count: 3)
        #expect(occurrences.map(\.rfc3339) == ["2025-10-25T02:30:00+02:00", "2025-10-26T02:30:00+02:00", "2025-10-27T02:30:00+01:00"])
        #expect(occurrences[1].resolution == .firstOfRepeated)
        #expect(occurrences[1].instant == instant("2025-10-26T00:30:00Z"))
    }

    @Test func newYorkGapAndOverlap() throws {
        #expect(try expand("FREQ=DAILY;COUNT=3", from: "2025-03-08T02:15:00") == [
            "2025-03-08T02:15:00-05:00", "2025-03-09T03:15:00-04:00", "2025-03-10T02:15:00-04:00",
        ])
        let overlap = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-11-01T01:30:00", timeZone: "America/New_York").occurrences(count: 3)
        #expect(overlap.map(\.rfc3339) == ["2025-11-01T01:30:00-04:00", "2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00"])
        #expect(overlap[1].resolution == .firstOfRepeated)
    }

    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
    func eightOClockStaysEightOClockAllYear(zone: String) throws {
        let occurrences = try expand("FREQ=WEEKLY;BYDAY=MO", from: "2025-01-06T08:00:00", in: zone, count: 60)
        #expect(occurrences.allSatisfy { $0.dropFirst(11).hasPrefix("08:00:00") })
        // Two different offsets over the year: the instants moved, the wall time did not.
        #expect(Set(occurrences.map { $0.suffix(6) }).count == 2)
    }

    @Test func twoWallTimesOnOneInstantAreOneOccurrenceAndCountOnce() throws {
        #expect(try expand("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30;COUNT=6", from: "2025-03-29T02:30:00", in: "Europe/Berlin") == [
            "2025-03-29T02:30:00+01:00", "2025-03-29T03:30:00+01:00",
            "2025-03-30T03:30:00+02:00",
            "2025-03-31T02:30:00+02:00", "2025-03-31T03:30:00+02:00",
            "2025-04-01T02:30:00+02:00",
        ])
    }

    @Test func gapTimesThatOvertakeLaterOnesAreSorted() throws {
        // 02:00 and 02:45 move to 03:00 and 03:45, landing on the day's own 03:00 and 03:45.
        let day = try expand("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,45", from: "2025-03-30T02:00:00", in: "Europe/Berlin", count: 4)
        #expect(day == ["2025-03-30T03:00:00+02:00", "2025-03-30T03:45:00+02:00", "2025-03-31T02:00:00+02:00", "2025-03-31T02:45:00+02:00"])
    }

    @Test func halfHourDaylightSavingOnLordHowe() throws {
        let occurrences = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-10-04T02:15:00", timeZone: "Australia/Lord_Howe").occurrences(count: 3)
        #expect(occurrences.map(\.rfc3339) == ["2025-10-04T02:15:00+10:30", "2025-10-05T02:45:00+11:00", "2025-10-06T02:15:00+11:00"])
        #expect(occurrences[1].resolution == .shiftedForward(seconds: 1800))
    }

    @Test func aSkippedCalendarDayCollapsesIntoTheNext() throws {
        // Samoa skipped 2011-12-30 (UTC-10 to UTC+14): that day's 10:00 reads as Dec 31 10:00,
        // the same instant as Dec 31's own occurrence.
        #expect(try expand("FREQ=DAILY", from: "2011-12-28T10:00:00", in: "Pacific/Apia", count: 4) == [
            "2011-12-28T10:00:00-10:00", "2011-12-29T10:00:00-10:00", "2011-12-31T10:00:00+14:00", "2012-01-01T10:00:00+14:00",
        ])
    }

    @Test func dateOnlySeriesStayDates() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-29", timeZone: "Europe/Berlin")
        let occurrences = set.occurrences(count: 3)
        #expect(occurrences.map(\.rfc3339) == ["2025-03-29", "2025-03-30", "2025-03-31"])
        #expect(occurrences.allSatisfy { $0.isDateOnly })
        #expect(occurrences.map(\.utcOffset) == [3600, 3600, 7200])
        #expect(occurrences[2].instant == instant("2025-03-31T00:00:00+02:00"))
    }

    @Test(arguments: ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC", "Australia/Lord_Howe",
                      "Pacific/Apia", "America/Santiago", "Pacific/Chatham", "Asia/Tehran"])
    func transitionTablesAgreeWithFoundation(identifier: String) {
        let timeZone = zone(identifier)
        var cursor = ZoneCursor(timeZone: timeZone)
        var random = SplitMix64(seed: 5545)
        for _ in 0..<4000 {
            // Instants from 1900 to 2150, and walls around them.
            let utc = Int64(random.next() % 7_889_000_000) - 2_208_988_800
            let offset = cursor.offset(atUTC: utc)
            #expect(Int(offset) == timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))), "\(identifier) at \(utc)")
            let wall = utc + Int64(offset)
            let resolved = cursor.resolve(wall)
            // The wall time shown at an instant resolves to that instant, or, in a repeated
            // hour, to the first of its two instants. (A shown wall time is never in a gap.)
            if resolved.kind == 2 {
                #expect(resolved.utc <= utc && utc - resolved.utc <= 3600 * 2)
            } else {
                #expect(resolved.kind == 0 && resolved.utc == utc)
            }
            #expect(Int(resolved.offset) == timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(resolved.utc))))
        }
    }

    @Test func farFutureDatesExtendTheTables() throws {
        #expect(try expand("FREQ=YEARLY;BYMONTH=7", from: "2999-07-01T12:00:00", in: "Europe/Berlin", count: 2)
            == ["2999-07-01T12:00:00+02:00", "3000-07-01T12:00:00+02:00"])
        #expect(try expand("FREQ=YEARLY", from: "9998-01-15T12:00:00", in: "America/New_York") == ["9998-01-15T12:00:00-05:00", "9999-01-15T12:00:00-05:00"])
    }
}

/// A small seeded generator, so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
