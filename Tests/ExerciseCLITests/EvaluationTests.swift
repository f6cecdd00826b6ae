import ExerciseCore
import ExerciseScript
import Foundation
import Testing

/// Evaluators' observations (issue 17, item 6): an EEG file checked with located errors, and
/// the report showing the evaluators' ratings beside the umpire's, their observations per
/// objective, and their recommendations in the improvement plan.
@Suite("Evaluators' observations (EEG)")
struct EvaluationTests {
    static let journal = "Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl"

    @Test("every mistake in an EEG file is reported at its line and column, and nothing is written")
    func locatedErrors() throws {
        let scratch = try Scratch()
        let eeg = scratch.path("bad.eeg")
        try """
            evaluator "Lt. Mori"
            objective O9 rating S
            objective O1 rating X
            expectation A04.7
            expectation A04.2
              observaton "typo"
              recommendation "Fix it" owner "G6" due 2027-02-30
            \u{20} analysis "outside any entry"
            """.write(toFile: eeg, atomically: true, encoding: .utf8)
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path,
                           "--eeg", eeg, "-o", scratch.path("aar.md")])
        #expect(run.status == 1)
        for expected in [
            "bad.eeg:2:11: error: unknown objective 'O9'; did you mean 'O1'?",
            "bad.eeg:3:21: error: 'X' is not a rating; use P",
            "bad.eeg:4:13: error: inject A04 has 3 expectation(s); there is no A04.7",
            "bad.eeg:6:3: error: unknown field 'observaton'; did you mean 'observation'?",
            "bad.eeg:7:42: error: '2027-02-30' is not a date; write YYYY-MM-DD",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("has 6 errors; nothing was written") || run.errors.contains("errors; nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("aar.md")))
    }

    @Test("the report shows the evaluators' ratings beside the umpire's, says where they differ, and takes the recommendations into the plan")
    func report() throws {
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path,
                           "--eeg", Repository.url("Exercises/pacific-shield.eeg").path, "--format", "md"])
        #expect(run.status == 0, "\(run.errors)")
        let md = run.output
        // The shipped game's computed ratings (Scoring.md, "The shipped game"): O1 S, O2 M, O3 P.
        #expect(md.contains("Evaluators' rating: S (Capt. Sato, JCDC evaluation team); the umpire's computed rating: S — they agree."))
        #expect(md.contains("Evaluators' rating: U (Capt. Sato, JCDC evaluation team); the umpire's computed rating: M — they differ"))
        #expect(md.contains("**A04.2 — Capt. Sato, JCDC evaluation team, rated M**"))
        #expect(md.contains("- *Analysis.* The GSDF SOC triages domain-controller alerts"))
        // Observations sit under their objective: A04.2 (an O2 expectation) after O2's heading, before O3's.
        let o2 = try #require(md.range(of: "### O2 — rating M")), o3 = try #require(md.range(of: "### O3 — rating P"))
        let a042 = try #require(md.range(of: "**A04.2 — Capt. Sato"))
        #expect(o2.upperBound < a042.lowerBound && a042.upperBound < o3.lowerBound)
        // The plan: ref, issue, action, element, objective, responsible, POC, start, due.
        #expect(md.contains("| O2-R1 | The adversary reached the joint intelligence database and staged data out of it before JCDC contained it. | Pre-authorise JCDC to isolate DII closed-network gateways on a confirmed intrusion, with JJOC told after | — | O2 | JCDC J3 | Capt. Sato, JCDC evaluation team |  | 2027-03-31 |"),
                "\(md)")
    }

    @Test("without an EEG the report is as before: no evaluators' lines")
    func withoutGuide() throws {
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path, "--format", "md"])
        #expect(!run.output.contains("Evaluators' rating"))
    }
}

