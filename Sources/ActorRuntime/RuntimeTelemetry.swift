import Foundation
import Metrics
import Synchronization
import Tracing

/// The runtime's metric families (`todo_actor_*`, `todo_event_*`, `todo_outbox_*`,
/// `todo_sidecar_*`) and its span helpers, so each call site in the hosts is one line.
/// Labels are actor types, method names, topics and consumers: all fixed by the code, never
/// by user input, so the series stay few.
public enum RuntimeTelemetry {
    // MARK: Actors

    static func activated(_ type: String) {
        Counter(label: "todo_actor_activations_total", dimensions: [("type", type)]).increment()
    }

    static func deactivated(_ type: String) {
        Counter(label: "todo_actor_deactivations_total", dimensions: [("type", type)]).increment()
    }

    /// One finished turn: `kind` is method, reminder, timer or deactivate; `outcome` ok or error.
    static func turn(_ type: String, _ work: TurnWork, failed: Bool, seconds: Double) {
        let (kind, method) = work.telemetryName
        Counter(label: "todo_actor_turns_total", dimensions: [("type", type), ("kind", kind), ("method", method), ("outcome", failed ? "error" : "ok")]).increment()
        Metrics.Timer(label: "todo_actor_turn_duration_seconds", dimensions: [("type", type), ("kind", kind)]).recordNanoseconds(Self.nanoseconds(seconds))
    }

    /// How long a turn waited for the actor's turn lock (others' turns before it).
    static func lockWait(_ type: String, seconds: Double) {
        Metrics.Timer(label: "todo_actor_turn_lock_wait_seconds", dimensions: [("type", type)]).recordNanoseconds(Self.nanoseconds(seconds))
    }

    /// How late a reminder fired after its due time.
    public static func reminderFired(_ type: String, latenessSeconds: Double) {
        Metrics.Timer(label: "todo_actor_reminder_lateness_seconds", dimensions: [("type", type)]).recordNanoseconds(Self.nanoseconds(max(0, latenessSeconds)))
        Counter(label: "todo_actor_reminders_fired_total", dimensions: [("type", type)]).increment()
    }

    static func storeCommit(seconds: Double, failed: Bool) {
        Metrics.Timer(label: "todo_store_commit_duration_seconds", dimensions: [("outcome", failed ? "error" : "ok")]).recordNanoseconds(Self.nanoseconds(seconds))
    }

    // MARK: Events

    /// One delivery attempt's answer: success, retry (asked or thrown) or drop.
    public static func delivery(topic: String, subscriber: String, outcome: String, seconds: Double) {
        Counter(label: "todo_event_deliveries_total", dimensions: [("topic", topic), ("subscriber", subscriber), ("outcome", outcome)]).increment()
        Metrics.Timer(label: "todo_event_delivery_duration_seconds", dimensions: [("topic", topic), ("subscriber", subscriber)]).recordNanoseconds(Self.nanoseconds(seconds))
    }

    /// A subscription's retry and dead-letter series exist at 0 from the start, so an alert
    /// on their increase sees the first one.
    public static func subscribed(topic: String, subscriber: String) {
        Counter(label: "todo_event_delivery_retries_total", dimensions: [("topic", topic), ("subscriber", subscriber)]).increment(by: 0)
        Counter(label: "todo_event_dead_letters_total", dimensions: [("topic", topic), ("subscriber", subscriber)]).increment(by: 0)
    }

    static func deliveryRetry(topic: String, subscriber: String) {
        Counter(label: "todo_event_delivery_retries_total", dimensions: [("topic", topic), ("subscriber", subscriber)]).increment()
    }

    /// A message given up on: moved to the dead-letter topic, or dropped when it has none.
    static func deadLetter(topic: String, subscriber: String) {
        Counter(label: "todo_event_dead_letters_total", dimensions: [("topic", topic), ("subscriber", subscriber)]).increment()
    }

    // MARK: Sidecar

    public static func sidecarCall(_ operation: String, seconds: Double, failed: Bool) {
        Metrics.Timer(label: "todo_sidecar_call_duration_seconds", dimensions: [("operation", operation)]).recordNanoseconds(Self.nanoseconds(seconds))
        // Created at 0 by the first call, so the error ratio exists before the first error.
        Counter(label: "todo_sidecar_call_errors_total", dimensions: [("operation", operation)]).increment(by: failed ? 1 : 0)
    }

    // MARK: Gauges read at scrape time

    private static let scrapeHooks = Mutex<[UInt64: @Sendable () -> Void]>([:])
    private static let nextHook = Atomic<UInt64>(0)

    /// Registers work that refreshes gauges just before `/metrics` is rendered; the returned
    /// id removes it again.
    @discardableResult
    public static func onScrape(_ refresh: @escaping @Sendable () -> Void) -> UInt64 {
        let id = nextHook.add(1, ordering: .relaxed).newValue
        scrapeHooks.withLock { $0[id] = refresh }
        return id
    }

