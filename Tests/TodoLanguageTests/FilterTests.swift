import Testing
import TodoLanguage
import TodoModel

@Suite struct FilterTests {
    @Test(arguments: [
        ("what's overdue?", "overdue", nil),
        ("what do I have today", "today", nil),
        ("show my urgent tasks for today", "today & p1", nil),
        ("show unfinished work tasks", "#work & !completed", nil),
        ("what's due in the next 3 days?", "due before: +4 days", nil),
        ("what's due soon?", "due before: +4 days", nil),
        ("find the board deck", "search: board deck", nil),
        ("what's due this week?", "due after: 2025-11-23 & due before: 2025-12-01", nil),
        ("what's due friday or saturday", "due on: 2025-11-28 | due on: 2025-11-29", nil),
        ("what's overdue or due today?", "overdue | today", nil),
        ("show me everything tagged work or home", "#work | #home", nil),
        ("show high priority tasks sorted by due date", "p2", "due:asc"),
        ("show open tasks sorted alphabetically", "!completed", "title:asc"),
        ("show the newest tasks first", "", "created:desc"),
        ("list untagged tasks", "no tags", nil),
        ("show tasks without a due date", "no date", nil),
        ("any recurring tasks?", "recurring", nil),
        ("tasks for today", "today", nil),
        ("whats next", "!completed", "due:asc"),
        ("show tasks not tagged work", "!#work", nil),
        ("what was due last week?", "due after: 2025-11-16 & due before: 2025-11-24", nil),
    ])
    func filters(text: String, filter: String, sort: String?) throws {
        let result = parse(text)
        #expect(result.intent == .list)
        #expect(result.filter == filter)
        #expect(result.sort == sort)
        // Every produced filter and sort is valid in the API's languages.
        _ = try TaskFilter(parsing: try #require(result.filter))
        if let sort = result.sort { _ = try TaskSort(parsing: sort) }
    }
}
