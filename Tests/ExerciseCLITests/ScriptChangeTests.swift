import ExerciseCore
import ExerciseScript
import Foundation
import Testing
import Umpire

@testable import ExerciseCLI

/// The white cell changes the script during play (issue 16, item 1): an inject written at
/// the table, one delayed, one advanced, one cancelled — through a responses file, then
/// replayed, verified and scored from the journal alone with the unchanged exercise file.
@Suite("Injects written, moved and cancelled during play")
struct ScriptChangeTests {
    static let exercisePath = "Exercises/pacific-shield.exercise"

    /// Turn 1 is +00:00, turn 3 +01:00: A02 (+01:00) is delayed to +02:00 (turn 5), A05
    /// (+04:00) advanced to +02:30 (turn 6), A07 (+06:30) cancelled, and X9 written for
    /// +01:30 (turn 4) to jcdc with an expectation the white cell then judges.
    static let responses = """
        +00:00 white inject X9 at +01:30 "Media asks about a leak" from "Ryukyu Shimpo reporter" to jcdc via phone text "A reporter says Western Army documents are on a forum." expect "JCDC briefs the MOD press office" within 2h by jcdc objective O4
        +00:00 white delay A02 by 1h
        +00:30 white advance A05 to +02:30
        +00:30 white cancel A07
        +01:30 jcdc share X9 -> usfj
        +02:00 white judge X9.1 met "press line agreed with the MOD"
        """

    static func play(in folder: String) throws -> (journal: String, session: GameSession) {
        let responses = folder + "/changes.responses"
        try Self.responses.write(toFile: responses, atomically: true, encoding: .utf8)
        let journal = folder + "/changes.jsonl"
        let run = Run.cdx(["run", Repository.url(exercisePath).path, "--responses", responses, "--journal", journal, "--until", "12"])
        #expect(run.status == 0, "\(run.errors)")
        let (session, _, _) = try JournalReplay.load(journal, exerciseOverride: nil, io: CommandIO(write: { _ in }, writeError: { _ in }))
        return (journal, session)
    }

    func released(_ session: GameSession, _ id: String) -> Int? {
        session.events.lazy.compactMap { e -> Int? in
            guard case .injectReleased(let i, _) = e.kind, session.exercise.injects[i].id == id else { return nil }
            return e.turn
        }.first
    }

    @Test("each change takes effect at its turn, and the journal replays and verifies against the unchanged file")
    func responsesFile() throws {
        let scratch = try Scratch()
        let (journal, session) = try Self.play(in: scratch.url.path)
        // The file's digest still matches: verify replays every event byte for byte.
        let verify = Run.cdx(["verify", journal])
        #expect(verify.status == 0, "\(verify.errors)")
        // The exercise as played has X9 after the file's injects; the file's has not.
        #expect(session.fileExercise.injects.count == 16)
        #expect(session.exercise.injects.map(\.id).last == "X9")
        #expect(released(session, "X9") == 4)
        #expect(released(session, "A02") == 5)
        #expect(released(session, "A05") == 6)
        #expect(released(session, "A07") == nil)
        // X9 went to jcdc, who shared it on to usfj: the card was delivered to both.
        let x9 = session.exercise.injects.count - 1
        let jcdc = session.exercise.teams.firstIndex { $0.id == "jcdc" }!, usfj = session.exercise.teams.firstIndex { $0.id == "usfj" }!
        #expect(session.state.holds(jcdc, card: x9))
        #expect(session.state.holds(usfj, card: x9))
    }

    @Test("the umpire scores the inject written during play like the file's, and not the cancelled one")
    func scoring() throws {
        let scratch = try Scratch()
        let (_, session) = try Self.play(in: scratch.url.path)
        let card = Umpire.score(session.exercise, events: session.events)
        let x = session.exercise
        func id(_ r: Scorecard.ExpectationResult) -> String { x.injects[r.inject].id }
        let judged = try #require(card.expectations.first { id($0) == "X9" })
        #expect(judged.status == .met && judged.judged)
        #expect(judged.dueAt == 90 + 120)
        // A07 never went out: nothing was expected of anyone.
        let a07 = card.expectations.filter { id($0) == "A07" }
        #expect(!a07.isEmpty && a07.allSatisfy { $0.status == .notApplicable })
    }

