/// Facts about one calendar year that day filtering keeps asking for.
struct CalendarYear: Sendable {
    let year: Int
    /// Days since 1970-01-01 of January 1.
    let firstDay: Int
    let length: Int
    let leap: Bool

    init(_ year: Int) {
        self.year = year
        firstDay = CivilCalendar.firstDay(ofYear: year)
        leap = CivilDate.isLeapYear(year)
        length = leap ? 366 : 365
    }

    func contains(day: Int) -> Bool { day >= firstDay && day < firstDay + length }

    /// Month (1…12) of a 0-based day of the year.
    @inline(__always)
    func month(ofDayOfYear doy: Int) -> Int {
        var month = doy / 31 + 1
        while month < 12, doy >= CivilCalendar.daysBeforeMonth(month + 1, leap: leap) { month += 1 }
        return month
    }
}
