/// Clock times: "5pm", "5 pm", "5:30pm", "17:00", "17h30", "at 9", "9 o'clock", "noon",
/// "midnight", "half past 4", "quarter to 5", "end of day".
enum TimeMatcher {
    /// A time written so that it cannot be anything else ("5pm", "17:00", "6:45am", "5 pm").
    static func clock(_ tokens: [Token], _ i: Int) -> (ClockTime, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        let word = tokens[i].norm
        if let range = timeRange(word) { return (range, i + 1) }
        if let parsed = parseClock(word) {
            var time = parsed
            var end = i + 1
            if !time.settled, let meridiem = meridiem(tokens, end) {
                guard time.hour >= 1, time.hour <= 12 else { return nil }
                time = apply(meridiem, to: time)
                end += 1
            } else if !time.settled && !word.contains(":") && !word.contains(".") && !word.contains("h") {
                // A bare number is a time only with "o'clock" (or after "at", see `atTime`).
                guard end < tokens.count, tokens[end].is("oclock") else { return nil }
                end += 1
            } else if end < tokens.count, tokens[end].is("oclock") {
                end += 1
            }
            return (time, end)
        }
        return nil
    }

    /// A time after "at", "by", "around", "before", "after" or "from": also takes a bare hour
    /// ("at 9"), "noon", "half past 4".
    static func atTime(_ tokens: [Token], _ i: Int) -> (ClockTime, Int)? {
        if let named = namedTime(tokens, i) { return named }
        if let time = clock(tokens, i) { return time }
        guard i < tokens.count, tokens[i].isWord else { return nil }
        // "at 0730", "at 1915": a 24-hour clock written without a colon.
        let word = tokens[i].norm
        if word.count == 4, word.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(word), value / 100 < 24, value % 100 < 60 {
            return (ClockTime(hour: value / 100, minute: value % 100, settled: true), i + 1)
        }
        if let parsed = parseClock(tokens[i].norm), !parsed.settled, parsed.hour <= 12 {
            // "at 5" but not "at 5 days" or "at 5 people".
            if i + 1 < tokens.count, tokens[i + 1].isWord, Lexicon.unit(tokens[i + 1].norm) != nil { return nil }
            return (parsed, i + 1)
        }
        if let hour = Lexicon.number(tokens[i].norm), (1...12).contains(hour), tokens[i].norm.first?.isLetter == true {
            // "at five", "at seven thirty"
            var end = i + 1
            var minute = 0
            if end < tokens.count, let extra = Lexicon.number(tokens[end].norm), extra >= 10, extra < 60, tokens[end].norm.first?.isLetter == true {
                minute = extra
                end += 1
            }
            var time = ClockTime(hour: hour, minute: minute, settled: false)
            if let meridiem = meridiem(tokens, end) {
                time = apply(meridiem, to: time)
                end += 1
            } else if end < tokens.count, tokens[end].is("oclock") {
                end += 1
            }
            return (time, end)
        }
        return nil
    }