    @Test("the After-Action Report marks each inject written, moved or cancelled during play")
    func report() throws {
        let scratch = try Scratch()
        let (journal, _) = try Self.play(in: scratch.url.path)
        let run = Run.cdx(["report", journal, "--format", "md"])
        #expect(run.status == 0, "\(run.errors)")
        let md = run.output
        for row in [
            "| 1 | +00:00 | written | X9 | Media asks about a leak | — | +01:30 |",
            "| 1 | +00:00 | delayed | A02 | Western Army VPN concentrator exploited | +01:00 | +02:00 |",
            "| 2 | +00:30 | advanced | A05 | Second phishing wave against Sasebo and Kasuga | +04:00 | +02:30 |",
            "| 2 | +00:30 | cancelled | A07 | Pivot into the DII closed network | +06:30 | by hand |",
            "| X9 | +01:30 | 4 | Media asks about a leak | time (written in play) | jcdc |",
            "| A02 | +02:00 | 5 | Western Army VPN concentrator exploited | time (moved in play) | gsdf |",
        ] {
            #expect(md.contains(row), "the report lacks: \(row)")
        }
        #expect(md.contains("it wrote 1 inject, moved 2, cancelled 1."))
        // A team's own report says nothing of the script: it is exercise control's.
        let usfj = Run.cdx(["report", journal, "--format", "md", "--team", "usfj"])
        #expect(usfj.status == 0 && !usfj.output.contains("Changes to the script") && !usfj.output.contains("A07"))
    }

    @Test("a change that is not after its line's turn, by a team, or that does not check is refused with file:line:col")
    func locatedErrors() throws {
        let scratch = try Scratch()
        let responses = scratch.path("bad.responses")
        try """
            +00:30 white inject X8 at +00:40 "Too soon" to jcdc
            +00:30 jcdc inject X7 manual "Not the white cell's"
            +00:30 white inject X6 at +02:00 "Nobody" to nobody
            +00:30 white advance A03 to +00:45
            +00:30 white inject A01 manual "Taken"
            """.write(toFile: responses, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", Repository.url(Self.exercisePath).path, "--responses", responses, "--journal", scratch.path("bad.jsonl")])
        #expect(run.status == 1)
        let path = "bad.responses"
        for expected in [
            "\(path):1:27: error: +00:40 is not after turn 2",
            "\(path):2:13: error: only the white cell can inject",
            "\(path):3:46: error: unknown team 'nobody'",
            "\(path):4:29: error: +00:45 is not after turn 2",
            "\(path):5:21: error: duplicate inject 'A01'",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("bad.jsonl")), "nothing was run")
    }

    @Test("a later line may name an inject written on an earlier one; the engine's refusals are journaled")
    func refusals() throws {
        let scratch = try Scratch()
        let responses = scratch.path("r.responses")
        try """
            +00:00 white inject X9 manual "Contingency written at the table" to gsdf text "Call from the garrison."
            +00:00 white release X9
            +00:00 white cancel X9
            +00:00 white cancel X1
            +00:00 white delay A03 to +01:00
            +00:30 white cancel A01
            """.write(toFile: responses, atomically: true, encoding: .utf8)
        let journal = scratch.path("r.jsonl")
        let run = Run.cdx(["run", Repository.url(Self.exercisePath).path, "--responses", responses, "--journal", journal, "--until", "3"])
        #expect(run.status == 0, "\(run.errors)")
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"type\":\"decision\"") }
        func rejection(_ line: String) -> String? {
            guard let l = lines.first(where: { $0.contains("\"line\":\"\(line)\"") }),
                  let v = try? JSONValue.parse(String(l)) else { return "not journaled" }
            return v["rejection"]?.stringValue
        }
        #expect(rejection("white release X9") == nil)
        #expect(rejection("white cancel X9") == "already-released")
        #expect(rejection("white cancel X1") == "not-scheduled")
        #expect(rejection("white delay A03 to +01:00") == "wrong-direction")
        #expect(rejection("white cancel A01") == "already-released")
        #expect(Run.cdx(["verify", journal]).status == 0)
    }

    @Test("undo of a change puts the script back; a journal whose statement was edited is refused at its line")
    func undoAndTamper() throws {
        let scratch = try Scratch()
        let journal = scratch.path("u.jsonl")
        let run = Run.cdx(["run", Repository.url(Self.exercisePath).path, "--journal", journal],
                          input: ["white inject X9 at +01:00 \"Leak\" to jcdc", "white delay A02 by 30m", "undo", "undo", "next", "next", "quit"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("withdrew: white delay A02 to +01:30"))
        #expect(run.output.contains("withdrew: white inject X9 at +01:00 \"Leak\" to jcdc"))
        let (session, _, _) = try JournalReplay.load(journal, exerciseOverride: nil, io: CommandIO(write: { _ in }, writeError: { _ in }))
        #expect(session.exercise == session.fileExercise)
        // A02 fired at its own time (turn 3), and no X9 exists.
        #expect(released(session, "A02") == 3)
        #expect(!run.output.contains("[X9]"))

        // Keep the add (no undo), then change one word of its statement in the journal.
        let kept = scratch.path("k.jsonl")
        _ = Run.cdx(["run", Repository.url(Self.exercisePath).path, "--journal", kept],
                    input: ["white inject X9 at +01:00 \"Leak\" to jcdc", "next", "quit"])
        var text = try String(contentsOfFile: kept, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"definition\":\"X9 at +01:00 \\\"Leak\\\" to jcdc\"", with: "\"definition\":\"X9 at +01:00 \\\"Leak\\\" to nobody\"")
        // The hash chain recomputed, as anyone editing a journal can: the replay still sees it.
        try Data(FuzzRegressionTests.resealed(Array(text.utf8))).write(to: URL(fileURLWithPath: kept))
        let verify = Run.cdx(["verify", kept])
        #expect(verify.status == 1)
        #expect(verify.errors.contains("k.jsonl:") && verify.errors.contains("does not check against this exercise"), "\(verify.errors)")
    }
}

