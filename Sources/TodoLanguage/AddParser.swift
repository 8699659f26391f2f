import Foundation
import TodoModel

/// Reads an add: cues, then tasks (split per the multi-task rule), then each task's
/// entities, then the shared-date rule, then resolution against the clock.
enum AddParser {
    static func parse(_ tokens: [Token], _ clock: Clock) -> ParseResult {
        let cues = MessageCues.strip(tokens)
        let segments = TaskSplitter.split(cues.tokens)
        var entities = segments.map { EntityExtractor.extract($0) }
        shareDates(&entities)
        var tasks: [ParsedTask] = []
        var questions: [String] = []
        for var item in entities {
            if cues.remind { item.reminderCue = true }
            // Cues can follow a leading date: "tomorrow I need to call the bank".
            let inner = MessageCues.strip(item.rest)
            if inner.remind { item.reminderCue = true }
            let title = item.quotedTitle ?? TitleBuilder.build(inner.tokens, dropLeadingArticle: cues.dropArticle || inner.dropArticle)
            let resolved = TaskResolver.resolve(item, title: title, clock)
            if let question = resolved.clarification { questions.append(question) }
            if title.isEmpty && !item.hasEntities { continue }
            tasks.append(resolved.task)
        }
        if tasks.isEmpty { return ParseResult(intent: .add, tasks: [], clarification: Clarifications.emptyTask) }
        if tasks.contains(where: { $0.title.isEmpty }) { questions.append(Clarifications.emptyTask) }
        return ParseResult(intent: .add, tasks: tasks, clarification: questions.first)
    }

    /// A date said before the first task ("tomorrow: A and B") applies to every task without
    /// one; so does the last task's date ("A and B tomorrow"). Only dates are shared.
    static func shareDates(_ entities: inout [SegmentEntities]) {
        guard entities.count > 1 else { return }
        if entities[0].dayLeads, entities[0].day != nil {
            let leader = entities[0]
            for index in entities.indices.dropFirst() where !entities[index].hasDate && entities[index].rule == nil {
                entities[index].inheritDate(from: leader, dayOnly: true)
            }
        }
        let last = entities[entities.count - 1]
        if last.hasDate {
            for index in entities.indices.dropLast() where !entities[index].hasDate && entities[index].rule == nil {
                entities[index].inheritDate(from: last, dayOnly: false)
            }
        }
    }
}
