import ExerciseCore

extension Scorecard {
    /// One decision that needed another cell's approval, from the request to its answer.
    public struct Authorisation: Equatable, Sendable {
        /// The request's index (`requestID` names it "R1", …).
        public var request: Int
        /// Index into `Exercise.approvals`.
        public var approval: Int
        /// The team whose decision waited, and the decision.
        public var decision: Decision
        public var approver: Int
        public var requestedAt: Int
        /// When it reached the approver; nil when it never did within the run.
        public var arrivedAt: Int?
        public var answeredAt: Int?
        /// Who answered (the approver or the white cell).
        public var answeredBy: Int?
        /// nil while unanswered.
        public var approved: Bool?
        /// Approved, but too late: the decision could no longer be done.
        public var lapsed: Bool

        /// Minutes from the request to its approval; nil when denied or never answered.
        public var timeToAuthorise: Int? { approved == true ? answeredAt.map { $0 - requestedAt } : nil }
    }
}

/// The approval chains of a run, in request order (Scoring.md, "Time to authorise").
struct AuthorisationLog {
    private(set) var authorisations: [Scorecard.Authorisation] = []

    mutating func requested(_ r: Int, approval: Int, decision: Decision, at minute: Int, in x: Exercise) {
        guard r == authorisations.count else { return }
        authorisations.append(Scorecard.Authorisation(
            request: r, approval: approval, decision: decision, approver: x.approvals[approval].approver, requestedAt: minute,
            arrivedAt: nil, answeredAt: nil, answeredBy: nil, approved: nil, lapsed: false))
    }

    mutating func arrived(_ r: Int, at minute: Int) {
        if r < authorisations.count { authorisations[r].arrivedAt = minute }
    }

    mutating func answered(_ r: Int, approved: Bool, by team: Int, at minute: Int) {
        guard r < authorisations.count else { return }
        authorisations[r].approved = approved
        authorisations[r].answeredBy = team
        authorisations[r].answeredAt = minute
    }

    mutating func lapsed(_ r: Int) {
        if r < authorisations.count { authorisations[r].lapsed = true }
    }

    /// Time to authorise over the run: approved requests' times; every other request is open.
    var times: Scorecard.Times {
        let done = authorisations.compactMap(\.timeToAuthorise)
        return Scorecard.Times(done, open: authorisations.count - done.count)
    }
}