/// The wall clock beside the journal (issue 16, item 6): console steps get times, responses
/// runs none, and the report's "turns as played" reads them back.
@Suite("The wall clock of a played run")
struct WallClockTests {
    @Test("a console run notes one clock line per step, each naming its journal line; a responses run writes none")
    func consoleAndResponses() throws {
        let scratch = try Scratch()
        let journal = scratch.path("w.jsonl")
        let run = Run.cdx(["run", Repository.url("Exercises/pacific-shield.exercise").path, "--journal", journal],
                          input: ["jcdc detect js-ws", "next", "white note \"hello\"", "next", "quit"])
        #expect(run.status == 0, "\(run.errors)")
        let clock = try String(contentsOfFile: journal + ".clock", encoding: .utf8).split(separator: "\n")
        let contents = try JournalContents.read(journal)
        // Steps: open 1, decide, close 1, open 2, note, close 2, open 3.
        #expect(clock.count == 7)
        let (times, unmatched) = WallClock.read(for: journal, contents: contents)
        #expect(times.count == 7 && unmatched == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: journal + ".clock")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let played = scratch.path("r.jsonl")
        #expect(Run.cdx(["run", Repository.url("Exercises/pacific-shield.exercise").path, "--responses",
                         Repository.url("Exercises/pacific-shield.responses").path, "--journal", played]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: played + ".clock"))
    }

    @Test("the report shows when each turn opened and closed, in the exercise's offset, from clock lines that match")
    func report() throws {
        let scratch = try Scratch()
        let journal = scratch.path("w.jsonl")
        _ = Run.cdx(["run", Repository.url("Exercises/pacific-shield.exercise").path, "--journal", journal],
                    input: ["jcdc detect js-ws", "next", "white note \"hello\"", "next", "quit"])
        // The clock rewritten with times chosen here: turn 1 opens 00:00:00Z (09:00:00 +09:00),
        // its decision at 00:10, it closes 00:25:30; turn 2 closes 01:10. One line of another run.
        let contents = try JournalContents.read(journal)
        func line(_ seq: Int) -> JournalContents.Line { contents.lines.first { $0.object["seq"]?.intValue == seq }! }
        let base = 1_795_000_000.0 - 1_795_000_000.0.truncatingRemainder(dividingBy: 86400)
        let steps: [(Int, Double)] = [(3, 0), (5, 600), (7, 1530), (8, 1531), (10, 3000), (12, 4200), (15, 4201)]
        var text = ""
        for (seq, t) in steps {
            text += "{\"seq\":\(seq),\"hash\":\"\(line(seq).hash.prefix(16))\",\"wall\":\"\(WallClock.timestamp(Date(timeIntervalSince1970: base + t)))\"}\n"
        }
        text += "{\"seq\":5,\"hash\":\"0000000000000000\",\"wall\":\"2026-12-04T00:00:00.000Z\"}\n"
        try text.write(toFile: journal + ".clock", atomically: true, encoding: .utf8)
        let report = Run.cdx(["report", journal, "--format", "md"])
        #expect(report.errors.contains("warning: 1 line of"), "\(report.errors)")
        // In UTC, the date where the day changes: 1_794_960_000 s is 2026-11-18 00:00:00Z.
        for row in ["| 1 | +00:00 | 2026-11-18 00:00:00 | 00:25:30 | 26m | 1 |", "| 2 | +00:30 | 00:25:31 | 01:10:00 | 44m | 1 |",
                    "| 3 | +01:00 | 01:10:01 | — | — | 0 |"] {
            #expect(report.output.contains(row), "the report lacks \(row)")
        }
        #expect(report.output.contains("The turns as played, by the wall clock (UTC;"))
    }
}

