import ExerciseCore
import Presentation
import Umpire

/// What both After-Action Report renderers show, derived once from a `ReportInput`: the
/// sections' rows as plain strings (the renderers only lay them out and escape them).
/// Everything is in exercise order (arrays, never dictionaries), so the output is stable.
struct ReportFindings {
    let input: ReportInput
    var x: Exercise { input.exercise }
    var card: Scorecard { input.scorecard }

    /// The HSEEP sections, in order; both renderers number them the same way.
    /// A few sentences for readers who stop after the first page (HSEEP executive summary).
    var executiveSummary: [String] {
        let card = input.scorecard
        var out: [String] = []
        let score = card.overall.score.map { "\($0)/100" } ?? "not scored"
        let ratings = ["P", "S", "M", "U"].compactMap { r -> String? in
            let n = card.objectives.filter { $0.rating.rawValue == r }.count
            return n == 0 ? nil : "\(n) \(r)"
        }
        let objectives = ratings.isEmpty ? nil : "Objectives: \(ratings.joined(separator: ", ")) (P performed without challenges … U unable to perform)."
        if x.style.ranksTeams {
            out.append("\(x.title) ran \(card.turnsPlayed) of \(x.turns) turns (\(Self.duration(card.minutesPlayed))); the overall score was \(score).")
        } else {
            // Cooperative: objectives first; the exercise's score after them, no team ranked.
            out.append("\(x.title) ran \(card.turnsPlayed) of \(x.turns) turns (\(Self.duration(card.minutesPlayed))).")
            if let objectives { out.append(objectives) }
            out.append("The exercise as a whole scored \(score); as Cyber Coalition is cooperative and no-fault, teams are not scored against each other.")
        }
        let c = card.compromises
        let detected = c.filter { $0.detectedAt != nil }
        let restored = c.filter { $0.restoredAt != nil }
        var adversary = "The adversary made \(c.count) compromise\(c.count == 1 ? "" : "s"): \(detected.count) detected"
        if let median = card.overall.detect.median {
            adversary += median == 0 ? " (most within the turn they happened)" : " (median \(Self.duration(median)) to detect)"
        }
        // As the run's summary counts them: restored, and still compromised at the end.
        let still = c.count - restored.count
        adversary += ", \(c.count - detected.count) never detected; \(restored.count) \(restored.count == 1 ? "was" : "were") restored"
            + (still == 0 ? "." : " and \(still) \(still == 1 ? "was" : "were") still compromised at the end.")
        out.append(adversary)
        if !card.dataLoss.isEmpty { out.append(dataLossSentence) }
        if x.style.ranksTeams, let objectives { out.append(objectives) }
        if let worst = zip(x.missions, card.missionAvailability).min(by: { $0.1 < $1.1 }) {
            out.append("Mission availability was \(Self.percent(card.availability)) overall; lowest: \(worst.0.name) at \(Self.percent(worst.1)).")
        }
        // As the report lists them: the lead's own first, without what the lead left out.
        let (strengths, improvements) = reportedFindings
        if let s = strengths.first { out.append("Chief strength: \(s)") }
        for a in improvements.prefix(2) { out.append("To improve: \(a)") }
        return out
    }

    /// Stolen data in one sentence: what got out, from where, and what was stopped.
    var dataLossSentence: String {
        let card = input.scorecard
        let lost = card.dataLoss.filter(\.isLost), stopped = card.dataLoss.count - lost.count
        guard !lost.isEmpty else {
            return card.dataLoss.count == 1 ? "No data was stolen: the one exfiltration attempt was stopped."
                : "No data was stolen: all \(card.dataLoss.count) exfiltration attempts were stopped."
        }
        let names = lost.map { "\(x.assets[$0.asset].name) (criticality \($0.criticality), \(Self.offset($0.lostAt)))" }
        return "Data was stolen from \(names.joined(separator: ", "))\(stopped > 0 ? "; \(stopped) exfiltration attempt\(stopped == 1 ? " was" : "s were") stopped" : "")."
    }

    static let sectionTitles = [
        "Exercise overview", "Analysis of objectives", "Timeline", "Mission availability",
        "Performance by team and domain", "Strengths and areas for improvement", "Improvement plan",
        "Appendix A: Participants", "Appendix B: Event log",
    ]

    /// A section's heading: the body's sections numbered, the appendices by their letter only.
    static func heading(_ titles: [String], _ n: Int) -> String {
        titles[n].hasPrefix("Appendix") ? titles[n] : "\(n + 1). \(titles[n])"
    }

    /// The improvement plan's opening sentence: where its rows come from, in their order.
    var planIntro: String {
        let recommendations = recommendationRows.count, derived = plan.count
        let elements = "Capability elements: Planning, Organization, Equipment, Training, Exercises (HSEEP)."
        switch (recommendations, derived) {
        case (0, 0): return "Every expectation that came due was met and no evaluator recommended anything; no corrective action is prefilled."
        case (0, _): return "Prefilled with every late and missed expectation. \(elements)"
        case (_, 0):
            return "The evaluators' recommendations (each ref is the objective or expectation with the recommendation's number, O1-R1); "
                + "every expectation that came due was met. \(elements)"
        default:
            return "The evaluators' recommendations first (each ref is the objective or expectation with the recommendation's number, "
                + "O1-R1), then every late and missed expectation. \(elements)"
        }
    }

