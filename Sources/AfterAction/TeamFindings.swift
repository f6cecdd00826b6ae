import ExerciseCore
import Umpire

/// The After-Action Report for one team, to hand to it at the hot wash: its findings built
/// from a `TeamRecord` (what the team holds, did and was told) and never from the ground
/// truth. Where the full report reads the exercise's injects, this reads only the cards the
/// team holds — as written, or only their tearline — so a title, a text, a technique or an
/// objective reached through a card the team never read cannot appear
/// (Documentation/Reports.md, "Per-team outputs", says what is in and what is left out, and why).
struct TeamFindings {
    let input: ReportInput
    let record: TeamRecord
    /// The full findings, used only for what every participant knows: the exercise's
    /// structure (teams, domains, style) and the text helpers.
    let base: ReportFindings

    var x: Exercise { input.exercise }
    var t: Int { record.team }
    var teamID: String { x.teams[t].id }
    /// The team as prose names it, as the full report does.
    var teamName: String { x.teams[t].name }

    init(_ input: ReportInput, team: Int) {
        self.input = input
        record = TeamRecord(input, team: team)
        base = ReportFindings(input)
    }

    static let sectionTitles = [
        "Exercise overview", "Expectations the team answers for", "The team's scorecard", "Inject cards held",
        "Decisions", "Reports and shares", "Improvement plan", "Appendix: What the team was told",
    ]

    /// "Prepared for gsdf (JPN)".
    var preparedFor: String { "Prepared for \(teamName) (\(teamID), \(x.nation(ofTeam: t) ?? "no nation"))" }

    // MARK: Text helpers

    /// What an expectation asks, a task in the team's language where the card gives it (as
    /// the team's cards are: the team reads its pack as it read its console).
    func actionText(_ r: Scorecard.ExpectationResult) -> String {
        let e = base.expectation(r)
        guard case .judged = e.action, let task = x.task(r.inject, expectation: r.number, in: x.language(ofTeam: t)) else {
            return base.actionText(e, of: r.inject)
        }
        return "“\(task)” within \(Self.duration(e.withinMinutes))"
    }

    /// The restore median for a sentence: "9h 30m, 2 open", or "none back in service, 1 still
    /// open" where nothing was restored yet.
    static func restoreText(_ t: Scorecard.Times) -> String {
        t.median == nil && t.open > 0 ? "none back in service, \(t.open) still open" : t.medianWithOpen
    }

    static func duration(_ minutes: Int?) -> String { ReportFindings.duration(minutes) }
    static func offset(_ minutes: Int?) -> String { ReportFindings.offset(minutes) }

    func expectationRef(_ r: Scorecard.ExpectationResult) -> String { "\(x.injects[r.inject].id).\(r.number)" }

    /// Whether the team may read what an expectation asks: only when it holds the card as
    /// written (the expectation is part of the card's inject, under the card's marking).
    func readable(_ r: Scorecard.ExpectationResult) -> Bool { record.holdsOriginal(r.inject) }

    /// The texts of markings, without repeats or the empty "no marking".
    func markingTexts(_ injects: [Int], version: CardVersion = .original) -> String {
        var out: [String] = []
        for i in injects {
            let text = x.marking(of: i, version).text
            if !text.isEmpty, !out.contains(text) { out.append(text) }
        }
        return out.isEmpty ? "—" : out.joined(separator: "; ")
    }

    func itemText(_ item: Decision.Item) -> String {
        switch item {
        case .inject(let i): return x.injects[i].id
        case .asset(let a): return x.assets[a].id
        }
    }

    // MARK: Summary and overview

