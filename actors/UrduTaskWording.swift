import Foundation
import TodoModel

/// A task, a date or a rule in Urdu words, in Urdu script or in Roman Urdu: the way the chat
/// confirms what it did when the message was Urdu. Dates read as an Urdu reader writes them —
/// weekday, day and month, then the time with its part of the day ("جمعرات، 27 نومبر، صبح 9
/// بجے", "jumeraat, 27 November, subah 9 baje"); quarter and half hours as said (سوا، ساڑھے،
/// پونے، ڈیڑھ، ڈھائی). Fixed forms built from integers, like `ChatPhrasing`.
struct UrduTaskWording: Sendable {
    /// Urdu script when true, else Roman Urdu.
    let script: Bool
    /// Dates in this year leave the year out.
    let currentYear: Int

    private static let weekdaysUrdu = ["پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار"]
    private static let weekdaysRoman = ["peer", "mangal", "budh", "jumeraat", "jumma", "hafta", "itwaar"]
    private static let monthsUrdu = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"]
    private static let monthsRoman = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    private var comma: String { script ? "،" : "," }
    private var separator: String { script ? "؛ " : "; " }

    func pick(_ urdu: String, _ roman: String) -> String { script ? urdu : roman }

    /// Monday = 0 (day numbers count from 1970-01-01, a Thursday).
    private func weekday(_ day: Int) -> String {
        let index = ((day % 7) + 7 + 3) % 7
        return script ? Self.weekdaysUrdu[index] : Self.weekdaysRoman[index]
    }

    /// "جمعرات، 27 نومبر، صبح 9 بجے" / "jumeraat, 27 November, subah 9 baje".
    func date(_ due: TaskDue) -> String {
        var text = "\(weekday(due.dayNumber))\(comma) \(due.day) \(script ? Self.monthsUrdu[due.month - 1] : Self.monthsRoman[due.month - 1])"
        if due.year != currentYear { text += " \(due.year)" }
        if let seconds = due.secondOfDay { text += "\(comma) " + time(seconds) }
        return text
    }

    /// "صبح 9 بجے", "شام ساڑھے 6 بجے", "رات 10:20 بجے".
    func time(_ seconds: Int) -> String {
        let hour = seconds / 3_600 % 24, minute = seconds / 60 % 60
        let period: String
        switch hour {
        case 4...11: period = pick("صبح", "subah")
        case 12...15: period = pick("دوپہر", "dopahar")
        case 16...18: period = pick("شام", "shaam")
        default: period = pick("رات", "raat")
        }
        func twelve(_ h: Int) -> Int { h % 12 == 0 ? 12 : h % 12 }
        let baje = pick("بجے", "baje")
        let clock: String
        switch minute {
        case 0: clock = "\(twelve(hour)) \(baje)"
        case 15: clock = pick("سوا", "sawa") + " \(twelve(hour)) \(baje)"
        case 30 where twelve(hour) == 1: clock = pick("ڈیڑھ", "dedh") + " \(baje)"
        case 30 where twelve(hour) == 2: clock = pick("ڈھائی", "dhai") + " \(baje)"
        case 30: clock = pick("ساڑھے", "saade") + " \(twelve(hour)) \(baje)"
        case 45: clock = pick("پونے", "paune") + " \(twelve(hour + 1)) \(baje)"
        default: clock = "\(twelve(hour)):\(minute < 10 ? "0" : "")\(minute) \(baje)"
        }
        return "\(period) \(clock)"
    }

    /// “کرایہ دینا” — پیر، 1 دسمبر؛ ہر مہینے کی 1 تاریخ؛ یاد دہانی: اتوار، 30 نومبر، صبح 9 بجے؛ ضروری؛ #گھر
    func describe(_ task: TaskRecord, userZone: TimeZone) -> String {
        var details: [String] = []
        if let due = task.due {
            var text = date(due)
            if let zone = task.timeZone, due.hasTime { text += " (\(zone))" }
            details.append(text)
        }
        if let recurrence = task.recurrence { details.append(self.recurrence(recurrence)) }
        let zone = task.effectiveZone(userZone: userZone)
        let reminders = task.reminders.map { reminder -> String in
            if let at = reminder.at { return date(TaskDue(instant: at, in: zone)) }
            return before(minutes: reminder.minutesBefore ?? 0)
        }
        if !reminders.isEmpty { details.append(pick("یاد دہانی: ", "yaad dehani: ") + reminders.joined(separator: pick(" اور ", " aur "))) }
        if task.priority != .none { details.append(priority(task.priority)) }
        if !task.tags.isEmpty { details.append(task.tags.map { "#\($0)" }.joined(separator: " ")) }
        let title = ChatPhrasing.quoted(task.title)
        return details.isEmpty ? title : title + " — " + details.joined(separator: separator)
    }

