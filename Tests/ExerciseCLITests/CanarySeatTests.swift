import ExerciseCore
import Foundation
import Testing

extension CanaryTests {
    /// The canary game played from the seats (`cdx run --listen --no-console`): each line
    /// typed at its team's seat (the white cell's at the white seat, which also closes each
    /// turn), with every seat's `GET /api/view` read after the second turn's decisions and
    /// the last turn's, and every seat's event stream held open throughout. A team's text is
    /// its views and its stream; the board's is kept apart (`board`).
    struct SeatPlay {
        var texts: [String: String] = [:]
        var board = ""
        var evaluator = ""

        init(_ play: Play) throws {
            let byTurn = try ConsoleSession.byTurn(play)
            let lastTurn = byTurn.keys.max() ?? 1
            let journal = play.folder + "/seats.jsonl"
            let server = try SeatServerProcess(["run", play.exercise, "--journal", journal, "--listen", "127.0.0.1:0", "--no-console"],
                                               journal: journal)
            defer { server.console.kill() }
            var seats: [String: SeatClient] = [:]
            var streams: [String: EventStream] = [:]
            for team in CanaryTests.teams {
                seats[team] = try server.join(team)
                streams[team] = try EventStream(seats[team]!)
            }
            let board = try server.join("board"), evaluator = try server.join("evaluator")
            let boardStream = try EventStream(board)
            // Each seat's view as last read, for the digest its stream must end on.
            var last: [String: String] = [:]
            for turn in 1...lastTurn {
                for line in byTurn[turn] ?? [] {
                    let team = String(line.split(separator: " ")[0])
                    guard let seat = seats[team] else { throw Repository.Failure("no seat for '\(line)'") }
                    let r = try seat.decide(line, turn: turn)
                    guard r.status == 200 else { throw Repository.Failure("\(team) seat: '\(line)': \(r.status) \(r.body)") }
                }
                if turn == 2 || turn == lastTurn {
                    // Without the seat's own anti-CSRF token, which differs from run to run.
                    func view(_ seat: SeatClient) throws -> String { try seat.viewText().replacing(/"csrf":"[0-9a-f]*"/, with: "") }
                    for team in CanaryTests.teams {
                        last[team] = try seats[team]!.viewText()
                        texts[team, default: ""] += try view(seats[team]!)
                    }
                    self.board += try view(board)
                    self.evaluator += try view(evaluator)
                }
                if turn < lastTurn {
                    let r = try seats["white"]!.decide("next", turn: turn)
                    guard r.status == 200 else { throw Repository.Failure("white seat: next: \(r.status) \(r.body)") }
                }
            }
            for team in CanaryTests.teams {
                // Until the stream has told the view last read: its last event may still be on its way.
                let view = (last[team] ?? "").replacing(/,"csrf":"[0-9a-f]*"/, with: "")
                let digest = String(SHA256.digest(Array(view.utf8)).hexString.prefix(16))
                _ = streams[team]!.waitFor("\"view\":\"\(digest)\"")
                texts[team, default: ""] += streams[team]!.text
            }
            _ = boardStream.waitForEvents(1)
            self.board += boardStream.text
        }
    }

    @Test("the board on the projector shows no canary but those every team may know, and the evaluator sees what the white cell sees")
    func boardAndEvaluator() throws {
        let scratch = try Scratch()
        let play = try Self.play(hidden: true, in: scratch.path("hidden"))
        let seats = try SeatPlay(play)
        let everyone = Set(Self.teams)
        for row in Self.table where row.teams != everyone {
            #expect(!seats.board.contains(row.canary), "the board shows '\(row.canary)'")
        }
        for phrase in Self.groundTruthPhrases { #expect(!seats.board.contains(phrase), "the board shows '\(phrase)'") }
        // The board still shows the game: released cards by id and marking, the turn, the teams.
        for word in ["\"S1\"", "JPN ONLY", "\"turn\":", "\"obsa\""] { #expect(seats.board.contains(word), "the board lacks \(word)") }
        // The evaluator reads the white cell's view.
        for word in Self.viewShows["white"]! { #expect(seats.evaluator.contains(word), "the evaluator's view lacks '\(word)'") }
    }
}

extension CanaryTests {
    @Test("a console for the room (--room) shows nothing only the white cell may know, and the white cell's shows it apart")
    func roomConsole() throws {
        let scratch = try Scratch()
        let play = try Self.play(hidden: true, in: scratch.path("hidden"))
        let byTurn = try ConsoleSession.byTurn(play)
        let last = byTurn.keys.max() ?? 1
        var input: [String] = []
        for turn in 1...last {
            // The white cell's own lines are typed at its console, not the room's.
            input += (byTurn[turn] ?? []).filter { !$0.hasPrefix("white ") }
            input += ["board", "score", "view white"]
            if turn < last { input.append("next") }
        }
        input.append("quit")
        let room = try Binary.run(["run", play.exercise, "--room", "--journal", scratch.path("room.jsonl")], input: input.joined(separator: "\n") + "\n")
        #expect(room.status == 0, "\(room.errors)")
        for row in Self.table where row.teams == ["white"] {
            #expect(!room.output.contains(row.canary), "the room's console shows '\(row.canary)'")
        }
        for phrase in Self.groundTruthPhrases + ["White cell only"] { #expect(!room.output.contains(phrase), "the room's console shows '\(phrase)'") }
        #expect(room.output.contains("'board' is the white cell's: this console is the room's (--room)"))
        // The room still sees the game: cards to the teams, outcomes.
        #expect(room.output.contains("cnryTitleS1") && room.output.contains("✓ jcdc tearline S1"))
        // The white cell's own console keeps the hidden injects apart, after what the room may see.
        let white = try Binary.run(["run", play.exercise, "--journal", scratch.path("white.jsonl")], input: "white release ghostcnry1\nnext\nquit\n")
        #expect(white.output.contains("White cell only\n  [ghostcnry2] cnryTitleH2 — no recipient: ground truth only"), "\(white.output)")
    }
}
