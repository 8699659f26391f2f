import ActorRuntime
import Foundation
import TodoEvents
import TodoModel

/// One task. Every method names the calling user and the actor checks ownership itself, so no
/// path into the system — REST, actor invocation, chat, MCP — can reach another user's task:
/// a task that is not yours does not exist (404).
///
/// Each change commits first and projects second: the `task-events` event and the call that
/// updates the owner's index (TaskActor → UserActor, never back) are saved with the change and
/// sent after it, so a change that cannot be saved leaves no index entry and no event behind.
public struct TaskActor: VirtualActor {
    public static let actorType = "TaskActor"
    static let taskKey = StateKey<TaskRecord>("task")

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<TaskActor>(create, get, update, complete, reopen, delete, snooze, pendingReminders, skip, occurrences, linkNextOccurrence)
    public static let create = ActorMethod("create", TaskActor.create(_:))
    public static let get = ActorMethod("get", TaskActor.get(_:))
    public static let update = ActorMethod("update", TaskActor.update(_:))
    public static let complete = ActorMethod("complete", TaskActor.complete(_:))
    public static let reopen = ActorMethod("reopen", TaskActor.reopen(_:))
    public static let delete = ActorMethod("delete", TaskActor.delete(_:))
    public static let snooze = ActorMethod("snooze", TaskActor.snooze(_:))
    public static let skip = ActorMethod("skip", TaskActor.skip(_:))
    public static let occurrences = ActorMethod("occurrences", TaskActor.occurrences(_:))
    public static let pendingReminders = ActorMethod("pendingReminders", TaskActor.pendingReminders(_:))
    /// For SeriesActor: which occurrence followed this one.
    public static let linkNextOccurrence = ActorMethod("linkNextOccurrence", TaskActor.linkNextOccurrence(_:))

    // MARK: Inputs

    public struct Create: Codable, Sendable {
        public var userID: String
        public var draft: TaskDraft
        /// For the next occurrence of a recurring task: where it stands in its series.
        public var series: SeriesPosition?
        public init(userID: String, draft: TaskDraft, series: SeriesPosition? = nil) {
            self.userID = userID
            self.draft = draft
            self.series = series
        }
    }

    public struct SeriesPosition: Codable, Sendable, Equatable {
        public var seriesID: String
        public var seriesStart: TaskDue
        public var occurrence: Int
    }

    public struct Access: Codable, Sendable {
        public var userID: String
        /// With `If-Match`: the version the caller last saw.
        public var ifVersion: Int?
        public init(userID: String, ifVersion: Int? = nil) {
            self.userID = userID
            self.ifVersion = ifVersion
        }
    }

    public struct Update: Codable, Sendable {
        public var userID: String
        public var patch: TaskPatch
        public var ifVersion: Int?
        /// A retried request with the same key returns the task instead of applying again
        /// (and of failing its own If-Match).
        public var idempotencyKey: String?
        public init(userID: String, patch: TaskPatch, ifVersion: Int? = nil, idempotencyKey: String? = nil) {
            self.userID = userID
            self.patch = patch
            self.ifVersion = ifVersion
            self.idempotencyKey = idempotencyKey
        }
    }

    static let appliedKeys = StateKey<[String]>("idempotency-keys")

    public struct Complete: Codable, Sendable {
        public var userID: String
        public var completedAt: Date?
        public var ifVersion: Int?
        public init(userID: String, completedAt: Date? = nil, ifVersion: Int? = nil) {
            self.userID = userID
            self.completedAt = completedAt
            self.ifVersion = ifVersion
        }
    }

    // MARK: Methods

    /// Creates the task. Creating it again with the same draft (a retried request) returns it
    /// unchanged; with different content it is a conflict.
    public func create(_ input: Create) async throws -> TaskRecord {
        if let existing = try await context.state.get(Self.taskKey) {
            guard existing.ownerID == input.userID else { throw notFound }
            if try Self.fields(of: input.draft) == Self.fields(of: existing) { return existing }
            throw ActorProblem.conflict("task \(context.id) already exists")
        }
        let now = context.now
        var task = TaskRecord(id: context.id, ownerID: input.userID, title: "", createdAt: now, updatedAt: now)
        try Self.apply(input.draft, to: &task)
        if task.recurrence != nil {
            task.seriesID = input.series?.seriesID ?? task.id
            task.seriesStart = input.series?.seriesStart ?? task.due
            task.occurrence = input.series?.occurrence ?? 1
        }
        try await save(task, as: .created)
        return task
    }

    public func get(_ input: Access) async throws -> TaskRecord {
        try await owned(by: input.userID, ifVersion: nil)
    }

    public func update(_ input: Update) async throws -> TaskRecord {
        if let key = input.idempotencyKey, try await context.state.get(Self.appliedKeys, default: []).contains(key) {
            return try await owned(by: input.userID, ifVersion: nil)
        }
        var task = try await owned(by: input.userID, ifVersion: input.ifVersion)
        let before = task
        try Self.apply(input.patch, to: &task)
        if let key = input.idempotencyKey {
            context.state.set(Self.appliedKeys, Array((try await context.state.get(Self.appliedKeys, default: []) + [key]).suffix(20)))
        }
        guard task != before else { return task }
        task.version += 1
        task.updatedAt = context.now
        // A cleared rule takes the task out of its series; the event still names the series
        // so it hears of it (the task itself no longer does).
        try await save(task, as: .updated, formerSeriesID: task.seriesID == nil ? before.seriesID : nil)
        return task
    }

