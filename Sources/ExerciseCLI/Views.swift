import ExerciseCore
import ExerciseScript

/// The short summary printed after a non-interactive run.
enum RunSummary {
    static func render(_ session: GameSession, journalPath: String) -> String {
        let x = session.exercise
        var released = 0, applied = 0, rejected = 0, correct = 0, falseReports = 0, compromises = 0, restored = 0
        for e in session.events {
            switch e.kind {
            case .injectReleased: released += 1
            case .decision(_, let r): if r == nil { applied += 1 } else { rejected += 1 }
            case .detection(_, _, _, let ok): if ok { correct += 1 } else { falseReports += 1 }
            case .effect(let i, let k, let outcome, _):
                if outcome == .applied, x.injects[i].effects[k].kind.compromises,
                   [.compromise, .spread].contains(x.injects[i].effects[k].kind) { compromises += 1 }
            case .restored: restored += 1
            default: break
            }
        }
        let stillCompromised = session.state.compromised.count
        let undetected = session.state.compromised.filter { session.state.assets[$0].detectedBy == nil }.count
        var out = "\(x.title): \(session.progressText)\n"
        out += "  journal   \(journalPath) (\(plural(session.events.count + 1, "line")))\n"
        out += "  injects   \(released) of \(x.injects.count) released\n"
        out += "  decisions \(applied) applied, \(rejected) rejected\n"
        out += "  reports   \(correct) correct, \(plural(falseReports, "false report"))\n"
        out += "  assets    \(compromises) compromises, \(plural(restored, "restoration")); \(stillCompromised) still compromised at the end (\(undetected) undetected)\n"
        if !session.isFinished { out += "next: cdx resume \(journalPath) (continue) · " } else { out += "next: " }
        out += "cdx verify \(journalPath) · cdx view \(journalPath) --team \(x.teams.first?.id ?? "TEAM")\n"
        return out
    }
}

/// What one team knows from a run: its inject cards, alerts, its own decisions and
/// their outcomes, what others shared with it. Never ground truth, never another team's
/// cards. The white cell sees everything (it is exercise control).
enum TeamView {
    static func render(_ events: [Event], team t: Int, exercise x: Exercise) -> String {
        let white = x.teams[t].role == .white
        var out = "\(x.marking)\n\nView of \(x.teams[t].id) — \(x.teams[t].name)\n"
        var turn = 0
        var decisionTeam: [Int: Int] = [:]
        for e in events { if case .decision(let d, _) = e.kind { decisionTeam[e.seq] = d.team } }
        for e in events {
            if case .undo(let seq) = e.kind, !white, decisionTeam[seq] != t { continue }
            guard let text = line(e, team: t, white: white, x) else { continue }
            if e.turn != turn {
                turn = e.turn
                out += "\nTurn \(turn) · \(ValueSyntax.offsetText(x.startMinute(ofTurn: turn)))\n"
            }
            out += text
        }
        out += "\n\(x.marking)\n"
        return out
    }

    static func card(_ i: Int, _ x: Exercise, indent: String = "    ") -> String {
        let inject = x.injects[i]
        var out = "\(indent)[\(inject.id)] \(inject.title)"
        var meta: [String] = []
        if let s = inject.sender { meta.append("from \(s)") }
        if let m = inject.method { meta.append("via \(m)") }
        if inject.marking != .unrestricted { meta.append(inject.marking.text) }
        if !meta.isEmpty { out += " (\(meta.joined(separator: ", ")))" }
        out += "\n"
        for paragraph in inject.text.split(separator: "\n", omittingEmptySubsequences: false) where !paragraph.isEmpty {
            out += wrap(String(paragraph), indent: indent + "  ", width: 88)
        }
        return out
    }

