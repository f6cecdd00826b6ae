import AfterAction
import ExerciseCore
import ExerciseScript
import Presentation
import Testing
import Umpire

/// Spoofing that lasts until an outside body removes its source (issue 14, item 6): a
/// `spoof … from EMITTER` degrades the asset while the emitter is on the air, a rebuild does
/// not end it, and only the bodies the emitter names (or the white cell) can `remove` it.
/// Turns are 1 hour; sensors never fire.
private let spoofingFixture = """
    exercise "Spoofing fixture"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 8 turns

    domain maritime "Maritime" nation JPN
    domain sea "Territorial sea" nation JPN
    team msdf "MSDF" domain maritime capacity 4
    team jcg "Coast Guard" domain sea capacity 2
    team white "White" role white

    segment nav "Navigation feeds" domain maritime sensors 0

    asset gnss "GNSS reference receiver" in nav restore 2h
    asset ais "AIS shore station" in nav restore 2h

    mission harbour "Safe navigation" needs gnss ais

    actor storm "Storm"
    emitter tx "Transmitter on a vessel in the bay" removed-by jcg

    inject B1 at +01:00 "GNSS and AIS spoofing"
      by storm
      to msdf
      spoof gnss from tx
      spoof ais
    inject B2 at +06:00 "The spoofer tries again"
      by storm
      spoof gnss from tx
    """

