/// Automatic players for dry runs and Monte Carlo balancing. They decide in phase 5 of
/// each turn through the engine's own rules (a candidate the rules would reject is not
/// tried), in a fixed order, so a run with players is as deterministic as any other.
public enum Players: String, CaseIterable, Sendable {
    /// Does nothing: the lower bound.
    case passive
    /// Acts on what each team knows, and only that (its alerts, cards, reports and what
    /// reached it; whether its own assets are isolated, being rebuilt or down, which the
    /// team that runs them sees), within capacity: reports what it was alerted to or told,
    /// contains what it reported, restores what it contained, shares its cards along its
    /// channels (tearlining what it may not send as written).
    case reactive
    /// Knows the ground truth: reports and contains every compromise in its authority at
    /// once, restores what is down, shares everything. The only player that reads what no
    /// team knows. Not an upper bound on the 0–100 score (so not called `ideal`, its name
    /// before issue 17): containing at once blocks the adversary's next steps, and a blocked
    /// step leaves expectations about it not applicable and compromises out of the detect
    /// share, which a reactive team that let them happen scores as met (Scoring.md,
    /// "Prevention and the score"). It is never worse at what the adversary takes: no run
    /// ends with lower availability, more missed compromises, more data lost or a longer
    /// median time to detect than reactive players' run on the same dice (OracleTests).
    case oracle

    /// Makes this turn's decisions for every blue and ally team, in file order.
    public func act(_ engine: Engine, _ state: inout RunState) -> [Event] {
        var events: [Event] = []
        act(engine, &state, into: &events)
        return events
    }

    /// Makes this turn's decisions, appending their events to `events`.
    ///
    /// Written without local functions that capture `state`: a capture of an `inout` value
    /// makes Swift copy the whole state whenever it is passed on, which cost more than the
    /// decisions themselves.
    public func act(_ engine: Engine, _ state: inout RunState, into events: inout [Event]) {
        guard self != .passive, state.turnOpen else { return }
        let oracle = self == .oracle
        // 0. Approvers approve what has reached them, first thing (the white cell's too: in a
        //    run without people, the players stand in for it as approver).
        for r in state.requests.indices where state.requests[r].arrived && state.requests[r].isOpen {
            let approver = engine.exercise.approvals[state.requests[r].approval].approver
            let role = engine.exercise.teams[approver].role
            guard engine.isPlayer(approver) || role == .white || role == .approver else { continue }
            Self.tryDecide(engine, &state, Decision(team: approver, verb: .approve(request: r)), &events)
        }
        for t in 0..<engine.teamCount where engine.isPlayer(t) {
            let capacity = engine.capacity(of: t)
            // 1. Report: what the team was alerted to or told of (reactive), or every compromise it may act on (oracle).
            let suspects: [Int] = oracle
                ? state.compromised.filter { engine.hasAuthority(t, onAsset: $0, state) }
                : state.teams[t].freshLeads
            // Reports made in this loop name assets later in `suspects` never again (they are
            // unique), so the list of reports from before the loop answers "already reported?".
            let reported = state.teams[t].reported
            for a in suspects {
                if state.used[t] >= capacity { break }
                if reported.contains(a) { continue }
                if !oracle {
                    guard engine.hasAuthority(t, onAsset: a, state) else { continue }
                    if state.assets[a].restoringUntil != nil { continue }
                }
                Self.tryDecide(engine, &state, Decision(team: t, verb: .detect(asset: a, technique: nil)), &events)
            }
            // 2. Contain what it reported and is still there (reactive: what it has not isolated yet).
            for a in state.teams[t].reported {
                if state.used[t] >= capacity { break }
                let s = state.assets[a]
                if s.contained || s.restoringUntil != nil { continue }
                if oracle, !s.isCompromised { continue }
                Self.tryDecide(engine, &state, Decision(team: t, verb: .contain(asset: a)), &events)
            }
            // 3. Restore what is contained or down.
            let broken = oracle ? state.compromised + state.denied : state.teams[t].reported
            for a in broken {
                if state.used[t] >= capacity { break }
                guard state.assets[a].contained || state.serviceLevels[a] == .down else { continue }
                Self.tryDecide(engine, &state, Decision(team: t, verb: .restore(asset: a)), &events)
            }
            // 4. Share the cards it holds with every team it has a channel to, unless the card
            //    names that team or the two have already exchanged it.
            let cards = state.teams[t].injects, tearlines = state.teams[t].tearlines
            cardLoop: for k in 0..<(cards.count + tearlines.count) {
                let i = k < cards.count ? cards[k] : tearlines[k - cards.count]
                for c in engine.channelsFrom[t] {
                    if state.used[t] >= capacity { break cardLoop }
                    let to = engine.channelTarget[c]
                    if engine.isRecipient(to, of: i) || state.hasExchanged(t, card: i, with: to) { continue }
                    let d = Decision(team: t, verb: .share(.inject(i), to: to))
                    if !engine.allows(d, in: state), engine.hasTearline(i) {
                        Self.tryDecide(engine, &state, Decision(team: t, verb: .tearline(inject: i)), &events)
                    } else {
                        Self.tryDecide(engine, &state, d, &events)
                    }
                }
            }
        }
    }

    /// Applies the decision when the rules allow it; a candidate they would reject is not tried.
    private static func tryDecide(_ engine: Engine, _ state: inout RunState, _ d: Decision, _ events: inout [Event]) {
        guard engine.allows(d, in: state) else { return }
        engine.decide(&state, d, into: &events)
    }
}

extension Engine {
    /// Plays a whole run with automatic players; returns every event.
    public func play(_ players: Players, state: inout RunState) -> [Event] {
        var events: [Event] = []
        play(players, state: &state, into: &events)
        return events
    }

    /// Plays a whole run with automatic players, appending every event to `events`.
    ///
    /// Players decide from the state alone, so when their last turn decided nothing and no
    /// event since has changed anything they look at (only turn starts and ends and mission
    /// levels happened), they would decide nothing again: that turn they are not asked.
    /// The events are exactly those of asking them every turn (`skipQuietTurns: false`).
    /// Returns how many turns the players were asked to decide.
    @discardableResult
    public func play(_ players: Players, state: inout RunState, into events: inout [Event], skipQuietTurns: Bool = true) -> Int {
        var quiet = false
        var asked = 0
        while !state.finished {
            let opened = events.count
            openTurn(&state, into: &events)
            if quiet { quiet = skipQuietTurns && !events[opened...].contains(where: \.concernsPlayers) }
            if !quiet {
                asked += 1
                let before = events.count
                players.act(self, &state, into: &events)
                quiet = events.count == before
            }
            let closing = events.count
            closeTurn(&state, into: &events)
            if quiet { quiet = !events[closing...].contains(where: \.concernsPlayers) }
        }
        return asked
    }
}

extension Event {
    /// Whether the event changes anything automatic players decide on: everything except the
    /// clock (turn start and end, which only reset capacity), mission levels, and adversary
    /// effects that changed no ground truth (a blocked or repeated spread only reschedules).
    var concernsPlayers: Bool {
        switch kind {
        case .turnStarted, .turnEnded, .missions, .ended: return false
        case .effect(_, _, let outcome, _): return outcome == .applied
        default: return true
        }
    }
}

extension RunState {
    /// A run whose dice come from a given generator (Monte Carlo run k uses stream k).
    public init(exercise x: Exercise, generator: SeededGenerator) {
        self.init(exercise: x, seed: 0)
        rng = generator
    }
}