    /// Events that a white-cell `undo` withdrew (the decision and its consequences).
    let withdrawn: Set<Int>

    init(_ input: ReportInput) {
        self.input = input
        withdrawn = Self.withdrawnEvents(input.events)
    }

    // MARK: Text helpers

    /// `1h 30m`, `45m`, `2d 3h`, `0m`; `—` for nil.
    static func duration(_ minutes: Int?) -> String { ScenarioTime.durationText(minutes) }

    /// A scenario offset `+HH:MM` (hours may exceed 24); `—` for nil.
    static func offset(_ minutes: Int?) -> String {
        guard let minutes else { return "—" }
        let h = minutes / 60, m = minutes % 60
        return "+" + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// Per mille as a whole percentage, rounded half up.
    static func percent(_ perMille: Int) -> String { "\((perMille + 5) / 10)%" }

    func local(_ minute: Int) -> String { ScenarioTime.local(x, minute: minute) }

    func assetText(_ a: Int) -> String { x.assets[a].id }
    func domainOf(asset a: Int) -> Int { x.segments[x.assets[a].segment].domain }

    /// How a sentence names a team: its home domain's name, or the team's own name.
    /// A team as the report names it: by its name, as the scorecard does (not its domain's:
    /// the ally's detection on a Japanese network is the ally's).
    func subject(team t: Int) -> String { x.teams[t].name }

    /// Who answers for an asset: the team that holds its domain, or the domain when none does.
    func owner(of a: Int) -> String {
        RunState.owner(of: a, in: x).map { x.teams[$0].name } ?? x.domains[domainOf(asset: a)].name
    }

    // MARK: 2. Overview

    var styleText: String {
        switch x.style {
        case .cyberCoalition:
            return "Cyber Coalition style: a coalition exercise played through storylines of injects, "
                + "stressing cross-domain coordination and information sharing with allies"
        case .cyberStorm:
            return "Cyber Storm style: a national exercise of coordinated incident response across "
                + "government, the services, critical-infrastructure operators and international partners"
        case .lockedShields:
            return "Locked Shields style: blue teams defend their systems against a scripted red team, "
                + "scored by the umpire"
        case .tabletop:
            return "Tabletop exercise (TTX): a discussion-based walk-through of the scenario, turn by turn"
        }
    }

    /// Nations in domain order, without repeats.
    var nations: [String] {
        var out: [String] = []
        for d in x.domains where !out.contains(d.nation) { out.append(d.nation) }
        return out
    }

    var overviewFacts: [(String, String)] {
        let played = card.turnsPlayed == x.turns
            ? "all \(x.turns) turns played"
            : "\(card.turnsPlayed) of \(x.turns) turns played (\(Self.duration(card.minutesPlayed)))"
        return [
            ("Exercise", x.title),
            ("Style", styleText),
            ("Scenario start", "\(local(0)) (\(ScenarioTime.utcTimestamp(x, minute: 0)))"),
            ("Scenario end", local(x.lengthMinutes)),
            ("Length", "\(Self.duration(x.lengthMinutes)): \(x.turns) turns of \(Self.duration(x.turnMinutes)); \(played)"),
            ("Scope", "\(x.domains.count) domains (\(x.domains.map(\.id).joined(separator: ", "))); nations \(nations.joined(separator: ", "))"),
            ("ATT&CK", "techniques refer to ATT&CK \(x.attackVersion)"),
            ("Overall score", card.overall.score.map { "\($0)/100" } ?? "— (nothing to score)"),
            ("Mission availability", Self.percent(card.availability) + " (weighted)"),
            ("Coverage", "\(card.coverage.covered) of \(card.coverage.total) adversary effects have an expectation"),
            ("Source", "this report was made from the journal \(input.journalName), last hash \(input.journalHash)"),
        ]
    }

    // MARK: 3. Objectives and expectations

    struct ExpectationRow {
        var ref: String
        var action: String
        var team: String
        var status: String
        var due: String
        var done: String
        var note: String
        var result: Scorecard.ExpectationResult
    }

    func expectation(_ r: Scorecard.ExpectationResult) -> Expectation { x.injects[r.inject].expectations[r.number - 1] }

    static func statusText(_ s: Scorecard.Status) -> String {
        switch s {
        case .notApplicable: return "not applicable"
        case .pending: return "not yet due"
        default: return s.rawValue
        }
    }

    func actionText(_ e: Expectation, of i: Int) -> String {
        let what: String
        switch e.action {
        case .detect(let a), .contain(let a), .restore(let a): what = "\(e.action.verb) \(x.assets[a].id) (\(x.assets[a].name))"
        case .share(let t): what = "share \(x.injects[i].id) with \(x.teams[t].id)"
        case .judged(let text): what = "“\(text)”"
        }
        return "\(what) within \(Self.duration(e.withinMinutes))"
    }

    func responsibleTeam(_ r: Scorecard.ExpectationResult) -> Int? { Umpire.responsibleTeam(for: r, in: x) }

    func row(_ r: Scorecard.ExpectationResult) -> ExpectationRow {
        var note = ""
        if r.judged { note = "judged by the white cell" + (r.reason.map { ": \($0)" } ?? "") }
        else if r.status == .notApplicable {
            note = r.dueAt == nil ? "inject not released" : "nothing to do: the asset was not touched after the release"
        } else if r.status == .late, let done = r.doneAt, let due = r.dueAt {
            note = "\(Self.duration(done - due)) late"
        } else if let done = r.doneAt, let due = r.dueAt, done < due - expectation(r).withinMinutes {
            note = "done before the inject's release, and it still stood"
        }
        return ExpectationRow(
            ref: "\(x.injects[r.inject].id).\(r.number)", action: actionText(expectation(r), of: r.inject),
            team: responsibleTeam(r).map { x.teams[$0].id } ?? "—", status: Self.statusText(r.status),
            due: Self.offset(r.dueAt), done: Self.offset(r.doneAt), note: note, result: r)
    }

    func expectationRows(objective o: Int?) -> [ExpectationRow] {
        card.expectations.filter { expectation($0).objective == o }.map(row)
    }

    static func ratingMeaning(_ r: Scorecard.Rating) -> String {
        switch r {
        case .p: return "performed without challenges"
        case .s: return "performed with some challenges"
        case .m: return "performed with major challenges"
        case .u: return "unable to be performed"
        case .notEvaluated: return "not evaluated"
        }
    }

    /// The rule of Documentation/Scoring.md that gave the rating, with the figures.
    static func ratingRule(_ o: Scorecard.ObjectiveResult) -> String {
        let n = o.met + o.late + o.missed
        let figures = "\(o.met) met, \(o.late) late, \(o.missed) missed"
        guard n > 0 else { return "no expectation of this objective came due" }
        let share = "r = \(2 * o.met + o.late)/\(2 * n)"
        if o.dataLost, o.rating == .m, Umpire.rating(o.met, o.late, o.missed) != .m {
            return "\(figures) (\(share)), but data it protects was stolen: at best M"
        }
        switch o.rating {
        case .p: return "\(figures): every expectation met"
        case .s: return "\(figures): \(share) ≥ 3/4"
        case .m: return "\(figures): \(share) ≥ 2/5 and below 3/4"
        case .u: return "\(figures): \(share) < 2/5"
        case .notEvaluated: return "no expectation of this objective came due"
        }
    }

    // MARK: 4. Timeline

    enum PhaseKind: Int, CaseIterable {
        case compromised, detected, contained, restoring

        var title: String {
            switch self {
            case .compromised: return "compromised, undetected"
            case .detected: return "detected, not contained"
            case .contained: return "contained"
            case .restoring: return "restoring"
            }
        }
    }

    struct Phase {
        var kind: PhaseKind
        var from: Int
        var to: Int
    }

    struct Lane {
        var asset: Int
        var phases: [Phase]
        var outages: [Scorecard.Outage]
        var restoredAt: [Int]
    }

    /// Restorations actually started (not withdrawn), per asset: (start, planned end).
    var restoreStarts: [[(Int, Int)]] {
        var out = [[(Int, Int)]](repeating: [], count: x.assets.count)
        for e in input.events where !withdrawn.contains(e.seq) {
            if case .restoreStarted(_, let a, let until) = e.kind { out[a].append((e.minute, until)) }
        }
        return out
    }

    /// One lane per asset that was compromised or lost service, domain by domain in asset order.
    var lanes: [Lane] {
        let starts = restoreStarts
        var out: [Lane] = []
        for d in x.domains.indices {
            for a in x.assets.indices where domainOf(asset: a) == d {
                let cs = card.compromises.filter { $0.asset == a }
                let os = card.outages.filter { $0.asset == a }
                guard !cs.isEmpty || !os.isEmpty else { continue }
                var phases: [Phase] = []
                var restored: [Int] = []
                for c in cs {
                    let end = c.restoredAt ?? card.minutesPlayed
                    // A restore still running at the end of play is drawn to the end, as restoring.
                    let restoreFrom = c.restoredAt == nil
                        ? starts[a].last { $0.0 >= c.compromisedAt && $0.1 > card.minutesPlayed }?.0
                        : starts[a].last { $0.0 >= c.compromisedAt && $0.0 <= end }?.0
                    let marks: [(PhaseKind, Int?)] = [(.compromised, c.compromisedAt), (.detected, c.detectedAt),
                                                      (.contained, c.containedAt), (.restoring, restoreFrom)]
                    // A report after containment does not make a "detected" phase; marks in time order.
                    let present = marks.compactMap { k, m -> (PhaseKind, Int)? in
                        guard let m else { return nil }
                        if k == .detected, let contained = c.containedAt, contained < m { return nil }
                        return (k, m)
                    }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.rawValue < $1.0.rawValue }
                    for (n, (kind, from)) in present.enumerated() {
                        let to = n + 1 < present.count ? present[n + 1].1 : end
                        if to > from || (to == from && n + 1 == present.count && from < end) {
                            phases.append(Phase(kind: kind, from: from, to: max(from, to)))
                        }
                    }
                    if let r = c.restoredAt { restored.append(r) }
                }
                // Restorations of outages without a compromise (a denial, a spoof).
                for o in os where o.byRestore {
                    guard let back = o.backAt, !restored.contains(back) else { continue }
                    if let s = starts[a].last(where: { $0.0 >= o.lostAt && $0.0 <= back }) {
                        phases.append(Phase(kind: .restoring, from: s.0, to: back))
                    }
                    restored.append(back)
                }
                out.append(Lane(asset: a, phases: phases, outages: os, restoredAt: restored.sorted()))
            }
        }
        return out
    }

