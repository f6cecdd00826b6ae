import ExerciseCore
import ExerciseScript
import Testing

@Suite("cdx fmt: canonical layout")
struct FormatterTests {
    static func tokens(_ text: String) -> [[String]] {
        Lexer.lex(SourceText(text)).lines.filter { !$0.tokens.isEmpty }.map { line in
            [line.indented ? ">" : "|"] + line.tokens.map { "\($0.kind):\($0.text)" }
        }
    }

    @Test("is idempotent and keeps the meaning of every shipped exercise and documentation example")
    func properties() throws {
        var inputs = try Repository.shippedExercises.map { try Repository.text("Exercises/\($0)") }
        inputs.append(try LanguageDocumentationTests.blocks().joined(separator: "\n"))
        for input in inputs {
            let once = try #require(ExerciseFormatter.format(SourceText(input)))
            let twice = try #require(ExerciseFormatter.format(SourceText(once)))
            #expect(once == twice)
            #expect(ExerciseChecker.check(text: once).exercise == ExerciseChecker.check(text: input).exercise)
            #expect(Self.tokens(once) == Self.tokens(input))
        }
    }

    @Test("lays out whitespace, keeps comments, and changes nothing else")
    func layout() throws {
        let messy = "\u{FEFF}# Scenario notes\r\nexercise   \"T\"   # header\r\n\tstart 2026-11-24T09:00+09:00\r\n    turn 30m\r\n  length 4 turns\r\n\r\n\r\n\r\ndomain joint \"J\" nation JPN\r\ndomain land \"L\" nation JPN\r\n# the joint unit\r\nteam jcdc \"C\" domain joint\r\n      capacity 4   \r\n  # indented note\r\nchannel jcdc->jcdc2 30m\r\n"
        let expected = """
            # Scenario notes
            exercise "T"  # header
              start 2026-11-24T09:00+09:00
              turn 30m
              length 4 turns

            domain joint "J" nation JPN
            domain land "L" nation JPN

            # the joint unit
            team jcdc "C" domain joint
              capacity 4
              # indented note

            channel jcdc -> jcdc2 30m

            """
        #expect(ExerciseFormatter.format(SourceText(messy)) == expected)
    }

    @Test("re-quotes strings with canonical escapes")
    func strings() {
        let text = "exercise \"A \\\"quoted\\\" \\\\ title\\twith tab\"\n"
        #expect(ExerciseFormatter.format(SourceText(text)) == text)
    }

    @Test("refuses files it could not re-emit faithfully", arguments: [
        "exercise \"unterminated\n", "exercise \"x\" \u{01}\n", "  indented first\n", "exercise \"bad \\q escape\"\n",
    ])
    func refuses(text: String) {
        #expect(ExerciseFormatter.format(SourceText(text)) == nil)
    }

    @Test("formats files with semantic errors (unknown names), which authors fix later")
    func semanticErrorsStillFormat() {
        let text = "team   x \"X\" domain nowhere\n"
        #expect(ExerciseFormatter.format(SourceText(text)) == "team x \"X\" domain nowhere\n")
    }
}
