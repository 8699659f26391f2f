import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Synchronization
import TodoActors
import TodoEvents
import TodoModel

/// tasks-service and recurring-task-service on one embedded host with a manual clock, wired
/// as `todo serve` wires them: SeriesActor driven by the real `task-events` subscription.
struct SeriesWorld {
    let clock: ManualClock
    let host: EmbeddedActorHost
    let userID: String
    /// Every task event the bus delivered (to count what the series produced).
    let events: EventLog

    static func make(zone: String = "Europe/Berlin", now: Date = TaskReminderTests.start, store: any ActorStateStore = MemoryStateStore(),
                     userID: String = "u-\(UUID().uuidString.prefix(8))", registerUser: Bool = true, recurringSubscription: Bool = true,
                     configuration: EmbeddedActorHost.Configuration = .init(appID: "test")) async throws -> SeriesWorld {
        let clock = ManualClock(now: now)
        let bus = EventBus(retry: RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200)))
        let host = EmbeddedActorHost(configuration: configuration, store: store, clock: clock, bus: bus)
        TasksServiceActors.register(on: host)
        RecurringTaskService.register(on: host)
        if recurringSubscription {
            for subscription in RecurringTaskService.subscriptions(actors: host) { bus.subscribe(subscription) }
        }
        let world = SeriesWorld(clock: clock, host: host, userID: userID, events: EventLog())
        bus.subscribe(Subscription(topic: Topics.taskEvents, consumer: "test-recorder") { [events = world.events] event in
            let decoded = try event.decodeData(TaskEvent.self)
            events.entries.withLock { $0.append(decoded) }
            return .success
        })
        bus.subscribe(Subscription(topic: Topics.reminders, consumer: "test-reminders") { [events = world.events] event in
            let reminder = try event.decodeData(ReminderEvent.self)
            events.reminders.withLock { $0.append(reminder) }
            return .success
        })
        bus.subscribe(Subscription(topic: RecurringTaskService.deadLetterTopic, consumer: "test-dead-letters") { [events = world.events] _ in
            events.deadLetters.withLock { $0 += 1 }
            return .success
        })
        try await host.start()
        if registerUser {
            _ = try await host.proxy(UserActor.self, userID).register(UserProfile(id: userID, email: "\(userID)@example.com", timeZone: zone, createdAt: now))
        }
        return world
    }

    func task(_ id: String) -> ActorProxy<TaskActor> { host.proxy(TaskActor.self, id) }
    func series(_ id: String) -> ActorProxy<SeriesActor> { host.proxy(SeriesActor.self, id) }

    func create(_ draft: TaskDraft, id: String = "t-\(UUID().uuidString.prefix(8))") async throws -> ActorProxy<TaskActor> {
        let task = task(id)
        _ = try await task.create(.init(userID: userID, draft: draft))
        return task
    }

    /// Completes the way the gateway does: the task, then its series at once.
    func complete(_ task: ActorProxy<TaskActor>, at completedAt: Date? = nil) async throws -> (done: TaskRecord, next: String?) {
        let done = try await task.complete(.init(userID: userID, completedAt: completedAt))
        let outcome = try await series(try require(done.seriesID)).occurrenceChanged(.init(kind: .completed, task: done))
        return (done, outcome.nextOccurrenceID)
    }

    func list(_ filter: String = "") async throws -> [TaskSummary] {
        try await host.proxy(UserActor.self, userID).listTasks(.init(filter: filter, sort: "due")).items
    }

    func open() async throws -> [TaskSummary] { try await list("open") }

    func get(_ id: String) async throws -> TaskRecord {
        try await task(id).get(.init(userID: userID))
    }

    func seriesRecord(_ id: String) async throws -> SeriesRecord {
        try await series(id).get(.init(userID: userID))
    }

    /// Moves the clock and gives the host time to run what became due.
    func advance(to date: Date) async throws {
        clock.advance(to: date)
        try await Task.sleep(for: .milliseconds(150))
    }

    /// Waits until the bus has delivered everything published so far (both subscribers).
    func settle() async throws {
        try await Task.sleep(for: .milliseconds(200))
    }

    func reminders() -> [ReminderEvent] { events.reminders.withLock { $0 } }

    func deadLetters() -> Int { events.deadLetters.withLock { $0 } }

    func createdEvents() -> [TaskEvent] { events.entries.withLock { $0.filter { $0.type == .created } } }
}

final class EventLog: Sendable {
    let entries = Mutex<[TaskEvent]>([])
    let reminders = Mutex<[ReminderEvent]>([])
    /// task-events recurring-task-service gave up on.
    let deadLetters = Mutex(0)
}

/// `#require` outside a test body.
func require<T>(_ value: T?, _ message: String = "missing value") throws -> T {
    guard let value else { throw ActorProblem(status: 500, title: "Test", detail: message) }
    return value
}
