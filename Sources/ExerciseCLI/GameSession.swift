import ExerciseCore
import ExerciseScript
import Foundation

/// A run in progress: the engine, its state, and the journal it writes. Every step is
/// computed on a copy of the state, written and flushed to the journal, and only then
/// becomes the session's state — so what the facilitator was shown is always on disk.
struct GameSession {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser
    private(set) var state: RunState
    private(set) var journal: JournalWriter?
    /// States before each decision of the open turn, newest last, for `undo`.
    private var beforeDecision: [(seq: Int, state: RunState)] = []
    /// Every event of the run so far, in order (for views and summaries).
    private(set) var events: [Event] = []

    init(exercise: Exercise, seed: UInt64, journal: JournalWriter?) {
        self.exercise = exercise
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
        state = RunState(exercise: exercise, seed: seed)
        self.journal = journal
    }

    var isFinished: Bool { state.finished || (state.turn >= exercise.turns && !state.turnOpen) }
    var canUndo: Bool { !beforeDecision.isEmpty }

    /// A pause after each flushed step, for the crash tests: it widens the window in which
    /// a SIGKILL lands mid-run. Set by CDX_TEST_STEP_DELAY_MICROSECONDS; 0 otherwise.
    static let stepDelay: UInt32 = UInt32(ProcessInfo.processInfo.environment["CDX_TEST_STEP_DELAY_MICROSECONDS"] ?? "") ?? 0

    /// Commits events made on `next`: journal and flush first, then adopt the state.
    private mutating func commit(_ new: [Event], state next: RunState) throws(CommandFailure) {
        if journal != nil {
            // In place: a failed append must still leave its mark on the writer.
            try journal!.append(new.map { $0.json(in: exercise) })
            if Self.stepDelay > 0 { usleep(Self.stepDelay) }
        }
        state = next
        events += new
    }

    mutating func openTurn() throws(CommandFailure) -> [Event] {
        var next = state
        let new = engine.openTurn(&next)
        beforeDecision.removeAll()
        try commit(new, state: next)
        return new
    }

    mutating func decide(_ decision: Decision) throws(CommandFailure) -> [Event] {
        var next = state
        let before = state
        let new = engine.decide(&next, decision)
        try commit(new, state: next)
        if let first = new.first { beforeDecision.append((first.seq, before)) }
        return new
    }

    /// Withdraws the newest decision of this turn; returns the undo event, or nil if none.
    mutating func undo() throws(CommandFailure) -> Event? {
        guard let last = beforeDecision.last else { return nil }
        var next = last.state
        next.nextSeq = state.nextSeq
        let event = Event(seq: state.nextSeq, turn: state.turn, minute: state.minute, kind: .undo(decision: last.seq))
        next.apply(event, in: exercise)
        try commit([event], state: next)
        beforeDecision.removeLast()
        return event
    }

    mutating func closeTurn() throws(CommandFailure) -> [Event] {
        var next = state
        let new = engine.closeTurn(&next)
        try commit(new, state: next)
        beforeDecision.removeAll()
        return new
    }

    mutating func attach(_ writer: JournalWriter) { journal = writer }

    /// Decisions journaled in the open turn and not withdrawn.
    var decisionsThisTurn: Int { state.turnOpen ? beforeDecision.count : 0 }

    /// "turn 5 of 24 open" / "turn 5 of 24 done" / "finished (24 turns)".
    var progressText: String {
        if isFinished { return "finished (\(plural(exercise.turns, "turn")))" }
        if state.turn == 0 { return "not started (\(plural(exercise.turns, "turn")))" }
        return "turn \(state.turn) of \(exercise.turns) \(state.turnOpen ? "open" : "done")"
    }

    /// Plays turns until `lastTurn` (or the end) with the decisions given per turn. When
    /// resuming inside an open turn, the decisions already journaled for it are skipped.
    mutating func play(decisions: [TimedDecision], until lastTurn: Int, resuming: Bool = false) throws(CommandFailure) {
        var byTurn: [[Decision]] = Array(repeating: [], count: exercise.turns + 2)
        for d in decisions where d.turn <= exercise.turns { byTurn[d.turn].append(d.decision) }
        if resuming, state.turnOpen {
            for d in byTurn[state.turn].dropFirst(decisionsThisTurn) { _ = try decide(d) }
        }
        while !isFinished {
            if !state.turnOpen {
                if state.turn >= lastTurn { return }
                _ = try openTurn()
                for d in byTurn[state.turn] { _ = try decide(d) }
            }
            _ = try closeTurn()
        }
    }

