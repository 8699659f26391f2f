import Synchronization

/// Values an actor derives from its state and keeps for the rest of its activation — an
/// index built from stored buckets, say — so a read-heavy method does not rebuild them on
/// every turn. Never saved: it dies with the activation, and the actor drops an entry
/// whenever it changes the state the entry was derived from.
public final class ActivationMemory: Sendable {
    private let values = Mutex<[String: any Sendable]>([:])

    public init() {}

    /// The value kept under `key`, made by `make` when there is none (or it is of another type).
    public func value<T: Sendable>(_ key: String, as type: T.Type = T.self, make: () throws -> T) rethrows -> T {
        if let kept = values.withLock({ $0[key] }) as? T { return kept }
        let made = try make()
        values.withLock { $0[key] = made }
        return made
    }

    public func value<T: Sendable>(_ key: String, as type: T.Type = T.self) -> T? {
        values.withLock { $0[key] } as? T
    }

    public func set<T: Sendable>(_ key: String, _ value: T) {
        values.withLock { $0[key] = value }
    }

    public func forget(_ key: String) {
        _ = values.withLock { $0.removeValue(forKey: key) }
    }
}
