import Foundation
import TodoLanguage
import TodoModel

/// The language the chat answers in: the language of the message (detected by the engine),
/// so an Urdu-script message gets an Urdu-script reply and a Roman Urdu one a Roman Urdu
/// reply. English sentences are exactly the ones the chat has always said.
struct ChatVoice: Sendable {
    var language: MessageLanguage
    var currentYear: Int

    static let english = ChatVoice(language: .english, currentYear: 0)

    var isEnglish: Bool { language == .english }
    var urdu: UrduTaskWording { UrduTaskWording(script: language == .urdu, currentYear: currentYear) }

    /// English, Urdu script, Roman Urdu.
    func say(_ english: String, _ urduScript: String, _ roman: String) -> String {
        switch language {
        case .english: return english
        case .urdu: return urduScript
        case .romanUrdu: return roman
        }
    }

    private func q(_ title: String) -> String { ChatPhrasing.quoted(title) }

    func describe(_ task: TaskRecord, userZone: TimeZone) -> String {
        isEnglish ? TaskWording.describe(task, userZone: userZone) : urdu.describe(task, userZone: userZone)
    }

    func due(_ due: TaskDue, zone: String?) -> String {
        isEnglish ? ChatPhrasing.due(due, zone: zone) : urdu.date(due) + (zone.map { due.hasTime ? " (\($0))" : "" } ?? "")
    }

    // MARK: Sentences

    func added(_ description: String) -> String { say("Added \(description).", "شامل کر دیا: \(description)۔", "Shamil kar diya: \(description).") }
    func couldNotAdd(_ title: String, _ detail: String) -> String {
        say("I couldn't add \(q(title)): \(detail).", "\(q(title)) شامل نہیں ہو سکا: \(detail)۔", "\(q(title)) shamil nahi ho saka: \(detail).")
    }
    var whatToAdd: String { say("What should I add? " + ChatOutcome.helpText, "کیا شامل کروں؟ " + helpText, "Kya shamil karun? " + helpText) }
    func markedDone(_ title: String) -> String { say("Marked \(q(title)) done.", "\(q(title)) مکمل ہو گیا۔", "\(q(title)) mukammal ho gaya.") }
    func nextDue(_ when: String) -> String { say(" The next one is due \(when).", " اگلی بار: \(when)۔", " Agli baar: \(when).") }
    func reopened(_ title: String) -> String { say("Reopened \(q(title)).", "\(q(title)) دوبارہ کھول دیا۔", "\(q(title)) dobara khol diya.") }
    func deleted(_ title: String) -> String { say("Deleted \(q(title)).", "\(q(title)) ہٹا دیا۔", "\(q(title)) hata diya.") }
    func updated(_ description: String) -> String { say("Updated \(description).", "تبدیل کر دیا: \(description)۔", "Tabdeel kar diya: \(description).") }
    func couldNotChange(_ title: String, _ detail: String) -> String {
        say("I couldn't change \(q(title)): \(detail).", "\(q(title)) تبدیل نہیں ہو سکا: \(detail)۔", "\(q(title)) tabdeel nahi ho saka: \(detail).")
    }
    func whatToChange(_ target: String) -> String {
        say("What should I change about \(q(target))?", "\(q(target)) میں کیا تبدیل کروں؟", "\(q(target)) mein kya tabdeel karun?")
    }
    func notFound(_ target: String, completed: Bool) -> String {
        say("I couldn't find an \(completed ? "completed task" : "open task") matching \(q(target)).",
            "\(q(target)) سے ملتا کوئی \(completed ? "مکمل" : "باقی") کام نہیں ملا۔",
            "\(q(target)) se milta koi \(completed ? "mukammal" : "baqi") kaam nahi mila.")
    }
    func several(_ target: String, more: Int, shown: [String]) -> String {
        let englishMore = more > 0 ? " (and \(more) more)" : ""
        return say("Several tasks match \(q(target))\(englishMore): \(shown.joined(separator: "; ")). Which one do you mean?",
                   "\(q(target)) سے کئی کام ملتے ہیں\(more > 0 ? " (اور \(more) مزید)" : ""): \(shown.joined(separator: "؛ "))۔ آپ کون سا کہہ رہے ہیں؟",
                   "\(q(target)) se kai kaam milte hain\(more > 0 ? " (aur \(more) mazeed)" : ""): \(shown.joined(separator: "; ")). Aap kaun sa keh rahe hain?")
    }
    var whichTask: String { say("Which task do you mean?", "آپ کس کام کی بات کر رہے ہیں؟", "Aap kis kaam ki baat kar rahe hain?") }

    // MARK: Lists

    func listHeader(_ count: Int, more: Bool) -> String {
        let number = "\(count)\(more ? "+" : "")"
        return say(count == 1 ? "1 task:" : "\(number) tasks:", "\(number) کام:", "\(number) kaam:")
    }
    var doneMark: String { say(" (done)", " (مکمل)", " (mukammal)") }
    var noMatches: String { say("No tasks match that.", "ایسا کوئی کام نہیں ملا۔", "Aisa koi kaam nahi mila.") }
    func andMore(_ count: Int) -> String { say("…and \(count) more.", "…اور \(count) مزید۔", "…aur \(count) mazeed.") }