    /// Plays turns until `lastTurn` (or the end) with automatic players deciding, each
    /// decision journaled like a typed one. Resuming into a turn that is already open (a
    /// run stopped part-way through a turn's decisions), the players decide on the state as
    /// it stands, with what was already decided in effect and the capacity it used.
    mutating func play(_ players: Players, until lastTurn: Int) throws(CommandFailure) {
        if state.turnOpen, !isFinished { try decide(players) }
        while !isFinished {
            if !state.turnOpen {
                if state.turn >= lastTurn { return }
                _ = try openTurn()
                try decide(players)
            }
            _ = try closeTurn()
        }
    }

    /// The automatic players' decisions on the current state, each journaled.
    private mutating func decide(_ players: Players) throws(CommandFailure) {
        var scratch = state
        for event in players.act(engine, &scratch) {
            if case .decision(let d, nil) = event.kind { _ = try decide(d) }
        }
    }

    // MARK: Replay

    /// A difference between a journal and what replaying its inputs gives.
    struct ReplayMismatch: Error {
        var line: Int
        var message: String
    }

    /// Rebuilds the session from a journal's lines by re-running its inputs (turn opens,
    /// decisions, undos, turn closes) and checking that every event comes out byte for
    /// byte as journaled. Returns how many lines are whole steps: when a crash cut the
    /// last step's lines short, those lines match a prefix of the step and are not
    /// counted — the step was never acknowledged, and the session stays before it.
    mutating func replay(_ lines: [JournalContents.Line]) throws(ReplayMismatch) -> Int {
        let saved = journal
        journal = nil
        defer { journal = saved }
        var k = 0
        while k < lines.count {
            let line = lines[k]
            let before = (state, events, beforeDecision)
            let produced: [Event]
            do {
                switch line.type {
                case "turn":
                    guard !state.turnOpen else {
                        throw ReplayMismatch(line: line.number, message: "a turn starts before the previous one ended")
                    }
                    produced = try openTurn()
                case "decision":
                    guard state.turnOpen else { throw ReplayMismatch(line: line.number, message: "a decision outside an open turn") }
                    guard let text = line.object["line"]?.stringValue, let decision = parser.parseJournalLine(text) else {
                        throw ReplayMismatch(line: line.number, message: "the decision line cannot be read against this exercise")
                    }
                    produced = try decide(decision)
                case "undo":
                    guard let event = try undo() else {
                        throw ReplayMismatch(line: line.number, message: "an undo with no decision to withdraw")
                    }
                    produced = [event]
                case "restored", "deny-ended", "delivered", "tearline-ready", "missions", "turn-end":
                    guard state.turnOpen else { throw ReplayMismatch(line: line.number, message: "a turn ends that is not open") }
                    produced = try closeTurn()
                default:
                    throw ReplayMismatch(
                        line: line.number,
                        message: "unexpected '\(line.type)' event here: replaying the decisions before it does not produce it")
                }
            } catch let failure as CommandFailure {
                throw ReplayMismatch(line: line.number, message: failure.message)
            } catch let mismatch as ReplayMismatch {
                throw mismatch
            } catch {
                throw ReplayMismatch(line: line.number, message: "\(error)")
            }
            guard !produced.isEmpty else {
                throw ReplayMismatch(line: line.number, message: "unexpected '\(line.type)' event: the exercise has ended")
            }
            let stepStart = k
            for event in produced {
                let content = event.json(in: exercise).serialized()
                if k == lines.count {
                    // The journal stops inside this step: a crash before it was acknowledged.
                    (state, events, beforeDecision) = before
                    return stepStart
                }
                guard lines[k].content == content else {
                    throw ReplayMismatch(line: lines[k].number,
                                         message: "replaying gives a different event here\n  journal: \(lines[k].content)\n  replay:  \(content)")
                }
                k += 1
            }
        }
        return k
    }
}
