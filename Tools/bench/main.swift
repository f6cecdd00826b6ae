import ExerciseCLI
import ExerciseCore
import ExerciseGenerator
import ExerciseScript
import Foundation
import Umpire

// Tools/bench: speed of the checker, the turn engine and `cdx simulate`. Build and run in
// release, from the repository root:
//   swift run -c release bench [--json] [--quick] [--only NAME]
// Figures go to Documentation/Performance.md with the machine they came from.

let usage = """
    usage: bench [--json] [--quick] [--only check|cage|shipped|journal|seats]

    Times, in a release build: checking a large exercise; the CAGE-sized workload and its
    ×10 and ×100 variants (turns/s with reactive players on one core, ns per event, heap per
    run, time to the first turn, simulate runs/s with 1 and 2 jobs); and simulate on each
    shipped exercise with each kind of player. Runs/s are the fastest of several timings;
    the speed-up (×) is the median of 1-job/2-job ratios timed in adjacent pairs, and
    "host" the same for an arithmetic loop timed beside them: what two threads gained on
    this machine meanwhile (a shared virtual machine's cores come and go). Last, the
    readers of a long journal: verify, score and view of played games of 10,000 and
    40,000 decisions (Tools/ExerciseGenerator/JournalWorkload.swift), whose ratio shows
    whether reading grows linearly (4.0) or worse. Then the seat server (Tools/bench/
    SeatLoad.swift): 60 browsers with live updates, 10 decisions/s for 60 s on loopback,
    p50/p99 from request to acknowledged outcome and the server's memory; then SIGKILL
    mid-burst and a resume, which must keep every acknowledged decision once (exit 1 if not).
    --json prints one JSON object instead of text (for tracking over time); --quick does
    fewer and shorter timings.

    """
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage, terminator: "")
    exit(0)
}
let json = arguments.contains("--json")
let quick = arguments.contains("--quick")
let only: String? = {
    guard let k = arguments.firstIndex(of: "--only") else { return nil }
    guard k + 1 < arguments.count, ["check", "cage", "shipped", "journal", "seats"].contains(arguments[k + 1]) else {
        FileHandle.standardError.write(Data(("bench: --only needs check, cage, shipped, journal or seats\n" + usage).utf8))
        exit(64)
    }
    return arguments[k + 1]
}()
func wanted(_ section: String) -> Bool { only == nil || only == section }

