import Foundation
import Testing
import TodoLanguage
import TodoModel
@testable import TodoActors

/// The chat's pure pieces: moving dues by durations, turning parsed changes into patches, and
/// saying rules and dates in words. The HTTP tests cover them end to end; these pin the edges.
@Suite struct ChatEditsTests {
    static func due(_ text: String) throws -> TaskDue { try TaskDue(parsing: text) }

    @Test func durationsMoveTheWallClock() throws {
        #expect(ISODuration("P2D")?.shift(try Self.due("2030-03-28T10:00")) == (try Self.due("2030-03-30T10:00")))
        #expect(ISODuration("P1M")?.shift(try Self.due("2031-01-31")) == (try Self.due("2031-02-28")), "a month shift clamps to the month's end")
        #expect(ISODuration("-P1W")?.shift(try Self.due("2030-01-03")) == (try Self.due("2029-12-27")))
        #expect(ISODuration("PT3H")?.shift(try Self.due("2030-05-14T22:30")) == (try Self.due("2030-05-15T01:30")), "hours carry into the date")
        #expect(ISODuration("PT1H")?.shift(try Self.due("2030-05-14")) == (try Self.due("2030-05-14")), "a date-only task moves by whole days only")
        #expect(ISODuration("P1Y")?.shift(try Self.due("2028-02-29")) == (try Self.due("2029-02-28")))
        #expect(ISODuration("PT30M")?.totalMinutes == 30)
        #expect(ISODuration("P1D")?.totalMinutes == 1_440)
        #expect(ISODuration("2 days") == nil)
        #expect(ISODuration("P") == nil)
    }

    @Test func changesBecomeAPatchAgainstTheTaskAsItIs() throws {
        let task = TaskRecord(id: "t", ownerID: "u", title: "Dentist", tags: ["health", "Errand"], due: try Self.due("2030-05-14T11:00"), createdAt: .distantPast, updatedAt: .distantPast)
        let today = try Self.due("2030-05-01")

        let moved = try ChatTaskEdits.patch(applying: TaskChanges(due: DateValue(rfc3339: "2030-05-20")), to: task, today: today)
        #expect(moved.due == .set(try Self.due("2030-05-20T11:00")), "a new date keeps the time of day")

        let retimed = try ChatTaskEdits.patch(applying: TaskChanges(time: "18:00"), to: task, today: today)
        #expect(retimed.due == .set(try Self.due("2030-05-14T18:00")))

        let tagged = try ChatTaskEdits.patch(applying: TaskChanges(addTags: ["teeth"], removeTags: ["errand"]), to: task, today: today)
        #expect(tagged.tags == ["health", "teeth"])

        let cleared = try ChatTaskEdits.patch(applying: TaskChanges(clear: ["due"]), to: task, today: today)
        #expect(cleared.due == .clear)
        #expect(cleared.recurrence == .clear, "a series cannot outlive its due")

        let reminded = try ChatTaskEdits.patch(applying: TaskChanges(remindBefore: ["PT30M", "P1D"]), to: task, today: today)
        #expect(reminded.reminders?.map(\.minutesBefore) == [30, 1_440])

        var undated = task
        undated.due = nil
        #expect(throws: ChatTaskEdits.Refusal.self) { try ChatTaskEdits.patch(applying: TaskChanges(shift: "P2D"), to: undated, today: today) }
        let timed = try ChatTaskEdits.patch(applying: TaskChanges(time: "07:15"), to: undated, today: today)
        #expect(timed.due == .set(try Self.due("2030-05-01T07:15")), "a time alone lands on today")
    }

    @Test func rulesAndDatesInWords() throws {
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=1")) == "every month on the 1st")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")) == "every weekday")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA")) == "every 2 weeks on Sat")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=MONTHLY;BYDAY=-1FR")) == "every month on the last Fri")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=MONTHLY;BYMONTHDAY=-1")) == "every month on the last day")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=DAILY;INTERVAL=3", anchor: .completion)) == "every 3 days from completion")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=DAILY;UNTIL=20261231T235959Z")) == "every day until Thu 31 Dec 2026")
        #expect(ChatPhrasing.recurrence(TaskRecurrence(rrule: "FREQ=YEARLY;BYSETPOS=1")) == "repeating (FREQ=YEARLY;BYSETPOS=1)", "parts it cannot say are shown as they are")
        #expect(ChatPhrasing.date(try Self.due("1969-12-31")) == "Wed 31 Dec 1969")
        #expect(ChatPhrasing.date(try Self.due("2026-12-01T09:05"), withYear: false) == "Tue 1 Dec at 09:05")
        #expect(ChatPhrasing.ordinal(11) == "11th")
        #expect(ChatPhrasing.ordinal(22) == "22nd")
        #expect(ChatPhrasing.titles(["a", "b", "c", "d", "e", "f", "g"]) == "“a”, “b”, “c”, “d”, “e” and 2 more")
        #expect(ChatPhrasing.titles(["a", "b"]) == "“a” and “b”")
    }

    @Test func confirmationsAreRecognisedLoosely() {
        #expect(ChatConfirmation.isYes("Yes!"))
        #expect(ChatConfirmation.isYes("  go ahead. "))
        #expect(!ChatConfirmation.isYes("yes, and also buy milk"))
        #expect(ChatConfirmation.isNo("Never mind"))
        #expect(!ChatConfirmation.isNo("not now"))
    }
}
