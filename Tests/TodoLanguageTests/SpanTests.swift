import Foundation
import Testing
@testable import TodoLanguage

/// Quick add's spans: each understood phrase by kind, at UTF-16 offsets, never over the title.
@Suite struct SpanTests {
    static let now = DateValue(rfc3339: "2025-11-26T10:00:00+01:00")!.date!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func spans(_ text: String) -> [(TextSpan.Kind, String)] {
        let units = Array(text.utf16)
        return LanguageEngine.readTasks(text, now: now, timeZone: berlin).spans.map { span in
            (span.kind, String(decoding: units[span.start..<span.end], as: UTF16.self))
        }
    }

    static func kinds(_ text: String) -> [String] {
        spans(text).map { "\($0.0.rawValue):\($0.1)" }
    }

    @Test func eachKindIsFound() {
        #expect(Self.kinds("call mom tomorrow at 5pm #family p1") == ["date:tomorrow", "time:at 5pm", "tag:#family", "priority:p1"])
        #expect(Self.kinds("water the plants every friday") == ["recurrence:every friday"])
        #expect(Self.kinds("dentist on monday at 9am, remind me an hour before").contains("reminder:remind me an hour before"))
        #expect(Self.kinds("pay rent tagged home and bills") == ["tag:tagged home and bills"])
    }

    @Test func theTitleIsNeverHighlighted() {
        for text in ["buy milk", "read \"tomorrow never dies\" tonight", "rent a car for 2 days"] {
            let reading = LanguageEngine.readTasks(text, now: Self.now, timeZone: Self.berlin)
            let title = reading.result.tasks?.first?.title ?? ""
            for (_, words) in Self.spans(text) {
                #expect(!title.contains(words), "\(text): '\(words)' is part of the title '\(title)'")
            }
        }
        #expect(Self.spans("buy milk").isEmpty)
    }

    @Test func offsetsAreUTF16() {
        let text = "🎉🎉 امی کو فون tomorrow #گھر"
        let reading = LanguageEngine.readTasks(text, now: Self.now, timeZone: Self.berlin)
        let units = Array(text.utf16)
        let tag = reading.spans.first { $0.kind == .tag }
        #expect(tag.map { String(decoding: units[$0.start..<$0.end], as: UTF16.self) } == "#گھر")
        #expect(tag?.end == units.count)
    }

    @Test func severalTasksEachGetTheirSpans() {
        #expect(Self.kinds("buy milk tomorrow and call the bank on friday #money") == ["date:tomorrow", "date:on friday", "tag:#money"])
    }

    @Test func spansAreOrderedInBoundsAndDisjointOverTheCorpus() throws {
        for item in try Corpus.load() {
            let spans = LanguageEngine.readTasks(item.text, now: item.date, timeZone: item.zone).spans
            var last = 0
            for span in spans {
                #expect(span.start >= last && span.start < span.end && span.end <= item.text.utf16.count, "\(item.text): \(span)")
                last = span.end
            }
        }
    }
}
