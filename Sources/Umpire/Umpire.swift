import ExerciseCore

/// Scores a run. Pure: the journal's events are folded with the engine's own `Replay`, and
/// the measures are read off the state changes, so the umpire never re-rolls a die and
/// always agrees with what the players saw.
///
/// One pass over the events hands each event, and each change of an asset's ground truth,
/// to the accumulator of each measure it bears on; one file per measure holds its rules:
/// `Umpire+Compromises` (time to detect and contain), `Umpire+Outages` (time to restore),
/// `Umpire+Availability` (missions), `Umpire+Mistakes` (false reports, rejections),
/// `Umpire+Expectations` (expectations, objectives, coverage) and `Umpire+Groups` (the
/// per-team and per-domain tallies and the 0–100 score). Definitions: Documentation/Scoring.md.
public enum Umpire {
    public static func score(_ x: Exercise, events: [Event]) -> Scorecard {
        let hasUndo = events.contains { if case .undo = $0.kind { return true } else { return false } }
        var replay = Replay(exercise: x, state: RunState(exercise: x, seed: 0), keepsUndoRecord: hasUndo)
        var compromiseLog = CompromiseLog()
        var outageLog = OutageLog()
        var availability = AvailabilityTally(x)
        var mistakes = MistakeTally(x)
        var responses = ResponseLog()
        var authorisations = AuthorisationLog()
        var dataLog = DataLossLog()
        var attributions: [Scorecard.Attribution] = []
        var firstInject = [Int?](repeating: nil, count: x.actors.count)
        // Events caused by a decision that an undo withdrew do not count.
        let withdrawn = withdrawnEvents(events)
        for e in events {
            availability.willApply(e, to: replay.state, in: x)
            // Only the assets this event can change are compared, so no copy of the whole
            // state is made per event (that would allocate on every event of every run).
            let touched = touchedAsset(e, x)
            let was = touched.map { replay.state.assets[$0] }
            replay.apply(e)
            if withdrawn.contains(e.seq) { continue }

            switch e.kind {
            case .injectReleased(let i, _):
                if let a = x.injects[i].actor, firstInject[a] == nil { firstInject[a] = e.minute }
            case .attributed(let t, let a, let confidence, let isPublic, let correct):
                attributions.append(Scorecard.Attribution(team: t, actor: a, confidence: confidence, isPublic: isPublic, correct: correct,
                                                          at: e.minute, afterFirstInject: firstInject[a].map { e.minute - $0 }))
            case .decision(let d, let rejection):
                if let r = rejection { mistakes.rejected(d.team, r.rule) }
            case .detection(let t, let a, _, let correct):
                if correct {
                    responses.detected(a, at: e.minute)
                    compromiseLog.reported(a, by: t, at: e.minute, in: x)
                } else {
                    mistakes.falseReport(by: t)
                }
            case .contained(_, let a):
                responses.contained(a, at: e.minute)
                compromiseLog.contained(a, at: e.minute)
            case .restoreStarted(_, let a, _):
                // Ends the compromise's time to contain, but is no containment a `contain` expects.
                compromiseLog.contained(a, at: e.minute)
            case .alert(let t, let a, let source):
                compromiseLog.alerted(a, team: t)
                // A loud effect is its owner's detection, never a missed one (Scoring.md).
                if source == .impact {
                    responses.detected(a, at: e.minute)
                    compromiseLog.reported(a, by: t, at: e.minute, in: x, byImpact: true)
                }
            case .restored(let a):
                responses.restored(a, at: e.minute)
                compromiseLog.restored(a, at: e.minute)
                outageLog.restored(a)
            case .delivered(_, let to, .inject(let i), _, _):
                responses.delivered(inject: i, to: to, at: e.minute)
            case .judged(_, let i, let n, let verdict, let reason):
                responses.judged(inject: i, expectation: n, verdict, reason: reason.string)
            case .missions(let levels):
                availability.turnEnded(levels, turn: e.turn, in: x)
            case .approvalRequested(let r, let k, let d, _):
                authorisations.requested(r, approval: k, decision: d, at: e.minute, in: x)
            case .approvalArrived(let r):
                authorisations.arrived(r, at: e.minute)
            case .approved(let r, let t):
                authorisations.answered(r, approved: true, by: t, at: e.minute)
            case .denied(let r, let t):
                authorisations.answered(r, approved: false, by: t, at: e.minute)
            case .lapsed(let r, _):
                authorisations.lapsed(r)
            case .effect(let i, let k, let outcome, _) where x.injects[i].effects[k].kind == .exfiltrate:
                dataLog.tried(x.injects[i].effects[k].asset, by: i, outcome: outcome, at: e.minute, in: x)
            default:
                break
            }
            // Ground-truth transitions, asset by asset, only where something could change.
            if let a = touched, let was {
                let now = replay.state.assets[a]
                compromiseLog.changed(a, from: was, to: now, at: e.minute, in: x)
                outageLog.changed(a, from: was, to: now, at: e.minute, in: x)
            }
        }

        let state = replay.state
        let turnsPlayed = state.turn
        let minutesPlayed = turnsPlayed * x.turnMinutes
        let results = responses.results(x, state: state, minutesPlayed: minutesPlayed,
                                        compromises: compromiseLog.compromises, outages: outageLog.outages)
        let groups = GroupTallies(x, compromises: compromiseLog.compromises, outages: outageLog.outages, results: results,
                                  mistakes: mistakes, minutesPlayed: minutesPlayed, dataLoss: dataLog.losses)
            .groups(x, availability: availability)
        var missionTurns = [[ServiceLevel?]](repeating: [ServiceLevel?](repeating: nil, count: x.turns), count: x.missions.count)
        for (turn, levels) in availability.counted where turn >= 1 && turn <= x.turns {
            for (m, level) in levels.enumerated() where m < missionTurns.count { missionTurns[m][turn - 1] = level }
        }
        var card = Scorecard(
            compromises: compromiseLog.compromises, outages: outageLog.outages, expectations: results,
            objectives: objectives(results, in: x, dataLoss: dataLog.losses), missionAvailability: availability.perMission,
            availability: availability.weighted(x.missions.indices) ?? 1000, falseReports: mistakes.falseReports,
            rejections: mistakes.rejections, coverage: coverage(x), turnsPlayed: turnsPlayed, minutesPlayed: minutesPlayed,
            overall: groups.overall, teams: groups.teams, domains: groups.domains,
            dataLoss: dataLog.losses, authorisations: authorisations.authorisations, authorise: authorisations.times,
            attributions: attributions)
        card.missionTurns = missionTurns
        return card
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
        case .alert(_, _, .hunt), .alert(_, _, .impact), .detection, .contained, .restoreStarted, .sent, .tearlineStarted, .requested,
             .granted, .judged, .note, .approvalRequested, .approved, .denied, .lapsed:
            return true
        case .injectReleased(_, .manual), .effect, .withheld(_, nil, _, _):
            return true
        default:
            return false
        }
    }

    /// The asset whose state an event may change, if any (an event changes at most one).
    private static func touchedAsset(_ e: Event, _ x: Exercise) -> Int? {
        switch e.kind {
        case .effect(let i, let k, _, _): return x.injects[i].effects[k].asset
        case .contained(_, let a), .restoreStarted(_, let a, _), .restored(let a), .denyEnded(let a), .spoofEnded(let a): return a
        default: return nil
        }
    }
}
