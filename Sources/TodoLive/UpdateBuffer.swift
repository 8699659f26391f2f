import DequeModule
import NIOCore

/// One user's recent updates, oldest first, for resume after a reconnect and to recognise
/// redeliveries. Entries carry a sequence number local to this replica; clients only ever
/// see event ids, which are the same on every replica (each consumes every update).
struct UpdateBuffer {
    struct Entry {
        var sequence: UInt64
        var eventID: String
        var text: ByteBuffer
        var receivedAt: ContinuousClock.Instant
    }

    private(set) var entries: Deque<Entry> = []
    private var sequenceByEvent: [String: UInt64] = [:]

    var isEmpty: Bool { entries.isEmpty }

    func contains(_ eventID: String) -> Bool { sequenceByEvent[eventID] != nil }

    func sequence(of eventID: String) -> UInt64? { sequenceByEvent[eventID] }

    mutating func append(_ entry: Entry, capacity: Int) {
        entries.append(entry)
        sequenceByEvent[entry.eventID] = entry.sequence
        while entries.count > capacity { dropFirst() }
    }

    /// Entries with `lower < sequence <= upper`, in order.
    func entries(after lower: UInt64, through upper: UInt64 = .max) -> [Entry] {
        entries.filter { $0.sequence > lower && $0.sequence <= upper }
    }

    mutating func expire(before cutoff: ContinuousClock.Instant) {
        while let first = entries.first, first.receivedAt < cutoff { dropFirst() }
    }

    private mutating func dropFirst() {
        let removed = entries.removeFirst()
        sequenceByEvent.removeValue(forKey: removed.eventID)
    }
}
