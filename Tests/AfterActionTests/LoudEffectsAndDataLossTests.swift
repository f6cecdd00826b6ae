import AfterAction
import ExerciseCore
import ExerciseScript
import Presentation
import Testing
import Umpire

/// A ransom note is the victim's own detection; stolen data is scored. Played through the
/// engine, the umpire, the narrator and the report. Turns are 1 hour.
private let fixture = """
    exercise "Loud effects and stolen data"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 8 turns

    domain open "DII open" nation JPN
    domain port "Terminal operator" nation JPN

    team soc "SOC" domain open
      capacity 3
    team port-op "Terminal operator CSIRT" domain port
      capacity 1
    team white "White" role white

    segment lan "LAN" domain open
      sensors 0
    segment terminal "Terminal" domain port
      sensors 0

    asset fs "File server" in lan
      criticality 4
    asset db "Database" in lan
      criticality 2
    asset tos "Terminal operating system" in terminal
      criticality 5

    actor apt "APT"
    objective O1 "The operator finds the attack on its terminal"
    objective O2 "Keep the data in"

    inject E1 at +00:00 "Files copied out"
      by apt
      compromise fs
      exfiltrate fs
      expect detect fs within 1h objective O2
    inject E2 at +00:00 "Database foothold"
      by apt
      compromise db
      expect contain db within 3h objective O2
    inject E3 at +02:00 "Database export"
      by apt
      exfiltrate db
    inject R1 at +01:00 "Terminal encrypted"
      by apt
      compromise tos
      encrypt tos
      expect detect tos within 2h by port-op objective O1
    """

@Suite("Loud effects are seen; stolen data is scored")
struct LoudEffectsAndDataLossTests {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: fixture)
        #expect(checked.diagnostics.map(\.message) == [])
        exercise = try #require(checked.exercise)
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
    }

    func index(_ id: String) -> Int { exercise.assets.firstIndex { $0.id == id } ?? exercise.teams.firstIndex { $0.id == id }! }

    func play() throws -> (events: [Event], state: RunState, card: Scorecard) {
        let turns = [["soc detect fs", "soc detect db", "soc contain db"], ["soc contain fs"]]
        var state = RunState(exercise: exercise, seed: 1)
        var events: [Event] = []
        for t in 0..<exercise.turns {
            events += engine.openTurn(&state)
            for line in t < turns.count ? turns[t] : [] {
                events += engine.decide(&state, try #require(parser.parseJournalLine(line)))
            }
            events += engine.closeTurn(&state)
        }
        return (events, state, Umpire.score(exercise, events: events))
    }

    @Test("a ransom note alerts the operator at once and is its detection, never a missed one")
    func loud() throws {
        let (events, state, card) = try play()
        let tos = index("tos"), operatorTeam = index("port-op")
        let alerts = events.compactMap { e -> String? in
            if case .alert(let t, let a, let source) = e.kind { return "\(exercise.teams[t].id) \(exercise.assets[a].id) \(source.rawValue)@\(e.minute)" }
            return nil
        }
        #expect(alerts == ["port-op tos impact@60"])
        #expect(state.assets[tos].detectedBy == operatorTeam)
        let compromise = try #require(card.compromises.first { $0.asset == tos })
        #expect(compromise.detectedAt == 60)
        #expect(compromise.detectedBy == operatorTeam)
        #expect(compromise.detectedVia == .impact)
        #expect(compromise.timeToDetect == 0)
        #expect(card.overall.detect.open == 0)
        let r1 = try #require(card.expectations.first { exercise.injects[$0.inject].id == "R1" })
        #expect(r1.status == .met)

        var narrator = EventNarrator(exercise: exercise, viewer: .team(operatorTeam))
        let told = events.compactMap { narrator.describe($0)?.text }
        #expect(told.contains("alert: tos (Terminal operating system) is hit — the attack announces itself (its service is down or its data destroyed)"))
        var soc = EventNarrator(exercise: exercise, viewer: .team(index("soc")))
        #expect(!events.compactMap { soc.describe($0)?.text }.contains { $0.contains("tos") })
    }

    @Test("stolen data: per asset tried, lost or stopped, weighted by criticality; it caps the objective it concerns at M")
    func dataLoss() throws {
        let (_, _, card) = try play()
        // fs (criticality 4) lost at +00:00; db (2) stopped at +02:00: it was contained at +00:00.
        #expect(card.dataLoss.map { "\(exercise.assets[$0.asset].id) \($0.criticality) \($0.triedAt) \($0.lostAt.map(String.init) ?? "stopped")" }
            == ["fs 4 0 0", "db 2 120 stopped"])
        // 100 × 2 / 6, rounded half up.
        #expect(card.overall.subscores.first { $0.measure == .data }?.score == 33)
        let o2 = try #require(card.objectives.first { exercise.objectives[$0.objective].id == "O2" })
        #expect((o2.met, o2.late, o2.missed) == (2, 0, 0))
        #expect(o2.rating == .m)
        #expect(o2.dataLost)
        let o1 = try #require(card.objectives.first { exercise.objectives[$0.objective].id == "O1" })
        #expect(o1.rating == .p)
        #expect(!o1.dataLost)

        // The score's standard rubric weighs data 10 of 100.
        #expect(Rubric.standard.weight(.data) == 10)
        #expect(Rubric.Measure.allCases.map { Rubric.standard.weight($0) }.reduce(0, +) == 100)
    }

    @Test("the report says what was stolen on its first page and why the objective is rated M")
    func report() throws {
        let (events, _, card) = try play()
        let md = MarkdownReport.render(ReportInput(exercise: exercise, events: events, scorecard: card, journalName: "t.jsonl",
                                                   journalHash: String(repeating: "0", count: 64)))
        #expect(md.contains("- Data was stolen from File server (criticality 4, +00:00); 1 exfiltration attempt was stopped."))
        #expect(md.contains("Rule: 2 met, 0 late, 0 missed (r = 4/4), but data it protects was stolen: at best M."))
    }
}
