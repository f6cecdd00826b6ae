import ExerciseCore
import ExerciseScript
import Testing

@Suite("Decision lines")
struct ResponseParserTests {
    static func prelude() throws -> Exercise {
        try #require(ExerciseChecker.check(text: try LanguageDocumentationTests.blocks().joined(separator: "\n")).exercise)
    }

    @Test("every verb reads back from the canonical line the journal writes")
    func roundTrip() throws {
        let x = try Self.prelude()
        let parser = ResponseParser(exercise: x)
        let lines = [
            "jcdc detect js-mail T1566.001", "jcdc detect js-mail", "gsdf hunt wa-hq", "jcdc contain js-mail",
            "gsdf restore wa-vpn", "jcdc share A1 -> usfj", "jcdc share js-mail -> usfj", "jcdc tearline A1",
            "usfj request jcdc js-mail", "jcdc grant usfj js-mail", "white release X1",
            "white judge A1.2 met \"shared in \\\"time\\\"\"", "white note \"hotwash at 17:00\"",
        ]
        for line in lines {
            let decision = try #require(parser.parseJournalLine(line), "\(line)")
            #expect(decision.line(in: x) == line)
        }
    }

    @Test("a team is named in any case, as the console's commands are; the line is written in the exercise's spelling")
    func teamsInAnyCase() throws {
        let x = try Self.prelude()
        let parser = ResponseParser(exercise: x)
        for typed in ["JCDC detect js-mail", "Jcdc detect js-mail", "jcdc detect js-mail"] {
            guard case .success(let d) = parser.parseConsoleLine(typed, currentTurn: 1) else { Issue.record("\(typed)"); continue }
            #expect(d.line(in: x) == "jcdc detect js-mail")
        }
        guard case .failure(let diagnostic) = parser.parseConsoleLine("JCDX detect js-mail", currentTurn: 1) else {
            Issue.record("an unknown team is still refused")
            return
        }
        #expect(diagnostic.message.contains("did you mean"))
    }

    @Test("a responses file gives decisions by turn, in file order")
    func file() throws {
        let x = try Self.prelude()
        let text = """
            # played game
            +00:30 jcdc detect js-mail T1566.001
            turn 1 white note "start"
            +00:59 jcdc share A1 -> usfj   # still turn 2

            """
        let (decisions, diagnostics) = ResponseParser(exercise: x).parseFile(SourceText(text))
        #expect(diagnostics.isEmpty)
        #expect(decisions.map(\.turn) == [2, 1, 2])
        #expect(decisions.map(\.location.line) == [2, 3, 4])
    }

    @Test("bad lines are reported with line and column, all in one pass")
    func errors() throws {
        let x = try Self.prelude()
        let text = """
            +00:30 jcdd detect js-mail
            +00:30 jcdc detcet js-mail
            00:30 jcdc hunt wa-hq
            +99:00 jcdc hunt wa-hq
            turn 2 jcdc share A1 usfj
            turn 2 white judge A1.9 met "x"
            turn 2 jcdc detect js-mail T15
            turn 2 jcdc contain js-mail extra

            """
        let (decisions, diagnostics) = ResponseParser(exercise: x).parseFile(SourceText(text))
        #expect(decisions.isEmpty)
        let found = diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue)" }
        #expect(found == [
            "1:8 unknown-reference", "2:13 unknown-decision", "3:1 invalid-time", "4:1 time-beyond-length",
            "5:22 missing-argument", "6:20 unknown-reference", "7:28 invalid-technique", "8:29 unexpected-argument",
        ])
        #expect(diagnostics[0].message == "unknown team 'jcdd'; did you mean 'jcdc'?")
        #expect(diagnostics[1].message == "unknown decision 'detcet'; did you mean 'detect'?")
    }

    @Test("console lines may carry a time, which must be the current turn")
    func console() throws {
        let x = try Self.prelude()
        let parser = ResponseParser(exercise: x)
        #expect(throws: Never.self) { try parser.parseConsoleLine("jcdc contain js-mail", currentTurn: 3).get() }
        #expect(throws: Never.self) { try parser.parseConsoleLine("+01:00 jcdc contain js-mail", currentTurn: 3).get() }
        #expect(throws: Diagnostic.self) { try parser.parseConsoleLine("+02:00 jcdc contain js-mail", currentTurn: 3).get() }
        #expect(throws: Diagnostic.self) { try parser.parseConsoleLine("jcdc contain \"js-mail", currentTurn: 3).get() }
    }
}
