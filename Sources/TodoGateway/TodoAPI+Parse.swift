import ActorRuntime
import Foundation
import TodoActors
import TodoLanguage
import TodoModel

/// `POST /parse`: quick add's dry run. The offline engine reads the text in the caller's zone
/// as the chat's add would; nothing is created. The reply carries the fields to send to
/// `POST /tasks`, the chat's own words for them, and the spans of the words it understood.
extension TodoAPI {
    /// Messages are limited as the chat's are (code points, as JSON Schema counts them).
    static let maxParseTextScalars = 2_000

    func parse(_ input: Operations.Parse.Input) async throws -> Operations.Parse.Output {
        let userID = try RequestIdentity.require()
        guard case .json(let request) = input.body else { throw Self.unsupported }
        let text = request.text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.unicodeScalars.count <= Self.maxParseTextScalars else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "text: must be 1 to \(Self.maxParseTextScalars) characters, not only spaces")
        }
        let zone = TimeZone(identifier: try await services.user(userID).timeZone()) ?? .gmt
        let reading = LanguageEngine.readTasks(text, now: Date(), timeZone: zone)
        let previews = (reading.result.tasks ?? []).map { TaskWording.preview($0, userZone: zone) }
        return .ok(.init(body: .json(.init(
            chatIntent: Components.Schemas.ParseReply.ChatIntentPayload(rawValue: reading.chatIntent.rawValue) ?? .unknown,
            tasks: previews.map(Self.parsedTask),
            preview: Self.previewLine(previews, clarification: reading.result.clarification),
            clarification: reading.result.clarification,
            spans: reading.spans.map { .init(kind: Components.Schemas.TextSpan.KindPayload(rawValue: $0.kind.rawValue) ?? .date, start: $0.start, end: $0.end) }
        ))))
    }

    static func parsedTask(_ preview: TaskPreview) -> Components.Schemas.ParsedTaskPreview {
        let draft = preview.draft
        return .init(
            title: draft.title, due: draft.due?.description, timeZone: draft.timeZone,
            priority: Components.Schemas.Priority(rawValue: (draft.priority ?? .none).rawValue) ?? .none,
            tags: draft.tags ?? [],
            recurrence: draft.recurrence.map { .init(rrule: $0.rrule, anchor: $0.anchor == .completion ? .completion : .schedule) },
            reminders: (draft.reminders ?? []).map { .init(at: $0.at, minutesBefore: $0.minutesBefore) },
            words: preview.words, dueText: preview.dueWords, recurrenceText: preview.recurrenceWords,
            reminderTexts: preview.reminderWords, problem: preview.problem
        )
    }

    /// "Will add “pay rent” — Tue 1 Dec 2026 at 09:00, every month on the 1st." in the
    /// chat's words; a task the API would refuse says why.
    static func previewLine(_ previews: [TaskPreview], clarification: String?) -> String {
        guard !previews.isEmpty else { return clarification ?? "Type a task to add." }
        let parts = previews.map { preview in
            preview.problem.map { "can't add \(preview.words): \($0)" } ?? preview.words
        }
        let refusedAll = previews.allSatisfy { $0.problem != nil }
        return (refusedAll ? "I " : "Will add ") + parts.joined(separator: "; ") + "."
    }
}