/// Peak memory of concurrent runs, measured in a fresh process so earlier work does not
/// hide it: `bench --memory-probe SCALE JOBS [RUNS]` checks the workload, resets the
/// kernel's peak resident size (VmHWM) to what is resident now, plays RUNS (default 20)
/// runs on JOBS workers and prints the growth of the peak per worker, in KiB. Also a
/// handy single workload for `perf record` or `valgrind --tool=callgrind`.
if let k = arguments.firstIndex(of: "--memory-probe"), k + 2 < arguments.count,
   let scale = Int(arguments[k + 1]), let jobs = Int(arguments[k + 2]) {
    let runs = k + 3 < arguments.count ? Int(arguments[k + 3]) ?? 20 : 20
    let bytes = Array(CageSizedWorkload(scale: scale).text().utf8)
    guard let x = ExerciseChecker.check(bytes: bytes).exercise else { exit(1) }
    _ = Engine(exercise: x)
    // Give the memory the check freed back to the system (so runs cannot hide in it), then
    // reset the peak to what is resident now.
    if let trim = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
        _ = unsafeBitCast(trim, to: (@convention(c) (Int) -> Int32).self)(0)
    }
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    if fd >= 0 {
        _ = write(fd, "5", 1)
        close(fd)
    }
    let before = residentKiB("VmHWM")
    _ = SimulationBenchmark.simulate(source: bytes, players: .reactive, runs: runs, jobs: jobs)
    if ProcessInfo.processInfo.environment["BENCH_DEBUG"] != nil {
        FileHandle.standardError.write(Data("Event \(MemoryLayout<Event>.stride) B, Decision \(MemoryLayout<Decision>.stride) B, AssetState \(MemoryLayout<RunState.AssetState>.stride) B; before \(before) KiB, after \(residentKiB("VmHWM")) KiB, rss \(residentKiB("VmRSS")) KiB\n".utf8))
    }
    print((residentKiB("VmHWM") - before) / jobs)
    exit(0)
}
/// `bench --engine-only SCALE RUNS`: plays RUNS runs of the CAGE workload with reactive
/// players and no umpire, for `valgrind --tool=callgrind` (instructions per run and per turn).
if let k = arguments.firstIndex(of: "--engine-only"), k + 2 < arguments.count,
   let scale = Int(arguments[k + 1]), let runs = Int(arguments[k + 2]) {
    guard let x = ExerciseChecker.check(bytes: Array(CageSizedWorkload(scale: scale).text().utf8)).exercise else { exit(1) }
    let engine = Engine(exercise: x)
    var events: [Event] = []
    var total = 0
    for r in 0..<runs {
        var state = RunState(exercise: x, generator: .stream(seed: 1, index: UInt64(r)))
        events.removeAll(keepingCapacity: true)
        engine.play(.reactive, state: &state, into: &events)
        total += events.count
    }
    print(total)
    exit(0)
}
for a in arguments where a.hasPrefix("-") && !["--json", "--quick", "--only"].contains(a) {
    FileHandle.standardError.write(Data(("bench: unknown option '\(a)'\n" + usage).utf8))
    exit(64)
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// A short arithmetic loop split over `jobs` threads: how fast this machine runs threads
/// that share nothing. Returns the wall time in nanoseconds.
func spin(_ jobs: Int, iterations: UInt64) -> UInt64 {
    let start = now()
    DispatchQueue.concurrentPerform(iterations: jobs) { w in
        var x = UInt64(w + 1)
        for i in 0..<iterations / UInt64(jobs) { x = x &* 6364136223846793005 &+ i }
        if x == 42 { print("") }  // keeps the loop
    }
    return now() - start
}

/// How much faster `body` runs on 2 jobs than on 1, measured so that the host's changing
/// speed cannot pass for a speed-up or a slow-down. On a shared virtual machine a core's
/// speed swings by half within seconds (other tenants on the same physical core), so
/// timings taken seconds apart are not comparable. 1 job and 2 jobs are timed in adjacent
/// pairs (the order alternating), the ratio is taken within each pair, and the median of
/// the ratios is reported. Right after each pair the `spin` loop is timed the same way:
/// its median (`host`) is what two threads gained on this machine during the measurement.
/// Also returns the fastest time of each side.
func pairedSpeedup(pairs: Int, label: String, _ body: (_ jobs: Int) -> Void)
    -> (speedup: Double, host: Double, one: UInt64, two: UInt64) {
    var ratios: [Double] = [], host: [Double] = []
    var fastest = [UInt64.max, UInt64.max]
    for p in 0..<pairs {
        progress("\(label) (\(p + 1)/\(pairs))")
        var ns = [UInt64](repeating: 0, count: 2)
        for jobs in p % 2 == 0 ? [1, 2] : [2, 1] {
            let start = now()
            body(jobs)
            ns[jobs - 1] = now() - start
            fastest[jobs - 1] = min(fastest[jobs - 1], ns[jobs - 1])
        }
        ratios.append(Double(ns[0]) / Double(max(1, ns[1])))
        let s1 = spin(1, iterations: 30_000_000), s2 = spin(2, iterations: 30_000_000)
        host.append(Double(s1) / Double(max(1, s2)))
        if ProcessInfo.processInfo.environment["BENCH_DEBUG"] != nil {
            FileHandle.standardError.write(Data(String(
                format: "\n%@, pair %d: 1 job %.0f ms, 2 jobs %.0f ms, ×%.2f; host ×%.2f\n",
                label, p + 1, Double(ns[0]) / 1e6, Double(ns[1]) / 1e6, ratios.last!, host.last!).utf8))
        }
    }
    ratios.sort()
    host.sort()
    return (ratios[ratios.count / 2], host[host.count / 2], fastest[0], fastest[1])
}

/// Simulate on 1 and on 2 jobs (`pairedSpeedup`), with a run count chosen so that one job
/// takes about `seconds` (at least 100 runs). Returns runs per second on 1 and on 2 jobs
/// (each the fastest timing) and the median paired speed-up.
func simulateOnOneAndTwoJobs(_ bytes: [UInt8], _ players: Players, seconds: Double, pairs: Int, label: String)
    -> (one: Int, two: Int, speedup: Double, host: Double) {
    progress("\(label): sizing")
    let pilotRuns = 50
    let pilot = best(1) { _ = SimulationBenchmark.simulate(source: bytes, players: players, runs: pilotRuns, jobs: 1) }
    let perRun = Double(pilot) / 1e9 / Double(pilotRuns)
    let runs = max(100, Int(seconds / max(perRun, 1e-7)) / 100 * 100)
    let m = pairedSpeedup(pairs: pairs, label: "\(label): \(runs) runs on 1 and 2 jobs") { jobs in
        _ = SimulationBenchmark.simulate(source: bytes, players: players, runs: runs, jobs: jobs)
    }
    return (Int(Double(runs) / (Double(m.one) / 1e9)), Int(Double(runs) / (Double(m.two) / 1e9)), m.speedup, m.host)
}

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

/// Runs `bench --memory-probe SCALE 2` and returns its answer: KiB of peak memory per concurrent run.
func memoryPerConcurrentRun(scale: Int) -> Int? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["--memory-probe", String(scale), "2"]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

/// A "KiB" line of /proc/self/status (VmRSS, VmHWM), or 0 where there is none.
func residentKiB(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
    }
    return 0
}

func peakResidentKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func progress(_ text: String) {
    // Long sections say what they are doing on stderr, so a terminal never looks stuck.
    if isatty(2) != 0 { FileHandle.standardError.write(Data("\u{1B}[2K\r\(text)…".utf8)) }
}
func doneProgress() { if isatty(2) != 0 { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) } }

/// Right-aligns `text` in `width` columns (left-aligns when `left`).
func col(_ text: String, _ width: Int, left: Bool = false) -> String {
    let pad = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + pad : pad + text
}

func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (k, c) in digits.reversed().enumerated() {
        if k > 0, k % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

nonisolated(unsafe) var results: [(String, JSONValue)] = []
func report(_ name: String, _ fields: [(String, JSONValue)], _ lines: String...) {
    results.append((name, .object(fields)))
    doneProgress()
    if !json { for l in lines { print(l) } }
}

func load(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("bench: run from the repository root (\(path) not found)\n".utf8))
        exit(1)
    }
    return Array(data)
}

func check(_ bytes: [UInt8], _ name: String) -> Exercise {
    guard let x = ExerciseChecker.check(bytes: bytes).exercise else {
        FileHandle.standardError.write(Data("bench: \(name) does not check\n".utf8))
        exit(1)
    }
    return x
}

// 0. What this machine gives two threads: an arithmetic loop that shares nothing, on one
// thread and on two. On a shared virtual machine the second core comes and goes; simulate's
// two-job speed-up can only be read against this one.
do {
    // The arithmetic loop split over 1 or 2 threads, timed in pairs like simulate.
    let iterations: UInt64 = quick ? 100_000_000 : 200_000_000
    let machine = pairedSpeedup(pairs: quick ? 3 : 7, label: "calibration: a loop on 1 and 2 threads") { jobs in
        _ = spin(jobs, iterations: iterations)
    }.speedup
    report("calibration", [("twoThreadSpeedup", .double(machine))],
           String(format: "calibration: this machine runs two independent threads %.2f× as fast as one", machine))
}

// 1. Checking a large exercise: 5,000 assets, 10,000 injects.
if wanted("check") {
    progress("check: 5,000 assets, 10,000 injects")
    let text = ExerciseGenerator(assets: 5_000, injects: 10_000, segments: 50, turns: 500).text()
    let bytes = Array(text.utf8)
    var injects = 0
    let ns = best(quick ? 1 : 3) {
        let result = ExerciseChecker.check(bytes: bytes)
        injects = result.exercise?.injects.count ?? -1
    }
    report("check", [("assets", .int(5_000)), ("injects", .int(injects)), ("bytes", .int(bytes.count)),
                     ("milliseconds", .int(Int(ns / 1_000_000)))],
           "check: 5,000 assets, \(grouped(injects)) injects (\(bytes.count / 1024) KiB) in \(Int(ns / 1_000_000)) ms")
}

