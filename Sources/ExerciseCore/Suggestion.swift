// "Did you mean …?" suggestions for mistyped names: commands, options, choices,
// identifiers in exercise files.

/// Finds the closest known name to a mistyped one.
///
/// Distances are counted in Unicode scalars, not `Character`s, so that a
/// combining accent typed or forgotten costs one edit, as it does on the keyboard.
public enum Suggestion {
    /// Inputs longer than this many scalars are never considered close to anything.
    ///
    /// Names people type are short; the cap keeps a pasted 10 MB token from turning
    /// a did-you-mean lookup into a quadratic computation.
    public static let maximumLength = 64

    /// The optimal-string-alignment (restricted Damerau–Levenshtein) distance between
    /// `a` and `b`: the fewest insertions, deletions, substitutions and transpositions
    /// of adjacent scalars that turn one into the other, no substring edited twice.
    ///
    /// Case-sensitive. Runs in O(n·m) time and O(min(n, m)) memory.
    ///
    /// - Returns: the distance, or `Int.max` when either string is longer than
    ///   ``maximumLength`` scalars (even when the two are equal), so callers can treat
    ///   such input as "far from everything" without paying for it.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        guard let a = cappedScalars(a), let b = cappedScalars(b) else { return .max }
        return distance(a, b, bound: .max)
    }

    /// The candidate closest to `name`, or `nil` when none is close enough.
    ///
    /// Candidates are compared case-insensitively, so one differing from `name` only in
    /// case ("JCDC" for "jcdc") beats any that needs an edit; a candidate equal to
    /// `name` is returned as is. A candidate is close enough when its distance is at
    /// most `max(1, s / 3)`, where `s` is the number of scalars in `name`. Among equally
    /// close candidates the first in sequence order wins, so the answer is
    /// deterministic whatever the order of a dictionary's keys was — pass sorted or
    /// declaration-ordered candidates.
    ///
    /// An empty `name`, or one longer than ``maximumLength`` scalars, has no suggestion:
    /// anything would be "close" to the first, nothing sensibly to the second.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        guard !name.isEmpty, let original = cappedScalars(name),
            let target = cappedScalars(name.lowercased())
        else { return nil }
        let threshold = max(1, original.count / 3)

        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            if candidate == name { return candidate }
            // Only a strictly closer candidate replaces the best so far (that is what
            // makes earlier ones win ties), so the distance need only be known up to
            // one less than the best's; after a case-only match, only an exact one can.
            let bound = min(threshold, (best?.distance ?? threshold + 1) - 1)
            guard bound >= 0, candidate.utf8.count <= 4 * maximumLength,
                let scalars = cappedScalars(candidate.lowercased()),
                abs(scalars.count - target.count) <= bound
            else { continue }
            let d = distance(target, scalars, bound: bound)
            if d <= bound { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// The string's scalars, or nil if there are more than ``maximumLength`` of them.
    ///
    /// Checks the UTF-8 length first: it is O(1) for native strings, and no string of
    /// more than 4 bytes a scalar can be short enough, so a huge input costs nothing.
    private static func cappedScalars(_ string: String) -> [Unicode.Scalar]? {
        if string.utf8.count > 4 * maximumLength { return nil }
        let scalars = Array(string.unicodeScalars.prefix(maximumLength + 1))
        return scalars.count > maximumLength ? nil : scalars
    }

    /// The OSA distance between `a` and `b`, or some value greater than `bound` as soon
    /// as the true distance is known to exceed it.
    private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int) -> Int {
        // Rows run along the shorter string, so memory is O(min(n, m)).
        let (long, short) = a.count >= b.count ? (a, b) : (b, a)
        if short.isEmpty { return long.count }
        if long.count - short.count > bound { return long.count - short.count }

        let width = short.count + 1
        var beforePrevious = [Int](repeating: 0, count: width)
        var previous = Array(0..<width)
        var current = [Int](repeating: 0, count: width)
        var previousMinimum = 0

        for i in 1...long.count {
            current[0] = i
            var rowMinimum = i
            for j in 1..<width {
                let cost = long[i - 1] == short[j - 1] ? 0 : 1
                var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, long[i - 1] == short[j - 2], long[i - 2] == short[j - 1] {
                    value = Swift.min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = Swift.min(rowMinimum, value)
            }
            // Every later cell builds on one of the last two rows plus a non-negative
            // cost, so once both rows exceed the bound the answer must too.
            if rowMinimum > bound, previousMinimum > bound { return rowMinimum }
            previousMinimum = rowMinimum
            swap(&beforePrevious, &previous)
            swap(&previous, &current)
        }
        return previous[short.count]
    }
}