@Suite("Spoofing lasts until the body that can remove its emitter acts")
struct SpoofingTests {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: spoofingFixture)
        #expect(checked.diagnostics.map(\.message) == [])
        exercise = try #require(checked.exercise)
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
    }

    func play(_ turns: [[String]]) throws -> (events: [Event], state: RunState) {
        var state = RunState(exercise: exercise, seed: 1)
        var events: [Event] = []
        for t in 0..<exercise.turns {
            events += engine.openTurn(&state)
            for line in t < turns.count ? turns[t] : [] {
                events += engine.decide(&state, try #require(parser.parseJournalLine(line), "cannot read '\(line)'"))
            }
            events += engine.closeTurn(&state)
        }
        return (events, state)
    }

    func asset(_ id: String) -> Int { exercise.assets.firstIndex { $0.id == id }! }

    /// The service level of each asset at the end of every turn, as "gnss@60 degraded".
    func levels(_ events: [Event], _ id: String) -> [String] {
        var state = RunState(exercise: exercise, seed: 1)
        var out: [String] = []
        for e in events {
            state.apply(e, in: exercise)
            if case .turnEnded = e.kind { out.append("\(e.minute) \(state.assets[asset(id)].service)") }
        }
        return out
    }

    @Test("a rebuild does not end a spoofing from an emitter; removing the emitter does, and cuts the next try")
    func lastsUntilRemoved() throws {
        // Spoofed at +01:00 and both rebuilt at once (2 h: back at +03:00); the Coast Guard
        // removes the emitter in the turn from +04:00, so the spoofing ends as that turn closes.
        let (events, state) = try play([[], ["msdf restore gnss", "msdf restore ais"], [], [], ["jcg remove tx"]])
        #expect(levels(events, "gnss") == [
            "60 up", "120 down", "180 degraded", "240 degraded", "300 up", "360 up", "420 up", "480 up",
        ])
        // The spoofing without an emitter ends with the rebuild.
        #expect(levels(events, "ais") == ["60 up", "120 down", "180 up", "240 up", "300 up", "360 up", "420 up", "480 up"])
        let ended = events.filter { if case .spoofEnded = $0.kind { return true } else { return false } }
        #expect(ended.map(\.minute) == [300])
        // B2 at +06:00 needs the emitter, which is off the air.
        let b2 = events.compactMap { e -> Event.EffectOutcome? in
            guard case .effect(let i, _, let outcome, _) = e.kind, exercise.injects[i].id == "B2" else { return nil }
            return outcome
        }
        #expect(b2 == [.cut])
        #expect(state.spoofs.isEmpty)
        #expect(state.serviceLevels[asset("gnss")] == .up)

        // Without the removal the receiver stays degraded to the end, rebuilt or not.
        let (left, _) = try play([[], ["msdf restore gnss"]])
        #expect(levels(left, "gnss").last == "480 degraded")
    }

    @Test("only the bodies the emitter names, or the white cell, can remove it; the refusal says who can")
    func whoMayRemove() throws {
        let (events, _) = try play([[], ["msdf remove tx", "jcg remove tx", "white remove tx"]])
        let rejected = events.compactMap { e -> String? in
            guard case .decision(let d, let r?) = e.kind else { return nil }
            return "\(d.line(in: exercise)): \(r.name) (\(r.rule.rawValue)): \(r.message(for: d, in: exercise))"
        }
        #expect(rejected == [
            "msdf remove tx: cannot-remove (authority): only jcg (or the white cell) can take tx off the air",
            "white remove tx: already-cut (already done): tx is already off the air",
        ])
        let codec = JournalCodec(exercise: exercise)
        var lines: [String] = []
        for e in events {
            #expect(try codec.decode(e.json(in: exercise)) == e)
            switch e.kind {
            case .cut, .spoofEnded: lines.append(e.json(in: exercise).serialized())
            case .decision(let d, nil) where d.verb == .remove(dependency: 0): lines.append(e.json(in: exercise).serialized())
            default: break
            }
        }
        #expect(lines == [
            #"{"seq":9,"turn":2,"minute":60,"type":"decision","team":"jcg","line":"jcg remove tx","verb":"remove","emitter":"tx","outcome":"applied"}"#,
            #"{"seq":10,"turn":2,"minute":60,"type":"cut","team":"jcg","emitter":"tx","domains":["maritime","sea"]}"#,
            #"{"seq":12,"turn":2,"minute":120,"type":"spoof-ended","asset":"gnss"}"#,
        ])
        // The line parser knows emitters from C2s.
        guard case .failure(let d) = parser.parseConsoleLine("white block tx", currentTurn: 1) else {
            Issue.record("'white block tx' was accepted")
            return
        }
        #expect(d.message == "unknown C2 'tx'")
    }

    @Test("the remover is told it took the emitter off the air; the owner only that its feed is true again")
    func told() throws {
        let (events, _) = try play([[], ["jcg remove tx"]])
        func told(_ team: String) -> [String] {
            var narrator = EventNarrator(exercise: exercise, viewer: .team(exercise.teams.firstIndex { $0.id == team }!))
            return events.compactMap { narrator.describe($0)?.text }
        }
        #expect(told("jcg").contains("took emitter tx (Transmitter on a vessel in the bay) off the air"))
        #expect(!told("jcg").contains { $0.contains("gnss") })
        #expect(told("msdf").contains("gnss reports true data again"))
        #expect(!told("msdf").contains { $0.contains("tx") || $0.contains("emitter") })
    }

    @Test("the umpire's outage lasts until the spoofing ends, and a rebuild in it is not what ended it")
    func outages() throws {
        let (events, _) = try play([[], ["msdf restore gnss", "msdf restore ais"], [], [], ["jcg remove tx"]])
        let card = Umpire.score(exercise, events: events)
        let gnss = try #require(card.outages.first { $0.asset == asset("gnss") })
        #expect(gnss.lostAt == 60 && gnss.backAt == 300 && !gnss.byRestore && gnss.worst == .down)
        let ais = try #require(card.outages.first { $0.asset == asset("ais") })
        #expect(ais.lostAt == 60 && ais.backAt == 180 && ais.byRestore)
        // Mission availability, each turn at its worst before the turn's closing: up; down
        // (spoofed, then rebuilding); down (rebuilding); degraded (spoofed after the rebuild);
        // degraded (removed, but it ends as the turn closes); then three up. Halves 2+0+0+1+1+2+2+2 of 16.
        #expect(card.missionAvailability == [625])
    }

    @Test("an approval can cover a removal: the Coast Guard's boarding waits for the ministry")
    func approvedRemoval() throws {
        let text = spoofingFixture + """

            team mlit "Ministry of Land, Infrastructure, Transport and Tourism" role approver nation JPN
            approval boarding "Boarding the spoofing vessel"
              of remove tx
              by mlit
            """
        let x = try #require(ExerciseChecker.check(text: text).exercise)
        let p = ResponseParser(exercise: x)
        let e = Engine(exercise: x)
        var state = RunState(exercise: x, seed: 1)
        var events: [Event] = []
        for (t, lines) in [[], ["jcg remove tx"], ["mlit approve R1"]].enumerated() where t < x.turns {
            events += e.openTurn(&state)
            for line in lines { events += e.decide(&state, try #require(p.parseJournalLine(line))) }
            events += e.closeTurn(&state)
        }
        let kinds = events.compactMap { ev -> String? in
            switch ev.kind {
            case .approvalRequested, .approved, .cut, .spoofEnded: return "\(ev.type)@\(ev.minute)"
            default: return nil
            }
        }
        #expect(kinds == ["approval-request@60", "approved@120", "cut@120", "spoof-ended@180"])
    }

    @Test("the checker places misuse of emitters at line and column")
    func diagnostics() throws {
        let text = """
            exercise "Bad emitters"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 4 turns
            domain maritime "Maritime" nation JPN
            team msdf "MSDF" domain maritime
            segment nav "Nav" domain maritime
            asset gnss "GNSS" in nav
            actor storm "Storm"
            c2 tx "C2"
            emitter tx "Transmitter" removed-by jgc
            emitter tx2 "Second transmitter"
            inject B1 at +01:00 "Spoof"
              by storm
              compromise gnss
              degrade gnss from tx2
              spoof gnss from tx3
            """
        let found = ExerciseChecker.check(text: text).diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue): \($0.message)" }
        #expect(found == [
            "11:9 duplicate-definition: 'tx' names both an emitter and a C2 (line 10); remove, block and revoke need one meaning",
            "11:37 unknown-reference: unknown team 'jgc'",
            "16:16 unexpected-argument: only 'spoof' comes from an emitter; 'degrade' may depend on a C2 ('over') or credentials ('using')",
            "17:19 unknown-reference: unknown emitter 'tx3'; did you mean 'tx'?",
        ])
    }
}
