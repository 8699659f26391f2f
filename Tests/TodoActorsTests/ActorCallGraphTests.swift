import ActorRuntime
import Foundation
import Synchronization
import Testing
import TodoActors
import TodoEvents
import TodoModel

/// The actors call each other only one way: the calls a representative workload makes
/// (create, update and complete a recurring task with a reminder, a chat that adds and
/// lists) form a DAG of actor types. A cycle would let two turns wait on each other (or
/// fail as disallowed reentrancy) under load.
@Suite struct ActorCallGraphTests {
    final class Recorder: Sendable {
        let calls = Mutex<Set<ActorCallObserver.Call>>([])

        /// Caller type → callee types.
        var edges: [String: Set<String>] {
            calls.withLock { calls in
                calls.reduce(into: [:]) { $0[$1.caller.type, default: []].insert($1.callee.type) }
            }
        }

        var described: [String] {
            calls.withLock { calls in Set(calls.map { "\($0.caller.type) -> \($0.callee.type).\($0.method)" }).sorted() }
        }
    }

    /// A cycle among `edges` as a path (first node repeated at the end), or nil.
    static func cycle(in edges: [String: Set<String>]) -> [String]? {
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        var path: [String] = []
        // Depth is bounded by the number of actor types (a handful), not by input.
        func visit(_ node: String) -> [String]? {
            if let done = state[node] {
                return done ? nil : Array(path[path.firstIndex(of: node)!...]) + [node]
            }
            state[node] = false
            path.append(node)
            for next in (edges[node] ?? []).sorted() {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[node] = true
            return nil
        }
        for node in edges.keys.sorted() {
            if let found = visit(node) { return found }
        }
        return nil
    }

    @Test func aCycleIsFound() {
        #expect(Self.cycle(in: ["A": ["B"], "B": ["C"], "C": ["A"]]) == ["A", "B", "C", "A"])
        #expect(Self.cycle(in: ["A": ["B", "C"], "B": ["C"]]) == nil)
        #expect(Self.cycle(in: ["A": ["A"]]) == ["A", "A"])
    }

    @Test func theWorkloadsCallsFormADAG() async throws {
        let recorder = Recorder()
        var configuration = EmbeddedActorHost.Configuration(appID: "test")
        configuration.callObserver = ActorCallObserver { call in _ = recorder.calls.withLock { $0.insert(call) } }
        let world = try await SeriesWorld.make(configuration: configuration)

        // A daily task with a reminder: created, renamed, completed (the series materialises
        // the next occurrence); a one-off task whose reminder fires.
        let task = try await world.create(TaskDraft(
            title: "Water the plants", due: try TaskDue(parsing: "2026-11-26T09:00"), timeZone: "Europe/Berlin",
            reminders: [TaskReminder(id: "r1", minutesBefore: 60)], recurrence: TaskRecurrence(rrule: "FREQ=DAILY")
        ))
        _ = try await task.update(.init(userID: world.userID, patch: TaskPatch(title: "Water the plants and the herbs")))
        let (_, next) = try await world.complete(task)
        #expect(next != nil, "the series made the next occurrence")
        _ = try await world.create(TaskDraft(title: "Dentist", due: try TaskDue(parsing: "2026-11-26T15:00"), timeZone: "UTC", reminders: [TaskReminder(id: "r", minutesBefore: 30)]))
        try await world.advance(to: TaskReminderTests.date("2026-11-26T14:31:00Z"))
        for _ in 0..<50 where world.reminders().isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(world.reminders().contains { $0.title == "Dentist" }, "the reminder fired")

        // The chat adds a task and lists the open ones.
        let conversation = world.host.proxy(ConversationActor.self, "c-\(UUID().uuidString.prefix(8))")
        _ = try await conversation.chat(ChatRequest(userID: world.userID, message: "buy bread tomorrow", isNew: true))
        _ = try await conversation.chat(ChatRequest(userID: world.userID, message: "show my open tasks", isNew: false))
        try await world.settle()

        print("actor call edges (\(recorder.described.count)):\n" + recorder.described.joined(separator: "\n"))
        let edges = recorder.edges
        #expect(edges["ConversationActor"]?.contains("TaskActor") == true, "the chat created its task through TaskActor")
        #expect(edges["ConversationActor"]?.contains("UserActor") == true, "the chat read the user's zone and list")
        #expect(!edges.isEmpty)
        let cycle = Self.cycle(in: edges)
        #expect(cycle == nil, "actor calls go round: \(cycle?.joined(separator: " -> ") ?? "")")
        await world.host.shutdown()
    }
}
