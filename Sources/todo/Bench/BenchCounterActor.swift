import ActorRuntime

/// The actor `todo bench runtime` calls: one durable counter per id. The bench's own, so the
/// shipping binary does not link ActorRuntimeTesting (the tests' actors).
struct BenchCounterActor: VirtualActor {
    static let actorType = "BenchCounterActor"
    static let count = StateKey<Int>("count")
    let context: ActorContext

    init(context: ActorContext) {
        self.context = context
    }

    static let methods = ActorMethodTable<BenchCounterActor>(increment)
    static let increment = ActorMethod("increment", BenchCounterActor.increment(by:))

    /// One read (cached after the first turn) and one write: a durable turn.
    func increment(by amount: Int) async throws -> Int {
        let value = try await context.state.get(Self.count, default: 0) + amount
        context.state.set(Self.count, value)
        return value
    }
}
