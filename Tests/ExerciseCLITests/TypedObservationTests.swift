import AfterAction
import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Testing
import Umpire

@testable import ExerciseCLI

/// Evaluators' observations typed during play (issue 17, item 6): one line in the EEG file's
/// syntax after `evaluator` (or `white observe`), checked by the EEG parser, journaled as an
/// applied decision, withdrawn by `undo`, shown to exercise control only, and merged into the
/// After-Action Report with the EEG files' entries.
@Suite("Evaluators' observations typed during play")
struct TypedObservationTests {
    static let exercisePath = "Exercises/pacific-shield.exercise"

    /// Turn 1 is +00:00, turn 2 +00:30, turn 3 +01:00.
    static let responses = """
        +00:00 evaluator objective O1 rating M observation "JCDC's watch floor missed the first email for an hour" recommendation "Rehearse the phishing hand-off" owner "JCDC J3" due 2027-02-28
        +00:30 evaluator "Lt. Mori, GSDF evaluator" expectation A04.2 rating S observation "GSDF contained the DC within the hour"
        +01:00 white observe objective O3 observation "a second note on O3, no rating"
        +01:00 white objective O2 analysis "the isolation decision waited for JJOC"
        """

    static func play(_ responses: String = Self.responses, in folder: String, until: Int = 6) throws -> (journal: String, session: GameSession) {
        let path = folder + "/play.responses"
        try responses.write(toFile: path, atomically: true, encoding: .utf8)
        // (Not named for what it holds: a report prints its journal's name.)
        let journal = folder + "/play.jsonl"
        let run = Run.cdx(["run", Repository.url(exercisePath).path, "--responses", path, "--journal", journal, "--until", "\(until)"])
        #expect(run.status == 0, "\(run.errors)")
        let (session, _, _) = try JournalReplay.load(journal, exerciseOverride: nil, io: CommandIO(write: { _ in }, writeError: { _ in }))
        return (journal, session)
    }

    static func observations(_ events: [Event]) -> [(turn: Int, text: String)] {
        events.compactMap { e in
            guard case .decision(let d, nil) = e.kind, case .observe(let o) = d.verb else { return nil }
            return (e.turn, o.value.text)
        }
    }

