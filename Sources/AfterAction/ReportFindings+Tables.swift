import ExerciseCore
import Umpire

extension ReportFindings {
    /// A table of the report as both renderers print it: the same columns in the same
    /// order and the same cells, so the HTML and the Markdown report cannot drift apart.
    /// The first column names the row (HTML makes it the row header).
    struct Table {
        var caption: String?
        var columns: [String]
        /// Columns of numbers (right-aligned in HTML).
        var numeric: Set<Int> = []
        var rows: [[String]]
    }

    /// Overview: the teams taking part. The white cell has no capacity (it is not limited).
    var teamsTable: Table {
        Table(columns: ["team", "name", "role", "home domain", "capacity"],
              numeric: [4], rows: x.teams.map { t in [t.id, t.name, t.role.rawValue, domainText(t.domain), capacityText(t)] })
    }

    var domainsTable: Table {
        Table(columns: ["domain", "name", "nation"], rows: x.domains.map { [$0.id, $0.name, $0.nation] })
    }

    /// Timeline: each compromise, in the order of the timeline's lanes.
    var compromisesTable: Table {
        let card = input.scorecard
        return Table(
            columns: ["asset", "domain", "technique", "inject", "compromised", "detected", "by", "contained", "restored", "TTD", "TTC"],
            numeric: [9, 10],
            rows: inLaneOrder(card.compromises, asset: \.asset).map { c in
                [x.assets[c.asset].id, x.domains[domainOf(asset: c.asset)].id, c.technique ?? "—",
                 c.inject.map { x.injects[$0].id } ?? "—", Self.offset(c.compromisedAt),
                 c.detectedAt.map { Self.offset($0) } ?? "missed", detectorText(c),
                 Self.offset(c.containedAt), Self.offset(c.restoredAt),
                 c.timeToDetect.map { Self.duration($0) } ?? "> " + Self.duration(card.minutesPlayed - c.compromisedAt),
                 Self.duration(c.timeToContain)]
            })
    }

    /// Timeline: each loss of service, in the order of the timeline's lanes.
    var outagesTable: Table {
        let card = input.scorecard
        // What ended an outage that no restore ended: a denial running out, or a spoofing's emitter removed.
        var spoofEnds = Set<[Int]>()
        for e in input.events { if case .spoofEnded(let a) = e.kind { spoofEnds.insert([a, e.minute]) } }
        func ended(_ o: Scorecard.Outage) -> String {
            guard let back = o.backAt else { return "—" }
            if o.byRestore { return "restore" }
            return spoofEnds.contains([o.asset, back]) ? "emitter removed" : "denial ended"
        }
        return Table(
            columns: ["asset", "domain", "service lost", "worst", "back", "by", "TTR"], numeric: [6],
            rows: inLaneOrder(card.outages, asset: \.asset).map { o in
                [x.assets[o.asset].id, x.domains[domainOf(asset: o.asset)].id, Self.offset(o.lostAt), o.worst.rawValue,
                 o.backAt.map { Self.offset($0) } ?? "not back", ended(o),
                 o.timeToRestore.map { Self.duration($0) } ?? "> " + Self.duration(card.minutesPlayed - o.lostAt)]
            })
    }

    var releasesTable: Table {
        let changes = scriptChanges
        let added = Set(changes.filter { $0.kind == .added }.map(\.inject))
        let moved = Set(changes.filter { if case .moved = $0.kind { return true } else { return false } }.map(\.inject))
        return Table(columns: ["inject", "time", "turn", "title", "cause", "to", "marking", "techniques", "card text"], numeric: [2],
              rows: releases.map { r in
                  let inject = x.injects[r.inject]
                  let note = added.contains(r.inject) ? " (written in play)" : moved.contains(r.inject) ? " (moved in play)" : ""
                  return [inject.id, Self.offset(r.minute), "\(x.turn(containing: r.minute))", inject.title, r.cause.rawValue + note,
                          inject.recipients.map { x.teams[$0].id }.joined(separator: ", "),
                          inject.marking.isUnrestricted ? "—" : inject.marking.text, inject.techniques.joined(separator: ", "),
                          inject.text]
              })
    }

