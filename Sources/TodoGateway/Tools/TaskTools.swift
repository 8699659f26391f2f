import ActorRuntime
import Foundation
import Logging
import Metrics
import TodoActors
import TodoEvents
import TodoHTTP
import TodoLanguage
import TodoModel

/// What one tool call produced. A failure is a tool error with a precise message (the
/// problem detail the REST API would answer), never a thrown error: the caller — an MCP
/// client or a model — reads it and can try again.
public struct TaskToolResult: Sendable, Equatable {
    public var isError: Bool
    /// JSON text for the caller: `{"message": …, "task": {…}}` (or `"tasks"`), or on
    /// failure `{"error": …}`.
    public var text: String
    /// What was done to which task (for the chat's `actions`).
    public var actions: [ChatAction]
    /// The confirmation in plain words, with the weekday of every date; the error on failure.
    public var message: String
}

/// The task tool set shared by MCP and LLM mode: add, list, complete, update, delete,
/// reopen and snooze, each user-scoped and executed over the same actors, mapping and
/// validation as the REST API (`TodoAPI`).
public struct TaskTools: Sendable {
    let services: GatewayServices

    public init(services: GatewayServices) {
        self.services = services
    }

    /// A failure of the call's arguments, said as the REST API would (status and detail).
    struct Refusal: Error {
        var message: String
    }

    public func call(_ name: String, arguments given: JSONValue, userID: String, now: Date = Date()) async -> TaskToolResult {
        let result = await run(name, arguments: given, userID: userID, now: now)
        // Tool names outside the set are counted together, so a caller cannot grow the label set.
        let tool = Self.definitions.contains(where: { $0.name == name }) ? name : "unknown"
        Counter(label: "todo_tool_calls_total", dimensions: [("tool", tool), ("outcome", result.isError ? "error" : "ok")]).increment()
        return result
    }

    private func run(_ name: String, arguments given: JSONValue, userID: String, now: Date) async -> TaskToolResult {
        do {
            let arguments: [String: JSONValue]
            switch given {
            case .object(let object): arguments = object
            case .null: arguments = [:]
            default: throw Refusal(message: "the arguments of \(name) must be a JSON object")
            }
            switch name {
            case "add_task": return try await add(arguments, userID: userID, now: now)
            case "list_tasks": return try await list(arguments, userID: userID)
            case "complete_task": return try await complete(arguments, userID: userID)
            case "update_task": return try await update(arguments, userID: userID, now: now)
            case "delete_task": return try await delete(arguments, userID: userID)
            case "reopen_task": return try await reopen(arguments, userID: userID)
            case "snooze_task": return try await snooze(arguments, userID: userID, now: now)
            default:
                throw Refusal(message: "there is no tool '\(name)'; the tools are \(Self.definitions.map(\.name).joined(separator: ", "))")
            }
        } catch {
            return failure(error, tool: name)
        }
    }

    // MARK: The tools

    private func add(_ arguments: [String: JSONValue], userID: String, now: Date) async throws -> TaskToolResult {
        let zone = try await userZone(userID)
        let fields = try resolvingDates(arguments, userZone: zone, now: now)
        let input = try Self.decode(Components.Schemas.TaskInput.self, from: fields)
        let draft = try await TodoAPI(services: services).draft(from: input, userID: userID)
        let task = try await services.task(TodoAPI.newID("t")).create(.init(userID: userID, draft: draft))
        return success("Added \(TaskWording.describe(task, userZone: zone)).", task: task, action: .created)
    }

    private func list(_ arguments: [String: JSONValue], userID: String) async throws -> TaskToolResult {
        try Self.allowOnly(["filter", "query", "sort", "limit"], in: arguments, tool: "list_tasks")
        let request = try TodoAPI.listRequest(
            filter: try Self.string("filter", in: arguments), words: try Self.string("query", in: arguments),
            sort: try Self.string("sort", in: arguments), limit: try Self.integer("limit", in: arguments), cursor: nil
        )
        let zone = try await userZone(userID)
        let page = try await services.user(userID).listTasks(request)
        let items = try page.items.map { summary -> JSONValue in
            var item = try Self.json(TodoAPI.summary(summary))
            if case .object(var fields) = item, let when = TaskWording.when(summary, userZone: zone) {
                fields["when"] = .string(when)
                item = .object(fields)
            }
            return item
        }
        let count = page.items.count
        let message = count == 0 ? "No tasks match." : "\(count == 1 ? "1 task" : "\(count) tasks")\(page.nextCursor == nil ? "" : " (more exist; narrow the filter)")."
        let body: JSONValue = .object(["message": .string(message), "timeZone": .string(zone.identifier), "tasks": .array(items)])
        return TaskToolResult(isError: false, text: try Self.text(body), actions: [], message: message)
    }

