import AfterAction
import ExerciseCore
import ExerciseScript
import Presentation
import Testing
import Umpire

/// Attribution (issue 14, item 7): a team's assessment of who is behind the intrusion,
/// with a confidence, right or wrong against the script; injects that fire on it; a public
/// attribution that waits for the government's approval. Turns are 1 hour.
private let attributionFixture = """
    exercise "Attribution fixture"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 8 turns

    domain joint "Joint" nation JPN
    team jcdc "JCDC" domain joint capacity 4
    team nsc "National Security Secretariat" role approver nation JPN
    team white "White" role white

    segment open "Open" domain joint sensors 0
    asset terminal "Terminal" in open

    actor storm "State-linked group"
    actor gang "The ransomware gang it poses as"

    inject B1 at +00:00 "Ransom note"
      by storm
      to jcdc
      compromise terminal
      encrypt terminal
    inject B2 when gang attributed "The gang's leak site denies it"
      to jcdc
      text "The gang's site says it had nothing to do with the terminal."
    inject B3 when storm publicly-attributed "The group's state denies everything"
      to jcdc
      text "A foreign ministry spokesman calls the accusation groundless."

    approval go-public "Public attribution"
      of attribute public
      by nsc
    """

@Suite("Attribution: who is behind it, how surely, and who may say so in public")
struct AttributionTests {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: attributionFixture)
        #expect(checked.diagnostics.map(\.message) == [])
        exercise = try #require(checked.exercise)
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
    }

    func play(_ turns: [[String]]) throws -> [Event] {
        var state = RunState(exercise: exercise, seed: 1)
        var events: [Event] = []
        for t in 0..<exercise.turns {
            events += engine.openTurn(&state)
            for line in t < turns.count ? turns[t] : [] {
                events += engine.decide(&state, try #require(parser.parseJournalLine(line), "cannot read '\(line)'"))
            }
            events += engine.closeTurn(&state)
        }
        return events
    }

    @Test("a wrong and a right attribution, the injects they trigger, and the public one waiting for the NSC")
    func played() throws {
        let events = try play([
            ["jcdc attribute gang moderate"],
            ["jcdc attribute storm low", "jcdc attribute storm low", "jcdc attribute storm high public"],
            ["nsc approve R1"],
        ])
        let log = events.compactMap { e -> String? in
            switch e.kind {
            case .injectReleased(let i, let cause) where cause == .condition: return "\(exercise.injects[i].id)@\(e.minute)"
            case .attributed(_, let a, let c, let p, let correct):
                return "\(exercise.actors[a].id) \(c.rawValue)\(p ? " public" : "")@\(e.minute) \(correct ? "correct" : "wrong")"
            case .approvalRequested: return "request@\(e.minute)"
            case .decision(let d, let r?): return "\(d.line(in: exercise)): \(r.name)"
            default: return nil
            }
        }
        #expect(log == [
            "gang moderate@0 wrong", "B2@60",
            "storm low@60 correct", "jcdc attribute storm low: already-attributed", "request@60",
            "storm high public@120 correct", "B3@180",
        ])
        let card = Umpire.score(exercise, events: events)
        #expect(card.attributions.map { "\(exercise.actors[$0.actor].id) \($0.correct) \($0.afterFirstInject ?? -1)" }
                == ["gang false -1", "storm true 60", "storm true 120"])
        #expect(card.authorisations.map(\.timeToAuthorise) == [60])
        let md = MarkdownReport.render(ReportInput(exercise: exercise, events: events, scorecard: card, journalName: "t.jsonl",
                                                   journalHash: String(repeating: "0", count: 64)))
        #expect(md.contains("### Attributions"))
        #expect(md.contains("| +00:00 | jcdc | gang | moderate | no | wrong (behind none of the injects so far) | — |"), "\(md)")
        #expect(md.contains("| +02:00 | jcdc | storm | high | yes | correct | 2h |"))
        // The journal keeps it, and reads back.
        let codec = JournalCodec(exercise: exercise)
        for e in events { #expect(try codec.decode(e.json(in: exercise)) == e) }
    }

    @Test("the team is told its assessment, not whether it is right; a public attribution is heard by every team")
    func told() throws {
        let events = try play([["jcdc attribute gang moderate"]])
        let jcdc = exercise.teams.firstIndex { $0.id == "jcdc" }!
        var narrator = EventNarrator(exercise: exercise, viewer: .team(jcdc))
        let lines = events.compactMap { narrator.describe($0)?.text }
        #expect(lines.contains("attributed the intrusion to gang (moderate confidence)"))
        #expect(!lines.contains { $0.contains("WRONG") || $0.contains("correct") })
        var white = EventNarrator(exercise: exercise, viewer: .whiteCell)
        #expect(events.compactMap { white.describe($0)?.text }.contains { $0.contains("WRONG: that actor is behind none of the injects so far") })
    }

    @Test("the checker places the new forms' errors")
    func diagnostics() throws {
        let bad = attributionFixture.replacingOccurrences(of: "when gang attributed", with: "when terminal attributed")
            .replacingOccurrences(of: "when storm publicly-attributed", with: "when storm compromised")
        let found = ExerciseChecker.check(text: bad).diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code)" }
        #expect(found == ["22:25 invalid-condition", "25:22 invalid-condition"])
        guard case .failure(let d) = parser.parseConsoleLine("jcdc attribute storm certain", currentTurn: 1) else {
            Issue.record("accepted")
            return
        }
        #expect(d.message == "unknown confidence 'certain'; use low, moderate or high")
    }
}
