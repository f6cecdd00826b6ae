import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@testable import ExerciseCLI

/// The console without a terminal: typed lines are parsed to commands, and each command's
/// effect on the session and what it shows are spelled out (the pty test drives the same
/// code through a real terminal).
@Suite("Console commands, parsed and reduced without a terminal")
struct ConsoleReduceTests {
    let exercise: Exercise
    init() throws {
        exercise = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Documentation/Examples/tiny.exercise")).exercise)
    }

    func parse(_ line: String, _ session: GameSession) -> ConsoleCommand {
        ConsoleCommand.parse(line, exercise: exercise, parser: session.parser, currentTurn: session.state.turn)
    }
    func team(_ id: String) -> Int { exercise.teams.firstIndex { $0.id == id }! }

    @Test("commands are words, case-insensitive, alone; 'view' takes a team; anything else is a decision line")
    func parsing() {
        let session = GameSession(exercise: exercise, seed: 1, journal: nil)
        #expect(parse("help", session) == .help)
        #expect(parse("  ?  ", session) == .help)
        #expect(parse("NEXT", session) == .next)
        #expect(parse("exit", session) == .quit)
        #expect(parse("", session) == .nothing)
        #expect(parse("quit now", session) == .refused("error: 'quit' takes nothing after it; type 'quit' alone\n"))
        #expect(parse("view usfj", session) == .view(team: team("usfj")))
        #expect(parse("view", session) == .refused("error: write 'view TEAM' (teams: jcdc, usfj, white)\n"))
        #expect(parse("view usjf", session) == .refused("error: unknown team 'usjf'; did you mean 'usfj'?\n"))
        #expect(parse("seats", session) == .refused("error: 'seats' is a command of the seat server; this run serves no seats (start it with --listen 127.0.0.1:8080, on 'cdx run' or 'cdx resume')\n"))
        let mail = exercise.assets.firstIndex { $0.id == "mail" }!
        #expect(parse("jcdc detect mail T1566.001", session) == .decide(Decision(team: team("jcdc"), verb: .detect(asset: mail, technique: Technique("T1566.001")))))
        guard case .refused(let message) = parse("jcdc detcet mail", session) else {
            Issue.record("a misspelt verb is refused")
            return
        }
        #expect(message.contains("did you mean 'detect'?"))
        #expect(message.hasSuffix("nothing was changed; type 'help' for the decision forms\n"))
    }

    @Test("a decision, an undo, the end of a turn and quitting, each with what it changes and shows")
    func reducing() throws {
        var session = GameSession(exercise: exercise, seed: 1, journal: nil)
        #expect(Console.opening(&session, journalPath: "j.jsonl").ok)
        #expect(session.state.turn == 1 && session.state.turnOpen)

        var reply = Console.reduce(&session, parse("jcdc contain web", session), journalPath: "j.jsonl", until: 4)
        #expect(reply == Console.Reply(output: "✓ jcdc contain web\n", journal: .recorded))
        #expect(session.decisionsThisTurn == 1)
        let web = exercise.assets.firstIndex { $0.id == "web" }!
        #expect(session.state.assets[web].contained)

        reply = Console.reduce(&session, .undo, journalPath: "j.jsonl", until: 4)
        #expect(reply == Console.Reply(output: "withdrew: jcdc contain web\n", journal: .recorded))
        #expect(session.decisionsThisTurn == 0)
        #expect(!session.state.assets[web].contained, "undo puts the state back as it was before the decision")

        reply = Console.reduce(&session, .undo, journalPath: "j.jsonl", until: 4)
        #expect(reply == Console.Reply(output: "nothing to undo in this turn\n"))

        reply = Console.reduce(&session, parse("usfj contain mail", session), journalPath: "j.jsonl", until: 4)
        #expect(reply.output.hasPrefix("✗ usfj contain mail — rejected: usfj has no authority on mail"))
        #expect(reply.journal == .recorded, "a refused decision is still recorded")

        let before = session.events.count
        reply = Console.reduce(&session, .next, journalPath: "j.jsonl", until: 4)
        #expect(reply.output.hasPrefix("Turn closed\n"))
        #expect(reply.output.contains("━━ Turn 2 of 4"))
        #expect(reply.end == nil)
        #expect(session.state.turn == 2 && session.state.turnOpen)
        #expect(session.events.count > before)

        reply = Console.reduce(&session, .quit, journalPath: "j.jsonl", until: 4)
        #expect(reply.end == .quit)
        #expect(reply.output == "stopped at turn 2 of 4; the journal is saved. Continue with: cdx resume j.jsonl\n")
    }

    @Test("'next' at --until stops after closing the turn, without opening another")
    func until() {
        var session = GameSession(exercise: exercise, seed: 1, journal: nil)
        _ = Console.opening(&session, journalPath: "j.jsonl")
        let reply = Console.reduce(&session, .next, journalPath: "j.jsonl", until: 1)
        #expect(reply.end == .stopped)
        #expect(reply.output.hasSuffix("stopped after turn 1 (--until 1). Continue with: cdx resume j.jsonl\n"))
        #expect(!session.state.turnOpen && session.state.turn == 1)
    }

    @Test("commands that only look change nothing")
    func looking() {
        var session = GameSession(exercise: exercise, seed: 1, journal: nil)
        _ = Console.opening(&session, journalPath: "j.jsonl")
        let state = session.state, events = session.events
        for command in [ConsoleCommand.help, .status, .score, .board, .view(team: team("usfj")), .nothing, .refused("x\n")] {
            let reply = Console.reduce(&session, command, journalPath: "j.jsonl", until: 4)
            #expect(reply.journal == .untouched && reply.end == nil, "\(command)")
            #expect(session.state == state && session.events == events, "\(command)")
        }
    }
}
