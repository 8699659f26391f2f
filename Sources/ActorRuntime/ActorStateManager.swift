import Synchronization

/// A typed state key, so an actor declares a key's type once:
/// `static let count = StateKey<Int>("count")`.
public struct StateKey<Value: Codable & Sendable>: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// An actor's view of its state, after the Dapr .NET SDK's StateManager: reads are loaded
/// lazily and cached for the activation, writes are only recorded, and the host saves the
/// recorded changes in one transaction at the end of a successful turn (or drops them when
/// the turn throws).
public final class ActorStateManager: Sendable {
    /// What the manager knows about one key.
    struct Entry {
        enum Known {
            case unknown
            case absent
            case present(StateValue)
        }
        enum Pending {
            case set(StateValue)
            case remove
        }
        /// The value as last saved (or loaded) — what a failed turn reverts to.
        var committed: Known
        /// An unsaved change made in the current turn.
        var pending: Pending?

        var current: Known {
            switch pending {
            case .set(let value): return .present(value)
            case .remove: return .absent
            case nil: return committed
            }
        }
    }

    public let actor: ActorAddress
    private let loader: @Sendable (String) async throws -> StateValue?
    private let entries = Mutex<[String: Entry]>([:])

    public init(actor: ActorAddress, loader: @escaping @Sendable (String) async throws -> StateValue?) {
        self.actor = actor
        self.loader = loader
    }

    // MARK: Reading

    /// The value for `key`, or nil when it was never set (or was removed).
    public func get<T: Codable & Sendable>(_ key: String, as type: T.Type = T.self) async throws -> T? {
        switch try await known(key) {
        case .present(let value):
            let decoded = try value.decode(T.self)
            if case .json = value { cacheDecoded(key, decoded) }
            return decoded
        case .absent, .unknown:
            return nil
        }
    }

    public func get<T>(_ key: StateKey<T>) async throws -> T? {
        try await get(key.name, as: T.self)
    }

    public func get<T: Codable & Sendable>(_ key: String, default defaultValue: T) async throws -> T {
        try await get(key, as: T.self) ?? defaultValue
    }

    public func get<T>(_ key: StateKey<T>, default defaultValue: T) async throws -> T {
        try await get(key.name, as: T.self) ?? defaultValue
    }

    public func contains(_ key: String) async throws -> Bool {
        if case .present = try await known(key) { return true }
        return false
    }

    // MARK: Writing

    public func set<T: Codable & Sendable>(_ key: String, _ value: T) {
        entries.withLock { entries in
            entries[key, default: Entry(committed: .unknown)].pending = .set(.value(value))
        }
    }

    public func set<T>(_ key: StateKey<T>, _ value: T) {
        set(key.name, value)
    }

    /// Removes `key`; returns whether it existed.
    @discardableResult
    public func remove(_ key: String) async throws -> Bool {
        let existed = try await contains(key)
        entries.withLock { entries in
            entries[key, default: Entry(committed: .unknown)].pending = .remove
        }
        return existed
    }

    @discardableResult
    public func remove<T>(_ key: StateKey<T>) async throws -> Bool {
        try await remove(key.name)
    }

    // MARK: Turn boundaries (host side)

    /// The changes of the current turn, for the host to save.
    public func pendingChanges() -> [StateChange] {
        entries.withLock { entries in
            var changes: [StateChange] = []
            for (key, entry) in entries {
                switch entry.pending {
                case .set(let value):
                    changes.append(.upsert(key: key, value: value))
                case .remove:
                    // Removing what is known to be absent is not a change.
                    if case .absent = entry.committed { continue }
                    changes.append(.delete(key: key))
                case nil:
                    continue
                }
            }
            return changes
        }
    }

    /// The turn's changes were saved: they become the committed values.
    public func commitPending() {
        entries.withLock { entries in
            for (key, entry) in entries where entry.pending != nil {
                entries[key] = Entry(committed: entry.current, pending: nil)
            }
        }
    }

    /// The turn failed: forget its changes.
    public func discardPending() {
        entries.withLock { entries in
            for (key, entry) in entries where entry.pending != nil {
                if case .unknown = entry.committed {
                    entries[key] = nil
                } else {
                    entries[key]?.pending = nil
                }
            }
        }
    }

    /// Number of cached keys (for tests of memory bounds).
    public var cachedKeyCount: Int { entries.withLock { $0.count } }

    // MARK: Private

    private func known(_ key: String) async throws -> Entry.Known {
        let cached = entries.withLock { $0[key]?.current }
        switch cached {
        case .some(.present(let value)): return .present(value)
        case .some(.absent): return .absent
        case .some(.unknown), nil: break
        }
        let loaded: Entry.Known = try await loader(key).map { .present($0) } ?? .absent
        return entries.withLock { entries in
            if var entry = entries[key] {
                // A write happened while loading; it wins, and the load fills in the base.
                if case .unknown = entry.committed { entry.committed = loaded }
                entries[key] = entry
                return entry.current
            }
            entries[key] = Entry(committed: loaded)
            return loaded
        }
    }

    private func cacheDecoded<T: Codable & Sendable>(_ key: String, _ value: T) {
        entries.withLock { entries in
            guard var entry = entries[key] else { return }
            if entry.pending == nil, case .present(.json) = entry.committed {
                entry.committed = .present(.value(value))
                entries[key] = entry
            }
        }
    }
}
