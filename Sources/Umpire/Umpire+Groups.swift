import ExerciseCore

extension Umpire {
    /// The measures and the 0–100 score of every group: everything, each blue or ally team
    /// (the assets it owns, the expectations it is named in or answers for), and each
    /// domain. Scoring.md, "The score" and "Groups".
    ///
    /// Each compromise, outage, counted expectation, mission and team is added to the (at
    /// most three) groups it belongs to, in one pass over each, so scoring costs what
    /// happened in the run and allocates only where a group has times to take the median of.
    struct GroupTallies {
        private let blueTeams: [Int]
        /// Per team, the index of its tally, or -1 for a team that is not blue or ally.
        private var teamGroup: [Int]
        /// Tally 0 is overall, then one per blue or ally team, then one per domain from here.
        private let domainBase: Int
        private var tallies: [GroupTally]

        init(_ x: Exercise, compromises: [Scorecard.Compromise], outages: [Scorecard.Outage],
             results: [Scorecard.ExpectationResult], mistakes: MistakeTally, minutesPlayed: Int,
             dataLoss: [Scorecard.DataLoss] = []) {
            blueTeams = x.teams.indices.filter { x.teams[$0].role == .blue || x.teams[$0].role == .ally }
            teamGroup = [Int](repeating: -1, count: x.teams.count)
            for (k, t) in blueTeams.enumerated() { teamGroup[t] = 1 + k }
            domainBase = 1 + blueTeams.count
            tallies = [GroupTally](repeating: GroupTally(missions: x.missions.count), count: domainBase + x.domains.count)

            func domainOf(_ a: Int) -> Int { x.segments[x.assets[a].segment].domain }
            let rubric = x.rubric
            let detectTarget = rubric.target(.detect) ?? 60, containTarget = rubric.target(.contain) ?? 60
            let restoreTarget = rubric.target(.restore) ?? 240
            for c in compromises {
                let detect = timed(c.timeToDetect, detectTarget)
                let contain = c.detectedAt == nil ? nil : (time: c.timeToContain, points: timed(c.timeToContain, containTarget))
                add(.compromise(timeToDetect: c.timeToDetect, points: detect, contain: contain),
                    team: RunState.owner(of: c.asset, in: x), domain: domainOf(c.asset))
            }
            for o in outages {
                // Against the target plus the asset's own rebuild time; an outage still open at the
                // end is scored on how long it has lasted so far.
                let points = timed(o.timeToRestore ?? (minutesPlayed - o.lostAt), restoreTarget + o.rebuildMinutes)
                add(.outage(timeToRestore: o.timeToRestore, points: points),
                    team: RunState.owner(of: o.asset, in: x), domain: domainOf(o.asset))
            }
            for r in results where r.status.isCounted {
                let e = x.injects[r.inject].expectations[r.number - 1]
                let team = responsibleTeam(for: r, in: x)
                let domain = subjectAsset(e.action).map(domainOf) ?? team.flatMap { x.teams[$0].domain }
                var share: (latency: Int?, open: Bool)?
                if case .share = e.action {
                    // Sharing latency runs from the release, which is the due minute less `within`.
                    let latency = r.doneAt.flatMap { done in r.dueAt.map { done - ($0 - e.withinMinutes) } }
                    share = (latency, r.doneAt == nil)
                }
                add(.expectation(r.status, points: points(r.status), share: share), team: team, domain: domain)
            }
            for (m, mission) in x.missions.enumerated() {
                for a in mission.needs { add(.mission(m), team: RunState.owner(of: a, in: x), domain: domainOf(a)) }
            }
            for d in dataLoss {
                add(.data(criticality: d.criticality, lost: d.isLost), team: RunState.owner(of: d.asset, in: x), domain: domainOf(d.asset))
            }
            for t in x.teams.indices {
                add(.team(falseReports: mistakes.falseReports[t], rejected: mistakes.rejectedByTeam[t]),
                    team: t, domain: x.teams[t].domain)
            }
        }

        /// Adds an item to overall, to its team's group (if a blue or ally team) and to its domain's.
        private mutating func add(_ item: GroupTally.Item, team: Int?, domain: Int?) {
            tallies[0].add(item)
            if let t = team, teamGroup[t] >= 0 { tallies[teamGroup[t]].add(item) }
            if let d = domain { tallies[domainBase + d].add(item) }
        }

        /// The groups as the scorecard gives them: overall, the blue and ally teams in file
        /// order, the domains in file order.
        func groups(_ x: Exercise, availability: AvailabilityTally) -> (overall: Scorecard.Group, teams: [Scorecard.Group],
                                                                          domains: [Scorecard.Group]) {
            let rubric = x.rubric
            return (tallies[0].group("overall", rubric, availability),
                    blueTeams.enumerated().map { k, t in tallies[1 + k].group(x.teams[t].id, rubric, availability) },
                    x.domains.indices.map { d in tallies[domainBase + d].group(x.domains[d].id, rubric, availability) })
        }
    }

