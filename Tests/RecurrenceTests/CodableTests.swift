import Foundation
import Testing
import Recurrence

@Suite struct CodableTests {
    @Test func rulesEncodeAsCanonicalText() throws {
        let rule = try RecurrenceRule(parsing: "freq=monthly;byday=-1fr;interval=1")
        let data = try JSONEncoder().encode([rule])
        #expect(String(decoding: data, as: UTF8.self) == #"["FREQ=MONTHLY;BYDAY=-1FR"]"#)
        #expect(try JSONDecoder().decode([RecurrenceRule].self, from: data) == [rule])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([RecurrenceRule].self, from: Data(#"["FREQ=HOURLY"]"#.utf8)) }
    }

    @Test func setsRoundTripThroughJSON() throws {
        let set = try RecurrenceSet(rule: "FREQ=WEEKLY;BYDAY=MO,WE", start: "2025-03-03T08:00:00", timeZone: "Europe/Berlin",
                                    rdates: ["2025-03-04T12:00:00"], exdates: ["2025-03-05", "2025-03-10T07:00:00Z"])
        let data = try JSONEncoder().encode(set)
        let decoded = try JSONDecoder().decode(RecurrenceSet.self, from: data)
        #expect(decoded == set)
        #expect(decoded.occurrences(count: 6) == set.occurrences(count: 6))
        #expect(decoded.occurrences(count: 4).map(\.rfc3339) == [
            "2025-03-03T08:00:00+01:00", "2025-03-04T12:00:00+01:00", "2025-03-12T08:00:00+01:00", "2025-03-17T08:00:00+01:00",
        ])
        let broken = Data(#"{"start": "2025-03-03", "timeZone": "Nowhere/Else", "rule": "FREQ=DAILY"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RecurrenceSet.self, from: broken) }
    }

    @Test func datesAndWallTimesEncodeAsISOText() throws {
        let local = LocalDateTime(year: 2025, month: 3, day: 30, hour: 8)!
        let data = try JSONEncoder().encode([local])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-03-30T08:00:00"]"#)
        #expect(try JSONDecoder().decode([LocalDateTime].self, from: data) == [local])
        #expect(try JSONDecoder().decode([CivilDate].self, from: Data(#"["2024-02-29"]"#.utf8)) == [CivilDate(year: 2024, month: 2, day: 29)!])
    }

    @Test func spacesAroundPartsAreTolerated() throws {
        #expect(try RecurrenceRule(parsing: " FREQ = WEEKLY ; BYDAY = MO,FR ").rrule == "FREQ=WEEKLY;BYDAY=MO,FR")
    }
}
