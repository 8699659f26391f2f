import Foundation
import Testing
import TodoAudit

@Suite struct AuditCursorTests {
    @Test func tokenRoundTripsIncludingColonsInIDs() {
        let cursor = AuditCursor(occurredAtMicroseconds: 1_780_000_000_123_456, eventID: "evt:with:colons")
        let token = cursor.token
        #expect(!token.contains("="))
        #expect(!token.contains("+"))
        #expect(!token.contains("/"))
        #expect(AuditCursor(token: token) == cursor)
    }

    @Test(arguments: ["", "not-base64!", "YTE6MTIz", "Yjk6MTIzOmV2dA", "YTE6eHl6OmV2dA", "YTE6MTIzOg"])
    func malformedTokensAreRejected(_ token: String) {
        // "YTE6MTIz" = "a1:123" (no id), "Yjk6MTIzOmV2dA" = "b9:123:evt" (other layout),
        // "YTE6eHl6OmV2dA" = "a1:xyz:evt" (bad time), "YTE6MTIzOg" = "a1:123:" (empty id).
        #expect(AuditCursor(token: token) == nil)
    }

    @Test func microsecondTimesSurviveTheRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_780_000_000.654321)
        let micros = AuditTime.microseconds(date)
        #expect(micros == 1_780_000_000_654_321)
        #expect(AuditTime.microseconds(AuditTime.date(microseconds: micros)) == micros)
        #expect(AuditTime.date(microseconds: -1_500_000).timeIntervalSince1970 == -1.5)
    }
}
