extension RecurrenceRule {
    /// Checks value ranges and the combinations RFC 5545 §3.3.10 forbids. `init` and the parser
    /// call it; call it again after mutating a rule's fields.
    public func validate() throws(RecurrenceError) {
        if interval < 1 {
            throw RecurrenceError(.outOfRange, part: "INTERVAL", "INTERVAL=\(interval) is out of range: it must be 1 or more")
        }
        if interval > Self.maximumInterval {
            throw RecurrenceError(.outOfRange, part: "INTERVAL", "INTERVAL=\(interval) is too large: at most \(Self.maximumInterval)")
        }
        if let count, count < 1 {
            throw RecurrenceError(.outOfRange, part: "COUNT", "COUNT=\(count) is out of range: it must be 1 or more")
        }
        if count != nil, until != nil {
            throw RecurrenceError(.conflict, part: "COUNT", "COUNT and UNTIL must not both be given (RFC 5545 §3.3.10): keep one of them")
        }
        try Self.check("BYMONTH", byMonth, 1...12, negative: false)
        try Self.check("BYWEEKNO", byWeekNo, 1...53, negative: true)
        try Self.check("BYYEARDAY", byYearDay, 1...366, negative: true)
        try Self.check("BYMONTHDAY", byMonthDay, 1...31, negative: true)
        try Self.check("BYHOUR", byHour, 0...23, negative: false)
        try Self.check("BYMINUTE", byMinute, 0...59, negative: false)
        if bySecond.contains(60) {
            throw RecurrenceError(.outOfRange, part: "BYSECOND", "BYSECOND=60 (a leap second) is not supported: use 0…59")
        }
        try Self.check("BYSECOND", bySecond, 0...59, negative: false)
        try Self.check("BYSETPOS", bySetPos, 1...366, negative: true)
        for entry in byDay {
            if let ordinal = entry.ordinal, ordinal == 0 || abs(ordinal) > 53 {
                throw RecurrenceError(.outOfRange, part: "BYDAY", "BYDAY=\(entry) is out of range: the ordinal must be 1…53 or -53…-1")
            }
        }

        let freq = "FREQ=\(frequency.rawValue)"
        if !byWeekNo.isEmpty, frequency != .yearly {
            throw RecurrenceError(.conflict, part: "BYWEEKNO", "BYWEEKNO is only allowed with FREQ=YEARLY, not \(freq) (RFC 5545 §3.3.10)")
        }
        if !byYearDay.isEmpty, frequency != .yearly {
            throw RecurrenceError(.conflict, part: "BYYEARDAY", "BYYEARDAY is only allowed with FREQ=YEARLY, not \(freq) (RFC 5545 §3.3.10)")
        }
        if !byMonthDay.isEmpty, frequency == .weekly {
            throw RecurrenceError(.conflict, part: "BYMONTHDAY", "BYMONTHDAY is not allowed with FREQ=WEEKLY (RFC 5545 §3.3.10): use FREQ=MONTHLY;BYMONTHDAY=…")
        }
        if let entry = byDay.first(where: { $0.ordinal != nil }) {
            if frequency == .daily || frequency == .weekly {
                throw RecurrenceError(.conflict, part: "BYDAY", "BYDAY=\(entry): an ordinal is only allowed with FREQ=MONTHLY or FREQ=YEARLY, not \(freq) (RFC 5545 §3.3.10); use BYDAY=\(entry.weekday.code)")
            }
            if frequency == .yearly, !byWeekNo.isEmpty {
                throw RecurrenceError(.conflict, part: "BYDAY", "BYDAY=\(entry): an ordinal is not allowed together with BYWEEKNO (RFC 5545 §3.3.10)")
            }
        }
        if !bySetPos.isEmpty, byMonth.isEmpty, byWeekNo.isEmpty, byYearDay.isEmpty, byMonthDay.isEmpty, byDay.isEmpty,
           byHour.isEmpty, byMinute.isEmpty, bySecond.isEmpty {
            throw RecurrenceError(.conflict, part: "BYSETPOS", "BYSETPOS needs another BYxxx part to pick from (RFC 5545 §3.3.10), e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
        }
    }

    /// Bounds day arithmetic far from overflow; 1,000,000 days is already beyond year 9999.
    public static let maximumInterval = 1_000_000

    private static func check(_ part: String, _ values: [Int], _ range: ClosedRange<Int>, negative: Bool) throws(RecurrenceError) {
        for value in values where !(range.contains(value) || (negative && range.contains(-value))) {
            let allowed = negative ? "\(range.lowerBound)…\(range.upperBound) or -\(range.upperBound)…-\(range.lowerBound)" : "\(range.lowerBound)…\(range.upperBound)"
            throw RecurrenceError(.outOfRange, part: part, "\(part)=\(value) is out of range: use \(allowed)")
        }
    }
}
