/// Automatic players for dry runs and Monte Carlo balancing. They decide in phase 5 of
/// each turn through the engine's own rules (a candidate the rules would reject is not
/// tried), in a fixed order, so a run with players is as deterministic as any other.
public enum Players: String, CaseIterable, Sendable {
    /// Does nothing: the lower bound.
    case passive
    /// Acts on what each team knows, within capacity: reports alerted assets, contains
    /// what it reported, restores what it contained, shares cards along its channels.
    case reactive
    /// An oracle that knows the ground truth: reports and contains every compromise in its
    /// authority at once, restores what is down, shares everything: the upper bound.
    case ideal

    /// Makes this turn's decisions for every blue and ally team, in file order.
    public func act(_ engine: Engine, _ state: inout RunState) -> [Event] {
        guard self != .passive, state.turnOpen else { return [] }
        let x = engine.exercise
        var events: [Event] = []
        func tryDecide(_ d: Decision) {
            guard engine.rejection(of: d, in: state) == nil else { return }
            events += engine.decide(&state, d)
        }
        for t in x.teams.indices where x.teams[t].role == .blue || x.teams[t].role == .ally {
            let capacity = x.teams[t].capacity
            func full() -> Bool { state.teams[t].used >= capacity }
            // 1. Report: what the team was alerted to (reactive), or every compromise it may act on (ideal).
            let suspects: [Int] = self == .ideal
                ? state.compromised.filter { engine.hasAuthority(t, onAsset: $0, state) }
                : state.teams[t].knownAssets
            for a in suspects where !full() && !state.teams[t].reported.contains(a) {
                if self == .reactive {
                    guard engine.hasAuthority(t, onAsset: a, state) else { continue }
                    // An owner acts on a live alert only: after its own restore, the old alert is stale.
                    if RunState.owner(of: a, in: x) == t, !state.assets[a].ownerAlerted { continue }
                    if state.assets[a].restoringUntil != nil { continue }
                }
                tryDecide(Decision(team: t, verb: .detect(asset: a, technique: nil)))
            }
            // 2. Contain what it reported and is still there.
            for a in state.teams[t].reported where !full() && state.assets[a].isCompromised && !state.assets[a].contained {
                tryDecide(Decision(team: t, verb: .contain(asset: a)))
            }
            // 3. Restore what is contained or down.
            let broken = self == .ideal
                ? state.compromised + state.denied
                : state.teams[t].reported
            for a in broken where !full() && (state.assets[a].contained || state.assets[a].service == .down) {
                tryDecide(Decision(team: t, verb: .restore(asset: a)))
            }
            // 4. Share the cards it holds with every team it has a channel to.
            for i in state.teams[t].injects where !full() {
                for c in x.channels where c.from == t && !full() && !state.teams[c.to].injects.contains(i) {
                    if state.inFlight.contains(where: { $0.to == c.to && $0.item == .inject(i) }) { continue }
                    let d = Decision(team: t, verb: .share(.inject(i), to: c.to))
                    if engine.rejection(of: d, in: state) != nil, case .nations = x.injects[i].marking {
                        tryDecide(Decision(team: t, verb: .tearline(inject: i)))
                    } else {
                        tryDecide(d)
                    }
                }
            }
        }
        return events
    }
}

extension Engine {
    /// Plays a whole run with automatic players; returns every event.
    public func play(_ players: Players, state: inout RunState) -> [Event] {
        var events: [Event] = []
        while !state.finished {
            events += openTurn(&state)
            events += players.act(self, &state)
            events += closeTurn(&state)
        }
        return events
    }
}

extension RunState {
    /// A run whose dice come from a given generator (Monte Carlo run k uses stream k).
    public init(exercise x: Exercise, generator: SeededGenerator) {
        self.init(exercise: x, seed: 0)
        rng = generator
    }
}
