import Foundation
import Testing
@testable import TodoAudit

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-05-04T09:00:00Z", 1_777_885_200_000_000),
        ("2026-05-04t09:00:00z", 1_777_885_200_000_000),
        ("2026-05-04 09:00:00Z", 1_777_885_200_000_000),
        ("2026-05-04T11:00:00+02:00", 1_777_885_200_000_000),
        ("2026-05-03T23:30:00-09:30", 1_777_885_200_000_000),
        ("2026-05-04T09:00:00.5Z", 1_777_885_200_500_000),
        ("2026-05-04T09:00:00.123456789Z", 1_777_885_200_123_456),
        ("2026-05-04", 1_777_852_800_000_000),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000_000),
        ("2016-12-31T23:59:60Z", 1_483_228_799_999_999),
    ] as [(String, Int64)])
    func validTimesParse(_ text: String, _ micros: Int64) {
        #expect(RFC3339.parse(text) == micros)
    }

    @Test(arguments: [
        "", "2026-05-04T09:00:00", "2026-5-4T09:00:00Z", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-05-04T24:00:00Z", "2026-05-04T09:60:00Z", "2026-05-04T09:00:00.Z", "2026-05-04T09:00:00+0200",
        "2026-05-04T09:00:00Z trailing", "yesterday", "1714809600",
    ])
    func invalidTimesAreRejected(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formattingIsUTCWithTheFractionItNeeds() {
        #expect(RFC3339.format(microseconds: 1_777_885_200_000_000) == "2026-05-04T09:00:00Z")
        #expect(RFC3339.format(microseconds: 1_777_885_200_250_000) == "2026-05-04T09:00:00.250Z")
        #expect(RFC3339.format(microseconds: 1_777_885_200_000_007) == "2026-05-04T09:00:00.000007Z")
        #expect(RFC3339.format(microseconds: -1) == "1969-12-31T23:59:59.999999Z")
        #expect(RFC3339.format(microseconds: 951_782_400_000_000) == "2000-02-29T00:00:00Z")
    }

    @Test func formatThenParseIsTheIdentity() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // 1900 … 2200.
            let micros = Int64.random(in: -2_208_988_800_000_000...7_258_118_400_000_000, using: &generator)
            #expect(RFC3339.parse(RFC3339.format(microseconds: micros)) == micros)
        }
    }
}
