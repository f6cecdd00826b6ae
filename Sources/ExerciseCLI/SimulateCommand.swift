import ExerciseCore
import ExerciseScript
import Foundation
import Umpire

/// `cdx simulate`: many dry runs with automatic players, and the spread of their scores.
enum SimulateCommand {
    static let spec = CommandSpec(
        name: "simulate",
        abstract: "Play an exercise many times with automatic players and show the spread of scores",
        discussion: """
            Run k always uses stream k of the seed, so the result is the same for any
            --jobs and any sharding. --shard i/n plays every n-th run starting at run i
            (for a batch system); 'cdx merge' adds the shards' --json files into exactly
            what one machine would have produced. Players: passive (do nothing), reactive
            (decide only from what each team knows: its alerts, cards, reports and what
            reached it), oracle (reads the ground truth no team has and acts at once on
            every compromise it may touch). The oracle is a reference, not an upper bound:
            it never ends a run with lower availability, more missed compromises or more
            data lost than reactive players on the same dice, but its 0-100 score can be
            lower, because what it prevents leaves expectations not applicable that
            reactive teams meet (Scoring.md, "Prevention and the score"). 'ideal', its old
            name, still works.
            """,
        positionals: [PositionalSpec(name: "exercise", help: "The .exercise file")],
        options: [
            .option("runs", value: "N", help: "How many runs (default 1000)"),
            .option("players", value: "KIND", help: "passive, reactive or oracle (default reactive)"),
            .option("seed", value: "N", help: "Base seed (default 1)"),
            .option("jobs", short: "j", value: "K", help: "Parallel workers on this machine (default: all cores)"),
            .option("shard", value: "I/N", help: "Play only shard I of N (1-based)"),
            .option("json", value: "FILE", help: "Write the mergeable summary as JSON"),
        ],
        examples: [
            "cdx simulate Exercises/pacific-shield.exercise --runs 2000",
            "cdx simulate Exercises/shared-vendor.exercise --runs 1000000 --shard 3/100 --json shard-3.json",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let (x, bytes) = try ExerciseLoader.load(arguments.positionals[0], io: io)
        let runs = try arguments.integer("runs", in: 1...100_000_000) ?? 1000
        let players = try Players.parse(arguments, io: io) ?? .reactive
        let seed = UInt64(try arguments.integer("seed", in: 0...Int(JournalFormat.maximumSeed)) ?? 1)
        let jobs = try arguments.integer("jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        var shard = 1, shardCount = 1
        if let s = arguments.value("shard") {
            let parts = s.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else {
                throw UsageError("option '--shard' expects I/N with 1 ≤ I ≤ N, got '\(s)'")
            }
            (shard, shardCount) = (i, n)
        }
        let digest = SHA256.digest(bytes).hexString
        let count = Simulator.runs(total: runs, shard: shard, of: shardCount).count
        let show: ((Int, Int, TimeInterval) -> Void)?
        if io.errorIsTerminal {
            show = { done, total, elapsed in
                let width = 30
                let filled = done * width / max(1, total)
                let eta = done == 0 ? 0 : Int(elapsed / Double(done) * Double(total - done))
                io.writeError("\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total) ETA \(eta)s ")
            }
        } else {
            // A log (a batch job's, a pipe): a line at each tenth of the runs, so that a
            // cluster's log shows a shard is alive, with its rate and what is left.
            let log = ProgressLog(io: io, label: shardCount > 1 ? "simulate (shard \(shard)/\(shardCount))" : "simulate")
            show = { done, total, elapsed in log.note(done, total, elapsed) }
        }
        let started = Date()
        let summary = try Simulator.simulate(x, source: bytes, digest: digest, players: players, seed: seed, totalRuns: runs, shard: shard,
                                             of: shardCount, jobs: jobs, progress: .init(total: count, show: show))
        if io.errorIsTerminal { io.writeError("\r\u{1B}[K") }
        let seconds = Date().timeIntervalSince(started)
        if let path = arguments.value("json") {
            try JournalWriter.createFolder(for: path)
            try Files.write(summary.json().serialized() + "\n", to: path)
            io.writeError("wrote the summary to \(Files.shown(path)); add shards with 'cdx merge'\n")
        }
        io.write(render(summary, x, detail: "\(jobs) job\(jobs == 1 ? "" : "s"), \(String(format: "%.1f", seconds)) s"))
        return ExitStatus.success
    }

    static func render(_ s: SimulationSummary, _ x: Exercise?, detail: String? = nil) -> String {
        let shardText = s.shardCount > 1 && s.shards.count < s.shardCount
            ? " (shards \(s.shards.map(String.init).joined(separator: ",")) of \(s.shardCount))" : ""
        var out = "\(s.exercise) · \(s.runs) of \(s.totalRuns) runs\(shardText) · \(s.players) players · seed \(s.seed)"
        out += detail.map { " · \($0)" } ?? ""
        out += "\n\n"
        var table = TextTable(["score", "p5", "p25", "median", "p75", "p95", "mean"],
                              alignments: [.left, .right, .right, .right, .right, .right, .right])
        func row(_ name: String, _ counts: [Int]) {
            let pairs = SimulationSummary.pairs(counts)
            let n = counts.reduce(0, +)
            let mean = n == 0 ? "—" : String((pairs.reduce(0) { $0 + $1.value * $1.count } * 2 + n) / (2 * n))
            let cells: [String] = [5, 25, 50, 75, 95].map { SimulationSummary.percentile($0, pairs).map(String.init) ?? "—" }
            table.add([name] + cells + [mean])
        }
        row("overall", s.scores)
        for t in s.teamScores { row(t.team, t.counts) }
        out += table.render() + "\n"
        var times = TextTable(["time", "p5", "median", "p95", "never"], alignments: [.left, .right, .right, .right, .right])
        let ttd = SimulationSummary.pairs(s.timeToDetect), ttr = SimulationSummary.pairs(s.timeToRestore)
        let detect: [String] = [5, 50, 95].map { ScenarioTime.durationText(SimulationSummary.percentile($0, ttd)) }
        let restore: [String] = [5, 50, 95].map { ScenarioTime.durationText(SimulationSummary.percentile($0, ttr)) }
        times.add(["to detect"] + detect + ["\(s.missed) of \(s.compromises) compromises"])
        times.add(["to restore"] + restore + [""])
        out += times.render()
        let missedRuns = SimulationSummary.pairs(s.missedPerRun)
        let missedMedian = SimulationSummary.percentile(50, missedRuns).map(String.init) ?? "—"
        let missedP95 = SimulationSummary.percentile(95, missedRuns).map(String.init) ?? "—"
        out += "  missed compromises per run: median \(missedMedian), p95 \(missedP95)\n\n"
        out += "Overall score, runs per 10 points\n"
        var bins = [Int](repeating: 0, count: 10)
        for (score, n) in s.scores.enumerated() { bins[min(9, score / 10)] += n }
        let most = max(1, bins.max() ?? 1)
        for (b, n) in bins.enumerated() {
            let label = b == 9 ? " 90–100" : String(format: "%3d–%-3d", b * 10, b * 10 + 9)
            out += "  \(label) \(String(repeating: "█", count: n * 40 / most)) \(n)\n"
        }
        if s.unscored > 0 { out += "  (\(s.unscored) runs had nothing to score)\n" }
        if let x, let why = emptyPlay(x) { out += "\n" + why }
        return out
    }

    /// Why automatic players can score nothing here, and what to add: a draft (an imported
    /// MSEL, say) with no adversary effects, or whose expectations are all tasks only the
    /// white cell can judge. Nil when the exercise gives them something to do.
    static func emptyPlay(_ x: Exercise) -> String? {
        let effects = x.injects.reduce(0) { $0 + $1.effects.count }
        let expectations = x.injects.flatMap(\.expectations)
        let checkable = expectations.filter { !$0.action.isJudged }.count
        guard effects == 0 || checkable == 0 else { return nil }
        var parts: [String] = []
        if effects == 0 {
            parts.append("no inject has an adversary effect (nothing is compromised, spread to, denied or disrupted), so there is nothing to detect, contain or restore")
        }
        if checkable == 0 {
            parts.append(expectations.isEmpty
                ? "no inject has an expectation"
                : "its \(plural(expectations.count, "expectation")) \(expectations.count == 1 ? "is a task" : "are all tasks") in quotes, which only the white cell's 'judge' rules on")
        }
        return "Why these scores: " + parts.joined(separator: "; and ") + ". Automatic players score only what the engine can check. "
            + "Add effects to the injects (compromise ASSET, spread A -> B, disrupt ASSET …, with 'by ACTOR') and expectations the engine "
            + "checks (expect detect ASSET within 1h, expect contain ASSET within 2h, expect share -> TEAM within 2h); "
            + "Documentation/ExerciseLanguage.md, \"inject\", has the forms.\n"
    }
}

/// `cdx merge A.json B.json ...`: adds shard summaries into the whole simulation's.
enum MergeCommand {
    static let spec = CommandSpec(
        name: "merge",
        abstract: "Add simulation shard summaries (--json files) into one",
        discussion: """
            The result is exactly what the unsharded run gives. Summaries must be of the
            same exercise, players, seed, runs and shard count, each shard once.
            """,
        positionals: [PositionalSpec(name: "summary", help: "Summaries written by 'cdx simulate --json'", minimum: 1, maximum: nil)],
        options: [
            .option("json", value: "FILE", help: "Write the merged summary as JSON"),
            .flag("partial", help: "Merge even when shards are missing (the summary's 'shards' says which it holds)"),
        ],
        examples: ["cdx merge shard-*.json --json all.json"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        var merged: SimulationSummary?
        for path in arguments.positionals {
            let bytes = try Files.read(path)
            let value: JSONValue
            do {
                value = try JSONValue.parse(bytes: bytes)
            } catch {
                throw CommandFailure(message: "\(path):1:\(error.column): not valid JSON: \(error.message)")
            }
            let s = try SimulationSummary(json: value, path: path)
            if merged == nil { merged = s } else { try merged!.merge(s) }
        }
        guard let result = merged else { return ExitStatus.usage }
        if result.shardCount > 1, result.shards.count < result.shardCount {
            let missing = Set(1...result.shardCount).subtracting(result.shards).sorted()
            let list = missing.prefix(20).map(String.init).joined(separator: ", ") + (missing.count > 20 ? ", …" : "")
            // A partial result must not pass for the whole: refused unless asked for.
            guard arguments.flag("partial") else {
                throw CommandFailure(message: "\(missing.count) of \(result.shardCount) shards are missing (\(list)): re-run them with the same --shard, or pass --partial to merge what is here")
            }
            io.writeError("cdx merge: warning: \(missing.count) of \(result.shardCount) shards are missing (\(list)); the summary's 'shards' says which it holds\n")
        }
        if let path = arguments.value("json") {
            try Files.write(result.json().serialized() + "\n", to: path)
        }
        io.write(SimulateCommand.render(result, nil))
        return ExitStatus.success
    }
}

/// Progress for a log: one line at each tenth of the runs (and at the end), with the rate
/// and the time left, from any of the simulation's threads — once the simulation has run
/// for `quiet` seconds (10, or CDX_PROGRESS_SECONDS for the tests), so that a short one
/// writes nothing but its result.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lastTenth = 0
    private let io: CommandIO
    private let label: String
    private let quiet = TimeInterval(ProcessInfo.processInfo.environment["CDX_PROGRESS_SECONDS"] ?? "") ?? 10

    init(io: CommandIO, label: String) {
        self.io = io
        self.label = label
    }

    func note(_ done: Int, _ total: Int, _ elapsed: TimeInterval) {
        let tenth = done * 10 / max(1, total)
        guard elapsed >= quiet else { return }
        lock.lock()
        let due = tenth > lastTenth
        if due { lastTenth = tenth }
        lock.unlock()
        guard due else { return }
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Int(Double(total - done) / rate) : 0
        io.writeError("cdx \(label): \(done)/\(total) runs (\(tenth * 10)%), \(Int(rate)) runs/s, \(done == total ? "done" : eta < 60 ? "under a minute left" : "about \(ScenarioTime.durationText(eta / 60)) left")\n")
    }
}

extension Players {
    /// `--players KIND`, or nil when it is not given. `ideal`, the oracle's name until it was
    /// found not to be an upper bound (issue 17), still reads as `oracle`, with a note.
    static func parse(_ arguments: ParsedArguments, io: CommandIO) throws(UsageError) -> Players? {
        if arguments.value("players") == "ideal" {
            io.writeError("cdx: note: '--players ideal' is now called 'oracle': it reads the ground truth, "
                + "but it is not an upper bound on the score (Scoring.md, \"Prevention and the score\")\n")
            return .oracle
        }
        return try arguments.choice("players", among: allCases.map(\.rawValue)).flatMap(Players.init(rawValue:))
    }
}
