import ExerciseCore
import ExerciseScript
import Foundation

/// A run in progress: the engine, its state, and the journal it writes. Every step is
/// computed on a copy of the state, written and flushed to the journal, and only then
/// becomes the session's state — so what the facilitator was shown is always on disk.
struct GameSession {
    /// The exercise as played: the file's, with the white cell's changes to the script
    /// (`inject`, `delay`, `advance`, `cancel`) applied as they were made.
    private(set) var exercise: Exercise
    /// The exercise as the file has it, before any change made during play.
    let fileExercise: Exercise
    /// The exercise file's bytes, when the session was started from the file.
    let source: [UInt8]?
    private(set) var engine: Engine
    private(set) var parser: ResponseParser
    private(set) var state: RunState
    private(set) var journal: JournalWriter?
    /// The open turn's record, for `undo` (the same one every fold of a journal uses).
    private var turn = TurnRecord()
    /// Every event of the run so far, in order (for views and summaries).
    private(set) var events: [Event] = []

    /// The journal format version the session writes and compares with: the current one
    /// for a new run, the journal's own when resuming (a version 1 journal stays version 1).
    let version: Int
    private(set) var codec: JournalCodec
    /// The exercise before each change to the script still in effect, by its decision's seq
    /// (an `undo` of that decision puts it back).
    private var scriptBefore: [(seq: Int, exercise: Exercise, parser: ResponseParser)] = []

    /// `source`: the exercise file's bytes, which injects written during play are checked
    /// against (without it they are refused).
    init(exercise: Exercise, seed: UInt64, journal: JournalWriter?, version: Int = JournalFormat.version, source: [UInt8]? = nil) {
        self.source = source
        self.exercise = exercise
        fileExercise = exercise
        engine = Engine(exercise: exercise)
        let parser = ResponseParser(exercise: exercise, source: source)
        self.parser = parser
        codec = JournalCodec(exercise: exercise, definitionReader: { parser.addedInject($0) }, observationReader: { parser.observation($0) })
        state = RunState(exercise: exercise, seed: seed)
        self.journal = journal
        self.version = version
    }

    /// The exercise changed (a change to the script applied or withdrawn): the engine, the
    /// parser and the codec follow it, and the state makes room for added injects.
    private mutating func follow(_ x: Exercise, parser p: ResponseParser) {
        exercise = x
        engine = Engine(exercise: x)
        parser = p
        codec = JournalCodec(exercise: x, definitionReader: { p.addedInject($0) }, observationReader: { p.observation($0) })
        state.makeRoom(for: x)
    }

    /// Applies the changes to the script a committed step made, or puts back the exercise
    /// from before the changes an undo withdrew.
    private mutating func amend(after events: [Event]) {
        for event in events {
            switch event.kind {
            case .decision(let d, nil) where d.verb.amendsScript:
                scriptBefore.append((event.seq, exercise, parser))
                let x = exercise.amended(by: d.verb)
                follow(x, parser: parser.amended(by: d.verb, giving: x))
            case .undo(let seq):
                guard let k = scriptBefore.firstIndex(where: { $0.seq >= seq }) else { continue }
                let (_, x, p) = scriptBefore[k]
                scriptBefore.removeSubrange(k...)
                follow(x, parser: p)
            default:
                break
            }
        }
        state.makeRoom(for: exercise)
    }

    var isFinished: Bool { state.finished || (state.turn >= exercise.turns && !state.turnOpen) }
    var canUndo: Bool { turn.newestDecision != nil }

    /// A pause after each flushed step, for the crash tests: it widens the window in which
    /// a SIGKILL lands mid-run. Set by CDX_TEST_STEP_DELAY_MICROSECONDS; 0 otherwise.
    static let stepDelay: UInt32 = UInt32(ProcessInfo.processInfo.environment["CDX_TEST_STEP_DELAY_MICROSECONDS"] ?? "") ?? 0

    /// One step worked out on a copy of the state and not yet adopted: its events, the
    /// state they lead to, and (for an undo) the turn's record after it.
    private struct Step {
        var events: [Event]
        var state: RunState
        var turn: TurnRecord? = nil
    }

    private func opening() -> Step {
        var next = state
        let new = engine.openTurn(&next)
        return Step(events: new, state: next)
    }

    private func deciding(_ decision: Decision) -> Step {
        var next = state
        let new = engine.decide(&next, decision)
        return Step(events: new, state: next)
    }

    private func refusing(_ decision: Decision, reason: InternedText) -> Step {
        var next = state
        let new = engine.refuse(&next, decision, reason: reason)
        return Step(events: new, state: next)
    }

    private func closing() -> Step {
        var next = state
        let new = engine.closeTurn(&next)
        return Step(events: new, state: next)
    }

    /// Withdrawing the newest decision of the open turn, or nil when there is none.
    private func undoing() -> Step? {
        var record = turn
        guard let seq = record.newestDecision, var next = record.withdraw(seq, in: exercise) else { return nil }
        next.nextSeq = state.nextSeq
        let event = Event(seq: state.nextSeq, turn: state.turn, minute: state.minute, kind: .undo(decision: seq))
        next.apply(event, in: exercise)
        return Step(events: [event], state: next, turn: record)
    }