extension ScriptChangeTests {
    @Test("the white seat writes an inject and skips to it; a team's seat cannot change the script")
    func whiteSeat() throws {
        let scratch = try Scratch()
        let journal = scratch.path("seats.jsonl")
        let server = try SeatServerProcess(["run", Repository.url(Self.exercisePath).path, "--journal", journal, "--listen", "127.0.0.1:0", "--no-console"],
                                           journal: journal)
        defer { server.console.kill() }
        let white = try server.join("white"), jcdc = try server.join("jcdc")
        let added = try white.decide("white inject X9 at +02:00 \"Reporter calls\" to jcdc text \"A reporter asks about a leak.\"", turn: 1)
        #expect(added.status == 200 && added.body.contains("\"outcome\":\"applied\""), "\(added.body)")
        let refused = try jcdc.decide("inject X8 manual \"Not ours\"", turn: 1)
        #expect(refused.status == 422 && refused.body.contains("only the white cell can inject"), "\(refused.body)")
        let skipped = try white.decide("skip to +02:00", turn: 1)
        #expect(skipped.status == 200, "\(skipped.body)")
        // The skip stopped at the latest by turn 5 (+02:00), where X9 reaches jcdc's seat.
        var view = try jcdc.viewText()
        for _ in 0..<8 where !view.contains("\"X9\"") {
            _ = try white.decide("skip to +02:00")
            view = try jcdc.viewText()
        }
        #expect(view.contains("A reporter asks about a leak."))
        server.console.kill()
        #expect(Run.cdx(["verify", journal]).status == 0)
    }
}

