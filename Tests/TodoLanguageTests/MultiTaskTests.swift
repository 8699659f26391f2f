import Testing
import TodoLanguage

/// The several-tasks rule (docs/language.md): split at "and"/","/"then" only before a task
/// verb with its own object, after a task of two or more words.
@Suite struct MultiTaskTests {
    private func titles(_ text: String) -> [String] {
        parse(text).tasks?.map(\.title) ?? []
    }

    @Test(arguments: [
        ("buy milk and call mom", ["buy milk", "call mom"]),
        ("buy milk, call mom and email the landlord", ["buy milk", "call mom", "email the landlord"]),
        ("pick up the kids at 3 and then cook dinner", ["pick up the kids", "cook dinner"]),
        ("buy milk\ncall the garage", ["buy milk", "call the garage"]),
        ("fix the bike; wash the car", ["fix the bike", "wash the car"]),
        ("buy bread, eggs and butter", ["buy bread, eggs and butter"]),
        ("buy bread and water", ["buy bread and water"]),
        ("call mom and dad", ["call mom and dad"]),
        ("research and write the newsletter", ["research and write the newsletter"]),
        ("pick up and drop off the kids", ["pick up and drop off the kids"]),
        ("write the report and send it to Lisa", ["write the report and send it to Lisa"]),
        ("clean salt and pepper shakers", ["clean salt and pepper shakers"]),
    ])
    func splitting(text: String, expected: [String]) {
        #expect(titles(text) == expected)
    }

    @Test func theLastTasksDateIsShared() {
        let result = parse("buy milk and call mom tomorrow")
        #expect(result.tasks?.map { $0.due?.description } == ["2025-11-27", "2025-11-27"])
    }

    @Test func aLeadingDateIsShared() {
        let result = parse("tomorrow: dentist at 10am and pick up the dry cleaning")
        #expect(result.tasks?.map { $0.due?.description } == ["2025-11-27T10:00:00+01:00", "2025-11-27"])
    }

    @Test func otherDatesAreNotShared() {
        let result = parse("book a table for saturday and order flowers")
        #expect(result.tasks?.map { $0.due?.description } == ["2025-11-29", nil])
        let separate = parse("buy milk tomorrow and call the plumber on friday")
        #expect(separate.tasks?.map { $0.due?.description } == ["2025-11-27", "2025-11-28"])
    }

    @Test func remindMeAppliesToEveryTask() {
        let result = parse("remind me to buy stamps and send the parcel at 4pm")
        #expect(result.tasks?.map { $0.reminders.map(\.description) } == [["2025-11-26T16:00:00+01:00"], ["2025-11-26T16:00:00+01:00"]])
    }
}
