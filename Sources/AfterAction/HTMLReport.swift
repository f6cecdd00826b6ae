import ExerciseCore
import Presentation
import Umpire

/// The After-Action Report as one self-contained HTML file: the same content as
/// `MarkdownReport`, with inline SVG charts (no script, no fetch), print styles with the
/// banner marking on every page, and all text escaped. A pure function of its input.
public enum HTMLReport {
    public static func render(_ input: ReportInput) -> String {
        let f = ReportFindings(input)
        let x = input.exercise
        let card = input.scorecard
        var out = ""
        func add(_ s: String) { out += s + "\n" }
        func section(_ n: Int, _ id: String) {
            if n > 0 { add("</section>") }
            add("<section id=\"\(id)\" class=\"major\" aria-labelledby=\"\(id)-h\">")
            add("<h2 id=\"\(id)-h\">\(escape(ReportFindings.heading(ReportFindings.sectionTitles, n)))</h2>")
        }
        func table(_ t: ReportFindings.Table) { out += tableHTML(t) }

        let banner = f.marking
        let marking = escape(banner.banner)
        add("<!DOCTYPE html>")
        add("<html lang=\"en\">")
        add("<head>")
        add("<meta charset=\"utf-8\">")
        add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        add("<title>After-Action Report: \(escape(x.title))</title>")
        add("<style>\n\(css)\(pageCSS(banner.banner))</style>")
        add("</head>")
        add("<body>")
        add("<div class=\"marking marking-top\" role=\"note\" aria-label=\"Classification marking\">\(marking)</div>")
        add("<header><h1>After-Action Report: \(escape(x.title))</h1>")
        add("<p class=\"lead\">\(escape(f.styleText)). Scenario start \(escape(f.local(0))).</p>")
        if let notice = banner.notice { add("<p class=\"handling\">\(escape(notice))</p>") }
        add("</header>")
        add("<main>")
        add("<section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Executive summary</h2>")
        for p in input.notes?.summary ?? [] { add("<p>\(escape(p))</p>") }
        add("<ul>")
        for s in f.executiveSummary { add("<li>\(escape(s))</li>") }
        add("</ul></section>")

        // 1. Overview
        section(0, "overview")
        add("<dl class=\"facts\">")
        for (k, v) in f.overviewFacts { add("<dt>\(escape(k))</dt><dd>\(escape(v))</dd>") }
        add("</dl>")
        add("<h3>Participating teams</h3>")
        table(f.teamsTable)
        add("<h3>Domains</h3>")
        table(f.domainsTable)
        add("<h3>Objectives</h3>")
        if x.objectives.isEmpty { add("<p>The exercise names no objectives.</p>") } else {
            add("<ul>")
            for o in x.objectives { add("<li><strong>\(escape(o.id))</strong>: \(escape(o.text))</li>") }
            add("</ul>")
        }

        // 2. Objectives
        section(1, "objectives")
        add("<p>Ratings follow the umpire's rules: each expectation scores 2 when met, 1 when late, 0 when missed; "
            + "<var>r</var> is the share of the maximum. P: every expectation met; S: r ≥ 3/4; M: r ≥ 2/5; U: r &lt; 2/5; –: none came due.</p>")
        func expectations(_ rows: [ReportFindings.ExpectationRow], caption: String) {
            if rows.isEmpty {
                add("<p>No expectations.</p>")
                return
            }
            add("<table>")
            add("<caption>\(escape(caption))</caption>")
            add("<thead><tr>" + ["expectation", "expected action", "team", "status", "due", "done", "note"]
                .map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>")
            for r in rows {
                add("<tr><th scope=\"row\">\(escape(r.ref))</th><td>\(escape(r.action))</td><td>\(escape(r.team))</td>"
                    + "<td class=\"status \(statusClass(r.result.status))\">\(escape(r.status))</td><td>\(escape(r.due))</td>"
                    + "<td>\(escape(r.done))</td><td>\(escape(r.note))</td></tr>")
            }
            add("</tbody></table>")
        }
        for o in card.objectives {
            let obj = x.objectives[o.objective]
            add("<h3>\(escape(obj.id)) — rating <span class=\"rating rating-\(ratingClass(o.rating))\">\(escape(o.rating.rawValue))</span> "
                + "(\(escape(ReportFindings.ratingMeaning(o.rating))))</h3>")
            add("<p>\(escape(obj.text))</p>")
            add("<p class=\"rule\">Rule: \(escape(ReportFindings.ratingRule(o))).</p>")
            if let compared = f.ratingsComparison(o) { add("<p class=\"evaluators\"><strong>\(escape(compared))</strong></p>") }
            expectations(f.expectationRows(objective: o.objective), caption: "Expectations supporting \(obj.id)")
            for obs in f.observations(objective: o.objective) {
                add("<div class=\"observation\"><h4>\(escape(obs.about)) — \(escape(obs.source))\(obs.rating.map { ", rated \($0.rawValue)" } ?? "")</h4><dl>")
                if let t = obs.observation { add("<dt>Observation</dt><dd>\(escape(t))</dd>") }
                if let t = obs.analysis { add("<dt>Analysis</dt><dd>\(escape(t))</dd>") }
                for r in obs.recommendations {
                    let who = [r.owner.map { "owner \($0)" }, r.due.map { "due \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    add("<dt>Recommendation</dt><dd>\(escape(r.text))\(who.isEmpty ? "" : " (\(escape(who)))")</dd>")
                }
                add("</dl></div>")
            }
        }
        let unlinked = f.expectationRows(objective: nil)
        if !unlinked.isEmpty {
            add("<h3>Expectations not linked to an objective</h3>")
            expectations(unlinked, caption: "Expectations without an objective")
        }

        // 3. Timeline
        section(2, "timeline")
        add("<p>Times are scenario offsets from the start (\(escape(f.local(0)))). TTD: time to detect; TTC: time to contain "
            + "(from detection, or from the compromise when it was contained before anyone reported it); TTR: time to restore service.</p>")
        add(timelineSVG(f))
        add("<h3>Compromises</h3>")
        if card.compromises.isEmpty { add("<p>No asset was compromised.</p>") } else {
            table(f.compromisesTable)
        }
        add("<h3>Service outages</h3>")
        if card.outages.isEmpty { add("<p>No asset lost service.</p>") } else {
            table(f.outagesTable)
        }
        add("<h3>Injects released</h3>")
        let releases = f.releases
        if releases.isEmpty { add("<p>No inject was released.</p>") } else {
            table(f.releasesTable)
        }
        if let wall = f.wallClockTable {
            add("<h3>The turns as played</h3>")
            table(wall)
        }
        if let comments = input.notes?.injectComments, !comments.isEmpty {
            add("<h3>The after-action lead's comments on injects</h3><ul>")
            for c in comments { add("<li><strong>\(escape(x.injects[c.inject].id))</strong> (\(escape(x.injects[c.inject].title))): \(escape(c.text))</li>") }
            add("</ul>")
        }
        if !f.scriptChanges.isEmpty {
            add("<h3>Changes to the script during play</h3>")
            add("<p>\(escape(f.scriptChangesSummary))</p>")
            table(f.scriptChangesTable)
        }
        if !x.approvals.isEmpty {
            add("<h3>Approvals</h3>")
            if card.authorisations.isEmpty { add("<p>No decision needed approval.</p>") } else {
                add("<p>\(escape(f.approvalsSummary))</p>")
                table(f.approvalsTable)
            }
        }
        if !card.attributions.isEmpty {
            add("<h3>Attributions</h3>")
            table(f.attributionsTable)
        }

        // 4. Missions
        section(3, "missions")
        if x.missions.isEmpty { add("<p>The exercise defines no missions.</p>") } else {
            add("<p>Availability: turns up plus half the turns degraded, over the turns played (\(card.turnsPlayed)); a turn counts at its worst, before the restorations at its end. "
                + "Weighted availability of all missions: \(escape(ReportFindings.percent(card.availability))).</p>")
            add(missionSVG(f))
            table(f.missionsTable)
        }

        // 5. Groups
        section(4, "performance")
        add("<p>TTD, TTC and TTR are medians (the lower middle); missed detections are compromises never reported. "
            + f.scoresNote + "</p>")
        table(f.groupTable("By team", first: "team", f.teamRows))
        table(f.groupTable("By domain", first: "domain", f.domainRows))
        if !card.rejections.isEmpty {
            add("<p>Rejected decisions by rule: "
                + escape(card.rejections.map { "\($0.count) \($0.rule.rawValue)" }.joined(separator: ", ")) + ".</p>")
        }
        if f.showsSectors {
            add("<h3>The public–private picture</h3>")
            add("<p>\(escape(f.sectorsNote))</p>")
            for t in [f.sectorsTable, f.acrossTheLineTable, f.operatorIncidentsTable] {
                if t.rows.isEmpty { add("<p>\(escape(t.caption ?? "")): none.</p>") } else { table(t) }
            }
        }

        // 6. Strengths and areas for improvement
        section(5, "findings")
        let (strengths, improvements) = f.reportedFindings
        add("<h3>Strengths</h3>")
        if strengths.isEmpty { add("<p>None derived from the measures.</p>") } else {
            add("<ul class=\"strengths\">")
            for s in strengths.prefix(ReportFindings.strengthsListed + (input.notes?.strengths.count ?? 0)) { add("<li>\(escape(s))</li>") }
            if strengths.count > ReportFindings.strengthsListed + (input.notes?.strengths.count ?? 0) {
                add("<li>… and \(strengths.count - ReportFindings.strengthsListed - (input.notes?.strengths.count ?? 0)) more, each in the tables of the timeline and the objectives.</li>")
            }
            add("</ul>")
        }
        add("<h3>Areas for improvement</h3>")
        if improvements.isEmpty { add("<p>None derived from the measures.</p>") } else {
            add("<ul class=\"improvements\">")
            for s in improvements { add("<li>\(escape(s))</li>") }
            add("</ul>")
        }

        // 7. Improvement plan
        section(6, "improvement-plan")
        add("<p>\(escape(f.planIntro))</p>")
        if !f.planRows.isEmpty { table(f.planTable) }

        // 8. Participants
        section(7, "participants")
        table(f.participantsTable)

        // 9. Event log
        section(8, "event-log")
        add("<p>The complete journal, white-cell view (ground truth included); \(input.events.count) events.</p>")
        table(f.logTable)
        add("</section>")
        if let feedback = f.feedbackTable {
            add("<section id=\"feedback\" class=\"major\" aria-labelledby=\"feedback-h\"><h2 id=\"feedback-h\">Appendix C: Participant feedback</h2>")
            add("<p>From \(f.feedbackRespondents) participant form\(f.feedbackRespondents == 1 ? "" : "s") (HSEEP Participant Feedback Form; 1 strongly disagree … 5 strongly agree).</p>")
            table(feedback)
            for group in f.feedbackComments {
                add("<h3>\(escape(group.question))</h3><ul>")
                for c in group.comments { add("<li>\(c.team.isEmpty ? "" : "<strong>\(escape(c.team))</strong>: ")\(escape(c.text))</li>") }
                add("</ul>")
            }
            add("</section>")
        }
        add("</main>")
        add("<footer><div class=\"marking marking-end\" role=\"note\">\(marking)</div></footer>")
        add("</body>")
        add("</html>")
        return out
    }

    /// The report as `viewer` may read it: the full report for exercise control (the white
    /// cell, or a team whose role is white), otherwise only what that team may know
    /// (`TeamFindings`), with the exercise's banner marking and who it was prepared for.
    public static func render(_ input: ReportInput, for viewer: Viewer) -> String {
        guard let t = TeamRecord.scope(viewer, in: input.exercise) else { return render(input) }
        return render(TeamFindings(input, team: t).document)
    }

    /// A report document (a team's report) as one self-contained HTML file, styled and
    /// marked like the full report.
    static func render(_ d: ReportDocument) -> String {
        var out = ""
        func add(_ s: String) { out += s + "\n" }
        let marking = escape(d.marking)
        add("<!DOCTYPE html>")
        add("<html lang=\"en\">")
        add("<head>")
        add("<meta charset=\"utf-8\">")
        add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        add("<title>\(escape(d.title)) — \(escape(d.preparedFor))</title>")
        add("<style>\n\(css)\(pageCSS(d.marking))</style>")
        add("</head>")
        add("<body>")
        add("<div class=\"marking marking-top\" role=\"note\" aria-label=\"Classification marking\">\(marking)</div>")
        add("<header><h1>\(escape(d.title))</h1>")
        add("<p class=\"prepared\"><strong>\(escape(d.preparedFor))</strong></p>")
        add("<p class=\"lead\">\(escape(d.lead))</p>")
        if let notice = d.notice { add("<p class=\"handling\">\(escape(notice))</p>") }
        add("</header>")
        add("<main>")
        add("<section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Executive summary</h2><ul>")
        for s in d.summary { add("<li>\(escape(s))</li>") }
        add("</ul></section>")
        for section in d.sections {
            add("<section id=\"\(section.id)\" class=\"major\" aria-labelledby=\"\(section.id)-h\">")
            add("<h2 id=\"\(section.id)-h\">\(escape(section.title))</h2>")
            for block in section.blocks {
                switch block {
                case .paragraph(let s): add("<p>\(escape(s))</p>")
                case .heading(let s): add("<h3>\(escape(s))</h3>")
                case .facts(let facts):
                    add("<dl class=\"facts\">")
                    for (k, v) in facts { add("<dt>\(escape(k))</dt><dd>\(escape(v))</dd>") }
                    add("</dl>")
                case .list(let items):
                    add("<ul>")
                    for s in items { add("<li>\(escape(s))</li>") }
                    add("</ul>")
                case .table(let t): out += tableHTML(t)
                }
            }
            add("</section>")
        }
        add("</main>")
        add("<footer><div class=\"marking marking-end\" role=\"note\">\(marking)</div></footer>")
        add("</body>")
        add("</html>")
        return out
    }

    /// A table with its caption, column headers, and each row's first cell as the row header.
    static func tableHTML(_ t: ReportFindings.Table) -> String {
        // A small table is not split across printed pages (a last row alone on the next page);
        // a table of long rows is, or keeping it whole would leave its heading alone on a page.
        // (many columns make its rows tall however few they are).
        let small = t.rows.count <= 12 && t.columns.count <= 7 && t.rows.joined().reduce(0) { $0 + $1.count } <= 900
        var out = small ? "<table class=\"short\">\n" : "<table>\n"
        if let caption = t.caption { out += "<caption>\(escape(caption))</caption>\n" }
        out += "<thead><tr>" + t.columns.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead>\n"
        out += "<tbody>\n"
        for r in t.rows {
            out += "<tr>" + r.enumerated().map { k, v in
                k == 0 ? "<th scope=\"row\">\(escape(v))</th>"
                    : t.numeric.contains(k) ? "<td class=\"num\">\(escape(v))</td>"
                    : unbroken(v) ? "<td class=\"nowrap\">\(escape(v))</td>" : "<td>\(escape(v))</td>"
            }.joined() + "</tr>\n"
        }
        out += "</tbody></table>\n"
        return out
    }

    /// Text for HTML content and attribute values: `& < > " '` escaped.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func statusClass(_ s: Scorecard.Status) -> String { s.isCounted ? s.rawValue : "na" }

    static func ratingClass(_ r: Scorecard.Rating) -> String { r == .notEvaluated ? "none" : r.rawValue.lowercased() }

    // MARK: Charts

    static func colour(_ k: ReportFindings.PhaseKind) -> String {
        switch k {
        case .compromised: return "#d62728"
        case .detected: return "#ff9f1c"
        case .contained: return "#e9d03a"
        case .restoring: return "#4c8fd6"
        }
    }
    static func colour(_ level: ServiceLevel?) -> String {
        switch level {
        case .up: return "#8fd18f"
        case .degraded: return "#f5b041"
        case .down: return "#c0392b"
        case nil: return "#eeeeee"
        }
    }

    /// Pixels per turn, so the chart is about 960 pixels wide and the grid falls on whole pixels.
    static func turnWidth(_ x: Exercise) -> Int { max(4, 960 / max(1, x.turns)) }

    /// Hours between axis labels, so there are at most about 12.
    static func labelStepMinutes(_ x: Exercise) -> Int {
        let hours = max(1, (x.lengthMinutes + 59) / 60)
        for step in [1, 2, 3, 4, 6, 12, 24, 48, 96, 168] where hours / step <= 12 { return step * 60 }
        return 336 * 60
    }

    static func timelineSVG(_ f: ReportFindings) -> String {
        let x = f.x
        let lanes = f.lanes
        let tw = turnWidth(x)
        let left = 180, chartW = tw * x.turns, right = 20
        func px(_ minute: Int) -> Int { left + minute * tw / max(1, x.turnMinutes) }
        let laneH = 22, domainH = 20
        let axisY = 20, injectTop = 30
        let releases = f.releases
        let injectRows = min(3, max(1, releases.count))
        let injectH = 14 * injectRows + 12
        let lanesTop = injectTop + injectH + 6
        // Rows: domain headers and lanes.
        var rows: [(domain: Int?, lane: ReportFindings.Lane?)] = []
        var lastDomain = -1
        for lane in lanes {
            let d = f.domainOf(asset: lane.asset)
            if d != lastDomain {
                rows.append((d, nil))
                lastDomain = d
            }
            rows.append((nil, lane))
        }
        var y = lanesTop
        var body = ""
        func add(_ s: String) { body += s + "\n" }

        // Turn grid with hour labels.
        let step = labelStepMinutes(x)
        let gridBottom = lanesTop + rows.reduce(0) { $0 + ($1.lane == nil ? domainH : laneH) } + 4
        add("<g class=\"grid\">")
        for t in 0...x.turns {
            let m = t * x.turnMinutes
            let strong = m % step == 0
            add("<line x1=\"\(px(m))\" y1=\"\(axisY + 4)\" x2=\"\(px(m))\" y2=\"\(gridBottom)\" stroke=\"\(strong ? "#999999" : "#dddddd")\" stroke-width=\"1\"/>")
        }
        var m = 0
        while m <= x.lengthMinutes {
            add("<text x=\"\(px(m))\" y=\"\(axisY)\" text-anchor=\"middle\" class=\"axis\">\(escape(ReportFindings.offset(m)))</text>")
            m += step
        }
        add("</g>")

        // Inject markers.
        add("<g class=\"injects\">")
        add("<text x=\"\(left - 8)\" y=\"\(injectTop + 10)\" text-anchor=\"end\" class=\"label\">injects</text>")
        for (k, r) in releases.enumerated() {
            let cx = px(r.minute), cy = injectTop + 6 + 14 * (k % injectRows)
            let inject = x.injects[r.inject]
            add("<g><title>\(escape("\(inject.id) \(inject.title) released \(ReportFindings.offset(r.minute)) (\(r.cause.rawValue))"))</title>"
                + "<path d=\"M\(cx) \(cy - 5) L\(cx + 5) \(cy) L\(cx) \(cy + 5) L\(cx - 5) \(cy) Z\" fill=\"#6a3d9a\"/>"
                + "<text x=\"\(cx + 7)\" y=\"\(cy + 4)\" class=\"inject\">\(escape(inject.id))</text></g>")
        }
        add("</g>")

        // Lanes.
        add("<g class=\"lanes\">")
        for row in rows {
            if let d = row.domain {
                add("<text x=\"4\" y=\"\(y + 15)\" class=\"domain\">\(escape(x.domains[d].name))</text>")
                y += domainH
                continue
            }
            guard let lane = row.lane else { continue }
            let a = x.assets[lane.asset]
            add("<g><title>\(escape("\(a.id) (\(a.name))"))</title>")
            add("<text x=\"\(left - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"label\">\(escape(a.id))</text>")
            add("<rect x=\"\(left)\" y=\"\(y + 3)\" width=\"\(chartW)\" height=\"\(laneH - 6)\" fill=\"#f7f7f7\"/>")
            add("</g>")
            for o in lane.outages {
                let to = o.backAt ?? f.card.minutesPlayed
                let w = max(2, px(to) - px(o.lostAt))
                add("<rect x=\"\(px(o.lostAt))\" y=\"\(y + laneH - 5)\" width=\"\(w)\" height=\"3\" fill=\"\(colour(o.worst))\">"
                    + "<title>\(escape("\(a.id): service \(o.worst.rawValue) \(ReportFindings.offset(o.lostAt)) – \(o.backAt.map { ReportFindings.offset($0) } ?? "end")"))</title></rect>")
            }
            for p in lane.phases {
                let w = max(2, px(p.to) - px(p.from))
                add("<rect x=\"\(px(p.from))\" y=\"\(y + 4)\" width=\"\(w)\" height=\"\(laneH - 10)\" fill=\"\(colour(p.kind))\">"
                    + "<title>\(escape("\(a.id): \(p.kind.title) \(ReportFindings.offset(p.from)) – \(ReportFindings.offset(p.to))"))</title></rect>")
            }
            for r in lane.restoredAt {
                add("<path d=\"M\(px(r)) \(y + 2) L\(px(r)) \(y + laneH - 2)\" stroke=\"#1e8449\" stroke-width=\"3\">"
                    + "<title>\(escape("\(a.id): restored \(ReportFindings.offset(r))"))</title></path>")
            }
            y += laneH
        }
        if lanes.isEmpty {
            add("<text x=\"\(left)\" y=\"\(y + 15)\" class=\"label\">No asset was compromised or lost service.</text>")
            y += laneH
        }
        add("</g>")

        // Legend.
        let legendY = max(y, gridBottom) + 12
        var items: [(String, String, Bool)] = ReportFindings.PhaseKind.allCases.map { (colour($0), $0.title, false) }
        items += [("#1e8449", "restored", false), ("#c0392b", "service down", true), ("#f5b041", "service degraded", true),
                  ("#6a3d9a", "inject released", false)]
        add("<g class=\"legend\">")
        // About 7 px per character at 11 px; wrap to a new row before the chart's right edge.
        var lx = left, ly = legendY
        for (c, label, thin) in items {
            let width = 32 + label.count * 7
            if lx > left, lx + width > left + chartW {
                lx = left
                ly += 18
            }
            add("<rect x=\"\(lx)\" y=\"\(ly + (thin ? 6 : 0))\" width=\"14\" height=\"\(thin ? 3 : 12)\" fill=\"\(c)\"/>"
                + "<text x=\"\(lx + 18)\" y=\"\(ly + 10)\" class=\"legend\">\(escape(label))</text>")
            lx += width
        }
        add("</g>")
        let height = ly + 22
        let width = left + chartW + right
        return "<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" "
            + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">\n"
            + "<title id=\"timeline-title\">Timeline of compromised assets, \(escape(x.title))</title>\n"
            + "<desc id=\"timeline-desc\">One lane per asset that was compromised or lost service, grouped by domain: bars show "
            + "compromised, detected, contained and restoring; thin bars the service level; diamonds the inject releases; "
            + "grid lines the turns.</desc>\n"
            + body + "</svg>\n<figcaption>Timeline: one lane per affected asset, grouped by domain; one grid line per turn.</figcaption>\n</figure>"
    }

    static func missionSVG(_ f: ReportFindings) -> String {
        let x = f.x
        let tw = turnWidth(x)
        let left = 180, chartW = tw * x.turns, right = 60
        let rowH = 22, top = 26
        let levels = f.missionLevels
        var body = ""
        func add(_ s: String) { body += s + "\n" }
        let step = labelStepMinutes(x)
        var m = 0
        while m <= x.lengthMinutes {
            add("<text x=\"\(left + m * tw / max(1, x.turnMinutes))\" y=\"16\" text-anchor=\"middle\" class=\"axis\">\(escape(ReportFindings.offset(m)))</text>")
            m += step
        }
        for (k, mission) in x.missions.enumerated() {
            let y = top + k * rowH
            add("<g><title>\(escape("\(mission.id) (\(mission.name)): \(k < f.card.missionAvailability.count ? ReportFindings.percent(f.card.missionAvailability[k]) : "—") available"))</title>")
            add("<text x=\"\(left - 8)\" y=\"\(y + 14)\" text-anchor=\"end\" class=\"label\">\(escape(mission.id))</text>")
            add("</g>")
            for (t, level) in levels[k].enumerated() {
                add("<rect x=\"\(left + t * tw)\" y=\"\(y + 2)\" width=\"\(max(1, tw - 1))\" height=\"\(rowH - 6)\" fill=\"\(colour(level))\">"
                    + "<title>\(escape("\(mission.id) turn \(t + 1): \(level?.rawValue ?? "not played")"))</title></rect>")
            }
            if k < f.card.missionAvailability.count {
                add("<text x=\"\(left + chartW + 6)\" y=\"\(y + 14)\" class=\"label\">\(escape(ReportFindings.percent(f.card.missionAvailability[k])))</text>")
            }
        }
        let legendY = top + x.missions.count * rowH + 8
        var lx = left
        for (level, label) in [(ServiceLevel?.some(.up), "up"), (.degraded, "degraded"), (.down, "down"), (nil, "not played")] {
            add("<rect x=\"\(lx)\" y=\"\(legendY)\" width=\"14\" height=\"12\" fill=\"\(colour(level))\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
                + "<text x=\"\(lx + 18)\" y=\"\(legendY + 10)\" class=\"legend\">\(label)</text>")
            lx += 32 + label.count * 7
        }
        let height = legendY + 22, width = left + chartW + right
        return "<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"missions-title\" "
            + "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">\n"
            + "<title id=\"missions-title\">Mission availability per turn, \(escape(x.title))</title>\n"
            + body + "</svg>\n<figcaption>Mission availability: one cell per turn, coloured by the level the turn counted at (its worst, before the restorations at its end).</figcaption>\n</figure>"
    }

    /// The printed page: A4 landscape, the banner marking in the top and bottom margin of
    /// every page (CSS paged-media margin boxes), page numbers at the bottom right.
    static func pageCSS(_ marking: String) -> String {
        let text = cssString(marking)
        return """
            @page {
              size: A4 landscape; margin: 18mm 12mm;
              @top-center { content: \(text); font: 700 9pt system-ui, "Noto Sans", sans-serif; letter-spacing: 0.05em; }
              @bottom-center { content: \(text); font: 700 9pt system-ui, "Noto Sans", sans-serif; letter-spacing: 0.05em; }
              @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, "Noto Sans", sans-serif; }
            }

            """
    }

    /// Whether a cell is a date (2027-01-31) or a scenario time (+05:30), which a narrow
    /// column must not break at its hyphen.
    static func unbroken(_ v: String) -> Bool {
        let c = Array(v.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { c[$0] >= 48 && c[$0] <= 57 } }
        if c.count == 10, c[4] == 45, c[7] == 45 { return digits(0..<4) && digits(5..<7) && digits(8..<10) }
        if c.count >= 6, c[0] == 43 || c[0] == 45, c[c.count - 3] == 58 { return digits(1..<(c.count - 3)) && digits((c.count - 2)..<c.count) }
        return false
    }

    /// A CSS string literal of `text`: quotes and backslashes escaped, line ends and `<` as
    /// hex escapes (so that no marking can close the style element).
    static func cssString(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<", ">", "&": out += "\\" + String(u.value, radix: 16) + " "
            default:
                if u.value < 0x20 || u.value == 0x7F { out += "\\" + String(u.value, radix: 16) + " " } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static let css = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans JP", sans-serif; color: #1a1a1a;
               background: #ffffff; margin: 0 auto; max-width: 1200px; padding: 0 1.5rem; line-height: 1.45; }
        .marking { text-align: center; font-weight: 700; letter-spacing: 0.05em; padding: 0.25rem; border: 2px solid #1a1a1a; margin: 0.5rem 0; }
        h1 { font-size: 1.8rem; margin: 1rem 0 0.25rem; }
        h2 { border-bottom: 2px solid #444444; padding-bottom: 0.2rem; margin-top: 2.5rem; }
        h3 { margin-top: 1.5rem; }
        .lead { color: #333333; }
        .handling { font-weight: 600; border-left: 4px solid #1a1a1a; padding-left: 0.5rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.9rem; width: 100%; }
        caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
        th, td { border: 1px solid #bbbbbb; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
        thead th { background: #eeeeee; }
        tbody th { font-weight: 600; white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.nowrap { white-space: nowrap; }
        td.status.met { color: #1e6b34; }
        td.status.late { color: #8a5a00; font-weight: 600; }
        td.status.missed { color: #a11d1d; font-weight: 700; }
        td.status.na { color: #666666; }
        .rating { display: inline-block; min-width: 1.4em; text-align: center; border: 1px solid #444444; padding: 0 0.25em; }
        .rating-p { background: #d9f2d9; } .rating-s { background: #fff2c2; } .rating-m { background: #ffd9b3; } .rating-u { background: #f7c6c6; }
        figure.chart { margin: 1rem 0; overflow-x: auto; }
        figure.chart svg { max-width: 100%; height: auto; font-family: inherit; }
        svg .axis { font-size: 10px; fill: #444444; }
        svg .label { font-size: 11px; fill: #1a1a1a; }
        svg .domain { font-size: 11px; font-weight: 700; fill: #1a1a1a; }
        svg .inject { font-size: 9px; fill: #4a2a6a; }
        svg .legend { font-size: 11px; fill: #1a1a1a; }
        figcaption { font-size: 0.85rem; color: #444444; }
        div.observation { margin: 0.75rem 0 1rem; }
        div.observation h4 { margin: 0 0 0.25rem; }
        div.observation dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
        div.observation dt { font-weight: 600; }
        div.observation dd { margin: 0; }
        ul.strengths li::marker { content: "+ "; color: #1e6b34; }
        ul.improvements li::marker { content: "− "; color: #a11d1d; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          /* Printed, the marking stands in every page's margin (pageCSS), never over the text. */
          .marking-top, footer .marking-end { display: none; }
          section.major { break-before: page; }
          section.major:first-of-type { break-before: auto; }
          h2, h3, caption { break-after: avoid; }
          h2 + p, h3 + p, h2 + table, h3 + table { break-before: avoid; }
          p { orphans: 3; widows: 3; }
          tr, figure, dl.facts, div.observation, table.short { break-inside: avoid; }
          /* A chart fits one page with its section's heading and legend (174 mm of text height). */
          figure.chart svg { max-height: 120mm; width: auto; }
          thead { display: table-header-group; }
          thead th { background: none; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
