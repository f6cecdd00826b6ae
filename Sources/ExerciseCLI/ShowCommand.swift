import ExerciseCore
import ExerciseScript
import Presentation

/// `cdx show FILE`: a one-screen briefing of an exercise for the white cell.
enum ShowCommand {
    static let spec = CommandSpec(
        name: "show",
        abstract: "Summarise an exercise: teams, assets per domain, missions, channels, the inject timeline",
        discussion: """
            Checks the file first; an exercise with errors is not shown. The inject
            timeline is laid out like a master scenario events list (MSEL).
            """,
        positionals: [PositionalSpec(name: "file", help: "An .exercise file, or - for standard input", minimum: 1, maximum: 1)],
        options: [],
        examples: ["cdx show Exercises/pacific-shield.exercise"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let (exercise, _) = try ExerciseLoader.load(arguments.positionals[0], io: io)
        io.write(render(exercise, width: io.width))
        return ExitStatus.success
    }

    /// The briefing, fitted to `width` columns when given (tables narrowed, long lines wrapped).
    static func render(_ x: Exercise, width: Int? = nil) -> String {
        var out = ""
        out += "\(x.marking)\n\n"
        out += "\(x.title)\n"
        out += "  style \(x.style.rawValue) · start \(x.start.text) · \(x.turns) turns of \(ValueSyntax.durationLiteral(x.turnMinutes))"
        out += " (\(ValueSyntax.durationLiteral(x.lengthMinutes))) · ATT&CK \(x.attackVersion)\n"
        out += "  \(plural(x.teams.count, "team")), \(plural(x.assets.count, "asset")) in \(plural(x.segments.count, "segment")), "
        out += "\(plural(x.missions.count, "mission")), \(plural(x.injects.count, "inject")), \(plural(x.channels.count, "channel"))\n\n"

        // Which assets each domain holds, for the team and domain tables.
        var assetsPerDomain = [Int](repeating: 0, count: x.domains.count)
        var criticalPerDomain = [Int](repeating: 0, count: x.domains.count)
        var segmentsPerDomain = [Int](repeating: 0, count: x.domains.count)
        for s in x.segments { segmentsPerDomain[s.domain] += 1 }
        for a in x.assets {
            let d = x.segments[a.segment].domain
            assetsPerDomain[d] += 1
            if a.criticality >= 4 { criticalPerDomain[d] += 1 }
        }

        out += "Teams\n"
        var teams = TextTable(["team", "name", "role", "home", "acts on", "capacity", "assets defended"],
                              alignments: [.left, .left, .left, .left, .left, .right, .right])
        for t in x.teams {
            let domains = (t.domain.map { [$0] } ?? []) + t.actsOn
            let defended = t.role == .white || t.role == .observer ? "—" : String(domains.reduce(0) { $0 + assetsPerDomain[$1] })
            teams.add([
                t.id, t.name, t.role.rawValue, t.domain.map { x.domains[$0].id } ?? "—",
                t.actsOn.isEmpty ? "—" : t.actsOn.map { x.domains[$0].id }.joined(separator: " "),
                t.role == .white ? "—" : String(t.capacity), defended,
            ])
        }
        out += teams.render(width: width) + "\n"

        out += "Domains\n"
        var domains = TextTable(["domain", "name", "nation", "segments", "assets", "critical (4–5)"],
                                alignments: [.left, .left, .left, .right, .right, .right])
        for (i, d) in x.domains.enumerated() {
            domains.add([d.id, d.name, d.nation, String(segmentsPerDomain[i]), String(assetsPerDomain[i]), String(criticalPerDomain[i])])
        }
        out += domains.render(width: width) + "\n"

        if !x.missions.isEmpty {
            out += "Missions\n"
            var missions = TextTable(["mission", "name", "weight", "needs", "domains"], alignments: [.left, .left, .right, .left, .left])
            for m in x.missions {
                var ds: [Int] = []
                for a in m.needs {
                    let d = x.segments[x.assets[a].segment].domain
                    if !ds.contains(d) { ds.append(d) }
                }
                let crossing = ds.count > 1 ? " (cross-domain)" : ""
                missions.add([m.id, m.name, m.weightText, m.needs.map { x.assets[$0].id }.joined(separator: " "),
                              ds.map { x.domains[$0].id }.joined(separator: " ") + crossing])
            }
            out += missions.render(width: width) + "\n"
        }

        if !x.channels.isEmpty {
            out += "Channels\n"
            var channels = TextTable(["from", "to", "latency", "marking"], alignments: [.left, .left, .right, .left])
            for c in x.channels {
                let latency = ([ValueSyntax.durationLiteral(c.latencyMinutes)]
                    + c.phases.map { "\(ValueSyntax.durationLiteral($0.latencyMinutes)) from \(ValueSyntax.offsetText($0.from))" })
                    .joined(separator: ", ")
                channels.add([x.teams[c.from].id, x.teams[c.to].id, latency,
                              c.marking == .unrestricted ? "—" : c.marking.text])
            }
            out += channels.render(width: width) + "\n"
        }

        if !x.approvals.isEmpty {
            out += "Approvals (decisions that wait for another cell)\n"
            var table = TextTable(["approval", "decisions", "approver", "latency", "what"], alignments: [.left, .left, .left, .right, .left])
            for rule in x.approvals {
                let covers = rule.covers.map { c -> String in
                    switch c {
                    case .contain(let a): return "contain \(x.assets[a].id)"
                    case .restore(let a): return "restore \(x.assets[a].id)"
                    case .grant(let t): return "grant to \(x.teams[t].id)"
                    case .tearline(let i): return "tearline \(x.injects[i].id)"
                    case .cut(let k): return "\(x.dependencies[k].kind.verb) \(x.dependencies[k].id)"
                    case .publicAttribution: return "attribute … public"
                    }
                }
                table.add([rule.id, covers.joined(separator: ", "), x.teams[rule.approver].id,
                           ValueSyntax.durationLiteral(rule.latencyMinutes), rule.name])
            }
            out += table.render(width: width) + "\n"
        }

        out += "Inject timeline (MSEL)\n"
        var msel = TextTable(["time", "turn", "inject", "from → to", "technique", "effect", "expected player action"],
                             wrapping: [0, 3, 4, 5, 6])
        for i in timelineOrder(x) {
            let inject = x.injects[i]
            let (time, turn) = triggerText(inject.trigger, in: x)
            // HSEEP "From" is the simulated sender when there is one; otherwise the actor.
            let from = inject.sender ?? inject.actor.map { x.actors[$0].id } ?? "white"
            let to = inject.recipients.isEmpty ? "—" : inject.recipients.map { x.teams[$0].id }.joined(separator: " ")
            let effects = inject.effects.map { EventNarrator.effectText($0, in: x) }
            let expectations = inject.expectations.map { expectationText($0, of: inject, in: x) }
            let lines = max(1, effects.count, expectations.count)
            for k in 0..<lines {
                msel.add(k == 0
                    ? [time, turn, inject.id, "\(from) → \(to)", inject.techniques.joined(separator: " "),
                       effects.first ?? "—", expectations.first ?? "—"]
                    : ["", "", "", "", "", k < effects.count ? effects[k] : "", k < expectations.count ? expectations[k] : ""])
            }
        }
        out += msel.render(width: width)
        out += "\n\(x.marking)\n"
        return TerminalText.fitted(out, width: width)
    }

    /// Timed injects by time then file order; condition-triggered by earliest time; manual last.
    static func timelineOrder(_ x: Exercise) -> [Int] {
        x.injects.indices.sorted { a, b in
            let ka = x.injects[a].trigger.earliestMinute ?? Int.max, kb = x.injects[b].trigger.earliestMinute ?? Int.max
            return ka != kb ? ka < kb : a < b
        }
    }

    static func triggerText(_ trigger: Trigger, in x: Exercise) -> (String, String) {
        switch trigger {
        case .time(let m):
            return (ValueSyntax.offsetText(m), String(x.turn(containing: m)))
        case .condition(let conditions, let notBefore):
            let text = conditions.map { c -> String in
                switch c.subject {
                case .inject(let i): return "\(x.injects[i].id) \(c.predicate.rawValue)"
                case .asset(let a): return "\(x.assets[a].id) \(c.predicate.rawValue)"
                case .actor(let a): return "\(x.actors[a].id) \(c.predicate.rawValue)"
                }
            }.joined(separator: " and ")
            return ("≥\(ValueSyntax.offsetText(notBefore)) when \(text)", "≥\(x.turn(containing: notBefore))")
        case .manual:
            return ("manual", "—")
        }
    }

    static func expectationText(_ e: Expectation, of inject: Inject, in x: Exercise) -> String {
        let what: String
        switch e.action {
        case .detect(let a), .contain(let a), .restore(let a): what = "\(e.action.verb) \(x.assets[a].id)"
        case .share(let t): what = "share → \(x.teams[t].id)"
        case .judged(let text): what = "“\(text.count > 40 ? String(text.prefix(39)) + "…" : text)”"
        }
        var text = "\(inject.id).\(e.number) \(what) ≤\(ValueSyntax.durationLiteral(e.withinMinutes))"
        if let t = e.team { text += " by \(x.teams[t].id)" }
        return text
    }
}
