extension RecurrenceRule: CustomStringConvertible {
    /// Canonical RRULE text (without the `RRULE:` prefix): parts in a fixed order, INTERVAL
    /// only when not 1, WKST only when not Monday, values sorted. Parsing it gives back an
    /// equal rule.
    public var rrule: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=\(until)") }
        func add(_ name: String, _ values: [Int]) {
            if !values.isEmpty { parts.append(name + "=" + Self.normalized(values).map(String.init).joined(separator: ",")) }
        }
        add("BYMONTH", byMonth)
        add("BYWEEKNO", byWeekNo)
        add("BYYEARDAY", byYearDay)
        add("BYMONTHDAY", byMonthDay)
        if !byDay.isEmpty { parts.append("BYDAY=" + Self.normalized(byDay).map(\.description).joined(separator: ",")) }
        add("BYHOUR", byHour)
        add("BYMINUTE", byMinute)
        add("BYSECOND", bySecond)
        add("BYSETPOS", bySetPos)
        if weekStart != .monday { parts.append("WKST=\(weekStart.code)") }
        return parts.joined(separator: ";")
    }

    public var description: String { rrule }
}
