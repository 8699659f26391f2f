import ActorRuntime
import ActorRuntimeTesting
import ActorStoreSQLite
import Foundation
import Testing
import TodoEvents
@testable import TodoNotify

/// Held deliveries and retry schedules are durable: the process stops (the host shuts down
/// over a SQLite file) and a new one on the same file carries on, delivering once.
@Suite struct NotificationRestartTests {
    static let lateEvening = NotificationActorTests.lateEvening
    static let quietEnd = NotificationActorTests.quietEnd

    @Test func aHeldDeliveryIsReleasedOnceByTheNextProcess() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = ManualClock(now: Self.lateEvening)
        let retry = RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(5), maxBackoff: .seconds(5))
        let receiver = WebhookReceiver(failures: 1)
        try await receiver.run { url in
            let first = try await NotifyWorld.make(clock: clock, retry: retry, store: try SQLiteActorStateStore(path: path))
            _ = try await first.actor.setPreferences(PreferencesInput(
                channels: .init(inApp: true, webhook: true), webhook: .init(url: url, secret: NotificationActorTests.secret),
                quietHours: .init(start: "22:00", end: "07:00")
            ))
            let event = first.reminder(at: Self.lateEvening)
            try await first.publish(event)
            #expect(try await eventually {
                let log = try await first.log()
                return log.count == 2 && log.allSatisfy { $0.status == .held }
            })
            await first.close()

            // Down through the end of the quiet hours.
            clock.advance(to: Self.quietEnd.addingTimeInterval(120))
            let second = try await NotifyWorld.make(clock: clock, retry: retry, store: try SQLiteActorStateStore(path: path), userID: first.userID)
            defer { Task { await second.close() } }
            #expect(await eventually { second.inApp.all.count == 1 && receiver.hits.all.count == 1 })
            // The webhook's first attempt failed; its retry is an actor reminder 5 s later.
            #expect(try await eventually { try await second.log().first { $0.channel == .webhook }?.status == .retrying })
            clock.advance(by: .seconds(6))
            #expect(try await eventually { try await second.log().allSatisfy { $0.status == .delivered } })
            #expect(receiver.hits.all.count == 2)
            #expect(Set(receiver.hits.all.map(\.deliveryID)) == ["\(event.id).webhook"])

            // The same occurrence redelivered after the restart: nothing new.
            try await second.publish(event)
            clock.advance(by: .seconds(60))
            try await Task.sleep(for: .milliseconds(300))
            #expect(second.inApp.all.count == 1)
            #expect(receiver.hits.all.count == 2)
            #expect(try await second.log().count == 2)
        }
    }
}
