import ExerciseCLI
import Foundation
import Testing

/// One journal, one writer: `JOURNAL.lock` beside it is flock'ed by the run or resume
/// that appends to it, for as long as that process lives.
@Suite("Locks: two processes never append to one journal")
struct LockTests {
    static let name = "harbour-and-airbase"
    static let exercise = "Exercises/\(name).exercise"
    static let responses = "Exercises/\(name).responses"
    static var golden: Data { get throws { try Data(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).jsonl")) } }

    @Test("while a console runs on a journal, a second run or resume of it is refused naming the console's pid; once it ends, resume works")
    func secondProcessRefused() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let console = try RunningConsole(["run", Self.exercise, "--journal", journal])
        try #require(console.waitFor("turn 1/36> "), "\(console.screen)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: journal))

        let resume = try Child.cdx(["resume", journal, "--responses", Self.responses])
        #expect(resume.status == 1)
        #expect(resume.errors.contains("cdx resume: error: journal '\(journal)' is in use by another cdx (pid \(console.pid))"), "\(resume.errors)")
        #expect(resume.errors.contains("released the moment that process ends, even if it is killed"))
        let run = try Child.cdx(["run", Self.exercise, "--journal", journal, "--responses", Self.responses])
        #expect(run.status == 1)
        #expect(run.errors.contains("cdx run: error: journal '\(journal)' is in use by another cdx (pid \(console.pid))"), "\(run.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == bytes, "a refused process wrote to the journal")
        // Reading is not appending: verify and score need no lock.
        #expect(try Child.cdx(["verify", journal]).status == 0)
        #expect(try Child.cdx(["score", journal]).status == 0)

        #expect(try console.endInput() == 0, "\(console.screen)")
        #expect(try folderListing(scratch.url.path) == ["j.jsonl", "j.jsonl.clock"], "a clean exit removes the lock file (the console kept its wall clock)")
        let after = try Child.cdx(["resume", journal, "--responses", Self.responses])
        #expect(after.status == 0, "\(after.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == Self.golden)
    }

    @Test("a console killed with SIGKILL leaves its lock file, which blocks nothing: resume takes it over and finishes")
    func killedHolder() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let console = try RunningConsole(["run", Self.exercise, "--journal", journal])
        try #require(console.waitFor("turn 1/36> "), "\(console.screen)")
        console.kill()
        #expect(FileManager.default.fileExists(atPath: journal + ".lock"), "SIGKILL gives no chance to remove it")
        let resume = try Child.cdx(["resume", journal, "--responses", Self.responses])
        #expect(resume.status == 0, "\(resume.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == Self.golden)
        #expect(try folderListing(scratch.url.path) == ["j.jsonl", "j.jsonl.clock"])
    }

    @Test("in-process: a held lock refuses resume and run with --journal, and releasing it lets resume through")
    func heldLock() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let exercise = Repository.url(Self.exercise).path
        let responses = Repository.url(Self.responses).path
        #expect(Run.cdx(["run", exercise, "--responses", responses, "--journal", journal, "--until", "3"]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        let holder = try LockHolder(journal: journal)
        let resume = Run.cdx(["resume", journal, "--responses", responses, "--exercise", exercise])
        #expect(resume.status == 1)
        #expect(resume.errors.contains("is in use by another cdx (pid \(getpid()))"), "\(resume.errors)")
        let run = Run.cdx(["run", exercise, "--responses", responses, "--journal", journal])
        #expect(run.errors.contains("is in use by another cdx (pid \(getpid()))"), "\(run.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == bytes)
        holder.release(journal: journal)
        let after = Run.cdx(["resume", journal, "--responses", responses, "--exercise", exercise])
        #expect(after.status == 0, "\(after.errors)")
        // The header names the exercise by its absolute path here, so compare with a run that way.
        let whole = scratch.path("whole.jsonl")
        #expect(Run.cdx(["run", exercise, "--responses", responses, "--journal", whole]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == Data(contentsOf: URL(fileURLWithPath: whole)))
    }

    @Test("default journal names: a leftover lock file takes no name; a name another run holds is passed over")
    func defaultNames() throws {
        let scratch = try Scratch()
        let journals = scratch.path("journals")
        try FileManager.default.createDirectory(atPath: journals, withIntermediateDirectories: true)
        let exercise = Repository.url(Self.exercise).path
        let responses = Repository.url(Self.responses).path
        // Left by a run killed while it started: the name is still free.
        try Data().write(to: URL(fileURLWithPath: "\(journals)/\(Self.name)-seed1.jsonl.lock"))
        let first = try Child.cdx(["run", exercise, "--responses", responses], in: scratch.url)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.errors.contains("journal journals/\(Self.name)-seed1.jsonl"), "\(first.errors)")
        #expect(try folderListing(journals) == ["\(Self.name)-seed1.jsonl"])

        // Another run holds seed2's name while it creates that journal: take the next.
        let holder = try LockHolder(journal: "\(journals)/\(Self.name)-seed2.jsonl")
        defer { holder.release() }
        let second = try Child.cdx(["run", exercise, "--responses", responses, "--seed", "2"], in: scratch.url)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.errors.contains("journal journals/\(Self.name)-seed2-2.jsonl"), "\(second.errors)")
    }
}
