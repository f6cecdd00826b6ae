import ExerciseCore

extension Umpire {
    /// Mission availability: per mission, its turns up plus half its turns degraded over the
    /// turns played; of a set of missions, each mission-turn weighed by the mission's weight
    /// in force at the start of that turn. Scoring.md, "Measures": availability.
    ///
    /// A mission's turn counts at its worst: the level at the end of the decisions, before
    /// that turn's restorations (which take effect only at the turn's end).
    struct AvailabilityTally {
        /// Per mission, half-turns up (up 2, degraded 1, down 0).
        private var halves: [Int]
        private var turns = 0
        /// Per mission: Σ weight × half-turns up and Σ weight × turns, the weight being the one
        /// in force in each turn's phase (constant unless the mission has `weight N from TIME`).
        private var weightedHalves: [Int]
        private var weightedTurns: [Int]
        /// Mission levels as they stood before the current turn's closing phase.
        private var duringTurn: MissionLevels?
        /// Per turn played (turn − 1), per mission, the level the turn counted at.
        private(set) var counted: [(turn: Int, levels: MissionLevels)] = []

        init(_ x: Exercise) {
            halves = [Int](repeating: 0, count: x.missions.count)
            weightedHalves = halves
            weightedTurns = halves
        }

        /// Called before each event is applied to `state`, to keep the levels the turn's
        /// decisions left, before its closing phase changes them.
        mutating func willApply(_ e: Event, to state: RunState, in x: Exercise) {
            if case .turnStarted = e.kind { duringTurn = nil }
            if duringTurn == nil, isClosing(e), !halves.isEmpty {
                duringTurn = state.missionLevels(in: x)
            }
        }

        /// The closing phase's mission levels: one more turn played.
        mutating func turnEnded(_ levels: MissionLevels, turn: Int, in x: Exercise) {
            turns += 1
            let during = duringTurn ?? levels
            counted.append((turn, during))
            let phaseMinute = x.startMinute(ofTurn: turn)
            for (m, level) in zip(levels.indices, during) {
                let h = level == .up ? 2 : level == .degraded ? 1 : 0
                halves[m] += h
                let w = x.missions[m].weight(atMinute: phaseMinute)
                weightedHalves[m] += w * h
                weightedTurns[m] += w
            }
        }

        /// Per mission, per mille of the turns played (rounded down); 1000 before any turn.
        var perMission: [Int] { halves.map { turns == 0 ? 1000 : $0 * 1000 / (2 * turns) } }

        /// Weighted availability of a set of missions, per mille (rounded down); nil when
        /// they have no weighted turn (no mission, or none played).
        func weighted(_ missions: some Sequence<Int>) -> Int? {
            var h = 0, t = 0
            for m in missions {
                h += weightedHalves[m]
                t += weightedTurns[m]
            }
            return t == 0 ? nil : h * 1000 / (2 * t)
        }

        /// Events of a turn's closing phase.
        private func isClosing(_ e: Event) -> Bool {
            switch e.kind {
            case .restored, .denyEnded, .spoofEnded, .delivered, .tearlineReady, .missions, .turnEnded, .ended: return true
            case .withheld(_, let from, _, _): return from != nil
            default: return false
            }
        }
    }
}
