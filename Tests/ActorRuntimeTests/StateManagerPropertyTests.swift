import ActorRuntime
import Foundation
import PropertyBased
import Testing

/// The state manager against a model: a dictionary for what is saved, another for what the
/// current turn sees. Random sequences of reads, writes, removes, commits and rollbacks must
/// agree with the model at every step, and what a commit saves must be exactly the difference.
@Suite struct StateManagerPropertyTests {
    enum Operation: Sendable, CustomStringConvertible {
        case set(String, Int)
        case remove(String)
        case get(String)
        case commit
        case discard

        var description: String {
            switch self {
            case .set(let key, let value): return "set(\(key), \(value))"
            case .remove(let key): return "remove(\(key))"
            case .get(let key): return "get(\(key))"
            case .commit: return "commit"
            case .discard: return "discard"
            }
        }
    }

    static let keys = ["a", "b", "c", "d"]

    @Test func changeTrackingMatchesTheModel() async throws {
        let keys = Self.keys
        let operation = zip(Gen.int(in: 0...99), Gen.int(in: 0...3), Gen.int(in: -5...5)).map { draw -> Operation in
            let (roll, keyIndex, value) = draw
            let key = keys[keyIndex]
            switch roll {
            case 0..<35: return .set(key, value)
            case 35..<55: return .remove(key)
            case 55..<80: return .get(key)
            case 80..<92: return .commit
            default: return .discard
            }
        }
        await propertyCheck(count: 300, input: operation.array(of: 1...60)) { operations in
            do {
                try await check(operations)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    private func check(_ operations: [Operation]) async throws {
        // The "store": saved values, and the model of what the turn sees.
        let saved = SavedValues(["a": 1, "c": 3])
        var model = saved.snapshot
        let manager = ActorStateManager(actor: ActorAddress(type: "T", id: "1")) { key in
            saved.snapshot[key].map { .value($0) }
        }
        for operation in operations {
            switch operation {
            case .set(let key, let value):
                manager.set(key, value)
                model[key] = value
            case .remove(let key):
                let existed = try await manager.remove(key)
                #expect(existed == (model[key] != nil), "remove(\(key)) existed")
                model[key] = nil
            case .get(let key):
                #expect(try await manager.get(key, as: Int.self) == model[key], "get(\(key))")
            case .commit:
                let changes = manager.pendingChanges()
                // Apply the changes to the store, as a host would.
                var next = saved.snapshot
                for change in changes {
                    switch change {
                    case .upsert(let key, let value): next[key] = try value.decode(Int.self)
                    case .delete(let key):
                        next[key] = nil
                    }
                }
                saved.snapshot = next
                manager.commitPending()
                #expect(saved.snapshot == model, "after commit the store holds what the turn saw")
                #expect(manager.pendingChanges().isEmpty)
            case .discard:
                manager.discardPending()
                model = saved.snapshot
                #expect(manager.pendingChanges().isEmpty)
            }
        }
        // Every key reads back as the model says.
        for key in Self.keys {
            #expect(try await manager.get(key, as: Int.self) == model[key])
        }
    }
}

/// A tiny stand-in for the store's contents, shared with the loader closure.
final class SavedValues: @unchecked Sendable {
    // @unchecked: used from one test task at a time.
    var snapshot: [String: Int]
    init(_ values: [String: Int]) { snapshot = values }
}
