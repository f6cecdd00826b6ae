import ExerciseCore
import ExerciseScript
import Foundation
import Testing

/// A small exercise whose rules each test exercises; turns are 1 hour.
let engineFixture = """
    exercise "Engine fixture"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 12 turns
      tearline 2h

    domain joint "Joint" nation JPN
    domain land "Land" nation JPN
    domain ally "Ally" nation USA

    team jcdc "JCDC" domain joint
      acts-on land
      capacity 2
    team gsdf "GSDF" domain land
      capacity 1
    team usfj "USFJ" domain ally role ally
    team white "White" role white

    segment open "Open" domain joint
      sensors 0
      hunt 1
    segment hq "HQ" domain land
      sensors 0
    link open hq

    asset mail "Mail" in open
      restore 2h
    asset vpn "VPN" in hq
      restore 1h
      backups no
    asset dc "DC" in hq
      restore 1h

    mission c2 "C2" needs mail vpn

    channel jcdc -> usfj 1h marking "REL TO JPN, USA"
    channel jcdc -> gsdf 0m
    actor apt "APT"

    inject A1 at +00:00 "Phish"
      by apt
      to jcdc
      compromise mail
      expect detect mail within 1h
    inject A2 at +01:00 "Spread"
      by apt
      spread mail -> vpn every 2h
      expect detect vpn within 2h
    inject A3 when vpn compromised at +03:00 "Impact"
      by apt
      encrypt vpn
      expect restore vpn within 4h
    inject S1 at +00:00 "Secret indicators"
      by apt
      to jcdc
      marking "JPN ONLY"
      text "Vendor pack."
      tearline "Indicators only." marking "REL TO JPN, USA"
      expect share -> usfj within 4h
    """

struct Harness {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser
    var state: RunState
    var events: [Event] = []

    init(seed: UInt64 = 1) throws {
        exercise = try #require(ExerciseChecker.check(text: engineFixture).exercise)
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
        state = RunState(exercise: exercise, seed: seed)
    }

    /// Plays one turn with the given decision lines; returns the rejection reasons (nil = applied).
    @discardableResult
    mutating func turn(_ lines: String...) throws -> [String?] {
        events += engine.openTurn(&state)
        var outcomes: [String?] = []
        for line in lines {
            let d = try #require(parser.parseJournalLine(line), "\(line)")
            let new = engine.decide(&state, d)
            events += new
            if case .decision(let d, let r) = new.first?.kind { outcomes.append(r?.message(for: d, in: exercise)) }
        }
        events += engine.closeTurn(&state)
        return outcomes
    }

    func asset(_ id: String) -> RunState.AssetState { state.assets[exercise.assets.firstIndex { $0.id == id }!] }

    func effects(_ inject: String) -> [Event.EffectOutcome] {
        let i = exercise.injects.firstIndex { $0.id == inject }!
        return events.compactMap { if case .effect(i, _, let o, _) = $0.kind { return o } else { return nil } }
    }
}

@Suite("The turn engine")
struct EngineTests {
    @Test("an uncontained source spreads on schedule and the later impact lands")
    func spreadAndImpact() throws {
        var h = try Harness()
        try h.turn()  // +00:00 A1 compromises mail
        try h.turn()  // +01:00 A2 spreads mail -> vpn
        #expect(h.asset("vpn").isCompromised)
        try h.turn()
        try h.turn()  // +03:00 A3: vpn compromised, so it fires and encrypts
        #expect(h.effects("A3") == [.applied])
        #expect(h.asset("vpn").service == .down)
        #expect(h.state.missions == [.down])
    }

    @Test("containing the source stops the progression and blocks the impact on a clean target")
    func containment() throws {
        var h = try Harness()
        #expect(try h.turn("jcdc detect mail", "jcdc contain mail") == [nil, nil])
        try h.turn()  // A2 at +01:00: source contained
        #expect(h.effects("A2") == [.stopped])
        #expect(!h.asset("vpn").isCompromised)
        for _ in 0..<4 { try h.turn() }
        #expect(h.effects("A3").isEmpty, "A3 waits for vpn compromised, which never happens")
        #expect(h.asset("mail").service == .down, "containment takes the service down until restored")
    }

