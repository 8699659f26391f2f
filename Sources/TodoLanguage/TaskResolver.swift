import Foundation
import TodoModel

/// Resolves one task's entities against the clock: the due (or first occurrence), the
/// RRULE with COUNT/UNTIL, and absolute reminders.
enum TaskResolver {
    struct Resolved: Sendable {
        var task: ParsedTask
        var clarification: String?
    }

    static func resolve(_ entities: SegmentEntities, title: String, _ clock: Clock) -> Resolved {
        var task = ParsedTask(title: title, priority: entities.priority ?? .none, tags: entities.tags)
        var clarification: String?
        let zone = entities.zone.flatMap(TimeZone.init(identifier:)) ?? clock.zone
        task.timeZone = entities.zone

        var rule = entities.rule
        if rule == nil, entities.forNext, let duration = entities.forDuration, duration.days + duration.weeks > 0 {
            // "take vitamins for the next 7 days": daily for that long.
            rule = RecurrenceRule(frequency: .daily)
        }
        if let unsupported = rule, !unsupported.frequency.isSupported {
            clarification = Clarifications.unsupportedRepeat(title)
            rule = nil
        }
        let second = timeOfDay(entities, rule: rule)

        if var rule {
            if !entities.exceptDays.isEmpty, [.daily, .weekly].contains(rule.frequency) {
                let days = rule.weekdays.isEmpty ? Array(0...6) : rule.weekdays
                rule.frequency = .weekly
                rule.weekdays = days.filter { !entities.exceptDays.contains($0) }
                if rule.weekdays.isEmpty { rule.weekdays = days }
            }
            let start: Int
            switch (entities.startDay ?? entities.day).map({ DayResolver.resolve($0, clock) }) {
            case .day(let day)?: start = day
            case .ambiguous(let first, let other)?:
                return Resolved(task: task, clarification: Clarifications.ambiguousDay(first, other, today: clock.today))
            default: start = clock.today
            }
            guard var first = rule.firstDay(onOrAfter: start) else { return Resolved(task: task, clarification: clarification) }
            // A time that has passed today means the next occurrence.
            if let second, first == clock.today, Clock.instant(day: first, secondOfDay: second, zone: zone) <= clock.now {
                first = rule.firstDay(onOrAfter: first + 1) ?? first
            }
            task.due = second.map { Clock.value(day: first, secondOfDay: $0, zone: zone) } ?? DateValue(day: first)
            applyEnd(&rule, entities, first: first, timed: second != nil, zone: zone, clock)
            if entities.fromCompletion { rule.fromCompletion = true }
            task.rrule = rule.rrule
            task.anchor = rule.fromCompletion ? .completion : .schedule
        } else {
            switch oneOffDue(entities, second: second, zone: zone, clock) {
            case .value(let due): task.due = due
            case .ask(let question): clarification = clarification ?? question
            case .none: break
            }
        }

        let reminders = resolveReminders(entities, due: task.due, zone: zone, clock)
        switch reminders {
        case .values(let values): task.reminders = values
        case .ask(let question):
            if task.due != nil || clarification == nil { clarification = clarification ?? question }
        }
        return Resolved(task: task, clarification: clarification)
    }

    /// The time of day in seconds: a clock time (read with the period, if any), else the
    /// period's default, else the rule's ("every morning").
    private static func timeOfDay(_ entities: SegmentEntities, rule: RecurrenceRule?) -> Int? {
        if let clock = entities.clock { return clock.secondOfDay(period: entities.period ?? rule?.period) }
        if let period = entities.period { return period.defaultSecond }
        return rule?.period?.defaultSecond
    }

    // MARK: One-off due

    private enum DueOutcome {
        case value(DateValue)
        case ask(String)
        case none
    }

    private static func oneOffDue(_ entities: SegmentEntities, second: Int?, zone: TimeZone, _ clock: Clock) -> DueOutcome {
        if let fromNow = entities.fromNow {
            // Exact amounts from now, to the minute ("in 1 day and 2 hours": the day on the calendar).
            var base = clock.now
            if !fromNow.isCalendar, fromNow.days + fromNow.weeks + fromNow.months + fromNow.years > 0 {
                let day = Clock.addMonths(clock.today + fromNow.days + fromNow.weeks * 7, fromNow.months + fromNow.years * 12)
                base = Clock.instant(day: day, secondOfDay: clock.secondOfDay, zone: clock.zone)
            }
            let instant = (base + fromNow.minutes * 60) / 60 * 60
            return .value(DateValue(instant: instant, zone: zone))
        }
        guard let phrase = entities.day ?? entities.untilDay ?? entities.startDay else {
            guard let second else { return .none }
            // A time alone: today, or tomorrow once it has passed.
            var day = clock.today
            if Clock.instant(day: day, secondOfDay: second, zone: zone) <= clock.now { day += 1 }
            return .value(Clock.value(day: day, secondOfDay: second, zone: zone))
        }
        switch DayResolver.resolve(phrase, clock) {
        case .day(var day):
            guard var second else { return .value(DateValue(day: day)) }
            // "tonight" said after 19:00 means later tonight: 22:00.
            if day == clock.today, entities.clock == nil, entities.period == .evening,
               Clock.instant(day: day, secondOfDay: second, zone: zone) <= clock.now {
                second = DayPeriod.night.defaultSecond
            }
            // "friday 9am" said on a Friday at 10: next week's Friday.
            if case .weekday(_, .bare) = phrase, day == clock.today, Clock.instant(day: day, secondOfDay: second, zone: zone) <= clock.now {
                day += 7
            }
            return .value(Clock.value(day: day, secondOfDay: second, zone: zone))
        case .ambiguous(let first, let other):
            return .ask(Clarifications.ambiguousDay(first, other, today: clock.today))
        case .invalid:
            return .none
        }
    }