    /// The turns as the room played them, by the wall clock (the journal's clock file): when
    /// each opened and closed, how long it took, how many decisions it held. Nil without a clock.
    var wallClockTable: Table? {
        let wall = input.wallClock
        guard !wall.isEmpty else { return nil }
        let stamps = wall.keys.sorted()
        /// The time of the step an event belongs to: the first noted step ending at or after it.
        func time(of seq: Int) -> Double? {
            var lo = 0, hi = stamps.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if stamps[mid] < seq { lo = mid + 1 } else { hi = mid }
            }
            return lo < stamps.count ? wall[stamps[lo]] : nil
        }
        // UTC, as the clock file keeps it, with the date where it changes (a day runs past midnight).
        var lastDay: Int?
        func clock(_ t: Double?) -> String {
            guard let t else { return "—" }
            let seconds = Int(t.rounded(.down))
            let dayNumber = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
            let inDay = seconds - dayNumber * 86400
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let time = "\(two(inDay / 3600)):\(two(inDay % 3600 / 60)):\(two(inDay % 60))"
            defer { lastDay = dayNumber }
            guard dayNumber != lastDay else { return time }
            let c = ScenarioTime.civil(dayNumber * 1440)
            return "\(c.year)-\(two(c.month))-\(two(c.day)) \(time)"
        }
        var opened: [Int: Int] = [:], closed: [Int: Int] = [:], decisions: [Int: Int] = [:]
        for e in input.events where !withdrawn.contains(e.seq) {
            switch e.kind {
            case .turnStarted: opened[e.turn] = e.seq
            case .turnEnded: closed[e.turn] = e.seq
            case .decision: decisions[e.turn, default: 0] += 1
            default: break
            }
        }
        var rows: [[String]] = []
        for turn in opened.keys.sorted() {
            let start = opened[turn].flatMap(time(of:)), end = closed[turn].flatMap(time(of:))
            // A turn opened before the clock was kept (a run resumed by a newer cdx) has no times.
            guard start != nil || end != nil else { continue }
            let took = start.flatMap { s in end.map { e in e - s < 60 ? "under 1m" : Self.duration(Int(((e - s) / 60).rounded())) } } ?? "—"
            rows.append(["\(turn)", Self.offset(x.startMinute(ofTurn: turn)), clock(start), clock(end), took, "\(decisions[turn] ?? 0)"])
        }
        return Table(caption: "The turns as played, by the wall clock (UTC; the console's header shows the same moments in its machine's time, with the offset)",
                     columns: ["turn", "scenario", "opened", "closed", "took", "decisions"], numeric: [0, 5], rows: rows)
    }

    /// The white cell's changes to the script during play, in the order made (withdrawn ones left out).
    var scriptChanges: [ScriptChange] {
        ScriptChange.all(in: input.events, file: input.fileExercise, withdrawn: withdrawn)
    }

    /// One sentence over the changes: how many of each, so nobody takes the script played for the file's.
    var scriptChangesSummary: String {
        let changes = scriptChanges
        let written = changes.filter { $0.kind == .added }.count
        let moved = changes.filter { if case .moved = $0.kind { return true } else { return false } }.count
        let cancelled = changes.count - written - moved
        var parts: [String] = []
        if written > 0 { parts.append("wrote \(written) inject\(written == 1 ? "" : "s")") }
        if moved > 0 { parts.append("moved \(moved)") }
        if cancelled > 0 { parts.append("cancelled \(cancelled)") }
        return "Exercise control changed the script during play: it " + parts.joined(separator: ", ")
            + ". The exercise scored here is the one played; the exercise file is unchanged (its digest matches the journal's)."
    }

    /// Timeline: each change to the script, when it was made and what it did to the schedule.
    var scriptChangesTable: Table {
        func due(_ m: Int?) -> String { m.map { Self.offset($0) } ?? "by hand" }
        return Table(
            columns: ["turn", "time", "change", "inject", "title", "was due", "now due"], numeric: [0],
            rows: scriptChanges.map { c in
                let inject = x.injects[c.inject]
                let (change, was, now): (String, String, String)
                switch c.kind {
                case .added: (change, was, now) = ("written", "—", due(inject.trigger.earliestMinute))
                case .moved(let from, let to): (change, was, now) = (from.map { to > $0 } ?? true ? "delayed" : "advanced", due(from), Self.offset(to))
                case .cancelled(let from): (change, was, now) = ("cancelled", due(from), "by hand")
                }
                return ["\(c.turn)", Self.offset(c.minute), change, inject.id, inject.title, was, now]
            })
    }

    /// Timeline: each decision that needed approval, request to answer (the chain of authority).
    var approvalsTable: Table {
        let card = input.scorecard
        return Table(
            columns: ["request", "decision", "approval", "approver", "requested", "reached approver", "answer", "TTA"],
            numeric: [7],
            rows: card.authorisations.map { a in
                let answer = a.approved.map { ($0 ? (a.lapsed ? "approved (lapsed)" : "approved") : "denied") + " by "
                    + (a.answeredBy.map { x.teams[$0].id } ?? "?") + " " + Self.offset(a.answeredAt) } ?? "never answered"
                return [requestID(a.request), a.decision.line(in: x), x.approvals[a.approval].name, x.teams[a.approver].id,
                        Self.offset(a.requestedAt), Self.offset(a.arrivedAt), answer,
                        a.timeToAuthorise.map { Self.duration($0) } ?? "—"]
            })
    }

    /// Timeline: who attributed the intrusion to whom, how surely, and whether it was right.
    var attributionsTable: Table {
        Table(
            columns: ["time", "team", "actor", "confidence", "public", "assessment", "after the actor's first inject"], numeric: [],
            rows: input.scorecard.attributions.map { a in
                [Self.offset(a.at), x.teams[a.team].id, x.actors[a.actor].id, a.confidence.rawValue, a.isPublic ? "yes" : "no",
                 a.correct ? "correct" : "wrong (behind none of the injects so far)", a.afterFirstInject.map { Self.duration($0) } ?? "—"]
            })
    }

    /// One sentence on the approvals of the run, for the timeline.
    var approvalsSummary: String {
        let card = input.scorecard
        let approved = card.authorisations.filter { $0.approved == true }.count
        let denied = card.authorisations.filter { $0.approved == false }.count
        let open = card.authorisations.count - approved - denied
        var text = "\(card.authorisations.count) decision\(card.authorisations.count == 1 ? "" : "s") needed approval: "
            + "\(approved) approved, \(denied) denied, \(open) never answered."
        if let median = card.authorise.median { text += " Median time to authorise (TTA, from the request to its approval): \(Self.duration(median))." }
        return text
    }

    var missionsTable: Table {
        let card = input.scorecard
        let levels = missionLevels
        return Table(
            columns: ["mission", "name", "weight", "needs", "availability", "turns up", "degraded", "down"], numeric: [2, 4, 5, 6, 7],
            rows: x.missions.enumerated().map { m, mission in
                let l = levels[m]
                return [mission.id, mission.name, mission.weightText, mission.needs.map { x.assets[$0].id }.joined(separator: " "),
                        m < card.missionAvailability.count ? Self.percent(card.missionAvailability[m]) : "—",
                        "\(l.filter { $0 == .up }.count)", "\(l.filter { $0 == .degraded }.count)", "\(l.filter { $0 == .down }.count)"]
            })
    }

    /// Performance by team or by domain.
    func groupTable(_ caption: String, first: String, _ rows: [GroupRow]) -> Table {
        Table(caption: caption, columns: [first, "name"] + Self.groupColumns,
              numeric: Set(2..<(2 + Self.groupColumns.count - 1)), rows: rows.map { [$0.name, $0.title] + $0.cells })
    }

    var planTable: Table {
        Table(caption: "Improvement plan",
              columns: ["ref", "issue", "corrective action", "capability element", "objective", "responsible", "POC", "start date", "due date"],
              rows: planRows.map { [$0.ref, $0.issue, $0.action, $0.element, $0.objective, $0.team, $0.poc, "", $0.due] })
    }

    /// Appendix C: the participants' ratings, per rated question, and how many answered.
    var feedbackTable: Table? {
        guard let answers = input.feedback else { return nil }
        let tallies = ParticipantFeedback.tallies(answers, x)
        return Table(columns: ["#", "statement", "answered", "1", "2", "3", "4", "5", "mean"], numeric: [2, 3, 4, 5, 6, 7, 8],
                     rows: tallies.map { t in
                         [t.question.id, t.question.text, "\(t.answered)"] + t.counts.map(String.init)
                             + [t.meanTenths.map { "\($0 / 10).\($0 % 10)" } ?? "—"]
                     })
    }

    /// The participants' comments grouped by question, each under the question as the form
    /// asked it ("S1. What were the strengths …"), with the team's name; in the form's order.
    var feedbackComments: [(question: String, comments: [(team: String, text: String)])] {
        let all = ParticipantFeedback.comments(input.feedback ?? [])
        return ParticipantFeedback.questions(x, language: x.language).compactMap { q in
            let mine = all.filter { $0.question == q.id }
            guard !mine.isEmpty else { return nil }
            return ("\(q.id). \(q.text)", mine.map { c in (x.teams.first { $0.id == c.team }?.name ?? c.team, c.text) })
        }
    }

    /// How many filled in the form (distinct respondents; a blank name counts as one each row's team).
    var feedbackRespondents: Int {
        Set((input.feedback ?? []).map { $0.respondent.isEmpty ? "team:" + $0.team : $0.respondent }).count
    }

    var participantsTable: Table {
        Table(columns: ["team", "name", "role", "home domain", "acts on", "capacity"], numeric: [5], rows: x.teams.map { t in
            [t.id, t.name, t.role.rawValue, domainText(t.domain),
             t.actsOn.isEmpty ? "—" : t.actsOn.map { x.domains[$0].id }.joined(separator: ", "), capacityText(t)]
        })
    }

    var logTable: Table {
        Table(columns: ["seq", "turn", "time", "type", "description"], numeric: [1],
              rows: log.map { ["\($0.seq)", "\($0.turn)", $0.time, $0.type, $0.text] })
    }

    /// A team's decisions per turn; the white cell's are not limited.
    private func capacityText(_ t: Team) -> String { t.role == .white ? "—" : "\(t.capacity)" }

    /// Items in the order of the timeline's lanes, and in their own order within a lane.
    private func inLaneOrder<T>(_ items: [T], asset: KeyPath<T, Int>) -> [T] {
        let lanes = self.lanes.map(\.asset)
        return items.enumerated().sorted { a, b in
            let (p, q) = (lanes.firstIndex(of: a.element[keyPath: asset]) ?? 0, lanes.firstIndex(of: b.element[keyPath: asset]) ?? 0)
            return p != q ? p < q : a.offset < b.offset
        }.map(\.element)
    }
}
