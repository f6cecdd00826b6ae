import ExerciseCore

/// The umpire's findings for one run: a pure function of the exercise and the journal's
/// events (`Umpire.score`). Every time is in scenario minutes and every score an integer,
/// so the same journal scores the same on every machine. Definitions: Documentation/Scoring.md.
public struct Scorecard: Equatable, Sendable {
    /// One compromise of one asset, from the adversary getting in to a restore (or the end).
    public struct Compromise: Equatable, Sendable {
        public var asset: Int
        public var actor: Int
        public var inject: Int?
        public var technique: String?
        public var compromisedAt: Int
        /// First correct report of this compromise.
        public var detectedAt: Int?
        public var detectedBy: Int?
        /// How the reporting team came to it: its own domain, acts-on (joint), a grant, or as the ally.
        public var detectedVia: Detector?
        /// Whether the reporting team had been alerted to the asset first.
        public var afterAlert: Bool
        public var containedAt: Int?
        public var restoredAt: Int?

        /// Minutes from compromise to report; nil when missed.
        public var timeToDetect: Int? { detectedAt.map { $0 - compromisedAt } }
        /// Minutes from the report to containment (or the start of a restore, which also
        /// throws the adversary out); from the compromise when it was contained before any report.
        public var timeToContain: Int? {
            containedAt.map { c in c - (detectedAt.map { $0 <= c ? $0 : compromisedAt } ?? compromisedAt) }
        }
    }

    public enum Detector: String, Equatable, Sendable {
        case owner, joint, ally, granted, white
        /// The adversary's loud effect (a ransom note, a wipe, an outage) told the owner.
        case impact
    }

    /// One loss of service of one asset, from going down or degraded to being up again.
    public struct Outage: Equatable, Sendable {
        public var asset: Int
        public var lostAt: Int
        public var worst: ServiceLevel
        public var backAt: Int?
        /// Whether the service came back by a restore (rather than a denial ending by itself).
        public var byRestore: Bool
        /// The asset's own rebuild time (doubled without backups): no team can restore faster.
        public var rebuildMinutes: Int
        public var timeToRestore: Int? { backAt.map { $0 - lostAt } }
    }

    public enum Status: String, Equatable, Sendable {
        case met, late, missed
        /// The inject was never released, so nothing was expected.
        case notApplicable = "not-applicable"
        /// Not done yet and not yet due (or a task not yet judged) in a run still going on.
        case pending

        /// Whether it counts in points and ratings (met, late, missed).
        public var isCounted: Bool { self == .met || self == .late || self == .missed }
    }

    public struct ExpectationResult: Equatable, Sendable {
        public var inject: Int
        public var number: Int
        public var dueAt: Int?
        public var doneAt: Int?
        public var status: Status
        /// True when the status is the white cell's ruling (`judge`), with its reason.
        public var judged: Bool
        public var reason: String?
    }

    public enum Rating: String, Equatable, Sendable {
        /// Performed without challenges.
        case p = "P"
        /// Performed with some challenges.
        case s = "S"
        /// Performed with major challenges.
        case m = "M"
        /// Unable to be performed.
        case u = "U"
        /// No expectation of this objective came due.
        case notEvaluated = "-"
    }

    public struct ObjectiveResult: Equatable, Sendable {
        public var objective: Int
        public var met: Int
        public var late: Int
        public var missed: Int
        public var rating: Rating
        /// Data was stolen that one of the objective's expectations is about (its asset, or
        /// its inject's exfiltration): the rating is then at best M (Scoring.md).
        public var dataLost: Bool = false
    }

    /// One asset an exfiltration was tried on: whether the data got out, and when.
    public struct DataLoss: Equatable, Sendable {
        public var asset: Int
        public var criticality: Int
        /// The first try, and the inject that made it.
        public var triedAt: Int
        public var inject: Int
        /// When the data got out; nil when every try was stopped (the intruder was cut off).
        public var lostAt: Int?
        public var lostBy: Int?
        public var isLost: Bool { lostAt != nil }
    }

    /// Statistics of a set of durations, in minutes (integer median: the lower middle).
    public struct Times: Equatable, Sendable {
        public var count: Int
        public var median: Int?
        public var mean: Int?
        /// Items that never finished (missed detections, outages not restored).
        public var open: Int

        public init(_ values: [Int], open: Int) {
            count = values.count
            self.open = open
            let sorted = values.sorted()
            median = sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
            mean = sorted.isEmpty ? nil : (sorted.reduce(0, +) + sorted.count / 2) / sorted.count
        }
    }

