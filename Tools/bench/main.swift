import ExerciseCore
import ExerciseGenerator
import ExerciseScript
import Foundation
import Umpire

// Tools/bench: speed of the checker and the turn engine. Build and run in release:
//   swift run -c release bench [--json]
// Figures go to Documentation/Performance.md with the machine they came from.

let json = CommandLine.arguments.contains("--json")

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Best of `repeats` wall times of `body`, in nanoseconds.
func best(_ repeats: Int, _ body: () -> Void) -> UInt64 {
    var best = UInt64.max
    for _ in 0..<repeats {
        let start = now()
        body()
        best = min(best, now() - start)
    }
    return best
}

func peakResidentKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

nonisolated(unsafe) var results: [(String, JSONValue)] = []
func report(_ name: String, _ fields: [(String, JSONValue)], _ line: String) {
    results.append((name, .object(fields.map { ($0.0, $0.1) })))
    if !json { print(line) }
}

// 1. Checking a large exercise: 5,000 assets, 10,000 injects.
do {
    let text = ExerciseGenerator(assets: 5_000, injects: 10_000, segments: 50, turns: 500).text()
    let bytes = Array(text.utf8)
    var injects = 0
    let ns = best(3) {
        let result = ExerciseChecker.check(bytes: bytes)
        injects = result.exercise?.injects.count ?? -1
    }
    report("check", [("assets", .int(5_000)), ("injects", .int(injects)), ("bytes", .int(bytes.count)),
                     ("milliseconds", .int(Int(ns / 1_000_000)))],
           "check   5,000 assets, \(injects) injects (\(bytes.count / 1024) KiB): \(Double(ns) / 1e6) ms")
}

// 2. The engine: the same injects on networks of growing size, 500 turns, no decisions.
for assets in [500, 5_000, 50_000] {
    let text = ExerciseGenerator(assets: assets, injects: 20, segments: 10, turns: 500).text()
    guard let exercise = ExerciseChecker.check(text: text).exercise else {
        print("bench: generated exercise does not check")
        exit(1)
    }
    let engine = Engine(exercise: exercise)
    var events = 0
    let runs = 20
    let ns = best(3) {
        events = 0
        for run in 0..<runs {
            var state = RunState(exercise: exercise, seed: UInt64(run + 1))
            while !state.finished { events += engine.step(&state, decisions: []).count }
        }
    }
    let turns = runs * exercise.turns
    let turnsPerSecond = Double(turns) / (Double(ns) / 1e9)
    let nsPerEvent = Double(ns) / Double(max(1, events))
    report("engine-\(assets)", [("assets", .int(assets)), ("injects", .int(20)), ("turns", .int(turns)), ("events", .int(events)),
                                ("turnsPerSecond", .int(Int(turnsPerSecond))), ("nanosecondsPerEvent", .int(Int(nsPerEvent)))],
           "engine  \(assets) assets, 20 injects, \(runs) runs × \(exercise.turns) turns: \(Int(turnsPerSecond)) turns/s, \(events / runs) events/run, \(Int(nsPerEvent)) ns/event")
}

// 3. Simulation: 1,000 whole runs with automatic players and the umpire's scorecard,
// as `cdx simulate` does them, on the shipped exercises, with 1 and 2 workers.
final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var total = 0
    func add(_ n: Int) { lock.lock(); total += n; lock.unlock() }
}
for name in ["pacific-shield", "harbour-and-airbase", "shared-vendor"] {
    guard let data = FileManager.default.contents(atPath: "Exercises/\(name).exercise"),
          let exercise = ExerciseChecker.check(bytes: Array(data)).exercise else {
        print("bench: run from the repository root (Exercises/\(name).exercise not found)")
        exit(1)
    }
    let engine = Engine(exercise: exercise)
    for players in Players.allCases {
        let runs = 1000
        var perSecond: [Int] = []
        for jobs in [1, 2] {
            let counter = Counter()
            let ns = best(2) {
                DispatchQueue.concurrentPerform(iterations: jobs) { w in
                    var turns = 0
                    for k in stride(from: w, to: runs, by: jobs) {
                        var state = RunState(exercise: exercise, generator: .stream(seed: 1, index: UInt64(k)))
                        let events = engine.play(players, state: &state)
                        _ = Umpire.score(exercise, events: events)
                        turns += state.turn
                    }
                    counter.add(turns)
                }
            }
            perSecond.append(Int(Double(runs) / (Double(ns) / 1e9)))
        }
        let speedup = Double(perSecond[1]) / Double(max(1, perSecond[0]))
        report("simulate-\(name)-\(players.rawValue)",
               [("runsPerSecond1", .int(perSecond[0])), ("runsPerSecond2", .int(perSecond[1])),
                ("turnsPerSecond1", .int(perSecond[0] * exercise.turns))],
               "simulate \(name) \(players.rawValue): \(perSecond[0]) runs/s (\(perSecond[0] * exercise.turns) turns/s) on 1 job, \(perSecond[1]) runs/s on 2 (×\(String(format: "%.2f", speedup)))")
    }
}

report("memory", [("peakResidentKiB", .int(peakResidentKiB()))], "peak resident memory of this process: \(peakResidentKiB() / 1024) MiB")
if json { print(JSONValue.object(results.map { ($0.0, $0.1) }).serialized()) }
