/// What one filter may hold (docs/limits.md). Generous for anything a person writes or the
/// language engine builds, small enough that parsing and evaluating one costs microseconds
/// and the parser's recursion stays a few dozen frames deep.
public enum FilterLimits {
    /// UTF-8 bytes of filter text.
    public static let maxLength = 2_000
    /// `!` and `(` nested inside one another.
    public static let maxDepth = 32
    /// Terms (`p1`, `#tag`, `due before: …`) in one filter.
    public static let maxTerms = 100
}
