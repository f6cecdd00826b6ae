import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Umpire

/// The facilitator console: one turn at a time, decision lines and commands at a prompt.
/// Each decision is journaled and flushed before its outcome is printed.
enum Console {
    /// The help text, with examples made from the loaded exercise's own names.
    static func help(_ x: Exercise, width: Int? = nil) -> String {
        let blue = x.teams.first { $0.role == .blue }?.id ?? "TEAM"
        let other = x.teams.first { $0.role == .blue && $0.id != blue }?.id ?? blue
        let ally = x.teams.first { $0.role == .ally }?.id ?? other
        let white = x.teams.first { $0.role == .white }?.id ?? "white"
        let asset = x.assets.first?.id ?? "ASSET"
        let segment = x.segments.first?.id ?? "SEGMENT"
        let inject = x.injects.first?.id ?? "INJECT"
        let manual = x.injects.first { $0.trigger == .manual }?.id ?? inject
        let objective = x.objectives.first?.id ?? "O1"
        let judged = x.injects.first { $0.expectations.contains { if case .judged = $0.action { return true } else { return false } } }
        let expectation = judged.map { j in "\(j.id).\(j.expectations.first { if case .judged = $0.action { return true } else { return false } }!.number)" } ?? "\(inject).1"
        var rows: [(String, String)] = [
            ("\(blue) detect \(asset)", "report an asset compromised (an ATT&CK technique may follow)"),
            ("\(blue) hunt \(segment)", "search a segment for hidden compromises"),
            ("\(blue) contain \(asset)", "isolate an asset (its service goes down until restored)"),
            ("\(blue) restore \(asset)", "rebuild an asset (takes its restore time)"),
            ("\(blue) share \(inject) -> \(ally)", "send an inject or an asset report over a channel"),
            ("\(blue) tearline \(inject)", "make a releasable copy of an inject"),
            ("\(ally) request \(blue) \(asset)", "ask a team for help on an asset"),
            ("\(blue) grant \(ally) \(asset)", "give a team authority on an asset"),
            ("\(white) release \(manual)", "release an inject now (contingencies)"),
            ("\(white) judge \(expectation) met \"why\"", "rule on an expectation (met, late, missed)"),
            ("\(white) note \"text\"", "a note for the record"),
            ("\(white) inject X9 at +05:00 \"Title\" to \(blue) …", "write a new inject as the exercise file would, on one line ('manual' to release it yourself)"),
            ("\(white) delay \(inject) by 1h", "move a scheduled inject later ('to +05:00' names the time)"),
            ("\(white) advance \(inject) by 30m", "move it earlier (to a later turn than this one)"),
            ("\(white) cancel \(inject)", "take it off the schedule ('release' still plays it)"),
            ("evaluator objective \(objective) rating S observation \"…\"", "an evaluator's observation, as the EEG file writes it: rating P/S/M/U, observation, analysis, recommendation … owner … due (for the report; no score changes)"),
            ("evaluator expectation \(expectation) rating M …", "the same about one expectation; 'evaluator \"NAME\" objective …' says who observed"),
        ]
        if let c2 = x.dependencies.first(where: { $0.kind == .c2 }) {
            rows.append(("\(blue) block \(c2.id)", "block a C2 where the team acts: effects 'over' it are cut"))
        }
        if let credential = x.dependencies.first(where: { $0.kind == .credential }) {
            rows.append(("\(blue) revoke \(credential.id)", "reset stolen credentials where the team acts: effects 'using' them are cut"))
        }
        if let emitter = x.dependencies.first(where: { $0.kind == .emitter }) {
            let remover = emitter.removedBy.first.map { x.teams[$0].id } ?? white
            rows.append(("\(remover) remove \(emitter.id)", "take a spoofing's emitter off the air (the bodies it names, or the white cell)"))
        }
        if let actor = x.actors.first {
            rows.append(("\(blue) attribute \(actor.id) moderate", "assess who is behind it (low, moderate, high; add 'public' to say so publicly)"))
        }
        if let rule = x.approvals.first {
            rows.append(("\(x.teams[rule.approver].id) approve R1", "let a decision waiting for approval take effect"))
            rows.append(("\(x.teams[rule.approver].id) deny R1", "refuse it (it never takes effect); 'status' lists requests"))
        }
        var out = "Type a decision as 'TEAM VERB ARGS', or a command:\n"
        out += columns(rows, width: width)
        out += "Commands:\n"
        out += columns([
            ("next", "close this turn and open the next"),
            ("skip", "play quiet turns until something reaches a team (a card, an alert, a delivery, a service back)"),
            ("skip to TIME", "play quiet turns up to TIME (+06:00), stopping where something reaches a team"),
            ("status", "clock, decisions left per team, what is in flight or waits for approval"),
            ("board", "ground truth: affected assets, services, missions (white cell only)"),
            ("score", "the umpire's scorecard so far (white cell only)"),
            ("view TEAM", "what one team knows"),
            ("undo", "withdraw the last decision of this turn"),
            ("edit", "withdraw it and put its line back at the prompt, to correct and resubmit"),
            ("help", "this text"),
            ("quit", "stop; the journal is saved ('cdx resume JOURNAL' continues)"),
        ], width: width) + "\n"
        return out
    }

