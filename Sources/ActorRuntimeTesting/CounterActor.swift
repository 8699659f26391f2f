import ActorRuntime
import Foundation

/// A counter with reminders and timers: the actor the runtime's tests, benchmarks and crash
/// probe exercise.
public struct CounterActor: VirtualActor {
    public static let actorType = "CounterActor"
    public static let count = StateKey<Int>("count")

    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<CounterActor>(
        increment, get, incrementThenFail, publishAndFail, scheduleReminder, cancelReminder, startTimer, stopTimer, firedCount, publishCount
    )

    public static let increment = ActorMethod("increment", CounterActor.increment(by:))
    public static let get = ActorMethod("get", CounterActor.get)
    public static let incrementThenFail = ActorMethod("incrementThenFail", CounterActor.incrementThenFail(by:))
    public static let publishAndFail = ActorMethod("publishAndFail", CounterActor.publishAndFail(topic:))
    public static let publishCount = ActorMethod("publishCount", CounterActor.publishCount(topic:))
    public static let scheduleReminder = ActorMethod("scheduleReminder", CounterActor.scheduleReminder(_:))
    public static let cancelReminder = ActorMethod("cancelReminder", CounterActor.cancelReminder(named:))
    public static let startTimer = ActorMethod("startTimer", CounterActor.startTimer(_:))
    public static let stopTimer = ActorMethod("stopTimer", CounterActor.stopTimer(named:))
    public static let firedCount = ActorMethod("firedCount", CounterActor.firedCount(reminder:))

    public func increment(by amount: Int) async throws -> Int {
        let value = try await context.state.get(Self.count, default: 0) + amount
        context.state.set(Self.count, value)
        return value
    }

    public func get() async throws -> Int {
        try await context.state.get(Self.count, default: 0)
    }

    /// Changes state, then throws: the change must not be saved.
    public func incrementThenFail(by amount: Int) async throws -> Int {
        _ = try await increment(by: amount)
        context.registerReminder("never", dueTime: context.now.addingTimeInterval(1))
        throw ActorProblem.conflict("failing on purpose after changing state")
    }

    /// Publishes, then throws: the event must not be delivered.
    public func publishAndFail(topic: String) async throws -> NoValue {
        try context.publish(["count": 1], topic: topic, partitionKey: context.id)
        throw ActorProblem.conflict("failing on purpose after publishing")
    }

    /// Increments and publishes the new count in the same turn.
    public func publishCount(topic: String) async throws -> Int {
        let value = try await increment(by: 1)
        try context.publish(["actor": context.id, "count": "\(value)"], topic: topic, partitionKey: context.id)
        return value
    }

    public struct ReminderRequest: Codable, Sendable {
        public var name: String
        public var dueTime: Date
        public var periodMilliseconds: Int?

        public init(name: String, dueTime: Date, periodMilliseconds: Int? = nil) {
            self.name = name
            self.dueTime = dueTime
            self.periodMilliseconds = periodMilliseconds
        }
    }

    public func scheduleReminder(_ request: ReminderRequest) async throws -> NoValue {
        context.registerReminder(request.name, dueTime: request.dueTime, period: request.periodMilliseconds.map { .milliseconds($0) })
        return NoValue()
    }

    public func cancelReminder(named name: String) async throws -> NoValue {
        context.unregisterReminder(name)
        return NoValue()
    }

    public struct TimerRequest: Codable, Sendable {
        public var name: String
        public var dueMilliseconds: Int
        public var periodMilliseconds: Int?

        public init(name: String, dueMilliseconds: Int, periodMilliseconds: Int? = nil) {
            self.name = name
            self.dueMilliseconds = dueMilliseconds
            self.periodMilliseconds = periodMilliseconds
        }
    }

    public func startTimer(_ request: TimerRequest) async throws -> NoValue {
        context.registerTimer(request.name, dueTime: .milliseconds(request.dueMilliseconds), period: request.periodMilliseconds.map { .milliseconds($0) })
        return NoValue()
    }

    public func stopTimer(named name: String) async throws -> NoValue {
        context.unregisterTimer(name)
        return NoValue()
    }

    /// How many times reminder `name` fired, as saved state (so it survives restarts).
    public func firedCount(reminder name: String) async throws -> Int {
        try await context.state.get("fired:\(name)", default: 0)
    }

    public func onActivate() async throws {
        LifecycleRecorder.shared.record(.activate, context.address)
    }

    public func onDeactivate() async throws {
        LifecycleRecorder.shared.record(.deactivate, context.address)
    }

    public func receiveReminder(_ reminder: FiredReminder) async throws {
        // Saved in the same transaction as the reminder's bookkeeping: exactly once per firing.
        let fired = try await context.state.get("fired:\(reminder.name)", default: 0) + 1
        context.state.set("fired:\(reminder.name)", fired)
        context.state.set("firedAt:\(reminder.name)", context.now)
        LifecycleRecorder.shared.record(.reminder, context.address, detail: reminder.name)
    }

    public func receiveTimer(_ timer: FiredTimer) async throws {
        LifecycleRecorder.shared.record(.timer, context.address, detail: timer.name)
    }
}
