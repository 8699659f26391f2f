import Foundation

/// One change of a zone's UTC offset.
struct ZoneTransition: Sendable, Hashable {
    /// UTC seconds at which `after` takes effect.
    let instant: Int64
    let before: Int32
    let after: Int32

    /// The first wall-clock time (on the old clock) that is not plain: the start of the gap when
    /// clocks jump forward, the start of the repeated hour when they fall back.
    var wallStart: Int64 { instant + Int64(min(before, after)) }

    /// The first wall-clock time read with the new offset. For a gap that is its end; for an
    /// overlap it is the end of the repeated hour, since RFC 5545 §3.3.5 takes the first of the
    /// two instants, which is the one on the old offset.
    var wallEnd: Int64 { instant + Int64(max(before, after)) }
}

/// A zone's offsets as a sorted transition table, so that turning a wall-clock time into an
/// instant is a comparison and a subtraction instead of a Foundation call per occurrence.
/// Built from Foundation's `TimeZone` (the single source of zone data), once per zone and
/// process (`ZoneRulesCache`), and extended on demand for far-future dates.
struct ZoneRules: Sendable {
    let identifier: String
    /// The offset in force before the first transition (and from `coverageStart` back).
    let initialOffset: Int32
    let transitions: [ZoneTransition]
    /// Transitions are complete for instants below this (`Int64.max` when the zone has no
    /// further transitions at all).
    let completeUntil: Int64

    /// Tables start in 1800: before that every zone is on local mean time anyway.
    static let coverageStart: Int64 = -5_364_662_400
    /// First build reaches 2400; later ones grow in steps of `extensionStep`.
    static let initialHorizon: Int64 = 13_569_465_600
    static let extensionStep: Int64 = 12_622_780_800  // 400 years

    init(timeZone: TimeZone, until limit: Int64) {
        let initial = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(Self.coverageStart))))
        self.init(identifier: timeZone.identifier, initialOffset: initial, transitions: [], scannedFrom: Self.coverageStart, timeZone: timeZone, until: limit)
    }

    private init(identifier: String, initialOffset: Int32, transitions: [ZoneTransition], scannedFrom start: Int64, timeZone: TimeZone, until limit: Int64) {
        var transitions = transitions
        var cursor = start
        var complete = Int64.max
        while let next = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(cursor))) {
            let instant = Int64(next.timeIntervalSince1970.rounded())
            if instant >= limit {
                // Nothing changes between the last scanned point and `instant`.
                complete = instant
                break
            }
            let before = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant - 1))))
            let after = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
            // Foundation also reports changes of only the DST flag or the abbreviation.
            if before != after { transitions.append(ZoneTransition(instant: instant, before: before, after: after)) }
            // A non-advancing answer would loop forever; step past it.
            cursor = max(instant, cursor + 1)
        }
        self.identifier = identifier
        self.initialOffset = initialOffset
        self.transitions = transitions
        self.completeUntil = complete
    }

    /// The same table, scanned further.
    func extended(through instant: Int64, timeZone: TimeZone) -> ZoneRules {
        guard instant >= completeUntil, completeUntil != .max else { return self }
        // The previous scan stopped at the transition at `completeUntil`: resume just before it.
        return ZoneRules(identifier: identifier, initialOffset: initialOffset, transitions: transitions, scannedFrom: completeUntil - 1,
                         timeZone: timeZone, until: instant + Self.extensionStep)
    }

    /// The offset in force at a UTC instant (callers ensure coverage).
    func offset(atUTC instant: Int64) -> Int32 {
        // Last transition at or before the instant.
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid].instant <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? initialOffset : transitions[low - 1].after
    }

    /// Index of the first transition whose `wallEnd` is after `wall`: the wall time lies in the
    /// segment before it.
    func segmentIndex(forWall wall: Int64) -> Int {
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid].wallEnd <= wall { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Wall times below this are covered (offsets never exceed ±26 h, so two days is a safe margin).
    var coveredWall: Int64 { completeUntil == .max ? .max : completeUntil - 2 * 86_400 }
}
