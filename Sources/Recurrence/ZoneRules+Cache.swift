import Foundation
import Synchronization

/// One transition table per zone identifier for the whole process: building one costs a few
/// hundred Foundation calls, and every recurrence set, CLI batch line and actor in a zone
/// shares it.
enum ZoneRulesCache {
    private static let tables = Mutex<[String: ZoneRules]>([:])

    /// Rules for the zone, complete at least through `instant`.
    static func rules(for timeZone: TimeZone, covering instant: Int64) -> ZoneRules {
        tables.withLock { tables in
            if let rules = tables[timeZone.identifier], rules.completeUntil > instant { return rules }
            let rules = tables[timeZone.identifier]?.extended(through: instant, timeZone: timeZone)
                ?? ZoneRules(timeZone: timeZone, until: max(ZoneRules.initialHorizon, instant + ZoneRules.extensionStep))
            tables[timeZone.identifier] = rules
            return rules
        }
    }
}