    @Test("a mistake in a typed observation is reported at its line and column, and a team's line is refused before its arguments are read")
    func locatedErrors() throws {
        let scratch = try Scratch()
        let responses = scratch.path("bad.responses")
        try """
            +00:00 evaluator objective O9 rating S
            +00:00 evaluator objective O1 rating X
            +00:00 evaluator expectation A04.2 observaton "typo"
            +00:00 evaluator objective O1 recommendation "Fix" owner "G6" due 2027-02-30
            +00:00 jcdc observe objective O1 rating S
            +00:00 jcdc objective O9
            +00:00 evaluator objective O1
            +00:00 white observe expectation A04.7 rating S
            +00:00 evaluator "Lt. Mori" objectve O1 rating S
            """.write(toFile: responses, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", Repository.url(Self.exercisePath).path, "--responses", responses, "--journal", scratch.path("bad.jsonl")])
        #expect(run.status == 1)
        for expected in [
            "bad.responses:1:28: error: unknown objective 'O9'; did you mean 'O1'?",
            "bad.responses:2:38: error: 'X' is not a rating; use P",
            "bad.responses:3:36: error: unknown field 'observaton'; did you mean 'observation'?",
            "bad.responses:4:67: error: '2027-02-30' is not a date; write YYYY-MM-DD",
            "bad.responses:5:13: error: only the white cell records evaluators' observations",
            "bad.responses:6:13: error: only the white cell records evaluators' observations",
            "bad.responses:7:30: error: expected a rating (rating P, S, M or U) or an observation, analysis or recommendation after 'O1'",
            "bad.responses:8:34: error: inject A04 has 3 expectation(s); there is no A04.7",
            "bad.responses:9:29: error: expected 'objective ID' or 'expectation INJECT.N', found 'objectve'; did you mean 'objective'?",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        // The team's line is refused at its verb: nothing about O9 is said to it.
        #expect(!run.errors.contains("bad.responses:6:23"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("bad.jsonl")), "nothing was run")
    }

    @Test("at the console the line is checked the same way, its error under the typed column")
    func console() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes(Self.exercisePath)).exercise)
        let session = GameSession(exercise: x, seed: 1, journal: nil, source: try Repository.bytes(Self.exercisePath))
        let command = ConsoleCommand.parse("evaluator objective O7 rating S", exercise: x, parser: session.parser, currentTurn: 1)
        guard case .refused(let message) = command else {
            Issue.record("an unknown objective is refused, not \(command)")
            return
        }
        #expect(message.contains("column 21: error: unknown objective 'O7'"), "\(message)")
        #expect(message.hasSuffix("nothing was changed; type 'help' for the decision forms\n"))
        let white = try #require(x.teams.firstIndex { $0.id == "white" })
        guard case .decide(let d) = ConsoleCommand.parse("evaluator objective O1 rating s observation \"seen\"", exercise: x,
                                                         parser: session.parser, currentTurn: 1),
              case .observe(let o) = d.verb
        else {
            Issue.record("a good line is a decision")
            return
        }
        #expect(d.team == white)
        // The canonical text: the rating as HSEEP writes it, fields in the file's order.
        #expect(o.value.text == "objective O1 rating S observation \"seen\"")
        #expect(o.value.entry == EvaluationGuide.Entry(subject: .objective(0), rating: .s, observation: "seen"))
        #expect(d.line(in: x) == "white observe objective O1 rating S observation \"seen\"")
        #expect(Console.help(x).contains("evaluator objective O1 rating S observation"))
    }

    @Test("the facilitator guide's evaluator lines are lines the console takes")
    func guideExamples() throws {
        let guide = try String(contentsOf: Repository.url("Documentation/FacilitatorGuide.md"), encoding: .utf8)
        let section = try #require(guide.range(of: "## The evaluator's day"))
        let lines = guide[section.upperBound...].split(separator: "\n").prefix { !$0.hasPrefix("## ") }
            .filter { $0.hasPrefix("evaluator ") }.map(String.init)
        #expect(lines.count == 4)
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes(Self.exercisePath)).exercise)
        let parser = ResponseParser(exercise: x)
        for line in lines {
            guard case .success(let d) = parser.parseConsoleLine(line, currentTurn: 1), case .observe = d.verb else {
                Issue.record("the guide's line does not parse: \(line)")
                continue
            }
        }
    }

    @Test("journaled as applied 'observe' decisions: read back, replayed and verified; no score changes")
    func journal() throws {
        let scratch = try Scratch()
        let (journal, session) = try Self.play(in: scratch.url.path)
        #expect(Run.cdx(["verify", journal]).status == 0)
        let typed = Self.observations(session.events)
        #expect(typed.map(\.turn) == [1, 2, 3, 3])
        #expect(typed.map(\.text) == [
            "objective O1 rating M observation \"JCDC's watch floor missed the first email for an hour\" recommendation \"Rehearse the phishing hand-off\" owner \"JCDC J3\" due 2027-02-28",
            "evaluator \"Lt. Mori, GSDF evaluator\" expectation A04.2 rating S observation \"GSDF contained the DC within the hour\"",
            "objective O3 observation \"a second note on O3, no rating\"",
            "objective O2 analysis \"the isolation decision waited for JJOC\"",
        ])
        // Each line holds the text in 'eeg' and decodes to the event it came from.
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"verb\":\"observe\"") }
        #expect(lines.count == 4)
        #expect(lines[0].contains(#""eeg":"objective O1 rating M observation \"JCDC's watch floor"#))
        let codec = session.codec
        for line in lines {
            let object = try JSONValue.parse(String(line))
            let event = try codec.decode(object)
            #expect(session.events.contains(event))
        }
        // A text cdx did not write (an unknown objective, or not canonical) does not decode.
        for (from, to) in [("objective O3 observation", "objective O8 observation"), ("objective O3 observation", "objective  O3 observation")] {
            let edited = try JSONValue.parse(String(lines[2]).replacingOccurrences(of: from, with: to))
            #expect(throws: JournalCodec.Failure.self) { try codec.decode(edited) }
        }
        // The score is the score without them.
        try FileManager.default.createDirectory(atPath: scratch.path("plain"), withIntermediateDirectories: true)
        let without = try Self.play("# nothing typed\n", in: scratch.path("plain"))
        #expect(Umpire.score(session.exercise, events: session.events) == Umpire.score(without.session.exercise, events: without.session.events))
    }

    @Test("undo withdraws an observation: the report leaves it out")
    func undo() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes(Self.exercisePath)).exercise)
        var session = GameSession(exercise: x, seed: 1, journal: nil, source: try Repository.bytes(Self.exercisePath))
        #expect(Console.opening(&session, journalPath: "j.jsonl").ok)
        func typed(_ line: String) -> Console.Reply {
            Console.reduce(&session, ConsoleCommand.parse(line, exercise: x, parser: session.parser, currentTurn: session.state.turn),
                           journalPath: "j.jsonl", until: 48)
        }
        #expect(typed("evaluator objective O1 rating U observation \"kept\"").output == "✓ white observe objective O1 rating U observation \"kept\"\n")
        #expect(typed("evaluator objective O2 rating P observation \"withdrawn\"").journal == .recorded)
        #expect(typed("undo").output == "withdrew: white observe objective O2 rating P observation \"withdrawn\"\n")
        let input = ReportInput(exercise: session.exercise, events: session.events, scorecard: Umpire.score(session.exercise, events: session.events),
                                journalName: "j.jsonl", journalHash: "")
        #expect(input.typedObservations.map(\.observation.text) == ["objective O1 rating U observation \"kept\""])
        let md = MarkdownReport.render(input)
        #expect(md.contains("**O1 — Evaluator, turn 1 +00:00, rated U**"))
        // The event log still lists the withdrawn line; the observations and the ratings do not.
        #expect(!md.contains("- *Observation.* withdrawn"))
        #expect(!md.contains("**O2 — Evaluator"))
        #expect(md.contains("Evaluators' rating: U (Evaluator, turn 1 +00:00);"))
    }

    @Test("a --room console refuses an observation: the room does not read the evaluators' notes")
    func room() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes(Self.exercisePath)).exercise)
        var session = GameSession(exercise: x, seed: 1, journal: nil, source: try Repository.bytes(Self.exercisePath))
        #expect(Console.opening(&session, journalPath: "j.jsonl").ok)
        let command = ConsoleCommand.parse("evaluator objective O1 rating S", exercise: x, parser: session.parser, currentTurn: 1)
        let reply = Console.reduce(&session, command, journalPath: "j.jsonl", until: 48, room: true)
        #expect(reply.output == "'white observe' is the white cell's: this console is the room's (--room); use a console or seat of exercise control\n")
        #expect(Self.observations(session.events).isEmpty)
    }

    @Test("the report shows typed observations with the file's, marked with when they were typed; both evaluators' ratings; the plan takes their recommendations")
    func report() throws {
        let scratch = try Scratch()
        let (journal, _) = try Self.play(in: scratch.url.path)
        let run = Run.cdx(["report", journal, "--eeg", Repository.url("Exercises/pacific-shield.eeg").path, "--format", "md"])
        #expect(run.status == 0, "\(run.errors)")
        let md = run.output
        // The journal stops at turn 6: the umpire's ratings so far are not the finished game's, so
        // the comparison is checked up to the computed rating.
        #expect(md.contains("Evaluators' rating: S (Capt. Sato, JCDC evaluation team), M (Evaluator, turn 1 +00:00); the umpire's computed rating: "))
        #expect(md.contains("the evaluators differ among themselves"))
        #expect(md.contains("**O1 — Capt. Sato, JCDC evaluation team, rated S**"))
        #expect(md.contains("**O1 — Evaluator, turn 1 +00:00, rated M**"))
        #expect(md.contains("- *Observation.* JCDC's watch floor missed the first email for an hour"))
        #expect(md.contains("- *Recommendation.* Rehearse the phishing hand-off (owner JCDC J3, due 2027-02-28)"))
        #expect(md.contains("**A04.2 — Lt. Mori, GSDF evaluator, turn 2 +00:30, rated S**"))
        #expect(md.contains("**O3 — Evaluator, turn 3 +01:00**\n\n- *Observation.* a second note on O3, no rating"))
        #expect(md.contains("**O2 — Evaluator, turn 3 +01:00**\n\n- *Analysis.* the isolation decision waited for JJOC"))
        // Under their objectives: the typed A04.2 (an O2 expectation) after O2's heading, before O3's.
        let o2 = try #require(md.range(of: "### O2 — rating")), o3 = try #require(md.range(of: "### O3 — rating"))
        let mori = try #require(md.range(of: "**A04.2 — Lt. Mori"))
        #expect(o2.upperBound < mori.lowerBound && mori.upperBound < o3.lowerBound)
        // The plan: the files' recommendations first, then the typed ones, the evaluator and time as point of contact.
        // Each its own row, numbered under its objective: the file's O1 recommendation is O1-R1, the typed one O1-R2.
        let sato = try #require(md.range(of: "| O2-R1 | The adversary reached the joint intelligence database"))
        let typedRow = " | JCDC's watch floor missed the first email for an hour | Rehearse the phishing hand-off | — | O1 | JCDC J3 | Evaluator, turn 1 +00:00 |  | 2027-02-28 |"
        let row = try #require(md.range(of: "| O1-R2" + typedRow), "\(md)")
        #expect(sato.upperBound < row.lowerBound)
        // Without the file, the typed ones alone.
        let alone = Run.cdx(["report", journal, "--format", "md"])
        #expect(alone.output.contains("Evaluators' rating: M (Evaluator, turn 1 +00:00); the umpire's computed rating: "))
        #expect(!alone.output.contains("Capt. Sato"))
        #expect(alone.output.contains("| O1-R1" + typedRow))
    }

    @Test("a rating typed before any expectation of its objective counted is not said to differ from a rating the umpire has not given")
    func ratingBeforeTheUmpireHasOne() throws {
        let scratch = try Scratch()
        // Turn 1 of pacific-shield: no expectation of O2 is due yet, so O2 has no computed rating.
        let (journal, _) = try Self.play("+00:00 evaluator objective O2 rating U observation \"the gateway waited\"\n", in: scratch.url.path, until: 1)
        let md = Run.cdx(["report", journal, "--format", "md"]).output
        #expect(md.contains("Evaluators' rating: U (Evaluator, turn 1 +00:00); the umpire has no rating to set beside it: no expectation of this objective was counted."), "\(md)")
        #expect(!md.contains("the umpire's computed rating: -"))
    }

    @Test("nobody but exercise control sees an observation: team views, team reports, STIX, the narrator's team lines")
    func leaks() throws {
        let scratch = try Scratch()
        let secret = "cnryTypedObservation"
        let (journal, session) = try Self.play("""
            +00:00 evaluator "cnryEvaluator" objective O1 rating U observation "\(secret)" recommendation "cnryPlan" owner "cnryOwner"
            """, in: scratch.url.path, until: 3)
        let x = session.exercise
        // Exercise control sees it, so the searches below can fail.
        #expect(Run.cdx(["view", journal, "--team", "white"]).output.contains(secret))
        #expect(Run.cdx(["report", journal, "--format", "md"]).output.contains(secret))
        for team in x.teams where team.role != .white {
            for arguments in [["view", journal, "--team", team.id], ["report", journal, "--team", team.id, "--format", "md"],
                              ["report", journal, "--team", team.id, "--format", "html"], ["export", "stix", journal, "--team", team.id]] {
                let run = Run.cdx(arguments)
                #expect(run.status == 0, "\(arguments): \(run.errors)")
                for word in [secret, "cnryEvaluator", "cnryPlan", "cnryOwner", "observe"] {
                    #expect(!run.output.contains(word), "\(arguments.joined(separator: " ")) shows '\(word)'")
                }
            }
        }
        // The narrator tells the white cell, marked as its alone (the room's console leaves it out).
        var narrator = EventNarrator(exercise: x, viewer: .whiteCell)
        let told = session.events.compactMap { narrator.describe($0) }.filter { $0.text.contains(secret) }
        #expect(told.count == 1 && told.allSatisfy(\.isWhiteCellOnly))
        for t in x.teams.indices where x.teams[t].role != .white {
            var teamNarrator = EventNarrator(exercise: x, viewer: .team(t))
            #expect(!session.events.compactMap { teamNarrator.describe($0) }.contains { $0.text.contains(secret) })
        }
    }
}

extension TypedObservationTests {
    @Test("'evaluator' is read in any case, as a team's name is; the journal keeps the canonical line")
    func evaluatorInAnyCase() throws {
        let scratch = try Scratch()
        let (journal, _) = try Self.play("+00:00 Evaluator objective O1 rating S\n+00:00 EVALUATOR \"Lt. Mori\" objective O2 observation \"fine\"\n",
                                         in: scratch.url.path, until: 1)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"line\":\"white observe objective O1 rating S\""), "\(text)")
        #expect(text.contains("\"line\":\"white observe evaluator \\\"Lt. Mori\\\" objective O2 observation \\\"fine\\\"\""), "\(text)")
    }
}