    // MARK: COUNT and UNTIL

    private static func applyEnd(_ rule: inout RecurrenceRule, _ entities: SegmentEntities, first: Int, timed: Bool, zone: TimeZone, _ clock: Clock) {
        if let times = entities.times {
            rule.count = times
            return
        }
        var untilDay: Int?
        if let duration = entities.forDuration {
            // A whole number of steps becomes COUNT; anything else an UNTIL at the end of the span.
            if let (amount, unit) = duration.singleUnit, unit == rule.stepUnit, rule.oneOccurrencePerStep, amount % rule.interval == 0 {
                rule.count = amount / rule.interval
                return
            }
            if let (amount, unit) = duration.singleUnit, unit == .week, rule.frequency == .daily, rule.weekdays.isEmpty {
                rule.count = amount * 7 / rule.interval
                return
            }
            var end = clock.today + duration.days + duration.weeks * 7
            if duration.months != 0 || duration.years != 0 { end = Clock.addMonths(end, duration.months + duration.years * 12) }
            untilDay = end - 1
        } else if let phrase = entities.untilDay, case .day(let day) = DayResolver.resolve(phrase, clock) {
            untilDay = day
        }
        guard let untilDay else { return }
        let date = Clock.date(untilDay)
        if timed {
            // A timed series ends at the end of that day in its zone, written in UTC (RFC 5545).
            let instant = Clock.instant(day: untilDay, secondOfDay: 86_399, zone: zone)
            let utc = DateValue(instant: instant, zone: TimeZone(identifier: "UTC")!)
            let seconds = utc.local.secondOfDay ?? 0
            rule.until = "\(pad(utc.local.year, 4))\(pad(utc.local.month, 2))\(pad(utc.local.day, 2))T\(pad(seconds / 3_600, 2))\(pad(seconds / 60 % 60, 2))\(pad(seconds % 60, 2))Z"
        } else {
            rule.until = "\(pad(date.year, 4))\(pad(date.month, 2))\(pad(date.day, 2))"
        }
    }

    // MARK: Reminders

    private enum ReminderOutcome {
        case values([DateValue])
        case ask(String)
    }

    /// Date-only dues count relative reminders from 09:00 on the due day (as the task model does).
    static let dateOnlyReminderSecond = 9 * 3_600

    private static func resolveReminders(_ entities: SegmentEntities, due: DateValue?, zone: TimeZone, _ clock: Clock) -> ReminderOutcome {
        if entities.reminders.isEmpty {
            guard entities.reminderCue else { return .values([]) }
            guard let due else { return .ask(Clarifications.remindWhen("")) }
            return .values([base(of: due, zone: zone).value])
        }
        var instants: [Int] = []
        for spec in entities.reminders {
            switch spec {
            case .before(let duration, let at):
                guard let due else { return .ask(Clarifications.beforeWhat("")) }
                let start = base(of: due, zone: zone)
                // Calendar parts move the wall-clock date; hours and minutes are exact time.
                var target = start.day - duration.days - duration.weeks * 7
                if duration.months != 0 || duration.years != 0 { target = Clock.addMonths(target, -(duration.months + duration.years * 12)) }
                let time = at.map { $0.secondOfDay(period: nil) } ?? start.second
                instants.append(Clock.instant(day: target, secondOfDay: time, zone: zone) - duration.minutes * 60)
            case .at(let clockTime, let period):
                guard let due else { return .ask(Clarifications.remindWhen("")) }
                instants.append(Clock.instant(day: due.local.dayNumber, secondOfDay: clockTime.secondOfDay(period: period), zone: zone))
            case .on(let phrase, let clockTime, let period):
                guard case .day(let day) = DayResolver.resolve(phrase, clock) else { continue }
                let second = clockTime?.secondOfDay(period: period) ?? period?.defaultSecond ?? dateOnlyReminderSecond
                instants.append(Clock.instant(day: day, secondOfDay: second, zone: zone))
            }
        }
        let unique = Array(Set(instants)).sorted()
        return .values(unique.map { DateValue(instant: $0, zone: zone) })
    }

    private struct Base {
        let day: Int
        let second: Int
        let instant: Int
        let value: DateValue
    }

    /// The moment relative reminders count from: the due time, or 09:00 on a date-only due.
    private static func base(of due: DateValue, zone: TimeZone) -> Base {
        let day = due.local.dayNumber
        let second = due.local.secondOfDay ?? dateOnlyReminderSecond
        let instant = Clock.instant(day: day, secondOfDay: second, zone: zone)
        return Base(day: day, second: second, instant: instant, value: DateValue(instant: instant, zone: zone))
    }
}
