import ActorRuntime
import Foundation
import Logging
import TodoEvents
import TodoModel

/// One recurring series (id: the series id, which is its first occurrence's task id), hosted
/// by recurring-task-service. It owns the rule, its start, the template new occurrences are
/// made from, whether the series is active or paused, the one open occurrence, the
/// occurrence counter and what was edited on single occurrences.
///
/// Policy: a series has at most one open occurrence. Closing it (completing, deleting, or
/// finding it closed later) materialises the next one at once; a schedule-anchored series
/// also keeps a one-shot reminder at its next occurrence's instant, which materialises that
/// occurrence when none is open and otherwise records it as missed (no pile-up of overdue
/// copies). Occurrence ids are `<series id>-<number>` and are created only if absent, and
/// the counter is saved in the same turn, so a repeated event or reminder finds the work
/// done instead of doing it twice.
///
/// Calls go gateway → SeriesActor → TaskActor → UserActor and never back: TaskActor does not
/// know this actor; it learns about changes from the gateway (synchronously) and from
/// `task-events` (durably).
public struct SeriesActor: VirtualActor {
    public static let actorType = "SeriesActor"
    static let seriesKey = StateKey<SeriesRecord>("series")
    static let scheduleReminder = "schedule"

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<SeriesActor>(occurrenceChanged, get, pause, resume, edit, delete, upcoming)
    /// A task of this series changed (the gateway right after the change, and task-events).
    public static let occurrenceChanged = ActorMethod("occurrenceChanged", SeriesActor.occurrenceChanged(_:))
    public static let get = ActorMethod("get", SeriesActor.get(_:))
    public static let pause = ActorMethod("pause", SeriesActor.pause(_:))
    public static let resume = ActorMethod("resume", SeriesActor.resume(_:))
    public static let edit = ActorMethod("edit", SeriesActor.edit(_:))
    public static let delete = ActorMethod("delete", SeriesActor.delete(_:))
    public static let upcoming = ActorMethod("upcoming", SeriesActor.upcoming(_:))

    // MARK: Inputs and outputs

    public struct Change: Codable, Sendable {
        public var kind: TaskEvent.Kind
        /// The task as it was after the change.
        public var task: TaskRecord
        public init(kind: TaskEvent.Kind, task: TaskRecord) {
            self.kind = kind
            self.task = task
        }
    }

    public struct Outcome: Codable, Sendable, Equatable {
        /// The series after the change (nil when the task belongs to no series here).
        public var series: SeriesRecord?
        /// The occurrence that followed the closed task (new or found), if any.
        public var nextOccurrenceID: String?
        /// An untouched occurrence taken back because the one before it was reopened.
        public var retractedTaskID: String?
        public init(series: SeriesRecord?, nextOccurrenceID: String? = nil, retractedTaskID: String? = nil) {
            self.series = series
            self.nextOccurrenceID = nextOccurrenceID
            self.retractedTaskID = retractedTaskID
        }
    }

    public struct Access: Codable, Sendable {
        public var userID: String
        public init(userID: String) {
            self.userID = userID
        }
    }

    /// The same preview a recurring task gives of itself.
    public typealias UpcomingRequest = TaskActor.OccurrencesRequest
    public typealias Upcoming = TaskActor.Occurrence

    // MARK: Reading

    public func get(_ input: Access) async throws -> SeriesRecord {
        try await owned(by: input.userID)
    }

