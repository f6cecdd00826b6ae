import ExerciseCore
import ExerciseScript
import Presentation
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
    /// Play quiet turns: up to the turn holding a minute (`skip to +06:00`), or, with no
    /// minute, until something reaches a team; either way it stops at the first turn in which
    /// something does.
    case skip(toMinute: Int?)
    /// Withdraw the newest decision of the open turn (as `undo`) and give its line back to correct.
    case edit
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
        "undo": .undo, "edit": .edit, "score": .score,
    ]

    /// Reads a typed line against the running exercise. Commands take no words after them
    /// (but `view TEAM`); anything else is a decision line for the open turn.
    static func parse(_ raw: String, exercise x: Exercise, parser: ResponseParser, currentTurn: Int, width: Int? = nil) -> ConsoleCommand {
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
        if name == "skip" {
            if words.count == 1 { return .skip(toMinute: nil) }
            guard words.count == 3, words[1].lowercased() == "to" else {
                return .refused("error: write 'skip' (until something reaches a team) or 'skip to +HH:MM'\n")
            }
            guard let minute = ValueSyntax.offset(words[2]), minute < x.lengthMinutes else {
                return .refused("error: '\(words[2])' is not a time of this exercise; write +HH:MM, before \(ValueSyntax.offsetText(x.lengthMinutes))\n")
            }
            guard x.turn(containing: minute) > currentTurn else {
                return .refused("error: \(words[2]) is in turn \(x.turn(containing: minute)); the console is at turn \(currentTurn): skip goes forward only\n")
            }
            return .skip(toMinute: minute)
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
            let renderer = DiagnosticRenderer(path: "input", source: SourceText(input), colour: false, width: width)
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
        var closedHeads: [ClosedHead] = []
        /// A decision line to correct (`edit`): the console's next line starts from it.
        var retype: String?

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
    /// `width`: the columns to fit the output to (nil: unbounded).
    static func reduce(_ session: inout GameSession, _ command: ConsoleCommand, journalPath: String, until: Int, room: Bool = false,
                       width: Int? = nil) -> Reply {
        let x = session.exercise
        var reply = Reply()
        // A console the room watches (--room) shows nothing only the white cell may see.
        if room {
            let whiteOnly: String?
            switch command {
            case .board: whiteOnly = "board"
            case .score: whiteOnly = "score"
            case .view(let t) where x.teams[t].role == .white: whiteOnly = "view \(x.teams[t].id)"
            // What is coming is the white cell's: a change to the script is not typed where the room reads it.
            // Nor is an evaluator's observation: it is the After-Action Report's, not the room's.
            case .decide(let d) where d.verb.isWhiteCellOnly: whiteOnly = "white \(d.verb.name)"
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
            reply.output = help(x, width: width)
        case .quit:
            reply.output = hint("stopped at turn \(session.state.turn) of \(x.turns); the journal is saved. Continue with:", "cdx resume \(Files.shown(journalPath))", width: width)
            reply.end = .quit
        case .status:
            reply.output = status(session)
        case .score:
            reply.output = ScorecardText.render(Umpire.score(x, events: session.events), x, width: width)
        case .board:
            reply.output = board(session, width: width)
        case .view(let t):
            reply.output = TeamView.render(session.events, team: t, exercise: x, width: width)
        case .next:
            do {
                let requests = session.state.requests
                let closing = try session.closeTurn()
                reply.journal = .recorded
                reply.output = closeText(closing, x, requests: requests, room: room)
                // A witness for the room to write down ('cdx verify --head HASH@TURN').
                if let head = session.journal?.lastHash, let turn = closing.last?.turn {
                    reply.output += HeadWitness.consoleLine(head: head, turn: turn)
                    reply.closedHeads.append(Reply.ClosedHead(turn: turn, hash: head))
                }
            } catch {
                refused("the end of the turn", error, retry: "type 'next' again")
                return reply
            }
            if session.isFinished { return reply }
            if session.state.turn >= until {
                reply.output += hint("stopped after turn \(session.state.turn) (--until \(until)). Continue with:", "cdx resume \(Files.shown(journalPath))", width: width)
                reply.end = .stopped
                return reply
            }
            let opened = opening(&session, journalPath: journalPath, room: room, width: width)
            reply.output += opened.output
            if !opened.ok { reply.end = .failed }
        case .skip(let target):
            skip(&session, to: target, journalPath: journalPath, until: until, room: room, width: width, into: &reply)
        case .undo, .edit:
            let name = command == .edit ? "edit" : "undo"
            do {
                guard let event = try session.undo() else {
                    reply.output = "nothing to \(name) in this turn\n"
                    return reply
                }
                reply.journal = .recorded
                if case .undo(let seq) = event.kind,
                   let d = session.events.first(where: { $0.seq == seq }), case .decision(let decision, _) = d.kind {
                    reply.output = "withdrew: \(decision.line(in: x))\n"
                    if command == .edit { reply.retype = decision.line(in: x) }
                }
            } catch {
                refused("the \(name)", error, retry: "type '\(name)' again")
            }
        case .decide(let decision):
            do {
                let requests = session.state.requests
                let events = try session.decide(decision)
                reply.journal = .recorded
                reply.output = decisionText(events, x, requests: requests, room: room, width: width)
                // The room's console says that a white-cell-only line was taken, and nothing more.
                if room, reply.output.isEmpty { reply.output = "✓ recorded (what it was is the white cell's)\n" }
            } catch {
                refused("the decision '\(decision.line(in: x))'", error, retry: "type it again")
            }
        }
        return reply
    }

    /// A sentence that ends in a command to type: on one line when it fits, else the command
    /// on a line of its own, so that a narrow terminal never breaks the command in two.
    static func hint(_ sentence: String, _ command: String, width: Int?) -> String {
        guard let width, TerminalText.columns(sentence) + 1 + TerminalText.columns(command) > width else {
            return "\(sentence) \(command)\n"
        }
        return "\(sentence)\n    \(command)\n"
    }

    /// `skip`: closes the open turn and opens the next while nothing reaches a team (nothing a
    /// team's view would tell it: a card, an alert, a delivery, a service back), one line per
    /// quiet turn, up to the turn holding `target` when given. The turn where it stops is
    /// shown in full, as `next` shows it. Each turn is journaled as `next` journals it.
    static func skip(_ session: inout GameSession, to target: Int?, journalPath: String, until: Int, room: Bool, width: Int? = nil,
                     into reply: inout Reply) {
        var quiet = 0
        while !session.isFinished {
            if let target, session.state.turnOpen, session.state.turn >= session.exercise.turn(containing: target) { break }
            let x = session.exercise
            let requests = session.state.requests
            let closing: [Event]
            do { closing = try session.closeTurn() } catch {
                reply.journal = .refused("the end of the turn")
                reply.output += "error: \(CDX.printable(error.message))\nthe end of the turn was NOT recorded. Free space on the journal's disk (or fix the problem) and type 'skip' again; or type 'quit' and continue later with 'cdx resume \(Files.shown(journalPath))'\n"
                return
            }
            reply.journal = .recorded
            let closedTurn = closing.last?.turn ?? session.state.turn
            let head = session.journal?.lastHash
            if let head { reply.closedHeads.append(Reply.ClosedHead(turn: closedTurn, hash: head)) }
            let closed = closeText(closing, x, requests: requests, room: room) + (head.map { HeadWitness.consoleLine(head: $0, turn: closedTurn) } ?? "")
            let closingReached = reachesATeam(closing, x, requests: session.state.requests)
            if session.isFinished || session.state.turn >= until {
                reply.output += closed
                if session.isFinished { return }
                reply.output += hint("stopped after turn \(session.state.turn) (--until \(until)). Continue with:", "cdx resume \(Files.shown(journalPath))", width: width)
                reply.end = .stopped
                return
            }
            let opened = opening(&session, journalPath: journalPath, room: room, width: width)
            let turn = session.state.turn
            let openingReached = reachesATeam(session.events.filter { $0.turn == turn }, session.exercise, requests: session.state.requests)
            let arrived = target.map { session.state.turn >= session.exercise.turn(containing: $0) } ?? false
            if !opened.ok || closingReached || openingReached || arrived {
                if quiet > 0 { reply.output += "  (skipped \(plural(quiet, "quiet turn")): nothing reached a team)\n" }
                reply.output += closed + opened.output
                if !opened.ok { reply.end = .failed }
                return
            }
            quiet += 1
            reply.output += "  turn \(turn) · \(ValueSyntax.offsetText(session.state.minute)) · quiet\n"
            // What no team was told still happened: the white cell sees it go by.
            if !room {
                var narrator = EventNarrator(exercise: session.exercise, viewer: .whiteCell)
                for e in session.events where e.turn == turn {
                    if case .turnStarted = e.kind { continue }
                    if let told = narrator.describe(e) { reply.output += "      \(told.text)\n" }
                }
            }
        }
    }

    /// Whether any of the events is one some team is told (its view would show it).
    static func reachesATeam(_ events: [Event], _ x: Exercise, requests: [RunState.ApprovalRequest]) -> Bool {
        for t in x.teams.indices where x.teams[t].role != .white {
            // The requests made so far, so that one reaching its approver is told.
            var narrator = EventNarrator(exercise: x, viewer: .team(t), requests: requests)
            for e in events {
                if case .turnStarted = e.kind { continue }
                if case .missions = e.kind { continue }
                if case .turnEnded = e.kind { continue }
                if narrator.describe(e) != nil { return true }
            }
        }
        return false
    }

    /// Opens the next turn and says what it brought; `ok` is false when the journal could not be written.
    static func opening(_ session: inout GameSession, journalPath: String, room: Bool = false, width: Int? = nil) -> (output: String, ok: Bool) {
        do {
            let events = try session.openTurn()
            return (turnHeader(session) + openText(events, session.exercise, requests: session.state.requests, room: room, width: width), true)
        } catch {
            return ("error: \(CDX.printable(error.message))\nthe next turn was NOT opened (the journal ends with the last step shown). Free space on the journal's disk (or fix the problem) and continue with 'cdx resume \(Files.shown(journalPath))'\n", false)
        }
    }
}
