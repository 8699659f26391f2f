import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Synchronization
import Testing
import TodoActors
import TodoEvents
import TodoModel

/// A real SQLite store that refuses every commit of one actor type's turns while told to (as
/// a full disk or a lost database file would): the turn's changes never reach the file.
final class RefusingStore: ActorStateStore {
    struct Refused: Error, CustomStringConvertible {
        var actor: ActorAddress
        var description: String { "the state store refused the commit of \(actor)" }
    }

    let inner: SQLiteActorStateStore
    let refusedType = Mutex<String?>(nil)

    init(path: String) throws { inner = try SQLiteActorStateStore(path: path) }

    func loadState(_ actor: ActorAddress, key: String) async throws -> StateValue? { try await inner.loadState(actor, key: key) }
    func commit(_ commit: TurnCommit) async throws {
        if refusedType.withLock({ $0 }) == commit.actor.type { throw Refused(actor: commit.actor) }
        try await inner.commit(commit)
    }
    func loadReminders() async throws -> [ReminderRecord] { try await inner.loadReminders() }
    func loadOutbox() async throws -> [OutboxMessage] { try await inner.loadOutbox() }
    func deleteOutbox(ids: [String]) async throws { try await inner.deleteOutbox(ids: ids) }
    func close() async throws { try await inner.close() }
}

/// What the bus delivered on `task-events` and `task-updates`, envelopes as they arrived.
final class TopicRecorder: Sendable {
    let delivered = Mutex<[String: [CloudEvent]]>([:])

    func subscribe(on bus: EventBus) {
        for topic in [Topics.taskEvents, Topics.taskUpdates] {
            bus.subscribe(Subscription(topic: topic, consumer: "projection-test") { [self] event in
                self.delivered.withLock { $0[event.topic, default: []].append(event) }
                return .success
            })
        }
    }

    func events(_ topic: String) -> [CloudEvent] { delivered.withLock { $0[topic] ?? [] } }

    func about(_ taskID: String, on topic: String) throws -> [CloudEvent] {
        try events(topic).filter { try $0.decodeData(TaskUpdateRouting.self).taskId == taskID }
    }
}

/// The two fields both topics' payloads share that these tests look at.
struct TaskUpdateRouting: Decodable {
    var id: String
    var taskId: String
    var type: String
}

/// A task change commits first and projects second: the owner's index and `task-updates`
/// follow from the saved change, with its event id and kind, on both hosts.
@Suite struct TaskProjectionTests {
    static let userID = "u-projection"

