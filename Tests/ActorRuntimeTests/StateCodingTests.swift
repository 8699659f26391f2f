import ActorRuntime
import ActorStoreSQLite
import Foundation
import Testing

/// Actor state dates: RFC 3339 text in UTC, exact on a round trip; what earlier builds wrote
/// (Foundation's seconds since 2001) still reads.
@Suite struct StateCodingTests {
    struct Stamped: Codable, Sendable, Equatable {
        var title: String
        var at: Date
        var until: Date?
    }

    /// 2026-12-03T09:00:00Z.
    static let whole = Date(timeIntervalSince1970: 1_796_288_400)

    func stored(_ value: Stamped) throws -> [String: Any] {
        let data = try StateValue.value(value).encoded()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func datesAreRFC3339TextWithTheFractionTheyHave() throws {
        #expect(try stored(Stamped(title: "a", at: Self.whole))["at"] as? String == "2026-12-03T09:00:00Z")
        let parsed = try #require(StateCoding.date("2026-12-03T09:00:00.123Z"))
        #expect(try stored(Stamped(title: "a", at: parsed))["at"] as? String == "2026-12-03T09:00:00.123Z")
        #expect(StateCoding.text(Self.whole.addingTimeInterval(-86_400 * 365)) == "2025-12-03T09:00:00Z")
        #expect(StateCoding.text(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z", "a leap day")
        #expect(StateCoding.text(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func aRoundTripGivesTheSameDate() throws {
        let dates = [Date(), Self.whole, Self.whole.addingTimeInterval(0.5), Self.whole.addingTimeInterval(1e-6), Date(timeIntervalSince1970: 1_000_000_000.25), Self.whole.addingTimeInterval(1e-9)]
        for date in dates {
            let value = Stamped(title: "t", at: date, until: date.addingTimeInterval(1 / 3))
            let read = try StateValue.json(try StateValue.value(value).encoded()).decode(Stamped.self)
            #expect(read == value, "\(StateCoding.text(date) ?? "?")")
        }
    }

    @Test func otherOffsetsAndFractionsRead() throws {
        #expect(StateCoding.date("2026-12-03T10:00:00+01:00") == Self.whole)
        #expect(StateCoding.date("2026-12-03t09:00:00z") == Self.whole)
        #expect(StateCoding.date("2026-12-03T09:00:00.5Z") == Self.whole.addingTimeInterval(0.5))
        for text in ["2026-12-03", "2026-12-03T09:00:00", "2026-13-03T09:00:00Z", "2026-02-30T09:00:00Z", "2026-12-03T09:00:00.Z",
                     "2026-12-03T09:00:00.1234567890Z", "2026-12-03T24:00:00Z", "2026-12-03T09:00:00+1:00", "x"] {
            #expect(StateCoding.date(text) == nil, "\(text)")
        }
        #expect(StateCoding.dayText(20_790) == "2026-12-03")
        #expect(StateCoding.days("2026-12-03") == 20_790)
        #expect(StateCoding.days("2026-12-3") == nil)
    }

    @Test func aDateRFC3339CannotWriteIsRefusedNotWrittenWrong() {
        #expect(throws: EncodingError.self) { try StateValue.value(Stamped(title: "t", at: Date(timeIntervalSinceReferenceDate: 3e11))).encoded() }
        #expect(StateCoding.text(Date(timeIntervalSinceReferenceDate: -7e10)) == nil)
    }

    /// State a build before RFC 3339 state saved in SQLite: Foundation's numbers.
    @Test func stateSavedWithReferenceDateNumbersLoads() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("state-coding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteActorStateStore(path: directory.appendingPathComponent("actors.sqlite").path)
        let actor = ActorAddress(type: "Ledger", id: "1")
        // 817981200.123 s since 2001 = 2026-12-03T09:00:00.123Z, as JSONEncoder() wrote it.
        let old = Data(#"{"title":"old","at":817981200.123,"until":817981200}"#.utf8)
        try await store.commit(TurnCommit(actor: actor, state: [.upsert(key: "stamp", value: .json(old))]))
        let read = try #require(try await store.loadState(actor, key: "stamp")?.decode(Stamped.self))
        #expect(read.title == "old")
        #expect(StateCoding.text(read.at) == "2026-12-03T09:00:00.123Z")
        #expect(read.until == Self.whole)
        // Saved again, it is text.
        try await store.commit(TurnCommit(actor: actor, state: [.upsert(key: "stamp", value: .value(read))]))
        let saved = try #require(try await store.loadState(actor, key: "stamp")?.encoded())
        #expect(String(decoding: saved, as: UTF8.self).contains(#""until":"2026-12-03T09:00:00Z""#))
        try await store.close()
    }
}
