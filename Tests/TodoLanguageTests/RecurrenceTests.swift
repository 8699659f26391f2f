import Testing
import TodoLanguage
import TodoModel

@Suite struct RecurrenceTests {
    @Test(arguments: [
        ("standup every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2025-11-26"),
        ("gym on tuesdays and fridays", "FREQ=WEEKLY;BYDAY=TU,FR", "2025-11-28"),
        ("gym mon, wed and fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "2025-11-26"),
        ("clean every other saturday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "2025-11-29"),
        ("book club every 2nd wednesday", "FREQ=MONTHLY;BYDAY=2WE", "2025-12-10"),
        ("drinks every last friday of the month", "FREQ=MONTHLY;BYDAY=-1FR", "2025-11-28"),
        ("rent on the last day of every month", "FREQ=MONTHLY;BYMONTHDAY=-1", "2025-11-30"),
        ("bills on the 1st and 15th of every month", "FREQ=MONTHLY;BYMONTHDAY=1,15", "2025-12-01"),
        ("rent 1st of every month", "FREQ=MONTHLY;BYMONTHDAY=1", "2025-12-01"),
        ("timesheet every last weekday of the month", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2025-11-28"),
        ("water plants every 3 days", "FREQ=DAILY;INTERVAL=3", "2025-11-26"),
        ("water plants every other day", "FREQ=DAILY;INTERVAL=2", "2025-11-26"),
        ("clean fridge every 2 weeks on thursday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "2025-11-27"),
        ("clean fridge biweekly", "FREQ=WEEKLY;INTERVAL=2", "2025-11-26"),
        ("taxes quarterly", "FREQ=MONTHLY;INTERVAL=3", "2025-11-26"),
        ("domain every year on march 3", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "2026-03-03"),
        ("goals every january 1", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "2026-01-01"),
        ("garden daily", "FREQ=DAILY", "2025-11-26"),
        ("run every day except weekends", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2025-11-26"),
    ])
    func rules(text: String, rule: String, first: String) throws {
        let task = try #require(onlyTask(text))
        #expect(task.rrule == rule)
        #expect(task.due?.description == first)
        #expect(task.anchor == .schedule)
    }

    @Test func aPassedTimeMovesTheFirstOccurrence() {
        #expect(due("standup every weekday at 9:30am") == "2025-11-27T09:30:00+01:00")
        #expect(due("standup every weekday at 10:30am") == "2025-11-26T10:30:00+01:00")
        #expect(due("stretch every morning") == "2025-11-27T09:00:00+01:00")
        #expect(due("journal every evening") == "2025-11-26T19:00:00+01:00")
        #expect(due("trash every tuesday night") == "2025-12-02T22:00:00+01:00")
    }

    @Test func completionAnchor() throws {
        for text in ["descale every 3 months from when I last did it", "descale every 3 months after completion", "descale every! 3 months", "descale every 3 months since I last did it"] {
            let task = try #require(onlyTask(text), "\(text)")
            #expect(task.rrule == "FREQ=MONTHLY;INTERVAL=3", "\(text)")
            #expect(task.anchor == .completion, "\(text)")
            #expect(task.title == "descale", "\(text)")
        }
    }

    @Test func countAndUntil() {
        #expect(onlyTask("stretch every day for the next 7 days")?.rrule == "FREQ=DAILY;COUNT=7")
        #expect(onlyTask("vitamins for the next 10 days")?.rrule == "FREQ=DAILY;COUNT=10")
        #expect(onlyTask("yoga every monday for 6 weeks")?.rrule == "FREQ=WEEKLY;BYDAY=MO;COUNT=6")
        #expect(onlyTask("report every friday 10 times")?.rrule == "FREQ=WEEKLY;BYDAY=FR;COUNT=10")
        // Timed: UNTIL is the end of the day in the zone, in UTC. Date-only: a date.
        #expect(onlyTask("vitamins every day at 8am until the end of the year")?.rrule == "FREQ=DAILY;UNTIL=20251231T225959Z")
        #expect(onlyTask("vitamins every day until dec 20")?.rrule == "FREQ=DAILY;UNTIL=20251220")
        #expect(onlyTask("calls every weekday for the next 2 weeks")?.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251209")
        // Without "next" or a rule, "for 2 days" belongs to the title.
        #expect(onlyTask("rent a car for 2 days")?.rrule == nil)
        #expect(onlyTask("rent a car for 2 days")?.title == "rent a car for 2 days")
    }

    @Test func startingDate() {
        #expect(due("water the lawn every other day starting saturday") == "2025-11-29")
        #expect(due("quarterly tax every 3 months starting jan 15") == "2026-01-15")
        #expect(due("gym every monday starting dec 3") == "2025-12-08")
    }

    @Test func adjectivesStayInTheTitle() throws {
        let review = try #require(onlyTask("weekly review every friday at 4pm"))
        #expect(review.title == "weekly review")
        #expect(review.rrule == "FREQ=WEEKLY;BYDAY=FR")
        let standup = try #require(onlyTask("daily standup at 9:15"))
        #expect(standup.title == "daily standup")
        #expect(standup.rrule == nil)
    }

    @Test func hourlyRepeatsAreAskedAbout() {
        let result = parse("take antibiotics every 8 hours")
        #expect(result.tasks?.first?.rrule == nil)
        #expect(result.tasks?.first?.title == "take antibiotics")
        #expect(result.clarification != nil)
    }
}