    /// The report's banner: the exercise's, with the play marking of the cards it prints
    /// (released cards and the expectations written on cards) where any is marked.
    var marking: ReportMarking {
        ReportMarking(x, holding: releases.map { ($0.inject, .original) } + card.expectations.map { ($0.inject, .original) },
                      otherwise: "Each team's own report (cdx report --team) holds only what that team may hold.")
    }

    /// Inject releases that stand (not withdrawn), in journal order: (minute, inject, cause).
    var releases: [(minute: Int, inject: Int, cause: Event.ReleaseCause)] {
        input.events.compactMap { e in
            guard !withdrawn.contains(e.seq), case .injectReleased(let i, let cause) = e.kind else { return nil }
            return (e.minute, i, cause)
        }
    }

    /// The compromise's detecting team, with how it had authority.
    func detectorText(_ c: Scorecard.Compromise) -> String {
        guard let t = c.detectedBy else { return "—" }
        var text = x.teams[t].id
        if let via = c.detectedVia, via != .owner { text += " (\(via.rawValue))" }
        if c.afterAlert { text += " after an alert" }
        return text
    }

    // MARK: 5. Missions

    /// Per mission, the level each turn counted at (index turn − 1), nil for turns not played:
    /// the umpire's, its worst before the restorations at the turn's end (Scoring.md,
    /// "availability"), so the turns counted and the percentage come from one rule.
    var missionLevels: [[ServiceLevel?]] { input.scorecard.missionTurns }