    private func complete(_ arguments: [String: JSONValue], userID: String) async throws -> TaskToolResult {
        try Self.allowOnly(["taskId", "completedAt"], in: arguments, tool: "complete_task")
        let id = try Self.taskID(arguments)
        var completedAt: Date?
        if let text = try Self.string("completedAt", in: arguments) {
            guard let instant = TodoAPI.instant(text) else {
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "completedAt: '\(text)' is not an RFC 3339 date-time")
            }
            completedAt = instant
        }
        let task = try await services.task(id).complete(.init(userID: userID, completedAt: completedAt))
        var sentence = "Marked \(TaskWording.quoted(task.title)) done."
        // As the REST API does: the series rolls on now, so the reply can name the next one.
        let nextOccurrenceID = await services.tellSeries(.completed, task)?.nextOccurrenceID ?? task.nextOccurrenceID
        if let nextID = nextOccurrenceID, let next = try? await services.task(nextID).get(.init(userID: userID)), let due = next.due {
            sentence += " The next one is due \(TaskWording.due(due, zone: next.timeZone))."
        }
        return success(sentence, task: task, action: .completed)
    }

    private func update(_ arguments: [String: JSONValue], userID: String, now: Date) async throws -> TaskToolResult {
        let id = try Self.taskID(arguments)
        var fields = arguments
        fields["taskId"] = nil
        guard !fields.isEmpty else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "nothing to change: give at least one field besides taskId")
        }
        let zone = try await userZone(userID)
        let input = try Self.decode(Components.Schemas.TaskPatch.self, from: try resolvingDates(fields, userZone: zone, now: now))
        let patch = try await TodoAPI(services: services).patch(from: input, userID: userID)
        let task = try await services.task(id).update(.init(userID: userID, patch: patch))
        return success("Updated \(TaskWording.describe(task, userZone: zone)).", task: task, action: .updated)
    }

    private func delete(_ arguments: [String: JSONValue], userID: String) async throws -> TaskToolResult {
        try Self.allowOnly(["taskId"], in: arguments, tool: "delete_task")
        let id = try Self.taskID(arguments)
        let task = try await services.task(id).get(.init(userID: userID))
        _ = try await services.task(id).delete(.init(userID: userID))
        let message = "Deleted \(TaskWording.quoted(task.title))."
        let body: JSONValue = .object(["message": .string(message), "taskId": .string(id)])
        return TaskToolResult(isError: false, text: try Self.text(body), actions: [ChatAction(kind: .deleted, taskID: id, title: task.title, due: task.due)], message: message)
    }

    private func reopen(_ arguments: [String: JSONValue], userID: String) async throws -> TaskToolResult {
        try Self.allowOnly(["taskId"], in: arguments, tool: "reopen_task")
        let task = try await services.task(try Self.taskID(arguments)).reopen(.init(userID: userID))
        _ = await services.tellSeries(.reopened, task)
        let zone = try await userZone(userID)
        return success("Reopened \(TaskWording.describe(task, userZone: zone)).", task: task, action: .reopened)
    }

    private func snooze(_ arguments: [String: JSONValue], userID: String, now: Date) async throws -> TaskToolResult {
        try Self.allowOnly(["taskId", "minutes"], in: arguments, tool: "snooze_task")
        let id = try Self.taskID(arguments)
        guard let minutes = try Self.integer("minutes", in: arguments) else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "minutes: required (1 to 10080)")
        }
        let task = try await services.task(id).snooze(.init(userID: userID, minutes: minutes))
        let zone = try await userZone(userID)
        let at = TaskWording.instant(now.addingTimeInterval(Double(minutes) * 60), in: zone)
        // A snooze changes no field of the task, so it is not one of the chat's actions.
        return success("Snoozed \(TaskWording.quoted(task.title)): I'll remind you again \(at).", task: task, action: nil)
    }

    // MARK: Results

    private func success(_ message: String, task: TaskRecord, action: ChatAction.Kind?) -> TaskToolResult {
        let actions = action.map { [ChatAction(kind: $0, taskID: task.id, title: task.title, due: task.due)] } ?? []
        do {
            let body: JSONValue = .object(["message": .string(message), "task": try Self.json(TodoAPI.task(task))])
            return TaskToolResult(isError: false, text: try Self.text(body), actions: actions, message: message)
        } catch {
            return TaskToolResult(isError: false, text: message, actions: actions, message: message)
        }
    }

    /// The same words the REST API would answer: a problem's detail, a decoding error's path.
    private func failure(_ error: any Error, tool: String) -> TaskToolResult {
        let message: String
        switch error {
        case let refusal as Refusal:
            message = refusal.message
        case let decoding as DecodingError:
            message = ProblemDetails.describe(decoding)
        default:
            let problem = ProblemDetails.problem(for: error)
            if problem.status >= 500 {
                services.logger.error("tool call failed", metadata: ["tool": "\(tool)", "error": "\(error)"])
            }
            message = "\(problem.status) \(problem.title): \(problem.detail)"
        }
        let text = (try? Self.text(.object(["error": .string(message)]))) ?? message
        return TaskToolResult(isError: true, text: text, actions: [], message: message)
    }

    private func userZone(_ userID: String) async throws -> TimeZone {
        TimeZone(identifier: try await services.user(userID).timeZone()) ?? .gmt
    }
}
