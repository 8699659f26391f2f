import TodoModel

/// Everything found in one task's words, before resolution against the clock.
struct SegmentEntities: Sendable {
    var day: DayPhrase?
    /// Whether the day phrase came before any title word ("tomorrow: dentist …"), which makes
    /// it shared by the other tasks of the message.
    var dayLeads = false
    var period: DayPeriod?
    var clock: ClockTime?
    /// "in 2 hours": an exact amount from now.
    var fromNow: Duration?
    var zone: String?
    var rule: RecurrenceRule?
    var untilDay: DayPhrase?
    var startDay: DayPhrase?
    /// "for the next 7 days"; `forNext` tells whether "next" was said.
    var forDuration: Duration?
    var forNext = false
    var times: Int?
    var fromCompletion = false
    /// "except weekends", "except fridays": weekdays taken out of the rule.
    var exceptDays: [Int] = []
    /// A second due date in the same words ("from today to tomorrow" read as two dues).
    var conflictingDays = false
    var reminders: [ReminderMatcher.Spec] = []
    var reminderCue = false
    var priority: Priority?
    var tags: [String] = []
    var quotedTitle: String?
    /// The tokens left over for the title, in order.
    var rest: [Token] = []

    var hasDate: Bool { day != nil || clock != nil || period != nil || fromNow != nil || untilDay != nil || startDay != nil }
    var hasEntities: Bool { hasDate || rule != nil || priority != nil || !tags.isEmpty || !reminders.isEmpty || forDuration != nil }

    /// Takes the date of another task of the same message (the shared-date rule).
    mutating func inheritDate(from other: SegmentEntities, dayOnly: Bool) {
        day = other.day
        zone = other.zone
        if !dayOnly {
            period = other.period
            clock = other.clock
            fromNow = other.fromNow
        }
    }
}
