import Foundation

extension RecurrenceRule {
    /// Parses RRULE text: `FREQ=WEEKLY;BYDAY=MO,WE,FR`, optionally prefixed with `RRULE:`.
    /// Names and values are case-insensitive (RFC 5545 §3.1); one trailing `;` is tolerated.
    /// Errors name the part and value at fault and, where one exists, the fix.
    public init(parsing text: String) throws(RecurrenceError) {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        if body.hasSuffix(";") { body = body.dropLast() }
        if body.isEmpty {
            throw RecurrenceError(.syntax, "empty rule: expected NAME=VALUE parts such as FREQ=WEEKLY;BYDAY=MO")
        }

        var parsed = Parts()
        var seen: Set<String> = []
        for (index, raw) in body.split(separator: ";", omittingEmptySubsequences: false).enumerated() {
            if raw.isEmpty {
                throw RecurrenceError(.syntax, "empty rule part at position \(index + 1): two ';' in a row")
            }
            guard let equals = raw.firstIndex(of: "=") else {
                throw RecurrenceError(.syntax, "rule part '\(raw)' has no '=': expected NAME=VALUE, e.g. FREQ=DAILY")
            }
            // Spaces around names and values are not RFC 5545 but are common in typed rules.
            let name = raw[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
            let value = Substring(raw[raw.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard Self.partNames.contains(name) else { throw Self.unknownPart(name) }
            if value.isEmpty {
                throw RecurrenceError(.invalidValue, part: name, "\(name) has no value")
            }
            guard seen.insert(name).inserted else {
                throw RecurrenceError(.duplicatePart, part: name, "\(name) is given twice: each rule part may appear once (RFC 5545 §3.3.10)")
            }
            try parsed.set(name, value)
        }
        guard let frequency = parsed.frequency else {
            throw RecurrenceError(.missingFrequency, part: "FREQ", "missing FREQ: a rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
        }
        try self.init(
            frequency: frequency, interval: parsed.interval ?? 1, count: parsed.count, until: parsed.until,
            byMonth: parsed.byMonth, byWeekNo: parsed.byWeekNo, byYearDay: parsed.byYearDay,
            byMonthDay: parsed.byMonthDay, byDay: parsed.byDay, byHour: parsed.byHour, byMinute: parsed.byMinute,
            bySecond: parsed.bySecond, bySetPos: parsed.bySetPos, weekStart: parsed.weekStart ?? .monday
        )
    }

    static let partNames: Set<String> = [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY",
        "BYHOUR", "BYMINUTE", "BYSECOND", "BYSETPOS", "WKST",
    ]

    /// Misspellings that are too far from the real name for an edit-distance suggestion.
    private static let aliases: [String: String] = [
        "BYWEEKDAY": "BYDAY", "BYDAYS": "BYDAY", "WEEKDAY": "BYDAY", "BYWEEKDAYS": "BYDAY",
        "FREQUENCY": "FREQ", "WEEKSTART": "WKST", "WKSTART": "WKST", "BYMONTHS": "BYMONTH",
        "BYMONTHDAYS": "BYMONTHDAY", "BYHOURS": "BYHOUR", "BYMINUTES": "BYMINUTE", "BYSECONDS": "BYSECOND",
    ]

    private static func unknownPart(_ name: String) -> RecurrenceError {
        switch name {
        case "DTSTART", "EXDATE", "RDATE", "TZID", "DTEND", "DURATION":
            return RecurrenceError(.unknownPart, part: name, "\(name) is not a rule part: give it beside the rule, not inside RRULE")
        case "RSCALE", "SKIP":
            return RecurrenceError(.unknownPart, part: name, "\(name) (RFC 7529, non-Gregorian calendars) is not supported")
        default:
            break
        }
        if name.hasPrefix("X-") {
            return RecurrenceError(.unknownPart, part: name, "unknown rule part \(name): extension parts are not supported")
        }
        if let suggestion = aliases[name] ?? closestPartName(to: name) {
            return RecurrenceError(.unknownPart, part: name, "unknown rule part \(name): did you mean \(suggestion)?")
        }
        return RecurrenceError(.unknownPart, part: name, "unknown rule part \(name): expected one of FREQ, INTERVAL, COUNT, UNTIL, BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY, BYHOUR, BYMINUTE, BYSECOND, BYSETPOS, WKST")
    }

    /// A part name within two edits (BYMONTHDAYY, BYSETPOST), alphabetically first on ties.
    private static func closestPartName(to name: String) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in partNames.sorted() {
            let distance = editDistance(candidate, name)
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    /// Values as read, before the rule's own validation of ranges and combinations.
    private struct Parts {
        var frequency: Frequency?
        var interval: Int?
        var count: Int?
        var until: Until?
        var byMonth: [Int] = []
        var byWeekNo: [Int] = []
        var byYearDay: [Int] = []
        var byMonthDay: [Int] = []
        var byDay: [WeekdayNumber] = []
        var byHour: [Int] = []
        var byMinute: [Int] = []
        var bySecond: [Int] = []
        var bySetPos: [Int] = []
        var weekStart: Weekday?

        mutating func set(_ name: String, _ value: Substring) throws(RecurrenceError) {
            switch name {
            case "FREQ": frequency = try Self.frequency(value)
            case "INTERVAL": interval = try Self.integer(name, value, signed: false)
            case "COUNT": count = try Self.integer(name, value, signed: false)
            case "UNTIL": until = try Self.until(value)
            case "BYMONTH": byMonth = try Self.list(name, value, signed: false)
            case "BYWEEKNO": byWeekNo = try Self.list(name, value, signed: true)
            case "BYYEARDAY": byYearDay = try Self.list(name, value, signed: true)
            case "BYMONTHDAY": byMonthDay = try Self.list(name, value, signed: true)
            case "BYDAY": byDay = try Self.items(name, value).map { item throws(RecurrenceError) in try Self.weekdayNumber(item) }
            case "BYHOUR": byHour = try Self.list(name, value, signed: false)
            case "BYMINUTE": byMinute = try Self.list(name, value, signed: false)
            case "BYSECOND": bySecond = try Self.list(name, value, signed: false)
            case "BYSETPOS": bySetPos = try Self.list(name, value, signed: true)
            case "WKST":
                guard let day = Weekday(code: value) else {
                    throw RecurrenceError(.invalidValue, part: name, "WKST=\(value) is not a weekday: use MO, TU, WE, TH, FR, SA or SU")
                }
                weekStart = day
            default:
                break  // unreachable: the caller checked the name
            }
        }

        private static func frequency(_ value: Substring) throws(RecurrenceError) -> Frequency {
            let upper = value.uppercased()
            if let frequency = Frequency(rawValue: upper) { return frequency }
            switch upper {
            case "HOURLY", "MINUTELY", "SECONDLY":
                throw RecurrenceError(.unsupportedFrequency, part: "FREQ", "FREQ=\(upper) is not supported: tasks repeat at most daily; for several times a day use FREQ=DAILY with BYHOUR (e.g. FREQ=DAILY;BYHOUR=9,13,17)")
            default:
                throw RecurrenceError(.invalidValue, part: "FREQ", "FREQ=\(value) is not a frequency: use DAILY, WEEKLY, MONTHLY or YEARLY")
            }
        }

        private static func items(_ name: String, _ value: Substring) throws(RecurrenceError) -> [Substring] {
            let items = value.split(separator: ",", omittingEmptySubsequences: false)
            if items.contains(where: \.isEmpty) {
                throw RecurrenceError(.syntax, part: name, "\(name)=\(value) has an empty item: separate values with single commas")
            }
            return items
        }

        private static func list(_ name: String, _ value: Substring, signed: Bool) throws(RecurrenceError) -> [Int] {
            try items(name, value).map { item throws(RecurrenceError) in try integer(name, item, signed: signed) }
        }

        /// Digits with an optional sign (signed parts only); no spaces, no fractions.
        private static func integer(_ name: String, _ text: Substring, signed: Bool) throws(RecurrenceError) -> Int {
            var digits = text
            var negative = false
            if let first = digits.first, first == "+" || first == "-" {
                guard signed else {
                    throw RecurrenceError(.invalidValue, part: name, "\(name) value '\(text)' must not have a sign: use a plain number")
                }
                negative = first == "-"
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw RecurrenceError(.invalidValue, part: name, "\(name) value '\(text)' is not a whole number")
            }
            guard digits.count <= 9, let magnitude = Int(digits) else {
                throw RecurrenceError(.outOfRange, part: name, "\(name) value '\(text)' is too large")
            }
            return negative ? -magnitude : magnitude
        }

        private static func weekdayNumber(_ item: Substring) throws(RecurrenceError) -> WeekdayNumber {
            guard item.count >= 2, let weekday = Weekday(code: item.suffix(2)) else {
                throw RecurrenceError(.invalidValue, part: "BYDAY", "BYDAY value '\(item)' is not a weekday: use MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 1MO or -1FR")
            }
            let prefix = item.dropLast(2)
            if prefix.isEmpty { return WeekdayNumber(weekday) }
            guard let ordinal = try? integer("BYDAY", prefix, signed: true), prefix.count <= 3 else {
                throw RecurrenceError(.invalidValue, part: "BYDAY", "BYDAY value '\(item)' has an invalid ordinal '\(prefix)': use 1…53 or -53…-1, as in 2TU or -1FR")
            }
            return WeekdayNumber(weekday, ordinal: ordinal)
        }

        private static func until(_ value: Substring) throws(RecurrenceError) -> Until {
            switch DateTimeText.parse(value) {
            case .date(let date)?: return .date(date)
            case .local(let local)?: return .local(local)
            case .instant(let local, let offset)?:
                return .utc(Date(timeIntervalSince1970: TimeInterval(local.wallSeconds - Int64(offset))))
            case nil:
                throw RecurrenceError(.invalidValue, part: "UNTIL", "UNTIL=\(value) is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, with a trailing Z for UTC)")
            }
        }
    }
}
