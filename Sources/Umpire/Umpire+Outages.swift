import ExerciseCore

extension Umpire {
    /// The run's outages, each from an asset's service leaving *up* (degraded or down, by an
    /// effect or by containment) to its being up again: time to restore, the worst level it
    /// fell to, and whether a restore brought it back. Scoring.md, "Measures": an outage.
    struct OutageLog {
        private(set) var outages: [Scorecard.Outage] = []
        /// Per asset something happened to, the index in `outages` of its outage still running.
        private var open: [Int: Int] = [:]

        /// A restoration of asset `a`: its outage, if any, ends by a restore (the service
        /// is up again in the same event's `changed`).
        mutating func restored(_ a: Int) {
            if let k = open[a] { outages[k].byRestore = true }
        }

        /// The service of asset `a` may have changed.
        mutating func changed(_ a: Int, from was: RunState.AssetState, to now: RunState.AssetState, at minute: Int,
                              in x: Exercise) {
            if was.service == .up, now.service != .up {
                let rebuild = x.assets[a].restoreMinutes * (x.assets[a].backups ? 1 : 2)
                outages.append(Scorecard.Outage(asset: a, lostAt: minute, worst: now.service, backAt: nil, byRestore: false,
                                                rebuildMinutes: rebuild))
                open[a] = outages.count - 1
            } else if let k = open[a] {
                outages[k].worst = max(outages[k].worst, now.service)
                if now.service == .up {
                    outages[k].backAt = minute
                    open[a] = nil
                } else {
                    // A restore that left it short of up (a spoofer still on the air) did not bring it back.
                    outages[k].byRestore = false
                }
            }
        }
    }
}
