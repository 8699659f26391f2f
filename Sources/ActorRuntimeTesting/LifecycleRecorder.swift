import ActorRuntime
import Synchronization

/// Counts lifecycle events of the test actors, per actor. Test actors keep no fields, so
/// they report here; tests use unique actor ids to stay independent of each other.
public final class LifecycleRecorder: Sendable {
    public static let shared = LifecycleRecorder()

    public enum Event: String, Sendable {
        case activate, deactivate, reminder, timer
    }

    private let counts = Mutex<[String: Int]>([:])

    public func record(_ event: Event, _ actor: ActorAddress, detail: String = "") {
        counts.withLock { $0["\(event.rawValue)|\(actor)|\(detail)", default: 0] += 1 }
    }

    public func count(_ event: Event, _ actor: ActorAddress, detail: String = "") -> Int {
        counts.withLock { $0["\(event.rawValue)|\(actor)|\(detail)"] ?? 0 }
    }
}
