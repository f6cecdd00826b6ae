import ExerciseCore
import ExerciseScript
import Presentation
import Umpire

/// The short summary printed after a non-interactive run.
enum RunSummary {
    static func render(_ session: GameSession, journalPath: String) -> String {
        let x = session.exercise
        let journal = Files.shown(journalPath)
        var released = 0, applied = 0, rejected = 0, correct = 0, falseReports = 0, compromises = 0, restored = 0
        // As the umpire counts: a decision withdrawn by undo, and what it caused, do not count.
        let withdrawn = Umpire.withdrawnEvents(session.events)
        for e in session.events where !withdrawn.contains(e.seq) {
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
        out += "  journal   \(journal) (\(plural(session.events.count + 1, "line")))\n"
        out += "  injects   \(released) of \(x.injects.count) released\n"
        out += "  decisions \(applied) applied, \(rejected) rejected\n"
        out += "  reports   \(correct) correct, \(plural(falseReports, "false report"))\n"
        out += "  assets    \(compromises) compromises, \(plural(restored, "restoration")); \(stillCompromised) still compromised at the end (\(undetected) undetected)\n"
        let cdx = CDX.shownCommand
        if !session.isFinished { out += "next: \(cdx) resume \(journal) (continue) · " } else { out += "next: " }
        out += "\(cdx) verify \(journal) · \(cdx) view \(journal) --team \(x.teams.first?.id ?? "TEAM")\n"
        return out
    }
}

/// What one team knows from a run: its inject cards, alerts, its own decisions and
/// their outcomes, what others shared with it. Never ground truth, never another team's
/// cards. The white cell sees everything (it is exercise control).
enum TeamView {
    /// `width`: the columns to fit (cards wrapped to it, long lines wrapped); nil: unbounded.
    static func render(_ events: [Event], team t: Int, exercise x: Exercise, width: Int? = nil) -> String {
        var narrator = EventNarrator(exercise: x, viewer: x.teams[t].role == .white ? .whiteCell : .team(t))
        var out = "\(x.marking)\n\nView of \(x.teams[t].id) — \(x.teams[t].name)\n"
        var turn = 0
        for e in events {
            guard let told = narrator.describe(e), !told.isRoutine else { continue }
            if e.turn != turn {
                turn = e.turn
                out += "\nTurn \(turn) · \(ValueSyntax.offsetText(x.startMinute(ofTurn: turn)))\n"
            }
            // What happens at the turn's end (a delivery, a rebuild finished) is dated by that
            // minute, as the sender was told it ("arrives +01:00"), not by the turn's start.
            let at = e.minute == x.startMinute(ofTurn: e.turn) ? "" : "\(ValueSyntax.offsetText(e.minute)) "
            out += (told.isWhiteCellOnly ? "    " : "  ") + at + told.text + "\n"
            if let i = told.card { out += card(i, x, version: told.cardVersion, language: x.language(ofTeam: t), width: width) }
        }
        out += "\n\(x.marking)\n"
        return TerminalText.fitted(out, width: width)
    }

    /// A card as its holder reads it: in `language` (the reader's; nil: the exercise's) where
    /// it is written in it, then in each other language it is written in, under that
    /// language's name. A tearline is only its releasable text under its own marking: the
    /// card's title, sender and text stay with the original.
    /// `width`: the columns the card must fit; its text is wrapped at 88 columns or less.
    static func card(_ i: Int, _ x: Exercise, version: CardVersion = .original, language: Language? = nil, indent: String = "    ",
                     width: Int? = nil) -> String {
        let inject = x.injects[i]
        let textWidth = min(88, (width ?? Int.max) - TerminalText.columns(indent) - 2)
        let first = language.flatMap { x.card(i, in: $0) } ?? x.card(i, in: x.language)!
        let others = x.otherCards(i, besides: first.language)
        if version == .tearline, let tearline = inject.tearline {
            var out = "\(indent)[\(inject.id) — tearline]"
            if tearline.marking != .unrestricted { out += " (\(tearline.marking.text))" }
            out += "\n" + paragraphs(first.tearline ?? tearline.text, indent: indent + "  ", width: textWidth)
            for other in others where other.tearline != nil {
                out += "\(indent)  [\(other.language.name)]\n" + paragraphs(other.tearline!, indent: indent + "  ", width: textWidth)
            }
            return TerminalText.fitted(out, width: width)
        }
        var out = "\(indent)[\(inject.id)] \(first.title)"
        var meta: [String] = []
        if let s = inject.sender { meta.append("from \(s)") }
        if let m = inject.method { meta.append("via \(m)") }
        if inject.marking != .unrestricted { meta.append(inject.marking.text) }
        if !meta.isEmpty { out += " (\(meta.joined(separator: ", ")))" }
        out += "\n" + paragraphs(first.text, indent: indent + "  ", width: textWidth)
        for other in others {
            out += "\(indent)  [\(other.language.name)] \(other.title)\n" + paragraphs(other.text, indent: indent + "  ", width: textWidth)
        }
        // The title line wraps under itself when the terminal is narrower than it.
        return TerminalText.fitted(out, width: width)
    }

