import ExerciseCore
import ExerciseScript
import Foundation
import Umpire

/// One line typed at the facilitator console, read: a command, a decision, or why it is neither.
enum ConsoleCommand: Equatable {
    case help
    case quit
    /// Close the turn and open the next.
    case next
    case status
    case score
    case board
    case undo
    /// Show one team's view.
    case view(team: Int)
    case decide(Decision)
    /// A blank line: nothing to do.
    case nothing
    /// A line that is not a command or a decision: what to tell the facilitator (nothing changes).
    case refused(String)

    /// The words that are commands (case-insensitive), with their aliases.
    static let named: [String: ConsoleCommand] = [
        "help": .help, "?": .help, "quit": .quit, "exit": .quit, "next": .next, "status": .status, "board": .board,
        "undo": .undo, "score": .score,
    ]

    /// Reads a typed line against the running exercise. Commands take no words after them
    /// (but `view TEAM`); anything else is a decision line for the open turn.
    static func parse(_ raw: String, exercise x: Exercise, parser: ResponseParser, currentTurn: Int) -> ConsoleCommand {
        let input = raw.trimmingCharacters(in: .whitespaces)
        let words = input.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return .nothing }
        let name = first.lowercased()
        if name == "view" {
            guard words.count == 2 else { return .refused("error: write 'view TEAM' (teams: \(x.teams.map(\.id).joined(separator: ", ")))\n") }
            switch Result(catching: { () throws(UsageError) -> Int in try TeamLookup.find(words[1], in: x) }) {
            case .success(let t): return .view(team: t)
            case .failure(let error): return .refused("error: \(error.message)\n")
            }
        }
        if ["seats", "accept", "refuse", "scores", "stop"].contains(name) {
            return .refused("error: '\(name)' is a command of the seat server; this run serves no seats (start it with --listen 127.0.0.1:8080, on 'cdx run' or 'cdx resume')\n")
        }
        if let command = named[name] {
            guard words.count == 1 else { return .refused("error: '\(name)' takes nothing after it; type '\(name)' alone\n") }
            return command
        }
        switch parser.parseConsoleLine(input, currentTurn: currentTurn) {
        case .failure(let diagnostic):
            let renderer = DiagnosticRenderer(path: "input", source: SourceText(input), colour: false)
            return .refused(renderer.render(diagnostic).replacingOccurrences(of: "input:1:", with: "column ")
                + "nothing was changed; type 'help' for the decision forms\n")
        case .success(let decision):
            return .decide(decision)
        }
    }
}

extension Console {
    /// What one command did: what the facilitator is shown, what became of the journal
    /// write it needed, and whether the console ends.
    struct Reply: Equatable {
        var output = ""
        var journal: JournalOutcome = .untouched
        var end: End?
        /// The chain head at the end of the turn this command closed, for the board.
        var closedHead: ClosedHead?

        struct ClosedHead: Equatable {
            var turn: Int
            var hash: String
        }

        enum JournalOutcome: Equatable {
            /// The command wrote nothing.
            case untouched
            /// Its step is on disk.
            case recorded
            /// The journal refused its step (a full disk): what was not recorded.
            case refused(String)
        }

        enum End: Equatable {
            /// The facilitator quit; the exit status depends on what was left unrecorded.
            case quit
            /// `--until` reached.
            case stopped
            /// The next turn could not be opened: exit 1.
            case failed
        }
    }

    /// Applies one command to the session and says what to show. All the console's
    /// behaviour is here; `run` only reads lines and prints replies, so this is tested
    /// without a terminal (with a session that has no journal, it is a pure function).
    static func reduce(_ session: inout GameSession, _ command: ConsoleCommand, journalPath: String, until: Int, room: Bool = false) -> Reply {
        let x = session.exercise
        var reply = Reply()
        // A console the room watches (--room) shows nothing only the white cell may see.
        if room {
            let whiteOnly: String?
            switch command {
            case .board: whiteOnly = "board"
            case .score: whiteOnly = "score"
            case .view(let t) where x.teams[t].role == .white: whiteOnly = "view \(x.teams[t].id)"
            default: whiteOnly = nil
            }
            if let whiteOnly {
                reply.output = "'\(whiteOnly)' is the white cell's: this console is the room's (--room); use a console or seat of exercise control\n"
                return reply
            }
        }
        func refused(_ what: String, _ error: CommandFailure, retry: String) {
            reply.journal = .refused(what)
            reply.output += "error: \(CDX.printable(error.message))\n\(what) was NOT recorded. Free space on the journal's disk (or fix the problem) and \(retry); or type 'quit' and continue later with 'cdx resume \(Files.shown(journalPath))'\n"
        }
        switch command {
        case .nothing:
            break
        case .refused(let message):
            reply.output = message
        case .help:
            reply.output = help(x)
        case .quit:
            reply.output = "stopped at turn \(session.state.turn) of \(x.turns); the journal is saved. Continue with: cdx resume \(Files.shown(journalPath))\n"
            reply.end = .quit
        case .status:
            reply.output = status(session)
        case .score:
            reply.output = ScorecardText.render(Umpire.score(x, events: session.events), x)
        case .board:
            reply.output = board(session)
        case .view(let t):
            reply.output = TeamView.render(session.events, team: t, exercise: x)
        case .next:
            do {
                let requests = session.state.requests
                let closing = try session.closeTurn()
                reply.journal = .recorded
                reply.output = closeText(closing, x, requests: requests, room: room)
                // A witness for the room to write down ('cdx verify --head HASH@TURN').
                if let head = session.journal?.lastHash, let turn = closing.last?.turn {
                    reply.output += HeadWitness.consoleLine(head: head, turn: turn)
                    reply.closedHead = Reply.ClosedHead(turn: turn, hash: head)
                }
            } catch {
                refused("the end of the turn", error, retry: "type 'next' again")
                return reply
            }
            if session.isFinished { return reply }
            if session.state.turn >= until {
                reply.output += "stopped after turn \(session.state.turn) (--until \(until)). Continue with: cdx resume \(Files.shown(journalPath))\n"
                reply.end = .stopped
                return reply
            }
            let opened = opening(&session, journalPath: journalPath, room: room)
            reply.output += opened.output
            if !opened.ok { reply.end = .failed }
        case .undo:
            do {
                guard let event = try session.undo() else {
                    reply.output = "nothing to undo in this turn\n"
                    return reply
                }
                reply.journal = .recorded
                if case .undo(let seq) = event.kind,
                   let d = session.events.first(where: { $0.seq == seq }), case .decision(let decision, _) = d.kind {
                    reply.output = "withdrew: \(decision.line(in: x))\n"
                }
            } catch {
                refused("the undo", error, retry: "type 'undo' again")
            }
        case .decide(let decision):
            do {
                let requests = session.state.requests
                let events = try session.decide(decision)
                reply.journal = .recorded
                reply.output = decisionText(events, x, requests: requests, room: room)
            } catch {
                refused("the decision '\(decision.line(in: x))'", error, retry: "type it again")
            }
        }
        return reply
    }

    /// Opens the next turn and says what it brought; `ok` is false when the journal could not be written.
    static func opening(_ session: inout GameSession, journalPath: String, room: Bool = false) -> (output: String, ok: Bool) {
        do {
            let events = try session.openTurn()
            return (turnHeader(session) + openText(events, session.exercise, requests: session.state.requests, room: room), true)
        } catch {
            return ("error: \(CDX.printable(error.message))\nthe next turn was NOT opened (the journal ends with the last step shown). Free space on the journal's disk (or fix the problem) and continue with 'cdx resume \(Files.shown(journalPath))'\n", false)
        }
    }
}
