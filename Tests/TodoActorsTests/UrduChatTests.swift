import ActorRuntime
import Foundation
import Testing
import TodoModel
@testable import TodoActors

/// The chat answers in the language of the message (issue #18): Urdu script for Urdu script,
/// Roman Urdu for Roman Urdu, English for English — through the ConversationActor and the
/// user's TaskActors on an embedded host, as `todo serve` runs them.
@Suite struct UrduChatTests {
    /// Wednesday 26 November 2025, 10:00 in Asia/Karachi (+05:00).
    static let now = Date(timeIntervalSince1970: 1_764_133_200)

    private func conversation(_ world: SeriesWorld) -> (ActorProxy<ConversationActor>, @Sendable (String, Bool) async throws -> ChatReply) {
        let proxy = world.host.proxy(ConversationActor.self, "c-\(UUID().uuidString.prefix(8))")
        let userID = world.userID
        return (proxy, { message, isNew in try await proxy.chat(.init(userID: userID, message: message, isNew: isNew)) })
    }

    @Test func urduScriptGetsUrduReplies() async throws {
        let world = try await SeriesWorld.make(zone: "Asia/Karachi", now: Self.now)
        let (_, say) = conversation(world)

        let added = try await say("کل صبح 9 بجے دودھ خریدنا", true)
        #expect(added.reply == "شامل کر دیا: “دودھ خریدنا” — جمعرات، 27 نومبر، صبح 9 بجے۔")
        #expect(added.actions.map(\.kind) == [.created])

        let rent = try await say("ہر مہینے کی پہلی تاریخ کو کرایہ دینا، ایک دن پہلے یاد دلانا", false)
        #expect(rent.reply == "شامل کر دیا: “کرایہ دینا” — پیر، 1 دسمبر؛ ہر مہینے کی 1 تاریخ؛ یاد دہانی: اتوار، 30 نومبر، صبح 9 بجے۔")

        let call = try await say("آج شام ساڑھے 6 بجے امی کو فون کرنا", false)
        #expect(call.reply == "شامل کر دیا: “امی کو فون کرنا” — بدھ، 26 نومبر، شام ساڑھے 6 بجے۔")

        let today = try await say("آج کے کام دکھاؤ", false)
        #expect(today.reply == "1 کام:\n1. “امی کو فون کرنا” — بدھ، 26 نومبر، شام ساڑھے 6 بجے")

        let done = try await say("دودھ خریدنا ہو گیا", false)
        #expect(done.reply == "“دودھ خریدنا” مکمل ہو گیا۔")
        #expect(done.actions.map(\.kind) == [.completed])

        let undone = try await say("واپس کرو", false)
        #expect(undone.reply == "“دودھ خریدنا” دوبارہ کھول دیا۔")

        let moved = try await say("امی کو فون کرنا کو جمعہ 11 بجے کر دو", false)
        #expect(moved.reply == "تبدیل کر دیا: “امی کو فون کرنا” — جمعہ، 28 نومبر، صبح 11 بجے۔")

        let which = try await say("یہ ہو گیا", false)
        #expect(which.clarification == "کون سا کام مکمل ہو گیا؟")

        let missing = try await say("پاسپورٹ بنوانا حذف کر دو", false)
        #expect(missing.reply == "“پاسپورٹ بنوانا” سے ملتا کوئی باقی کام نہیں ملا۔")
    }

    @Test func romanUrduGetsRomanUrduReplies() async throws {
        let world = try await SeriesWorld.make(zone: "Asia/Karachi", now: Self.now)
        let (_, say) = conversation(world)

        let added = try await say("kal subah 9 baje doodh lena", true)
        #expect(added.reply == "Shamil kar diya: “doodh lena” — jumeraat, 27 November, subah 9 baje.")

        let gym = try await say("har peer ko paune 8 baje gym, 15 minute pehle yaad dilana", false)
        #expect(gym.reply == "Shamil kar diya: “gym” — peer, 1 December, subah paune 8 baje; har peer; yaad dehani: peer, 1 December, subah saade 7 baje.")

        let urgent = try await say("bohat zaroori: passport renew karwana #safar", false)
        #expect(urgent.reply == "Shamil kar diya: “passport renew karwana” — bohat zaroori; #safar.")

        let done = try await say("doodh lena ho gaya", false)
        #expect(done.reply == "“doodh lena” mukammal ho gaya.")

        let deleted = try await say("gym wala kaam hata do", false)
        #expect(deleted.reply.hasPrefix("“gym” hata diya."))

        let list = try await say("baqi kaam dikhao", false)
        #expect(list.reply == "1 kaam:\n1. “passport renew karwana”")

        let help = try await say("madad", false)
        #expect(help.reply.hasPrefix("Mujhe seedhe alfaaz mein batayein"))

        let thanks = try await say("shukriya", false)
        #expect(thanks.reply.hasPrefix("Maaf kijiye, main samajh nahi saka."), "small talk is answered in Roman Urdu too")
    }

    @Test func englishStaysEnglish() async throws {
        let world = try await SeriesWorld.make(zone: "Asia/Karachi", now: Self.now)
        let (_, say) = conversation(world)
        let added = try await say("buy milk tomorrow 9am", true)
        #expect(added.reply == "Added “buy milk” — Thu 27 Nov 2025 at 09:00.")
        let done = try await say("mark buy milk done", false)
        #expect(done.reply == "Marked “buy milk” done.")
    }
}