    /// Two columns, the second wrapped under itself when `width` is given (below 40 columns
    /// of room for it, under the first instead): help text that stays aligned at 80 columns.
    static func columns(_ rows: [(String, String)], width: Int?) -> String {
        let first = max(12, rows.map { TerminalText.columns($0.0) }.max() ?? 0)
        let lead = 2 + first + 3
        var out = ""
        // Every row the same way: the second column beside the first, or all under it.
        let beside = width.map { $0 - lead >= 30 } ?? true
        for (name, meaning) in rows {
            let pad = String(repeating: " ", count: first - TerminalText.columns(name) + 3)
            guard let width, !beside || lead + TerminalText.columns(meaning) > width else {
                out += "  \(name)\(pad)\(meaning)\n"
                continue
            }
            if beside {
                let lines = TerminalText.wrap(meaning, width: width - lead)
                out += "  \(name)\(pad)\(lines.first ?? "")\n"
                for line in lines.dropFirst() { out += String(repeating: " ", count: lead) + line + "\n" }
            } else {
                out += "  \(name)\n"
                for line in TerminalText.wrap(meaning, width: max(10, width - 6)) { out += "      " + line + "\n" }
            }
        }
        return out
    }

    /// What an effect's outcome means, for the white cell.

    static func run(_ session: inout GameSession, journalPath: String, until: Int, io: CommandIO, room: Bool = false) throws -> Int32 {
        let x = session.exercise
        let width = io.width
        // Everything the console prints fits the terminal (cards are wrapped to it as made);
        // the line editor writes unfitted (its output is cursor movement).
        var io = io
        let rawWrite = io.write
        io.write = { rawWrite(TerminalText.fitted($0, width: width)) }
        io.write("\(x.marking)\n\(x.title) — facilitator console\(room ? " for the room (nothing white-cell-only is shown)" : ""). Journal: \(Files.shown(journalPath))\nType 'help' for decisions and commands.\n")
        // On a terminal, lines are edited (keys, history, completion); else read plainly.
        var reader: TerminalLineReader?
        let historyPath = ConsoleHistory.path(forJournal: journalPath)
        if io.editsLines, RawTerminal.enter() {
            let (lines, warning) = ConsoleHistory.load(historyPath)
            if let warning { io.writeError(warning) }
            var editor = LineEditor(history: lines)
            editor.historyLimit = ConsoleHistory.limit
            reader = TerminalLineReader(editor: editor)
        }
        defer { RawTerminal.leave() }
        InterruptNotice.install(journalPath: journalPath, terminal: reader != nil)
        // What the facilitator typed last that the journal refused (a full disk): the
        // session may not end quietly on it.
        var unrecorded: String?
        // A line given back to correct ('edit').
        var retype: String?
        var historyWarned = false
        if !session.state.turnOpen, !session.isFinished {
            let opened = opening(&session, journalPath: journalPath, room: room, width: width)
            io.write(opened.output)
            guard opened.ok else { return ExitStatus.failure }
        } else if session.state.turnOpen {
            io.write(turnHeader(session))
            // Show the turn as it opened, then say where the facilitator left off.
            let turn = session.state.turn
            io.write(openText(session.events.filter { $0.turn == turn && isOpeningEvent($0) }, x, requests: session.state.requests, room: room,
                              width: width))
            io.write(resumedText(session))
        }
        while true {
            if session.isFinished {
                io.write("\nThe exercise is over.\n")
                io.write(RunSummary.render(session, journalPath: journalPath))
                return ExitStatus.success
            }
            let prompt = "turn \(session.state.turn)/\(x.turns)> "
            let line: String?
            if var r = reader {
                // The exercise as played now: injects written during play complete too.
                let current = session.exercise, requests = session.state.requests.indices.map(requestID)
                r.editor.completion = { ConsoleCompletion.candidates($0, exercise: current, requests: requests) }
                let ending = r.read(prompt: prompt, text: retype ?? "", write: rawWrite)
                switch ending {
                case .submitted(let text):
                    line = text
                    r.editor.remember(text.trimmingCharacters(in: .whitespaces))
                    if let warning = ConsoleHistory.save(r.editor.history, to: historyPath), !historyWarned {
                        historyWarned = true
                        io.writeError(warning)
                    }
                case .endOfInput: line = nil
                case .interrupted: InterruptNotice.interrupt()
                }
                reader = r
            } else {
                io.write(prompt)
                line = io.readLine()
            }
            retype = nil
            guard let raw = line else {
                io.write("\nend of input: the journal is saved; continue with 'cdx resume \(Files.shown(journalPath))'\n")
                return unsaved(unrecorded, journalPath: journalPath, io: io)
            }
            var command = ConsoleCommand.parse(raw, exercise: session.exercise, parser: session.parser, currentTurn: session.state.turn,
                                               width: width)
            // On the room's screen a refused white-cell line says nothing of what it named.
            if room, case .refused = command, let first = raw.split(separator: " ").first,
               let t = try? TeamLookup.find(String(first), in: session.exercise), session.exercise.teams[t].role == .white {
                command = .refused("error: that white-cell line was not accepted; this console is the room's (--room), so it does not say why: type it at exercise control's console or seat\n")
            }
            let reply = reduce(&session, command, journalPath: journalPath, until: until, room: room, width: width)
            io.write(reply.output)
            if let line = reply.retype {
                retype = line
                // Without a line editor the line cannot be put back: say what to type.
                if reader == nil { io.write("to correct it, type it again: \(line)\n") }
            }
            switch reply.journal {
            case .untouched: break
            case .recorded: unrecorded = nil
            case .refused(let what): unrecorded = what
            }
            switch reply.end {
            case nil: break
            case .quit: return unsaved(unrecorded, journalPath: journalPath, io: io)
            case .stopped: return ExitStatus.success
            case .failed: return ExitStatus.failure
            }
        }
    }

