import Foundation
import Recurrence

/// Expands a rule and returns RFC 3339 texts.
func expand(_ rule: String, from start: String, in zone: String = "America/New_York", count: Int = 100,
            rdates: [String] = [], exdates: [String] = []) throws -> [String] {
    try RecurrenceSet(rule: rule, start: start, timeZone: zone, rdates: rdates, exdates: exdates)
        .occurrences(count: count).map(\.rfc3339)
}

/// Expands a rule and returns the local dates only, `YYYY-MM-DD`.
func days(_ rule: String, from start: String, in zone: String = "America/New_York", count: Int = 100,
          exdates: [String] = []) throws -> [String] {
    try RecurrenceSet(rule: rule, start: start, timeZone: zone, exdates: exdates)
        .occurrences(count: count).map(\.date.description)
}

/// `"1997-09-02"` etc. from compact month/day lists.
func dates(_ year: Int, _ month: Int, _ days: [Int]) -> [String] {
    days.map { CivilDate(year: year, month: month, day: $0)!.description }
}

func instant(_ text: String) -> Date { RFC3339.parse(text)! }

func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier)! }