// 2. The CAGE-sized workload and its ×10 and ×100 variants (the same injects on more hosts).
if wanted("cage") {
    if !json {
        print("""

            workload         hosts  turns/s (1 core)  events/run  ns/event  mem/run    first turn  runs/s 1 job  runs/s 2 jobs     ×  host  1,000 runs, 2 jobs
            ───────────────  ─────  ────────────────  ──────────  ────────  ─────────  ──────────  ────────────  ─────────────  ────  ────  ──────────────────
            """)
    }
    for scale in [1, 10, 100] {
        let name = scale == 1 ? "cage-sized" : "cage-sized×\(scale)"
        let bytes = scale == 1 ? load("Exercises/bench/cage-sized.exercise") : Array(CageSizedWorkload(scale: scale).text().utf8)
        progress("\(name): time to the first turn")
        // Time to the first turn: check the file, build the engine and a run, open turn 1.
        var firstTurn = UInt64.max
        for _ in 0..<(quick ? 1 : 3) {
            let start = now()
            let x = check(bytes, name)
            let engine = Engine(exercise: x)
            var state = RunState(exercise: x, seed: 1)
            _ = engine.openTurn(&state)
            firstTurn = min(firstTurn, now() - start)
        }
        let x = check(bytes, name)
        let engine = Engine(exercise: x)

        progress("\(name): memory per concurrent run")
        let memoryPerRun = memoryPerConcurrentRun(scale: scale) ?? -1
        var events: [Event] = []

        // Turns per second on one core: engine and reactive players, no umpire.
        progress("\(name): turns per second")
        let runs = quick ? 50 : 200
        var eventCount = 0
        events.reserveCapacity(4096)
        let ns = best(quick ? 1 : 3) {
            eventCount = 0
            for k in 0..<runs {
                var state = RunState(exercise: x, generator: .stream(seed: 1, index: UInt64(k)))
                events.removeAll(keepingCapacity: true)
                engine.play(.reactive, state: &state, into: &events)
                eventCount += events.count
            }
        }
        let turns = runs * x.turns
        let turnsPerSecond = Int(Double(turns) / (Double(ns) / 1e9))
        let nsPerEvent = Int(Double(ns) / Double(max(1, eventCount)))

        // Simulate: engine, players and the umpire's scorecard, as `cdx simulate` runs them.
        let (one, two, speedup, host) = simulateOnOneAndTwoJobs(bytes, .reactive, seconds: scale == 100 ? (quick ? 0.3 : 0.6) : (quick ? 0.1 : 0.25),
                                                          pairs: quick ? 3 : 9, label: "\(name): simulate")
        let perSecond = [one, two]
        let thousandRuns = 1000.0 / Double(max(1, perSecond[1]))
        report(name, [("hosts", .int(x.assets.count)), ("turnsPerSecond", .int(turnsPerSecond)),
                      ("eventsPerRun", .int(eventCount / runs)), ("nanosecondsPerEvent", .int(nsPerEvent)),
                      ("peakKiBPerConcurrentRun", .int(memoryPerRun)), ("firstTurnMicroseconds", .int(Int(firstTurn / 1000))),
                      ("runsPerSecond1", .int(perSecond[0])), ("runsPerSecond2", .int(perSecond[1])),
                      ("speedup", .double(speedup)), ("hostSpeedup", .double(host)),
                      ("secondsFor1000Runs2Jobs", .double(thousandRuns))],
               [col(name, 15, left: true), col(String(x.assets.count), 5), col(grouped(turnsPerSecond), 16),
                col(grouped(eventCount / runs), 10), col(String(nsPerEvent), 8), col("\(grouped(memoryPerRun)) KiB", 9),
                col(String(format: "%.1f ms", Double(firstTurn) / 1e6), 10), col(grouped(perSecond[0]), 12),
                col(grouped(perSecond[1]), 13), col(String(format: "%.2f", speedup), 4), col(String(format: "%.2f", host), 4),
                col(String(format: "%.2f s", thousandRuns), 18)].joined(separator: "  "))
    }
}

// 3. Simulate on the shipped exercises with each kind of player, on 1 and 2 jobs.
if wanted("shipped") {
    if !json {
        print("""

            exercise             players   runs/s 1 job  turns/s 1 job  runs/s 2 jobs     ×  host
            ───────────────────  ────────  ────────────  ─────────────  ─────────────  ────  ────
            """)
    }
    for name in ["pacific-shield", "harbour-and-airbase", "shared-vendor"] {
        let bytes = load("Exercises/\(name).exercise")
        let x = check(bytes, name)
        for players in Players.allCases {
            let (one, two, speedup, host) = simulateOnOneAndTwoJobs(bytes, players, seconds: quick ? 0.1 : 0.25, pairs: quick ? 3 : 11,
                                                              label: "\(name) \(players.rawValue)")
            let perSecond = [one, two]
            report("simulate-\(name)-\(players.rawValue)",
                   [("runsPerSecond1", .int(perSecond[0])), ("runsPerSecond2", .int(perSecond[1])),
                    ("turnsPerSecond1", .int(perSecond[0] * x.turns)), ("speedup", .double(speedup)),
                    ("hostSpeedup", .double(host))],
                   [col(name, 19, left: true), col(players.rawValue, 8, left: true), col(grouped(perSecond[0]), 12),
                    col(grouped(perSecond[0] * x.turns), 13), col(grouped(perSecond[1]), 13),
                    col(String(format: "%.2f", speedup), 4), col(String(format: "%.2f", host), 4)].joined(separator: "  "))
        }
    }
}