    /// Where a resumed turn stands: how many decisions were made in it and which, so that
    /// nobody types one twice.
    static func resumedText(_ session: GameSession) -> String {
        let x = session.exercise
        let withdrawn = Umpire.withdrawnEvents(session.events)
        let made = session.events.filter { e in
            guard e.turn == session.state.turn, !withdrawn.contains(e.seq), case .decision = e.kind else { return false }
            return true
        }
        var out = "  (resumed inside this turn: \(plural(session.decisionsThisTurn, "decision")) already made)\n"
        for e in made {
            guard case .decision(let d, let r) = e.kind else { continue }
            out += "    \(r == nil ? "✓" : "✗") \(d.line(in: x))\(r == nil ? "" : " — rejected")\n"
        }
        return out
    }

    /// The console's exit status: a failure when the last thing typed was refused by the
    /// journal, so that a script or a tired facilitator does not take it for recorded.
    private static func unsaved(_ unrecorded: String?, journalPath: String, io: CommandIO) -> Int32 {
        guard let unrecorded else { return ExitStatus.success }
        io.write("warning: \(unrecorded) was NOT recorded (the journal could not be written); after 'cdx resume \(Files.shown(journalPath))', give it again\n")
        return ExitStatus.failure
    }

    static func turnHeader(_ session: GameSession) -> String {
        let x = session.exercise
        let minute = session.state.minute
        let formatter = DateFormatter()
        // With its offset: the report's "turns as played" gives the same moments in UTC.
        formatter.dateFormat = "HH:mm:ss xxx"
        let wall = formatter.string(from: Date())
        return "\n━━ Turn \(session.state.turn) of \(x.turns) · scenario \(ValueSyntax.offsetText(minute)) (\(ScenarioClock.local(x, minute: minute))) · wall \(wall) ━━\n"
    }

