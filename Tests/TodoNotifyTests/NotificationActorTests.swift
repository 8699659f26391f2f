import ActorRuntime
import ActorRuntimeTesting
import Foundation
import Testing
import TodoActors
import TodoEvents
@testable import TodoNotify

/// NotificationActor on the embedded host with a manual clock: quiet hours hold deliveries
/// until they end, duplicates deliver nothing, failed webhook attempts back off
/// exponentially and dead-letter after the retry budget.
@Suite struct NotificationActorTests {
    /// 2026-11-25T22:30:00Z = 23:30 in Berlin (CET, UTC+1).
    static let lateEvening = Date(timeIntervalSince1970: 1_795_645_800)
    /// 2026-11-26T06:00:00Z = 07:00 in Berlin.
    static let quietEnd = Date(timeIntervalSince1970: 1_795_672_800)

    static let secret = "s3cret-for-the-tests-0123456789"

    /// Lets the bus and the host run what became due.
    static func settle() async throws {
        try await Task.sleep(for: .milliseconds(200))
    }

    @Test func aReminderInsideQuietHoursIsHeldAndDeliveredOnceWhenTheyEnd() async throws {
        let clock = ManualClock(now: Self.lateEvening)
        let world = try await NotifyWorld.make(clock: clock, zone: "Europe/Berlin", retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), maxBackoff: .seconds(4)))
        defer { Task { await world.close() } }
        _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: true), quietHours: .init(start: "22:00", end: "07:00")))

        let event = world.reminder(at: Self.lateEvening)
        try await world.publish(event)
        #expect(try await eventually { try await world.log().first?.status == .held })
        let held = try #require(try await world.log().first)
        #expect(held.heldUntil == Self.quietEnd)
        #expect(held.channel == .inApp)
        try await Self.settle()
        #expect(world.inApp.all.isEmpty, "nothing reaches the user inside quiet hours")

        // A minute before the end: still held.
        clock.advance(to: Self.quietEnd.addingTimeInterval(-60))
        try await Self.settle()
        #expect(world.inApp.all.isEmpty)

        clock.advance(to: Self.quietEnd)
        #expect(await eventually { world.inApp.all.count == 1 })
        let message = try #require(world.inApp.all.first)
        #expect(message.schema == "task-updates/v1")
        #expect(message.type == "reminder")
        #expect(message.id == DeliveryRecord.id(event: event.id, channel: .inApp))
        #expect(message.userId == world.userID)
        #expect(message.taskId == "t-1")
        #expect(message.reminder.title == "Call the dentist")
        #expect(message.reminder.remindAt == "2026-11-25T22:30:00.000Z")
        #expect(message.occurredAt == "2026-11-25T22:30:00.000Z")
        #expect(try await eventually { try await world.log().first?.status == .delivered })

        // The same occurrence again after release (a redelivery): nothing more.
        try await world.publish(event)
        clock.advance(by: .seconds(3600))
        try await Self.settle()
        #expect(world.inApp.all.count == 1)
        #expect(try await world.log().count == 1)
    }

    @Test func outsideQuietHoursDeliveryIsImmediate() async throws {
        // 12:00 in Berlin.
        let noon = Date(timeIntervalSince1970: 1_795_604_400)
        let world = try await NotifyWorld.make(clock: ManualClock(now: noon), retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), maxBackoff: .seconds(4)))
        defer { Task { await world.close() } }
        _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: true), quietHours: .init(start: "22:00", end: "07:00")))
        try await world.publish(world.reminder(at: noon))
        #expect(await eventually { world.inApp.all.count == 1 })
        #expect(try await world.log().first?.status == .delivered)
    }

    @Test func duplicateDeliveriesOfOneOccurrenceDeliverOncePerChannel() async throws {
        let clock = ManualClock(now: Self.lateEvening)
        let world = try await NotifyWorld.make(clock: clock, retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), maxBackoff: .seconds(4)))
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: 0)
        try await receiver.run { url in
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: true, webhook: true), webhook: .init(url: url, secret: Self.secret)))
            let event = world.reminder(at: Self.lateEvening)
            // The bus delivers it three times (as Kafka may), and the actor is called directly too.
            try await world.publish(event)
            try await world.publish(event)
            try await world.publish(event)
            let again = try await world.actor.accept(event)
            #expect(await eventually { receiver.hits.all.count == 1 && world.inApp.all.count == 1 })
            try await Self.settle()
            #expect(again.duplicate || again.deliveries.count == 2)
            #expect(receiver.hits.all.count == 1)
            #expect(world.inApp.all.count == 1)
            let log = try await world.log()
            #expect(log.count == 2)
            #expect(Set(log.map(\.channel)) == [.inApp, .webhook])
            #expect(try await eventually { try await world.log().allSatisfy { $0.status == .delivered } })

            // Another occurrence of the same reminder (a later instant) is a new delivery.
            try await world.publish(world.reminder(at: Self.lateEvening.addingTimeInterval(86_400)))
            #expect(await eventually { receiver.hits.all.count == 2 && world.inApp.all.count == 2 })
        }
    }

    @Test func aFailingWebhookBacksOffExponentiallyAndIsDeadLetteredAfterItsBudget() async throws {
        let clock = ManualClock(now: Self.lateEvening)
        let retry = RetryPolicy(maxAttempts: 4, initialBackoff: .seconds(10), maxBackoff: .seconds(25))
        let world = try await NotifyWorld.make(clock: clock, retry: retry)
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: .max)
        try await receiver.run { url in
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: url, secret: Self.secret)))
            let event = world.reminder(at: Self.lateEvening)
            try await world.publish(event)

            for attempt in 1...3 {
                #expect(await eventually { receiver.hits.all.count == attempt })
                // Its outcome recorded (while an attempt is in flight the status is already retrying).
                #expect(try await eventually {
                    let record = try await world.log().first
                    return record?.status == .retrying && record?.settledAttempts == attempt
                })
                let record = try #require(try await world.log().first)
                #expect(record.attempts == attempt)
                #expect(record.lastError?.contains("503") == true)
                let wait = try #require(record.nextAttemptAt).timeIntervalSince(clock.now())
                // Jittered exponential: between half and all of 10 s × 2^(attempt-1), capped at 25 s.
                let full = min(10 * pow(2, Double(attempt - 1)), 25)
                #expect(wait >= full / 2 - 0.01 && wait <= full + 0.01, "wait \(wait) after attempt \(attempt)")

                // Not before its time.
                clock.advance(by: .seconds(wait * 0.4))
                try await Self.settle()
                #expect(receiver.hits.all.count == attempt)
                clock.advance(to: try #require(record.nextAttemptAt))
            }
            #expect(try await eventually { try await world.log().first?.status == .dead })
            let dead = try #require(try await world.log().first)
            #expect(dead.attempts == 4)
            #expect(receiver.hits.all.count == 4)
            #expect(dead.nextAttemptAt == nil)
            #expect(dead.lastError?.contains("503") == true)
            // Nothing more, however long we wait.
            clock.advance(by: .seconds(86_400))
            try await Self.settle()
            #expect(receiver.hits.all.count == 4)
            #expect(try await world.actor.deliveries(.init(status: .dead)).map(\.id) == [dead.id])

            // Every attempt: the same delivery id, attempts numbered, a valid signature.
            let hits = receiver.hits.all
            #expect(Set(hits.map(\.deliveryID)) == [DeliveryRecord.id(event: event.id, channel: .webhook)])
            #expect(hits.map(\.attempt) == ["1", "2", "3", "4"])
            for hit in hits {
                #expect(WebhookSignature.verify(header: hit.signature, body: hit.body, timestamp: hit.timestamp, secret: Self.secret))
            }
        }
    }

    @Test func anAnsweredAttemptTicketDeliveredAgainSendsNothing() async throws {
        let clock = ManualClock(now: Self.lateEvening)
        let world = try await NotifyWorld.make(clock: clock, retry: RetryPolicy(maxAttempts: 5, initialBackoff: .seconds(10), maxBackoff: .seconds(10)))
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: .max)
        try await receiver.run { url in
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: url, secret: Self.secret)))
            let event = world.reminder(at: Self.lateEvening)
            try await world.publish(event)
            #expect(try await eventually { try await world.log().first?.status == .retrying })
            let id = DeliveryRecord.id(event: event.id, channel: .webhook)
            // Kafka redelivers the first ticket after its failure was recorded.
            try await world.host.publish(NotificationActor.AttemptTicket(userId: world.userID, deliveryId: id, attempt: 1), topic: NotificationTopics.attempts, partitionKey: world.userID)
            try await Self.settle()
            #expect(receiver.hits.all.count == 1)
            let record = try #require(try await world.log().first)
            #expect(record.attempts == 1 && record.settledAttempts == 1 && record.status == .retrying)
        }
    }

    @Test func aTicketDeliveredAgainWhileItsAttemptRunsIsRefusedUntilTheAttemptDeadline() async throws {
        let clock = ManualClock(now: Self.lateEvening)
        let world = try await NotifyWorld.make(clock: clock, retry: RetryPolicy(maxAttempts: 5, initialBackoff: .seconds(10), maxBackoff: .seconds(10)))
        defer { Task { await world.close() } }
        // A receiver that accepts the connection and never answers: the attempt stays in flight.
        let silent = try SilentListener()
        defer { silent.close() }
        _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: "http://127.0.0.1:\(silent.port)/hook", secret: Self.secret)))
        let event = world.reminder(at: Self.lateEvening)
        try await world.publish(event)
        let id = DeliveryRecord.id(event: event.id, channel: .webhook)
        #expect(try await eventually { try await world.log().first?.attempts == 1 })
        let again = NotificationActor.AttemptTicket(userId: world.userID, deliveryId: id, attempt: 1)
        await #expect(throws: ActorProblem.self) { _ = try await world.actor.beginAttempt(again) }
        // Past the deadline the attempt counts as lost (its process died): it is handed out again.
        clock.advance(by: .seconds(151))
        let plan = try #require(try await world.actor.beginAttempt(again))
        #expect(plan.attempt == 1 && plan.deliveryId == id)
    }

    @Test func turningAChannelOffBeforeARetryDeadLettersIt() async throws {
        let clock = ManualClock(now: Self.lateEvening)
        let world = try await NotifyWorld.make(clock: clock, retry: RetryPolicy(maxAttempts: 5, initialBackoff: .seconds(10), maxBackoff: .seconds(10)))
        defer { Task { await world.close() } }
        let receiver = WebhookReceiver(failures: .max)
        try await receiver.run { url in
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: false, webhook: true), webhook: .init(url: url, secret: Self.secret)))
            try await world.publish(world.reminder(at: Self.lateEvening))
            #expect(try await eventually { try await world.log().first?.status == .retrying })
            _ = try await world.actor.setPreferences(PreferencesInput(channels: .init(inApp: true, webhook: false)))
            clock.advance(by: .seconds(11))
            #expect(try await eventually { try await world.log().first?.status == .dead })
            #expect(receiver.hits.all.count == 1)
            #expect(try await world.log().first?.lastError?.contains("turned off") == true)
        }
    }
}