    /// The next `count` occurrences the series will materialise, from its newest one on.
    public func upcoming(_ input: UpcomingRequest) async throws -> [Upcoming] {
        let series = try await owned(by: input.userID)
        guard (1...100).contains(input.count) else {
            throw ActorProblem(status: 422, title: "Unprocessable Content", detail: "count must be between 1 and 100, not \(input.count)")
        }
        guard series.status == .active || series.status == .paused, let schedule = try await schedule(of: series) else { return [] }
        if series.openTaskID != nil {
            // The open occurrence first, where it stands now (a skip or an edit may have moved it).
            return schedule.upcoming(from: series.openDue ?? series.lastDue, count: input.count).map { Upcoming(due: $0.due, at: $0.at) }
        }
        var result: [Upcoming] = []
        var cursor = max(schedule.instant(of: series.lastDue), context.now)
        while result.count < input.count, let next = schedule.next(after: cursor) {
            result.append(Upcoming(due: next.due, at: next.at))
            cursor = next.at
        }
        return result
    }

    // MARK: Helpers

    var notFound: ActorProblem { .notFound("series \(context.id) does not exist") }

    func owned(by userID: String) async throws -> SeriesRecord {
        guard let series = try await context.state.get(Self.seriesKey), series.ownerID == userID, series.status != .deleted else { throw notFound }
        return series
    }

    func save(_ series: SeriesRecord) {
        var series = series
        series.updatedAt = context.now
        context.state.set(Self.seriesKey, series)
    }

    /// The series' calendar; floating series follow their owner's current zone.
    func schedule(of series: SeriesRecord) async throws -> SeriesSchedule? {
        let zone: TimeZone
        if let own = series.template.timeZone.flatMap(TimeZone.init(identifier:)) {
            zone = own
        } else {
            zone = TimeZone(identifier: try await context.proxy(UserActor.self, series.ownerID).timeZone()) ?? .gmt
        }
        return SeriesSchedule(recurrence: series.recurrence, start: series.start, zone: zone)
    }

    func task(_ id: String) -> ActorProxy<TaskActor> { context.proxy(TaskActor.self, id) }

    /// The task as it is now, or nil when it no longer exists.
    func liveTask(_ id: String, owner: String) async throws -> TaskRecord? {
        do {
            return try await task(id).get(.init(userID: owner))
        } catch let problem as ActorProblem where problem.status == 404 {
            return nil
        }
    }

    /// Creates occurrence `number` due at `due` unless it exists (a repeated event or
    /// reminder finds it), and makes it the open one.
    func materialise(_ series: inout SeriesRecord, number: Int, due: TaskDue) async throws {
        let id = series.taskID(ofOccurrence: number)
        let template = series.template
        let draft = TaskDraft(title: template.title, notes: template.notes, priority: template.priority, tags: template.tags, due: due, timeZone: template.timeZone, reminders: template.reminders, recurrence: series.recurrence)
        let position = TaskActor.SeriesPosition(seriesID: series.id, seriesStart: series.start, occurrence: number)
        do {
            _ = try await task(id).create(.init(userID: series.ownerID, draft: draft, series: position))
        } catch let problem as ActorProblem where problem.status == 409 {
            // It exists and was edited since it was made: it is still this occurrence.
            context.logger.debug("occurrence exists already", metadata: ["task": "\(id)"])
        }
        series.counter = number
        series.lastDue = due
        series.openTaskID = id
        series.openDue = due
        series.openVersion = nil
        series.version += 1
        context.logger.info("materialised occurrence", metadata: ["series": "\(series.id)", "task": "\(id)", "due": "\(due)"])
    }
}

extension SeriesActor {
    /// Tells a recurring task's series about a change at once, so a reply can name the next
    /// occurrence (callers: the gateway and ConversationActor; SeriesActor → TaskActor, never
    /// back). If the series cannot be reached now, `task-events` brings it the change later.
    public static func tell(_ kind: TaskEvent.Kind, _ task: TaskRecord, series: (String) -> ActorProxy<SeriesActor>, logger: Logger) async -> Outcome? {
        guard let seriesID = task.seriesID else { return nil }
        do {
            return try await series(seriesID).occurrenceChanged(.init(kind: kind, task: task))
        } catch {
            logger.warning("series not reached; task-events will bring it the change", metadata: ["series": "\(seriesID)", "error": "\(error)"])
            return nil
        }
    }
}
