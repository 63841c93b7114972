/// Finds the known key an admin probably meant, for "unknown key; did you mean poll_interval?".
enum KeySuggestion {
    /// The candidate closest to `key` by edit distance, if it is close enough to be a typo:
    /// at most a third of the candidate's length, and at least 2 edits allowed. `-` and `_` and
    /// letter case count as the same, so `Poll-Interval` finds `poll_interval`.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let typed = normalised(key)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, normalised(candidate))
            guard distance <= max(2, candidate.count / 3) else { continue }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    private static func normalised(_ key: String) -> [Character] {
        Array(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Levenshtein distance, one row at a time.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
