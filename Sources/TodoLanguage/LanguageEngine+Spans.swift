import Foundation

/// A stretch of a message the engine understood, for highlighting it as the user types.
/// Offsets count UTF-16 code units, as JavaScript strings do, so `text.slice(start, end)` in a
/// browser is exactly the stretch; `end` is exclusive.
public struct TextSpan: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case date, time, recurrence, reminder, priority, tag
    }

    public var kind: Kind
    public var start: Int
    public var end: Int

    public init(kind: Kind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }
}

/// A message read as tasks to add (quick add's dry run): what would be created, and where
/// in the text each understood phrase is.
public struct QuickAddReading: Sendable, Equatable {
    /// The add reading (intent `add`), whatever the chat would make of the same words.
    public var result: ParseResult
    /// What the chat would read the message as (`complete` for "complete the report by friday").
    public var chatIntent: Intent
    public var spans: [TextSpan]
}

extension LanguageEngine {
    /// Reads `text` as one or more tasks to add, as the chat's add does, and reports the
    /// phrases each matcher took. The spans come from running the same matchers, in the
    /// extractor's order, over the tokens the extractor did not leave for the title, so a
    /// highlighted phrase is one that changed the task.
    public static func readTasks(_ text: String, now: Date, timeZone: TimeZone) -> QuickAddReading {
        let clock = Clock(now: now, zone: timeZone)
        let tokens = Tokenizer.tokenize(text)
        let chatIntent = route(tokens, clock).intent
        let request = MessageCues.polite(tokens)
        let result = AddParser.parse(request, clock)
        let offsets = TokenOffsets.locate(tokens, in: text)
        var spans: [TextSpan] = []
        var cursor = 0
        // The same steps as AddParser: cues off the front and back, then the split; each step
        // keeps tokens in order, so every segment aligns with the message's tokens.
        for segment in TaskSplitter.split(MessageCues.strip(request).tokens) {
            let positions = TokenOffsets.align(segment, to: tokens, from: &cursor)
            let entities = EntityExtractor.extract(segment)
            var restCursor = 0
            let restPositions = Set(TokenOffsets.align(entities.rest, to: segment, from: &restCursor).compactMap { $0 })
            for match in SpanClassifier.classify(segment, taken: { !restPositions.contains($0) }, hasRuleModifiers: entities.rule != nil) {
                guard let first = positions[match.range.lowerBound], let last = positions[match.range.upperBound - 1],
                      let start = offsets[first]?.lowerBound, let end = offsets[last]?.upperBound, start < end else { continue }
                spans.append(TextSpan(kind: match.kind, start: start, end: end))
            }
        }
        return QuickAddReading(result: result, chatIntent: chatIntent, spans: spans.sorted { $0.start < $1.start })
    }
}

/// Where each token sits in the message it came from.
enum TokenOffsets {
    /// Each token's UTF-16 range in `text`. The tokenizer keeps every token's text as typed
    /// (a quoted token its inside) and consumes the message left to right, so each is found
    /// at or after the end of the one before; a token that cannot be found gets nil.
    static func locate(_ tokens: [Token], in text: String) -> [Range<Int>?] {
        let units = Array(text.utf16)
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(tokens.count)
        var cursor = 0
        for token in tokens {
            let needle = Array(token.text.utf16)
            guard !needle.isEmpty, let start = find(needle, in: units, from: cursor) else {
                ranges.append(nil)
                continue
            }
            ranges.append(start..<(start + needle.count))
            cursor = start + needle.count
        }
        return ranges
    }

    private static func find(_ needle: [UInt16], in haystack: [UInt16], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The index in `whole` of each token of `part`, a subsequence of it in order, matched
    /// from `cursor` on (which moves past each match).
    static func align(_ part: [Token], to whole: [Token], from cursor: inout Int) -> [Int?] {
        part.map { token in
            var index = cursor
            while index < whole.count {
                let candidate = whole[index]
                if candidate.kind == token.kind, candidate.text == token.text {
                    cursor = index + 1
                    return index
                }
                index += 1
            }
            return nil
        }
    }
}

/// Which matcher took which run of a segment's tokens.
enum SpanClassifier {
    struct Match: Equatable {
        var kind: TextSpan.Kind
        var range: Range<Int>
    }

    /// Walks the taken tokens with the matchers in EntityExtractor's order. A taken token no
    /// listed matcher starts at is a recurrence modifier ("for the next 7 days", "10 times",
    /// "except weekends", "from when I last did it") when the segment has a rule, and is left
    /// unmarked otherwise (a colon after a priority, say).
    static func classify(_ tokens: [Token], taken: (Int) -> Bool, hasRuleModifiers: Bool) -> [Match] {
        var matches: [Match] = []
        var sawRule = false
        var lastTimeEnd = -1
        var i = 0
        while i < tokens.count {
            guard taken(i), tokens[i].kind != .quoted else {
                i += 1
                continue
            }
            if let reminder = ReminderMatcher.match(tokens, i), reminder.end > i {
                matches.append(Match(kind: .reminder, range: i..<reminder.end))
                i = reminder.end
                continue
            }
            if !sawRule, let (_, end) = RecurrenceMatcher.match(tokens, i), end > i {
                sawRule = true
                matches.append(Match(kind: .recurrence, range: i..<end))
                i = end
                continue
            }
            if let (_, end) = TimeZoneNames.match(tokens, i, afterTime: lastTimeEnd == i), end > i {
                matches.append(Match(kind: .time, range: i..<end))
                i = end
                continue
            }
            if let match = EntityExtractor.temporal(tokens, i), match.end > i {
                matches.append(Match(kind: match.day != nil ? .date : .time, range: i..<match.end))
                if match.clock != nil { lastTimeEnd = match.end }
                i = match.end
                continue
            }
            if let (_, end) = PriorityMatcher.match(tokens, i), end > i {
                matches.append(Match(kind: .priority, range: i..<end))
                i = end
                continue
            }
            if let (_, end) = TagMatcher.match(tokens, i) ?? TagMatcher.listName(tokens, i), end > i {
                matches.append(Match(kind: .tag, range: i..<end))
                i = end
                continue
            }
            if hasRuleModifiers, tokens[i].isWord {
                // Modifiers join the rule's span when they follow it directly.
                if let last = matches.last, last.kind == .recurrence, last.range.upperBound == i {
                    matches[matches.count - 1].range = last.range.lowerBound..<(i + 1)
                } else {
                    matches.append(Match(kind: .recurrence, range: i..<(i + 1)))
                }
            }
            i += 1
        }
        // A matcher may read past the taken tokens (it ran on the whole segment): keep only
        // matches the extractor took entirely.
        return matches.filter { match in match.range.allSatisfy(taken) && match.range.upperBound <= tokens.count }
    }
}
