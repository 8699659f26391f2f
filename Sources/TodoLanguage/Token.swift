/// One piece of a message. Matchers compare `norm` (lowercased, typo-fixed); titles and
/// targets are rebuilt from `text`, so what the user typed is kept as typed.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case word
        /// A single punctuation mark: , ; : ! ? ( ) . and the like.
        case punct
        /// `#tag`; `norm` holds the tag without `#`, lowercased.
        case hashtag
        /// Text inside quotes, kept whole: a quoted title is never read for dates.
        case quoted
        case lineBreak
    }

    var text: String
    var norm: String
    var kind: Kind
    /// Whether white space preceded the token in the message (to rebuild titles faithfully).
    var spaceBefore: Bool

    var isWord: Bool { kind == .word }
    var isPunct: Bool { kind == .punct }

    func `is`(_ word: String) -> Bool { kind == .word && norm == word }
    func isAny(_ words: Set<String>) -> Bool { kind == .word && words.contains(norm) }

    /// "and" or a comma, which join items of a list ("the 1st and 15th", "mon, wed").
    var isJoiner: Bool { (kind == .word && norm == "and") || (kind == .punct && norm == ",") }
}
