import ExerciseCore
import Foundation
import Testing

@Suite("Crashes: a killed run resumes to the same journal", .serialized)
struct CrashTests {
    /// Starts cdx and kills it with SIGKILL after `microseconds`; true when it was still running.
    static func runAndKill(_ arguments: [String], after microseconds: UInt32) throws -> Bool {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        process.environment = ProcessInfo.processInfo.environment.merging(["CDX_TEST_STEP_DELAY_MICROSECONDS": "2000"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(microseconds)
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return wasRunning && process.terminationReason == .uncaughtSignal
    }

    @Test("SIGKILL at 24 random moments, resuming each time, ends with the uninterrupted journal")
    func killAndResume() throws {
        let scratch = try Scratch()
        let name = "harbour-and-airbase"
        let journal = scratch.path("killed.jsonl")
        let responses = "Exercises/\(name).responses"
        var rng = SeededGenerator(seed: 99)
        var kills = 0
        var attempts = 0
        // The first run is killed too; then resume, killing again, until it finishes.
        var arguments = ["run", "Exercises/\(name).exercise", "--responses", responses, "--journal", journal]
        while attempts < 200 {
            attempts += 1
            // With 2 ms per step a run has ~200 steps to go through, so kills between 0.5 and
            // 25 ms land mid-run (or during start-up and replay) on fast and slow machines alike.
            let delay = UInt32(500 + rng.below(24_500))
            if kills < 24, try Self.runAndKill(arguments, after: delay) {
                kills += 1
            } else {
                let finish = try Binary.run(arguments)
                if finish.status == 0 { break }
                // A run killed before it wrote its header leaves nothing to resume: start again.
                if !FileManager.default.fileExists(atPath: journal) { continue }
                Issue.record("resume failed: \(finish.errors)")
                return
            }
            if FileManager.default.fileExists(atPath: journal) {
                arguments = ["resume", journal, "--responses", responses]
            }
        }
        #expect(kills >= 20, "only \(kills) kills landed while the run was going")
        let produced = try Data(contentsOf: URL(fileURLWithPath: journal))
        let golden = try Data(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).jsonl"))
        #expect(produced == golden)
    }
}
