import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@Suite("Simulation with automatic players", .serialized)
struct SimulationTests {
    static let exercise = Repository.url("Exercises/harbour-and-airbase.exercise").path

    static func summary(_ extra: [String], _ scratch: borrowing Scratch, _ name: String) throws -> String {
        let path = scratch.path(name)
        let run = Run.cdx(["simulate", exercise, "--runs", "40", "--seed", "9", "--json", path] + extra)
        #expect(run.status == 0, "\(run.errors)")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("players not asked in quiet turns give exactly the events of asking them every turn",
          arguments: Repository.shipped + ["bench/cage-sized"])
    func quietTurns(name: String) throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/\(name).exercise")).exercise)
        let engine = Engine(exercise: x)
        for players in Players.allCases {
            var askedFast = 0, askedSlow = 0
            for k in 0..<(name.hasPrefix("bench") ? 3 : 12) {
                var a = RunState(exercise: x, generator: .stream(seed: 5, index: UInt64(k)))
                var b = a
                var fast: [Event] = [], slow: [Event] = []
                askedFast += engine.play(players, state: &a, into: &fast)
                askedSlow += engine.play(players, state: &b, into: &slow, skipQuietTurns: false)
                #expect(fast == slow, "\(name) \(players) run \(k)")
                #expect(a == b)
            }
            // The fast path must actually skip turns, or this test proves nothing.
            #expect(askedFast < askedSlow, "\(players): asked \(askedFast) of \(askedSlow) turns")
        }
    }

    @Test("the result is the same for one job and for two")
    func jobs() throws {
        let scratch = try Scratch()
        #expect(try Self.summary(["--jobs", "1"], scratch, "a.json") == Self.summary(["--jobs", "2"], scratch, "b.json"))
    }

    @Test("four shards merged give exactly the unsharded result")
    func shards() throws {
        let scratch = try Scratch()
        let whole = try Self.summary([], scratch, "whole.json")
        var paths: [String] = []
        for i in 1...4 {
            _ = try Self.summary(["--shard", "\(i)/4"], scratch, "s\(i).json")
            paths.append(scratch.path("s\(i).json"))
        }
        let merged = scratch.path("merged.json")
        let run = Run.cdx(["merge"] + paths.reversed() + ["--json", merged])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try String(contentsOfFile: merged, encoding: .utf8) == whole)
        // A partial result must not pass for the whole (issue 18): refused, unless asked for.
        let missing = Run.cdx(["merge", paths[0], paths[1], "--json", scratch.path("part.json")])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("2 of 4 shards are missing (3, 4): re-run them with the same --shard, or pass --partial"), "\(missing.errors)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("part.json")))
        let partial = Run.cdx(["merge", paths[0], paths[1], "--partial", "--json", scratch.path("part.json")])
        #expect(partial.status == 0 && partial.errors.contains("2 of 4 shards are missing (3, 4)"))
        #expect(try String(contentsOfFile: scratch.path("part.json"), encoding: .utf8).contains("\"shards\":[1,2]"))
        let twice = Run.cdx(["merge", paths[0], paths[0]])
        #expect(twice.status == 1)
        #expect(twice.errors.contains("given twice"))
    }

    @Test("passive players score below reactive ones, and the oracle's median is no lower than reactive's here")
    func bounds() throws {
        func median(_ players: String) -> Int? {
            let run = Run.cdx(["simulate", Self.exercise, "--runs", "20", "--players", players])
            let line = run.output.split(separator: "\n").first { $0.hasPrefix("  overall") } ?? ""
            return line.split(separator: " ").dropFirst().dropFirst(2).first.flatMap { Int($0) }
        }
        let passive = try #require(median("passive")), reactive = try #require(median("reactive")), oracle = try #require(median("oracle"))
        #expect(passive < reactive)
        #expect(reactive <= oracle)
    }

    @Test("a run with automatic players writes a journal that verifies")
    func playersJournal() throws {
        let scratch = try Scratch()
        let path = scratch.path("j.jsonl")
        let run = Run.cdx(["run", Self.exercise, "--players", "reactive", "--journal", path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("finished"))
        let verify = Run.cdx(["verify", path])
        #expect(verify.status == 0, "\(verify.errors)")
        #expect(Run.cdx(["run", Self.exercise, "--players", "reactive", "--responses", "x"]).status == 64)
    }

    @Test("a players run stopped with --until and resumed with --players is the uninterrupted run's journal")
    func resumeWithPlayers() throws {
        let scratch = try Scratch()
        let whole = scratch.path("whole.jsonl"), part = scratch.path("part.jsonl")
        #expect(Run.cdx(["run", Self.exercise, "--players", "oracle", "--seed", "4", "--journal", whole]).status == 0)
        #expect(Run.cdx(["run", Self.exercise, "--players", "oracle", "--seed", "4", "--journal", part, "--until", "11"]).status == 0)
        let partial = try Data(contentsOf: URL(fileURLWithPath: part))
        let resume = Run.cdx(["resume", part, "--players", "oracle"])
        #expect(resume.status == 0, "\(resume.errors)")
        #expect(resume.output.contains("finished"))
        let resumed = try Data(contentsOf: URL(fileURLWithPath: part))
        #expect(resumed.count > partial.count)
        #expect(resumed == (try Data(contentsOf: URL(fileURLWithPath: whole))))

        // A finished journal: nothing to play, said plainly, and not an error.
        // 'ideal', the oracle's old name, still reads as it, with a note saying so.
        let again = Run.cdx(["resume", part, "--players", "ideal"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("finished"))
        #expect(again.errors.contains("'--players ideal' is now called 'oracle'"), "\(again.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: part)) == resumed)
        // An explicit --until behind it is still refused.
        #expect(Run.cdx(["resume", part, "--until", "3"]).errors.contains("'--until 3' is behind it"))
        #expect(Run.cdx(["resume", part, "--players", "ideal", "--responses", "x"]).status == 64)
        #expect(Run.cdx(["resume", part, "--players", "brilliant"]).status == 64)
    }

    @Test("--json creates its folder, and a log (stderr not a terminal) of a long run gets a progress line at each tenth of the runs")
    func batchFriendly() throws {
        let scratch = try Scratch()
        let path = scratch.path("results/job-7/shard-2.json")
        // A short simulation writes no progress; here it is told to, from its first second.
        let run = try Binary.run(["simulate", "Exercises/pacific-shield.exercise", "--runs", "40", "--shard", "2/2", "--json", path],
                                 environment: ["CDX_PROGRESS_SECONDS": "0"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: path))
        let lines = run.errors.split(separator: "\n").filter { $0.hasPrefix("cdx simulate (shard 2/2): ") }
        #expect(lines.count == 10, "\(run.errors)")
        #expect(lines.first?.contains("2/20 runs (10%)") == true && lines.last?.contains("20/20 runs (100%)") == true && lines.last?.hasSuffix("done") == true)
    }
}
