import ExerciseCore
import ExerciseScript
import Foundation
import Umpire

/// The distribution of many runs, kept as exact integer counts so that summaries of
/// shards add up to exactly what one machine would have produced (`cdx merge`).
struct SimulationSummary: Equatable {
    var exercise: String
    var digest: String
    var players: String
    var seed: UInt64
    /// Runs in the whole simulation (all shards), and the run indices this summary holds.
    var totalRuns: Int
    var shards: [Int]
    var shardCount: Int
    var runs = 0
    /// Overall score: count per score 0…100 (index), and runs with nothing to score.
    var scores = [Int](repeating: 0, count: 101)
    var unscored = 0
    /// Per blue or ally team, in file order: count per score.
    var teamScores: [(team: String, counts: [Int])]
    /// Minutes → count, over every compromise of every run.
    var timeToDetect: [Int: Int] = [:]
    var timeToRestore: [Int: Int] = [:]
    /// Missed compromises per run → number of runs.
    var missedPerRun: [Int: Int] = [:]
    var compromises = 0
    var missed = 0

    static func == (a: SimulationSummary, b: SimulationSummary) -> Bool {
        a.json().serialized() == b.json().serialized()
    }

    init(exercise x: Exercise, digest: String, players: Players, seed: UInt64, totalRuns: Int, shard: Int, shardCount: Int) {
        exercise = x.title
        self.digest = digest
        self.players = players.rawValue
        self.seed = seed
        self.totalRuns = totalRuns
        shards = [shard]
        self.shardCount = shardCount
        teamScores = x.teams.filter { $0.role == .blue || $0.role == .ally }.map { ($0.id, [Int](repeating: 0, count: 101)) }
    }

    mutating func add(_ card: Scorecard) {
        runs += 1
        if let s = card.overall.score { scores[s] += 1 } else { unscored += 1 }
        for (k, g) in card.teams.enumerated() where k < teamScores.count {
            if let s = g.score { teamScores[k].counts[s] += 1 }
        }
        var missedHere = 0
        for c in card.compromises {
            compromises += 1
            if let t = c.timeToDetect { timeToDetect[t, default: 0] += 1 } else { missed += 1; missedHere += 1 }
        }
        for o in card.outages { if let t = o.timeToRestore { timeToRestore[t, default: 0] += 1 } }
        missedPerRun[missedHere, default: 0] += 1
    }

    /// Adds another summary of the same simulation (another shard or worker).
    mutating func merge(_ other: SimulationSummary) throws(CommandFailure) {
        guard other.digest == digest, other.players == players, other.seed == seed, other.totalRuns == totalRuns,
              other.shardCount == shardCount else {
            throw CommandFailure(message: "these summaries are of different simulations (exercise, players, seed, runs or shard count differ)")
        }
        if let dup = other.shards.first(where: { shards.contains($0) }), shardCount > 1 {
            throw CommandFailure(message: "shard \(dup)/\(shardCount) is given twice")
        }
        shards = (shards + other.shards).sorted()
        if shardCount == 1 { shards = [1] }
        // All shards together are the whole simulation, written as an unsharded run writes it.
        if shardCount > 1, shards == Array(1...shardCount) {
            shards = [1]
            shardCount = 1
        }
        runs += other.runs
        for i in 0..<101 { scores[i] += other.scores[i] }
        unscored += other.unscored
        for k in teamScores.indices where k < other.teamScores.count {
            for i in 0..<101 { teamScores[k].counts[i] += other.teamScores[k].counts[i] }
        }
        for (m, n) in other.timeToDetect { timeToDetect[m, default: 0] += n }
        for (m, n) in other.timeToRestore { timeToRestore[m, default: 0] += n }
        for (m, n) in other.missedPerRun { missedPerRun[m, default: 0] += n }
        compromises += other.compromises
        missed += other.missed
    }

    /// Nearest-rank percentile of a count histogram.
    static func percentile(_ p: Int, _ counts: [(value: Int, count: Int)]) -> Int? {
        let total = counts.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        let rank = max(1, (p * total + 99) / 100)
        var seen = 0
        for (v, c) in counts.sorted(by: { $0.value < $1.value }) {
            seen += c
            if seen >= rank { return v }
        }
        return counts.map(\.value).max()
    }