    public static func removeScrapeHook(_ id: UInt64) { _ = scrapeHooks.withLock { $0.removeValue(forKey: id) } }

    /// Runs every registered gauge refresh.
    public static func refreshGauges() {
        for hook in scrapeHooks.withLock({ Array($0.values) }) { hook() }
    }

    /// Active actors per type and the outbox backlog (count, age of the oldest), as gauges.
    static func recordHostGauges(active: [String: Int], knownTypes: [String], outbox: (count: Int, oldestAge: Double)) {
        for type in Set(knownTypes).union(active.keys) {
            Gauge(label: "todo_actor_active", dimensions: [("type", type)]).record(active[type] ?? 0)
        }
        Gauge(label: "todo_outbox_depth").record(outbox.count)
        Gauge(label: "todo_outbox_oldest_age_seconds").record(outbox.oldestAge)
    }

    static func nanoseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return seconds >= 9e9 ? Int64.max : Int64(seconds * 1e9)
    }
}

extension TurnWork {
    /// The turn's kind and method for metrics and span names (reminder and timer names are
    /// data and stay out of the labels).
    var telemetryName: (kind: String, method: String) {
        switch self {
        case .method(let name, _): return ("method", name)
        case .reminder: return ("reminder", "")
        case .reminderCallback: return ("reminder", "")
        case .timer(let spec): return ("timer", spec.callback ?? "")
        case .deactivate: return ("deactivate", "")
        case .hostOnly: return ("host", "")
        }
    }
}

/// W3C trace context carried in CloudEvents (`traceparent`, `tracestate`), so a consumer's
/// span joins the trace of the turn that published the event, in process and behind Dapr.
public enum EventTraceContext {
    /// The current span's trace context as CloudEvent fields; nil when tracing is off.
    public static func current() -> (traceparent: String?, tracestate: String?) {
        guard let context = ServiceContext.current else { return (nil, nil) }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return (carrier["traceparent"], carrier["tracestate"])
    }

    /// The context a consumer's span continues. In process it is the event's trace (a lane's
    /// task would otherwise carry the context of whichever turn started it). Behind Dapr,
    /// with `continuingRequest`, the HTTP span of daprd's delivery (already in that trace).
    public static func context(of event: CloudEvent, continuingRequest: Bool = false) -> ServiceContext {
        if continuingRequest, let current = ServiceContext.current { return current }
        var context = ServiceContext.topLevel
        // `traceid` is what older Dapr runtimes set (the same W3C string).
        guard let traceparent = event.traceparent ?? event.traceid else { return context }
        var carrier = ["traceparent": traceparent]
        if let tracestate = event.tracestate { carrier["tracestate"] = tracestate }
        InstrumentationSystem.instrument.extract(carrier, into: &context, using: DictionaryExtractor())
        return context
    }

    /// Runs a consumer's handling of `event` in a consumer span that continues its trace.
    public static func withDeliverySpan<T>(_ event: CloudEvent, subscriber: String, continuingRequest: Bool = false, _ body: () async throws -> T) async rethrows -> T {
        try await withSpan("deliver \(event.topic)", context: Self.context(of: event, continuingRequest: continuingRequest), ofKind: .consumer) { span in
            span.attributes["messaging.destination.name"] = event.topic
            span.attributes["messaging.consumer.group.name"] = subscriber
            span.attributes["messaging.message.id"] = event.id
            return try await body()
        }
    }
}

public struct DictionaryInjector: Injector {
    public init() {}
    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

public struct DictionaryExtractor: Extractor {
    public init() {}
    public func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}

/// Runs one turn in a span (`<Type>/<method>`) and records its count and duration.
func withTurnTelemetry<T>(_ address: ActorAddress, _ work: TurnWork, _ body: () async throws -> T) async throws -> T {
    let (kind, method) = work.telemetryName
    let started = ContinuousClock.now
    do {
        let result = try await withSpan("\(address.type)/\(method.isEmpty ? kind : method)", ofKind: .internal) { span in
            span.attributes["actor.type"] = address.type
            span.attributes["actor.turn.kind"] = kind
            return try await body()
        }
        RuntimeTelemetry.turn(address.type, work, failed: false, seconds: (ContinuousClock.now - started).timeInterval)
        return result
    } catch {
        RuntimeTelemetry.turn(address.type, work, failed: true, seconds: (ContinuousClock.now - started).timeInterval)
        throw error
    }
}

/// Runs one store commit in a span and records its duration.
func withStoreCommitTelemetry(_ body: () async throws -> Void) async throws {
    let started = ContinuousClock.now
    do {
        try await withSpan("store commit", ofKind: .client) { _ in try await body() }
        RuntimeTelemetry.storeCommit(seconds: (ContinuousClock.now - started).timeInterval, failed: false)
    } catch {
        RuntimeTelemetry.storeCommit(seconds: (ContinuousClock.now - started).timeInterval, failed: true)
        throw error
    }
}