    // MARK: 6. Groups

    struct GroupRow {
        var name: String
        var title: String
        var cells: [String]
    }

    static let groupColumns = [
        "score", "compromises", "median TTD", "median TTC", "median TTR", "missed detections", "false reports",
        "rejected", "expectations met-late-missed",
    ]

    func groupRow(_ g: Scorecard.Group, title: String, scored: Bool = true) -> GroupRow {
        GroupRow(name: g.name, title: title, cells: [
            scored ? g.score.map { "\($0)" } ?? "—" : "—", "\(g.compromises)", Self.duration(g.detect.median), Self.duration(g.contain.median),
            g.restore.medianWithOpen, "\(g.detect.open)", "\(g.falseReports)", "\(g.rejected)",
            "\(g.expectationsMet)-\(g.expectationsLate)-\(g.expectationsMissed)",
        ])
    }

    var teamRows: [GroupRow] {
        [groupRow(card.overall, title: "Whole exercise")] + card.teams.map { g in
            groupRow(g, title: x.teams.first { $0.id == g.name }?.name ?? g.name, scored: x.style.ranksTeams)
        }
    }

    var domainRows: [GroupRow] {
        card.domains.map { g in groupRow(g, title: x.domains.first { $0.id == g.name }?.name ?? g.name, scored: x.style.ranksTeams) }
    }

    /// What the performance section says about scores.
    var scoresNote: String {
        x.style.ranksTeams
            ? "Scores are 0–100, by the umpire's published rules."
            : "The whole exercise's score is 0–100, by the umpire's published rules; Cyber Coalition is cooperative and no-fault, "
                + "so teams and domains are not scored against each other here (their figures are below, and exercise control's scorecard has the rest)."
    }

    // MARK: 7. Strengths and areas for improvement

    struct Finding {
        /// Higher first: 3 never done, 2 more than twice the target (or well within it), 1 otherwise.
        var severity: Int
        /// Asset index, or a large number for findings that are not about an asset.
        var order: Int
        var minute: Int
        var text: String
    }

