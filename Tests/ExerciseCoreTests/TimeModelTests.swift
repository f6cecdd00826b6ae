import ExerciseCore
import ExerciseScript
import Testing

/// Time that does not bend (issue 14): a segment's `sensors` is a chance per hour, whatever
/// the turn length, and a channel's latency can change in phases.
@Suite("The time model: sensor chances per hour, channel latencies in phases")
struct TimeModelTests {
    @Test("the chance per turn gives the chance per hour over an hour", arguments: [
        // (per hour, turn minutes, per turn): 1 − (1 − p)^(turn/60), to the nearest per mille.
        (300, 60, 300), (300, 30, 163), (200, 30, 106), (50, 30, 25), (100, 15, 26), (300, 120, 510),
        (0, 30, 0), (1000, 30, 1000), (500, 20, 206),
    ])
    func perTurn(perHour: Int, turn: Int, expected: Int) {
        #expect(Exercise.perTurn(perMillePerHour: perHour, turnMinutes: turn) == expected)
    }

    @Test("30-minute and 1-hour turns see alike: the chance of no alert in an hour matches within rounding")
    func alike() {
        for p in stride(from: 10, through: 990, by: 10) {
            let half = Exercise.perTurn(perMillePerHour: p, turnMinutes: 30)
            let missed = (1 - Double(half) / 1000) * (1 - Double(half) / 1000)
            // One per mille of rounding per turn moves the hourly chance by at most about 2 per mille.
            #expect(abs((1 - missed) * 1000 - Double(p)) <= 2.0, "\(p) per hour → \(half) per half hour")
        }
    }

    static let exercise = """
        exercise "Phases"
          start 2026-01-01T00:00Z
          turn 30m
          length 12 turns

        domain joint "Joint" nation JPN
        domain ally "Ally" nation USA
        team jcdc "JCDC" domain joint
        team usfj "USFJ" domain ally role ally
        segment open "Open" domain joint
          sensors 0
        asset mail "Mail" in open
        actor apt "APT"
        channel jcdc -> usfj 2h marking "REL TO JPN, USA"
          latency 30m from +02:00
        inject A1 at +00:00 "Phish"
          by apt
          to jcdc
          marking "REL TO JPN, USA"
          compromise mail
        """

    @Test("a share takes the latency in force when it is sent")
    func phases() throws {
        let checked = ExerciseChecker.check(text: Self.exercise)
        #expect(checked.diagnostics.map(\.message) == [])
        let x = try #require(checked.exercise)
        #expect(x.channels[0].phases == [Channel.Phase(from: 120, latencyMinutes: 30)])
        let engine = Engine(exercise: x)
        var state = RunState(exercise: x, seed: 1)
        let parser = ResponseParser(exercise: x)
        var arrivals: [Int] = []
        for turn in 1...x.turns {
            _ = engine.openTurn(&state)
            // Shared at +01:30 (2 h: arrives +03:30) and at +02:00 (30 min: arrives +02:30).
            if turn == 4 || turn == 5 {
                for e in engine.decide(&state, try #require(parser.parseJournalLine("jcdc share A1 -> usfj"))) {
                    if case .sent(_, _, _, let arrives, _) = e.kind { arrivals.append(arrives) }
                }
            }
            _ = engine.closeTurn(&state)
        }
        #expect(arrivals == [210, 150])
    }
}
