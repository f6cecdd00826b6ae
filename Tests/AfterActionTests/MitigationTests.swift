import AfterAction
import ExerciseCore
import ExerciseScript
import Presentation
import Testing
import Umpire

/// Mitigations short of isolation (issue 14, item 6): blocking a C2 and revoking
/// credentials cut the effects that depend on them, through the engine, the journal, the
/// umpire, the narrator and the report. Turns are 1 hour; sensors never fire.
private let mitigationFixture = """
    exercise "Mitigations fixture"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 8 turns

    domain joint "Joint" nation JPN
    domain land "Land" nation JPN
    team jcdc "JCDC" domain joint capacity 4
    team gsdf "GSDF" domain land capacity 4
    team jjoc "JJOC" role approver nation JPN
    team white "White" role white

    segment open "Open" domain joint sensors 0
    segment hq "HQ" domain land sensors 0
    link open hq

    asset mail "Mail" in open
    asset vpn "VPN" in hq
    asset dc "Domain controller" in hq
      criticality 5
    asset files "File server" in hq

    actor apt "APT"
    c2 apt-c2 "The intrusion set's C2 domains"
    credential da "Western Army domain-admin credentials"

    inject A1 at +00:00 "Phish"
      by apt
      to jcdc
      compromise mail
    inject A2 at +01:00 "VPN"
      by apt
      spread mail -> vpn every 1h over apt-c2
    inject A3 at +02:00 "DCSync"
      by apt
      spread vpn -> dc every 1h using da
    inject A4 at +05:00 "Ransomware"
      by apt
      encrypt dc over apt-c2 using da
    inject A5 at +05:00 "File server"
      by apt
      spread vpn -> files

    approval sinkhole "Sinkholing the C2 domains"
      of block apt-c2
      by jjoc
    """

@Suite("Mitigations: a blocked C2 or revoked credentials cut what depends on them")
struct MitigationTests {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: mitigationFixture)
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

    /// Each effect's outcomes in order, as "A2@60 applied".
    func outcomes(_ events: [Event]) -> [String] {
        events.compactMap { e in
            guard case .effect(let i, _, let outcome, _) = e.kind else { return nil }
            return "\(exercise.injects[i].id)@\(e.minute) \(outcome.rawValue)"
        }
    }

    @Test("a revoke and an approved block stop the progressions and the ransomware that need them, not what needs neither")
    func cuts() throws {
        let dc = exercise.assets.firstIndex { $0.id == "dc" }!
        let files = exercise.assets.firstIndex { $0.id == "files" }!
        let cut = try play([[], [], ["gsdf revoke da", "jcdc block apt-c2"], ["jjoc approve R1"]])
        #expect(outcomes(cut.events) == [
            "A1@0 applied", "A2@60 applied", "A3@120 applied", "A2@120 unchanged",
            // Revoked at +02:00 in land: the DCSync progression is cut; the block waits for JJOC.
            "A2@180 unchanged", "A3@180 cut",
            // Blocked in joint at +03:00 (approved): the VPN progression is cut at its next try.
            "A2@240 cut",
            // The ransomware needs both; the spread to the file server needs neither.
            "A4@300 cut", "A5@300 applied",
        ])
        #expect(!cut.state.assets[dc].isCompromised || cut.state.assets[dc].impact == .up)
        #expect(cut.state.assets[files].isCompromised)
        #expect(cut.state.progressions.isEmpty)

        let none = try play([])
        #expect(outcomes(none.events).contains("A4@300 applied"))
        #expect(none.state.assets[dc].impact == .down)

        // The umpire: the domain controller's outage happens only without the mitigations.
        let withCuts = Umpire.score(exercise, events: cut.events)
        let without = Umpire.score(exercise, events: none.events)
        #expect(!withCuts.outages.contains { $0.asset == dc })
        #expect(without.outages.contains { $0.asset == dc })
        #expect(withCuts.authorisations.map(\.timeToAuthorise) == [60])
    }

    @Test("the cut is journaled with where it holds, decodes back, and is refused once done everywhere the team acts")
    func journalAndRules() throws {
        let (events, _) = try play([["jcdc block apt-c2", "white block apt-c2", "white block apt-c2", "jjoc revoke da"]])
        let codec = JournalCodec(exercise: exercise)
        var cuts: [String] = []
        for e in events {
            #expect(try codec.decode(e.json(in: exercise)) == e)
            if case .cut = e.kind { cuts.append(e.json(in: exercise).serialized()) }
        }
        // The white cell's block needs no approval and holds everywhere; jcdc's waits for JJOC.
        #expect(cuts == [#"{"seq":7,"turn":1,"minute":0,"type":"cut","team":"white","c2":"apt-c2","domains":["joint","land"]}"#])
        let rejected = events.compactMap { e -> String? in
            guard case .decision(let d, let r?) = e.kind else { return nil }
            return "\(d.line(in: exercise)): \(r.name): \(r.message(for: d, in: exercise))"
        }
        #expect(rejected == [
            "white block apt-c2: already-cut: apt-c2 is already blocked everywhere white acts",
            "jjoc revoke da: no-domain-to-cut: jjoc acts in no domain, so it has nowhere to revoke",
        ])
        // The line parser knows which names are C2s and which credentials.
        guard case .failure(let d) = parser.parseConsoleLine("jcdc block da", currentTurn: 1) else {
            Issue.record("'jcdc block da' was accepted")
            return
        }
        #expect(d.message == "unknown C2 'da'")
    }

    @Test("the team is told it made the cut, not what it cut; the white cell's report shows the cut effects")
    func toldAndReported() throws {
        let (events, _) = try play([[], [], ["gsdf revoke da"]])
        let gsdf = exercise.teams.firstIndex { $0.id == "gsdf" }!
        var narrator = EventNarrator(exercise: exercise, viewer: .team(gsdf))
        let told = events.compactMap { narrator.describe($0)?.text }
        #expect(told.contains("revoked credentials da (Western Army domain-admin credentials) in land"))
        #expect(!told.contains { $0.contains("A3") || $0.contains("cut (") })
        let card = Umpire.score(exercise, events: events)
        let md = MarkdownReport.render(ReportInput(exercise: exercise, events: events, scorecard: card, journalName: "t.jsonl",
                                                   journalHash: String(repeating: "0", count: 64)))
        #expect(md.contains("cut (its C2 is blocked or its credentials revoked)"), "\(md)")
    }
}
