import ExerciseCore

/// Scores a run. Pure: the journal's events are folded with the engine's own `Replay`, and
/// the measures are read off the state changes, so the umpire never re-rolls a die and
/// always agrees with what the players saw.
public enum Umpire {
    public static func score(_ x: Exercise, events: [Event]) -> Scorecard {
        let hasUndo = events.contains { if case .undo = $0.kind { return true } else { return false } }
        var replay = Replay(exercise: x, state: RunState(exercise: x, seed: 0), keepsUndoRecord: hasUndo)
        var compromises: [Scorecard.Compromise] = []
        var outages: [Scorecard.Outage] = []
        // Per asset, kept only for assets something happened to (a dictionary, not an array
        // the size of the network), so scoring a run costs what happened in it.
        var openCompromise: [Int: Int] = [:]
        var openOutage: [Int: Int] = [:]
        var alerted: [Int: [Int]] = [:]
        var falseReports = [Int](repeating: 0, count: x.teams.count)
        var rejectedByTeam = [Int](repeating: 0, count: x.teams.count)
        var rejectionCounts: [Rejection.Rule: Int] = [:]
        var missionTurns = [Int](repeating: 0, count: x.missions.count)  // half-turns up
        var turnsWithMissions = 0
        // Per mission: Σ weight × half-turns up and Σ weight × turns, the weight being the one
        // in force in each turn's phase (constant unless the mission has `weight N from TIME`).
        var weightedHalves = [Int](repeating: 0, count: x.missions.count)
        var weightedTurns = [Int](repeating: 0, count: x.missions.count)
        var firstDetection: [Int: [Int]] = [:]  // minutes of correct reports
        var firstContain: [Int: [Int]] = [:]
        var restoredAt: [Int: [Int]] = [:]
        var deliveries: [(to: Int, inject: Int, minute: Int)] = []
        var judgements: [Int: [Int: (Decision.Verdict, String, Int)]] = [:]
        // Mission levels as they stood before the current turn's closing phase.
        var turnLevels: [ServiceLevel]?
        // Events caused by a decision that an undo withdrew do not count.
        let withdrawn = withdrawnEvents(events)
        for e in events {
            if case .turnStarted = e.kind { turnLevels = nil }
            if turnLevels == nil, isClosing(e), !x.missions.isEmpty {
                turnLevels = replay.state.missionLevels(in: x)
            }
            // Only the assets this event can change are compared, so no copy of the whole
            // state is made per event (that would allocate on every event of every run).
            let touched = touchedAsset(e, x)
            let was = touched.map { replay.state.assets[$0] }
            replay.apply(e)
            if withdrawn.contains(e.seq) { continue }

            switch e.kind {
            case .decision(let d, let rejection):
                if let r = rejection {
                    rejectedByTeam[d.team] += 1
                    rejectionCounts[r.rule, default: 0] += 1
                }
            case .detection(let t, let a, _, let correct):
                if correct {
                    firstDetection[a, default: []].append(e.minute)
                    if let k = openCompromise[a], compromises[k].detectedAt == nil {
                        compromises[k].detectedAt = e.minute
                        compromises[k].detectedBy = t
                        compromises[k].detectedVia = detector(t, a, x)
                        compromises[k].afterAlert = alerted[a]?.contains(t) ?? false
                    }
                } else {
                    falseReports[t] += 1
                }
            case .contained(_, let a), .restoreStarted(_, let a, _):
                // A rebuild throws the adversary out too: for time to contain, it counts as containment.
                if case .contained = e.kind { firstContain[a, default: []].append(e.minute) }
                if let k = openCompromise[a], compromises[k].containedAt == nil { compromises[k].containedAt = e.minute }
            case .alert(let t, let a, _):
                if !(alerted[a]?.contains(t) ?? false) { alerted[a, default: []].append(t) }
            case .restored(let a):
                restoredAt[a, default: []].append(e.minute)
                if let k = openCompromise[a] { compromises[k].restoredAt = e.minute }
                if let k = openOutage[a] { outages[k].byRestore = true }
                alerted[a] = nil
            case .delivered(_, let to, .inject(let i), _):
                deliveries.append((to, i, e.minute))
            case .judged(_, let i, let n, let verdict, let reason):
                judgements[i, default: [:]][n] = (verdict, reason, e.minute)
            case .missions(let levels):
                // A mission's turn counts at its worst: the level at the end of the decisions,
                // before that turn's restorations (which take effect only at the turn's end).
                turnsWithMissions += 1
                let during = turnLevels ?? levels
                let phaseMinute = x.startMinute(ofTurn: e.turn)
                for (m, level) in zip(levels.indices, during) {
                    let halves = level == .up ? 2 : level == .degraded ? 1 : 0
                    missionTurns[m] += halves
                    let w = x.missions[m].weight(atMinute: phaseMinute)
                    weightedHalves[m] += w * halves
                    weightedTurns[m] += w
                }
            default:
                break
            }
            // Ground-truth transitions, asset by asset, only where something could change.
            if let a = touched, let was {
                let now = replay.state.assets[a]
                if !was.isCompromised, now.isCompromised, let actor = now.compromisedBy {
                    let inject = now.compromiseInject
                    compromises.append(Scorecard.Compromise(
                        asset: a, actor: actor, inject: inject, technique: inject.flatMap { x.injects[$0].techniques.first },
                        compromisedAt: e.minute, detectedAt: nil, detectedBy: nil, detectedVia: nil, afterAlert: false,
                        containedAt: nil, restoredAt: nil))
                    openCompromise[a] = compromises.count - 1
                } else if was.isCompromised, !now.isCompromised {
                    openCompromise[a] = nil
                }
                if was.service == .up, now.service != .up {
                    let rebuild = x.assets[a].restoreMinutes * (x.assets[a].backups ? 1 : 2)
                    outages.append(Scorecard.Outage(asset: a, lostAt: e.minute, worst: now.service, backAt: nil, byRestore: false,
                                                    rebuildMinutes: rebuild))
                    openOutage[a] = outages.count - 1
                } else if let k = openOutage[a] {
                    outages[k].worst = max(outages[k].worst, now.service)
                    if now.service == .up {
                        outages[k].backAt = e.minute
                        openOutage[a] = nil
                    }
                }
            }
        }

        let state = replay.state
        let turnsPlayed = state.turn
        let minutesPlayed = turnsPlayed * x.turnMinutes
        let finished = state.finished

        /// The first action at or after the release; or one before it that still stands
        /// (no new compromise of the asset since): acting early is not a miss.
        func firstOrStanding(_ minutes: [Int], _ a: Int, _ release: Int) -> Int? {
            if let m = minutes.first(where: { $0 >= release }) { return m }
            guard let earlier = minutes.last(where: { $0 < release }) else { return nil }
            let recompromised = compromises.contains { $0.asset == a && $0.compromisedAt > earlier && $0.compromisedAt <= release }
            return recompromised ? nil : release
        }

        // Expectations, judged against release + target; a judge ruling overrides.
        var results: [Scorecard.ExpectationResult] = []
        for (i, inject) in x.injects.enumerated() {
            let released = state.injects[i].releasedAt
            for e in inject.expectations {
                var result = Scorecard.ExpectationResult(inject: i, number: e.number, dueAt: nil, doneAt: nil,
                                                          status: .notApplicable, judged: false, reason: nil)
                if let r = released {
                    let due = r + e.withinMinutes
                    result.dueAt = due
                    var done: Int?
                    switch e.action {
                    case .detect(let a): done = firstOrStanding(firstDetection[a] ?? [], a, r)
                    case .contain(let a): done = firstOrStanding(firstContain[a] ?? [], a, r)
                    case .restore(let a): done = restoredAt[a]?.first { $0 >= r }
                    case .share(let t): done = deliveries.first { $0.to == t && $0.inject == i && $0.minute >= r }?.minute
                    case .judged: done = nil
                    }
                    result.doneAt = done
                    if let d = done {
                        result.status = d <= due ? .met : .late
                    } else if !finished, due > minutesPlayed || e.action.verb == "judged" {
                        result.status = .pending
                    } else if let a = subjectAsset(e.action), !touchedAfter(a, r) {
                        // Nothing to do about an asset the adversary never touched after the release.
                        result.status = .notApplicable
                    } else {
                        result.status = .missed
                    }
                }
                if let (verdict, reason, _) = judgements[i]?[e.number] {
                    result.status = Scorecard.Status(rawValue: verdict.rawValue) ?? .missed
                    result.judged = true
                    result.reason = reason
                }
                results.append(result)
            }
        }

        func subjectAsset(_ action: Expectation.Action) -> Int? {
            switch action {
            case .detect(let a), .contain(let a), .restore(let a): return a
            default: return nil
            }
        }
        /// Whether a compromise or an outage of the asset was still running at or after `minute`.
        func touchedAfter(_ a: Int, _ minute: Int) -> Bool {
            compromises.contains { $0.asset == a && ($0.restoredAt ?? Int.max) >= minute }
                || outages.contains { $0.asset == a && ($0.backAt ?? Int.max) >= minute }
        }

        // Objectives: one pass over the results, counting per objective.
        var objectiveCounts = [(met: Int, late: Int, missed: Int)](repeating: (0, 0, 0), count: x.objectives.count)
        for r in results where r.status.isCounted {
            guard let o = x.injects[r.inject].expectations[r.number - 1].objective, o < objectiveCounts.count else { continue }
            switch r.status {
            case .met: objectiveCounts[o].met += 1
            case .late: objectiveCounts[o].late += 1
            default: objectiveCounts[o].missed += 1
            }
        }
        let objectives = objectiveCounts.enumerated().map { o, n in
            Scorecard.ObjectiveResult(objective: o, met: n.met, late: n.late, missed: n.missed, rating: rating(n.met, n.late, n.missed))
        }

        let missionAvailability = missionTurns.map { turnsWithMissions == 0 ? 1000 : $0 * 1000 / (2 * turnsWithMissions) }
        /// Availability of a set of missions, each mission-turn weighed by its phase's weight.
        func weightedAvailability(_ missions: some Sequence<Int>) -> Int? {
            var halves = 0, turns = 0
            for m in missions {
                halves += weightedHalves[m]
                turns += weightedTurns[m]
            }
            return turns == 0 ? nil : halves * 1000 / (2 * turns)
        }
        let availability = weightedAvailability(x.missions.indices) ?? 1000

        var covered = 0, total = 0
        var expected = Set<Int>()
        for inject in x.injects {
            for e in inject.expectations {
                switch e.action {
                case .detect(let a), .contain(let a), .restore(let a): expected.insert(a)
                default: break
                }
            }
        }
        for inject in x.injects {
            for e in inject.effects {
                total += 1
                if expected.contains(e.asset) { covered += 1 }
            }
        }

        // Groups: everything, each blue or ally team (the assets it owns, the expectations
        // it is named in or answers for), and each domain. Each item is added to the (at most
        // three) groups it belongs to in one pass, so scoring costs what happened in the run
        // and allocates only where a group has times to take the median of.
        let blueTeams = x.teams.indices.filter { x.teams[$0].role == .blue || x.teams[$0].role == .ally }
        var teamGroup = [Int](repeating: -1, count: x.teams.count)
        for (k, t) in blueTeams.enumerated() { teamGroup[t] = 1 + k }
        let domainBase = 1 + blueTeams.count
        var tallies = [GroupTally](repeating: GroupTally(missions: x.missions.count), count: domainBase + x.domains.count)
        /// The groups an item belongs to: overall, its team's (if a blue or ally team), its domain's.
        func groups(team: Int?, domain: Int?) -> (Int, Int, Int) {
            (0, team.map { teamGroup[$0] } ?? -1, domain.map { domainBase + $0 } ?? -1)
        }
        func add(_ g: (Int, Int, Int), _ body: (inout GroupTally) -> Void) {
            body(&tallies[g.0])
            if g.1 >= 0 { body(&tallies[g.1]) }
            if g.2 >= 0 { body(&tallies[g.2]) }
        }
        func domainOf(_ a: Int) -> Int { x.segments[x.assets[a].segment].domain }
        let rubric = x.rubric
        let detectTarget = rubric.target(.detect) ?? 60, containTarget = rubric.target(.contain) ?? 60
        let restoreTarget = rubric.target(.restore) ?? 240
        for c in compromises {
            let detect = timed(c.timeToDetect, detectTarget)
            let contain = c.detectedAt == nil ? nil : timed(c.timeToContain, containTarget)
            add(groups(team: RunState.owner(of: c.asset, in: x), domain: domainOf(c.asset))) { g in
                g.compromises += 1
                g.detectPoints += detect
                if let t = c.timeToDetect { g.detectTimes.append(t) } else { g.detectOpen += 1 }
                if let contain {
                    g.detected += 1
                    g.containPoints += contain
                    if let t = c.timeToContain { g.containTimes.append(t) } else { g.containOpen += 1 }
                }
            }
        }
        for o in outages {
            // Against the target plus the asset's own rebuild time; an outage still open at the
            // end is scored on how long it has lasted so far.
            let points = timed(o.timeToRestore ?? (minutesPlayed - o.lostAt), restoreTarget + o.rebuildMinutes)
            add(groups(team: RunState.owner(of: o.asset, in: x), domain: domainOf(o.asset))) { g in
                g.outages += 1
                g.restorePoints += points
                if let t = o.timeToRestore { g.restoreTimes.append(t) } else { g.restoreOpen += 1 }
            }
        }
        for r in results where r.status.isCounted {
            let e = x.injects[r.inject].expectations[r.number - 1]
            let team = responsibleTeam(for: r, in: x)
            let domain: Int?
            switch e.action {
            case .detect(let a), .contain(let a), .restore(let a): domain = domainOf(a)
            default: domain = team.flatMap { x.teams[$0].domain }
            }
            let isShare: Bool
            if case .share = e.action { isShare = true } else { isShare = false }
            let points = points(r.status)
            add(groups(team: team, domain: domain)) { g in
                g.expectations += 1
                g.expectationPoints += points
                if r.status == .met { g.met += 1 } else if r.status == .late { g.late += 1 }
                if isShare {
                    g.shares += 1
                    g.sharePoints += points
                    if let done = r.doneAt, let due = r.dueAt { g.shareTimes.append(done - (due - e.withinMinutes)) }
                    if r.doneAt == nil { g.shareOpen += 1 }
                }
            }
        }
        for (m, mission) in x.missions.enumerated() {
            for a in mission.needs {
                add(groups(team: RunState.owner(of: a, in: x), domain: domainOf(a))) { $0.missions[m] = true }
            }
        }
        for t in x.teams.indices {
            add(groups(team: t, domain: x.teams[t].domain)) { g in
                g.falseReports += falseReports[t]
                g.rejected += rejectedByTeam[t]
            }
        }
        func group(_ name: String, _ g: GroupTally) -> Scorecard.Group {
            var subscores: [(measure: Rubric.Measure, score: Int)] = []
            if g.compromises > 0 { subscores.append((.detect, mean(g.detectPoints, g.compromises))) }
            if g.detected > 0 { subscores.append((.contain, mean(g.containPoints, g.detected))) }
            if g.outages > 0 { subscores.append((.restore, mean(g.restorePoints, g.outages))) }
            if g.shares > 0 { subscores.append((.share, mean(g.sharePoints, g.shares))) }
            if let avail = weightedAvailability(g.missions.indices.lazy.filter { g.missions[$0] }) {
                subscores.append((.availability, (avail + 5) / 10))
            }
            if g.expectations > 0 { subscores.append((.expectations, mean(g.expectationPoints, g.expectations))) }
            var wsum = 0, total = 0
            for (measure, score) in subscores {
                let w = rubric.weight(measure)
                guard w > 0 else { continue }
                wsum += w
                total += w * score
            }
            return Scorecard.Group(
                name: name, compromises: g.compromises,
                detect: .init(g.detectTimes, open: g.detectOpen), contain: .init(g.containTimes, open: g.containOpen),
                restore: .init(g.restoreTimes, open: g.restoreOpen), share: .init(g.shareTimes, open: g.shareOpen),
                falseReports: g.falseReports, rejected: g.rejected,
                expectationsMet: g.met, expectationsLate: g.late, expectationsMissed: g.expectations - g.met - g.late,
                subscores: subscores, score: wsum == 0 ? nil : (total + wsum / 2) / wsum)
        }

        let overall = group("overall", tallies[0])
        let teamGroups = blueTeams.enumerated().map { k, t in group(x.teams[t].id, tallies[1 + k]) }
        let domainGroups = x.domains.indices.map { d in group(x.domains[d].id, tallies[domainBase + d]) }
        let rejections = rejectionCounts.map { (rule: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }

        return Scorecard(
            compromises: compromises, outages: outages, expectations: results, objectives: objectives,
            missionAvailability: missionAvailability, availability: availability, falseReports: falseReports,
            rejections: rejections, coverage: (covered, total), turnsPlayed: turnsPlayed, minutesPlayed: minutesPlayed,
            overall: overall, teams: teamGroups, domains: domainGroups)
    }

    /// Points for a timed item: 100 within target, falling linearly to 0 at four times the
    /// target, 0 when it never happened.
    public static func timed(_ minutes: Int?, _ target: Int) -> Int {
        guard let m = minutes else { return 0 }
        let t = max(1, target)
        if m <= t { return 100 }
        // 100 − 100·(m − t)/(3t), rounded down: the deduction is rounded up.
        return max(0, 100 - (100 * (m - t) + 3 * t - 1) / (3 * t))
    }

    /// Points for an expectation: met 100, late 50, missed 0.
    public static func points(_ status: Scorecard.Status) -> Int {
        switch status {
        case .met: return 100
        case .late: return 50
        case .missed, .notApplicable, .pending: return 0
        }
    }

    /// The integer mean of `count` values adding up to `sum`, rounded half up.
    static func mean(_ sum: Int, _ count: Int) -> Int {
        count == 0 ? 0 : (sum * 2 + count) / (2 * count)
    }

    /// What one group (overall, a team, a domain) gathers while the umpire walks the run's
    /// compromises, outages and expectations once.
    struct GroupTally {
        var compromises = 0, detected = 0, outages = 0, shares = 0, expectations = 0
        var detectPoints = 0, containPoints = 0, restorePoints = 0, sharePoints = 0, expectationPoints = 0
        var detectTimes: [Int] = [], containTimes: [Int] = [], restoreTimes: [Int] = [], shareTimes: [Int] = []
        var detectOpen = 0, containOpen = 0, restoreOpen = 0, shareOpen = 0
        var met = 0, late = 0, falseReports = 0, rejected = 0
        /// Per mission: whether one of its needed assets is in the group.
        var missions: [Bool]
        init(missions count: Int) { missions = [Bool](repeating: false, count: count) }
    }

    /// P/S/M/U from an objective's expectations: points met 2, late 1, missed 0, as a share r
    /// of the maximum. P: all met; S: r ≥ 3/4; M: r ≥ 2/5; U: below.
    public static func rating(_ met: Int, _ late: Int, _ missed: Int) -> Scorecard.Rating {
        let n = met + late + missed
        guard n > 0 else { return .notEvaluated }
        let got = 2 * met + late, max = 2 * n
        if got == max { return .p }
        if 4 * got >= 3 * max { return .s }
        if 5 * got >= 2 * max { return .m }
        return .u
    }

    private static func detector(_ t: Int, _ a: Int, _ x: Exercise) -> Scorecard.Detector {
        let team = x.teams[t]
        let domain = x.segments[x.assets[a].segment].domain
        if team.role == .white { return .white }
        if team.domain == domain { return team.role == .ally ? .ally : .owner }
        if team.actsOn.contains(domain) { return .joint }
        return team.role == .ally ? .ally : .granted
    }

    /// The team that answers for an expectation: the one named with `by`, else the owner of
    /// the asset it is about, else the inject's first recipient.
    public static func responsibleTeam(for r: Scorecard.ExpectationResult, in x: Exercise) -> Int? {
        let e = x.injects[r.inject].expectations[r.number - 1]
        if let t = e.team { return t }
        switch e.action {
        case .detect(let a), .contain(let a), .restore(let a): return RunState.owner(of: a, in: x)
        default: return x.injects[r.inject].recipients.first
        }
    }

    /// The seqs of decisions withdrawn by `undo` and of the events that followed them as
    /// their consequences: none of them counts.
    public static func withdrawnEvents(_ events: [Event]) -> Set<Int> {
        var undone = Set<Int>()
        for e in events { if case .undo(let seq) = e.kind { undone.insert(seq) } }
        guard !undone.isEmpty else { return [] }
        var out = Set<Int>()
        var last: Int?
        for e in events {
            if case .decision = e.kind { last = e.seq } else if !isConsequence(e) { last = nil }
            if let d = last, undone.contains(d) { out.insert(e.seq) }
        }
        return out
    }

    /// Events that follow a decision as its consequences (an undo withdraws them with it).
    private static func isConsequence(_ e: Event) -> Bool {
        switch e.kind {
        case .alert(_, _, .hunt), .detection, .contained, .restoreStarted, .sent, .tearlineStarted, .requested,
             .granted, .judged, .note:
            return true
        case .injectReleased(_, .manual), .effect:
            return true
        default:
            return false
        }
    }

    /// Events of a turn's closing phase.
    private static func isClosing(_ e: Event) -> Bool {
        switch e.kind {
        case .restored, .denyEnded, .delivered, .tearlineReady, .missions, .turnEnded, .ended: return true
        default: return false
        }
    }

    /// The asset whose state an event may change, if any (an event changes at most one).
    private static func touchedAsset(_ e: Event, _ x: Exercise) -> Int? {
        switch e.kind {
        case .effect(let i, let k, _, _): return x.injects[i].effects[k].asset
        case .contained(_, let a), .restoreStarted(_, let a, _), .restored(let a), .denyEnded(let a): return a
        default: return nil
        }
    }
}
