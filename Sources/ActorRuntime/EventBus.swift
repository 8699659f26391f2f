import DequeModule
import Foundation
import Logging
import Synchronization

/// What a subscriber answers, as in Dapr's subscriber contract.
public enum SubscriberResult: String, Sendable, Codable {
    /// Processed; do not deliver again.
    case success = "SUCCESS"
    /// Failed; deliver again after a backoff.
    case retry = "RETRY"
    /// Cannot be processed ever; log and forget it.
    case drop = "DROP"
}

extension SubscriberResult {
    var telemetryName: String { rawValue.lowercased() }
}

/// One consumer of one topic. A thrown error counts as `.retry`.
public struct Subscription: Sendable {
    public var topic: String
    /// Who consumes (an app-id), for logs and the dead-letter record.
    public var consumer: String
    /// Where a message goes after the last failed attempt; nil drops it with an error log.
    public var deadLetterTopic: String?
    public var handler: @Sendable (CloudEvent) async throws -> SubscriberResult
    /// In process, a consumer that writes to a store can take what has queued up in a lane
    /// at once — up to `maxBatch` messages, in order — and pay one commit for all of them.
    /// It answers one result per message; a throw means RETRY for every one. Behind Dapr,
    /// `handler` gets them one at a time.
    public var batchHandler: (@Sendable ([CloudEvent]) async throws -> [SubscriberResult])?
    public var maxBatch: Int

    public init(topic: String, consumer: String, deadLetterTopic: String? = nil, handler: @escaping @Sendable (CloudEvent) async throws -> SubscriberResult) {
        self.topic = topic
        self.consumer = consumer
        self.deadLetterTopic = deadLetterTopic
        self.handler = handler
        self.batchHandler = nil
        self.maxBatch = 1
    }

    /// A subscription that also takes batches in process.
    public init(
        topic: String, consumer: String, deadLetterTopic: String? = nil, maxBatch: Int,
        batchHandler: @escaping @Sendable ([CloudEvent]) async throws -> [SubscriberResult],
        handler: @escaping @Sendable (CloudEvent) async throws -> SubscriberResult
    ) {
        precondition(maxBatch >= 1, "a batch holds at least one message")
        self.init(topic: topic, consumer: consumer, deadLetterTopic: deadLetterTopic, handler: handler)
        self.batchHandler = batchHandler
        self.maxBatch = maxBatch
    }
}

/// The in-process pub/sub: delivers outbox messages to subscriptions at least once.
///
/// Each subscription has a fixed number of lanes and a message goes to the lane its partition
/// key hashes to, so one entity's events arrive in order while others proceed in parallel —
/// the way Kafka partitions behave behind Dapr. A failing message holds its lane while it is
/// retried (as it holds a Kafka partition), up to the retry policy, then goes to the
/// subscription's dead-letter topic. A message leaves the outbox only when every subscription
/// is done with it, so a crash redelivers; consumers are idempotent by CloudEvent id.
public final class EventBus: Sendable {
    public static let lanesPerSubscription = 8

    private struct State {
        var subscriptions: [String: [SubscriptionRuntime]] = [:]
        var closed = false
    }

    let retry: RetryPolicy
    let logger: Logger
    private let state = Mutex(State())
    private let hooks = Mutex<Hooks?>(nil)
    /// When each undelivered outbox message was handed to the bus, for the backlog gauges.
    private let pending = Mutex<[String: ContinuousClock.Instant]>([:])

    struct Hooks: Sendable {
        /// Saves messages (dead letters) durably before they are delivered.
        var persist: @Sendable ([OutboxMessage]) async throws -> Void
        /// Every subscription is done with these outbox ids.
        var settled: @Sendable ([String]) -> Void
    }

    public init(retry: RetryPolicy = RetryPolicy(maxAttempts: 8, initialBackoff: .milliseconds(100), maxBackoff: .seconds(10)), logger: Logger = Logger(label: "todo.bus")) {
        self.retry = retry
        self.logger = logger
    }

    public func subscribe(_ subscription: Subscription) {
        RuntimeTelemetry.subscribed(topic: subscription.topic, subscriber: subscription.consumer)
        let runtime = SubscriptionRuntime(subscription: subscription, bus: self)
        state.withLock { $0.subscriptions[subscription.topic, default: []].append(runtime) }
    }

    public func topics() -> [String] { state.withLock { $0.subscriptions.keys.sorted() } }

    func attach(_ hooks: Hooks) { self.hooks.withLock { $0 = hooks } }

    /// Hands saved messages to their subscriptions.
    func enqueue(_ messages: [OutboxMessage]) {
        for message in messages {
            let targets = state.withLock { $0.closed ? nil : $0.subscriptions[message.event.topic] ?? [] }
            guard let targets else { return }
            pending.withLock { if $0[message.outboxID] == nil { $0[message.outboxID] = .now } }
            guard !targets.isEmpty else {
                settle([message.outboxID])
                continue
            }
            let tracker = SettlementTracker(outboxID: message.outboxID, remaining: targets.count)
            for target in targets {
                target.enqueue(Delivery(message: message, tracker: tracker))
            }
        }
    }