    var executiveSummary: [String] {
        var out: [String] = []
        let team = x.teams[t]
        out.append("\(preparedFor): what \(team.name) may know of \(x.title), for the hot wash. Compromises the team "
            + "did not find, whether its reports were right, other teams' cards, decisions and notes, and exercise control's notes "
            + "are not in it.")
        if !x.style.ranksTeams, let g = record.group {
            out.append("As Cyber Coalition is cooperative and no-fault, \(teamName) is not scored against other teams (median time to detect \(Self.duration(g.detect.median)), to contain "
                + "\(Self.duration(g.contain.median)), to restore \(Self.restoreText(g.restore))).")
        } else if let g = record.group, let score = g.score {
            out.append("\(teamName) scored \(score)/100 (median time to detect \(Self.duration(g.detect.median)), to contain "
                + "\(Self.duration(g.contain.median)), to restore \(Self.restoreText(g.restore))).")
        } else {
            out.append("\(teamName) was not scored: the umpire scores blue and ally teams with something to score.")
        }
        let counted = record.expectations.filter(\.status.isCounted)
        let met = counted.filter { $0.status == .met }.count, late = counted.filter { $0.status == .late }.count
        out.append("\(teamName) answers for \(record.expectations.count) expectation\(record.expectations.count == 1 ? "" : "s"): "
            + "\(met) met, \(late) late, \(counted.count - met - late) missed, \(record.expectations.count - counted.count) not due or not applicable.")
        let asWritten = record.cards.filter { $0.version == .original }.count
        let decisions = record.decisions.filter { !$0.withdrawn }
        let rejected = decisions.filter { $0.rejection != nil }.count
        let receivedReports = record.received.filter { if case .asset = $0.item { true } else { false } }.count
        let ownReports = record.reports.filter { !$0.withdrawn }.count
        out.append("\(teamName) held \(record.cards.count) card\(record.cards.count == 1 ? "" : "s") (\(asWritten) as written, "
            + "\(record.cards.count - asWritten) only as their tearline), made \(decisions.count) decision\(decisions.count == 1 ? "" : "s") "
            + "(\(rejected) rejected) and \(ownReports) report\(ownReports == 1 ? "" : "s") of its own, "
            + "and received \(receivedReports) report\(receivedReports == 1 ? "" : "s") from other teams.")
        return out
    }

    var overviewFacts: [(String, String)] {
        let card = input.scorecard
        let team = x.teams[t]
        var who = "\(team.id) — \(team.name) (\(team.role.rawValue)"
        if let d = team.domain { who += "; home domain \(x.domains[d].id)" }
        who += "; nation \(x.nation(ofTeam: t) ?? "none"))"
        let played = card.turnsPlayed == x.turns
            ? "all \(x.turns) turns played"
            : "\(card.turnsPlayed) of \(x.turns) turns played (\(Self.duration(card.minutesPlayed)))"
        return [
            ("Exercise", x.title),
            ("Style", base.styleText),
            ("Prepared for", who),
            ("Scenario start", "\(base.local(0)) (\(ScenarioTime.utcTimestamp(x, minute: 0)))"),
            ("Scenario end", base.local(x.lengthMinutes)),
            ("Length", "\(Self.duration(x.lengthMinutes)): \(x.turns) turns of \(Self.duration(x.turnMinutes)); \(played)"),
            ("Scope", "\(x.domains.count) domains (\(x.domains.map(\.id).joined(separator: ", "))); nations \(base.nations.joined(separator: ", "))"),
            ("ATT&CK", "techniques refer to ATT&CK \(x.attackVersion)"),
            ("Source", "this report was made from the journal \(input.journalName), last hash \(input.journalHash)"),
        ]
    }

    // MARK: Expectations and scorecard

    var expectationsTable: ReportFindings.Table {
        ReportFindings.Table(
            columns: ["expectation", "expected action", "objective", "status", "due", "done", "note"],
            rows: record.expectations.map { r in
                let e = base.expectation(r)
                let open = readable(r)
                var note = ""
                if r.judged {
                    note = "judged by the white cell"
                } else if r.status == .late, let done = r.doneAt, let due = r.dueAt {
                    note = "\(Self.duration(done - due)) late"
                }
                return [expectationRef(r),
                        open ? actionText(r) : "— (from a card the team did not hold as written)",
                        open ? e.objective.map { x.objectives[$0].id } ?? "—" : "—",
                        ReportFindings.statusText(r.status), Self.offset(r.dueAt), Self.offset(r.doneAt), note]
            })
    }

    /// The objectives the team's readable expectations support, in the exercise's order.
    var objectives: [Objective] {
        let reached = Set(record.expectations.filter(readable).compactMap { base.expectation($0).objective })
        return x.objectives.indices.filter(reached.contains).map { x.objectives[$0] }
    }

    var scorecardTable: ReportFindings.Table {
        let g = record.group
        return ReportFindings.Table(
            columns: ["team", "name", "score", "median TTD", "median TTC", "median TTR", "rejected", "expectations met-late-missed"],
            numeric: [2, 3, 4, 5, 6],
            rows: [[teamID, x.teams[t].name, (x.style.ranksTeams ? g?.score.map { "\($0)" } : nil) ?? "—", Self.duration(g?.detect.median),
                    Self.duration(g?.contain.median), g?.restore.medianWithOpen ?? "—", g.map { "\($0.rejected)" } ?? "—",
                    g.map { "\($0.expectationsMet)-\($0.expectationsLate)-\($0.expectationsMissed)" } ?? "—"]])
    }

    // MARK: Cards, decisions, reports

