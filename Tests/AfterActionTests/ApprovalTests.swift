import AfterAction
import ExerciseCore
import ExerciseScript
import Presentation
import Testing
import Umpire

/// Decisions that need another cell's approval, played through the engine, the umpire,
/// the narrator and the report. Turns are 30 minutes; requests take 45 minutes to reach
/// JJOC, so one made in turn 1 (+00:00) reaches it at the end of turn 2 (+01:00) and can
/// be answered from turn 3 (+01:00).
private let approvalsFixture = """
    exercise "Approvals fixture"
      start 2026-11-24T09:00+09:00
      turn 30m
      length 12 turns

    domain joint "Joint" nation JPN
    domain air "Air" nation JPN
    domain ally "Ally" nation USA

    team jcdc "JCDC" domain joint
      acts-on air
      capacity 3
    team asdf "ASDF" domain air
      capacity 2
    team jjoc "Joint Operations Command" domain joint
      capacity 1
    team usfj "USFJ" domain ally role ally
    team white "White" role white

    segment open "Open" domain joint
    segment jadge "JADGE" domain air
      sensors 0

    asset mail "Mail" in open
    asset dc "Direction centre" in jadge
      criticality 5
      restore 2h
    asset radar "Radar link" in jadge

    actor apt "APT"

    inject A1 at +00:00 "Direction centre beacons"
      by apt
      to asdf
      compromise dc
      expect contain dc within 3h by asdf

    approval jadge-off "Isolating a JADGE direction centre"
      of contain dc
      by jjoc
      latency 45m

    approval ally-on-dii "US team on Japanese networks"
      of grant to usfj
      by white

    inject S1 at +00:00 "Indicators from a sensitive source"
      to jcdc
      marking "JPN ONLY"
      tearline "Indicators only" marking "REL TO JPN, USA" after 1h30m
    inject S2 at +00:00 "Indicators from the vendor"
      to jcdc
      marking "JPN ONLY"
      tearline "Vendor indicators" marking "REL TO JPN, USA"

    approval s1-release "Releasing S1's indicators to the ally"
      of tearline S1
      by jjoc
    """