    static func sorted(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            let (p, q) = (a.element, b.element)
            if p.severity != q.severity { return p.severity > q.severity }
            if p.order != q.order { return p.order < q.order }
            if p.minute != q.minute { return p.minute < q.minute }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// (strengths, areas for improvement), each sorted by severity, then asset, then time.
    /// How many strengths the report lists; the rest are counted, not listed (the tables show each).
    static let strengthsListed = 8

    /// The findings as the report prints them: the lead's own first (`--notes`), then the
    /// generated ones the lead did not leave out.
    var reportedFindings: (strengths: [String], improvements: [String]) {
        let (good, bad) = findings
        let notes = input.notes
        func kept(_ list: [Finding], _ drops: [ReportNotes.Located]) -> [String] {
            list.map(\.text).filter { t in !drops.contains { t.hasPrefix($0.text) } }
        }
        return ((notes?.strengths ?? []) + kept(good, notes?.dropStrengths ?? []),
                (notes?.improvements ?? []) + kept(bad, notes?.dropImprovements ?? []))
    }

    /// The lead's `drop` lines that start no generated sentence (a typo, or a sentence that
    /// changed): reported at their place in the notes file.
    static func unmatchedDrops(_ input: ReportInput) -> [ReportNotes.Located] {
        guard let notes = input.notes else { return [] }
        let (good, bad) = ReportFindings(input).findings
        return notes.dropStrengths.filter { d in !good.contains { $0.text.hasPrefix(d.text) } }
            + notes.dropImprovements.filter { d in !bad.contains { $0.text.hasPrefix(d.text) } }
    }

    /// The lead's `plan` lines whose ref has no row in the improvement plan (an expectation
    /// that was met, an objective no evaluator wrote a recommendation for): reported at their
    /// place in the notes file, with the refs the plan does have.
    static func unmatchedPlanRefs(_ input: ReportInput) -> (refs: [(ref: String, line: Int, column: Int)], rows: [String]) {
        guard let notes = input.notes, !notes.plan.isEmpty else { return ([], []) }
        let f = ReportFindings(input)
        let rows = (f.recommendationRows + f.plan).map(\.ref)
        let missing = notes.plan.filter { !rows.contains($0.key) }.map { (ref: $0.key, line: $0.value.line, column: $0.value.column) }
        return (missing.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, rows)
    }

    var findings: (strengths: [Finding], improvements: [Finding]) {
        var good: [Finding] = [], bad: [Finding] = []
        let rubric = x.rubric
        let detectTarget = rubric.target(.detect) ?? 60
        let containTarget = rubric.target(.contain) ?? 60
        let restoreTarget = rubric.target(.restore) ?? 240
        let others = x.assets.count + 1

        var containers: [(minute: Int, asset: Int, team: Int)] = []
        for e in input.events where !withdrawn.contains(e.seq) {
            if case .contained(let t, let a) = e.kind { containers.append((e.minute, a, t)) }
        }

        /// What the compromise's card expected of the same action on the asset, beside the
        /// exercise's scoring target: "; A09.1 expected it within 4h, and it was met there".
        func cardWindow(_ c: Scorecard.Compromise, detect: Bool) -> String {
            guard let r = card.expectations.first(where: { r in
                guard r.inject == c.inject, r.status.isCounted else { return false }
                switch expectation(r).action {
                case .detect(let b): return detect && b == c.asset
                case .contain(let b): return !detect && b == c.asset
                default: return false
                }
            }) else { return "" }
            let ref = "\(x.injects[r.inject].id).\(r.number)"
            let within = Self.duration(expectation(r).withinMinutes)
            switch r.status {
            case .met: return "; \(ref) expected it within \(within), and it was met there"
            case .late: return "; \(ref) expected it within \(within), and it was late there too"
            default: return "; \(ref) expected it within \(within), and it was missed"
            }
        }

        for c in card.compromises {
            let a = c.asset
            let what = (c.technique.map { "\($0) on " } ?? "the compromise of ") + assetText(a)
            let owner = owner(of: a)
            let nobody = RunState.owner(of: a, in: x) == nil
            if let ttd = c.timeToDetect, let t = c.detectedBy {
                if ttd <= detectTarget {
                    good.append(Finding(severity: 2 * ttd <= detectTarget ? 2 : 1, order: a, minute: c.compromisedAt,
                                        text: "\(subject(team: t)) detected \(what) \(ttd == 0 ? "in the turn it happened" : "in " + Self.duration(ttd)), within the \(Self.duration(detectTarget)) target."))
                } else {
                    bad.append(Finding(severity: ttd > 2 * detectTarget ? 2 : 1, order: a, minute: c.compromisedAt,
                                       text: "\(subject(team: t)) needed \(Self.duration(ttd)) to detect \(what), against the exercise's \(Self.duration(detectTarget)) detection target\(cardWindow(c, detect: true))."))
                }
            } else {
                // A domain no team plays is not blamed: nobody answered for it.
                let who = nobody ? "No team detected" : "\(owner) did not detect"
                let whose = nobody ? " (\(owner), which no team plays)" : ""
                bad.append(Finding(severity: 3, order: a, minute: c.compromisedAt,
                                   text: "\(who) \(what)\(whose), compromised at \(Self.offset(c.compromisedAt)), "
                                       + "in the \(Self.duration(card.minutesPlayed - c.compromisedAt)) left to play; detection target \(Self.duration(detectTarget))."))
            }
            if let detected = c.detectedAt {
                if let ttc = c.timeToContain, let contained = c.containedAt {
                    let who = containers.first { $0.asset == a && $0.minute == contained }.map { subject(team: $0.team) } ?? owner
                    // Scoring.md: contained before anyone reported it, the time runs from the compromise.
                    let from = contained < detected ? "after the compromise, before anyone reported it" : "after detection"
                    let when = ttc > 0 ? "\(Self.duration(ttc)) \(from)"
                        : contained < detected ? "in the turn it was compromised, before anyone reported it" : "in the turn it was detected"
                    // Contained after its data got out: in time or not, not a strength.
                    let stolen = card.dataLoss.first { $0.asset == a && ($0.lostAt ?? Int.max) <= contained }?.lostAt
                    if let stolen {
                        bad.append(Finding(severity: 2, order: a, minute: detected,
                                           text: "\(who) contained \(assetText(a)) at \(Self.offset(contained)), \(when), but its data had been stolen at \(Self.offset(stolen))."))
                    } else if ttc <= containTarget {
                        good.append(Finding(severity: 2 * ttc <= containTarget ? 2 : 1, order: a, minute: detected,
                                            text: "\(who) contained \(assetText(a)) \(when), within the \(Self.duration(containTarget)) target."))
                    } else {
                        bad.append(Finding(severity: ttc > 2 * containTarget ? 2 : 1, order: a, minute: detected,
                                           text: "\(who) needed \(Self.duration(ttc)) \(from) to contain \(assetText(a)), against the exercise's \(Self.duration(containTarget)) containment target\(cardWindow(c, detect: false))."))
                    }
                } else if c.restoredAt == nil {
                    let who = c.detectedBy.map(subject(team:)) ?? owner
                    bad.append(Finding(severity: 3, order: a, minute: detected,
                                       text: "\(who) detected \(assetText(a)) at \(Self.offset(detected)) but it was never contained or restored."))
                }
            }
        }

        for o in card.outages {
            let a = o.asset
            let owner = owner(of: a)
            let lost = o.worst == .down ? "went down" : "was degraded"
            if let ttr = o.timeToRestore {
                guard o.byRestore else { continue }
                // Scoring.md: against the restore target plus the asset's own rebuild time.
                let target = restoreTarget + o.rebuildMinutes
                let targetText = o.rebuildMinutes == 0 ? Self.duration(restoreTarget)
                    : "\(Self.duration(restoreTarget)) plus its \(Self.duration(o.rebuildMinutes)) rebuild, \(Self.duration(target))"
                if ttr <= target {
                    good.append(Finding(severity: 2 * ttr <= target ? 2 : 1, order: a, minute: o.lostAt,
                                        text: "\(owner) had \(assetText(a)) back in service \(Self.duration(ttr)) after it \(lost), within the restore target (\(targetText))."))
                } else {
                    bad.append(Finding(severity: ttr > 2 * target ? 2 : 1, order: a, minute: o.lostAt,
                                       text: "\(owner) needed \(Self.duration(ttr)) to restore \(assetText(a)) after it \(lost) at \(Self.offset(o.lostAt)); target \(targetText)."))
                }
            } else {
                let running = restoreStarts[a].last { $0.0 >= o.lostAt && $0.1 > card.minutesPlayed }
                let rebuild = running.map { "; its restore, started at \(Self.offset($0.0)), was due to finish at \(Self.offset($0.1))" } ?? ""
                bad.append(Finding(severity: 3, order: a, minute: o.lostAt,
                                   text: "\(assetText(a)) \(lost) at \(Self.offset(o.lostAt)) and was not back in service by the end of play (\(Self.duration(card.minutesPlayed - o.lostAt)) later)\(rebuild)."))
            }
        }

        for r in card.expectations {
            guard case .share(let to) = expectation(r).action, let due = r.dueAt else { continue }
            let e = expectation(r)
            let ref = "\(x.injects[r.inject].id).\(r.number)"
            let sender = responsibleTeam(r).map { x.teams[$0].id } ?? "The recipients"
            let released = due - e.withinMinutes
            switch r.status {
            case .met:
                let took = (r.doneAt ?? released) - released
                good.append(Finding(severity: 1, order: others, minute: released,
                                    text: "\(x.injects[r.inject].id) reached \(x.teams[to].id) \(Self.duration(took)) after its release, within the \(Self.duration(e.withinMinutes)) expected (\(ref))."))
            case .late:
                let took = (r.doneAt ?? released) - released
                bad.append(Finding(severity: 1, order: others, minute: released,
                                   text: "\(sender) took \(Self.duration(took)) to get \(x.injects[r.inject].id) to \(x.teams[to].id); expected within \(Self.duration(e.withinMinutes)) (\(ref))."))
            case .missed:
                bad.append(Finding(severity: 3, order: others, minute: released,
                                   text: "\(x.injects[r.inject].id) never reached \(x.teams[to].id); expected within \(Self.duration(e.withinMinutes)) of its release (\(ref))."))
            case .notApplicable, .pending:
                break
            }
        }

        for o in card.objectives {
            let id = x.objectives[o.objective].id
            let text = "Objective \(id) was rated \(o.rating.rawValue), \(Self.ratingMeaning(o.rating)): \(o.met) met, \(o.late) late, \(o.missed) missed."
            switch o.rating {
            case .p: good.append(Finding(severity: 2, order: others + 1, minute: o.objective, text: text))
            case .s: bad.append(Finding(severity: 1, order: others + 1, minute: o.objective, text: text))
            case .m: bad.append(Finding(severity: 2, order: others + 1, minute: o.objective, text: text))
            case .u: bad.append(Finding(severity: 3, order: others + 1, minute: o.objective, text: text))
            case .notEvaluated: break
            }
        }

        for (m, mission) in x.missions.enumerated() where m < card.missionAvailability.count {
            let avail = card.missionAvailability[m]
            let text = "Mission \(mission.id) (\(mission.name)) was available \(Self.percent(avail)) of the turns played."
            if avail >= 900 {
                good.append(Finding(severity: avail == 1000 ? 2 : 1, order: others + 2, minute: m, text: text))
            } else {
                bad.append(Finding(severity: avail < 500 ? 3 : 1, order: others + 2, minute: m, text: text))
            }
        }

        for (t, count) in card.falseReports.enumerated() where count > 0 {
            bad.append(Finding(severity: 1, order: others + 3, minute: t,
                               text: "\(subject(team: t)) made \(count) false report\(count == 1 ? "" : "s") (detections of clean assets)."))
        }
        for (k, r) in card.rejections.enumerated() {
            bad.append(Finding(severity: 1, order: others + 4, minute: k,
                               text: "\(r.count) decision\(r.count == 1 ? " was" : "s were") rejected for \(r.rule.rawValue)."))
        }
        return (Self.sorted(good), Self.sorted(bad))
    }

    // MARK: 8. Improvement plan

    struct PlanRow {
        var ref: String
        var issue: String
        var action: String
        var element: String
        var team: String
        var objective: String
        var poc = ""
        var due = ""
    }

    // MARK: Evaluators

    /// One evaluator's entry as the objectives section prints it.
    struct Observation {
        var evaluator: String
        /// When it was typed during play ("turn 3 +01:00"); nil for an EEG file's entry.
        var when: String?
        /// What it is about: the objective, or an expectation of it ("A04.2").
        var about: String
        var rating: EvaluationGuide.Rating?
        var observation: String?
        var analysis: String?
        var recommendations: [EvaluationGuide.Recommendation]
        /// Who, and when for one typed in play: "Lt. Mori, turn 3 +01:00".
        var source: String { evaluator + (when.map { ", \($0)" } ?? "") }
    }

    /// Every evaluator's entry: the EEG files' in the order given, then those typed during
    /// play in the journal's order (an unnamed one is "Evaluator", with the time it was typed).
    var evaluatorEntries: [(who: String, when: String?, entry: EvaluationGuide.Entry)] {
        var out: [(who: String, when: String?, entry: EvaluationGuide.Entry)] = []
        for (k, guide) in input.evaluations.enumerated() {
            let who = guide.evaluator ?? "Evaluator \(k + 1)"
            for entry in guide.entries { out.append((who, nil, entry)) }
        }
        for typed in input.typedObservations {
            out.append((typed.observation.evaluator ?? "Evaluator", "turn \(typed.turn) \(Self.offset(typed.minute))", typed.observation.entry))
        }
        return out
    }

    /// What an entry is about: "O1", or "A04.2".
    func about(_ entry: EvaluationGuide.Entry) -> String {
        switch entry.subject {
        case .objective(let i): return x.objectives[i].id
        case .expectation(let i, let n): return "\(x.injects[i].id).\(n)"
        }
    }

    /// The evaluators' entries about objective `o` (or its expectations): the files' first, then those typed in play.
    func observations(objective o: Int) -> [Observation] {
        evaluatorEntries.filter { $0.entry.objective(in: x) == o }.map { who, when, entry in
            Observation(evaluator: who, when: when, about: about(entry), rating: entry.rating, observation: entry.observation,
                        analysis: entry.analysis, recommendations: entry.recommendations)
        }
    }

    /// The evaluators' ratings of objective `o` beside the umpire's, a difference said outright
    /// (between evaluators too); nil when no evaluator rated it.
    func ratingsComparison(_ o: Scorecard.ObjectiveResult) -> String? {
        let rated = observations(objective: o.objective).filter { $0.about == x.objectives[o.objective].id && $0.rating != nil }
        guard !rated.isEmpty else { return nil }
        let list = rated.map { "\($0.rating!.rawValue) (\($0.source))" }.joined(separator: ", ")
        // No counted expectation (none released yet, or all not applicable): nothing to differ from.
        guard o.rating != .notEvaluated else {
            return "Evaluators' rating: \(list); the umpire has no rating to set beside it: no expectation of this objective was counted."
        }
        let umpire = o.rating.rawValue
        let differ = rated.filter { $0.rating!.rawValue != umpire }
        let amongThemselves = Set(rated.map { $0.rating! }).count > 1
        let verdict = differ.isEmpty ? "they agree"
            : amongThemselves ? "they differ, and the evaluators differ among themselves: each reading stands beside the computed one, and the hot wash should settle it"
            : "they differ: the evaluators' reading stands beside the computed one, and the hot wash should settle it"
        return "Evaluators' rating: \(list); the umpire's computed rating: \(umpire) — \(verdict)."
    }

    /// The evaluators' recommendations, for the improvement plan: owner and due date as written.
    /// The improvement plan: the evaluators' recommendations, then the rows derived from late
    /// and missed expectations, with the lead's owners and due dates where the notes give them.
    var planRows: [PlanRow] {
        (recommendationRows + plan).map { row in
            guard let given = input.notes?.plan[row.ref] else { return row }
            var r = row
            if let owner = given.owner { r.team = owner }
            if let due = given.due { r.due = due }
            return r
        }
    }

    /// One row per evaluator's recommendation, each with a ref of its own — the objective or
    /// expectation it is about and its number there (`O4-R1`, `A04.2-R2`), so that the lead's
    /// notes give an owner to one recommendation, not to every one about the same objective.
    var recommendationRows: [PlanRow] {
        var rows: [PlanRow] = []
        var numbers: [String: Int] = [:]
        for (who, when, entry) in evaluatorEntries {
            let objective = entry.objective(in: x).map { x.objectives[$0].id } ?? "—"
            let source = who + (when.map { ", \($0)" } ?? "")
            for r in entry.recommendations {
                let about = about(entry)
                numbers[about, default: 0] += 1
                rows.append(PlanRow(ref: "\(about)-R\(numbers[about]!)", issue: entry.observation ?? "(observed by \(source))", action: r.text, element: "—",
                                    team: r.owner ?? "—", objective: objective, poc: source, due: r.due ?? ""))
            }
        }
        return rows
    }

    var plan: [PlanRow] {
        card.expectations.filter { $0.status == .late || $0.status == .missed }.map { r in
            let e = expectation(r)
            let inject = x.injects[r.inject]
            let ref = "\(inject.id).\(r.number)"
            let what = actionText(e, of: r.inject)
            var issue = what.prefix(1).uppercased() + what.dropFirst() + " was \(r.status.rawValue)"
            if r.status == .late, let done = r.doneAt, let due = r.dueAt {
                issue += ": due \(Self.offset(due)), done \(Self.offset(done)) (\(Self.duration(done - due)) late)"
            } else if let due = r.dueAt, !r.judged {
                issue += ": due \(Self.offset(due)), never done"
            } else if let due = r.dueAt {
                issue += ": due \(Self.offset(due))"
            }
            if r.judged { issue += " — judged" + (r.reason.map { ": \($0)" } ?? "") }
            let action: String, element: String
            switch e.action {
            case .detect(let a):
                (action, element) = Self.detectionAction(a, triage: triaged(a, by: responsibleTeam(r)), in: x)
            case .contain, .restore, .share, .judged:
                (action, element) = Self.correctiveAction(e.action, in: x)
            }
            return PlanRow(ref: ref, issue: issue, action: action, element: element,
                           team: responsibleTeam(r).map { x.teams[$0].name } ?? "exercise control",
                           objective: e.objective.map { x.objectives[$0].id } ?? "—")
        }
    }

    // MARK: 9. Participants and event log

    func domainText(_ d: Int?) -> String { d.map { x.domains[$0].id } ?? "—" }

    struct LogRow {
        var seq: Int
        var turn: Int
        var time: String
        var type: String
        var text: String
    }

    var log: [LogRow] {
        var narrator = EventNarrator(exercise: x, viewer: .whiteCell)
        return input.events.map { e in
            // The white cell is told every event; the log keeps the routine ones too.
            var text = narrator.describe(e)?.text ?? e.type
            if withdrawn.contains(e.seq) { text += " [withdrawn]" }
            return LogRow(seq: e.seq, turn: e.turn, time: Self.offset(e.minute), type: e.type, text: text)
        }
    }

    /// Decisions withdrawn by `undo`, with the events that followed them as consequences.
    static func withdrawnEvents(_ events: [Event]) -> Set<Int> { Umpire.withdrawnEvents(events) }
}

extension ReportFindings {
    /// The improvement plan's corrective action and HSEEP capability element for a late or
    /// missed expectation that is not a detection (the full report and a team's pack say the
    /// same; a detection's depends on what the reader may know of the compromise).
    /// A late or missed detection's corrective action. `triage`: the team that answers for it
    /// found the compromise itself after an alert to it — the alert came and was acted on
    /// late, a triage problem, not a sensor one. What the team knows, so its pack says the same.
    static func detectionAction(_ a: Int, triage: Bool, in x: Exercise) -> (action: String, element: String) {
        let s = x.segments[x.assets[a].segment]
        return triage
            ? ("Triage alerts on \(s.id) (\(s.name)) faster: set a reporting time for alerts and rehearse the hand-off to the reporting cell", "Training")
            : ("Tune sensors and hunting on \(s.id) (\(s.name)) and rehearse reporting to the team's reporting cell", "Equipment")
    }

    /// Whether team `t` found a compromise of asset `a` itself, after an alert to it.
    func triaged(_ a: Int, by t: Int?) -> Bool {
        guard let t else { return false }
        return card.compromises.contains { $0.asset == a && $0.afterAlert && $0.detectedBy == t }
    }

    static func correctiveAction(_ action: Expectation.Action, in x: Exercise) -> (action: String, element: String) {
        switch action {
        case .contain(let a):
            return ("Pre-authorise isolation of \(x.assets[a].id) and rehearse the containment playbook with its mission owners", "Training")
        case .restore(let a):
            return ("Test backups and the rebuild procedure for \(x.assets[a].id); set restoration priorities by mission impact", "Planning")
        case .share(let to):
            return ("Agree the reporting procedure to \(x.teams[to].id): pre-approved tearlines, releasability markings and channel", "Organization")
        case .detect, .judged:
            return ("Review the task in the hot wash, assign an owner and write it into the standard operating procedures", "Planning")
        }
    }
}
