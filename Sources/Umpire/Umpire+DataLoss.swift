import ExerciseCore

extension Umpire {
    /// Stolen data (Scoring.md, "Measures": stolen data): per asset an exfiltration was tried
    /// on, whether the data got out. A try is stopped when the intruder has no foothold on the
    /// asset then (it was contained, restored, or never got in): the engine's `blocked`.
    struct DataLossLog {
        private(set) var losses: [Scorecard.DataLoss] = []
        private var index: [Int: Int] = [:]

        mutating func tried(_ a: Int, by inject: Int, outcome: Event.EffectOutcome, at minute: Int, in x: Exercise) {
            let k: Int
            if let known = index[a] {
                k = known
            } else {
                k = losses.count
                index[a] = k
                losses.append(Scorecard.DataLoss(asset: a, criticality: x.assets[a].criticality, triedAt: minute, inject: inject,
                                                 lostAt: nil, lostBy: nil))
            }
            // `unchanged`: already taken by an earlier try, which recorded it.
            if outcome == .applied, losses[k].lostAt == nil {
                losses[k].lostAt = minute
                losses[k].lostBy = inject
            }
        }
    }
}