    static func pairs(_ array: [Int]) -> [(value: Int, count: Int)] { array.enumerated().map { ($0.offset, $0.element) } }
    static func pairs(_ map: [Int: Int]) -> [(value: Int, count: Int)] { map.map { ($0.key, $0.value) } }

    func json() -> JSONValue {
        func histogram(_ m: [Int: Int]) -> JSONValue { .array(m.keys.sorted().map { .array([.int($0), .int(m[$0]!)]) }) }
        return .object([
            ("format", .string("cdx-simulation")), ("version", .int(1)), ("exercise", .string(exercise)),
            ("digest", .string(digest)), ("players", .string(players)), ("seed", .int(Int(clamping: seed))),
            ("totalRuns", .int(totalRuns)), ("shardCount", .int(shardCount)), ("shards", .array(shards.map { .int($0) })),
            ("runs", .int(runs)), ("scores", .array(scores.map { .int($0) })), ("unscored", .int(unscored)),
            ("teamScores", .object(teamScores.map { ($0.team, .array($0.counts.map { .int($0) })) })),
            ("timeToDetect", histogram(timeToDetect)), ("timeToRestore", histogram(timeToRestore)),
            ("missedPerRun", histogram(missedPerRun)), ("compromises", .int(compromises)), ("missed", .int(missed)),
        ])
    }

    init(json v: JSONValue, path: String) throws(CommandFailure) {
        func fail(_ what: String) -> CommandFailure { CommandFailure(message: "\(path): not a cdx simulation summary (\(what))") }
        guard v["format"]?.stringValue == "cdx-simulation" else { throw fail("no \"format\": \"cdx-simulation\"") }
        guard v["version"]?.intValue == 1 else { throw fail("version is not 1") }
        func ints(_ key: String) throws(CommandFailure) -> [Int] {
            guard let a = v[key]?.arrayValue else { throw fail("no \(key)") }
            var out: [Int] = []
            for e in a { guard let i = e.intValue else { throw fail("\(key) holds a non-integer") }; out.append(i) }
            return out
        }
        func histogram(_ key: String) throws(CommandFailure) -> [Int: Int] {
            guard let a = v[key]?.arrayValue else { throw fail("no \(key)") }
            var out: [Int: Int] = [:]
            for e in a {
                guard let pair = e.arrayValue, pair.count == 2, let k = pair[0].intValue, let n = pair[1].intValue else { throw fail("bad \(key)") }
                out[k] = n
            }
            return out
        }
        guard let exercise = v["exercise"]?.stringValue, let digest = v["digest"]?.stringValue,
              let players = v["players"]?.stringValue, let seed = v["seed"]?.intValue, let total = v["totalRuns"]?.intValue,
              let shardCount = v["shardCount"]?.intValue, let runs = v["runs"]?.intValue, let unscored = v["unscored"]?.intValue,
              let compromises = v["compromises"]?.intValue, let missed = v["missed"]?.intValue,
              let teams = v["teamScores"]?.objectValue else { throw fail("a field is missing") }
        self.exercise = exercise
        self.digest = digest
        self.players = players
        self.seed = UInt64(max(0, seed))
        totalRuns = total
        self.shardCount = shardCount
        shards = try ints("shards")
        self.runs = runs
        scores = try ints("scores")
        guard scores.count == 101 else { throw fail("scores must have 101 counts") }
        self.unscored = unscored
        var ts: [(team: String, counts: [Int])] = []
        for (team, value) in teams {
            let counts = value.arrayValue?.compactMap(\.intValue) ?? []
            guard counts.count == 101 else { throw fail("team \(team) must have 101 counts") }
            ts.append((team, counts))
        }
        teamScores = ts
        timeToDetect = try histogram("timeToDetect")
        timeToRestore = try histogram("timeToRestore")
        missedPerRun = try histogram("missedPerRun")
        self.compromises = compromises
        self.missed = missed
    }
}

