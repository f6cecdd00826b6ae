import ExerciseCore
import ExerciseScript
import Testing

/// One mistake gets one message: errors that only follow from an earlier one are not
/// piled on top of it (found by trying cdx as a new user would).
@Suite("One mistake, one message")
struct CascadeTests {
    static func codes(_ text: String) -> [String] {
        ExerciseChecker.check(text: text).diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue)" }
    }

    static let base = """
        exercise "X"
          start 2026-11-24T09:00+09:00
          turn 1h
          length 12 turns
        domain joint "J" nation JPN
        domain ally "A" nation USA
        team jcdc "C" domain joint
        team usfj "U" domain ally role ally
        channel jcdc -> usfj 2h marking "REL TO JPN, USA"
        segment s "S" domain joint
        asset port-tos "Port" in s
        actor red "Red"
        inject A1 at +10:00 "x"
          by red
          compromise port-tos
          encrypt port-tos
          expect detect port-tos within 1h

        """

    @Test("the base file is clean")
    func clean() { #expect(Self.codes(Self.base).isEmpty) }

    @Test("a turn written in turns is one error, not one per time in the file")
    func turnInTurns() {
        let text = Self.base.replacingOccurrences(of: "  turn 1h\n", with: "  turn 1 turn\n")
        #expect(Self.codes(text) == ["3:10 invalid-duration"])
    }

    @Test("an invalid nation is one error, not marking errors on every channel")
    func nation() {
        let text = Self.base.replacingOccurrences(of: "nation USA", with: "nation US")
        #expect(Self.codes(text) == ["6:24 invalid-nation"])
    }

    @Test("a misspelt compromise target is one error, not also 'never gets into' on the next effect")
    func misspeltTarget() {
        let text = Self.base.replacingOccurrences(of: "  compromise port-tos\n", with: "  compromise prot-tos\n")
        #expect(Self.codes(text) == ["15:14 unknown-reference"])
    }

    @Test("a header error unrelated to timing does not hide times beyond the end")
    func unrelatedHeaderError() {
        let text = Self.base.replacingOccurrences(of: "  turn 1h\n", with: "  turn 1h\n  style nato\n")
            .replacingOccurrences(of: "at +10:00", with: "at +13:00")
        #expect(Self.codes(text) == ["4:9 invalid-style", "14:14 time-beyond-length"])
    }
}