extension ScriptChangeTests {
    /// What a hostile trial of the first version found (issue 16's review), kept fixed.
    @Test("an undo after releasing an inject written this turn, team lines that would probe the script, and the room's console")
    func hostileFindings() throws {
        let scratch = try Scratch()
        let path = Repository.url(Self.exercisePath).path
        // The undo re-applies the turn's events, the release of X10 among them, to the state as the turn opened.
        let journal = scratch.path("u.jsonl")
        let run = Run.cdx(["run", path, "--journal", journal],
                          input: ["white inject X10 manual \"M\" to gsdf", "white release X10", "jcdc share A01 -> gsdf", "undo", "undo", "undo", "quit"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("withdrew: white release X10") && run.output.contains("withdrew: white inject X10 manual \"M\" to gsdf"))
        #expect(Run.cdx(["verify", journal]).status == 0)

        // A team's line with a white-cell verb says nothing of the script: not when an inject is due, nor how many expectations it has.
        let probe = Run.cdx(["run", path, "--journal", scratch.path("p.jsonl")],
                            input: ["white inject X9 at +01:00 \"Secret\" to gsdf expect \"a\" within 1h", "jcdc delay X9 by 1h", "jcdc judge X9.1 met \"x\"",
                                    "jcdc cancel A03", "quit"])
        #expect(!probe.output.contains("jcdc delay X9 to"))
        #expect(!probe.output.contains("expectation(s)"))
        #expect(probe.output.components(separatedBy: "error: only the white cell can").count == 4, "\(probe.output)")

        // The room's console refuses changes to the script, and a refused white line does not say what it named.
        let room = Run.cdx(["run", path, "--journal", scratch.path("r.jsonl"), "--room"],
                           input: ["white cancel A05", "white delay X77 by 1h", "quit"])
        #expect(room.output.contains("'white cancel' is the white cell's"), "\(room.output)")
        #expect(!room.output.contains("X77"))
        #expect(room.output.contains("this console is the room's (--room), so it does not say why"))
    }

    @Test("an inject written during play takes several expectations and effects on its line; messages name what they mean")
    func oneLineInjects() throws {
        let scratch = try Scratch()
        let run = Run.cdx(["run", Repository.url(Self.exercisePath).path, "--journal", scratch.path("o.jsonl")], input: [
            "white inject X7 at +01:00 \"Two tasks\" by mirrorface to jcdc compromise js-mail expect detect js-mail within 1h expect \"brief the JJOC\" within 2h by jcdc",
            "white inject X7 at +02:00 \"Again\" to jcdc",
            "white advance A05 by 5h",
            "white inject X8 when A01 released \"After the phish\" to gsdf",
            "quit",
        ])
        #expect(run.output.contains("X7 joins the script: due at +01:00 (turn 3); to jcdc; 2 expectations"), "\(run.output)")
        #expect(run.output.contains("(an inject written earlier in play)"))
        #expect(run.output.contains("5h earlier than +04:00 is before the exercise starts"))
        #expect(run.output.contains("X8 joins the script: released when its condition holds"))
    }
}

extension ScriptChangeTests {
    /// What a new facilitator's trial of the day found, kept fixed.
    @Test("the room's console never shows a card with no recipient, however it is released; the white cell's says it is its own")
    func roomAndGroundTruthCards() throws {
        let scratch = try Scratch()
        let path = Repository.url(Self.exercisePath).path
        let room = Run.cdx(["run", path, "--journal", scratch.path("r.jsonl"), "--room"], input: ["white release A07", "quit"])
        #expect(!room.output.contains("A07") && !room.output.contains("SMB session"), "\(room.output)")
        #expect(room.output.contains("✓ recorded (what it was is the white cell's)"))
        let white = Run.cdx(["run", path, "--journal", scratch.path("w.jsonl")], input: ["white release A07", "quit"])
        #expect(white.output.contains("[white cell only] Inject A07 “Pivot into the DII closed network” released (manual): no recipient; ground truth only"))
    }

    @Test("at 80 columns a refused line's caret stays under its column, and a command to type is never broken across lines")
    func narrowConsole() throws {
        let scratch = try Scratch()
        let journal = scratch.path("n.jsonl")
        let line = "white inject X8 at +03:00 \"Prefectural office asks about the island link\" from \"Okinawa Prefecture\" to gsdx via phone text \"The office asks whether outages affect the disaster radio.\""
        let run = try Binary.run(["run", Self.exercisePath, "--journal", journal], environment: ["COLUMNS": "80"], input: line + "\nquit\n")
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let excerpt = try #require(lines.firstIndex { $0.hasPrefix(" 1 | ") })
        let caret = lines[excerpt + 1]
        // The caret's column in the excerpt is where 'gsdx' starts in it.
        let at = try #require(lines[excerpt].range(of: "gsdx"))
        let column = lines[excerpt].distance(from: lines[excerpt].startIndex, to: at.lowerBound)
        #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) } == column, "\(lines[excerpt])\n\(caret)")
        #expect(lines.allSatisfy { TerminalText.columns($0) <= 80 })
        #expect(run.output.contains("Continue with:\n    cdx resume "), "\(run.output)")
    }

    @Test("simulate says why a draft with no effects and only judged tasks scores nothing, and what to add")
    func emptyDraft() throws {
        let scratch = try Scratch()
        let draft = scratch.path("draft.exercise")
        try """
            exercise "Draft"
              start 2026-11-24T09:00+09:00
              turn 30m
              length 4 turns
            domain joint "Joint" nation JPN
            team jcdc "JCDC" domain joint
            team white "Exercise Control" role white
            inject A1 at +00:00 "A report"
              to jcdc
              expect "JCDC briefs the JJOC" within 1h by jcdc
            """.write(toFile: draft, atomically: true, encoding: .utf8)
        let run = Run.cdx(["simulate", draft, "--runs", "10"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("no inject has an adversary effect"))
        #expect(run.output.contains("its 1 expectation is a task in quotes, which only the white cell's 'judge' rules on"))
        #expect(run.output.contains("expect detect ASSET within 1h"))
        // A shipped exercise gives its players work: no such note.
        #expect(!Run.cdx(["simulate", Repository.url(Self.exercisePath).path, "--runs", "5"]).output.contains("Why these scores"))
    }
}
