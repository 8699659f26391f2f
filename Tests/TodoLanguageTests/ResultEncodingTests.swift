import Foundation
import Testing
import TodoLanguage
import TodoModel

/// The JSON shape of `todo parse --json`.
@Suite struct ResultEncodingTests {
    private func json(_ result: ParseResult) throws -> [String: Any] {
        let data = try JSONEncoder().encode(result)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func taskKeysAreAlwaysPresent() throws {
        let object = try json(parse("buy milk"))
        #expect(object["intent"] as? String == "add")
        #expect(object["language"] as? String == "en", "every result names the detected language (issue #18)")
        let task = try #require((object["tasks"] as? [[String: Any]])?.first)
        #expect(Set(task.keys) == ["title", "due", "timeZone", "priority", "tags", "rrule", "anchor", "reminders"])
        #expect(task["due"] is NSNull)
        #expect(task["rrule"] is NSNull)
        #expect(task["priority"] as? String == "none")
        #expect(task["anchor"] as? String == "schedule")
        #expect(object["clarification"] == nil)
    }

    @Test func keysOfOtherIntentsAreLeftOut() throws {
        let list = try json(parse("what's overdue?"))
        #expect(Set(list.keys) == ["language", "intent", "filter"])
        let complete = try json(parse("mark the laundry as done"))
        #expect(Set(complete.keys) == ["language", "intent", "target"])
        let update = try json(parse("push the board deck by two days"))
        #expect(Set(update.keys) == ["language", "intent", "target", "changes"])
        #expect((update["changes"] as? [String: Any])?["shift"] as? String == "P2D")
    }

    @Test func resultsRoundTrip() throws {
        for text in ["dentist friday 3pm, remind me an hour before", "gym every weekday at 7am #health p2", "what's due this week?", "move X to friday"] {
            let result = parse(text)
            let decoded = try JSONDecoder().decode(ParseResult.self, from: JSONEncoder().encode(result))
            #expect(decoded == result, "\(text)")
        }
    }

    @Test func dateValues() throws {
        #expect(DateValue(rfc3339: "2025-12-12")?.description == "2025-12-12")
        #expect(DateValue(rfc3339: "2025-12-12T06:45:00+01:00")?.description == "2025-12-12T06:45:00+01:00")
        #expect(DateValue(rfc3339: "2025-12-12T06:45:00.250Z")?.description == "2025-12-12T06:45:00Z")
        #expect(DateValue(rfc3339: "2025-12-12T06:45:00-05:30")?.date == DateValue(rfc3339: "2025-12-12T12:15:00Z")?.date)
        #expect(DateValue(rfc3339: "2025-02-30") == nil)
        #expect(DateValue(rfc3339: "2025-12-12T25:00:00Z") == nil)
        #expect(DateValue(rfc3339: "tomorrow") == nil)
        let value = DateValue(instant: 1_764_147_600, zone: TimeZone(identifier: "Asia/Kolkata")!)
        #expect(value.description == "2025-11-26T14:30:00+05:30")
    }
}