    /// The measures of one group (a team, a domain, or everything), with its 0–100 score.
    public struct Group: Equatable, Sendable {
        public var name: String
        public var compromises: Int
        public var detect: Times
        public var contain: Times
        public var restore: Times
        public var share: Times
        public var falseReports: Int
        public var rejected: Int
        public var expectationsMet: Int
        public var expectationsLate: Int
        public var expectationsMissed: Int
        /// 0–100 per rubric measure that had anything to score, in `Rubric.Measure` order.
        public var subscores: [(measure: Rubric.Measure, score: Int)]
        /// 0–100, or nil when the group had nothing to score (no compromise, outage, mission or expectation).
        public var score: Int?

        public static func == (a: Group, b: Group) -> Bool {
            a.name == b.name && a.compromises == b.compromises && a.detect == b.detect && a.contain == b.contain
                && a.restore == b.restore && a.share == b.share && a.falseReports == b.falseReports && a.rejected == b.rejected
                && a.expectationsMet == b.expectationsMet && a.expectationsLate == b.expectationsLate
                && a.expectationsMissed == b.expectationsMissed && a.score == b.score
                && a.subscores.map(\.measure) == b.subscores.map(\.measure) && a.subscores.map(\.score) == b.subscores.map(\.score)
        }
    }

    public var compromises: [Compromise]
    public var outages: [Outage]
    public var expectations: [ExpectationResult]
    public var objectives: [ObjectiveResult]
    /// Per mission: availability in per mille of the turns played (degraded counts half).
    public var missionAvailability: [Int]
    /// Per mission, the level each turn played counted at (index turn − 1; nil for a turn
    /// not played): its worst, before the restorations at the turn's end — the rule
    /// `missionAvailability` is computed by, so counts of turns agree with it.
    public var missionTurns: [[ServiceLevel?]] = []
    /// Weighted availability of all missions, per mille.
    public var availability: Int
    /// False reports: detections naming assets that were clean, per team.
    public var falseReports: [Int]
    /// Rejected decisions per kind of rule, sorted by count then the rule's name.
    public var rejections: [(rule: Rejection.Rule, count: Int)]
    /// Adversary effects that some expectation is about, and all adversary effects.
    public var coverage: (covered: Int, total: Int)
    /// Turns played and scenario minutes they cover.
    public var turnsPlayed: Int
    public var minutesPlayed: Int

    public var overall: Group
    public var teams: [Group]
    public var domains: [Group]
    /// Each asset an exfiltration was tried on, in the order first tried.
    public var dataLoss: [DataLoss] = []
    /// Decisions that needed approval, in request order, and the time to authorise them.
    public var authorisations: [Authorisation] = []
    public var authorise = Times([], open: 0)
    /// Every attribution a team made, in order: whether it named an actor behind the
    /// injects released so far, and how long after that actor's first inject it came.
    public var attributions: [Attribution] = []

    public struct Attribution: Equatable, Sendable {
        public var team: Int
        public var actor: Int
        public var confidence: Decision.Confidence
        public var isPublic: Bool
        public var correct: Bool
        public var at: Int
        /// Minutes from the release of the actor's first inject; nil when none was released.
        public var afterFirstInject: Int?
    }

    public static func == (a: Scorecard, b: Scorecard) -> Bool {
        a.compromises == b.compromises && a.outages == b.outages && a.expectations == b.expectations
            && a.objectives == b.objectives && a.missionAvailability == b.missionAvailability && a.availability == b.availability
            && a.falseReports == b.falseReports && a.rejections.map(\.rule) == b.rejections.map(\.rule)
            && a.rejections.map(\.count) == b.rejections.map(\.count) && a.coverage == b.coverage
            && a.turnsPlayed == b.turnsPlayed && a.overall == b.overall && a.teams == b.teams && a.domains == b.domains
            && a.authorisations == b.authorisations && a.authorise == b.authorise && a.dataLoss == b.dataLoss
            && a.attributions == b.attributions
    }
}

extension Scorecard.Times {
    /// The median beside how many were left out of it, still running at the end ("7h, 1
    /// open"): the points count them (Scoring.md, "Precedence"), so the median alone would flatter.
    public var medianWithOpen: String {
        let median = ScenarioTime.durationText(self.median)
        guard open > 0 else { return median }
        return self.median == nil ? "\(open) open" : "\(median), \(open) open"
    }
}
