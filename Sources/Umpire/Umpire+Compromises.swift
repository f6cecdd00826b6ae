import ExerciseCore

extension Umpire {
    /// The run's compromises, each from the adversary getting in to a restore: when it was
    /// reported and by whom (time to detect, the detector, whether after an alert) and when
    /// it was contained (time to contain). Scoring.md, "Measures": a compromise.
    ///
    /// Per asset, the open compromise and the teams alerted to it are kept only for assets
    /// something happened to (a dictionary, not an array the size of the network), so
    /// scoring a run costs what happened in it.
    struct CompromiseLog {
        private(set) var compromises: [Scorecard.Compromise] = []
        /// Per asset, the index in `compromises` of its compromise still running.
        private var open: [Int: Int] = [:]
        /// Per asset, the teams alerted to it since its last restore.
        private var alerted: [Int: [Int]] = [:]

        /// A correct report of asset `a` by team `t`: the first one detects the open compromise.
        mutating func reported(_ a: Int, by t: Int, at minute: Int, in x: Exercise, byImpact: Bool = false) {
            guard let k = open[a], compromises[k].detectedAt == nil else { return }
            compromises[k].detectedAt = minute
            compromises[k].detectedBy = t
            compromises[k].detectedVia = byImpact ? .impact : detector(t, a, x)
            compromises[k].afterAlert = alerted[a]?.contains(t) ?? false
        }

        /// A containment of asset `a`, or the start of its restore: a rebuild throws the
        /// adversary out too, so for time to contain it counts as containment.
        mutating func contained(_ a: Int, at minute: Int) {
            if let k = open[a], compromises[k].containedAt == nil { compromises[k].containedAt = minute }
        }

        mutating func alerted(_ a: Int, team t: Int) {
            if !(alerted[a]?.contains(t) ?? false) { alerted[a, default: []].append(t) }
        }

        /// A restoration of asset `a` ends its compromise; the next one needs alerting afresh.
        mutating func restored(_ a: Int, at minute: Int) {
            if let k = open[a] { compromises[k].restoredAt = minute }
            alerted[a] = nil
        }

        /// The ground truth of asset `a` changed: the adversary got in (a new compromise,
        /// even of an asset compromised before) or was thrown out.
        mutating func changed(_ a: Int, from was: RunState.AssetState, to now: RunState.AssetState, at minute: Int,
                              in x: Exercise) {
            if !was.isCompromised, now.isCompromised, let actor = now.compromisedBy {
                let inject = now.compromiseInject
                compromises.append(Scorecard.Compromise(
                    asset: a, actor: actor, inject: inject, technique: inject.flatMap { x.injects[$0].techniques.first },
                    compromisedAt: minute, detectedAt: nil, detectedBy: nil, detectedVia: nil, afterAlert: false,
                    containedAt: nil, restoredAt: nil))
                open[a] = compromises.count - 1
            } else if was.isCompromised, !now.isCompromised {
                open[a] = nil
            }
        }

        /// How team `t` had authority to report asset `a`.
        private func detector(_ t: Int, _ a: Int, _ x: Exercise) -> Scorecard.Detector {
            let team = x.teams[t]
            let domain = x.segments[x.assets[a].segment].domain
            if team.role == .white { return .white }
            if team.domain == domain { return team.role == .ally ? .ally : .owner }
            if team.actsOn.contains(domain) { return .joint }
            // The ally on its own networks is `ally`; anywhere else it acts by a grant, and the
            // record says so (Scoring.md, "Precedence").
            return .granted
        }
    }
}