    /// "noon", "midnight", "half past 4", "quarter past 3", "quarter to 5", "end of day".
    static func namedTime(_ tokens: [Token], _ i: Int) -> (ClockTime, Int)? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        switch tokens[i].norm {
        case "noon", "midday":
            return (ClockTime(hour: 12, minute: 0, settled: true), i + 1)
        case "midnight":
            // The end of the day named, not the start of the next one.
            return (ClockTime(hour: 23, minute: 59, settled: true), i + 1)
        case "half", "quarter":
            guard i + 2 < tokens.count, tokens[i + 1].isAny(["past", "after", "to", "till"]),
                  let (base, end) = hourWord(tokens, i + 2) else { return nil }
            let minutes = tokens[i].norm == "half" ? 30 : 15
            if tokens[i + 1].isAny(["past", "after"]) {
                return (ClockTime(hour: base.hour, minute: minutes, settled: base.settled), end)
            }
            guard tokens[i].norm == "quarter" else { return nil }
            let hour = base.hour == 0 ? 23 : base.hour - 1
            return (ClockTime(hour: hour, minute: 45, settled: base.settled), end)
        default:
            return nil
        }
    }

    private static func hourWord(_ tokens: [Token], _ i: Int) -> (ClockTime, Int)? {
        guard i < tokens.count else { return nil }
        guard let hour = Lexicon.number(tokens[i].norm), (0...23).contains(hour) else { return nil }
        var time = ClockTime(hour: hour, minute: 0, settled: hour > 12)
        var end = i + 1
        if let meridiem = meridiem(tokens, end), hour <= 12 {
            time = apply(meridiem, to: time)
            end += 1
        }
        return (time, end)
    }

    enum Meridiem { case am, pm }

    private static func meridiem(_ tokens: [Token], _ i: Int) -> Meridiem? {
        guard i < tokens.count, tokens[i].isWord else { return nil }
        switch tokens[i].norm {
        case "am": return .am
        case "pm": return .pm
        default: return nil
        }
    }

    private static func apply(_ meridiem: Meridiem, to time: ClockTime) -> ClockTime {
        var hour = time.hour % 12
        if meridiem == .pm { hour += 12 }
        return ClockTime(hour: hour, minute: time.minute, settled: true)
    }

    /// "2-3pm", "2pm-3pm", "14:00-15:30": a task takes the start; an unsettled start takes the
    /// end's half of the day when that keeps it before the end ("2-3pm" is 14:00).
    private static func timeRange(_ word: String) -> ClockTime? {
        let parts = word.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, var start = parseClock(parts[0]), let end = parseClock(parts[1]), end.settled || start.settled else { return nil }
        if !start.settled {
            let pmStart = (start.hour % 12) + 12
            start = ClockTime(hour: end.hour >= 12 && pmStart <= end.hour ? pmStart : start.hour % 12, minute: start.minute, settled: true)
        }
        return start
    }

    /// Reads one token: "5", "5pm", "5:30", "5:30pm", "5.30pm", "17:00", "17h", "17h30".
    static func parseClock(_ word: String) -> ClockTime? {
        var hour = 0, minute = 0, digits = 0, minuteDigits = 0
        var seenSeparator = false
        var suffix = Substring("")
        var index = word.startIndex
        while index < word.endIndex {
            let character = word[index]
            if let value = character.wholeNumberValue, character.isASCII {
                // No clock has more than four digits before the separator or two after: stop
                // before the arithmetic can overflow on "at 99999999999999999999".
                guard digits < 4, minuteDigits < 2 || !seenSeparator else { return nil }
                if seenSeparator {
                    minute = minute * 10 + value
                    minuteDigits += 1
                } else {
                    hour = hour * 10 + value
                    digits += 1
                }
            } else if (character == ":" || character == "." || character == "h") && !seenSeparator && digits > 0 {
                seenSeparator = true
                if character == "h" {
                    // "17h" / "17h30": a 24-hour clock.
                    let rest = word[word.index(after: index)...]
                    guard rest.allSatisfy({ $0.isASCII && $0.isNumber }), rest.count == 0 || rest.count == 2 else { return nil }
                    if let value = Int(rest) { minute = value }
                    guard hour < 24, minute < 60 else { return nil }
                    return ClockTime(hour: hour, minute: minute, settled: true)
                }
            } else {
                suffix = word[index...]
                break
            }
            index = word.index(after: index)
        }
        // "530pm", "1130am": hours and minutes run together before am/pm.
        if !seenSeparator, digits == 3 || digits == 4, !suffix.isEmpty {
            minute = hour % 100
            hour /= 100
            guard minute < 60 else { return nil }
            seenSeparator = true
            minuteDigits = 2
        }
        guard digits >= 1, digits <= 2 || (seenSeparator && minuteDigits == 2 && digits <= 4), !seenSeparator || minuteDigits == 2, hour < 24, minute < 60 else { return nil }
        switch suffix {
        case "":
            // "17:00" is settled; "5:30" and "5" are not.
            return ClockTime(hour: hour, minute: minute, settled: hour == 0 || hour > 12)
        case "am", "a.m.", "a.m":
            guard hour >= 1, hour <= 12 else { return nil }
            return ClockTime(hour: hour % 12, minute: minute, settled: true)
        case "pm", "p.m.", "p.m":
            guard hour >= 1, hour <= 12 else { return nil }
            return ClockTime(hour: hour % 12 + 12, minute: minute, settled: true)
        default:
            return nil
        }
    }
}
