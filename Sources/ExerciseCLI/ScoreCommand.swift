import ExerciseCore
import ExerciseScript
import Umpire

/// `cdx score JOURNAL [--json]`: the umpire's scorecard.
enum ScoreCommand {
    static let spec = CommandSpec(
        name: "score",
        abstract: "Score a journal: time to detect, contain and restore, expectations, objectives",
        discussion: """
            A pure function of the journal (verified and replayed first): the same journal
            scores the same everywhere. Definitions are in Documentation/Scoring.md. The
            journal may be of a run still in progress; it is scored as far as it goes.
            """,
        positionals: [PositionalSpec(name: "journal", help: "The journal to score")],
        options: [
            .flag("json", help: "Print the scorecard as JSON (format cdx-scorecard, version 1)"),
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
        ],
        examples: ["cdx score journals/pacific-shield-seed1.jsonl", "cdx score journals/day1.jsonl --json > day1-score.json"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let (session, _, _) = try JournalReplay.load(arguments.positionals[0], exerciseOverride: arguments.value("exercise"), io: io,
                                                     warnIfIncomplete: true)
        let card = Umpire.score(session.exercise, events: session.events)
        if arguments.flag("json") {
            io.write(card.json(in: session.exercise).serialized() + "\n")
        } else {
            io.write(ScorecardText.render(card, session.exercise, width: io.width))
        }
        return ExitStatus.success
    }
}

/// The scorecard as a terminal table: `cdx score` and the console's `score` command.
enum ScorecardText {
    /// `1h 30m`, `45m`, `2d 3h`.
    static func duration(_ minutes: Int?) -> String { ScenarioTime.durationText(minutes) }

