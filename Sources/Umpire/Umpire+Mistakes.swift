import ExerciseCore

extension Umpire {
    /// Decisions that went wrong: false reports (`detect` naming a clean asset) per team,
    /// and rejected decisions per team and per kind of rule broken. Reported, not scored.
    /// Scoring.md, "Measures": false reports, rejected decisions.
    struct MistakeTally {
        private(set) var falseReports: [Int]
        private(set) var rejectedByTeam: [Int]
        private var rejectedByRule: [Rejection.Rule: Int] = [:]

        init(_ x: Exercise) {
            falseReports = [Int](repeating: 0, count: x.teams.count)
            rejectedByTeam = falseReports
        }

        mutating func falseReport(by t: Int) { falseReports[t] += 1 }

        mutating func rejected(_ t: Int, _ rule: Rejection.Rule) {
            rejectedByTeam[t] += 1
            rejectedByRule[rule, default: 0] += 1
        }

        /// Rejections per rule, most frequent first, then by the rule (dictionary order must
        /// not reach the scorecard).
        var rejections: [(rule: Rejection.Rule, count: Int)] {
            rejectedByRule.map { (rule: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }
        }
    }
}
