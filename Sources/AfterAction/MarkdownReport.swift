import ExerciseCore
import Presentation
import Umpire

/// The After-Action Report as Markdown, in HSEEP order: overview, analysis of objectives,
/// timeline, mission availability, performance tables, strengths and areas for
/// improvement, improvement plan, appendices. A pure function of its input.
public enum MarkdownReport {
    public static func render(_ input: ReportInput) -> String {
        let f = ReportFindings(input)
        let x = input.exercise
        let card = input.scorecard
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        func heading(_ n: Int) {
            line()
            line("## \(ReportFindings.heading(ReportFindings.sectionTitles, n))")
            line()
        }
        func table(_ header: [String], _ rows: [[String]]) { out += tableText(header, rows) }
        func table(_ t: ReportFindings.Table) { table(t.columns, t.rows) }

        let marking = f.marking
        line("**\(text(marking.banner))**")
        line()
        line("# After-Action Report: \(text(x.title))")
        line()
        if let notice = marking.notice {
            line("*\(text(notice))*")
            line()
        }
        line("## Executive summary")
        line()
        for p in input.notes?.summary ?? [] {
            line(text(p))
            line()
        }
        for s in f.executiveSummary { line("- \(text(s))") }
        line()

        // 1. Overview
        heading(0)
        for (k, v) in f.overviewFacts { line("- **\(text(k))**: \(text(v))") }
        line()
        line("### Participating teams")
        line()
        table(f.teamsTable)
        line()
        line("### Domains")
        line()
        table(f.domainsTable)
        line()
        line("### Objectives")
        line()
        if x.objectives.isEmpty { line("The exercise names no objectives.") }
        for o in x.objectives { line("- **\(text(o.id))**: \(text(o.text))") }

        // 2. Objectives
        heading(1)
        line("Ratings follow the umpire's rules: each expectation scores 2 when met, 1 when late, 0 when missed; "
            + "*r* is the share of the maximum. P: every expectation met; S: r ≥ 3/4; M: r ≥ 2/5; U: r < 2/5; –: none came due.")
        func expectations(_ rows: [ReportFindings.ExpectationRow]) {
            if rows.isEmpty {
                line("No expectations.")
                return
            }
            table(["expectation", "expected action", "team", "status", "due", "done", "note"],
                  rows.map { [$0.ref, $0.action, $0.team, $0.status, $0.due, $0.done, $0.note] })
        }
        for o in card.objectives {
            let obj = x.objectives[o.objective]
            line()
            line("### \(text(obj.id)) — rating \(o.rating.rawValue) (\(ReportFindings.ratingMeaning(o.rating)))")
            line()
            line(text(obj.text))
            line()
            line("Rule: \(text(ReportFindings.ratingRule(o))).")
            line()
            if let compared = f.ratingsComparison(o) {
                line(text(compared))
                line()
            }
            expectations(f.expectationRows(objective: o.objective))
            for obs in f.observations(objective: o.objective) {
                line()
                line("**\(text(obs.about)) — \(text(obs.source))\(obs.rating.map { ", rated \($0.rawValue)" } ?? "")**")
                line()
                if let t = obs.observation { line("- *Observation.* \(text(t))") }
                if let t = obs.analysis { line("- *Analysis.* \(text(t))") }
                for r in obs.recommendations {
                    let who = [r.owner.map { "owner \($0)" }, r.due.map { "due \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    line("- *Recommendation.* \(text(r.text))\(who.isEmpty ? "" : " (\(text(who)))")")
                }
            }
        }
        let unlinked = f.expectationRows(objective: nil)
        if !unlinked.isEmpty {
            line()
            line("### Expectations not linked to an objective")
            line()
            expectations(unlinked)
        }

        // 3. Timeline
        heading(2)
        line("Times are scenario offsets from the start (\(text(f.local(0)))). TTD: time to detect; TTC: time to contain "
            + "(from detection, or from the compromise when it was contained before anyone reported it); TTR: time to restore service.")
        line()
        line("### Compromises")
        line()
        if card.compromises.isEmpty { line("No asset was compromised.") } else {
            table(f.compromisesTable)
        }
        line()
        line("### Service outages")
        line()
        if card.outages.isEmpty { line("No asset lost service.") } else {
            table(f.outagesTable)
        }
        line()
        line("### Injects released")
        line()
        let releases = f.releases
        if releases.isEmpty { line("No inject was released.") } else {
            table(f.releasesTable)
        }
        if let wall = f.wallClockTable {
            line()
            line("### The turns as played")
            line()
            line(text(wall.caption ?? ""))
            line()
            table(wall)
        }
        if let comments = input.notes?.injectComments, !comments.isEmpty {
            line()
            line("### The after-action lead's comments on injects")
            line()
            for c in comments { line("- **\(text(x.injects[c.inject].id))** (\(text(x.injects[c.inject].title))): \(text(c.text))") }
        }
        if !f.scriptChanges.isEmpty {
            line()
            line("### Changes to the script during play")
            line()
            line(text(f.scriptChangesSummary))
            line()
            table(f.scriptChangesTable)
        }
        if !x.approvals.isEmpty {
            line()
            line("### Approvals")
            line()
            if card.authorisations.isEmpty { line("No decision needed approval.") } else {
                line(text(f.approvalsSummary))
                line()
                table(f.approvalsTable)
            }
        }
        if !card.attributions.isEmpty {
            line()
            line("### Attributions")
            line()
            table(f.attributionsTable)
        }

        // 4. Missions
        heading(3)
        if x.missions.isEmpty { line("The exercise defines no missions.") } else {
            line("Availability: turns up plus half the turns degraded, over the turns played (\(card.turnsPlayed)); a turn counts at its worst, before the restorations at its end. "
                + "Weighted availability of all missions: \(ReportFindings.percent(card.availability)).")
            line()
            table(f.missionsTable)
        }

        // 5. Groups
        heading(4)
        line("TTD, TTC and TTR are medians (the lower middle); missed detections are compromises never reported. "
            + f.scoresNote + "")
        line()
        line("### By team")
        line()
        table(f.groupTable("By team", first: "team", f.teamRows))
        line()
        line("### By domain")
        line()
        table(f.groupTable("By domain", first: "domain", f.domainRows))
        if !card.rejections.isEmpty {
            line()
            line("Rejected decisions by rule: " + text(card.rejections.map { "\($0.count) \($0.rule.rawValue)" }.joined(separator: ", ")) + ".")
        }
        if f.showsSectors {
            line()
            line("### The public–private picture")
            line()
            line(text(f.sectorsNote))
            for t in [f.sectorsTable, f.acrossTheLineTable, f.operatorIncidentsTable] {
                line()
                line("**\(text(t.caption ?? ""))**")
                line()
                if t.rows.isEmpty { line("None.") } else { table(t) }
            }
        }

        // 6. Strengths and areas for improvement
        heading(5)
        let (strengths, improvements) = f.reportedFindings
        line("### Strengths")
        line()
        if strengths.isEmpty { line("None derived from the measures.") }
        let listed = ReportFindings.strengthsListed + (input.notes?.strengths.count ?? 0)
        for s in strengths.prefix(listed) { line("- \(text(s))") }
        if strengths.count > listed {
            line("- … and \(strengths.count - listed) more, each in the tables of the timeline and the objectives.")
        }
        line()
        line("### Areas for improvement")
        line()
        if improvements.isEmpty { line("None derived from the measures.") }
        for s in improvements { line("- \(text(s))") }

        // 7. Improvement plan
        heading(6)
        line(text(f.planIntro))
        if !f.planRows.isEmpty {
            line()
            table(f.planTable)
        }

        // 8. Participants
        heading(7)
        table(f.participantsTable)

        // 9. Event log
        heading(8)
        line("The complete journal, white-cell view (ground truth included); \(input.events.count) events.")
        line()
        table(f.logTable)
        if let feedback = f.feedbackTable {
            line()
            line("## Appendix C: Participant feedback")
            line()
            line("From \(f.feedbackRespondents) participant form\(f.feedbackRespondents == 1 ? "" : "s") (HSEEP Participant Feedback Form; 1 strongly disagree … 5 strongly agree).")
            line()
            table(feedback)
            for group in f.feedbackComments {
                line()
                line("### \(text(group.question))")
                line()
                for c in group.comments { line("- \(c.team.isEmpty ? "" : "**\(text(c.team))**: ")\(text(c.text))") }
            }
        }
        line()
        line("**\(text(marking.banner))**")
        return out
    }

    /// The report as `viewer` may read it: the full report for exercise control (the white
    /// cell, or a team whose role is white), otherwise only what that team may know
    /// (`TeamFindings`), with the exercise's banner marking and who it was prepared for.
    public static func render(_ input: ReportInput, for viewer: Viewer) -> String {
        guard let t = TeamRecord.scope(viewer, in: input.exercise) else { return render(input) }
        return render(TeamFindings(input, team: t).document)
    }

    /// A report document (a team's report) as Markdown.
    static func render(_ d: ReportDocument) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line("**\(text(d.marking))**")
        line()
        line("# \(text(d.title))")
        line()
        line("**\(text(d.preparedFor))**")
        line()
        line(text(d.lead))
        line()
        if let notice = d.notice {
            line("*\(text(notice))*")
            line()
        }
        line("## Executive summary")
        line()
        for s in d.summary { line("- \(text(s))") }
        for section in d.sections {
            line()
            line("## \(text(section.title))")
            for block in section.blocks {
                line()
                switch block {
                case .paragraph(let s): line(text(s))
                case .heading(let s): line("### \(text(s))")
                case .facts(let facts): for (k, v) in facts { line("- **\(text(k))**: \(text(v))") }
                case .list(let items): for s in items { line("- \(text(s))") }
                case .table(let t): out += tableText(t.columns, t.rows)
                }
            }
        }
        line()
        line("**\(text(d.marking))**")
        return out
    }

    /// A table: a header row, the separator, one line per row.
    static func tableText(_ header: [String], _ rows: [[String]]) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// Running text: a `<` would be read as HTML by Markdown renderers.
    static func text(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "<": out += "&lt;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// A table cell: running text with pipes escaped and no line breaks; never empty.
    static func cell(_ s: String) -> String {
        text(s).replacingPipes()
    }
}

private extension String {
    func replacingPipes() -> String {
        var out = ""
        for ch in self {
            if ch == "|" { out += "\\|" } else { out.append(ch) }
        }
        return out
    }
}
