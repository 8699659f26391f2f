import Foundation

/// How a wall-clock time became an instant (RFC 5545 §3.3.5).
public enum WallClockResolution: Sendable, Hashable {
    /// The wall time exists once.
    case exact
    /// The wall time falls in a gap (clocks jumped forward): it is read with the offset before
    /// the gap, so the occurrence moves forward by the gap's length (02:30 → 03:30).
    case shiftedForward(seconds: Int)
    /// The wall time occurs twice (clocks fell back): the first of the two instants is taken.
    case firstOfRepeated
}

/// A wall time resolved to an instant and the offset shown with it.
struct ResolvedWall: Sendable {
    /// UTC seconds.
    var utc: Int64
    /// The offset at `utc`: the displayed wall time is `utc + offset`.
    var offset: Int32
    /// 0 exact, 1 gap, 2 overlap; see `resolution`.
    var kind: UInt8

    func resolution(nominal wall: Int64) -> WallClockResolution {
        switch kind {
        case 1: .shiftedForward(seconds: Int(utc + Int64(offset) - wall))
        case 2: .firstOfRepeated
        default: .exact
        }
    }
}

/// Converts wall-clock times in one zone to instants. It remembers the segment between two
/// transitions that the last time fell in, so monotone sequences (what expansion produces)
/// cost one comparison pair per time.
struct ZoneCursor: Sendable {
    let timeZone: TimeZone
    private var rules: ZoneRules
    // The current segment: [low, plainEnd) is read with `offset`; [plainEnd, high) is the gap
    // or overlap of `transition`.
    private var low: Int64 = .max
    private var plainEnd: Int64 = .min
    private var offset: Int32 = 0
    private var transition: ZoneTransition?

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.rules = ZoneRulesCache.rules(for: timeZone, covering: ZoneRules.initialHorizon - 1)
    }

    @inline(__always)
    mutating func resolve(_ wall: Int64) -> ResolvedWall {
        if wall >= low, wall < plainEnd { return ResolvedWall(utc: wall - Int64(offset), offset: offset, kind: 0) }
        return resolveSlowly(wall)
    }

    private mutating func resolveSlowly(_ wall: Int64) -> ResolvedWall {
        if wall >= rules.coveredWall {
            rules = ZoneRulesCache.rules(for: timeZone, covering: wall + 2 * 86_400)
        }
        let index = rules.segmentIndex(forWall: wall)
        let transitions = rules.transitions
        if index == 0 {
            low = .min
            offset = rules.initialOffset
        } else {
            low = transitions[index - 1].wallEnd
            offset = transitions[index - 1].after
        }
        if index < transitions.count {
            transition = transitions[index]
            plainEnd = transitions[index].wallStart
        } else {
            transition = nil
            plainEnd = rules.coveredWall
        }
        if wall < plainEnd { return ResolvedWall(utc: wall - Int64(offset), offset: offset, kind: 0) }
        // In the transition's special stretch (between wallStart and wallEnd).
        let change = transition!
        let utc = wall - Int64(change.before)
        if change.after > change.before {
            // Gap: read with the offset before it; the instant shows on the new clock.
            return ResolvedWall(utc: utc, offset: change.after, kind: 1)
        }
        return ResolvedWall(utc: utc, offset: change.before, kind: 2)
    }

    /// The offset in force at a UTC instant.
    mutating func offset(atUTC instant: Int64) -> Int32 {
        if instant >= rules.completeUntil {
            rules = ZoneRulesCache.rules(for: timeZone, covering: instant)
        }
        return rules.offset(atUTC: instant)
    }

    /// The wall time shown at a UTC instant.
    mutating func wall(atUTC instant: Int64) -> Int64 { instant + Int64(offset(atUTC: instant)) }
}
