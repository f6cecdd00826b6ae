import Foundation
import Testing
import ExerciseCore
import ExerciseScript
import Umpire

/// What `--players oracle` is and is not (issue 17): never worse than reactive players at
/// what the adversary takes, on the same dice, on every run tried of every shipped exercise
/// and the cage-sized workload; but not an upper bound on the 0–100 score, for the reason
/// Scoring.md gives ("Prevention and the score"), shown here on the run that shows it.
@Suite struct OracleTests {
    static let workloads = Repository.shipped.map { ("Exercises/\($0).exercise", 300) } + [("Exercises/bench/cage-sized.exercise", 30)]

    static func cards(_ x: Exercise, run k: Int) -> (reactive: Scorecard, oracle: Scorecard, passive: Scorecard) {
        let engine = Engine(exercise: x)
        func card(_ p: Players) -> Scorecard {
            var state = RunState(exercise: x, generator: .stream(seed: 1, index: UInt64(k)))
            return Umpire.score(x, events: engine.play(p, state: &state))
        }
        return (card(.reactive), card(.oracle), card(.passive))
    }

    @Test("on the same dice the oracle never ends a run with lower availability, more missed compromises, more data lost or a slower median detection than reactive players",
          arguments: workloads)
    func neverWorseAtWhatTheAdversaryTakes(_ workload: (path: String, runs: Int)) throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes(workload.path)).exercise)
        var scoredLower = 0
        for k in 0..<workload.runs {
            let (r, o, p) = Self.cards(x, run: k)
            let where_ = "\(workload.path) run \(k)"
            #expect(o.availability >= r.availability, "\(where_): availability \(o.availability) < \(r.availability)")
            let missed = { (c: Scorecard) in c.compromises.filter { $0.detectedAt == nil }.count }
            #expect(missed(o) <= missed(r), "\(where_): missed compromises \(missed(o)) > \(missed(r))")
            let lost = { (c: Scorecard) in c.dataLoss.filter(\.isLost).map(\.criticality).reduce(0, +) }
            #expect(lost(o) <= lost(r), "\(where_): data lost \(lost(o)) > \(lost(r))")
            #expect((o.overall.detect.median ?? 0) <= (r.overall.detect.median ?? 0), "\(where_): median time to detect")
            #expect((o.overall.score ?? 0) >= (p.overall.score ?? 0), "\(where_): the oracle scored below doing nothing")
            if (o.overall.score ?? 0) < (r.overall.score ?? 0) { scoredLower += 1 }
        }
        // Not asserted either way: how often the ratio measures put reactive players ahead.
        print("\(workload.path): reactive players scored higher than the oracle in \(scoredLower) of \(workload.runs) runs")
    }

    @Test("what the oracle prevents is not applicable, not met: on pacific-shield run 8 it blocks the spread to wa-ws and scores 91 to reactive's 92")
    func preventionIsNotApplicable() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/pacific-shield.exercise")).exercise)
        let (r, o, _) = Self.cards(x, run: 8)
        let wsIndex = try #require(x.assets.firstIndex { $0.id == "wa-ws" })
        let vpnIndex = try #require(x.assets.firstIndex { $0.id == "wa-vpn" })
        let a03 = try #require(x.injects.firstIndex { $0.id == "A03" })
        func status(_ c: Scorecard) -> Scorecard.Status? { c.expectations.first { $0.inject == a03 && $0.number == 1 }?.status }
        // A03 spreads from wa-vpn to wa-ws; its first expectation is that GSDF reports wa-ws.
        #expect(x.injects[a03].expectations[0].action == .detect(asset: wsIndex))
        // Reactive players learn of wa-vpn a turn late: the spread lands and GSDF reports it in time.
        #expect(r.compromises.contains { $0.asset == wsIndex })
        #expect(status(r) == .met)
        // The oracle reports and contains wa-vpn in the turn it falls, so the spread is blocked,
        // wa-ws is never touched, and A03.1 has nothing to be about.
        let vpn = try #require(o.compromises.first { $0.asset == vpnIndex })
        #expect(vpn.timeToDetect == 0)
        #expect(!o.compromises.contains { $0.asset == wsIndex })
        #expect(status(o) == .notApplicable)
        // One fewer met expectation out of a share with the same misses: the lower score.
        #expect(r.overall.score == 92 && o.overall.score == 91, "\(String(describing: r.overall.score)) \(String(describing: o.overall.score))")
        #expect(o.availability >= r.availability)
    }
}
