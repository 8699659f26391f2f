import ActorRuntime
import ActorRuntimeTesting
import DaprHost
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Golden tests of the routes daprd calls on the app, from `shared/dapr-protocol-notes.md`.
@Suite struct DaprAppRouteTests {
    let sidecar = RecordingSidecar()
    let host: SidecarActorHost

    init() {
        host = SidecarActorHost(configuration: .init(appID: "tasks-service", idleTimeout: .seconds(3600), drainOngoingCallTimeout: .seconds(60)), sidecar: sidecar)
        host.register(DemoActor.self)
        host.register(CounterActor.self, options: ActorTypeOptions(idleTimeout: .seconds(90), reentrancy: ReentrancyConfiguration(enabled: true, maxStackDepth: 8)))
    }

    func app(token: String? = nil, subscriptions: [Subscription] = []) -> some ApplicationProtocol {
        let router = Router()
        router.get("/healthz") { _, _ in HTTPResponse.Status.ok }
        DaprAppRoutes(actors: host, subscriptions: subscriptions, appToken: token).add(to: router)
        return Application(router: router)
    }

    static func json(_ buffer: ByteBuffer) throws -> JSONValue {
        try JSONValue(json: Data(buffer.readableBytesView))
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func configListsEveryTypeAndRepeatsEveryFieldPerType() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/dapr/config", method: .get) { response throws in
                #expect(response.status == .ok)
                let config = try Self.json(response.body)
                #expect(config["entities"] == .array([.string("CounterActor"), .string("DemoActor")]))
                #expect(config["actorIdleTimeout"] == .string("1h0m0s"))
                #expect(config["drainOngoingCallTimeout"] == .string("0h1m0s"))
                #expect(config["drainRebalancedActors"] == .bool(true))
                #expect(config["reentrancy"] == .object(["enabled": .bool(false), "maxStackDepth": .int(32)]))
                guard case .array(let entries) = config["entitiesConfig"] else {
                    Issue.record("entitiesConfig missing")
                    return
                }
                #expect(entries.count == 2)
                let counter = try #require(entries.first { $0["entities"] == .array([.string("CounterActor")]) })
                #expect(counter["actorIdleTimeout"] == .string("0h1m30s"))
                #expect(counter["reentrancy"] == .object(["enabled": .bool(true), "maxStackDepth": .int(8)]))
                // No inheritance in daprd: the global fields are repeated.
                #expect(counter["drainOngoingCallTimeout"] == .string("0h1m0s"))
                #expect(counter["drainRebalancedActors"] == .bool(true))
            }
        }
    }

    @Test func methodCallsAnswerExactly200AndSaveStateAtTheEndOfTheTurn() async throws {
        let actor = ActorAddress(type: "DemoActor", id: "d1")
        try await app().test(.router) { client in
            for method in [HTTPRequest.Method.put, .post] {
                try await client.execute(uri: "/actors/DemoActor/d1/method/SetMyData", method: method, body: Self.body(#"{"a":1}"#)) { response throws in
                    #expect(response.status == .ok)
                    // A method without a result answers an empty body, like the .NET SDK.
                    #expect(response.body.readableBytes == 0)
                }
            }
            try await client.execute(uri: "/actors/DemoActor/d1/method/GetMyData", method: .put) { response throws in
                #expect(response.status == .ok)
                #expect(try Self.json(response.body) == .object(["a": .int(1)]))
            }
        }
        #expect(sidecar.stateJSON(actor, "mydata") == #"{"a":1}"#)
        let saves = sidecar.recorded.withLock { $0.saves }
        #expect(saves.count == 2, "one transaction per state-changing turn, none for reads")
        #expect(saves.first?.1 == [.upsert(key: "mydata", json: Data(#"{"a":1}"#.utf8))])
    }

    @Test func unknownMethodsAndTypesAre404() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/actors/DemoActor/d1/method/Nope", method: .put) { response throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try Self.json(response.body)["detail"] == .string("actor type 'DemoActor' has no method 'Nope'"))
            }
            try await client.execute(uri: "/actors/Ghost/g/method/Get", method: .put) { response throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func actorErrorsAre200WithTheDaprErrorHeaderAndProblemDetails() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/actors/CounterActor/c1/method/incrementThenFail", method: .put, body: Self.body("5")) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-DaprErrorResponseHeader")!] != nil)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try Self.json(response.body)
                #expect(problem["status"] == .int(409))
                #expect(problem["detail"] == .string("failing on purpose after changing state"))
            }
            try await client.execute(uri: "/actors/CounterActor/c1/method/increment", method: .put, body: Self.body(#""five""#)) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-DaprErrorResponseHeader")!] != nil)
                #expect(try Self.json(response.body)["status"] == .int(400))
            }
        }
        // The failed turn saved nothing.
        #expect(sidecar.recorded.withLock { $0.saves.isEmpty })
    }

    @Test func remindersAndTimersDispatchByTheNameInTheURL() async throws {
        let demo = ActorAddress(type: "DemoActor", id: "d2")
        try await app().test(.router) { client in
            // A reminder whose name contains "/", with the Scheduler's empty dueTime and period.
            try await client.execute(uri: "/actors/DemoActor/d2/method/remind/daily/09:00", method: .put, body: Self.body(#"{"data":"x","dueTime":"","period":""}"#)) { response throws in
                #expect(response.status == .ok)
            }
            #expect(sidecar.stateJSON(demo, "reminder_fired") == #""daily\/09:00""# || sidecar.stateJSON(demo, "reminder_fired") == #""daily/09:00""#)

            // Register the timer through a method, then fire it with an empty callback: the
            // host still knows it calls TimerCallback.
            try await client.execute(uri: "/actors/DemoActor/d2/method/SetTimer", method: .put, body: Self.body("true")) { response throws in
                #expect(response.status == .ok)
            }
            let timer = try #require(sidecar.recorded.withLock { $0.timers["DemoActor/d2/demo_timer"] })
            #expect(timer.callback == "TimerCallback")
            try await client.execute(uri: "/actors/DemoActor/d2/method/timer/demo_timer", method: .put, body: Self.body(#"{"callback":"","data":{"timer":"state"},"dueTime":"","period":""}"#)) { response throws in
                #expect(response.status == .ok)
            }
            #expect(sidecar.stateJSON(demo, "timer_fired") == #"{"timer":"state"}"#)

            try await client.execute(uri: "/actors/DemoActor/d2", method: .delete) { response throws in
                #expect(response.status == .ok)
            }
            #expect(host.activeActorCounts()["DemoActor"] == nil)
            // Deactivating an actor that is not active is fine too.
            try await client.execute(uri: "/actors/DemoActor/never", method: .delete) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theAppTokenGuardsEveryRouteButHealthz() async throws {
        try await app(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            for (uri, method) in [("/dapr/config", HTTPRequest.Method.get), ("/dapr/subscribe", .get), ("/actors/DemoActor/d/method/GetMyData", .put), ("/actors/DemoActor/d", .delete), ("/events/t", .post)] {
                try await client.execute(uri: uri, method: method) { response throws in
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                }
                try await client.execute(uri: uri, method: method, headers: [HTTPField.Name("dapr-api-token")!: "wrong"]) { response throws in
                    #expect(response.status == .unauthorized, "\(method) \(uri) with a wrong token")
                }
            }
            try await client.execute(uri: "/dapr/config", method: .get, headers: [HTTPField.Name("dapr-api-token")!: "s3cret"]) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func subscriptionsAreAdvertisedAndAnswerLikeDaprSubscribers() async throws {
        let seen = Mutex<[String]>([])
        let subscriptions = [
            Subscription(topic: "task-events", consumer: "audit-service", deadLetterTopic: "task-events-dead") { event in
                seen.withLock { $0.append(event.id) }
                return event.data["fail"] == .bool(true) ? .retry : .success
            },
            Subscription(topic: "reminders", consumer: "notification-service") { _ in
                struct Boom: Error {}
                throw Boom()
            },
        ]
        try await app(subscriptions: subscriptions).test(.router) { client in
            try await client.execute(uri: "/dapr/subscribe", method: .get) { response throws in
                #expect(try Self.json(response.body) == .array([
                    .object(["pubsubname": .string("pubsub"), "topic": .string("task-events"), "routes": .object(["default": .string("/events/task-events")]), "deadLetterTopic": .string("task-events-dead")]),
                    .object(["pubsubname": .string("pubsub"), "topic": .string("reminders"), "routes": .object(["default": .string("/events/reminders")])]),
                ]))
            }
            let event = #"{"specversion":"1.0","id":"e1","source":"tasks-service","type":"com.dapr.event.sent","datacontenttype":"application/json","data":{"x":1},"topic":"task-events","pubsubname":"pubsub"}"#
            try await client.execute(uri: "/events/task-events", method: .post, body: Self.body(event)) { response throws in
                #expect(response.status == .ok)
                #expect(try Self.json(response.body) == .object(["status": .string("SUCCESS")]))
            }
            let failing = event.replacingOccurrences(of: #"{"x":1}"#, with: #"{"fail":true}"#)
            try await client.execute(uri: "/events/task-events", method: .post, body: Self.body(failing)) { response throws in
                #expect(try Self.json(response.body) == .object(["status": .string("RETRY")]))
            }
            try await client.execute(uri: "/events/reminders", method: .post, body: Self.body(event)) { response throws in
                // A thrown error asks for redelivery.
                let answer = try Self.json(response.body)
                #expect(answer == .object(["status": .string("RETRY")]))
            }
            try await client.execute(uri: "/events/task-events", method: .post, body: Self.body("not json")) { response throws in
                // An undecodable event can never succeed.
                let answer = try Self.json(response.body)
                #expect(answer == .object(["status": .string("DROP")]))
            }
            try await client.execute(uri: "/events/unknown", method: .post, body: Self.body(event)) { response throws in
                #expect(response.status == .notFound)
            }
        }
        #expect(seen.withLock { $0 } == ["e1", "e1"])
    }
}