// 4. The readers of a long journal: verify, score and view, which replay it whole.
if wanted("journal") {
    if !json {
        print("""

            journal readers       10,000 decisions  40,000 decisions  40k / 10k
            ────────────────────  ────────────────  ────────────────  ─────────
            """)
    }
    let folder = NSTemporaryDirectory() + "cdx-bench-journal-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // CDX_BENCH_KEEP=1 keeps the games for profiling a reader (valgrind --tool=callgrind cdx verify …).
    let keep = ProcessInfo.processInfo.environment["CDX_BENCH_KEEP"] != nil
    defer {
        if keep { FileHandle.standardError.write(Data("bench: kept the long journals in \(folder)\n".utf8)) } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
    let silent = CommandIO(write: { _ in }, writeError: { FileHandle.standardError.write(Data($0.utf8)) })
    var journals: [String] = []
    for decisions in [10_000, 40_000] {
        progress("playing a game of \(grouped(decisions)) decisions")
        let workload = JournalWorkload(decisions: decisions)
        let exercise = "\(folder)/long-\(decisions).exercise", responses = "\(folder)/long-\(decisions).responses"
        let journal = "\(folder)/long-\(decisions).jsonl"
        _ = FileManager.default.createFile(atPath: exercise, contents: Data(workload.exerciseText().utf8))
        _ = FileManager.default.createFile(atPath: responses, contents: Data(workload.responsesText().utf8))
        guard CDX.main(arguments: ["run", exercise, "--responses", responses, "--journal", journal], io: silent) == 0 else {
            FileHandle.standardError.write(Data("bench: the journal workload did not run\n".utf8))
            exit(1)
        }
        journals.append(journal)
    }
    for (name, command) in [("verify", ["verify"]), ("score", ["score"]), ("view --team white", ["view", "--team", "white"])] {
        var times: [UInt64] = []
        for journal in journals {
            progress("\(name) \(journal)")
            times.append(best(quick ? 1 : 3) { _ = CDX.main(arguments: [command[0], journal] + command.dropFirst(), io: silent) })
        }
        let ratio = Double(times[1]) / Double(max(1, times[0]))
        report("journal-\(command[0])", [("ms10k", .double(Double(times[0]) / 1e6)), ("ms40k", .double(Double(times[1]) / 1e6)),
                                          ("ratio", .double(ratio))],
               [col(name, 20, left: true), col(String(format: "%.0f ms", Double(times[0]) / 1e6), 16),
                col(String(format: "%.0f ms", Double(times[1]) / 1e6), 16), col(String(format: "%.2f", ratio), 9)].joined(separator: "  "))
    }
}

if wanted("seats") {
    let cdx = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cdx").path
    let folder = NSTemporaryDirectory() + "cdx-bench-seats-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let seconds = quick ? 10.0 : 60.0
    progress("seat server: 60 seats, 10 decisions/s for \(Int(seconds)) s, then SIGKILL and resume")
    guard let r = seatLoad(cdx: cdx, exercise: "Exercises/pacific-shield.exercise", seats: 60, rate: 10, seconds: seconds, folder: folder) else {
        FileHandle.standardError.write(Data("bench: the seat server did not start or answer (\(cdx))\n".utf8))
        exit(1)
    }
    doneProgress()
    report("seats", [("decisions", .int(r.decisions)), ("p50ms", .double(r.p50)), ("p99ms", .double(r.p99)), ("maxms", .double(r.max)),
                     ("rssKiB", .int(r.rssKiB)), ("peakKiB", .int(r.peakKiB)), ("events", .int(r.events)),
                     ("lost", .int(r.lost)), ("duplicated", .int(r.duplicated))],
           "", "seat server, 60 seats with live updates, \(r.decisions) decisions at 10/s:",
           String(format: "  request to acknowledged outcome (fsync included): p50 %.1f ms, p99 %.1f ms, max %.1f ms", r.p50, r.p99, r.max),
           "  server memory: \(r.rssKiB / 1024) MiB resident, \(r.peakKiB / 1024) MiB peak; \(grouped(r.events)) live updates sent",
           "  SIGKILL mid-burst and resume: \(r.afterKill)")
    if r.lost > 0 || r.duplicated > 0 || r.acknowledged == 0 { exit(1) }
}

report("memory", [("peakResidentKiB", .int(peakResidentKiB()))], "", "peak resident memory of this process: \(peakResidentKiB() / 1024) MiB")
if json { print(JSONValue.object(results).serialized()) }
