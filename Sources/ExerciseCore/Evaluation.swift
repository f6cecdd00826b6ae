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
    public func objective(of entry: Entry, in x: Exercise) -> Int? {
        switch entry.subject {
        case .objective(let o): return o
        case .expectation(let i, let n): return x.injects[i].expectations[n - 1].objective
        }
    }
}
