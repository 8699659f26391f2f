import Testing
import TodoLanguage

@Suite struct ReminderTests {
    private func reminders(_ text: String, at now: String = wednesdayBerlin, tz: String = "Europe/Berlin") -> [String]? {
        onlyTask(text, at: now, tz: tz)?.reminders.map(\.description)
    }

    @Test func remindMeToSetsTheDueAndAReminderAtIt() throws {
        let task = try #require(onlyTask("remind me to call mom at 5pm"))
        #expect(task.title == "call mom")
        #expect(task.due?.description == "2025-11-26T17:00:00+01:00")
        #expect(reminders("remind me to call mom at 5pm") == ["2025-11-26T17:00:00+01:00"])
        #expect(reminders("remind me at 8am sunday to move the car") == ["2025-11-30T08:00:00+01:00"])
    }

    @Test func dateOnlyDuesRemindAtNine() {
        #expect(reminders("remind me to buy flowers tomorrow") == ["2025-11-27T09:00:00+01:00"])
        #expect(reminders("visa form dec 5, remind me a day before") == ["2025-12-04T09:00:00+01:00"])
    }

    @Test func offsetsBeforeTheDue() {
        #expect(reminders("dentist friday 3pm, remind me an hour before") == ["2025-11-28T14:00:00+01:00"])
        #expect(reminders("dentist friday 3pm with a reminder 15 minutes before") == ["2025-11-28T14:45:00+01:00"])
        #expect(reminders("dentist friday 3pm, remind me the day before and 2 hours before") == ["2025-11-27T15:00:00+01:00", "2025-11-28T13:00:00+01:00"])
        #expect(reminders("dentist friday 3pm, remind me the day before at 6pm") == ["2025-11-27T18:00:00+01:00"])
        #expect(reminders("dentist friday 3pm, remind me the night before") == ["2025-11-27T19:00:00+01:00"])
        #expect(reminders("pay the gas bill on monday, remind me at 8am") == ["2025-12-01T08:00:00+01:00"])
    }

    @Test func calendarOffsetsKeepTheWallClockAcrossDaylightSaving() {
        let now = "2025-10-22T08:15:00+02:00"
        // Days keep 09:00 on the clock; 24 hours are exact time.
        #expect(reminders("car inspection monday 9am remind me 2 days before", at: now) == ["2025-10-25T09:00:00+02:00"])
        #expect(reminders("thesis sunday 10am, remind me 24 hours before", at: now) == ["2025-10-25T11:00:00+02:00"])
    }

    @Test func aReminderWithoutAnyTimeIsAskedAbout() {
        #expect(parse("remind me to pay the phone bill").clarification != nil)
        #expect(parse("yoga class, remind me 30 min before").clarification != nil)
    }

    @Test func remindersBeforeAnExistingTaskAreAnUpdate() {
        let result = parse("remind me 30 minutes before the standup")
        #expect(result.intent == .update)
        #expect(result.target == "standup")
        #expect(result.changes?.remindBefore == ["PT30M"])
        let about = parse("remind me about the dentist an hour before")
        #expect(about.intent == .update)
        #expect(about.target == "dentist")
        #expect(about.changes?.remindBefore == ["PT1H"])
    }
}
