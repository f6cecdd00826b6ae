import ExerciseCLI
import Foundation
import Testing

/// A disk that fills up while cdx writes, made real with a file-size limit on the child
/// process (`ulimit -f`): past it, write(2) fails with EFBIG as it fails with ENOSPC on a
/// full disk — including a short write that stops inside a line.
@Suite("Disk full: write errors are reported, nothing acknowledged is lost")
struct DiskFullTests {
    static let name = "harbour-and-airbase"
    static let exercise = "Exercises/\(name).exercise"
    static let responses = "Exercises/\(name).responses"

    /// Limits (in 512-byte blocks) that run out just after the header, in the first
    /// turns, mid-game, and inside the last step (the golden journal is 66,266 bytes; its last step, the final turn's
    /// end, is its last 3 lines).
    @Test("the disk fills up during a run: it stops naming the journal and the OS error, what was acknowledged verifies, and resume finishes the same journal",
          arguments: [1, 3, 40, 80, 129])
    func fillsUpDuringRun(blocks: Int) throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let golden = try Repository.bytes("Tests/ExerciseCLITests/Snapshots/\(Self.name).jsonl")
        let run = try Child.cdx(fileSizeLimit: blocks, ["run", Self.exercise, "--responses", Self.responses, "--journal", journal])
        #expect(run.exited, "cdx was killed by a signal (SIGXFSZ not ignored?)")
        #expect(run.status == 1)
        #expect(run.errors.contains("cdx run: error: cannot write to journal '\(journal)': File too large; nothing of this step was recorded"),
                "\(run.errors)")
        #expect(run.errors.contains("then continue with: cdx resume \(journal) --responses \(Self.responses)"), "\(run.errors)")

        // What is on disk is the golden journal cut at the end of a step: the short write
        // of the failed step was cut back off, so the journal verifies as it stands.
        let kept = Array(try Data(contentsOf: URL(fileURLWithPath: journal)))
        #expect(kept.count <= blocks * 512)
        #expect(kept.count > blocks * 512 - 1000, "the failure should land near the limit")
        #expect(kept == Array(golden.prefix(kept.count)))
        #expect(kept.last == 0x0A)
        let verify = Run.cdx(["verify", journal, "--exercise", Repository.url(Self.exercise).path])
        #expect(verify.status == 0, "\(verify.errors)")
        #expect(try folderListing(scratch.url.path) == ["j.jsonl"], "no lock or temporary file left behind")

        // Space freed: resume carries on to the journal of an uninterrupted run.
        let resume = try Child.cdx(["resume", journal, "--responses", Self.responses])
        #expect(resume.status == 0, "\(resume.errors)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: journal))) == golden)
    }

    /// Automatic players stopped by a full disk, mid-turn or between turns: the message
    /// names `--players`, and resuming with it gives the journal of an uninterrupted run
    /// (the players decide the rest of an open turn on the state as it stands).
    @Test("the disk fills up during a players run: resume --players finishes it into the uninterrupted run's journal",
          arguments: [2, 30, 70])
    func fillsUpDuringPlayersRun(blocks: Int) throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl"), whole = scratch.path("whole.jsonl")
        let uninterrupted = try Child.cdx(["run", Self.exercise, "--players", "reactive", "--journal", whole])
        #expect(uninterrupted.status == 0, "\(uninterrupted.errors)")
        let run = try Child.cdx(fileSizeLimit: blocks, ["run", Self.exercise, "--players", "reactive", "--journal", journal])
        #expect(run.status == 1)
        #expect(run.errors.contains("then continue with: cdx resume \(journal) --players reactive"), "\(run.errors)")
        let kept = try Data(contentsOf: URL(fileURLWithPath: journal))
        let golden = try Data(contentsOf: URL(fileURLWithPath: whole))
        #expect(kept.count < golden.count)
        #expect(kept == golden.prefix(kept.count))

        let resume = try Child.cdx(["resume", journal, "--players", "reactive"])
        #expect(resume.status == 0, "\(resume.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == golden)
    }

    @Test("no room even for the header: no journal is made, and nothing is left behind")
    func noRoomForHeader() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let run = try Child.cdx(fileSizeLimit: 0, ["run", Self.exercise, "--responses", Self.responses, "--journal", journal])
        #expect(run.exited)
        #expect(run.status == 1)
        #expect(run.errors.contains("cannot create journal '\(journal)': File too large; nothing was recorded and no journal was made"),
                "\(run.errors)")
        #expect(try folderListing(scratch.url.path) == [])
    }

    @Test("with its own output on the full disk too, cdx still exits 1 rather than crashing")
    func outputOnFullDisk() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let command = "ulimit -f 0 && exec env --default-signal=XFSZ \"$0\" run \(Self.exercise) --responses \(Self.responses) --journal \"$1\" >\"$2\" 2>\"$3\""
        let run = try Child.run("/bin/sh", ["-c", command, Binary.url.path, journal, scratch.path("out"), scratch.path("err")],
                                input: nil, in: Repository.root)
        #expect(run.exited, "a failed write to standard output or error must not trap")
        #expect(run.status == 1)
    }

    /// The console's example game (Documentation/Examples/tiny.*) under a limit that
    /// refuses one step: the console says it was not recorded and what to do, keeps going,
    /// and exits 1 because the last thing typed was refused; after `cdx resume` with the
    /// rest of the lines, the journal is the documented one byte for byte.
    @Test("at the console, a decision or a turn's end the disk refuses is reported NOT recorded, and typing it again after resume gives the same journal",
          arguments: [
              // 1,536 bytes: the second decision ('jcdc detect …', lines 9–10) does not fit.
              (blocks: 3, typed: 2, kept: 8, refused: "the decision 'jcdc detect mail T1566.001'"),
              // 14,336 bytes: the last turn's end (lines 75–77) does not fit.
              (blocks: 28, typed: 28, kept: 74, refused: "the end of the turn"),
          ])
    func console(blocks: Int, typed: Int, kept: Int, refused: String) throws {
        let scratch = try Scratch()
        let journal = scratch.path("tiny.jsonl")
        let exercise = "Documentation/Examples/tiny.exercise"
        let golden = JournalBytes(try Repository.bytes("Documentation/Examples/tiny.jsonl"))
        let lines = try String(contentsOf: Repository.url("Documentation/Examples/tiny.console"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.prefix(typed).map { $0 + "\n" }.joined()
        let run = try Child.cdx(fileSizeLimit: blocks, ["run", exercise, "--journal", journal], input: first)
        #expect(run.exited)
        #expect(run.status == 1, "the console must not end quietly on a refused step")
        #expect(run.output.contains("error: cannot write to journal '\(journal)': File too large; nothing of this step was recorded"),
                "\(run.output)")
        #expect(run.output.contains("\(refused) was NOT recorded. Free space on the journal's disk (or fix the problem)"), "\(run.output)")
        #expect(run.output.contains("continue later with 'cdx resume \(journal)'"))
        #expect(run.output.contains("warning: \(refused) was NOT recorded"))
        #expect(try JournalBytes(file: journal).bytes == Array(golden.bytes[0..<golden.starts[kept]]))

        // Space freed: resume, and type the refused line and the rest again.
        let rest = lines.dropFirst(typed - 1).map { $0 + "\n" }.joined()
        let resume = try Child.cdx(["resume", journal], input: rest)
        #expect(resume.status == 0, "\(resume.errors)\(resume.output)")
        #expect(try JournalBytes(file: journal).bytes == golden.bytes)
    }
}
