import ActorRuntime
import DaprHost
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TodoAudit
import TodoActors
import TodoEvents
import TodoModel

/// The same subscription on both transports: the in-process event bus of `todo serve`, and
/// the Dapr app routes (`/dapr/subscribe`, `POST /events/task-events`).
@Suite struct AuditDeliveryTests {
    @Test func theSubscriptionIsTaskEventsWithItsDeadLetterTopic() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let subscriptions = harness.service.subscriptions()
            #expect(subscriptions.map(\.topic) == ["task-events"])
            #expect(subscriptions.map(\.consumer) == ["audit-service"])
            #expect(subscriptions.map(\.deadLetterTopic) == ["task-events-deadletter"])
        }
    }

    @Test func theInProcessBusDeliversEachEventOnceEvenWhenPublishedTwice() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let host = EmbeddedActorHost(configuration: .init(appID: "todo-test"), store: MemoryStateStore())
            for subscription in harness.service.subscriptions() { host.bus.subscribe(subscription) }
            try await host.start()
            let events = (0..<20).map { AuditFixtures.event(.updated, id: "bus-\($0)", taskID: "t-\($0 % 3)", owner: "alice", version: $0 + 1, at: AuditFixtures.at(seconds: Double($0))) }
            for event in events + events {
                try await host.publish(event, topic: Topics.taskEvents, partitionKey: event.userId)
            }
            try await harness.waitUntil("20 records are stored") { try await harness.ids().count == 20 }
            // Let the duplicates drain too, then check nothing was doubled.
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await harness.ids() == events.map(\.id))
            await host.shutdown()
        }
    }

    @Test func taskActorChangesBecomeTheTaskHistory() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let host = EmbeddedActorHost(configuration: .init(appID: "todo-test"), store: MemoryStateStore())
            TasksServiceActors.register(on: host)
            for subscription in harness.service.subscriptions() { host.bus.subscribe(subscription) }
            try await host.start()
            let user = "u-\(UUID().uuidString.prefix(8))"
            _ = try await host.proxy(UserActor.self, user).register(UserProfile(id: user, email: "\(user)@example.com", timeZone: "Europe/Berlin", createdAt: Date()))
            let task = host.proxy(TaskActor.self, "t-audit")
            _ = try await task.create(.init(userID: user, draft: TaskDraft(title: "Renew passport")))
            _ = try await task.complete(.init(userID: user))
            _ = try await task.reopen(.init(userID: user))

            try await harness.waitUntil("three records are stored") { try await harness.ids(of: user).count == 3 }
            let records = try await harness.store.query(userID: user, taskID: "t-audit", limit: 10).records
            #expect(records.map(\.type) == [.created, .completed, .reopened])
            #expect(records.map(\.version) == [1, 2, 3])
            #expect(records.map(\.status) == ["open", "completed", "open"])
            #expect(records.allSatisfy { $0.title == "Renew passport" && $0.taskID == "t-audit" })
            await host.shutdown()
        }
    }

    @Test func daprDeliversToTheSameSubscription() async throws {
        try await AuditHarness.withRunning { (harness: AuditHarness) async throws in
            let router = Router()
            DaprAppRoutes(actors: nil, subscriptions: harness.service.subscriptions()).add(to: router)
            let app = Application(router: router)
            try await app.test(.router) { client in
                let listing = try await client.execute(uri: "/dapr/subscribe", method: .get) { response in
                    try JSONValue(json: Data(response.body.readableBytesView))
                }
                #expect(listing == .array([.object([
                    "pubsubname": .string("pubsub"),
                    "topic": .string("task-events"),
                    "routes": .object(["default": .string("/events/task-events")]),
                    "deadLetterTopic": .string("task-events-deadletter"),
                ])]))

                func deliver(_ body: Data) async throws -> JSONValue {
                    try await client.execute(uri: "/events/task-events", method: .post, headers: [.contentType: "application/cloudevents+json"], body: ByteBuffer(bytes: body)) { response in
                        #expect(response.status == .ok)
                        return try JSONValue(json: Data(response.body.readableBytesView))
                    }
                }
                let event = try AuditFixtures.cloudEvent(AuditFixtures.event(.completed, id: "via-dapr", taskID: "t-1", owner: "alice", at: AuditFixtures.monday))
                let body = try JSONEncoder().encode(event)
                #expect(try await deliver(body) == .object(["status": .string("SUCCESS")]))
                // Kafka redelivers at least once: the second copy is a success that stores nothing.
                #expect(try await deliver(body) == .object(["status": .string("SUCCESS")]))
                #expect(try await harness.ids() == ["via-dapr"])

                let junk = CloudEvent(source: "x", topic: "task-events", pubsubName: "pubsub", data: .object(["hello": .string("world")]))
                #expect(try await deliver(try JSONEncoder().encode(junk)) == .object(["status": .string("DROP")]))
            }
        }
    }
}
