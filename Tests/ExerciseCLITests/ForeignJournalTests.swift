import ExerciseCLI
import ExerciseCore
import Foundation
import Testing

/// Journals that are whole but not this exercise's, or not this cdx's: every command that
/// reads one refuses it, says what differs, and changes no file.
@Suite("Foreign journals: another exercise, an edited exercise, another format version")
struct ForeignJournalTests {
    static let commands = ["resume", "verify", "score"]
    static let golden = "Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl"

    /// The journal with `edit` applied to each line's content (without its hash), the
    /// hash chain sealed again: what another program, or another cdx, could have written.
    static func resealed(_ edit: (Int, String) -> String) throws -> String {
        let text = try String(contentsOf: Repository.url(golden), encoding: .utf8)
        var previous = ""
        var out = ""
        for (n, line) in text.split(separator: "\n").enumerated() {
            let (content, _) = try #require(JournalFormat.unseal(line))
            let sealed = JournalFormat.seal(try JSONValue.parse(edit(n + 1, content)), previous: previous)
            out += sealed.line + "\n"
            previous = sealed.hash
        }
        return out
    }

    static func digest(_ relative: String) throws -> String { String(SHA256.digest(try Repository.bytes(relative)).hexString.prefix(16)) }

    /// Runs the command in `folder` and checks it refused, leaving every file there as it was.
    static func refused(_ command: String, _ arguments: [String], in folder: URL, journal: String) throws -> Child {
        let before = try folderListing(folder.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        let run = try Child.cdx([command, journal] + arguments, in: folder)
        #expect(run.exited)
        #expect(run.status == 1, "\(command): \(run.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == bytes, "\(command) changed the journal")
        #expect(try folderListing(folder.path) == before, "\(command) left a file behind")
        #expect(run.output.isEmpty)
        return run
    }

    @Test("a journal of another exercise (given with --exercise, or put at the path the header names) is refused naming both and their digests",
          arguments: commands)
    func anotherExercise(command: String) throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        try Data(contentsOf: Repository.url(Self.golden)).write(to: URL(fileURLWithPath: journal))
        let digests = "the journal records digest \(try Self.digest("Exercises/pacific-shield.exercise"))…, the file has \(try Self.digest("Exercises/shared-vendor.exercise"))…"

        let given = Repository.url("Exercises/shared-vendor.exercise").path
        let run = try Self.refused(command, ["--exercise", given], in: scratch.url, journal: journal)
        #expect(run.errors.contains("cdx \(command): error: \(journal):1: this journal is a run of 'Pacific Shield 26'; '\(given)' is 'Shared Vendor 26', another exercise (\(digests))"),
                "\(run.errors)")