    /// Events that belong to a turn's opening: releases (and their effects) and sensor alerts.
    static func isOpeningEvent(_ e: Event) -> Bool {
        switch e.kind {
        case .injectReleased(_, let cause): return cause != .manual
        case .alert(_, _, .sensor), .alert(_, _, .impact): return true
        default: return false
        }
    }

    /// The turn's opening: the cards each team received and the alerts, which the room may
    /// see; then, apart, what only the white cell is told (injects with no recipient, the
    /// white-cell-only lines). `room`: without that last part, for a console the room watches.
    static func openText(_ events: [Event], _ x: Exercise, requests: [RunState.ApprovalRequest] = [], room: Bool = false,
                         width: Int? = nil) -> String {
        var narrator = EventNarrator(exercise: x, viewer: .whiteCell, requests: requests)
        var out = ""
        var cards: [Int: [Int]] = [:]
        var whiteOnly: [String] = []
        var alerts: [String] = []
        for e in events {
            switch e.kind {
            case .injectReleased(let i, _):
                if x.injects[i].recipients.isEmpty {
                    whiteOnly.append("  [\(x.injects[i].id)] \(x.injects[i].title) — no recipient: ground truth only\n")
                }
                for t in x.injects[i].recipients { cards[t, default: []].append(i) }
            case .alert, .withheld:
                guard let told = narrator.describe(e) else { break }
                if told.isWhiteCellOnly { whiteOnly.append("  \(told.text)\n") } else { alerts.append("  \(told.text)\n") }
            default: break
            }
        }
        if room { whiteOnly = [] }
        if cards.isEmpty && whiteOnly.isEmpty && alerts.isEmpty { return "  Nothing new this turn.\n" }
        if !cards.isEmpty { out += "Injects\n" }
        for t in cards.keys.sorted() {
            out += "  to \(x.teams[t].id):\n"
            for i in cards[t]! { out += TeamView.card(i, x, language: x.language(ofTeam: t), indent: "    ", width: width) }
        }
        if !alerts.isEmpty { out += "Alerts\n" + alerts.joined() }  // (and any card the rules withheld)
        if !whiteOnly.isEmpty { out += "White cell only\n" + whiteOnly.joined() }
        return out
    }

    /// A decision's outcome and what it set going, as the white cell is told them. Whether
    /// a report was right and the adversary's effects are not read out at the console
    /// (the room hears it); exercise control has them in `view --team white`.
    static func decisionText(_ events: [Event], _ x: Exercise, requests: [RunState.ApprovalRequest] = [], room: Bool = false,
                         width: Int? = nil) -> String {
        var narrator = EventNarrator(exercise: x, viewer: .whiteCell, requests: requests)
        var out = ""
        for e in events {
            switch e.kind {
            case .decision, .alert, .sent, .restoreStarted, .tearlineStarted, .injectReleased, .withheld, .approvalRequested,
                 .approved, .denied, .lapsed, .cut:
                guard let told = narrator.describe(e), !(room && told.isWhiteCellOnly) else { continue }
                // A card only the white cell may read (no recipient) says so, so nobody reads it out.
                let label = told.isWhiteCellOnly && told.card != nil ? "[white cell only] " : ""
                if case .decision = e.kind { out += told.text + "\n" } else { out += "  " + label + told.text + "\n" }
                if let i = told.card { out += TeamView.card(i, x, indent: "    ", width: width) }
                if case .decision(let d, nil) = e.kind, d.verb.amendsScript { out += scriptChangeText(d.verb, x) }
            default: break
            }
        }
        if events.contains(where: { if case .decision(let d, nil) = $0.kind, case .hunt = d.verb { return true } else { return false } }),
           !events.contains(where: { if case .alert = $0.kind { return true } else { return false } }) {
            out += "  the hunt found nothing\n"
        }
        return out
    }