    /// Stops taking messages and waits for deliveries in progress; queued ones stay in the
    /// outbox for the next start.
    func shutdown() async {
        let all = state.withLock { state -> [SubscriptionRuntime] in
            state.closed = true
            return state.subscriptions.values.flatMap { $0 }
        }
        for subscription in all { await subscription.stop() }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Outbox messages not yet settled by every subscription, and the age of the oldest.
    public func backlog() -> (count: Int, oldestAge: Double) {
        let now = ContinuousClock.now
        return pending.withLock { pending in
            (pending.count, pending.values.min().map { (now - $0).timeInterval } ?? 0)
        }
    }

    func settle(_ ids: [String]) {
        pending.withLock { pending in for id in ids { pending[id] = nil } }
        hooks.withLock { $0 }?.settled(ids)
    }

    func deadLetter(_ message: OutboxMessage, subscription: Subscription, lastError: String) async -> Bool {
        RuntimeTelemetry.deadLetter(topic: message.event.topic, subscriber: subscription.consumer)
        guard let topic = subscription.deadLetterTopic else {
            logger.error("dropping message after failed deliveries", metadata: ["topic": "\(message.event.topic)", "consumer": "\(subscription.consumer)", "event": "\(message.event.id)", "error": "\(lastError)"])
            return true
        }
        var event = message.event
        event.topic = topic
        let letter = OutboxMessage(event: event, partitionKey: message.partitionKey)
        do {
            try await hooks.withLock { $0 }?.persist([letter])
        } catch {
            logger.error("could not save a dead letter; the message stays undelivered", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return false
        }
        logger.warning("message moved to dead-letter topic", metadata: ["topic": "\(message.event.topic)", "deadLetterTopic": "\(topic)", "consumer": "\(subscription.consumer)", "event": "\(message.event.id)", "error": "\(lastError)"])
        enqueue([letter])
        return true
    }
}

extension OutboxMessage {
    /// The outbox key: a dead letter keeps its event id under another topic.
    public var outboxID: String { "\(event.topic)/\(event.id)" }
}

struct Delivery: Sendable {
    var message: OutboxMessage
    var tracker: SettlementTracker
}

final class SettlementTracker: Sendable {
    let outboxID: String
    private let remaining: Atomic<Int>

    init(outboxID: String, remaining: Int) {
        self.outboxID = outboxID
        self.remaining = Atomic(remaining)
    }

    /// Returns true for the last subscription to finish.
    func finishOne() -> Bool {
        remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0
    }
}

/// One subscription's lanes.
final class SubscriptionRuntime: Sendable {
    let subscription: Subscription
    let bus: EventBus
    let lanes: [Lane]

    init(subscription: Subscription, bus: EventBus) {
        self.subscription = subscription
        self.bus = bus
        self.lanes = (0..<EventBus.lanesPerSubscription).map { _ in Lane() }
    }

    func enqueue(_ delivery: Delivery) {
        let key = delivery.message.partitionKey ?? delivery.message.event.id
        let lane = lanes[Int(StableHash.fnv1a(key) % UInt64(lanes.count))]
        if lane.push(delivery) {
            // Deliveries run outside any actor's call chain: the lane's task would otherwise
            // inherit the chain of the turn whose commit enqueued the message (task-locals
            // flow into `Task {}`), and a subscriber calling an actor of that chain back
            // (SeriesActor → TaskActor, whose event reaches SeriesActor) would be refused
            // as reentrant.
            lane.task.withLock { $0 = Task { await CallChain.$current.withValue(nil) { await self.drain(lane) } } }
        }
    }

    func stop() async {
        for lane in lanes {
            lane.close()
            await lane.task.withLock { $0 }?.value
        }
    }

    private func drain(_ lane: Lane) async {
        if let batchHandler = subscription.batchHandler {
            while case let batch = lane.next(upTo: subscription.maxBatch), !batch.isEmpty {
                let delivered = await deliver(batch, through: batchHandler)
                let settled = zip(batch, delivered).compactMap { delivery, done in
                    done && delivery.tracker.finishOne() ? delivery.tracker.outboxID : nil
                }
                if !settled.isEmpty { bus.settle(settled) }
            }
            return
        }
        while let delivery = lane.next(upTo: 1).first {
            if await deliver(delivery), delivery.tracker.finishOne() {
                bus.settle([delivery.tracker.outboxID])
            }
        }
    }

    /// Delivers a batch with retries: what succeeded or was dropped is done; what asked for a
    /// retry is sent again (as a smaller batch, still in order) until the retry policy gives
    /// up on it. One flag per delivery: false when it was left in the outbox.
    private func deliver(_ batch: [Delivery], through handler: @Sendable ([CloudEvent]) async throws -> [SubscriberResult]) async -> [Bool] {
        var done = [Bool](repeating: false, count: batch.count)
        var pending = Array(batch.indices)
        var attempt = 0
        var lastError = ""
        while !pending.isEmpty {
            attempt += 1
            if attempt > 1 { RuntimeTelemetry.deliveryRetry(topic: subscription.topic, subscriber: subscription.consumer) }
            let started = ContinuousClock.now
            let results: [SubscriberResult]
            let events = pending.map { batch[$0].message.event }
            do {
                // The batch's span continues the trace of its first event.
                let answered = try await EventTraceContext.withDeliverySpan(events[0], subscriber: subscription.consumer) { try await handler(events) }
                guard answered.count == pending.count else {
                    throw BatchResultMismatch(expected: pending.count, got: answered.count)
                }
                results = answered
                lastError = "subscriber answered RETRY"
            } catch {
                results = Array(repeating: .retry, count: pending.count)
                lastError = String(describing: error)
            }
            let seconds = (ContinuousClock.now - started).timeInterval
            for result in results {
                RuntimeTelemetry.delivery(topic: subscription.topic, subscriber: subscription.consumer, outcome: result.telemetryName, seconds: seconds)
            }
            var retry: [Int] = []
            for (index, result) in zip(pending, results) {
                switch result {
                case .success: done[index] = true
                case .drop:
                    bus.logger.warning("subscriber dropped a message", metadata: ["topic": "\(subscription.topic)", "consumer": "\(subscription.consumer)", "event": "\(batch[index].message.event.id)"])
                    done[index] = true
                case .retry: retry.append(index)
                }
            }
            pending = retry
            if pending.isEmpty || bus.isClosed { break }
            if attempt >= bus.retry.maxAttempts {
                for index in pending {
                    done[index] = await bus.deadLetter(batch[index].message, subscription: subscription, lastError: lastError)
                }
                break
            }
            try? await Task.sleep(for: bus.retry.backoff(afterAttempt: attempt))
        }
        return done
    }

    /// Delivers with retries; false when it gave up without settling (shutdown, or a dead
    /// letter that could not be saved), which leaves the message in the outbox.
    private func deliver(_ delivery: Delivery) async -> Bool {
        var attempt = 0
        var lastError = ""
        while true {
            attempt += 1
            if attempt > 1 { RuntimeTelemetry.deliveryRetry(topic: subscription.topic, subscriber: subscription.consumer) }
            lastError = ""
            let event = delivery.message.event
            let started = ContinuousClock.now
            let outcome: SubscriberResult
            do {
                outcome = try await EventTraceContext.withDeliverySpan(event, subscriber: subscription.consumer) { try await subscription.handler(event) }
            } catch {
                outcome = .retry
                lastError = String(describing: error)
            }
            RuntimeTelemetry.delivery(topic: subscription.topic, subscriber: subscription.consumer, outcome: outcome.telemetryName, seconds: (ContinuousClock.now - started).timeInterval)
            do {
                switch outcome {
                case .success:
                    return true
                case .drop:
                    bus.logger.warning("subscriber dropped a message", metadata: ["topic": "\(subscription.topic)", "consumer": "\(subscription.consumer)", "event": "\(delivery.message.event.id)"])
                    return true
                case .retry:
                    if lastError.isEmpty { lastError = "subscriber answered RETRY" }
                }
            }
            if bus.isClosed { return false }
            if attempt >= bus.retry.maxAttempts {
                return await bus.deadLetter(delivery.message, subscription: subscription, lastError: lastError)
            }
            try? await Task.sleep(for: bus.retry.backoff(afterAttempt: attempt))
        }
    }
}

/// A FIFO of deliveries with at most one drain task at a time.
final class Lane: Sendable {
    private struct State {
        var queue: Deque<Delivery> = []
        var draining = false
        var closed = false
    }

    private let state = Mutex(State())
    let task = Mutex<Task<Void, Never>?>(nil)

    /// Queues a delivery; true when the caller must start a drain task.
    func push(_ delivery: Delivery) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.queue.append(delivery)
            if state.draining { return false }
            state.draining = true
            return true
        }
    }

    /// The next deliveries in order, at most `limit`; empty ends the drain.
    func next(upTo limit: Int) -> [Delivery] {
        state.withLock { state in
            if state.closed || state.queue.isEmpty {
                state.draining = false
                return []
            }
            let count = min(limit, state.queue.count)
            defer { state.queue.removeFirst(count) }
            return Array(state.queue.prefix(count))
        }
    }

    func close() { state.withLock { $0.closed = true } }
}

struct BatchResultMismatch: Error, CustomStringConvertible {
    let expected: Int
    let got: Int
    var description: String { "the batch handler answered \(got) results for \(expected) messages" }
}

/// FNV-1a: a hash that is the same in every process, unlike `Hasher`.
public enum StableHash {
    public static func fnv1a(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