    func priority(_ priority: Priority) -> String {
        switch priority {
        case .urgent: return pick("بہت ضروری", "bohat zaroori")
        case .high: return pick("ضروری", "zaroori")
        case .medium: return pick("درمیانی ترجیح", "darmiyani tarjeeh")
        case .low: return pick("کم ترجیح", "kam tarjeeh")
        default: return ""
        }
    }

    /// "15 منٹ پہلے", "1 دن پہلے".
    func before(minutes: Int) -> String {
        if minutes == 0 { return pick("وقت پر", "waqt par") }
        if minutes % 1_440 == 0 { return "\(minutes / 1_440) " + pick("دن پہلے", "din pehle") }
        if minutes % 60 == 0 { return "\(minutes / 60) " + pick("گھنٹے پہلے", "ghante pehle") }
        return "\(minutes) " + pick("منٹ پہلے", "minute pehle")
    }

    /// "روزانہ", "ہر دوسرے دن", "ہر پیر اور جمعہ", "ہر مہینے کی 1 تاریخ"; parts it cannot say are
    /// shown as the RRULE, so nothing is misreported.
    func recurrence(_ recurrence: TaskRecurrence) -> String {
        var parts: [String: String] = [:]
        for item in recurrence.rrule.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0].uppercased()] = pair[1] }
        }
        let known: Set<String> = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"]
        let raw = pick("دہرایا جانے والا", "dohraya jane wala") + " (\(recurrence.rrule))"
        guard Set(parts.keys).isSubset(of: known) else { return raw }
        let interval = Int(parts["INTERVAL"] ?? "1") ?? 1
        let every = pick("ہر", "har")
        func step(_ urdu: String, _ roman: String) -> String {
            interval == 1 ? "\(every) \(pick(urdu, roman))" : interval == 2 ? "\(every) \(pick("دوسرے", "doosre")) \(pick(urdu, roman))" : "\(every) \(interval) \(pick(urdu, roman))"
        }
        var text: String
        switch parts["FREQ"] {
        case "DAILY": text = interval == 1 ? pick("روزانہ", "rozana") : step("دن", "din")
        case "WEEKLY":
            text = step("ہفتے", "hafte")
            if let byDay = parts["BYDAY"] {
                let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                let days = byDay.split(separator: ",").compactMap { codes.firstIndex(of: String($0)) }
                guard days.count == byDay.split(separator: ",").count else { return raw }
                let names = days.map { script ? Self.weekdaysUrdu[$0] : Self.weekdaysRoman[$0] }
                let joined = names.count > 1 ? names.dropLast().joined(separator: "\(comma) ") + pick(" اور ", " aur ") + names.last! : names[0]
                text = interval == 1 ? "\(every) \(joined)" : text + " " + joined
            }
        case "MONTHLY":
            text = step("مہینے", "mahine")
            if let monthDay = parts["BYMONTHDAY"] {
                guard let day = Int(monthDay) else { return raw }
                text += day == -1 ? pick(" کی آخری تاریخ", " ki aakhri tareekh") : pick(" کی \(day) تاریخ", " ki \(day) tareekh")
            } else if parts["BYDAY"] != nil {
                return raw
            }
        case "YEARLY": text = step("سال", "saal")
        default: return raw
        }
        if recurrence.anchor == .completion { text += pick(" (مکمل کرنے کے بعد سے)", " (mukammal karne ke baad se)") }
        if let count = parts["COUNT"] { text += "\(comma) \(count) " + pick("بار", "baar") }
        if let until = parts["UNTIL"], until.count >= 8, let year = Int(until.prefix(4)), let month = Int(until.dropFirst(4).prefix(2)),
           let day = Int(until.dropFirst(6).prefix(2)), (1...12).contains(month), (1...31).contains(day) {
            text += "\(comma) " + date(TaskDue(year: year, month: month, day: day)) + " " + pick("تک", "tak")
        }
        return text
    }
}