    /// The scorecard, fitted to `width` columns when given (tables narrowed, long lines wrapped).
    static func render(_ card: Scorecard, _ x: Exercise, width: Int? = nil) -> String {
        var out = "\(x.marking)\n\n\(x.title) — scorecard after \(card.turnsPlayed) of \(x.turns) turns (\(duration(card.minutesPlayed)))\n"
        out += "Score \(card.overall.score.map { "\($0)/100" } ?? "— (nothing to score yet)") · availability \(percent(card.availability)) · "
        out += "coverage \(card.coverage.covered)/\(card.coverage.total) effects with an expectation\n\n"

        out += "Groups (score; median time to detect / contain / restore; missed; expectations met-late-missed)\n"
        var groups = TextTable(["", "score", "compromises", "detect", "contain", "restore", "missed", "false", "rejected", "expectations"],
                               alignments: [.left, .right, .right, .right, .right, .right, .right, .right, .right, .left])
        groups.short = ["", "score", "comp", "detect", "contain", "restore", "missed", "false", "rej", "exp"]
        for g in [card.overall] + card.teams + card.domains {
            groups.add([
                g.name, g.score.map(String.init) ?? "—", String(g.compromises), duration(g.detect.median), duration(g.contain.median),
                g.restore.medianWithOpen, String(g.detect.open), String(g.falseReports), String(g.rejected),
                "\(g.expectationsMet)-\(g.expectationsLate)-\(g.expectationsMissed)",
            ])
        }
        out += groups.render(width: width) + "  (first the whole exercise, then each team, then each domain)\n"
        if !x.style.ranksTeams {
            out += "  Cyber Coalition is cooperative and no-fault: the team scores are exercise control's; the report ranks no team.\n"
        }
        out += "\n"

        if !card.compromises.isEmpty {
            out += "Compromises\n"
            var table = TextTable(["asset", "technique", "compromised", "detected", "by", "to detect", "to contain", "restored"],
                                  alignments: [.left, .left, .left, .left, .left, .right, .right, .left])
            table.short = ["asset", "technique", "in at", "detected", "by", "TTD", "TTC", "restored"]
            let remaining = { (c: Scorecard.Compromise) in card.minutesPlayed - c.compromisedAt }
            for c in card.compromises {
                table.add([
                    x.assets[c.asset].id, c.technique ?? "—", ValueSyntax.offsetText(c.compromisedAt),
                    c.detectedAt.map { ValueSyntax.offsetText($0) } ?? "missed",
                    c.detectedBy.map { "\(x.teams[$0].id)\(c.afterAlert ? " (alert)" : "")" } ?? "—",
                    c.timeToDetect.map { duration($0) } ?? "> \(duration(remaining(c)))",
                    duration(c.timeToContain), c.restoredAt.map { ValueSyntax.offsetText($0) } ?? "—",
                ])
            }
            out += table.render(width: width) + "\n"
        }

        if !card.dataLoss.isEmpty {
            let lost = card.dataLoss.filter(\.isLost)
            out += "Stolen data (\(lost.count) of \(card.dataLoss.count) exfiltration targets lost; criticality \(lost.reduce(0) { $0 + $1.criticality }) of \(card.dataLoss.reduce(0) { $0 + $1.criticality }))\n"
            var table = TextTable(["asset", "criticality", "first try", "by", "data"], alignments: [.left, .right, .left, .left, .left])
            for d in card.dataLoss {
                table.add([x.assets[d.asset].id, String(d.criticality), ValueSyntax.offsetText(d.triedAt), x.injects[d.inject].id,
                           d.lostAt.map { "stolen \(ValueSyntax.offsetText($0)) (\(d.lostBy.map { x.injects[$0].id } ?? "?"))" } ?? "stopped"])
            }
            out += table.render(width: width) + "\n"
        }

        if !card.authorisations.isEmpty {
            out += "Approvals (time to authorise: median \(duration(card.authorise.median)), \(card.authorise.open) not authorised)\n"
            var table = TextTable(["request", "decision", "approver", "requested", "reached", "answer", "to authorise"],
                                  alignments: [.left, .left, .left, .left, .left, .left, .right])
            for a in card.authorisations {
                table.add([
                    requestID(a.request), a.decision.line(in: x), x.teams[a.approver].id, ValueSyntax.offsetText(a.requestedAt),
                    a.arrivedAt.map { ValueSyntax.offsetText($0) } ?? "—", Self.answerText(a, x), duration(a.timeToAuthorise),
                ])
            }
            out += table.render(width: width) + "\n"
        }

        if !card.attributions.isEmpty {
            out += "Attributions\n"
            var table = TextTable(["time", "team", "actor", "confidence", "public", "assessment", "after first inject"],
                                  alignments: [.left, .left, .left, .left, .left, .left, .right])
            for a in card.attributions {
                table.add([ValueSyntax.offsetText(a.at), x.teams[a.team].id, x.actors[a.actor].id, a.confidence.rawValue,
                           a.isPublic ? "yes" : "no", a.correct ? "correct" : "wrong", duration(a.afterFirstInject)])
            }
            out += table.render(width: width) + "\n"
        }

        if !card.objectives.isEmpty {
            out += "Objectives (P performed, S some challenges, M major challenges, U unable)\n"
            var table = TextTable(["objective", "rating", "met", "late", "missed", "text"], alignments: [.left, .left, .right, .right, .right, .left])
            for o in card.objectives {
                table.add([x.objectives[o.objective].id, o.rating.rawValue, String(o.met), String(o.late), String(o.missed),
                           x.objectives[o.objective].text])
            }
            out += table.render(width: width) + "\n"
        }

        let notMet = card.expectations.filter { $0.status == .late || $0.status == .missed }
        if !notMet.isEmpty {
            out += "Expectations late or missed\n"
            var table = TextTable(["expectation", "status", "due", "done", "expected action"])
            for r in notMet {
                let inject = x.injects[r.inject]
                table.add(["\(inject.id).\(r.number)", r.status.rawValue + (r.judged ? " (judged)" : ""),
                           r.dueAt.map { ValueSyntax.offsetText($0) } ?? "—", r.doneAt.map { ValueSyntax.offsetText($0) } ?? "—",
                           ShowCommand.expectationText(inject.expectations[r.number - 1], of: inject, in: x)])
            }
            out += table.render(width: width) + "\n"
        }

        if !x.missions.isEmpty {
            out += "Mission availability: " + zip(x.missions, card.missionAvailability).map { "\($0.id) \(percent($1))" }.joined(separator: " · ") + "\n"
        }
        if !card.rejections.isEmpty {
            out += "Rejected decisions: " + card.rejections.map { "\($0.count) \($0.rule.rawValue)" }.joined(separator: ", ") + "\n"
        }
        out += "\n\(x.marking)\n"
        return TerminalText.fitted(out, width: width)
    }

    /// "approved by jjoc +03:00", "denied by white +02:00", "none".
    static func answerText(_ a: Scorecard.Authorisation, _ x: Exercise) -> String {
        guard let approved = a.approved, let at = a.answeredAt else { return "none" }
        let by = a.answeredBy.map { x.teams[$0].id } ?? "?"
        return "\(approved ? "approved" : "denied") by \(by) \(ValueSyntax.offsetText(at))\(a.lapsed ? " (lapsed)" : "")"
    }

    static func percent(_ perMille: Int) -> String { "\((perMille + 5) / 10)%" }
}