/// The EEG file's hardening after the new-user trial: one evaluator per file, one rating per
/// objective, no empty texts, and one error for a bad head line rather than one per field under it.
extension EvaluationTests {
    static func check(_ eeg: String) throws -> Run {
        let scratch = try Scratch()
        let path = scratch.path("e.eeg")
        try eeg.write(toFile: path, atomically: true, encoding: .utf8)
        return Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path,
                        "--eeg", path, "--format", "md"])
    }

    @Test("a second 'evaluator' line is an error at it that names the first's line")
    func secondEvaluator() throws {
        let run = try Self.check("evaluator \"Capt. Sato\"\nobjective O1 rating S\nevaluator \"Lt. Mori\"\n")
        #expect(run.status == 1)
        #expect(run.errors.contains("e.eeg:3:1: error: a second 'evaluator' line; an EEG file is one evaluator's (named at line 1)"), "\(run.errors)")
        #expect(run.errors.contains("e.eeg' has 1 error; nothing was written"), "\(run.errors)")
    }

    @Test("the same objective or expectation rated twice is an error at the second rating naming the first's line; a second entry without a rating is fine")
    func ratedTwice() throws {
        let run = try Self.check("""
            evaluator "Capt. Sato"
            objective O1 rating S
              observation "first"
            expectation A04.2 rating M
            objective O1 rating M
            expectation A04.2 rating P
            """)
        #expect(run.status == 1)
        #expect(run.errors.contains("e.eeg:5:14: error: 'O1' is rated twice in this file (first at line 2)"), "\(run.errors)")
        #expect(run.errors.contains("e.eeg:6:19: error: 'A04.2' is rated twice in this file (first at line 4)"), "\(run.errors)")
        #expect(run.errors.contains("has 2 errors"), "\(run.errors)")
        let fine = try Self.check("evaluator \"Capt. Sato\"\nobjective O1 rating S\n  observation \"first\"\nobjective O1\n  observation \"second\"\n")
        #expect(fine.status == 0, "\(fine.errors)")
    }

    @Test("empty text for an evaluator, observation, analysis, recommendation or owner is an error at the string; so is an owner given twice")
    func emptyText() throws {
        let run = try Self.check("""
            evaluator ""
            objective O1 rating S
              observation ""
            objective O2
              analysis " "
            objective O3
              recommendation ""
            objective O4
              recommendation "Fix it" owner ""
            objective O5
              recommendation "Fix it" owner "G6" owner "G2"
            """)
        #expect(run.status == 1)
        for expected in [
            "e.eeg:1:11: error: the evaluator's name is empty",
            "e.eeg:3:15: error: the observation is empty",
            "e.eeg:5:12: error: the analysis is empty",
            "e.eeg:7:18: error: the recommendation is empty",
            "e.eeg:9:33: error: the owner is empty",
            "e.eeg:11:38: error: 'owner' given twice for this recommendation",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("has 6 errors"), "\(run.errors)")
    }

    @Test("a head line that does not check is one error: its indented fields are passed over, not reported as outside any entry")
    func noCascade() throws {
        let run = try Self.check("""
            evaluator "Capt. Sato"
            objective O1 rating X
              observation "seen"
              analysis "why"
            objectve O2 rating S
              observation "seen"
            objective O3 rating S
              observaton "after a good head, a field's own mistake is still reported"
            """)
        #expect(run.status == 1)
        #expect(run.errors.contains("e.eeg:2:21: error: 'X' is not a rating"), "\(run.errors)")
        #expect(run.errors.contains("e.eeg:5:1: error: unknown statement 'objectve'; did you mean 'objective'?"), "\(run.errors)")
        #expect(run.errors.contains("e.eeg:8:3: error: unknown field 'observaton'"), "\(run.errors)")
        #expect(!run.errors.contains("belongs under"), "\(run.errors)")
        #expect(run.errors.contains("has 3 errors"), "\(run.errors)")
    }

    @Test("a file without an 'evaluator' line is 'Evaluator 1' (by its --eeg place) in the report, and a note says so")
    func unnamedEvaluator() throws {
        let run = try Self.check("objective O1 rating S\n  observation \"JCDC heard of the phishing at once\"\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("e.eeg has no 'evaluator \"NAME\"' line; the report calls its evaluator 'Evaluator 1'"), "\(run.errors)")
        #expect(run.output.contains("Evaluators' rating: S (Evaluator 1)"), "\(run.output)")
    }

    @Test("the typed one-line form refuses empty texts too, at the string's column")
    func typedEmptyText() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/pacific-shield.exercise")).exercise)
        for (line, column, message) in [
            ("evaluator \"\" objective O1 rating S", 11, "the evaluator's name is empty"),
            ("objective O1 observation \"\"", 26, "the observation is empty; write what was seen, or leave the field out"),
            ("objective O1 rating S recommendation \"\"", 38, "the recommendation is empty"),
        ] {
            let tokens = Lexer.lex(SourceText(line)).lines.flatMap(\.tokens)
            let (observation, diagnostics) = EvaluationFile.parseEntry(tokens, exercise: x)
            #expect(observation == nil)
            #expect(diagnostics.map { "\($0.location): \($0.message)" } == ["1:\(column): \(message)"], "\(line)")
        }
    }
}

