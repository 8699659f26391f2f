extension RecurrenceRule {
    /// Valid but probably unintended parts, e.g. "BYMONTHDAY=31 skips months with fewer days;
    /// did you mean BYMONTHDAY=-1?". `RecurrenceSet.warnings` adds those that depend on DTSTART.
    public var warnings: [RecurrenceWarning] {
        var warnings: [RecurrenceWarning] = []
        let months = byMonth.isEmpty ? Array(1...12) : byMonth
        // February counts with 29 days: a day that exists in a leap year is not "never".
        let longest = months.map { CivilDate.daysInMonth(year: 2000, month: $0) }.max() ?? 31
        let shortest = months.map { CivilDate.daysInMonth(year: 2001, month: $0) }.min() ?? 28

        for day in byMonthDay where abs(day) > shortest {
            let magnitude = abs(day)
            if magnitude > longest {
                warnings.append(RecurrenceWarning(.neverOccurs, part: "BYMONTHDAY", "BYMONTHDAY=\(day) never occurs: \(Self.monthList(months)) \(months.count == 1 ? "has" : "have") fewer days"))
            } else if months == [2] {
                warnings.append(RecurrenceWarning(.leapYearsOnly, part: "BYMONTHDAY", "BYMONTHDAY=\(day) in February occurs only in leap years"))
            } else {
                let alternative = day > 0 ? "BYMONTHDAY=-1" : "BYMONTHDAY=1"
                let suggestion = byMonthDay.contains(day > 0 ? -1 : 1) ? "" : "; did you mean \(alternative)?"
                warnings.append(RecurrenceWarning(.skipsShortMonths, part: "BYMONTHDAY", "BYMONTHDAY=\(day) skips months with fewer days\(suggestion)"))
            }
        }
        for day in byYearDay where abs(day) == 366 {
            warnings.append(RecurrenceWarning(.leapYearsOnly, part: "BYYEARDAY", "BYYEARDAY=\(day) occurs only in leap years"))
        }
        for week in byWeekNo where abs(week) == 53 {
            warnings.append(RecurrenceWarning(.notEveryPeriod, part: "BYWEEKNO", "BYWEEKNO=\(week) occurs only in years with 53 weeks"))
        }
        for entry in byDay {
            guard let ordinal = entry.ordinal else { continue }
            if ordinalsCountWithinMonth {
                if abs(ordinal) > 5 {
                    warnings.append(RecurrenceWarning(.neverOccurs, part: "BYDAY", "BYDAY=\(entry) never occurs: a month has at most five \(entry.weekday.name)s"))
                } else if abs(ordinal) == 5 {
                    warnings.append(RecurrenceWarning(.notEveryPeriod, part: "BYDAY", "BYDAY=\(entry) occurs only in months with five \(entry.weekday.name)s; the others are skipped"))
                }
            } else if abs(ordinal) == 53 {
                warnings.append(RecurrenceWarning(.notEveryPeriod, part: "BYDAY", "BYDAY=\(entry) occurs only in years with 53 \(entry.weekday.name)s"))
            }
        }
        let weekStartMatters = !byWeekNo.isEmpty || (frequency == .weekly && (interval > 1 || !bySetPos.isEmpty))
        if weekStart != .monday, !weekStartMatters {
            warnings.append(RecurrenceWarning(.noEffect, part: "WKST", "WKST=\(weekStart.code) has no effect here: it matters only for FREQ=WEEKLY with INTERVAL above 1 or BYSETPOS, and for BYWEEKNO"))
        }
        return warnings
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    private static func monthList(_ months: [Int]) -> String {
        let names = months.map { monthNames[$0 - 1] }
        return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