    var cardsTable: ReportFindings.Table {
        ReportFindings.Table(
            columns: ["card", "held as", "received", "came", "sender", "via", "marking", "title", "text"],
            rows: record.cards.map { c in
                let inject = x.injects[c.inject]
                let came = c.sharedBy.map { "shared by \(x.teams[$0].id)" } ?? "released to \(teamID)"
                if c.version == .tearline {
                    // Only the releasable version: the card's title, sender, method and text stay with the original.
                    let marking = x.marking(of: c.inject, .tearline).text
                    return [inject.id, "tearline only", Self.offset(c.minute), came, "—", "—", marking.isEmpty ? "—" : marking,
                            "—", x.card(c.inject, for: t).tearline ?? inject.tearline?.text ?? ""]
                }
                return [inject.id, "as written", Self.offset(c.minute), came, inject.sender ?? "—", inject.method ?? "—",
                        inject.marking == .unrestricted ? "—" : inject.marking.text, x.card(c.inject, for: t).title, x.card(c.inject, for: t).text]
            })
    }

    var decisionsTable: ReportFindings.Table {
        ReportFindings.Table(
            // Numbered in the team's own order: the journal's seq counts events the team was not told of.
            columns: ["#", "turn", "time", "decision", "outcome"], numeric: [1],
            rows: record.decisions.enumerated().map { n, d in
                var outcome = d.rejection.map { "rejected: \($0.message(for: d.decision, in: x))" } ?? "applied"
                if !d.told.isEmpty { outcome += "; " + d.told.joined(separator: "; ") }
                if d.withdrawn { outcome += " [withdrawn]" }
                return ["\(n + 1)", "\(d.turn)", Self.offset(d.minute), d.decision.line(in: x), outcome]
            })
    }

    var ownReportsTable: ReportFindings.Table {
        ReportFindings.Table(
            columns: ["time", "asset", "technique named", "markings the report carries"],
            rows: record.reports.map { r in
                [Self.offset(r.minute) + (r.withdrawn ? " [withdrawn]" : ""), "\(x.assets[r.asset].id) (\(x.assets[r.asset].name))",
                 r.technique ?? "—", markingTexts(r.markedBy)]
            })
    }

    var sentTable: ReportFindings.Table {
        ReportFindings.Table(
            columns: ["time", "to", "item", "as", "arrives", "outcome"],
            rows: record.sent.map { s in
                let kind: String
                switch s.item {
                case .inject: kind = s.version == .tearline ? "tearline" : "card"
                case .asset: kind = "report"
                }
                let outcome = s.withdrawn ? "withdrawn" : s.withheld ? "not delivered (withheld on arrival)" : "sent"
                return [Self.offset(s.minute), x.teams[s.to].id, itemText(s.item), kind, Self.offset(s.arrives), outcome]
            })
    }

    var receivedReportsTable: ReportFindings.Table {
        ReportFindings.Table(
            columns: ["time", "from", "asset", "markings", "sent"],
            rows: record.received.compactMap { d in
                guard case .asset(let a) = d.item else { return nil }
                return [Self.offset(d.minute), x.teams[d.from].id, "\(x.assets[a].id) (\(x.assets[a].name))", markingTexts(d.markedBy),
                        Self.offset(d.sentAt)]
            })
    }

    // MARK: Improvement plan

    var planTable: ReportFindings.Table {
        ReportFindings.Table(
            caption: "Improvement plan",
            columns: ["ref", "issue", "corrective action", "capability element", "objective", "responsible", "POC", "start date", "due date"],
            rows: record.expectations.filter { $0.status == .late || $0.status == .missed }.map { r in
                let ref = expectationRef(r)
                guard readable(r) else {
                    return [ref, "An expectation of a card \(teamName) did not hold as written was \(r.status.rawValue)",
                            "Review it with exercise control in the hot wash", "Planning", "—", teamName, "", "", ""]
                }
                let e = base.expectation(r)
                let what = actionText(r)
                var issue = what.prefix(1).uppercased() + what.dropFirst() + " was \(r.status.rawValue)"
                if r.status == .late, let done = r.doneAt, let due = r.dueAt {
                    issue += ": due \(Self.offset(due)), done \(Self.offset(done)) (\(Self.duration(done - due)) late)"
                } else if let due = r.dueAt {
                    issue += r.judged ? ": due \(Self.offset(due)) — judged" : ": due \(Self.offset(due)), never done"
                }
                let action: String, element: String
                switch e.action {
                case .detect(let a):
                    // As the full report has it: the rule asks only what the team knows (its own alerts and reports).
                    (action, element) = ReportFindings.detectionAction(a, triage: base.triaged(a, by: t), in: x)
                case .contain, .restore, .share, .judged:
                    (action, element) = ReportFindings.correctiveAction(e.action, in: x)
                }
                return [ref, issue, action, element, e.objective.map { x.objectives[$0].id } ?? "—", teamName, "", "", ""]
            })
    }

