/// The date and date-time spellings the engine reads: RFC 3339 / ISO 8601 extended
/// (`2025-03-30`, `2025-03-30T08:00:00`, `2025-03-30T08:00:00+02:00`, `…Z`) and the iCalendar
/// basic forms RRULE, EXDATE and RDATE use (`20250330`, `20250330T080000`, `20250330T080000Z`).
enum DateTimeText: Sendable, Hashable {
    case date(CivilDate)
    /// A wall-clock time with no offset: local to whatever zone the caller applies.
    case local(LocalDateTime)
    /// A fixed instant: the wall time as written and its offset from UTC (`Z` = 0).
    case instant(LocalDateTime, offset: Int)

    static func parse(_ text: some StringProtocol) -> DateTimeText? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4) else { return nil }
        let extended = scanner.skip(UInt8(ascii: "-"))
        guard let month = scanner.digits(2) else { return nil }
        if extended, !scanner.skip(UInt8(ascii: "-")) { return nil }
        guard let day = scanner.digits(2), let date = CivilDate(year: year, month: month, day: day) else { return nil }
        if scanner.atEnd { return .date(date) }
        guard scanner.skip(UInt8(ascii: "T")) || scanner.skip(UInt8(ascii: "t")) || (extended && scanner.skip(UInt8(ascii: " "))) else {
            return nil
        }
        guard let hour = scanner.digits(2) else { return nil }
        if extended, !scanner.skip(UInt8(ascii: ":")) { return nil }
        guard let minute = scanner.digits(2) else { return nil }
        var second = 0
        if extended {
            // Seconds are optional in the extended form ("08:00" is common in hand-typed input).
            if scanner.skip(UInt8(ascii: ":")) {
                guard let value = scanner.digits(2) else { return nil }
                second = value
                // Fractions are accepted and dropped: recurrence works to the second.
                if scanner.skip(UInt8(ascii: ".")) {
                    guard scanner.skipDigits() > 0 else { return nil }
                }
            }
        } else {
            guard let value = scanner.digits(2) else { return nil }
            second = value
        }
        guard let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second) else { return nil }
        if scanner.atEnd { return .local(local) }
        if scanner.skip(UInt8(ascii: "Z")) || scanner.skip(UInt8(ascii: "z")) {
            return scanner.atEnd ? .instant(local, offset: 0) : nil
        }
        guard extended, let sign = scanner.sign(), let offsetHours = scanner.digits(2), scanner.skip(UInt8(ascii: ":")),
              let offsetMinutes = scanner.digits(2), scanner.atEnd, offsetHours <= 23, offsetMinutes <= 59 else { return nil }
        return .instant(local, offset: sign * (offsetHours * 3600 + offsetMinutes * 60))
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            position += count
            return value
        }

        mutating func skipDigits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - start
        }

        mutating func sign() -> Int? {
            if skip(UInt8(ascii: "+")) { return 1 }
            if skip(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}

extension CivilDate {
    /// Parses `YYYY-MM-DD` or `YYYYMMDD`; `nil` for anything else or a date that does not exist.
    public init?(_ text: some StringProtocol) {
        guard case .date(let date) = DateTimeText.parse(text) else { return nil }
        self = date
    }
}

extension LocalDateTime {
    /// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYYMMDDTHHMMSS` (no offset, no `Z`).
    public init?(_ text: some StringProtocol) {
        guard case .local(let local) = DateTimeText.parse(text) else { return nil }
        self = local
    }
}
