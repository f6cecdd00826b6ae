import ExerciseCore
import Umpire

/// Everything a report or an export is made from: the exercise, the journal's events and
/// the umpire's scorecard. Renderers are pure functions of it — no clock, no files — so the
/// same journal gives the same report byte for byte.
public struct ReportInput: Sendable {
    public let exercise: Exercise
    public let events: [Event]
    public let scorecard: Scorecard
    /// How the journal is named in the report (its path as given), for the record.
    public let journalName: String
    /// The journal's last hash, printed so a reader can check the report against the record.
    public let journalHash: String
    /// The exercise as its file has it, before the white cell's changes to the script during
    /// play (`exercise` is the one played); the same when nothing was changed.
    public let fileExercise: Exercise
    /// When each step happened by the wall clock (seconds since 1970, UTC), by the seq of its
    /// last event, from the journal's clock file; empty when there is none (a run from a
    /// responses file, or the file was not kept).
    public let wallClock: [Int: Double]
    /// The evaluators' guides (EEG files) given to the report, in the order given.
    public let evaluations: [EvaluationGuide]
    /// The evaluators' observations typed during play (`evaluator objective O1 …`), in the
    /// journal's order, without those withdrawn by `undo`.
    public let typedObservations: [TypedEntry]
    /// The participants' filled feedback forms (`--feedback`), nil when none was given.
    public let feedback: [ParticipantFeedback.Answer]?
    /// The after-action lead's notes (`--notes`), nil when none were given.
    public let notes: ReportNotes?

    public init(exercise: Exercise, events: [Event], scorecard: Scorecard, journalName: String, journalHash: String,
                fileExercise: Exercise? = nil, wallClock: [Int: Double] = [:], evaluations: [EvaluationGuide] = [],
                feedback: [ParticipantFeedback.Answer]? = nil, notes: ReportNotes? = nil) {
        self.notes = notes
        self.exercise = exercise
        self.feedback = feedback
        self.evaluations = evaluations
        self.wallClock = wallClock
        self.fileExercise = fileExercise ?? exercise
        self.events = events
        self.scorecard = scorecard
        self.journalName = journalName
        self.journalHash = journalHash
        let withdrawn = Umpire.withdrawnEvents(events)
        typedObservations = events.compactMap { e in
            guard case .decision(let d, nil) = e.kind, case .observe(let o) = d.verb, !withdrawn.contains(e.seq) else { return nil }
            return TypedEntry(observation: o.value, turn: e.turn, minute: e.minute)
        }
    }

    /// An evaluator's observation typed during play, with the turn and minute it was typed in.
    public struct TypedEntry: Equatable, Sendable {
        public var observation: TypedObservation
        public var turn: Int
        public var minute: Int
    }
}

extension ReportInput {
    /// The notes' `drop` lines that start no generated strength or improvement.
    public var unmatchedNoteDrops: [ReportNotes.Located] { ReportFindings.unmatchedDrops(self) }
    /// The notes' `plan` lines whose ref has no improvement-plan row, and the refs it has.
    public var unmatchedNotePlans: (refs: [(ref: String, line: Int, column: Int)], rows: [String]) {
        ReportFindings.unmatchedPlanRefs(self)
    }
}
