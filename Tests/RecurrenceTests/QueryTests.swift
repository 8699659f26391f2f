import Foundation
import Testing
import Recurrence

/// next(after:), occurrences(after:), between(_:_:) and the time helpers.
@Suite struct QueryTests {
    @Test func nextIsStrictlyAfterTheInstant() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-01T08:00:00", timeZone: "Europe/Berlin")
        #expect(set.next(after: instant("2025-03-30T06:00:00Z"))?.rfc3339 == "2025-03-31T08:00:00+02:00")
        #expect(set.next(after: instant("2025-03-30T05:59:59Z"))?.rfc3339 == "2025-03-30T08:00:00+02:00")
        #expect(set.next(after: instant("2025-03-30T06:00:00.5Z"))?.rfc3339 == "2025-03-31T08:00:00+02:00")
        #expect(set.next(after: instant("2020-01-01T00:00:00Z"))?.rfc3339 == "2025-03-01T08:00:00+01:00")
    }

    @Test func nextIsNilOnceTheSetHasEnded() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY;COUNT=3", start: "2025-03-01T08:00:00", timeZone: "UTC")
        #expect(set.next(after: instant("2025-03-02T12:00:00Z"))?.rfc3339 == "2025-03-03T08:00:00+00:00")
        #expect(set.next(after: instant("2025-03-03T08:00:00Z")) == nil)
    }

    @Test func dateOnlySetsTreatTodayAsReached() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-01", timeZone: "America/New_York")
        // 2025-03-10T03:00Z is still March 9 in New York.
        #expect(set.next(after: instant("2025-03-10T03:00:00Z"))?.rfc3339 == "2025-03-10")
        #expect(set.next(after: instant("2025-03-10T05:00:00Z"))?.rfc3339 == "2025-03-11")
    }

    @Test func betweenIsHalfOpen() throws {
        let set = try RecurrenceSet(rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR", start: "2025-03-03T09:00:00", timeZone: "UTC")
        let window = set.between(instant("2025-03-05T09:00:00Z"), instant("2025-03-10T09:00:00Z"))
        #expect(window.map(\.rfc3339) == ["2025-03-05T09:00:00+00:00", "2025-03-07T09:00:00+00:00"])
        #expect(set.between(instant("2025-03-10T09:00:00Z"), instant("2025-03-05T09:00:00Z")).isEmpty)
        let days = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-03-01", timeZone: "UTC")
        #expect(days.between(instant("2025-03-03T00:00:00Z"), instant("2025-03-05T00:00:00Z")).map(\.rfc3339) == ["2025-03-03", "2025-03-04"])
    }

    /// Starting expansion near the instant (rules without COUNT) must give exactly what
    /// filtering the whole expansion gives.
    @Test func occurrencesAfterAnInstantEqualFilteringFromTheStart() throws {
        let rules = [
            "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU",
            "FREQ=WEEKLY;BYDAY=TU,FR;BYSETPOS=-1", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;INTERVAL=5;BYDAY=2TU",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1", "FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO", "FREQ=YEARLY;INTERVAL=3;BYMONTH=2,8",
            "FREQ=YEARLY;BYYEARDAY=-1,100", "FREQ=DAILY;COUNT=500", "FREQ=WEEKLY;UNTIL=20300101T000000Z",
        ]
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney"]
        var random = SplitMix64(seed: 42)
        for rule in rules {
            for zoneName in zones {
                for dateOnly in [false, true] where !(dateOnly && rule.contains("BYHOUR")) {
                    let start = dateOnly ? "2021-03-14" : "2021-03-14T02:30:00"
                    let set = try RecurrenceSet(rule: rule, start: start, timeZone: zoneName)
                    let all = set.occurrences(count: 3000)
                    for _ in 0..<8 {
                        let seconds = 1_615_680_000 + Int(random.next() % 300_000_000)
                        let after = Date(timeIntervalSince1970: TimeInterval(seconds))
                        let fast = Array(set.occurrences(after: after).prefix(5))
                        let local = set.localTime(at: after)
                        let slow = Array(all.filter { dateOnly ? $0.date > local.date : $0.instant > after }.prefix(5))
                        if slow.count == 5 || all.count < 3000 {
                            #expect(fast == slow, "\(rule) in \(zoneName) from \(start) after \(after)")
                        }
                    }
                }
            }
        }
    }

    @Test func localTimeAndInstantConvertInTheSetsZone() throws {
        let set = try RecurrenceSet(rule: nil, start: "2025-03-30T00:00:00", timeZone: "Europe/Berlin")
        #expect(set.localTime(at: instant("2025-03-30T01:30:00Z")).description == "2025-03-30T03:30:00")
        #expect(set.instant(of: LocalDateTime("2025-03-30T02:30:00")!) == instant("2025-03-30T01:30:00Z"))
        #expect(set.instant(of: LocalDateTime("2025-10-26T02:30:00")!) == instant("2025-10-26T00:30:00Z"))
    }
}