/// Runs simulations: run k always uses generator stream k of the seed, whatever the jobs or shards.
enum Simulator {
    /// The run indices of shard `i` (1-based) of `n`: every n-th run, so shards are balanced.
    static func runs(total: Int, shard i: Int, of n: Int) -> [Int] { Array(stride(from: i - 1, to: total, by: n)) }

    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var done = 0
        private var lastShown = -1
        let total: Int
        let start = Date()
        let show: ((Int, Int, TimeInterval) -> Void)?
        init(total: Int, show: ((Int, Int, TimeInterval) -> Void)?) {
            self.total = total
            self.show = show
        }
        func tick() {
            guard let show else { return }
            // Shown under the lock (it happens at most a hundred times): two workers showing
            // outside it could print their counts out of order, or the later count first.
            lock.lock()
            defer { lock.unlock() }
            done += 1
            let percent = done * 100 / max(1, total)
            if percent != lastShown {
                lastShown = percent
                show(done, total, Date().timeIntervalSince(start))
            }
        }
    }

    final class Partials: @unchecked Sendable {
        private let lock = NSLock()
        var items: [SimulationSummary] = []
        func add(_ s: SimulationSummary) {
            lock.lock()
            items.append(s)
            lock.unlock()
        }
    }

    /// Hands out the runs a few at a time to whichever worker asks next. Workers that share
    /// the runs out in a fixed pattern all wait for the slowest core; on a virtual machine a
    /// core can run at two thirds of its sibling's speed for seconds at a time. The summary
    /// is a sum of counts, so which worker plays which run changes nothing in the result.
    final class Dispenser: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        let count: Int
        let chunk: Int
        init(count: Int, workers: Int) {
            self.count = count
            // Small enough that the last chunks even out the workers, large enough that the
            // lock is taken rarely.
            chunk = max(1, min(16, count / max(1, workers * 32)))
        }
        /// The next runs (indices into the shard's run list), or an empty range when all are out.
        func take() -> Range<Int> {
            lock.lock()
            defer { lock.unlock() }
            let start = next
            next = min(count, next + chunk)
            return start..<next
        }
    }

    /// Plays the runs of one shard on `jobs` workers. `source` is the exercise file: each
    /// worker after the first checks its own copy, so workers share no reference-counted
    /// storage (two cores updating the same reference counts slow each other down).
    static func simulate(_ x: Exercise, source: [UInt8]? = nil, digest: String, players: Players, seed: UInt64, totalRuns: Int,
                         shard: Int, of shardCount: Int, jobs: Int, progress: Progress) throws(CommandFailure) -> SimulationSummary {
        let indices = runs(total: totalRuns, shard: shard, of: shardCount)
        let partials = Partials()
        let workers = max(1, min(jobs, indices.count))
        let dispenser = Dispenser(count: indices.count, workers: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let own = w == 0 ? x : source.flatMap { ExerciseChecker.check(bytes: $0).exercise } ?? x
            let engine = Engine(exercise: own)
            var summary = SimulationSummary(exercise: own, digest: digest, players: players, seed: seed, totalRuns: totalRuns,
                                            shard: shard, shardCount: shardCount)
            // One event buffer per worker, reused run after run.
            var events: [Event] = []
            var claimed = dispenser.take()
            while !claimed.isEmpty {
                for k in claimed {
                    var state = RunState(exercise: own, generator: .stream(seed: seed, index: UInt64(indices[k])))
                    events.removeAll(keepingCapacity: true)
                    engine.play(players, state: &state, into: &events)
                    summary.add(Umpire.score(own, events: events))
                    progress.tick()
                }
                claimed = dispenser.take()
            }
            partials.add(summary)
        }
        var total = SimulationSummary(exercise: x, digest: digest, players: players, seed: seed, totalRuns: totalRuns,
                                      shard: shard, shardCount: shardCount)
        for p in partials.items {
            var q = p
            q.shards = []
            try total.merge(q)
        }
        total.shards = [shard]
        return total
    }
}

/// What `cdx simulate` does, for Tools/bench to time: `runs` runs of the exercise in
/// `source` with `players` on `jobs` workers, summarised but not printed.
public enum SimulationBenchmark {
    /// Runs played, or nil when the source does not check.
    public static func simulate(source: [UInt8], players: Players, runs: Int, jobs: Int, seed: UInt64 = 1) -> Int? {
        guard let x = ExerciseChecker.check(bytes: source).exercise else { return nil }
        let progress = Simulator.Progress(total: runs, show: nil)
        let summary = try? Simulator.simulate(x, source: source, digest: "", players: players, seed: seed, totalRuns: runs,
                                              shard: 1, of: 1, jobs: jobs, progress: progress)
        return summary?.runs
    }
}
