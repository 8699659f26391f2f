import Testing
import TodoLanguage
import TodoModel

/// Every filter and sort the engine produces parses in the API's languages, and every repeat
/// rule is one the task model accepts with its due as the first occurrence (all corpora).
func expectOutputsValidInTheAPI(_ cases: [CorpusCase]) {
    for item in cases {
        let result = LanguageEngine.parse(item.text, now: item.date, timeZone: item.zone)
        if let filter = result.filter { #expect(throws: Never.self, "filter of \(item.text)") { try TaskFilter(parsing: filter) } }
        if let sort = result.sort { #expect(throws: Never.self, "sort of \(item.text)") { try TaskSort(parsing: sort) } }
        for task in result.tasks ?? [] {
            guard let rrule = task.rrule else { continue }
            #expect(throws: Never.self, "rrule \(rrule) of \(item.text)") {
                try TaskFields.recurrence(TaskRecurrence(rrule: rrule, anchor: task.anchor), due: task.due?.local)
            }
        }
    }
}