    public func complete(_ input: Complete) async throws -> TaskRecord {
        var task = try await owned(by: input.userID, ifVersion: input.ifVersion)
        guard task.status != .completed else { return task }
        let now = context.now
        if let completedAt = input.completedAt {
            do { _ = try TaskFields.instant(completedAt, field: "completedAt") } catch { throw ActorProblem.unprocessable(error) }
            if completedAt > now.addingTimeInterval(60) {
                throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "completedAt \(completedAt) is in the future")
            }
        }
        task.status = .completed
        task.completedAt = input.completedAt ?? now
        task.version += 1
        task.updatedAt = now
        // The next occurrence of a recurring task is the series' business (SeriesActor,
        // told by the caller and by this event); a task never calls its series.
        try await save(task, as: .completed)
        return task
    }

    public struct NextOccurrenceLink: Codable, Sendable {
        public var userID: String
        public var nextOccurrenceID: String?
        public init(userID: String, nextOccurrenceID: String?) {
            self.userID = userID
            self.nextOccurrenceID = nextOccurrenceID
        }
    }

    /// Records which occurrence followed this completed one (or none, when the series took
    /// it back). A link, not a change of the task: no new version, no event.
    public func linkNextOccurrence(_ input: NextOccurrenceLink) async throws -> TaskRecord {
        var task = try await owned(by: input.userID, ifVersion: nil)
        guard task.nextOccurrenceID != input.nextOccurrenceID else { return task }
        task.nextOccurrenceID = input.nextOccurrenceID
        context.state.set(Self.taskKey, task)
        return task
    }

    /// Skips this occurrence: the task moves to the series' next due (its reminders with it).
    public func skip(_ input: Access) async throws -> TaskRecord {
        var task = try await owned(by: input.userID, ifVersion: input.ifVersion)
        guard task.recurrence != nil, task.status == .open else {
            throw ActorProblem(status: 409, title: "Conflict", detail: "only an open recurring task can skip an occurrence")
        }
        let zone = try await ownerZone(of: task)
        guard let next = task.dueAfterSkipping(userZone: zone) else {
            throw ActorProblem(status: 409, title: "Conflict", detail: "the series has no occurrence after \(task.due.map(String.init(describing:)) ?? "this one"); complete or delete the task instead")
        }
        task.due = next
        task.occurrence = (task.occurrence ?? 1) + 1
        task.version += 1
        task.updatedAt = context.now
        try await save(task, as: .updated)
        return task
    }

    /// The next `count` occurrences of a recurring task, from its current due on.
    public func occurrences(_ input: OccurrencesRequest) async throws -> [Occurrence] {
        try input.validate()
        let task = try await owned(by: input.userID, ifVersion: nil)
        guard task.recurrence != nil else {
            throw ActorProblem(status: 409, title: "Conflict", detail: "task \(task.id) does not recur")
        }
        let zone = try await ownerZone(of: task)
        return task.upcomingOccurrences(count: input.count, userZone: zone).map { Occurrence(due: $0.due, at: $0.at) }
    }

    public struct OccurrencesRequest: Codable, Sendable {
        public var userID: String
        public var count: Int
        public init(userID: String, count: Int) {
            self.userID = userID
            self.count = count
        }

        /// The one definition of how many occurrences one call may ask for: REST checks the
        /// query with it, the actor checks every invocation (REST, actor route, MCP) with it.
        public static let countRange = 1...100

        public func validate() throws {
            try InputBounds.check("count", count, in: Self.countRange)
        }
    }

    public struct Occurrence: Codable, Sendable, Equatable {
        public var due: TaskDue
        public var at: Date
    }

    public func reopen(_ input: Access) async throws -> TaskRecord {
        var task = try await owned(by: input.userID, ifVersion: input.ifVersion)
        guard task.status != .open else { return task }
        task.status = .open
        task.completedAt = nil
        task.version += 1
        task.updatedAt = context.now
        try await save(task, as: .reopened)
        return task
    }

    public func delete(_ input: Access) async throws -> NoValue {
        var task = try await owned(by: input.userID, ifVersion: input.ifVersion)
        try await context.state.remove(Self.taskKey)
        try await armReminders(for: nil, userZone: .gmt)
        task.version += 1
        task.updatedAt = context.now
        let event = TaskEvent(type: .deleted, task: task, occurredAt: context.now)
        try context.publish(event, topic: Topics.taskEvents, partitionKey: task.ownerID, id: event.id)
        try context.callAfterCommit(UserActor.unindexTask, on: task.ownerID, UserActor.IndexChange(event: event))
        return NoValue()
    }

    // MARK: Helpers

    private var notFound: ActorProblem { .notFound("task \(context.id) does not exist") }

    /// The owner's time zone, which floating tasks follow. Every caller reads the task in
    /// its effective zone, so a task with a zone of its own needs no call to its owner (a
    /// reminder turn then touches only this actor).
    func ownerZone(of task: TaskRecord) async throws -> TimeZone {
        if let own = task.timeZone.flatMap(TimeZone.init(identifier:)) { return own }
        return TimeZone(identifier: try await context.proxy(UserActor.self, task.ownerID).timeZone()) ?? .gmt
    }

    func owned(by userID: String, ifVersion: Int?) async throws -> TaskRecord {
        guard let task = try await context.state.get(Self.taskKey), task.ownerID == userID else { throw notFound }
        if let ifVersion, ifVersion != task.version {
            throw ActorProblem(status: 412, title: "Precondition Failed", detail: "task \(task.id) is at version \(task.version), not \(ifVersion)")
        }
        return task
    }

    private func save(_ task: TaskRecord, as kind: TaskEvent.Kind, formerSeriesID: String? = nil) async throws {
        context.state.set(Self.taskKey, task)
        try await armReminders(for: task, userZone: try await reminderZone(for: task))
        var event = TaskEvent(type: kind, task: task, occurredAt: context.now)
        event.formerSeriesId = formerSeriesID
        try context.publish(event, topic: Topics.taskEvents, partitionKey: task.ownerID, id: event.id)
        // The owner's index follows from the saved change, with the same event.
        try context.callAfterCommit(UserActor.indexTask, on: task.ownerID, UserActor.IndexChange(event: event))
    }

    /// The zone that places the task's reminders: the owner's only matters for a floating
    /// task reminded relative to its due (a read of the owner, which changes nothing there).
    private func reminderZone(for task: TaskRecord) async throws -> TimeZone {
        guard task.status == .open, task.due != nil, task.timeZone == nil,
              task.reminders.contains(where: { $0.minutesBefore != nil }) else { return .gmt }
        return try await ownerZone(of: task)
    }

    static func apply(_ draft: TaskDraft, to task: inout TaskRecord) throws {
        do {
            task.title = try TaskFields.title(draft.title)
            task.notes = try TaskFields.notes(draft.notes ?? "")
            task.priority = draft.priority ?? .none
            task.tags = try TaskFields.tags(draft.tags ?? [])
            task.due = try TaskFields.due(draft.due)
            task.timeZone = try TaskFields.timeZone(draft.timeZone)
            task.reminders = try TaskFields.reminders(draft.reminders ?? [])
            task.recurrence = try TaskFields.recurrence(draft.recurrence, due: task.due)
        } catch {
            throw ActorProblem.unprocessable(error)
        }
    }

    static func apply(_ patch: TaskPatch, to task: inout TaskRecord) throws {
        do {
            if let title = patch.title { task.title = try TaskFields.title(title) }
            if let notes = patch.notes { task.notes = try TaskFields.notes(notes) }
            if let priority = patch.priority { task.priority = priority }
            if let tags = patch.tags { task.tags = try TaskFields.tags(tags) }
            if case .set(let due) = patch.due { task.due = try TaskFields.due(due) } else { patch.due.apply(to: &task.due) }
            if case .set(let zone) = patch.timeZone { task.timeZone = try TaskFields.timeZone(zone) } else { patch.timeZone.apply(to: &task.timeZone) }
            if let reminders = patch.reminders { task.reminders = try TaskFields.reminders(reminders) }
            patch.recurrence.apply(to: &task.recurrence)
            task.recurrence = try TaskFields.recurrence(task.recurrence, due: task.due)
            if task.recurrence == nil {
                task.seriesID = nil
                task.seriesStart = nil
                task.occurrence = nil
            } else if task.seriesID == nil {
                task.seriesID = task.id
                task.seriesStart = task.due
                task.occurrence = 1
            }
        } catch {
            throw ActorProblem.unprocessable(error)
        }
    }

    /// The user-given fields, to recognise a repeated create.
    static func fields(of draft: TaskDraft) throws -> TaskRecord {
        var task = TaskRecord(id: "", ownerID: "", title: "", createdAt: .distantPast, updatedAt: .distantPast)
        try apply(draft, to: &task)
        return task
    }

    static func fields(of task: TaskRecord) -> TaskRecord {
        var copy = TaskRecord(id: "", ownerID: "", title: task.title, notes: task.notes, priority: task.priority, tags: task.tags, due: task.due, timeZone: task.timeZone, reminders: task.reminders, recurrence: task.recurrence, createdAt: .distantPast, updatedAt: .distantPast)
        copy.status = .open
        return copy
    }
}

extension ActorProblem {
    /// 422 for input that is well-formed but not acceptable.
    public static func unprocessable(_ error: any Error) -> ActorProblem {
        if let validation = error as? TaskValidationError {
            return ActorProblem(status: 422, title: "Unprocessable Content", detail: validation.description)
        }
        return ActorProblem(status: 422, title: "Unprocessable Content", detail: String(describing: error))
    }
}
