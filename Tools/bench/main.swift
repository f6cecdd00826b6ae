import ExerciseCore
import ExerciseGenerator
import ExerciseScript
import Foundation

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

report("memory", [("peakResidentKiB", .int(peakResidentKiB()))], "peak resident memory of this process: \(peakResidentKiB() / 1024) MiB")
if json { print(JSONValue.object(results.map { ($0.0, $0.1) }).serialized()) }
