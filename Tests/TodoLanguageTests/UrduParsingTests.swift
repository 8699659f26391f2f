import Foundation
import Testing
import TodoLanguage
import TodoModel

/// Urdu and Roman Urdu beyond the corpus: digits, letter forms, spelling variants, the two
/// readings of "kal" and "hafta", and the update shapes. Said on Wednesday 26 November 2025 at
/// 10:00 in Karachi (+05:00).
@Suite struct UrduParsingTests {
    static let karachi = "2025-11-26T10:00:00+05:00"

    private func read(_ text: String) -> ParseResult { parse(text, at: Self.karachi, tz: "Asia/Karachi") }
    private func task(_ text: String) -> ParsedTask? { onlyTask(text, at: Self.karachi, tz: "Asia/Karachi") }

    @Test func languageIsDetectedPerMessage() {
        #expect(MessageLanguage.detect("کل صبح 9 بجے دودھ خریدنا") == .urdu)
        #expect(MessageLanguage.detect("meeting کل") == .urdu, "one Arabic-script word makes it Urdu")
        #expect(MessageLanguage.detect("kal subah 9 baje doodh lena") == .romanUrdu)
        #expect(MessageLanguage.detect("madad") == .romanUrdu)
        #expect(MessageLanguage.detect("call mom tomorrow at 5") == .english)
        #expect(MessageLanguage.detect("email Ko about the project report") == .english, "one look-alike in a long English message stays English")
        #expect(read("buy milk").language == "en")
        #expect(read("دودھ خریدنا").language == "ur")
        #expect(read("doodh lena hai").language == "ur-Latn")
    }

    @Test func urduAndArabicIndicDigitsAndLetterForms() {
        #expect(task("کل صبح ۹ بجے دودھ خریدنا")?.due?.description == "2025-11-27T09:00:00+05:00")
        #expect(task("کل صبح ٩:٣٠ بجے دودھ خریدنا")?.due?.description == "2025-11-27T09:30:00+05:00")
        // Arabic yeh and kaf (ي ك) read as the Urdu letters.
        #expect(task("كل دودھ خريدنا")?.due?.description == "2025-11-27")
        #expect(task("۵ تاریخ کو بل جمع کرنا")?.due?.description == "2025-12-05")
    }

    @Test func romanSpellingVariants() {
        #expect(task("kl subha 9 bajay doodh lena")?.due?.description == "2025-11-27T09:00:00+05:00")
        #expect(task("har mahinay ki 5 tarikh ko bill dena")?.rrule == "FREQ=MONTHLY;BYMONTHDAY=5")
        let reminded = task("parso pone 9 baje dentist, ek ghanta pehle yaad karana")
        #expect(reminded?.due?.description == "2025-11-28T08:45:00+05:00")
        #expect(reminded?.reminders.map(\.description) == ["2025-11-28T07:45:00+05:00"])
        #expect(task("rozana raat 10 baje dawai")?.rrule == "FREQ=DAILY")
        #expect(task("rozana raat 10 baje dawai")?.due?.description == "2025-11-26T22:00:00+05:00")
        #expect(task("dopehar 1:30 baje lunch")?.due?.description == "2025-11-26T13:30:00+05:00")
    }

    @Test func kalAndHaftaHaveTwoReadings() {
        #expect(read("kal ke kaam dikhao").filter == "tomorrow")
        #expect(read("کل کون سے کام مکمل ہوئے؟").filter == "yesterday & completed")
        #expect(task("ہر ہفتے کو کپڑے دھونا")?.rrule == "FREQ=WEEKLY;BYDAY=SA")
        #expect(task("ہر ہفتے کپڑے دھونا")?.rrule == "FREQ=WEEKLY")
        #expect(task("ہفتے کو کپڑے دھونا")?.due?.description == "2025-11-29")
        #expect(task("agle hafte kapre dhona")?.due?.description == "2025-12-01")
    }

    @Test func relativeAmountsAndRepeats() {
        #expect(task("3 din baad bill dena")?.due?.description == "2025-11-29")
        #expect(task("2 ghante baad ammi ko call karna")?.due?.description == "2025-11-26T12:00:00+05:00")
        #expect(task("har peer aur jumeraat ko gym")?.rrule == "FREQ=WEEKLY;BYDAY=MO,TH")
        #expect(task("har 3 din paudon ko paani")?.rrule == "FREQ=DAILY;INTERVAL=3")
        #expect(task("agle mahine ki 10 tareekh ko fees jama karni hai")?.due?.description == "2025-12-10")
    }

    @Test func updatesOfEveryKind() {
        let shift = read("meeting ko do din aage kar do")
        #expect(shift.intent == .update && shift.target == "meeting" && shift.changes?.shift == "P2D")
        let time = read("ammi ko call karna ko shaam 7 baje kar do")
        #expect(time.target == "ammi ko call karna" && time.changes?.time == "19:00")
        let tag = read("report mein #office laga do")
        #expect(tag.intent == .update && tag.target == "report" && tag.changes?.addTags == ["office"])
        let untag = read("report se #office hata do")
        #expect(untag.intent == .update && untag.changes?.removeTags == ["office"])
        let repeatRule = read("gym ko har peer kar do")
        #expect(repeatRule.changes?.rrule == "FREQ=WEEKLY;BYDAY=MO")
        let postpone = read("report ko taal do")
        #expect(postpone.intent == .update && postpone.clarification == "“report” ko kab tak taalun?")
    }

    @Test func actionsAndQuestionsInTheMessagesScript() {
        let reopen = read("doodh lena dobara khol do")
        #expect(reopen.intent == .reopen && reopen.target == "doodh lena")
        let bulk = read("سب مکمل کام ہٹا دو")
        #expect(bulk.intent == .delete && bulk.filter == "completed")
        #expect(read("یہ ہٹا دو").clarification == "کون سا کام ہٹاؤں؟")
        #expect(read("ye hata do").clarification == "Kaun sa kaam hataun?")
        let empty = read("کل صبح 9 بجے")
        #expect(empty.intent == .add && empty.clarification == "کام کا نام کیا رکھوں؟")
        #expect(read("کتنے کام باقی ہیں؟").filter == "!completed")
        #expect(read("zaroori kaam dikhao").filter == "p2")
        #expect(read("office ke kaam dikhao").filter == "#office")
    }

    /// Hostile shapes cost linear time: many particles and verbs, a 2,000-word message, numbers
    /// too large for any unit.
    @Test func longAndOddInputStaysCheap() {
        let inputs = [
            String(repeating: "کو کل ہر ", count: 700) + "کر دو",
            String(repeating: "ko 9 baje ", count: 700) + "taal do",
            String(repeating: "ساڑھے ", count: 2_000),
            "99999999999999999999 din baad bill dena", "har 99999999999999999999 din", "۹۹۹۹۹۹۹۹۹۹۹۹ بجے", "25:99 baje", "saade 0 baje",
        ]
        for text in inputs {
            let start = ThreadCPUTime.now()
            let result = read(text)
            #expect(ThreadCPUTime.now() - start < 0.5, "\(text.prefix(30))")
            #expect(result.language != "en")
        }
    }
}