        // The header names Exercises/pacific-shield.exercise; from this folder, that is another exercise.
        try FileManager.default.createDirectory(atPath: scratch.path("Exercises"), withIntermediateDirectories: true)
        try Data(contentsOf: Repository.url("Exercises/shared-vendor.exercise")).write(to: scratch.url.appendingPathComponent("Exercises/pacific-shield.exercise"))
        let named = try Self.refused(command, [], in: scratch.url, journal: journal)
        #expect(named.errors.contains("'Exercises/pacific-shield.exercise' is 'Shared Vendor 26', another exercise (\(digests))"), "\(named.errors)")
    }

    @Test("a journal whose exercise file was edited since is refused naming the two digests", arguments: commands)
    func editedExercise(command: String) throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        try Data(contentsOf: Repository.url(Self.golden)).write(to: URL(fileURLWithPath: journal))
        let edited = scratch.path("edited.exercise")
        let text = try String(contentsOf: Repository.url("Exercises/pacific-shield.exercise"), encoding: .utf8) + "# one more comment\n"
        try text.write(toFile: edited, atomically: true, encoding: .utf8)
        let run = try Self.refused(command, ["--exercise", edited], in: scratch.url, journal: journal)
        let digest = String(SHA256.digest(Array(text.utf8)).hexString.prefix(16))
        #expect(run.errors.contains("this journal is a run of 'Pacific Shield 26'; '\(edited)' has been changed since (the journal records digest \(try Self.digest("Exercises/pacific-shield.exercise"))…, the file has \(digest)…)"),
                "\(run.errors)")
    }

    @Test("a journal of a format version this cdx does not know is refused naming both versions", arguments: commands)
    func futureVersion(command: String) throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let future = try Self.resealed { n, content in
            n == 1 ? content.replacingOccurrences(of: "\"version\":2,\"cdx\":\"\(CDX.version)\"", with: "\"version\":4,\"cdx\":\"9.0.0\"") : content
        }
        try future.write(toFile: journal, atomically: true, encoding: .utf8)
        let run = try Self.refused(command, ["--exercise", Repository.url("Exercises/pacific-shield.exercise").path], in: scratch.url,
                                   journal: journal)
        #expect(run.errors.contains("\(journal):1: journal format version 4 (written by cdx 9.0.0) is not supported: this cdx (\(CDX.version)) reads versions 1 to 3"),
                "\(run.errors)")
    }

    @Test("a file that is not a cdx journal at all is refused naming its format", arguments: commands)
    func otherFormat(command: String) throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let other = try Self.resealed { n, content in
            n == 1 ? content.replacingOccurrences(of: "\"format\":\"cdx-journal\"", with: "\"format\":\"other-log\"") : content
        }
        try other.write(toFile: journal, atomically: true, encoding: .utf8)
        let run = try Self.refused(command, [], in: scratch.url, journal: journal)
        #expect(run.errors.contains("\(journal):1: not a cdx journal (its \"format\" is \"other-log\", not \"cdx-journal\")"), "\(run.errors)")
    }

    @Test("a resume refused for its own arguments (a bad responses file, '--until' behind the journal) leaves even a torn journal as it was")
    func refusedResumeChangesNothing() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let golden = try Repository.bytes(Self.golden)
        try Data(golden.dropLast(30)).write(to: URL(fileURLWithPath: journal))
        let responses = scratch.path("bad.responses")
        try "+00:30 nobody detect nothing\n".write(toFile: responses, atomically: true, encoding: .utf8)
        let exercise = ["--exercise", Repository.url("Exercises/pacific-shield.exercise").path]
        let bad = try Self.refused("resume", ["--responses", responses] + exercise, in: scratch.url, journal: journal)
        #expect(bad.errors.contains("bad.responses"), "\(bad.errors)")
        let behind = try Self.refused("resume", ["--until", "2"] + exercise, in: scratch.url, journal: journal)
        #expect(behind.errors.contains("'--until 2' is behind it"), "\(behind.errors)")
    }

    @Test("a journal from another cdx with the same format version is read; where its replay differs, the message says which cdx wrote it")
    func anotherCdxVersion() throws {
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let exercise = Repository.url("Exercises/pacific-shield.exercise").path
        let older = { (n: Int, content: String) in
            n == 1 ? content.replacingOccurrences(of: "\"cdx\":\"\(CDX.version)\"", with: "\"cdx\":\"0.0.9\"") : content
        }
        try Self.resealed(older).write(toFile: journal, atomically: true, encoding: .utf8)
        let verify = Run.cdx(["verify", journal, "--exercise", exercise])
        #expect(verify.status == 0, "\(verify.errors)")

        // As if that cdx's engine had rated a mission differently at the end of turn 2 (line 10).
        try Self.resealed { n, content in
            n == 10 ? content.replacingOccurrences(of: "\"staff-work\":\"up\"", with: "\"staff-work\":\"down\"") : older(n, content)
        }.write(toFile: journal, atomically: true, encoding: .utf8)
        let differs = Run.cdx(["verify", journal, "--exercise", exercise])
        #expect(differs.status == 1)
        #expect(differs.errors.contains("j.jsonl:10: replaying gives a different event here"), "\(differs.errors)")
        #expect(differs.errors.contains("(the journal was written by cdx 0.0.9 and this is cdx \(CDX.version): replay it with the cdx that wrote it)"))
    }
}
