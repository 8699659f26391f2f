/// The occurrences of a recurrence set in order, computed lazily: `prefix`, `first(where:)`
/// and `for … in` expand only as far as they read.
public struct Occurrences: Sequence, Sendable {
    let set: RecurrenceSet
    /// Only occurrences with a larger key (see `Occurrence.key`).
    let afterKey: Int64?

    public func makeIterator() -> OccurrenceIterator { OccurrenceIterator(set: set, afterKey: afterKey) }
}

/// Merges DTSTART and the rule's instances (bounded by COUNT and UNTIL) with the RDATEs,
/// drops EXDATEs and duplicates.
public struct OccurrenceIterator: IteratorProtocol, Sendable {
    private let set: RecurrenceSet
    private var expansion: RuleExpansion?
    private let afterKey: Int64?
    private var startPending = true
    private var ruleFinished = false
    private var ruleEmitted = 0
    private var lastRuleKey = Int64.min
    private var pendingRule: Occurrence?
    private var additionIndex = 0
    private var lastKey = Int64.min

    init(set: RecurrenceSet, afterKey: Int64?) {
        self.set = set
        self.afterKey = afterKey
        if let plan = set.plan {
            var expansion = RuleExpansion(plan: plan, zone: ZoneCursor(timeZone: set.timeZone), dateOnly: set.isDateOnly)
            // Without COUNT nothing before the bound matters, so expansion can start near it.
            // Two days of margin cover wall times pushed across midnight by a DST gap.
            if let afterKey, set.rule?.count == nil {
                let day = RecurrenceSet.floorDay(set.isDateOnly ? afterKey : afterKey - 26 * 3600)
                expansion.skip(toDay: Int(day) - 2)
            }
            self.expansion = expansion
        }
        if let afterKey {
            if let index = set.additionOccurrences.firstIndex(where: { $0.key > afterKey }) {
                additionIndex = index
            } else {
                additionIndex = set.additionOccurrences.count
            }
        }
    }

    public mutating func next() -> Occurrence? {
        while true {
            if pendingRule == nil, !ruleFinished { pendingRule = nextFromRule() }
            let addition = additionIndex < set.additionOccurrences.count ? set.additionOccurrences[additionIndex] : nil
            let candidate: Occurrence
            switch (pendingRule, addition) {
            case (nil, nil):
                return nil
            case (let rule?, nil):
                candidate = rule
                pendingRule = nil
            case (nil, let addition?):
                candidate = addition
                additionIndex += 1
            case (let rule?, let addition?):
                if addition.key < rule.key {
                    candidate = addition
                    additionIndex += 1
                } else {
                    // On a tie the rule's occurrence wins and the RDATE is dropped as a duplicate below.
                    candidate = rule
                    pendingRule = nil
                }
            }
            if candidate.key <= lastKey { continue }
            lastKey = candidate.key
            if let afterKey, candidate.key <= afterKey { continue }
            if set.isExcluded(candidate) { continue }
            return candidate
        }
    }

    /// DTSTART, then the rule's instances, each counted toward COUNT once (an instance that
    /// lands on an earlier one, as two wall times can in a DST gap, is a duplicate and does not
    /// count), up to UNTIL.
    private mutating func nextFromRule() -> Occurrence? {
        while true {
            let occurrence: Occurrence
            let isStart = startPending
            if startPending {
                startPending = false
                occurrence = set.startOccurrence
            } else {
                guard let next = expansion?.next() else {
                    ruleFinished = true
                    return nil
                }
                occurrence = next
            }
            if occurrence.key <= lastRuleKey { continue }
            if !isStart, let until = set.untilKey, occurrence.key > until {
                ruleFinished = true
                return nil
            }
            lastRuleKey = occurrence.key
            ruleEmitted += 1
            if let count = set.rule?.count, ruleEmitted >= count { ruleFinished = true }
            if expansion == nil { ruleFinished = true }
            return occurrence
        }
    }
}

extension RecurrenceSet: Sequence {
    public func makeIterator() -> OccurrenceIterator { OccurrenceIterator(set: self, afterKey: nil) }
}
