import ActorRuntime
import ActorRuntimeTesting
import Foundation
import NIOWebSocket
import Testing
import TodoHTTP
import TodoLive
import HummingbirdWebSocket

@Suite("websocket-service")
struct LiveTests {
    static var quickAuth: LiveConfiguration {
        var configuration = LiveConfiguration()
        configuration.authTimeout = .milliseconds(500)
        return configuration
    }

    @Test("no token, a bad header token, or a bad auth message: closed with 4401 and a reason, never subscribed")
    func refusesUnauthenticated() async throws {
        try await LiveHarness.run(Self.quickAuth) { live in
            let silent = try await live.connect(nil)
            #expect(await silent.waitUntilFinished())
            #expect(silent.closeFrame?.closeCode == WebSocketErrorCode(codeNumber: 4401))
            #expect(silent.closeFrame?.reason?.contains("authentication required") == true)
            #expect(silent.control("ready").isEmpty)
        }
        // The default auth timeout, so a loaded machine cannot turn a bad message into a timeout.
        try await LiveHarness.run { live in
            let badHeader = try await live.connect(nil, headerToken: "not-a-jwt", awaitReady: false)
            let otherKey = await AccessTokenIssuer(secret: Array(repeating: 9, count: 32))
            let forged = try await live.connect(nil, headerToken: try await otherKey.issue(userID: "alice").token, awaitReady: false)
            let badMessage = try await live.connect(nil)
            badMessage.send(#"{"type":"auth","token":"eyJhbGciOiJIUzI1NiJ9.e30.bad"}"#)
            for client in [badHeader, forged, badMessage] {
                #expect(await client.waitUntilFinished())
                #expect(client.closeFrame?.closeCode == WebSocketErrorCode(codeNumber: 4401))
                #expect(client.closeFrame?.reason?.contains("invalid or expired access token") == true)
                #expect(client.control("ready").isEmpty)
            }
            try live.deliver(id: "e1", userID: "alice")
            #expect(live.service.socketCount == 0)
        }
    }

    @Test("a socket is closed with 4401 when its access token expires")
    func closesWhenTheTokenExpires() async throws {
        try await LiveHarness.run { live in
            // The harness's secret, with a lifetime of four seconds (margin for the connect and the
            // first update on a loaded machine).
            let shortLived = await AccessTokenIssuer(secret: Array(repeating: 7, count: 32), lifetime: .seconds(4))
            let client = try await live.connect(nil, headerToken: try await shortLived.issue(userID: "alice").token)
            try live.deliver(id: "e1", userID: "alice")
            #expect(await client.waitForUpdates(1))
            #expect(await client.waitUntilFinished())
            #expect(client.closeFrame?.closeCode == WebSocketErrorCode(codeNumber: 4401))
            #expect(client.closeFrame?.reason?.contains("expired") == true)
            #expect(live.service.socketCount(userID: "alice") == 0)
        }
    }

    @Test("a user's updates reach that user's socket and nobody else's; auth by first message works")
    func isolatesUsers() async throws {
        try await LiveHarness.run { live in
            let alice = try await live.connect("alice")
            let bob = try await live.connect(nil)
            bob.send(#"{"type":"auth","token":"\#(try await live.token("bob"))"}"#)
            #expect(await bob.waitForReady())
            #expect(bob.control("ready").first?["userId"] as? String == "bob")

            for index in 1...5 { try live.deliver(id: "a\(index)", userID: "alice") }
            try live.deliver(id: "b1", userID: "bob", type: "reminder")
            #expect(await alice.waitForUpdates(5))
            #expect(await bob.waitForUpdates(1))
            // A last update for each, delivered after everything else, proves nothing else is in flight.
            try live.deliver(id: "a6", userID: "alice")
            try live.deliver(id: "b2", userID: "bob")
            #expect(await alice.waitForUpdates(6))
            #expect(await bob.waitForUpdates(2))
            #expect(alice.updateIDs == ["a1", "a2", "a3", "a4", "a5", "a6"])
            #expect(bob.updateIDs == ["b1", "b2"])
            // The payload arrives as published, reminder type included.
            #expect(bob.objects.first { $0["id"] as? String == "b1" }?["type"] as? String == "reminder")
            #expect(bob.objects.first { $0["id"] as? String == "b1" }?["taskId"] as? String == "task-b1")
            await alice.close()
            await bob.close()
        }
    }

    @Test("every socket of a user gets every update exactly once, redeliveries included")
    func fansOutExactlyOnce() async throws {
        try await LiveHarness.run { live in
            var sockets: [LiveTestClient] = []
            for _ in 0..<3 { sockets.append(try await live.connect("alice")) }
            #expect(live.service.socketCount(userID: "alice") == 3)
            let ids = (1...20).map { "e\($0)" }
            for id in ids {
                try live.deliver(id: id, userID: "alice")
                // At-least-once delivery: the same event again must not be sent again.
                #expect(try live.deliver(id: id, userID: "alice") == .success)
            }
            try live.deliver(id: "e3", userID: "alice")
            try live.deliver(id: "last", userID: "alice")
            for socket in sockets {
                #expect(await socket.waitForUpdates(21))
                #expect(socket.updateIDs == ids + ["last"])
            }
            for socket in sockets { await socket.close() }
            #expect(await eventually { live.service.socketCount(userID: "alice") == 0 })
        }
    }

    @Test("resume after a reconnect from the last id (query or auth message), a reset when it is gone, and a resume message fills the gap once")
    func resumesAfterReconnect() async throws {
        var configuration = LiveConfiguration()
        configuration.bufferSize = 8
        try await LiveHarness.run(configuration) { live in
            let first = try await live.connect("alice")
            for index in 1...3 { try live.deliver(id: "e\(index)", userID: "alice") }
            #expect(await first.waitForUpdates(3))
            await first.close()
            // Missed while disconnected.
            for index in 4...6 { try live.deliver(id: "e\(index)", userID: "alice") }

            let again = try await live.connect("alice", query: "?after=e3")
            #expect(again.control("ready").first?["resumed"] as? Int == 3)
            try live.deliver(id: "e7", userID: "alice")
            #expect(await again.waitForUpdates(4))
            #expect(again.updateIDs == ["e4", "e5", "e6", "e7"])

            let byMessage = try await live.connect(nil)
            byMessage.send(#"{"type":"auth","token":"\#(try await live.token("alice"))","after":"e5"}"#)
            #expect(await byMessage.waitForUpdates(2))
            #expect(byMessage.updateIDs == ["e6", "e7"])

            // "e0" was never buffered: reset, then live updates.
            let stale = try await live.connect("alice", query: "?after=e0")
            #expect(await eventually { !stale.control("reset").isEmpty })
            #expect(stale.control("reset").first?["after"] as? String == "e0")
            #expect(stale.updateIDs.isEmpty)

            // Subscribed live after e7; a resume message asks for what came before, once.
            let live2 = try await live.connect("alice")
            live2.send(#"{"type":"resume","after":"e5"}"#)
            #expect(await live2.waitForUpdates(2))
            live2.send(#"{"type":"resume","after":"e5"}"#)
            live2.send(#"{"type":"ping"}"#)
            #expect(await eventually { !live2.control("pong").isEmpty })
            try live.deliver(id: "e8", userID: "alice")
            #expect(await live2.waitForUpdates(3))
            #expect(live2.updateIDs == ["e6", "e7", "e8"])
            #expect(await stale.waitForUpdates(1))
            #expect(stale.updateIDs == ["e8"])

            // Past the buffer size the oldest are gone.
            for index in 9...20 { try live.deliver(id: "e\(index)", userID: "alice") }
            let late = try await live.connect("alice", query: "?after=e4")
            #expect(await eventually { late.control("reset").count == 1 })
            for client in [again, byMessage, stale, live2, late] { await client.close() }
        }
    }

    @Test("a client that stops reading is closed with 4429 and its queue freed; others are unaffected")
    func dropsSlowConsumers() async throws {
        var configuration = LiveConfiguration()
        configuration.queueLimit = 16
        configuration.heartbeatInterval = .seconds(120)
        configuration.closeGrace = .seconds(60)
        try await LiveHarness.run(configuration) { live in
            let slow = try await live.connect("alice", pauseReading: true)
            #expect(await eventually { live.service.socketCount(userID: "alice") == 1 })
            let bob = try await live.connect("bob")
            var sent = 0
            // 8 KB updates until the kernel's socket buffers are full and the queue overflows.
            while live.service.socketCount(userID: "alice") == 1, sent < 20_000 {
                sent += 1
                try live.deliver(id: "big\(sent)", userID: "alice", padding: 8_000)
                if sent % 16 == 0 { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(live.service.socketCount(userID: "alice") == 0)
            try live.deliver(id: "b1", userID: "bob")
            #expect(await bob.waitForUpdates(1))

            slow.resumeReading()
            #expect(await slow.waitUntilFinished())
            #expect(slow.closeFrame?.closeCode == WebSocketErrorCode(codeNumber: 4429))
            #expect(slow.closeFrame?.reason?.contains("too slow") == true)
            // It got a prefix of the updates, in order, and then nothing but the close.
            let received = slow.updateIDs
            #expect(received.count < sent)
            #expect(received == (0..<received.count).map { "big\($0 + 1)" })
            await bob.close()
        }
    }

    @Test("heartbeats: a socket that does not answer pings is closed; one that does stays open")
    func closesSilentSockets() async throws {
        var configuration = LiveConfiguration()
        // Long enough that a loaded CI machine still answers in time.
        configuration.heartbeatInterval = .seconds(1)
        try await LiveHarness.run(configuration) { live in
            let silent = try await live.connect("alice", pauseReading: true)
            let answering = try await live.connect("bob")
            #expect(await eventually { live.service.socketCount(userID: "alice") == 1 })
            #expect(await eventually { live.service.socketCount(userID: "alice") == 0 })
            // Five ping periods later the answering socket still gets updates.
            try await Task.sleep(for: .seconds(5))
            #expect(live.service.socketCount(userID: "bob") == 1)
            try live.deliver(id: "b1", userID: "bob")
            #expect(await answering.waitForUpdates(1))
            silent.resumeReading()
            #expect(await silent.waitUntilFinished())
            await answering.close()
        }
    }

    @Test("payloads without userId or id are dropped, not retried")
    func dropsUnroutablePayloads() async throws {
        try await LiveHarness.run { live in
            let missingUser = CloudEvent(source: "test", topic: "task-updates", pubsubName: "pubsub", data: .object(["id": .string("x")]))
            #expect(live.service.deliver(missingUser) == .drop)
            let notAnObject = CloudEvent(source: "test", topic: "task-updates", pubsubName: "pubsub", data: .string("hello"))
            #expect(live.service.deliver(notAnObject) == .drop)
        }
    }

    @Test("configuration from the environment rejects nonsense")
    func configurationFromEnvironment() throws {
        let configuration = try LiveConfiguration.fromEnvironment(["TODO_WS_HEARTBEAT_SECONDS": "2.5", "TODO_WS_QUEUE_LIMIT": "64"])
        #expect(configuration.heartbeatInterval == .milliseconds(2_500))
        #expect(configuration.queueLimit == 64)
        #expect(throws: LiveConfigurationError.self) { try LiveConfiguration.fromEnvironment(["TODO_WS_BUFFER_SIZE": "-1"]) }
        #expect(throws: LiveConfigurationError.self) { try LiveConfiguration.fromEnvironment(["TODO_WS_AUTH_TIMEOUT_SECONDS": "soon"]) }
    }
}
