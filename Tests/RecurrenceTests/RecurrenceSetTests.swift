import Foundation
import Testing
import Recurrence

/// DTSTART, COUNT, UNTIL, RDATE and EXDATE together.
@Suite struct RecurrenceSetTests {
    @Test func dtstartIsTheFirstOccurrenceAndCounts() throws {
        // A Wednesday start for a Monday rule: the start stays first and uses one of the three.
        #expect(try days("FREQ=WEEKLY;BYDAY=MO;COUNT=3", from: "2025-03-05T09:00:00") == ["2025-03-05", "2025-03-10", "2025-03-17"])
        // In sync: counted once.
        #expect(try days("FREQ=WEEKLY;BYDAY=MO;COUNT=3", from: "2025-03-03T09:00:00") == ["2025-03-03", "2025-03-10", "2025-03-17"])
    }

    @Test func excludedOccurrencesStillCountTowardCOUNT() throws {
        #expect(try days("FREQ=DAILY;COUNT=5", from: "2025-06-01T09:00:00", exdates: ["2025-06-03T09:00:00"])
            == ["2025-06-01", "2025-06-02", "2025-06-04", "2025-06-05"])
    }

    @Test func untilIsInclusiveInEachForm() throws {
        // UTC, exactly on an occurrence (08:00 CEST = 06:00Z).
        #expect(try days("FREQ=DAILY;UNTIL=20250331T060000Z", from: "2025-03-28T08:00:00", in: "Europe/Berlin") == dates(2025, 3, [28, 29, 30, 31]))
        // Wall-clock time in the series' zone.
        #expect(try days("FREQ=DAILY;UNTIL=20250331T080000", from: "2025-03-28T08:00:00", in: "Europe/Berlin") == dates(2025, 3, [28, 29, 30, 31]))
    }

    @Test func untilDateCoversTheWholeDay() throws {
        let texts = try expand("FREQ=DAILY;BYHOUR=8,23;UNTIL=20250330", from: "2025-03-29T08:00:00", in: "Europe/Berlin")
        #expect(texts == ["2025-03-29T08:00:00+01:00", "2025-03-29T23:00:00+01:00", "2025-03-30T08:00:00+02:00", "2025-03-30T23:00:00+02:00"])
        // A date-only series compares dates.
        #expect(try days("FREQ=WEEKLY;UNTIL=20250317", from: "2025-03-03") == ["2025-03-03", "2025-03-10", "2025-03-17"])
    }

    @Test func untilBeforeTheStartLeavesOnlyTheStart() throws {
        #expect(try days("FREQ=DAILY;UNTIL=20200101T000000Z", from: "2025-01-01T09:00:00") == ["2025-01-01"])
    }

    @Test func rdatesMergeInOrderAndDoNotCount() throws {
        let texts = try expand("FREQ=WEEKLY;COUNT=3", from: "2025-03-03T09:00:00", in: "UTC",
                               rdates: ["2025-03-05T12:00:00", "2025-03-10T09:00:00", "2025-03-01T07:00:00Z", "2025-03-06"])
        #expect(texts == [
            "2025-03-01T07:00:00+00:00",  // before DTSTART: an RDATE is an occurrence wherever it is
            "2025-03-03T09:00:00+00:00",
            "2025-03-05T12:00:00+00:00",
            "2025-03-06T09:00:00+00:00",  // a date RDATE takes DTSTART's time of day
            "2025-03-10T09:00:00+00:00",  // also a rule occurrence: kept once
            "2025-03-17T09:00:00+00:00",
        ])
    }

    @Test func exdatesByWallTimeInstantOrDay() throws {
        let texts = try expand("FREQ=DAILY;BYHOUR=9,17", from: "2025-06-02T09:00:00", in: "America/New_York", count: 6,
                               exdates: ["2025-06-02T17:00:00", "2025-06-03T13:00:00Z", "2025-06-04"])
        #expect(texts == [
            "2025-06-02T09:00:00-04:00", "2025-06-03T17:00:00-04:00", "2025-06-05T09:00:00-04:00",
            "2025-06-05T17:00:00-04:00", "2025-06-06T09:00:00-04:00", "2025-06-06T17:00:00-04:00",
        ])
    }

    @Test func anExdateInADSTGapMatchesTheMovedOccurrence() throws {
        #expect(try expand("FREQ=DAILY;COUNT=4", from: "2025-03-29T02:30:00", in: "Europe/Berlin", exdates: ["2025-03-30T02:30:00"])
            == ["2025-03-29T02:30:00+01:00", "2025-03-31T02:30:00+02:00", "2025-04-01T02:30:00+02:00"])
    }

    @Test func withoutARuleTheSetIsTheStartAndItsRdates() throws {
        let set = try RecurrenceSet(rule: nil, start: "2025-05-01", timeZone: "UTC", rdates: ["2025-05-08", "2025-05-01"])
        #expect(set.map(\.rfc3339) == ["2025-05-01", "2025-05-08"])
        #expect(set.isFinite)
    }

    @Test func dateOnlySeriesRejectTimeParts() {
        #expect(throws: RecurrenceError(.invalidStart, part: "BYHOUR", "BYHOUR needs a start with a time of day, but DTSTART 2025-05-01 is a date: give DTSTART as YYYY-MM-DDTHH:MM:SS")) {
            try RecurrenceSet(rule: "FREQ=DAILY;BYHOUR=9", start: "2025-05-01", timeZone: "UTC")
        }
    }

    @Test(arguments: [
        ("FREQ=DAILY", "2025-05-01T09:00:00", "Mars/Olympus", RecurrenceError.Code.invalidTimeZone, "unknown time zone 'Mars/Olympus': use an IANA name"),
        ("FREQ=DAILY", "2025-05-01T09:00:00+02:00", "UTC", .invalidStart, "has a UTC offset: give the wall-clock time"),
        ("FREQ=DAILY", "2025-02-30", "UTC", .invalidStart, "DTSTART '2025-02-30' is not a date (YYYY-MM-DD) or a local date-time"),
        ("FREQ=DAILY", "tomorrow", "UTC", .invalidStart, "DTSTART 'tomorrow' is not a date"),
        ("FREQ=DAILY;COUNT=x", "2025-05-01", "UTC", .invalidValue, "COUNT value 'x' is not a whole number"),
    ])
    func refusesBadInputsWithPreciseMessages(rule: String, start: String, zone: String, code: RecurrenceError.Code, message: String) {
        do {
            _ = try RecurrenceSet(rule: rule, start: start, timeZone: zone)
            Issue.record("accepted \(start) in \(zone)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func badRdateAndExdateValuesAreNamed() {
        #expect(throws: RecurrenceError(.invalidValue, part: "EXDATE", "EXDATE 'soon' is not a date (YYYY-MM-DD), a local date-time (YYYY-MM-DDTHH:MM:SS) or an RFC 3339 date-time")) {
            try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-05-01", timeZone: "UTC", exdates: ["soon"])
        }
        #expect(throws: RecurrenceError.self) {
            try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-05-01", timeZone: "UTC", rdates: ["2025-05-02,2025-13-01"])
        }
    }

    @Test func theSetIsALazySequence() throws {
        let set = try RecurrenceSet(rule: "FREQ=DAILY", start: "2025-01-01T00:00:00", timeZone: "UTC")
        #expect(!set.isFinite)
        var seen = 0
        for occurrence in set {
            seen += 1
            if occurrence.date.description == "2025-12-31" { break }
        }
        #expect(seen == 365)
        #expect(set.occurrences.prefix(3).map(\.rfc3339) == ["2025-01-01T00:00:00+00:00", "2025-01-02T00:00:00+00:00", "2025-01-03T00:00:00+00:00"])
    }
}
