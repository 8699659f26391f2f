import Foundation
import Synchronization

/// Resolved personal API tokens, for a short while, so scripts do not cost an actor call per
/// request. Revocation through the gateway of this process clears the entry at once.
package final class APITokenCache: Sendable {
    private let entries = Mutex<[String: (userID: String, until: Date)]>([:])

    package init() {}

    package func userID(for digest: String, now: Date = Date()) -> String? {
        entries.withLock { entries in
            guard let entry = entries[digest], entry.until > now else { return nil }
            return entry.userID
        }
    }

    package func remember(_ digest: String, userID: String, now: Date = Date()) {
        entries.withLock { entries in
            if entries.count > 10_000 { entries = entries.filter { $0.value.until > now } }
            entries[digest] = (userID, now.addingTimeInterval(30))
        }
    }

    package func forget(_ digest: String) { entries.withLock { _ = $0.removeValue(forKey: digest) } }
}