    private static func line(_ e: Event, team t: Int, white: Bool, _ x: Exercise) -> String? {
        func asset(_ a: Int) -> String { x.assets[a].id }
        func team(_ i: Int) -> String { x.teams[i].id }
        switch e.kind {
        case .injectReleased(let i, _):
            guard white || x.injects[i].recipients.contains(t) else { return nil }
            return "  inject card\n" + card(i, x)
        case .alert(let to, let a, let source):
            guard white || to == t else { return nil }
            return "  alert: \(asset(a)) (\(x.assets[a].name)) flagged by \(source == .sensor ? "a sensor" : "a hunt")\(white ? " → \(team(to))" : "")\n"
        case .decision(let d, let rejection):
            guard white || d.team == t else { return nil }
            if let r = rejection { return "  ✗ \(d.line(in: x)) — rejected: \(r.message(in: x))\n" }
            return "  ✓ \(d.line(in: x))\n"
        case .detection(let by, let a, _, let ok):
            // Whether a report was right is ground truth: exercise control only.
            guard white else { return nil }
            return "    \(team(by)) report on \(asset(a)) is \(ok ? "correct" : "a FALSE report")\n"
        case .restored(let a):
            guard white || restoredBy(a, team: t, x) else { return nil }
            return "  \(asset(a)) is restored and back in service\n"
        case .sent(let from, let to, let item, let arrives):
            guard white || from == t else { return nil }
            return "  sent \(itemText(item, x)) to \(team(to)); arrives \(ValueSyntax.offsetText(arrives))\n"
        case .delivered(let from, let to, let item, _):
            guard white || to == t else { return nil }
            let who = white ? "\(team(to)) received from \(team(from))" : "received from \(team(from))"
            switch item {
            case .inject(let i): return "  \(who):\n" + card(i, x)
            case .asset(let a): return "  \(who): report that \(asset(a)) (\(x.assets[a].name)) is compromised\n"
            }
        case .contained(let by, let a):
            guard white else { return nil }
            return "    \(team(by)) isolated \(asset(a)): its service is down until restored\n"
        case .restoreStarted(let by, let a, let until):
            guard white else { return nil }
            return "    \(team(by)) restoring \(asset(a)) until \(ValueSyntax.offsetText(until))\n"
        case .denyEnded(let a):
            guard white else { return nil }
            return "    ground truth: denial of service on \(asset(a)) ended\n"
        case .tearlineReady(let by, let i):
            guard white || by == t else { return nil }
            return "  tearline of \(x.injects[i].id) is ready: releasable to partners\n"
        case .requested(let by, let of, let a):
            guard white || by == t || of == t else { return nil }
            return "  \(team(by)) asks \(team(of)) for help on \(asset(a))\n"
        case .granted(let by, let to, let a):
            guard white || by == t || to == t else { return nil }
            return "  \(team(by)) grants \(team(to)) authority on \(asset(a))\n"
        case .undo(let seq):
            return "  (decision \(seq) withdrawn by exercise control)\n"
        case .effect(let i, let k, let outcome, _):
            guard white else { return nil }
            return "    ground truth: \(ShowCommand.effectText(x.injects[i].effects[k], in: x)) (\(x.injects[i].id)): \(Console.outcomeText(outcome))\n"
        case .missions(let levels):
            guard white, levels.contains(where: { $0 != .up }) else { return nil }
            return "    missions: " + zip(x.missions, levels).filter { $1 != .up }.map { "\($0.id) \($1.rawValue)" }.joined(separator: ", ") + "\n"
        case .judged(_, let i, let n, let verdict, let reason):
            guard white else { return nil }
            return "  judged \(x.injects[i].id).\(n) \(verdict.rawValue): \(reason)\n"
        case .note(let by, let text):
            guard white || by == t else { return nil }
            return "  note: \(text)\n"
        default:
            return nil
        }
    }

    private static func restoredBy(_ a: Int, team t: Int, _ x: Exercise) -> Bool {
        let domain = x.segments[x.assets[a].segment].domain
        return x.teams[t].domain == domain || x.teams[t].actsOn.contains(domain)
    }