    /// What one group (overall, a team, a domain) gathers from the items that belong to it.
    struct GroupTally {
        /// One thing a group is measured on, with its points already taken against the rubric's targets.
        enum Item {
            /// A compromise: its time to detect (nil when missed) and points; and, when it
            /// was reported, its time to contain (nil when never contained) and points.
            case compromise(timeToDetect: Int?, points: Int, contain: (time: Int?, points: Int)?)
            case outage(timeToRestore: Int?, points: Int)
            /// A counted expectation; a share also gives its latency (nil when never delivered).
            case expectation(Scorecard.Status, points: Int, share: (latency: Int?, open: Bool)?)
            /// A mission that needs one of the group's assets.
            case mission(Int)
            case team(falseReports: Int, rejected: Int)
            /// An asset an exfiltration was tried on, weighted by its criticality.
            case data(criticality: Int, lost: Bool)
        }

        var compromises = 0, detected = 0, outages = 0, shares = 0, expectations = 0
        var detectPoints = 0, containPoints = 0, restorePoints = 0, sharePoints = 0, expectationPoints = 0
        var detectTimes: [Int] = [], containTimes: [Int] = [], restoreTimes: [Int] = [], shareTimes: [Int] = []
        var detectOpen = 0, containOpen = 0, restoreOpen = 0, shareOpen = 0
        var met = 0, late = 0, falseReports = 0, rejected = 0
        /// Criticality of the assets exfiltration was tried on, and of those whose data stayed in.
        var dataTried = 0, dataKept = 0
        /// Per mission: whether one of its needed assets is in the group.
        var missions: [Bool]

        init(missions count: Int) { missions = [Bool](repeating: false, count: count) }

        mutating func add(_ item: Item) {
            switch item {
            case .compromise(let timeToDetect, let points, let contain):
                compromises += 1
                detectPoints += points
                if let t = timeToDetect { detectTimes.append(t) } else { detectOpen += 1 }
                if let contain {
                    detected += 1
                    containPoints += contain.points
                    if let t = contain.time { containTimes.append(t) } else { containOpen += 1 }
                }
            case .outage(let timeToRestore, let points):
                outages += 1
                restorePoints += points
                if let t = timeToRestore { restoreTimes.append(t) } else { restoreOpen += 1 }
            case .expectation(let status, let points, let share):
                expectations += 1
                expectationPoints += points
                if status == .met { met += 1 } else if status == .late { late += 1 }
                if let share {
                    shares += 1
                    sharePoints += points
                    if let t = share.latency { shareTimes.append(t) }
                    if share.open { shareOpen += 1 }
                }
            case .mission(let m):
                missions[m] = true
            case .team(let f, let r):
                falseReports += f
                rejected += r
            case .data(let criticality, let lost):
                dataTried += criticality
                if !lost { dataKept += criticality }
            }
        }

        /// The group's measures, a subscore per rubric measure that had anything to score,
        /// and their weighted mean, rounded half up (nil when nothing had a weight).
        func group(_ name: String, _ rubric: Rubric, _ availability: AvailabilityTally) -> Scorecard.Group {
            var subscores: [(measure: Rubric.Measure, score: Int)] = []
            if compromises > 0 { subscores.append((.detect, mean(detectPoints, compromises))) }
            if detected > 0 { subscores.append((.contain, mean(containPoints, detected))) }
            if outages > 0 { subscores.append((.restore, mean(restorePoints, outages))) }
            if shares > 0 { subscores.append((.share, mean(sharePoints, shares))) }
            if let avail = availability.weighted(missions.indices.lazy.filter { missions[$0] }) {
                subscores.append((.availability, (avail + 5) / 10))
            }
            if expectations > 0 { subscores.append((.expectations, mean(expectationPoints, expectations))) }
            if dataTried > 0 { subscores.append((.data, mean(100 * dataKept, dataTried))) }
            var wsum = 0, total = 0
            for (measure, score) in subscores {
                let w = rubric.weight(measure)
                guard w > 0 else { continue }
                wsum += w
                total += w * score
            }
            return Scorecard.Group(
                name: name, compromises: compromises,
                detect: .init(detectTimes, open: detectOpen), contain: .init(containTimes, open: containOpen),
                restore: .init(restoreTimes, open: restoreOpen), share: .init(shareTimes, open: shareOpen),
                falseReports: falseReports, rejected: rejected,
                expectationsMet: met, expectationsLate: late, expectationsMissed: expectations - met - late,
                subscores: subscores, score: wsum == 0 ? nil : (total + wsum / 2) / wsum)
        }
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
}
