import Foundation
import TodoModel

/// A number in a message that reads as part of a date, time or duration but that the engine
/// cannot use: more digits than it ever reads as a number (it then stays in the title), or a
/// duration that lands past the last year a date may have. The chat and MCP name it in their
/// reply ("I can't use 99999999999999999999 as a number of days …") instead of answering as if
/// nothing were odd.
public struct UnusableNumber: Sendable, Equatable {
    /// The digits as written.
    public var number: String
    /// What it looked like: "a time of day", "a number of days", "a year", "an interval", …
    public var meaning: String
    /// Why it cannot be used.
    public var reason: String

    /// "I can't use 99999999999999999999 as a number of days: I read numbers of at most 6 digits."
    public var sentence: String {
        "I can't use \(Self.shown(number)) as \(meaning): \(reason)."
    }

    /// A very long number is shown by its first digits and its length.
    static func shown(_ digits: String) -> String {
        digits.count <= 24 ? digits : "\(digits.prefix(20))… (\(digits.count) digits)"
    }
}

extension LanguageEngine {
    /// The most digits a cardinal, count or amount in words may have (docs/limits.md).
    public static let maxNumberDigits = 6

    /// The numbers of `text` that look like part of a date, time or duration and cannot be
    /// used, at most `limit` of them. Text in quotes is a title and is not examined.
    public static func unusableNumbers(in text: String, now: Date, limit: Int = 3) -> [UnusableNumber] {
        let words = Tokenizer.tokenize(text).filter { $0.kind == .word || $0.kind == .punct }
        let currentYear = CivilTime.date(days: Int((now.timeIntervalSince1970 / 86_400).rounded(.down))).year
        var found: [UnusableNumber] = []
        for index in words.indices where words[index].isWord && found.count < limit {
            if let number = unusable(at: index, in: words, currentYear: currentYear) { found.append(number) }
        }
        return found
    }

    private static func unusable(at index: Int, in words: [Token], currentYear: Int) -> UnusableNumber? {
        let word = words[index].norm
        let previous = index > 0 && words[index - 1].isWord ? words[index - 1].norm : nil
        let next = index + 1 < words.count && words[index + 1].isWord ? words[index + 1].norm : nil
        let tooLong = "I read numbers of at most \(maxNumberDigits) digits"
        // "12/31/99999", "99999-01-01": a part longer than a year's four digits.
        if word.contains("/") || word.contains("-") || word.contains(".") {
            let parts = word.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
            guard parts.count >= 2, parts.allSatisfy({ isDigits($0) }), let long = parts.first(where: { $0.count > 4 }) else { return nil }
            return UnusableNumber(number: String(long), meaning: "part of a date", reason: "years go up to \(TaskFields.years.upperBound)")
        }
        // "99999999999999999999h", "3000000d": digits with a unit attached.
        let digits = word.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return nil }
        let suffix = String(word.dropFirst(digits.count))
        let unit: Lexicon.Unit?
        if suffix.isEmpty {
            unit = next.flatMap(Lexicon.unit)
        } else {
            guard let attached = Lexicon.unit(suffix) else { return nil }
            unit = attached
        }
        if let unit {
            let meaning = "a number of \(name(unit))"
            guard digits.count <= maxNumberDigits else { return UnusableNumber(number: String(digits), meaning: meaning, reason: tooLong) }
            // Within six digits, only years, months and weeks can pass the last year.
            let years = Double(Int(digits) ?? 0) * yearsPer(unit)
            guard Double(currentYear) + years > Double(TaskFields.years.upperBound) else { return nil }
            return UnusableNumber(number: String(digits), meaning: meaning, reason: "that is past the year \(TaskFields.years.upperBound), the last a date may have")
        }
        guard suffix.isEmpty else { return nil }
        let afterMonth = previous.flatMap(Lexicon.month) != nil
            || (index >= 2 && words[index - 2].isWord && Lexicon.month(words[index - 2].norm) != nil && previous.map { isDigits($0) } == true)
        if afterMonth, digits.count > 4 {
            return UnusableNumber(number: String(digits), meaning: "a year", reason: "years go up to \(TaskFields.years.upperBound)")
        }
        guard digits.count > maxNumberDigits else { return nil }
        switch previous ?? "" {
        case "at": return UnusableNumber(number: String(digits), meaning: "a time of day", reason: tooLong)
        case "every": return UnusableNumber(number: String(digits), meaning: "an interval", reason: tooLong)
        case "in", "by", "on", "before", "after", "until", "for", "within":
            return UnusableNumber(number: String(digits), meaning: "a date or a duration", reason: tooLong)
        default: return nil
        }
    }

    private static func isDigits<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func name(_ unit: Lexicon.Unit) -> String {
        switch unit {
        case .minute: return "minutes"
        case .hour: return "hours"
        case .day: return "days"
        case .week: return "weeks"
        case .month: return "months"
        case .year: return "years"
        }
    }

    private static func yearsPer(_ unit: Lexicon.Unit) -> Double {
        switch unit {
        case .minute: return 1 / 525_960
        case .hour: return 1 / 8_766
        case .day: return 1 / 365.25
        case .week: return 7 / 365.25
        case .month: return 1 / 12
        case .year: return 1
        }
    }
}