    static func itemText(_ item: Decision.Item, _ x: Exercise) -> String {
        switch item {
        case .inject(let i): return x.injects[i].id
        case .asset(let a): return x.assets[a].id
        }
    }

    static func wrap(_ text: String, indent: String, width: Int) -> String {
        var out = ""
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                out += indent + line + "\n"
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { out += indent + line + "\n" }
        return out
    }
}

/// `cdx view JOURNAL --team TEAM`.
enum ViewCommand {
    static let spec = CommandSpec(
        name: "view",
        abstract: "Show what one team knows from a journal, and nothing else",
        discussion: """
            The team's inject cards, alerts, decisions and their outcomes, and what other
            teams shared with it. No other team's cards, no hidden compromise, no ground
            truth. '--team white' shows exercise control's full view.
            """,
        positionals: [PositionalSpec(name: "journal", help: "The journal to read")],
        options: [
            .option("team", value: "TEAM", help: "The team whose view to show (required)"),
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
        ],
        examples: ["cdx view journals/pacific-shield-seed1.jsonl --team usfj"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard let teamName = arguments.value("team") else { throw UsageError("missing '--team TEAM'") }
        let (session, _, _) = try JournalReplay.load(arguments.positionals[0], exerciseOverride: arguments.value("exercise"), io: io)
        let t = try TeamLookup.find(teamName, in: session.exercise)
        io.write(TeamView.render(session.events, team: t, exercise: session.exercise))
        return ExitStatus.success
    }
}

enum TeamLookup {
    static func find(_ name: String, in x: Exercise) throws(UsageError) -> Int {
        if let t = x.teams.firstIndex(where: { $0.id == name }) { return t }
        let hint = Suggestion.closest(to: name, among: x.teams.map(\.id)).map { "; did you mean '\($0)'?" }
            ?? "; teams: \(x.teams.map(\.id).joined(separator: ", "))"
        throw UsageError("unknown team '\(name)'\(hint)")
    }
}

/// `cdx handout EXERCISE --team TEAM`: the team's inject cards, to print before the day.
enum HandoutCommand {
    static let spec = CommandSpec(
        name: "handout",
        abstract: "Print one team's inject cards (only its own, without ground truth)",
        discussion: """
            The cards addressed to the team, in scenario order, with when they arrive,
            from whom, how, their marking and their text. Adversary effects, techniques,
            actors and expected actions are for exercise control and are not printed.
            """,
        positionals: [PositionalSpec(name: "exercise", help: "The .exercise file")],
        options: [.option("team", value: "TEAM", help: "The team whose cards to print (required)")],
        examples: ["cdx handout Exercises/harbour-and-airbase.exercise --team msdf"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard let teamName = arguments.value("team") else { throw UsageError("missing '--team TEAM'") }
        let (x, _) = try ExerciseLoader.load(arguments.positionals[0], io: io)
        let t = try TeamLookup.find(teamName, in: x)
        io.write(render(x, team: t))
        return ExitStatus.success
    }

    static func render(_ x: Exercise, team t: Int) -> String {
        var out = "\(x.marking)\n\n\(x.title) — inject cards for \(x.teams[t].id) (\(x.teams[t].name))\n"
        let mine = ShowCommand.timelineOrder(x).filter { x.injects[$0].recipients.contains(t) }
        if mine.isEmpty { out += "\n  No inject cards are addressed to this team.\n" }
        for i in mine {
            let arrives: String
            switch x.injects[i].trigger {
            case .time(let m): arrives = "at \(ValueSyntax.offsetText(m)) (turn \(x.turn(containing: m)))"
            case .condition: arrives = "later, as the situation develops (exercise control hands it out)"
            case .manual: arrives = "when exercise control releases it"
            }
            out += "\n  ─── \(arrives)\n" + TeamView.card(i, x, indent: "  ")
        }
        out += "\n\(x.marking)\n"
        return out
    }
}
