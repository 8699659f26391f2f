/// Reminder phrases inside a task: "remind me an hour before", "with a reminder 15 minutes
/// before", "remind me the day before and 2 hours before", "remind me at 8am", "alert me on
/// thursday". A "remind me (to)" that opens the message is read by `MessageCues` instead: there
/// the date that follows is the due, and the reminder is at the due.
enum ReminderMatcher {
    enum Spec: Sendable, Equatable {
        /// Before the due: calendar amounts keep the wall-clock time, exact ones subtract time.
        case before(Duration, at: ClockTime?)
        /// At a time on the due day.
        case at(ClockTime, DayPeriod?)
        /// On a day, at a time or 09:00.
        case on(DayPhrase, ClockTime?, DayPeriod?)
    }

    struct Match: Sendable {
        var specs: [Spec]
        var end: Int
    }

    static func match(_ tokens: [Token], _ i: Int) -> Match? {
        guard let cueEnd = cue(tokens, i) else { return nil }
        var k = cueEnd
        if k < tokens.count, tokens[k].isPunct, tokens[k].norm == ":" || tokens[k].norm == "," { k += 1 }
        var specs: [Spec] = []
        while let (spec, end) = self.spec(tokens, k) {
            specs.append(spec)
            k = end
            var next = k
            while next < tokens.count, tokens[next].is("and") || tokens[next].is("also") || (tokens[next].isPunct && tokens[next].norm == ",") { next += 1 }
            guard next > k, self.spec(tokens, next) != nil else { break }
            k = next
        }
        return Match(specs: specs, end: k)
    }

    /// "remind me", "remind", "reminder(s)", "with a reminder", "set a reminder", "alert me",
    /// "notify me", "ping me".
    private static func cue(_ tokens: [Token], _ i: Int) -> Int? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        var k = i
        if tokens[k].isAny(["with", "and", "set", "add", "plus"]), k + 1 < tokens.count { k += 1 }
        if tokens[k].isAny(["a", "an"]), k + 1 < tokens.count { k += 1 }
        if tokens[k].isAny(["reminder", "reminders", "alert", "alerts", "notification"]) {
            // "reminder" alone is a cue only when a time spec follows (else it is a noun in a title).
            guard spec(tokens, k + 1) != nil || (k + 2 < tokens.count && tokens[k + 1].isPunct && spec(tokens, k + 2) != nil) else { return nil }
            return k + 1
        }
        guard k == i, tokens[k].isAny(["remind", "alert", "notify", "ping", "nudge"]), k + 1 < tokens.count, tokens[k + 1].isAny(["me", "us"]) else { return nil }
        return k + 2
    }

    private static func spec(_ tokens: [Token], _ i: Int) -> (Spec, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        // "an hour before", "the day before at 6pm", "2 days earlier"
        if let (duration, end) = Duration.match(tokens, i), end < tokens.count, tokens[end].isAny(["before", "earlier", "prior", "ahead"]) {
            var k = end + 1
            if tokens[end].is("prior"), k < tokens.count, tokens[k].is("to") { k += 1 }
            var at: ClockTime?
            if k + 1 < tokens.count, tokens[k].is("at"), let (time, timeEnd) = TimeMatcher.atTime(tokens, k + 1) {
                at = time
                k = timeEnd
            }
            return (.before(duration, at: at), k)
        }
        // "the night before" = the evening before the due day.
        if tokens[i].is("the"), i + 2 < tokens.count, tokens[i + 1].is("night"), tokens[i + 2].is("before") {
            return (.before(Duration(days: 1), at: ClockTime(hour: 19, minute: 0, settled: true)), i + 3)
        }
        // "at 8am"
        if tokens[i].is("at"), let (time, end) = TimeMatcher.atTime(tokens, i + 1) {
            var k = end
            var period: DayPeriod?
            if let (named, periodEnd) = DateMatcher.periodAfter(tokens, k) {
                period = named
                k = periodEnd
            }
            return (.at(time, period), k)
        }
        // "on thursday (at 6pm)", "thursday morning"
        var k = i
        if tokens[k].is("on") { k += 1 }
        if let day = DateMatcher.match(tokens, k), !isRelativeAmount(day.phrase) {
            var end = day.end
            var time: ClockTime?
            if end + 1 < tokens.count, tokens[end].is("at"), let (clock, timeEnd) = TimeMatcher.atTime(tokens, end + 1) {
                time = clock
                end = timeEnd
            } else if let (clock, timeEnd) = TimeMatcher.clock(tokens, end) {
                time = clock
                end = timeEnd
            }
            return (.on(day.phrase, time, day.period), end)
        }
        return nil
    }

    private static func isRelativeAmount(_ phrase: DayPhrase) -> Bool {
        if case .monthsAhead = phrase { return true }
        return false
    }
}