    static func paragraphs(_ text: String, indent: String, width: Int = 88) -> String {
        var out = ""
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) where !paragraph.isEmpty {
            out += wrap(String(paragraph), indent: indent, width: width)
        }
        return out
    }

    static func itemText(_ item: Decision.Item, _ x: Exercise) -> String {
        switch item {
        case .inject(let i): return x.injects[i].id
        case .asset(let a): return x.assets[a].id
        }
    }

    /// A paragraph wrapped at word boundaries (and between CJK characters) to `width`
    /// columns, each line after `indent`.
    static func wrap(_ text: String, indent: String, width: Int) -> String {
        TerminalText.wrap(text, width: width).map { indent + $0 + "\n" }.joined()
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
            truth. '--team white' shows exercise control's full view. Cards are in the
            team's language, followed by the other languages they are written in.
            """,
        positionals: [PositionalSpec(name: "journal", help: "The journal to read")],
        options: [
            .option("team", value: "TEAM", required: true, help: "The team whose view to show"),
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
        ],
        examples: ["cdx view journals/pacific-shield-seed1.jsonl --team usfj"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard let teamName = arguments.value("team") else { throw UsageError("missing '--team TEAM'") }
        let (session, _, _) = try JournalReplay.load(arguments.positionals[0], exerciseOverride: arguments.value("exercise"), io: io)
        let t = try TeamLookup.find(teamName, in: session.exercise)
        io.write(TeamView.render(session.events, team: t, exercise: session.exercise, width: io.width))
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
            Each card is in the team's language ('language ja' on the team), followed by
            the other languages it is written in.
            """,
        positionals: [PositionalSpec(name: "exercise", help: "The .exercise file")],
        options: [.option("team", value: "TEAM", required: true, help: "The team whose cards to print")],
        examples: ["cdx handout Exercises/harbour-and-airbase.exercise --team msdf"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard let teamName = arguments.value("team") else { throw UsageError("missing '--team TEAM'") }
        let (x, _) = try ExerciseLoader.load(arguments.positionals[0], io: io)
        let t = try TeamLookup.find(teamName, in: x)
        io.write(render(x, team: t, width: io.width))
        return ExitStatus.success
    }

    static func render(_ x: Exercise, team t: Int, width: Int? = nil) -> String {
        var out = "\(x.marking)\n\n\(x.title) — inject cards for \(x.teams[t].id) (\(x.teams[t].name))\n"
        let mine = ShowCommand.timelineOrder(x).filter {
            x.injects[$0].recipients.contains(t) && x.refusal(toRelease: x.injects[$0].marking, of: $0, to: t) == nil
        }
        if mine.isEmpty { out += "\n  No inject cards are addressed to this team.\n" }
        for i in mine {
            let arrives: String
            switch x.injects[i].trigger {
            case .time(let m): arrives = "at \(ValueSyntax.offsetText(m)) (turn \(x.turn(containing: m)))"
            case .condition: arrives = "later, as the situation develops (exercise control hands it out)"
            case .manual: arrives = "when exercise control releases it"
            }
            out += "\n  ─── \(arrives)\n" + TeamView.card(i, x, language: x.language(ofTeam: t), indent: "  ", width: width)
        }
        out += "\n\(x.marking)\n"
        return TerminalText.fitted(out, width: width)
    }
}
