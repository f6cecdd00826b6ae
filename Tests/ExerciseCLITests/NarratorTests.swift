import AfterAction
import ExerciseCLI
import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Testing
import Umpire

/// A shipped game's exercise and its events, decoded from the golden journal.
private func game(_ name: String) throws -> (Exercise, [Event]) {
    let exercise = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/\(name).exercise")).exercise)
    let codec = JournalCodec(exercise: exercise)
    let lines = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).jsonl"), encoding: .utf8)
        .split(separator: "\n").dropFirst()
    return (exercise, try lines.map { try codec.decode(try JSONValue.parse(String($0))) })
}

@Suite("One description of an event per viewer")
struct NarratorTests {
    @Test("a team is told only what it may know: its own cards, alerts, decisions and what reached it; never the ground truth",
          arguments: Repository.shipped)
    func needToKnow(name: String) throws {
        let (x, events) = try game(name)
        for t in x.teams.indices where x.teams[t].role != .white {
            var narrator = EventNarrator(exercise: x, viewer: .team(t))
            var own: Set<Int> = []  // seqs of the team's decisions
            var granted: Set<Int> = []  // assets granted to the team so far
            var requests: [Int: (team: Int, approver: Int)] = [:]  // approval requests: who asked, who approves
            for e in events {
                if case .decision(let d, _) = e.kind, d.team == t { own.insert(e.seq) }
                if case .approvalRequested(let r, let k, let d, _) = e.kind { requests[r] = (d.team, x.approvals[k].approver) }
                if case .granted(_, let to, let a) = e.kind, to == t { granted.insert(a) }
                let runs = { (a: Int) in granted.contains(a) || x.hasAuthority(t, inDomain: x.domain(ofAsset: a)) }
                guard let told = narrator.describe(e) else { continue }
                #expect(!told.isWhiteCellOnly, "\(x.teams[t].id) told a white-cell line: \(told.text)")
                switch e.kind {
                case .turnStarted, .turnEnded, .ended: break
                case .injectReleased(let i, _): #expect(x.injects[i].recipients.contains(t))
                case .alert(let to, _, _): #expect(to == t)
                case .decision(let d, _): #expect(d.team == t)
                case .sent(let from, _, _, _, _): #expect(from == t)
                case .delivered(_, let to, _, let actor, _):
                    #expect(to == t)
                    if let a = actor { #expect(!told.text.contains(x.actors[a].id), "the actor behind indicators is ground truth") }
                case .tearlineReady(let by, _): #expect(by == t)
                case .requested(let by, let of, _): #expect(by == t || of == t)
                case .granted(let by, let to, _): #expect(by == t || to == t)
                case .note(let by, _): #expect(by == t)
                // A block or a revoke is told to its team; what it cut is ground truth.
                case .cut(let by, _, _): #expect(by == t)
                // An attribution is its team's; a public one is heard by all.
                case .attributed(let by, _, _, let isPublic, _): #expect(by == t || isPublic)
                case .undo(let seq): #expect(own.contains(seq))
                case .restored(let a): #expect(runs(a))
                // A spoofing's end is seen by the teams that run the asset (its feed is true again).
                case .spoofEnded(let a): #expect(runs(a) && !told.text.contains("emitter"))
                // An asset's isolation and rebuild are seen by the teams that run it (the
                // rebuild's end by the team that started it too: it is how it learns its backups).
                case .contained(let by, let a): #expect(by != t && runs(a))
                case .restoreStarted(_, let a, _): #expect(runs(a))
                // A request is told to its team when made, to its approver when it arrives,
                // and its answer to both (and to the white cell when it answered).
                case .approvalRequested(_, _, let d, _): #expect(d.team == t)
                case .approvalArrived(let r): #expect(requests[r]?.approver == t)
                case .approved(let r, let by), .denied(let r, let by): #expect(requests[r]?.team == t || requests[r]?.approver == t || by == t)
                case .lapsed(let r, _): #expect(requests[r]?.team == t || requests[r]?.approver == t)
                default: Issue.record("\(x.teams[t].id) told '\(e.type)': \(told.text)")
                }
                if let card = told.card {
                    switch e.kind {
                    case .injectReleased(let i, _), .delivered(_, _, .inject(let i), _, _): #expect(card == i)
                    default: Issue.record("a card with '\(e.type)'")
                    }
                }
            }
        }
    }

    @Test("the white cell's view and the After-Action Report's event log say the same thing about each event",
          arguments: Repository.shipped)
    func sameWords(name: String) throws {
        let (x, events) = try game(name)
        let white = try #require(x.teams.first { $0.role == .white })
        let run = Run.cdx(["view", Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).jsonl").path, "--team", white.id,
                           "--exercise", Repository.url("Exercises/\(name).exercise").path])
        #expect(run.status == 0, "\(run.errors)")
        let view = run.output
        let report = MarkdownReport.render(ReportInput(exercise: x, events: events, scorecard: Umpire.score(x, events: events),
                                                       journalName: "j.jsonl", journalHash: ""))
        var narrator = EventNarrator(exercise: x, viewer: .whiteCell)
        var told = 0
        for e in events {
            guard let d = narrator.describe(e) else {
                Issue.record("the white cell is told every event; not '\(e.type)'")
                continue
            }
            told += 1
            // As a Markdown table cell: '<' and '|' escaped.
            let logged = d.text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "|", with: "\\|")
            #expect(report.contains("| \(e.type) | \(logged) |") || report.contains("| \(e.type) | \(logged) [withdrawn] |"),
                    "report log: \(d.text)")
            // A view dates what happens at a turn's end by its minute.
            let at = e.minute == x.startMinute(ofTurn: e.turn) ? "" : ScenarioTime.offsetText(e.minute) + " "
            if !d.isRoutine { #expect(view.contains((d.isWhiteCellOnly ? "    " : "  ") + at + d.text + "\n"), "view: \(d.text)") }
        }
        #expect(told == events.count)
    }
}
