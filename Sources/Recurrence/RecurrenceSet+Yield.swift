extension RecurrenceSet {
    /// Refuses a rule that produces no instance after DTSTART within what one expansion may
    /// spend (`RuleExpansion.stepBudget`) or before the calendar ends (year 9999): such a
    /// series would cost a full budget on every query and never move on. COUNT, UNTIL and
    /// EXDATE are not applied here: a rule that ends early on purpose is not refused.
    public func checkYieldsWithinHorizon() throws(RecurrenceError) {
        guard let plan else { return }
        var expansion = RuleExpansion(plan: plan, zone: ZoneCursor(timeZone: timeZone), dateOnly: isDateOnly)
        while let occurrence = expansion.next() {
            if occurrence.key > startOccurrence.key { return }
        }
        if expansion.exhausted {
            throw RecurrenceError(.outOfRange, "the rule yields no occurrence after the first within \(RuleExpansion.stepBudget) candidate date-times; use fewer BYHOUR/BYMINUTE/BYSECOND values or a coarser FREQ")
        }
        throw RecurrenceError(.outOfRange, "the rule yields no occurrence after the first before the year 9999; check BYMONTH, BYMONTHDAY, BYYEARDAY and BYSETPOS")
    }
}
