/// What evaluators wrote in an Exercise Evaluation Guide (HSEEP EEG), checked against the
/// exercise: per objective (or per expectation), their rating and their observations —
/// what they saw, why it happened, what to do about it, who owns the fix and by when.
/// The After-Action Report shows them beside the umpire's computed rating.
public struct EvaluationGuide: Equatable, Sendable {
    /// Who evaluated, as the file names them (`evaluator "Capt. Sato, JCDC"`).
    public var evaluator: String?
    public var entries: [Entry]

    public init(evaluator: String? = nil, entries: [Entry] = []) {
        self.evaluator = evaluator
        self.entries = entries
    }

    /// The HSEEP rating an evaluator gives: performed without challenges, with some, with
    /// major ones, or unable to be performed.
    public enum Rating: String, CaseIterable, Equatable, Sendable {
        case p = "P", s = "S", m = "M", u = "U"
    }

    public enum Subject: Equatable, Sendable {
        case objective(Int)
        /// An expectation: its inject's index and its 1-based number (`A04.2`).
        case expectation(inject: Int, number: Int)
    }

    public struct Entry: Equatable, Sendable {
        public var subject: Subject
        public var rating: Rating?
        public var observation: String?
        public var analysis: String?
        public var recommendations: [Recommendation]
        public init(subject: Subject, rating: Rating? = nil, observation: String? = nil, analysis: String? = nil,
                    recommendations: [Recommendation] = []) {
            self.subject = subject
            self.rating = rating
            self.observation = observation
            self.analysis = analysis
            self.recommendations = recommendations
        }
    }

    public struct Recommendation: Equatable, Sendable {
        public var text: String
        public var owner: String?
        /// A calendar date, `YYYY-MM-DD`, as written.
        public var due: String?
        public init(text: String, owner: String? = nil, due: String? = nil) {
            self.text = text
            self.owner = owner
            self.due = due
        }
    }

    /// The objective an entry is about: its own, or its expectation's.
    public func objective(of entry: Entry, in x: Exercise) -> Int? { entry.objective(in: x) }
}

extension EvaluationGuide.Entry {
    /// The objective the entry is about: its own, or its expectation's.
    public func objective(in x: Exercise) -> Int? {
        switch subject {
        case .objective(let o): return o
        case .expectation(let i, let n): return x.injects[i].expectations[n - 1].objective
        }
    }

    /// The entry as one line of the EEG file's syntax, canonical: `objective O1 rating S
    /// observation "…" analysis "…" recommendation "…" owner "…" due 2027-01-31` (fields in
    /// that order, strings quoted as the language writes them).
    public func text(in x: Exercise) -> String {
        var words: [String]
        switch subject {
        case .objective(let o): words = ["objective", x.objectives[o].id]
        case .expectation(let i, let n): words = ["expectation", "\(x.injects[i].id).\(n)"]
        }
        if let rating { words += ["rating", rating.rawValue] }
        if let observation { words += ["observation", quotedLiteral(observation)] }
        if let analysis { words += ["analysis", quotedLiteral(analysis)] }
        for r in recommendations {
            words += ["recommendation", quotedLiteral(r.text)]
            if let owner = r.owner { words += ["owner", quotedLiteral(owner)] }
            if let due = r.due { words += ["due", due] }
        }
        return words.joined(separator: " ")
    }
}

/// An evaluator's entry typed during play (`evaluator objective O1 rating S observation "…"`,
/// or `white observe …`): the EEG file's syntax on one line, and what the EEG parser made of
/// it against the exercise as it stood. The text is the record: a journal keeps it (field
/// `eeg`), and replaying checks it again. It changes no score.
public struct TypedObservation: Hashable, Sendable {
    /// The line after `observe`, canonical: an optional `evaluator "NAME"`, then the entry
    /// (`EvaluationGuide.Entry.text(in:)`).
    public var text: String
    /// Who observed, when the line names them (`evaluator "Capt. Sato" objective O1 …`).
    public var evaluator: String?
    public var entry: EvaluationGuide.Entry

    public init(evaluator: String?, entry: EvaluationGuide.Entry, in x: Exercise) {
        self.evaluator = evaluator
        self.entry = entry
        text = (evaluator.map { "evaluator \(quotedLiteral($0)) " } ?? "") + entry.text(in: x)
    }

    public func hash(into h: inout Hasher) { h.combine(text) }
    public static func == (a: TypedObservation, b: TypedObservation) -> Bool {
        a.text == b.text && a.evaluator == b.evaluator && a.entry == b.entry
    }
}