    /// What a change to the script did, for the white cell (`x`: the exercise before it).
    static func scriptChangeText(_ verb: Decision.Verb, _ x: Exercise) -> String {
        func due(_ minute: Int?) -> String {
            guard let minute else { return "released by hand" }
            return "due at \(ValueSyntax.offsetText(minute)) (turn \(x.turn(containing: minute)))"
        }
        switch verb {
        case .inject(let added):
            let i = added.value.inject
            let to = i.recipients.isEmpty ? "no recipient (ground truth only)" : "to " + i.recipients.map { x.teams[$0].id }.joined(separator: ", ")
            let when: String
            switch i.trigger {
            case .manual: when = "released by hand: 'white release \(i.id)' plays it"
            case .time(let m): when = due(m)
            case .condition(_, let m): when = "released when its condition holds, judged at each turn's start from \(ValueSyntax.offsetText(m)) on"
            }
            return "  \(i.id) joins the script: \(when); \(to); \(plural(i.expectations.count, "expectation"))\n"
        case .delay(let k, let m), .advance(let k, let m):
            return "  \(x.injects[k].id) is now \(due(m)); it was \(due(x.injects[k].trigger.earliestMinute))\n"
        case .cancel(let k):
            return "  \(x.injects[k].id) is off the schedule (it was \(due(x.injects[k].trigger.earliestMinute))); 'white release \(x.injects[k].id)' still plays it\n"
        default:
            return ""
        }
    }

    static func closeText(_ events: [Event], _ x: Exercise, requests: [RunState.ApprovalRequest] = [], room: Bool = false) -> String {
        var narrator = EventNarrator(exercise: x, viewer: .whiteCell, requests: requests)
        var out = "Turn closed\n"
        for e in events {
            switch e.kind {
            case .restored, .denyEnded, .spoofEnded, .delivered, .withheld, .tearlineReady, .approvalArrived, .missions:
                if let told = narrator.describe(e), !(room && told.isWhiteCellOnly) { out += "  " + told.text + "\n" }
            default: break
            }
        }
        return out
    }

    static func status(_ session: GameSession) -> String {
        let x = session.exercise
        let s = session.state
        var out = "Turn \(s.turn) of \(x.turns) \(s.turnOpen ? "(open)" : "(closed)") · scenario \(ValueSyntax.offsetText(s.minute))\n"
        out += "Decisions left: " + x.teams.enumerated().filter { [.blue, .ally, .approver].contains($0.element.role) }
            .map { "\($0.element.id) \(max(0, $0.element.capacity - s.used[$0.offset]))/\($0.element.capacity)" }
            .joined(separator: " · ") + "\n"
        let waiting = s.requests.indices.filter { s.requests[$0].isOpen }
        if !waiting.isEmpty {
            out += "Waiting for approval:\n"
            for r in waiting {
                let q = s.requests[r], rule = x.approvals[q.approval]
                let place = q.arrived ? "with \(x.teams[rule.approver].id) since \(ValueSyntax.offsetText(q.arrives))"
                    : "reaches \(x.teams[rule.approver].id) \(ValueSyntax.offsetText(q.arrives))"
                out += "  \(requestID(r)) \(q.decision.line(in: x)) (\(rule.id)): \(place)\n"
            }
        }
        if !s.inFlight.isEmpty {
            out += "In flight:\n"
            for f in s.inFlight {
                out += "  \(x.teams[f.from].id) → \(x.teams[f.to].id): \(TeamView.itemText(f.item, x)), arrives \(ValueSyntax.offsetText(f.arrives))\n"
            }
        }
        out += session.canUndo ? "undo is available for the last decision\n" : ""
        return out
    }

