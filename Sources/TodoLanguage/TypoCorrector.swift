/// Corrects a word to a keyword one edit away (insertion, deletion, substitution or a swap of
/// neighbours), so "tomorow", "wensday", "mornign" and "remnd" still read as keywords.
enum TypoCorrector {
    /// Long keywords people misspell badly ("wensday", "tommorow"): two edits allowed.
    static let twoEditKeywords: Set<String> = ["wednesday", "thursday", "saturday", "tomorrow", "february", "september"]

    static func correct(_ word: String, candidates: [String]) -> String? {
        let letters = Array(word.utf8)
        var best: String?
        for candidate in candidates {
            let target = Array(candidate.utf8)
            // Typos rarely touch the first letter; requiring it keeps titles' words safe.
            let allowed = twoEditKeywords.contains(candidate) && letters.count >= 6 ? 2 : 1
            guard target.first == letters.first, abs(target.count - letters.count) <= allowed else { continue }
            if allowed == 1 ? withinOneEdit(letters, target) : distance(letters, target) <= 2 {
                if best != nil { return nil }  // two keywords equally close: leave the word alone
                best = candidate
            }
        }
        return best
    }

    /// Damerau–Levenshtein distance (optimal string alignment) for short words.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previousPrevious[j - 2] + 1) }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// Damerau distance ≤ 1 without building the whole matrix.
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return true }
        if a.count == b.count {
            var differences: [Int] = []
            for index in a.indices where a[index] != b[index] {
                differences.append(index)
                if differences.count > 2 { return false }
            }
            if differences.count == 1 { return true }
            if differences.count == 2 {
                let (i, j) = (differences[0], differences[1])
                return j == i + 1 && a[i] == b[j] && a[j] == b[i]
            }
            return false
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        var i = 0, j = 0, skipped = false
        while i < short.count, j < long.count {
            if short[i] == long[j] {
                i += 1
                j += 1
            } else {
                if skipped { return false }
                skipped = true
                j += 1
            }
        }
        return true
    }
}