    // MARK: What the team was told

    /// A card as the log names it: the title only where the team holds the card as written.
    func cardLabel(_ i: Int, _ version: CardVersion) -> String {
        let inject = x.injects[i]
        if version == .tearline {
            let marking = x.marking(of: i, .tearline).text
            return "[\(inject.id) — tearline]" + (marking.isEmpty ? "" : " (\(marking))")
        }
        return "[\(inject.id)] \(x.card(i, for: t).title)"
    }

    var toldTable: ReportFindings.Table {
        ReportFindings.Table(
            columns: ["#", "turn", "time", "what the team was told"], numeric: [1],
            rows: record.told.enumerated().map { n, e in
                var text = e.text
                if let i = e.card { text += " " + cardLabel(i, e.version) }
                if e.withdrawn { text += " [withdrawn]" }
                return ["\(n + 1)", "\(e.turn)", Self.offset(e.minute), text]
            })
    }

    // MARK: The document

    var document: ReportDocument {
        typealias Block = ReportDocument.Block
        func table(_ t: ReportFindings.Table, none: String) -> [Block] { t.rows.isEmpty ? [.paragraph(none)] : [.table(t)] }
        var sections: [ReportDocument.Section] = []
        func section(_ n: Int, _ id: String, _ blocks: [Block]) {
            sections.append(.init(id: id, title: ReportFindings.heading(Self.sectionTitles, n), blocks: blocks))
        }

        section(0, "overview", [
            .facts(overviewFacts),
            .paragraph("This report holds only what \(teamName) may know: its cards as it holds them (a card it holds only as a "
                + "tearline shows only the tearline's text and marking), its own decisions and reports and what it was told of "
                + "them, what other teams shared with it, and the umpire's figures about it."),
            .heading("Participating teams"),
            .table(base.teamsTable),
        ])

        var expectations: [Block] = [
            .paragraph("Each expectation the team answers for (the team named with 'by', else the owner of the asset, else the "
                + "card's first recipient), with the umpire's status. What an expectation asks is shown only where \(teamName) "
                + "holds its card as written. Exercise control's reasons for a judgement stay with exercise control."),
        ]
        expectations += table(expectationsTable, none: "No expectation names \(teamName).")
        // Objectives' texts stay with exercise control, as in every other team output (view,
        // handout): a team sees which objective an expectation supports by its id only.
        section(1, "expectations", expectations)

        section(2, "scorecard", [
            .paragraph("The umpire's row for \(teamName): its score, median times to detect, contain and "
                + "restore the assets it defends, its rejected decisions and its expectations. The counts of compromises, missed "
                + "detections and false reports are exercise control's: they say what the team did not find."),
            .table(scorecardTable),
        ])

        section(3, "cards", [.paragraph("Every card \(teamName) holds at the end, in the order it got them.")]
            + table(cardsTable, none: "\(teamName) holds no inject card."))

        section(4, "decisions", [.paragraph("Every decision \(teamName) made, with what it was told of the outcome.")]
            + table(decisionsTable, none: "\(teamName) made no decision."))

        var reports: [Block] = [.heading("Reports the team made")]
        reports += table(ownReportsTable, none: "\(teamName) made no report.")
        reports.append(.heading("What the team sent"))
        reports += table(sentTable, none: "\(teamName) sent nothing.")
        reports.append(.heading("Reports the team received"))
        reports += table(receivedReportsTable, none: "No report reached \(teamName).")
        section(5, "reports", reports)

        let plan = planTable
        section(6, "improvement-plan", plan.rows.isEmpty
            ? [.paragraph("Every expectation \(teamName) answers for that came due was met; no corrective action is prefilled.")]
            : [.paragraph("Prefilled with every late and missed expectation \(teamName) answers for. Capability elements: Planning, "
                + "Organization, Equipment, Training, Exercises (HSEEP)."), .table(plan)])

        section(7, "told", [.paragraph("What \(teamName) was told during the run, as its console and 'cdx view' told it; "
            + "\(record.told.count) entries.")] + table(toldTable, none: "Nothing."))

        // Marked as what it prints: the cards the team holds, and the reports it made and received under cards' markings.
        var holding = record.cards.map { (inject: $0.inject, version: $0.version) }
        for r in record.reports { holding += r.markedBy.map { ($0, .original) } }
        for d in record.received { holding += d.markedBy.map { ($0, .original) } }
        let marking = ReportMarking(x, holding: holding)
        return ReportDocument(
            marking: marking.banner, notice: marking.notice, title: "After-Action Report: \(x.title)", preparedFor: preparedFor,
            lead: "\(base.styleText). Scenario start \(base.local(0)).", summary: executiveSummary, sections: sections)
    }
}
