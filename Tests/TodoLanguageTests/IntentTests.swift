import Testing
import TodoLanguage
import TodoModel

@Suite struct IntentTests {
    @Test(arguments: [
        ("undo", Intent.undo), ("undo that", .undo), ("oops, take that back", .undo), ("revert the last change", .undo),
        ("help", .help), ("what can you do?", .help), ("how do I add a task?", .help), ("?", .help),
        ("hello", .unknown), ("thanks!", .unknown), ("🙂", .unknown), ("what's the weather like?", .unknown), ("", .unknown),
        ("buy milk", .add), ("finish the report", .add), ("find a plumber", .add), ("move the couch to the basement", .add),
        ("cancel gym membership", .add), ("trash out every thursday", .add), ("set up the new printer", .add),
        ("check whether the report is done", .add), ("update my resume", .add),
    ])
    func intents(text: String, expected: Intent) {
        #expect(parse(text).intent == expected)
    }

    @Test(arguments: [
        ("mark the laundry as done", Intent.complete, "laundry"),
        ("done with the tax return", .complete, "tax return"),
        ("I finished the board deck", .complete, "board deck"),
        ("call mom is done", .complete, "call mom"),
        ("check off buy milk", .complete, "buy milk"),
        ("Mark 'Call Anna' complete", .complete, "Call Anna"),
        ("reopen the laundry task", .reopen, "laundry"),
        ("mark buy milk as not done", .reopen, "buy milk"),
        ("the tax return isn't done yet", .reopen, "tax return"),
        ("I didn't actually finish the report", .reopen, "report"),
        ("delete buy milk", .delete, "buy milk"),
        ("get rid of the gym task", .delete, "gym"),
        ("cancel the yoga class task", .delete, "yoga class"),
        ("remove pick up parcel from my list", .delete, "pick up parcel"),
        ("please delete the task called water plants", .delete, "water plants"),
        ("delete the dentist appointment tomorrow", .delete, "dentist appointment"),
    ])
    func targets(text: String, intent: Intent, target: String) {
        let result = parse(text)
        #expect(result.intent == intent)
        #expect(result.target == target)
        #expect(result.clarification == nil)
    }

    @Test(arguments: ["mark it done", "done", "delete", "erase that", "reopen it"])
    func missingTargetsAreAsked(text: String) {
        let result = parse(text)
        #expect(result.target == nil)
        #expect(result.filter == nil)
        #expect(result.clarification != nil)
    }

    @Test func bulkActionsCarryAFilter() {
        #expect(parse("mark all overdue tasks as done").filter == "overdue")
        #expect(parse("delete all completed tasks").filter == "completed")
        #expect(parse("clear completed tasks").filter == "completed")
        #expect(parse("trash everything tagged old").filter == "#old")
        let push = parse("push everything due today to tomorrow")
        #expect(push.intent == .update)
        #expect(push.filter == "today")
        #expect(push.changes?.due?.description == "2025-11-27")
    }

    @Test func updates() {
        let move = parse("move the dentist appointment to friday 3pm")
        #expect(move.target == "dentist appointment")
        #expect(move.changes == TaskChanges(due: DateValue(rfc3339: "2025-11-28T15:00:00+01:00")))
        #expect(parse("push the board deck by two days").changes == TaskChanges(shift: "P2D"))
        #expect(parse("snooze pay bills for 1 hour").changes == TaskChanges(shift: "PT1H"))
        #expect(parse("move laundry to 6pm").changes == TaskChanges(time: "18:00"))
        #expect(parse("rename buy milk to buy oat milk").changes == TaskChanges(title: "buy oat milk"))
        #expect(parse("make the tax return urgent").changes == TaskChanges(priority: .urgent))
        #expect(parse("change the report priority to high").target == "report")
        #expect(parse("set priority of the tax return to low").changes == TaskChanges(priority: .low))
        #expect(parse("tag the invoice task with finance").changes == TaskChanges(addTags: ["finance"]))
        #expect(parse("remove the tag home from groceries").changes == TaskChanges(removeTags: ["home"]))
        #expect(parse("make water the plants repeat every monday").changes == TaskChanges(rrule: "FREQ=WEEKLY;BYDAY=MO", anchor: .schedule))
        #expect(parse("stop repeating the weekly review").changes == TaskChanges(clear: ["recurrence"]))
        #expect(parse("remove the due date from the garden cleanup").changes == TaskChanges(clear: ["due"]))
        let postpone = parse("postpone the meeting prep")
        #expect(postpone.intent == .update)
        #expect(postpone.changes == TaskChanges())
        #expect(postpone.clarification != nil)
    }

    @Test func typosStillRead() {
        #expect(due("call the vet tomorow") == "2025-11-27")
        #expect(due("call the vet tommorow") == "2025-11-27")
        #expect(due("dentist wensday 2pm") == "2025-11-26T14:00:00+01:00")
        #expect(onlyTask("evry monday team sync")?.rrule == "FREQ=WEEKLY;BYDAY=MO")
        #expect(parse("delte the old invoice").intent == .delete)
        #expect(onlyTask("remnd me to buy flowers tomorrow")?.reminders.count == 1)
        // Real words near a keyword are left alone.
        #expect(onlyTask("pay the remainder of the invoice")?.title == "pay the remainder of the invoice")
        #expect(onlyTask("buy dairy")?.rrule == nil)
    }
}