    static func board(_ session: GameSession, width: Int? = nil) -> String {
        let x = session.exercise
        let s = session.state
        var rows = TextTable(["asset", "domain", "state", "service", "reported by", "alerted", "contained", "restoring until"])
        rows.short = ["asset", "domain", "state", "service", "rep.", "alerted", "cont.", "until"]
        for a in x.assets.indices {
            let st = s.assets[a]
            guard st.isCompromised || st.service != .up || st.restoredCount > 0 else { continue }
            rows.add([
                x.assets[a].id, x.domains[x.segments[x.assets[a].segment].domain].id,
                st.isCompromised ? "compromised by \(x.actors[st.compromisedBy!].id)" : "clean",
                st.service.rawValue, st.detectedBy.map { x.teams[$0].id } ?? (st.isCompromised ? "not reported" : "—"),
                alerted(a, s, x), st.contained ? "yes" : "—", st.restoringUntil.map { ValueSyntax.offsetText($0) } ?? "—",
            ])
        }
        var out = "Ground truth (white cell only)\n"
        out += rows.rows.isEmpty ? "  no asset affected yet\n" : rows.render(width: width)
        if !x.missions.isEmpty {
            // Live: from the assets' services now, not the last turn's close.
            let levels = x.missions.map { m in m.needs.map { s.assets[$0].service }.max() ?? .up }
            out += "Missions now: " + zip(x.missions, levels).map { "\($0.id) \($1.rawValue)" }.joined(separator: " · ") + "\n"
        }
        return TerminalText.fitted(out, width: width)
    }

    /// Teams that have been alerted to, or told of, the asset.
    static func alerted(_ a: Int, _ s: RunState, _ x: Exercise) -> String {
        let teams = x.teams.indices.filter { s.teams[$0].knownAssets.contains(a) }.map { x.teams[$0].id }
        return teams.isEmpty ? "—" : teams.joined(separator: " ")
    }
}

/// Scenario time on the wall of the scenario: the start plus the minute, in the start's offset.
enum ScenarioClock {
    static func local(_ x: Exercise, minute: Int) -> String { ScenarioTime.local(x, minute: minute) }
}

/// Ctrl-C at the console: say that the record is safe and how to continue. Every step is
/// already on disk, so exiting at once loses nothing. With the line editor, Ctrl-C on an
/// empty line comes as a byte and does the same (`interrupt`), and SIGTERM and SIGHUP too
/// put the terminal back before the process ends.
enum InterruptNotice {
    nonisolated(unsafe) static var message: [UInt8] = []
    /// The journal's lock file, removed on the way out like on a clean exit (the kernel
    /// releases the lock itself either way).
    nonisolated(unsafe) static var lockPath: [CChar] = []

    static func install(journalPath: String, terminal: Bool = false) {
        message = Array("\ninterrupted: the journal is saved; continue with 'cdx resume \(Files.shown(journalPath))'\n".utf8)
        lockPath = Array(JournalLock.path(for: journalPath).utf8CString)
        let handler: @convention(c) (Int32) -> Void = { signal in
            RawTerminal.restoreFromSignal()
            InterruptNotice.message.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
            InterruptNotice.lockPath.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            _exit(128 + signal)
        }
        signal(SIGINT, handler)
        if terminal {
            signal(SIGTERM, handler)
            signal(SIGHUP, handler)
            // A parent may have started us with them blocked (a test runner, some supervisors).
            var mask = sigset_t()
            sigemptyset(&mask)
            for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&mask, s) }
            pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        }
    }

    /// What SIGINT does, for Ctrl-C read as a byte: the terminal restored, the notice, exit 130.
    static func interrupt() -> Never {
        RawTerminal.leave()
        message.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
        lockPath.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _exit(130)
    }
}
