import ExerciseCLI
import ExerciseCore
import Foundation
import Testing

@Suite("Journals: golden records, determinism, tamper evidence", .serialized)
struct JournalTests {
    @Test("each shipped exercise and its responses give the committed journal, byte for byte", arguments: Repository.shipped)
    func golden(name: String) throws {
        let scratch = try Scratch()
        let journal = scratch.path("\(name).jsonl")
        let run = try Binary.run(["run", "Exercises/\(name).exercise", "--responses", "Exercises/\(name).responses",
                                  "--journal", journal])
        #expect(run.status == 0, "\(run.errors)")
        let produced = Array(try Data(contentsOf: URL(fileURLWithPath: journal)))
        let golden = try Repository.bytes("Tests/ExerciseCLITests/Snapshots/\(name).jsonl")
        if ProcessInfo.processInfo.environment["CDX_RECORD"] == "1" {
            try Data(produced).write(to: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).jsonl"))
        }
        #expect(produced == golden, "re-record on purpose with CDX_RECORD=1 swift test")
        #expect(run.output.contains("finished"))
    }

    @Test("the committed journals verify", arguments: Repository.shipped)
    func verifies(name: String) throws {
        let run = try Binary.run(["verify", "Tests/ExerciseCLITests/Snapshots/\(name).jsonl"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("ok"))
    }

    @Test("the same seed gives the same journal; another seed changes the dice-driven events")
    func seeds() throws {
        let scratch = try Scratch()
        let exercise = Repository.url("Exercises/pacific-shield.exercise").path
        let responses = Repository.url("Exercises/pacific-shield.responses").path
        var journals: [String] = []
        for (n, seed) in ["7", "7", "8"].enumerated() {
            let path = scratch.path("j\(n).jsonl")
            let run = Run.cdx(["run", exercise, "--responses", responses, "--seed", seed, "--journal", path])
            #expect(run.status == 0, "\(run.errors)")
            journals.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        #expect(journals[0] == journals[1])
        #expect(journals[0] != journals[2])
        func alerts(_ j: String) -> [Substring] { j.split(separator: "\n").filter { $0.contains("\"type\":\"alert\"") && $0.contains("sensor") }
            .map { $0.prefix { $0 != "h" } } }
        #expect(alerts(journals[0]) != alerts(journals[2]), "sensor alerts are dice-driven and should differ")
    }

    @Test("changing any single byte of a journal makes verify fail and name that line")
    func tamper() throws {
        let scratch = try Scratch()
        let golden = try Repository.bytes("Tests/ExerciseCLITests/Snapshots/harbour-and-airbase.jsonl")
        let exercise = Repository.url("Exercises/harbour-and-airbase.exercise").path
        var starts = [0]
        for (i, b) in golden.enumerated() where b == 0x0A && i + 1 < golden.count { starts.append(i + 1) }
        let path = scratch.path("tampered.jsonl")
        for (n, start) in starts.enumerated() {
            let end = golden[start...].firstIndex(of: 0x0A) ?? golden.count
            // A byte in the middle of the line: content on most lines, the hash on some.
            let at = start + (end - start) / 2
            var bytes = golden
            bytes[at] = bytes[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let run = Run.cdx(["verify", path, "--exercise", exercise])
            #expect(run.status == 1)
            #expect(run.errors.contains("tampered.jsonl:\(n + 1):"), "line \(n + 1): \(run.errors)")
        }
    }

    @Test("a journal from another exercise, an edited exercise, or another format version is refused")
    func refusals() throws {
        let scratch = try Scratch()
        let golden = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl"), encoding: .utf8)
        let path = scratch.path("j.jsonl")
        try golden.write(toFile: path, atomically: true, encoding: .utf8)
        let other = Run.cdx(["verify", path, "--exercise", Repository.url("Exercises/shared-vendor.exercise").path])
        #expect(other.status == 1)
        #expect(other.errors.contains("this journal is a run of 'Pacific Shield 26'"))
        #expect(other.errors.contains("is 'Shared Vendor 26', another exercise"))
        try "not a journal\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Run.cdx(["verify", path]).errors.contains(":1: not a journal line"))
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Run.cdx(["verify", path]).errors.contains("the journal is empty"))
    }

    @Test("a torn last line is reported by verify and dropped by resume, keeping every whole line")
    func tornLine() throws {
        let scratch = try Scratch()
        let exercise = Repository.url("Exercises/pacific-shield.exercise").path
        let responses = Repository.url("Exercises/pacific-shield.responses").path
        let path = scratch.path("j.jsonl")
        #expect(Run.cdx(["run", exercise, "--responses", responses, "--journal", path, "--until", "10"]).status == 0)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try (whole + Data("{\"seq\":999,\"turn\":11,\"mi".utf8)).write(to: URL(fileURLWithPath: path))
        let verify = Run.cdx(["verify", path])
        #expect(verify.status == 1)
        #expect(verify.errors.contains("torn last line"))
        let resume = Run.cdx(["resume", path, "--responses", responses])
        #expect(resume.status == 0, "\(resume.errors)")
        #expect(resume.errors.contains("dropped a torn last line"))
        let full = scratch.path("full.jsonl")
        #expect(Run.cdx(["run", exercise, "--responses", responses, "--journal", full]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: full)))
    }

    @Test("a run never overwrites an existing journal")
    func noOverwrite() throws {
        let scratch = try Scratch()
        let path = scratch.path("j.jsonl")
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", Repository.url("Exercises/pacific-shield.exercise").path, "--responses",
                           Repository.url("Exercises/pacific-shield.responses").path, "--journal", path])
        #expect(run.status == 1)
        #expect(run.errors.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
    }
}