@Suite("Approvals: a decision that needs higher authority waits for it")
struct ApprovalTests {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: approvalsFixture)
        #expect(checked.diagnostics.map(\.message) == [])
        exercise = try #require(checked.exercise)
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
    }

    func decision(_ line: String) throws -> Decision { try #require(parser.parseJournalLine(line), "cannot read '\(line)'") }

    /// Plays the turns (decision lines per turn, from turn 1) and the rest of the exercise with no decisions.
    func play(_ turns: [[String]]) throws -> (events: [Event], state: RunState) {
        var state = RunState(exercise: exercise, seed: 1)
        var events: [Event] = []
        for t in 0..<exercise.turns {
            events += engine.openTurn(&state)
            for line in t < turns.count ? turns[t] : [] { events += engine.decide(&state, try decision(line)) }
            events += engine.closeTurn(&state)
        }
        return (events, state)
    }

    func rejection(of line: String, in events: [Event]) -> [Rejection?] {
        events.compactMap { e in
            if case .decision(let d, let r) = e.kind, d.line(in: exercise) == line { return r }
            return nil
        }
    }

    @Test("a covered decision goes to the approver, reaches it after the latency, and takes effect when approved")
    func approvedChain() throws {
        let (events, state) = try play([
            ["asdf contain dc"],
            ["jjoc approve R1"],  // not there yet: it arrives at the end of this turn
            ["asdf approve R1", "jjoc approve R1"],
        ])
        let dc = exercise.assets.firstIndex { $0.id == "dc" }!
        // Requested at +00:00, arrived +01:00 (45 minutes, at the end of turn 2), approved +01:00 in turn 3.
        let kinds = events.compactMap { e -> String? in
            switch e.kind {
            case .approvalRequested(0, _, _, let arrives): return "request@\(e.minute) arrives \(arrives)"
            case .approvalArrived(0): return "arrived@\(e.minute)"
            case .approved(0, let t): return "approved@\(e.minute) by \(exercise.teams[t].id)"
            case .contained(let t, dc): return "contained@\(e.minute) by \(exercise.teams[t].id)"
            default: return nil
            }
        }
        #expect(kinds == ["request@0 arrives 45", "arrived@60", "approved@60 by jjoc", "contained@60 by asdf"])
        #expect(rejection(of: "jjoc approve R1", in: events) == [.requestNotArrived, nil])
        let jjoc = exercise.teams.firstIndex { $0.id == "jjoc" }!
        #expect(rejection(of: "asdf approve R1", in: events) == [.notApprover(approver: jjoc)])
        #expect(state.assets[dc].contained)

        // The umpire: time to authorise 1h; time to contain counts the wait.
        let card = Umpire.score(exercise, events: events)
        #expect(card.authorisations.count == 1)
        #expect(card.authorisations.first?.timeToAuthorise == 60)
        #expect(card.authorisations.first?.arrivedAt == 60)
        #expect(card.authorise == Scorecard.Times([60], open: 0))
        #expect(card.compromises.first?.containedAt == 60)
        #expect(card.expectations.first?.status == .met)
    }

    @Test("a tearline for an audience waits for its approver, then takes its own delay; others take the exercise's")
    func tearlineRelease() throws {
        let (events, state) = try play([["jcdc tearline S1", "jcdc tearline S2"], ["jjoc approve R1"]])
        let s1 = exercise.injects.firstIndex { $0.id == "S1" }!, s2 = s1 + 1
        let jcdc = exercise.teams.firstIndex { $0.id == "jcdc" }!
        let kinds = events.compactMap { e -> String? in
            switch e.kind {
            case .approvalRequested(0, _, _, let arrives): return "request@\(e.minute) arrives \(arrives)"
            case .approved(0, _): return "approved@\(e.minute)"
            case .tearlineStarted(jcdc, let i, let ready): return "\(exercise.injects[i].id) started@\(e.minute) ready \(ready)"
            case .tearlineReady(jcdc, let i): return "\(exercise.injects[i].id) ready@\(e.minute)"
            default: return nil
            }
        }
        // S2: the exercise's default delay (4h); S1: approved in turn 2 (+00:30), then its own 1h30m.
        #expect(kinds == ["request@0 arrives 0", "S2 started@0 ready 240", "approved@30", "S1 started@30 ready 120",
                          "S1 ready@120", "S2 ready@240"])
        #expect(state.tearlineHolders[s1] & (1 << UInt64(jcdc)) != 0)
        #expect(state.tearlineHolders[s2] & (1 << UInt64(jcdc)) != 0)
        let card = Umpire.score(exercise, events: events)
        #expect(card.authorisations.map(\.timeToAuthorise) == [30])
    }

    @Test("nothing happens until the approver answers, and a denial means never")
    func deniedAndUnanswered() throws {
        let dc = exercise.assets.firstIndex { $0.id == "dc" }!
        let unanswered = try play([["asdf contain dc"]])
        #expect(!unanswered.state.assets[dc].contained)
        let open = Umpire.score(exercise, events: unanswered.events)
        #expect(open.authorisations.first?.approved == nil)
        #expect(open.authorise == Scorecard.Times([], open: 1))
        #expect(open.expectations.first?.status == .missed)

        let denied = try play([["asdf contain dc"], [], ["jjoc deny R1"], ["jjoc approve R1"]])
        #expect(!denied.state.assets[dc].contained)
        #expect(rejection(of: "jjoc approve R1", in: denied.events) == [.alreadyAnswered])
        let card = Umpire.score(exercise, events: denied.events)
        #expect(card.authorisations.first?.approved == false)
        #expect(card.authorisations.first?.timeToAuthorise == nil)
    }

    @Test("one request at a time; the approver and the white cell act without asking; the white cell may answer")
    func whoAsks() throws {
        let (events, state) = try play([
            ["asdf contain dc", "asdf contain dc"],
            [],
            ["white approve R1"],
        ])
        #expect(rejection(of: "asdf contain dc", in: events) == [nil, .awaitingApproval])
        #expect(state.requests.count == 1)
        #expect(state.requests[0].answer?.by == exercise.teams.firstIndex { $0.id == "white" })

        // jcdc's grant to the ally needs the white cell; the white cell's own containment needs nothing.
        let direct = try play([["jcdc grant usfj mail", "white contain dc"]])
        #expect(direct.state.requests.map { $0.decision.line(in: exercise) } == ["jcdc grant usfj mail"])
        #expect(direct.state.grants.isEmpty)
        #expect(direct.state.assets[exercise.assets.firstIndex { $0.id == "dc" }!].contained)
    }

    @Test("an approval that comes too late lapses: the decision is not done twice")
    func lapsed() throws {
        let (events, _) = try play([["asdf contain dc"], ["white contain dc"], ["jjoc approve R1"]])
        let lapses = events.compactMap { e -> Rejection? in if case .lapsed(0, let r) = e.kind { return r } else { return nil } }
        #expect(lapses == [.alreadyContained])
        let contained = events.filter { if case .contained = $0.kind { return true } else { return false } }
        #expect(contained.count == 1)
        #expect(Umpire.score(exercise, events: events).authorisations.first?.lapsed == true)
    }

    @Test("each side is told its part: the requester its request and the answer, the approver the request on arrival")
    func narration() throws {
        let (events, _) = try play([["asdf contain dc"], [], ["jjoc approve R1"]])
        func told(_ id: String) -> [String] {
            var narrator = EventNarrator(exercise: exercise, viewer: .team(exercise.teams.firstIndex { $0.id == id }!))
            return events.compactMap { narrator.describe($0)?.text }.filter { $0.contains("R1") }
        }
        #expect(told("asdf") == [
            "asked jjoc to approve asdf contain dc (jadge-off: Isolating a JADGE direction centre) as R1; it reaches jjoc +00:45",
            "R1 approved by jjoc: asdf contain dc",
        ])
        #expect(told("jjoc") == [
            "request R1 from asdf: approve asdf contain dc (Isolating a JADGE direction centre)? Answer with 'approve R1' or 'deny R1'.",
            "✓ jjoc approve R1",
            "R1 approved by jjoc: asdf contain dc",
        ])
        #expect(told("usfj") == [])
    }

    @Test("the report shows the chain of authority, request to answer")
    func report() throws {
        let (events, _) = try play([["asdf contain dc"], [], ["jjoc approve R1"], ["jcdc grant usfj mail"]])
        let card = Umpire.score(exercise, events: events)
        let md = MarkdownReport.render(ReportInput(exercise: exercise, events: events, scorecard: card, journalName: "t.jsonl",
                                                   journalHash: String(repeating: "0", count: 64)))
        #expect(md.contains("### Approvals"))
        #expect(md.contains("2 decisions needed approval: 1 approved, 0 denied, 1 never answered. Median time to authorise (TTA, from the request to its approval): 1h."))
        #expect(md.contains("| R1 | asdf contain dc | Isolating a JADGE direction centre | jjoc | +00:00 | +01:00 | approved by jjoc +01:00 | 1h |"))
        #expect(md.contains("| R2 | jcdc grant usfj mail | US team on Japanese networks | white | +01:30 | +02:00 | never answered | — |"))
    }

    @Test("automatic players approve what reached them; passive players leave it")
    func players() throws {
        var state = RunState(exercise: exercise, seed: 3)
        let events = engine.play(.reactive, state: &state)
        let card = Umpire.score(exercise, events: events)
        // No sensor sees the direction centre (sensors 0), so no player asks: nothing to approve.
        #expect(card.authorisations.isEmpty)

        var ideal = RunState(exercise: exercise, seed: 3)
        let idealEvents = engine.play(.oracle, state: &ideal)
        let idealCard = Umpire.score(exercise, events: idealEvents)
        // The oracle contains at once — JCDC (acting on air) and ASDF both ask JJOC — and JJOC (a
        // player with one decision a turn) approves each when it can: the first at once, the second
        // a turn later, when it lapses (the centre is already isolated).
        let lines = idealCard.authorisations.map {
            "\($0.decision.line(in: exercise)) @\($0.requestedAt): \($0.timeToAuthorise ?? -1)\($0.lapsed ? " lapsed" : "")"
        }
        #expect(lines == ["jcdc contain dc @0: 60", "asdf contain dc @0: 90 lapsed"])
        #expect(ideal.assets[exercise.assets.firstIndex { $0.id == "dc" }!].contained
            || ideal.assets[exercise.assets.firstIndex { $0.id == "dc" }!].restoredCount > 0)
    }
}