    // MARK: Confirmations

    func nothingToAct(_ operation: String) -> String {
        say("No tasks match that, so there is nothing to \(operation).", "ایسا کوئی کام نہیں ملا، اس لیے کچھ نہیں بدلا۔", "Aisa koi kaam nahi mila, is liye kuch nahi badla.")
    }
    var whatToChangeMany: String { say("What should I change about those tasks?", "ان کاموں میں کیا تبدیل کروں؟", "In kaamon mein kya tabdeel karun?") }
    func confirm(_ operation: String, count: Int, titles: String) -> String {
        let verb = ["complete": "completes", "reopen": "reopens", "delete": "deletes", "update": "changes"][operation] ?? operation
        let urduVerb = ["complete": ("مکمل کرے گا", "mukammal karega"), "reopen": ("دوبارہ کھولے گا", "dobara kholega"), "delete": ("ہٹا دے گا", "hata dega"), "update": ("تبدیل کرے گا", "tabdeel karega")][operation] ?? (operation, operation)
        return say("This \(verb) \(ChatPhrasing.plural(count, "task")): \(titles). Reply yes to confirm.",
                   "یہ \(count) کام \(urduVerb.0): \(titles)۔ تصدیق کے لیے \"ہاں\" لکھیں۔",
                   "Ye \(count) kaam \(urduVerb.1): \(titles). Tasdeeq ke liye \"haan\" likhein.")
    }
    var noLongerExist: String { say("Those tasks no longer exist, so nothing was changed.", "وہ کام اب موجود نہیں، اس لیے کچھ نہیں بدلا۔", "Wo kaam ab mojood nahi, is liye kuch nahi badla.") }

    // MARK: Undo and conversation

    var nothingToUndo: String { say("There is nothing to undo in this conversation.", "اس گفتگو میں واپس لینے کو کچھ نہیں۔", "Is guftagu mein wapas lene ko kuch nahi.") }
    func removedAgain(_ title: String) -> String { say("Removed \(title) again.", "\(title) دوبارہ ہٹا دیا۔", "\(title) dobara hata diya.") }
    func reopenedQuoted(_ title: String) -> String { say("Reopened \(title).", "\(title) دوبارہ کھول دیا۔", "\(title) dobara khol diya.") }
    func doneAgain(_ title: String) -> String { say("Marked \(title) done again.", "\(title) دوبارہ مکمل کر دیا۔", "\(title) dobara mukammal kar diya.") }
    func restored(_ description: String) -> String { say("Restored \(description).", "واپس لے آیا: \(description)۔", "Wapas le aaya: \(description).") }
    func putBack(_ description: String) -> String { say("Put back \(description).", "پہلے جیسا کر دیا: \(description)۔", "Pehle jaisa kar diya: \(description).") }
    func couldNotUndo(_ title: String, _ detail: String) -> String {
        say("I couldn't undo the change to \(title): \(detail).", "\(title) کی تبدیلی واپس نہیں ہو سکی: \(detail)۔", "\(title) ki tabdeeli wapas nahi ho saki: \(detail).")
    }
    var nothingLeftToUndo: String { say("There was nothing left to undo.", "واپس لینے کو کچھ نہیں بچا۔", "Wapas lene ko kuch nahi bacha.") }

    var helpText: String {
        say(ChatOutcome.helpText,
            "مجھے سیدھے الفاظ میں بتائیں، مثلاً: “ہر مہینے کی پہلی تاریخ کو کرایہ دینا، ایک دن پہلے یاد دلانا”، “کل صبح 9 بجے دودھ خریدنا”، “دودھ خریدنا ہو گیا”، “آج کے کام دکھاؤ”، “میٹنگ کو جمعہ 11 بجے کر دو” یا “واپس کرو”۔",
            "Mujhe seedhe alfaaz mein batayein, maslan: “har mahine ki pehli tareekh ko kiraya dena, ek din pehle yaad dilana”, “kal subah 9 baje doodh lena”, “doodh lena ho gaya”, “aaj ke kaam dikhao”, “meeting ko jumma 11 baje kar do” ya “undo karo”.")
    }
    var notUnderstood: String { say("Sorry, I didn't understand that. " + ChatOutcome.helpText, "معاف کیجیے، میں سمجھ نہیں سکا۔ " + helpText, "Maaf kijiye, main samajh nahi saka. " + helpText) }
    var cancelled: String { say("OK, I cancelled that — nothing was changed.", "ٹھیک ہے، منسوخ کر دیا — کچھ نہیں بدلا۔", "Theek hai, mansookh kar diya — kuch nahi badla.") }
    var nothingPending: String { say("There is nothing waiting for confirmation.", "کوئی بات تصدیق کی منتظر نہیں۔", "Koi baat tasdeeq ki muntazir nahi.") }
    var cancelledPending: String { say("I cancelled the pending request. ", "پچھلی درخواست منسوخ کر دی۔ ", "Pichli darkhwast mansookh kar di. ") }
}
