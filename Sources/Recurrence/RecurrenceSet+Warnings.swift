import Foundation

extension RecurrenceSet {
    /// The rule's warnings plus those that depend on DTSTART: a start the rule does not
    /// generate, a start on the 29th–31st with a monthly rule, UNTIL before the start, a rule
    /// that yields nothing after the start.
    ///
    /// Computed on demand: checking that a rule ever occurs again may expand it to year 9999.
    public var warnings: [RecurrenceWarning] {
        guard let rule, let plan else { return [] }
        var warnings = rule.warnings
        let date = start.date

        if !rule.hasDayParts {
            if rule.frequency == .monthly, date.day > 28 {
                warnings.append(RecurrenceWarning(.skipsShortMonths, part: "BYMONTHDAY", "DTSTART is on day \(date.day): FREQ=MONTHLY repeats on day \(date.day) and skips months with fewer days (RFC 5545); add BYMONTHDAY=-1 for the last day of every month"))
            }
            if rule.frequency == .yearly, date.month == 2, date.day == 29, rule.byMonth.isEmpty || rule.byMonth == [2] {
                warnings.append(RecurrenceWarning(.leapYearsOnly, part: "BYMONTHDAY", "DTSTART is February 29: FREQ=YEARLY repeats only in leap years; use BYMONTH=2;BYMONTHDAY=-1 for the last day of February"))
            }
        }
        switch rule.until {
        case .date?:
            if !isDateOnly {
                warnings.append(RecurrenceWarning(.untilValueType, part: "UNTIL", "UNTIL is a date but DTSTART has a time: read as the end of that day in \(timeZone.identifier) (RFC 5545 wants a UTC date-time, e.g. UNTIL=20251231T225959Z)"))
            }
        case .local?, .utc?:
            if isDateOnly {
                warnings.append(RecurrenceWarning(.untilValueType, part: "UNTIL", "UNTIL has a time but DTSTART is a date: only its date counts (RFC 5545 wants UNTIL as a date, e.g. UNTIL=20251231)"))
            }
        case nil:
            break
        }
        if let untilKey, untilKey < startOccurrence.key {
            warnings.append(RecurrenceWarning(.untilBeforeStart, part: "UNTIL", "UNTIL=\(rule.until!) is before DTSTART \(start): only DTSTART occurs"))
        }

        var expansion = RuleExpansion(plan: plan, zone: ZoneCursor(timeZone: timeZone), dateOnly: isDateOnly)
        let first = expansion.next()
        if first?.nominalWall != startOccurrence.nominalWall {
            warnings.append(RecurrenceWarning(.startNotInRule, part: nil, "DTSTART \(start) (\(date.weekday.name)) is not an occurrence of the rule; it stays the first occurrence (RFC 5545), the rule's own occurrences follow"))
        }
        var next = first
        if next?.nominalWall == startOccurrence.nominalWall { next = expansion.next() }
        if next == nil, rule.count.map({ $0 > 1 }) ?? true {
            warnings.append(RecurrenceWarning(.neverOccurs, part: nil, "the rule yields no occurrence after DTSTART \(start)"))
        }
        return warnings
    }
}