    /// Journals a step and flushes it first, then adopts it: what the facilitator is shown is on disk.
    private mutating func commit(_ step: Step) throws(CommandFailure) {
        if journal != nil {
            // In place: a failed append must still leave its mark on the writer.
            try journal!.append(step.events.map { $0.json(in: exercise, version: version) })
            if let clock, let last = step.events.last { clock.note(seq: last.seq, hash: journal!.lastHash) }
            if Self.stepDelay > 0 { usleep(Self.stepDelay) }
        }
        if let record = step.turn { turn = record } else { turn.record(step.events, before: state) }
        state = step.state
        events += step.events
        amend(after: step.events)
    }

    mutating func openTurn() throws(CommandFailure) -> [Event] {
        let step = opening()
        try commit(step)
        return step.events
    }

    mutating func decide(_ decision: Decision) throws(CommandFailure) -> [Event] {
        // A responses file's line may name an inject its earlier line wrote during play; if
        // that line was refused, the inject is not in the exercise.
        if let i = decision.verb.inject, i >= exercise.injects.count {
            throw CommandFailure(message: "a '\(decision.verb.name)' decision of \(exercise.teams[decision.team].id) names an inject written during play that is not in the exercise: the line that was to write it was refused")
        }
        let step = deciding(decision)
        try commit(step)
        return step.events
    }

    /// Journals a decision held for review as refused by the white cell, with the reason.
    mutating func refuse(_ decision: Decision, reason: InternedText) throws(CommandFailure) -> [Event] {
        let step = refusing(decision, reason: reason)
        try commit(step)
        return step.events
    }

    /// Withdraws the newest decision of this turn; returns the undo event, or nil if none.
    mutating func undo() throws(CommandFailure) -> Event? {
        guard let step = undoing() else { return nil }
        try commit(step)
        return step.events.first
    }

    mutating func closeTurn() throws(CommandFailure) -> [Event] {
        let step = closing()
        try commit(step)
        return step.events
    }

    mutating func attach(_ writer: JournalWriter) { journal = writer }

    /// Where the wall-clock time of each step goes (`JOURNAL.clock`): console and seat runs only.
    private(set) var clock: WallClock?
    mutating func attach(clock: WallClock?) { self.clock = clock }

    /// Decisions journaled in the open turn and not withdrawn.
    var decisionsThisTurn: Int { state.turnOpen ? turn.decisionCount : 0 }

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
    /// The decision a journal line holds: decoded from its fields (version 2), or, in a
    /// version 1 journal, which kept only the line, read from the line.
    private func decision(of line: JournalContents.Line) throws(ReplayMismatch) -> (Decision, Rejection?) {
        guard version >= 2 else {
            guard let text = line.object["line"]?.stringValue, let decision = parser.parseJournalLine(text) else {
                throw ReplayMismatch(line: line.number, message: "the decision line cannot be read against this exercise")
            }
            return (decision, nil)
        }
        do {
            guard case .decision(let d, let r) = try codec.decode(line.object).kind else {
                throw ReplayMismatch(line: line.number, message: "not a decision")
            }
            return (d, r)
        } catch let failure as JournalCodec.Failure {
            throw ReplayMismatch(line: line.number, message: "the decision cannot be read against this exercise: \(failure.message)")
        } catch let mismatch as ReplayMismatch {
            throw mismatch
        } catch {
            throw ReplayMismatch(line: line.number, message: "\(error)")
        }
    }

    mutating func replay(_ lines: [JournalContents.Line]) throws(ReplayMismatch) -> Int {
        let saved = journal
        journal = nil
        defer { journal = saved }
        var k = 0
        while k < lines.count {
            let line = lines[k]
            let step: Step
            switch line.type {
            case "turn":
                guard !state.turnOpen else {
                    throw ReplayMismatch(line: line.number, message: "a turn starts before the previous one ended")
                }
                step = opening()
            case "decision":
                guard state.turnOpen else { throw ReplayMismatch(line: line.number, message: "a decision outside an open turn") }
                let (d, r) = try decision(of: line)
                // A refusal in review is the white cell's, not the engine's: replayed as made.
                if case .refusedInReview(let reason) = r { step = refusing(d, reason: reason) } else { step = deciding(d) }
            case "undo":
                guard let undo = undoing() else {
                    throw ReplayMismatch(line: line.number, message: "an undo with no decision to withdraw")
                }
                step = undo
            case "restored", "deny-ended", "spoof-ended", "delivered", "withheld", "tearline-ready", "approval-arrived", "missions", "turn-end":
                guard state.turnOpen else { throw ReplayMismatch(line: line.number, message: "a turn ends that is not open") }
                step = closing()
            default:
                throw ReplayMismatch(
                    line: line.number,
                    message: "unexpected '\(line.type)' event here: replaying the decisions before it does not produce it")
            }
            guard !step.events.isEmpty else {
                throw ReplayMismatch(line: line.number, message: "unexpected '\(line.type)' event: the exercise has ended")
            }
            // The step is compared before it is adopted: a journal that stops inside it was
            // cut by a crash before the step was acknowledged, and the session stays before it.
            for (n, event) in step.events.enumerated() {
                if k + n == lines.count { return k }
                let content = event.json(in: exercise, version: version).serialized()
                guard lines[k + n].content == content else {
                    throw ReplayMismatch(line: lines[k + n].number,
                                         message: "replaying gives a different event here\n  journal: \(lines[k + n].content)\n  replay:  \(content)")
                }
            }
            do {
                try commit(step)
            } catch {
                throw ReplayMismatch(line: line.number, message: error.message)
            }
            k += step.events.count
        }
        return k
    }
}