    @Test("a restore takes the restore time, doubled without backups, and ends at the turn boundary")
    func restoreTimes() throws {
        var h = try Harness()
        try h.turn()
        try h.turn()
        try h.turn()
        try h.turn()  // vpn encrypted at +03:00
        try h.turn("jcdc contain mail", "jcdc restore vpn")  // +04:00; vpn restore 1h, no backups: 2h
        let started = try #require(h.events.compactMap { e -> Int? in
            if case .restoreStarted(_, _, let until) = e.kind { return until } else { return nil }
        }.first)
        #expect(started == 240 + 120)
        #expect(h.asset("vpn").restoringUntil == 360)
        try h.turn()  // +05:00 to +06:00: the restore ends at +06:00, the close of this turn
        #expect(h.asset("vpn").restoringUntil == nil)
        #expect(h.asset("vpn").service == .up)
        #expect(!h.asset("vpn").isCompromised)
    }

    @Test("a JPN ONLY inject cannot reach the US cell until a tearline is ready")
    func releasability() throws {
        var h = try Harness()
        let first = try h.turn("jcdc share S1 -> usfj", "jcdc tearline S1")
        #expect(first[0] == "marked 'JPN ONLY': usfj (USA) may not receive it; its tearline may go (tearline S1 first)")
        #expect(first[1] == nil)
        #expect(try h.turn("jcdc share S1 -> usfj") == ["marked 'JPN ONLY': usfj (USA) may not receive it; its tearline may go (tearline S1 first)"])
        #expect(try h.turn("jcdc share S1 -> usfj") == [nil], "started at +00:00 with a 2h delay: ready from +02:00")
        try h.turn()
        let usfj = h.exercise.teams.firstIndex { $0.id == "usfj" }!, s1 = h.exercise.injects.firstIndex { $0.id == "S1" }!
        // The US cell holds the tearline, never the card as written.
        #expect(h.state.holds(usfj, tearline: s1))
        #expect(!h.state.holds(usfj, card: s1))
        #expect(!h.state.teams[usfj].injects.contains(s1))
    }

    @Test("capacity, authority, channels and grants are enforced with reasons")
    func rules() throws {
        var h = try Harness()
        let reasons = try h.turn(
            "gsdf hunt hq", "gsdf hunt hq", "usfj detect mail", "usfj share A1 -> jcdc", "jcdc share mail -> usfj",
            "jcdc grant usfj mail", "usfj detect mail", "gsdf release A2")
        #expect(reasons == [
            nil,
            "gsdf has used all 1 decisions this turn (capacity)",
            "usfj has no authority on mail (domain joint); ask jcdc to grant it",
            "no channel from usfj to jcdc",
            "jcdc has nothing on mail to share",
            nil,
            nil,
            "only the white cell can release",
        ])
    }

    @Test("a hunt finds hidden compromises with the segment's chance; a report on a clean asset is false")
    func huntAndFalseReports() throws {
        var h = try Harness()
        try h.turn("jcdc hunt open", "jcdc detect dc")
        #expect(h.events.contains { if case .alert(_, _, .hunt) = $0.kind { return true } else { return false } })
        #expect(h.events.contains { if case .detection(_, _, _, false) = $0.kind { return true } else { return false } })
    }

    @Test("a team reports an asset once until it is restored, false reports included")
    func reportOnce() throws {
        var h = try Harness()
        #expect(try h.turn("jcdc detect dc", "jcdc detect dc") == [nil, "jcdc already reported dc"])
        #expect(try h.turn("jcdc detect mail") == [nil])
        #expect(try h.turn("jcdc detect mail") == ["jcdc already reported mail"])
    }

    @Test("folding the events gives exactly the engine's state, generator included")
    func fold() throws {
        var h = try Harness(seed: 42)
        try h.turn("jcdc detect mail", "jcdc share A1 -> usfj")
        try h.turn("jcdc tearline S1")
        try h.turn("jcdc contain mail", "jcdc restore mail")
        while !h.state.finished { try h.turn() }
        #expect(RunState.fold(h.events, exercise: h.exercise, seed: 42) == h.state)
    }

    @Test("the same seed and decisions give the same events; sensors depend on the seed")
    func determinism() throws {
        func run(_ seed: UInt64) throws -> [Event] {
            let text = engineFixture.replacingOccurrences(of: "sensors 0\n", with: "sensors 0.5\n")
            let x = try #require(ExerciseChecker.check(text: text).exercise)
            let engine = Engine(exercise: x)
            var state = RunState(exercise: x, seed: seed)
            var events: [Event] = []
            while !state.finished { events += engine.step(&state, decisions: []) }
            return events
        }
        #expect(try run(3) == run(3))
        let alertsBySeed = try (1...8).map { seed in try run(seed).filter { if case .alert = $0.kind { return true } else { return false } }.map(\.turn) }
        #expect(Set(alertsBySeed.map { $0.description }).count > 1)
    }

    @Test("an undo in a replay restores the state before the withdrawn decision")
    func undo() throws {
        var h = try Harness()
        h.events += h.engine.openTurn(&h.state)
        let before = h.state
        let d = try #require(h.parser.parseJournalLine("jcdc contain mail"))
        let decided = h.engine.decide(&h.state, d)
        var replay = Replay(exercise: h.exercise, seed: 1)
        for e in h.events + decided { replay.apply(e) }
        #expect(replay.state.assets[0].contained)
        replay.apply(Event(seq: h.state.nextSeq, turn: 1, minute: 0, kind: .undo(decision: decided[0].seq)))
        var expected = before
        expected.nextSeq = h.state.nextSeq + 1
        // A fold knows the dice only from each turn's end (turn-end journals them); mid-turn
        // the engine's generator has moved on for the sensors, so compare everything else.
        var restored = replay.state
        restored.rng = expected.rng
        #expect(restored == expected)
    }
}
