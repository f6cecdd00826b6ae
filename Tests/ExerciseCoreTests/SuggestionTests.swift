import ExerciseCore
import Testing

@Suite("Edit distance")
struct SuggestionEditDistanceTests {
    @Test(
        "counts insertions, deletions, substitutions and adjacent transpositions",
        arguments: [
            ("", "", 0),
            ("seed", "seed", 0),
            ("a", "", 1),
            ("", "abc", 3),
            ("seed", "sed", 1),
            ("sed", "seed", 1),
            ("chek", "check", 1),
            ("check", "chekc", 1),
            ("ca", "ac", 1),
            ("kitten", "sitting", 3),
            ("flaw", "lawn", 2),
            ("html", "md", 3),
            ("pdf", "md", 2),
        ])
    func distances(a: String, b: String, expected: Int) {
        #expect(Suggestion.editDistance(a, b) == expected)
        #expect(Suggestion.editDistance(b, a) == expected)
    }

    @Test("is the optimal string alignment, which edits no substring twice")
    func restrictedTransposition() {
        // Unrestricted Damerau–Levenshtein gives 2 (ca → ac → abc); OSA may not insert
        // between the transposed pair.
        #expect(Suggestion.editDistance("ca", "abc") == 3)
    }

    @Test("is case-sensitive")
    func caseSensitive() {
        #expect(Suggestion.editDistance("JCDC", "jcdc") == 4)
    }

    @Test("counts Unicode scalars, not characters or bytes")
    func scalars() {
        #expect(Suggestion.editDistance("café", "cafe") == 1)
        // A decomposed é is two scalars: substitute the e, insert the accent.
        #expect(Suggestion.editDistance("caf\u{E9}", "cafe\u{301}") == 2)
        #expect(Suggestion.editDistance("🛡️", "🛡") == 1)
    }

    @Test("treats strings longer than 64 scalars as far from everything")
    func cap() {
        let sixtyFour = String(repeating: "a", count: 64)
        let sixtyFive = String(repeating: "a", count: 65)
        #expect(Suggestion.editDistance(sixtyFour, "") == 64)
        #expect(Suggestion.editDistance(sixtyFour, sixtyFour) == 0)
        #expect(Suggestion.editDistance(sixtyFive, "a") == Int.max)
        #expect(Suggestion.editDistance("a", sixtyFive) == Int.max)
        #expect(Suggestion.editDistance(sixtyFive, sixtyFive) == Int.max)
    }

    @Test("returns at once for a 10 MB token")
    func hugeInput() {
        let huge = String(repeating: "x", count: 10_000_000)
        let elapsed = ContinuousClock().measure {
            #expect(Suggestion.editDistance(huge, "seed") == Int.max)
            #expect(Suggestion.editDistance("seed", huge) == Int.max)
        }
        #expect(elapsed < .milliseconds(100))
    }
}

@Suite("Closest candidate")
struct SuggestionClosestTests {
    @Test(
        "suggests the candidate within max(1, length / 3) edits",
        arguments: [
            ("sed", "seed"),
            ("chek", "check"),
            ("fromat", "format"),
            ("formt", "format"),
            ("turns", "turns"),
            ("JCDC", "jcdc"),
            ("Check", "check"),
            ("interjects", "injects"),
        ])
    func suggests(name: String, expected: String) {
        let candidates = ["seed", "check", "format", "turns", "jcdc", "injects", "output"]
        #expect(Suggestion.closest(to: name, among: candidates) == expected)
    }

    @Test(
        "suggests nothing when no candidate is close enough",
        arguments: ["pdf", "frmt", "xyz", "seeeeed", "interjectss", "c"])
    func tooFar(name: String) {
        let candidates = ["seed", "check", "format", "md", "injects"]
        #expect(Suggestion.closest(to: name, among: candidates) == nil)
    }

    @Test("lets a case-only match beat a closer-looking edit")
    func caseWinsFirst() {
        #expect(Suggestion.closest(to: "JCDC", among: ["JCD", "jcdc"]) == "jcdc")
    }

    @Test("prefers an exact match to a case-only one")
    func exactWins() {
        #expect(Suggestion.closest(to: "JCDC", among: ["jcdc", "JCDC"]) == "JCDC")
    }

    @Test("breaks ties by candidate order")
    func ties() {
        #expect(Suggestion.closest(to: "bat", among: ["cat", "hat"]) == "cat")
        #expect(Suggestion.closest(to: "bat", among: ["hat", "cat"]) == "hat")
        #expect(Suggestion.closest(to: "check", among: ["CHECK", "Check"]) == "CHECK")
    }

    @Test("prefers a closer candidate that comes later")
    func closerLater() {
        #expect(Suggestion.closest(to: "abcdef", among: ["abcxyf", "abcdxf"]) == "abcdxf")
    }

    @Test("accepts any sequence of strings")
    func sequences() {
        #expect(Suggestion.closest(to: "sed", among: Set(["seed"])) == "seed")
        #expect(Suggestion.closest(to: "sed", among: ["seed": 1].keys) == "seed")
        #expect(Suggestion.closest(to: "sed", among: [String]()) == nil)
    }

    @Test("has no suggestion for an empty or over-long name")
    func degenerateNames() {
        #expect(Suggestion.closest(to: "", among: ["a", ""]) == nil)
        let long = String(repeating: "a", count: 65)
        #expect(Suggestion.closest(to: long, among: [long + "b"]) == nil)
    }

    @Test("skips over-long candidates, however big")
    func hugeCandidate() {
        let huge = String(repeating: "s", count: 10_000_000)
        var result: String?
        let elapsed = ContinuousClock().measure {
            result = Suggestion.closest(to: "seed", among: [huge, "sed"])
        }
        #expect(result == "sed")
        #expect(elapsed < .milliseconds(100))
    }

    @Test("searches 10,000 candidates quickly")
    func manyCandidates() throws {
        // Deterministic, varied candidates of many lengths around the name's.
        var generator = CandidateGenerator(seed: 42)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var candidates = (0..<10_000).map { _ in
            String((0..<Int(generator.next() % 20 + 1)).map { _ in letters[Int(generator.next() % 26)] })
        }
        candidates.append("exercise-director")
        var result: String?
        let elapsed = ContinuousClock().measure {
            result = Suggestion.closest(to: "exercise-directr", among: candidates)
        }
        #expect(result == "exercise-director")
        // Generous for unoptimised builds on a slow machine; quadratic work on every
        // candidate would take far longer.
        #expect(elapsed < .seconds(2))
    }
}

/// A tiny seeded generator so the candidate list is the same on every run.
private struct CandidateGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