    static func temporaryDatabase() throws -> (path: String, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("projection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory.appendingPathComponent("actors.sqlite").path, directory)
    }

    static func embeddedHost(store: any ActorStateStore, recorder: TopicRecorder) async throws -> EmbeddedActorHost {
        let bus = EventBus(retry: RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50)))
        let host = EmbeddedActorHost(configuration: .init(appID: "tasks-service"), store: store, bus: bus)
        TasksServiceActors.register(on: host)
        recorder.subscribe(on: bus)
        try await host.start()
        _ = try await host.proxy(UserActor.self, userID).register(UserProfile(id: userID, email: "projection@example.com", createdAt: Date()))
        return host
    }

    @Test func aTaskWhoseCommitFailsLeavesNoIndexEntryAndNoUpdate() async throws {
        let (path, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RefusingStore(path: path)
        let recorder = TopicRecorder()
        let host = try await Self.embeddedHost(store: store, recorder: recorder)
        let user = host.proxy(UserActor.self, Self.userID)

        store.refusedType.withLock { $0 = TaskActor.actorType }
        let refused = host.proxy(TaskActor.self, "t-refused")
        await #expect(throws: RefusingStore.Refused.self) {
            _ = try await refused.create(.init(userID: Self.userID, draft: TaskDraft(title: "Never saved")))
        }
        store.refusedType.withLock { $0 = nil }
        #expect(try await user.listTasks(.init()).items.isEmpty, "the index holds no task the store does not")
        await #expect(throws: ActorProblem.self) { _ = try await refused.get(.init(userID: Self.userID)) }

        // A change that does commit, as the point by which the refused one would have shown.
        let saved = try await host.proxy(TaskActor.self, "t-saved").create(.init(userID: Self.userID, draft: TaskDraft(title: "Saved")))
        #expect(try await user.listTasks(.init()).items.map(\.id) == [saved.id], "read-your-writes: indexed before create returned")
        #expect(await eventually { (try? recorder.about(saved.id, on: Topics.taskUpdates).count) == 1 })
        #expect(try recorder.about("t-refused", on: Topics.taskUpdates).isEmpty)
        #expect(try recorder.about("t-refused", on: Topics.taskEvents).isEmpty)
        await host.shutdown()  // closes the store
    }

    @Test func taskUpdatesCarryTheTaskEventIdAndKind() async throws {
        let recorder = TopicRecorder()
        let host = try await Self.embeddedHost(store: MemoryStateStore(), recorder: recorder)
        let task = host.proxy(TaskActor.self, "t-kinds")
        _ = try await task.create(.init(userID: Self.userID, draft: TaskDraft(title: "Kinds")))
        _ = try await task.update(.init(userID: Self.userID, patch: TaskPatch(title: "Kinds, renamed")))
        _ = try await task.complete(.init(userID: Self.userID))
        _ = try await task.reopen(.init(userID: Self.userID))
        _ = try await task.delete(.init(userID: Self.userID))
        let kinds = ["created", "updated", "completed", "reopened", "deleted"]
        #expect(await eventually { (try? recorder.about("t-kinds", on: Topics.taskUpdates).count) == kinds.count })
        #expect(await eventually { (try? recorder.about("t-kinds", on: Topics.taskEvents).count) == kinds.count })

        let events = try recorder.about("t-kinds", on: Topics.taskEvents)
        let updates = try recorder.about("t-kinds", on: Topics.taskUpdates)
        #expect(try events.map { try $0.decodeData(TaskUpdateRouting.self).type } == kinds)
        #expect(try updates.map { try $0.decodeData(TaskUpdateRouting.self).type } == kinds, "a reopen is `reopened` on task-updates too")
        for (event, update) in zip(events, updates) {
            let eventID = try event.decodeData(TaskUpdateRouting.self).id
            #expect(event.id == eventID)
            #expect(try update.decodeData(TaskUpdateRouting.self).id == eventID, "one change, one event id on both topics")
            // Its own envelope (one source, one id per CloudEvent), named after the change.
            #expect(update.id != event.id && update.id.hasPrefix(eventID))
        }
        await host.shutdown()
    }

    @Test func behindTheSidecarAFailingPublishLeavesNoPhantomAndAFailingSaveIsThePreciseError() async throws {
        let sidecar = LoopbackSidecar()
        let host = SidecarActorHost(configuration: .init(appID: "tasks-service"), sidecar: sidecar)
        sidecar.attach(host)
        TasksServiceActors.register(on: host)
        _ = try await host.proxy(UserActor.self, Self.userID).register(UserProfile(id: Self.userID, email: "projection@example.com", createdAt: Date()))
        let user = host.proxy(UserActor.self, Self.userID)
        let taskActor = { (id: String) in ActorAddress(type: TaskActor.actorType, id: id) }

        // The broker refuses: the change is saved with its effects and acknowledged, the
        // index (an actor call, not a publication) has it, and nothing is published yet.
        sidecar.failing.withLock { $0.publish = true }
        let created = try await host.proxy(TaskActor.self, "t-broker").create(.init(userID: Self.userID, draft: TaskDraft(title: "Broker down")))
        #expect(created.id == "t-broker")
        #expect(try await user.listTasks(.init()).items.map(\.id) == ["t-broker"])
        #expect(sidecar.state(taskActor("t-broker"), "task") != nil, "the indexed task exists")
        #expect(sidecar.published.isEmpty)

        // The state store refuses: the create fails with the store's error (not a decoding
        // error of some reply), and neither the task nor an index entry exists.
        sidecar.failing.withLock { $0.save = true }
        let error = await #expect(throws: SidecarUnavailable.self) {
            _ = try await host.proxy(TaskActor.self, "t-store").create(.init(userID: Self.userID, draft: TaskDraft(title: "Store down")))
        }
        #expect(error?.what == "state store")
        sidecar.failing.withLock { $0 = .init() }
        #expect(sidecar.state(taskActor("t-store"), "task") == nil)
        #expect(try await user.listTasks(.init()).items.map(\.id) == ["t-broker"], "no phantom entry")

        // The broker back: the user's turn just made sent its saved update (and disarmed its
        // drain reminder); the task's drain reminder sends the event. Each once, one id.
        #expect(sidecar.reminderRecord(ActorAddress(type: UserActor.actorType, id: Self.userID), SidecarOutbox.drainReminder) == nil)
        try await sidecar.deliver(taskActor("t-broker"), SidecarOutbox.drainReminder)
        #expect(sidecar.reminderRecord(taskActor("t-broker"), SidecarOutbox.drainReminder) == nil)
        let events = sidecar.published.filter { $0.event.topic == Topics.taskEvents }
        let updates = sidecar.published.filter { $0.event.topic == Topics.taskUpdates }
        #expect(events.count == 1 && updates.count == 1)
        let eventID = try events.first.map { try $0.event.decodeData(TaskUpdateRouting.self).id }
        let updateID = try updates.first.map { try $0.event.decodeData(TaskUpdateRouting.self).id }
        #expect(eventID != nil && eventID == updateID, "the update names the change by its event id")
        #expect(try events.allSatisfy { try $0.event.decodeData(TaskUpdateRouting.self).taskId == "t-broker" })
        #expect(try updates.allSatisfy { try $0.event.decodeData(TaskUpdateRouting.self).taskId == "t-broker" })
    }
}