/// The second new-user trial: a mistyped rating is suggested (and where a rating goes said),
/// a mistyped expectation suggests a real one, and a second observation or analysis names the first's line.
extension EvaluationTests {
    @Test("a field that is no field suggests 'rating' right after the head's ref, and says a rating goes on the head line anywhere else")
    func ratingField() throws {
        let run = try Self.check("""
            evaluator "Capt. Sato"
            objective O5 ratng S
            objective O4 foo
            objective O3
              ratng M
              rating M
              bar "y"
            objective O1 rating S
              rating M
              ratng M
            """)
        #expect(run.status == 1)
        for expected in [
            "e.eeg:2:14: error: unknown field 'ratng'; did you mean 'rating'?\n",
            "e.eeg:3:14: error: unknown field 'foo'; use rating, observation, analysis or recommendation\n",
            "e.eeg:5:3: error: unknown field 'ratng'; a rating goes on the head line, right after the ref: 'objective O3 rating P|S|M|U'\n",
            "e.eeg:6:3: error: a rating goes on the head line, right after the ref: 'objective O3 rating P|S|M|U'\n",
            "e.eeg:7:3: error: unknown field 'bar'; use observation, analysis or recommendation (a rating goes on the head line)\n",
            "e.eeg:9:3: error: 'rating' given twice for this entry; an evaluator gives one rating each\n",
            "e.eeg:10:3: error: unknown field 'ratng'; use observation, analysis or recommendation\n",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("e.eeg' has 7 errors"), "\(run.errors)")
    }

    @Test("an expectation that is no expectation suggests the closest real one, else the closest inject; an inject alone lists its expectations")
    func expectationRef() throws {
        let run = try Self.check("""
            evaluator "Capt. Sato"
            expectation A99.1
            expectation A99.7
            expectation A04
            expectation ZZZ.9
            """)
        #expect(run.status == 1)
        for expected in [
            "e.eeg:2:13: error: 'A99.1' is not an expectation of this exercise; write INJECT.N (A04.2); did you mean 'A09.1'?\n",
            "e.eeg:3:13: error: 'A99.7' is not an expectation of this exercise; write INJECT.N (A04.2); did you mean inject 'A09'?\n",
            "e.eeg:4:13: error: 'A04' is an inject; name one of its expectations (A04.1, A04.2, A04.3)\n",
            "e.eeg:5:13: error: 'ZZZ.9' is not an expectation of this exercise; write INJECT.N (A04.2)\n",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(!run.errors.contains("…'"), "no dangling ellipsis: \(run.errors)")
        #expect(run.errors.contains("e.eeg' has 4 errors"), "\(run.errors)")
    }

    @Test("a second observation or analysis for one entry names the first's line, or its column on the same line")
    func fieldTwice() throws {
        let run = try Self.check("""
            objective O1 rating S
              observation "one"
              analysis "a"
              analysis "b"
            objective O2 observation "one" observation "two"
            objective O3 analysis "x"
              observation "y"
              observation "z"
            """)
        #expect(run.status == 1)
        for expected in [
            "e.eeg:4:3: error: 'analysis' given twice for this entry; first on line 3 (write one analysis, or a new entry)\n",
            "e.eeg:5:32: error: 'observation' given twice for this entry; first at column 14 (write one observation, or a new entry)\n",
            "e.eeg:8:3: error: 'observation' given twice for this entry; first on line 7 (write one observation, or a new entry)\n",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("e.eeg' has 3 errors"), "\(run.errors)")
    }

    @Test("the typed one-line form gets the same messages at the typed columns")
    func typedMessages() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/pacific-shield.exercise")).exercise)
        for (line, column, message) in [
            ("objective O1 ratng S", 14, "unknown field 'ratng'; did you mean 'rating'?"),
            ("objective O1 observation \"a\" observation \"b\"", 30,
             "'observation' given twice for this entry; first at column 14 (write one observation, or a new entry)"),
            ("expectation A99.1 rating M", 13, "'A99.1' is not an expectation of this exercise; write INJECT.N (A04.2); did you mean 'A09.1'?"),
        ] {
            let tokens = Lexer.lex(SourceText(line)).lines.flatMap(\.tokens)
            let (observation, diagnostics) = EvaluationFile.parseEntry(tokens, exercise: x)
            #expect(observation == nil)
            #expect(diagnostics.map { "\($0.location): \($0.message)" } == ["1:\(column): \(message)"], "\(line)")
        }
    }
}
