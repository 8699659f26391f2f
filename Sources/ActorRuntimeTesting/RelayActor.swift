import ActorRuntime

/// Passes a call along a path of actor ids (`["b", "a"]` from "a" makes a → b → a), to test
/// reentrancy and call depth. Returns the ids it went through.
public struct RelayActor: VirtualActor {
    public static let actorType = "RelayActor"
    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<RelayActor>(relay)
    public static let relay = ActorMethod("relay", RelayActor.relay(path:))

    public func relay(path: [String]) async throws -> [String] {
        let visits = try await context.state.get("visits", default: 0) + 1
        context.state.set("visits", visits)
        guard let next = path.first else { return [context.id] }
        let rest = try await context.proxy(RelayActor.self, next).relay(Array(path.dropFirst()))
        return [context.id] + rest
    }
}

/// Sleeps inside its turn, to observe overlap between actors and serialisation within one.
public struct SleepyActor: VirtualActor {
    public static let actorType = "SleepyActor"
    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<SleepyActor>(nap)
    public static let nap = ActorMethod("nap", SleepyActor.nap(milliseconds:))

    public struct Interval: Codable, Sendable {
        public var start: ContinuousClock.Instant
        public var end: ContinuousClock.Instant
    }

    public func nap(milliseconds: Int) async throws -> Interval {
        let start = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(milliseconds))
        return Interval(start: start, end: .now)
    }
}
