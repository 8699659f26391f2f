import Testing
import TodoLanguage
import TodoModel

@Suite struct PriorityAndTagTests {
    @Test(arguments: [
        ("fix the bug p1", Priority.urgent), ("fix the bug p2", .high), ("fix the bug p3", .medium), ("fix the bug p4", .low),
        ("urgent: fix the bug", .urgent), ("fix the bug asap", .urgent), ("fix the bug, very important", .urgent),
        ("important: fix the bug", .high), ("fix the bug high priority", .high), ("fix the bug priority 2", .high),
        ("fix the bug priority: low", .low), ("fix the bug, not urgent", .low), ("fix the bug medium priority", .medium),
        ("fix the bug", .none),
    ])
    func priorities(text: String, expected: Priority) throws {
        let task = try #require(onlyTask(text))
        #expect(task.priority == expected)
        #expect(task.title == "fix the bug")
    }

    @Test func urgentCareIsAPlace() {
        #expect(onlyTask("urgent care appointment tomorrow")?.priority == Priority.none)
        #expect(onlyTask("urgent care appointment tomorrow")?.title == "urgent care appointment")
    }

    @Test(arguments: [
        ("buy ink #home #Errands", ["home", "errands"]),
        ("buy ink tagged home", ["home"]),
        ("buy ink, tags home and errands", ["home", "errands"]),
        ("buy ink tag: office", ["office"]),
        ("add buy ink to my shopping list", ["shopping"]),
        ("add buy ink to my list", []),
    ])
    func tags(text: String, expected: [String]) throws {
        let task = try #require(onlyTask(text))
        #expect(task.tags == expected)
        #expect(task.title == "buy ink")
    }

    @Test func tagAndLabelAsNounsStayInTitles() {
        #expect(onlyTask("print label stickers")?.tags == [])
        #expect(onlyTask("buy gift tags")?.title == "buy gift tags")
    }
}
