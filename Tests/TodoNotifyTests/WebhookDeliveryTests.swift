import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Testing
import TodoEvents
@testable import TodoNotify

/// Webhook delivery on the real clock against a real HTTP receiver on loopback that fails
/// the first attempts: retried with backoff until it succeeds, same delivery id on every
/// attempt, each attempt signed with a fresh timestamp.
@Suite struct WebhookDeliveryTests {
    static let secret = "whsec-loopback-test-secret-42"

    @Test func aReceiverThatFailsTwiceGetsTheSameDeliveryThreeTimesThenItIsDelivered() async throws {
        let world = try await NotifyWorld.make(clock: SystemWallClock(), retry: RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(200), maxBackoff: .seconds(2)))
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: 2)
        try await receiver.run { url in
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: url, secret: Self.secret)))
            let event = world.reminder(at: Date())
            try await world.publish(event)
            #expect(try await eventually { try await world.log().first?.status == .delivered })
            let hits = receiver.hits.all
            try #require(hits.count == 3)
            #expect(Set(hits.map(\.deliveryID)) == ["\(event.id).webhook"])
            #expect(hits.map(\.attempt) == ["1", "2", "3"])
            for hit in hits {
                #expect(WebhookSignature.verify(header: hit.signature, body: hit.body, timestamp: hit.timestamp, secret: Self.secret))
                #expect(!WebhookSignature.verify(header: hit.signature, body: hit.body, timestamp: hit.timestamp, secret: "another-secret-entirely"))
                var tampered = hit.body
                tampered[tampered.startIndex] = UInt8(ascii: " ")
                #expect(!WebhookSignature.verify(header: hit.signature, body: tampered, timestamp: hit.timestamp, secret: Self.secret))
            }
            // The body: the notification, with RFC 3339 times.
            let body = try JSONSerialization.jsonObject(with: hits[2].body) as? [String: Any]
            #expect(body?["schema"] as? String == "notifications/v1")
            #expect(body?["id"] as? String == "\(event.id).webhook")
            #expect(body?["type"] as? String == "reminder")
            #expect(body?["userId"] as? String == world.userID)
            let reminder = body?["reminder"] as? [String: Any]
            #expect(reminder?["title"] as? String == "Call the dentist")
            #expect((reminder?["remindAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil)

            let record = try #require(try await world.log().first)
            #expect(record.attempts == 3)
            #expect(record.deliveredAt != nil)
            #expect(record.lastError == nil)
            // Nothing after success.
            try await Task.sleep(for: .seconds(1))
            #expect(receiver.hits.all.count == 3)
        }
    }

    @Test func signaturesFollowTheDocumentedScheme() {
        let body = Data(#"{"id":"x"}"#.utf8)
        // HMAC-SHA256(key "secret", "1700000000.{"id":"x"}"), as `openssl dgst -sha256 -hmac secret` computes it.
        let header = WebhookSignature.sign(body: body, timestamp: 1_700_000_000, secret: "secret")
        #expect(header.hasPrefix("v1="))
        #expect(header.count == 3 + 64)
        let now = Date(timeIntervalSince1970: 1_700_000_100)
        #expect(WebhookSignature.verify(header: header, body: body, timestamp: "1700000000", secret: "secret", now: now))
        #expect(WebhookSignature.verify(header: "v1=00, \(header)", body: body, timestamp: "1700000000", secret: "secret", now: now))
        #expect(!WebhookSignature.verify(header: header, body: body, timestamp: "1700000001", secret: "secret", now: now))
        // Too old: a replay.
        #expect(!WebhookSignature.verify(header: header, body: body, timestamp: "1700000000", secret: "secret", now: now.addingTimeInterval(3600)))
    }
}
