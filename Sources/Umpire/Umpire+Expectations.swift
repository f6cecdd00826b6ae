import ExerciseCore

extension Umpire {
    /// What the teams did that an expectation can ask for — correct reports, containments,
    /// restorations, deliveries of injects — and the white cell's rulings, gathered during
    /// the fold and judged afterwards by `results`. Scoring.md, "Expectations and objectives".
    struct ResponseLog {
        /// Per asset, the minutes of its correct reports, containments and restorations.
        private var detections: [Int: [Int]] = [:]
        private var containments: [Int: [Int]] = [:]
        private var restorations: [Int: [Int]] = [:]
        private var deliveries: [(to: Int, inject: Int, minute: Int)] = []
        /// Per inject, per expectation number: the last `judge` ruling.
        private var judgements: [Int: [Int: (verdict: Decision.Verdict, reason: String)]] = [:]

        mutating func detected(_ a: Int, at minute: Int) { detections[a, default: []].append(minute) }
        mutating func contained(_ a: Int, at minute: Int) { containments[a, default: []].append(minute) }
        mutating func restored(_ a: Int, at minute: Int) { restorations[a, default: []].append(minute) }

        mutating func delivered(inject i: Int, to t: Int, at minute: Int) { deliveries.append((t, i, minute)) }

        mutating func judged(inject i: Int, expectation n: Int, _ verdict: Decision.Verdict, reason: String) {
            judgements[i, default: [:]][n] = (verdict, reason)
        }

        /// Every expectation of the exercise, in file order, judged against its inject's
        /// release + `within`; a judge ruling overrides. `compromises` and `outages` tell
        /// whether an early action still stands and whether there was anything to do.
        func results(_ x: Exercise, state: RunState, minutesPlayed: Int,
                     compromises: [Scorecard.Compromise], outages: [Scorecard.Outage]) -> [Scorecard.ExpectationResult] {
            /// The first action at or after the release; or one before it that still stands
            /// (no new compromise of the asset since): acting early is not a miss, and it is
            /// reported when it was done (before the release, so always in time).
            func firstOrStanding(_ minutes: [Int], _ a: Int, _ release: Int) -> Int? {
                if let m = minutes.first(where: { $0 >= release }) { return m }
                guard let earlier = minutes.last(where: { $0 < release }) else { return nil }
                let recompromised = compromises.contains { $0.asset == a && $0.compromisedAt > earlier && $0.compromisedAt <= release }
                return recompromised ? nil : earlier
            }
            /// Whether a compromise or an outage of the asset was still running at or after `minute`.
            func touchedAfter(_ a: Int, _ minute: Int) -> Bool {
                compromises.contains { $0.asset == a && ($0.restoredAt ?? Int.max) >= minute }
                    || outages.contains { $0.asset == a && ($0.backAt ?? Int.max) >= minute }
            }

            // The minute the teams' next decision would bear: the open turn's start, or the next
            // turn's. An expectation due then or later can still be met: pending, not missed.
            let nextDecision = state.turnOpen ? state.minute : state.turn * x.turnMinutes
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
                        case .detect(let a): done = firstOrStanding(detections[a] ?? [], a, r)
                        case .contain(let a): done = firstOrStanding(containments[a] ?? [], a, r)
                        case .restore(let a): done = restorations[a]?.first { $0 >= r }
                        case .share(let t): done = deliveries.first { $0.to == t && $0.inject == i && $0.minute >= r }?.minute
                        case .judged: done = nil
                        }
                        result.doneAt = done
                        if let d = done {
                            result.status = d <= due ? .met : .late
                        } else if !state.finished, due >= nextDecision || e.action.isJudged {
                            result.status = .pending
                        } else if let a = subjectAsset(e.action), !touchedAfter(a, r) {
                            // Nothing to do about an asset the adversary never touched after the release.
                            result.status = .notApplicable
                        } else {
                            result.status = .missed
                        }
                    }
                    if let (verdict, reason) = judgements[i]?[e.number] {
                        result.status = Scorecard.Status(rawValue: verdict.rawValue) ?? .missed
                        result.judged = true
                        result.reason = reason
                    }
                    results.append(result)
                }
            }
            return results
        }
    }

    /// The asset an expectation is about, if it is about one (detect, contain, restore).
    static func subjectAsset(_ action: Expectation.Action) -> Int? {
        switch action {
        case .detect(let a), .contain(let a), .restore(let a): return a
        default: return nil
        }
    }

    /// Each objective rated from the counted expectations that name it, in one pass over them.
    static func objectives(_ results: [Scorecard.ExpectationResult], in x: Exercise,
                           dataLoss: [Scorecard.DataLoss] = []) -> [Scorecard.ObjectiveResult] {
        var counts = [(met: Int, late: Int, missed: Int)](repeating: (0, 0, 0), count: x.objectives.count)
        // Data stolen from an asset one of the objective's expectations is about (detect,
        // contain or restore it): however well the expectations went, the data is gone.
        let lostAssets = Set(dataLoss.filter(\.isLost).map(\.asset))
        var dataLost = [Bool](repeating: false, count: x.objectives.count)
        for r in results where r.status.isCounted {
            let e = x.injects[r.inject].expectations[r.number - 1]
            if let o = e.objective, o < dataLost.count, let a = subjectAsset(e.action), lostAssets.contains(a) { dataLost[o] = true }
        }
        for r in results where r.status.isCounted {
            guard let o = x.injects[r.inject].expectations[r.number - 1].objective, o < counts.count else { continue }
            switch r.status {
            case .met: counts[o].met += 1
            case .late: counts[o].late += 1
            default: counts[o].missed += 1
            }
        }
        return counts.enumerated().map { o, n in
            var r = rating(n.met, n.late, n.missed)
            // Stolen data is a major challenge however well the expectations went.
            if dataLost[o], r == .p || r == .s { r = .m }
            return Scorecard.ObjectiveResult(objective: o, met: n.met, late: n.late, missed: n.missed, rating: r, dataLost: dataLost[o])
        }
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

    /// Coverage: the adversary effects in the file whose asset some expectation (detect,
    /// contain, restore) names, and all of them. Scoring.md, "Measures": coverage.
    static func coverage(_ x: Exercise) -> (covered: Int, total: Int) {
        var covered = 0, total = 0
        var expected = Set<Int>()
        for inject in x.injects {
            for e in inject.expectations {
                if let a = subjectAsset(e.action) { expected.insert(a) }
            }
        }
        for inject in x.injects {
            for e in inject.effects {
                total += 1
                if expected.contains(e.asset) { covered += 1 }
            }
        }
        return (covered, total)
    }
}
