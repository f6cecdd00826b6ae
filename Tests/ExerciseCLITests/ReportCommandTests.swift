import ExerciseCore
import Foundation
import Testing

@Suite("cdx report and cdx export")
struct ReportCommandTests {
    static let journal = Repository.url("Tests/ExerciseCLITests/Snapshots/shared-vendor.jsonl").path
    static let exercise = Repository.url("Exercises/shared-vendor.exercise").path

    @Test("report writes HTML or Markdown by -o's extension, and says where")
    func report() throws {
        let scratch = try Scratch()
        for (file, marker) in [("aar.html", "<!DOCTYPE html>"), ("aar.md", "# After-Action Report")] {
            let run = Run.cdx(["report", Self.journal, "--exercise", Self.exercise, "-o", scratch.path(file)])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("wrote the After-Action Report to"))
            let text = try String(contentsOfFile: scratch.path(file), encoding: .utf8)
            #expect(text.contains(marker))
            #expect(text.contains("UNCLASSIFIED // EXERCISE ONLY"))
        }
        let md = Run.cdx(["report", Self.journal, "--exercise", Self.exercise, "--format", "md"])
        #expect(md.output.hasPrefix("**UNCLASSIFIED"))
        let bad = Run.cdx(["report", Self.journal, "--format", "pdf"])
        #expect(bad.status == 64)
        #expect(bad.errors.contains("html, md"))
    }

    @Test("export stix and navigator give JSON; an unknown kind is a usage error with a suggestion")
    func export() throws {
        let stix = Run.cdx(["export", "stix", Self.journal, "--exercise", Self.exercise])
        #expect(stix.status == 0, "\(stix.errors)")
        let bundle = try JSONValue.parse(stix.output)
        #expect(bundle["type"]?.stringValue == "bundle")
        let incidents = bundle["objects"]?.arrayValue?.filter { $0["type"]?.stringValue == "incident" } ?? []
        let score = try JSONValue.parse(try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/shared-vendor.score.json"), encoding: .utf8))
        #expect(incidents.count == score["compromises"]?.arrayValue?.count)
        let layer = try JSONValue.parse(Run.cdx(["export", "navigator", Self.journal, "--exercise", Self.exercise]).output)
        #expect(layer["versions"]?["attack"]?.stringValue == "18")
        let bad = Run.cdx(["export", "stx", Self.journal])
        #expect(bad.status == 64)
        #expect(bad.errors.contains("did you mean 'stix'?"))
    }

    @Test("a team's report with --eeg, --notes or --feedback says on stderr that it leaves them out, and does not hold the notes to the full report's plan")
    func teamLeavesOutAnnotations() throws {
        let scratch = try Scratch()
        let journal = Repository.url("Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl").path
        let exercise = Repository.url("Exercises/pacific-shield.exercise").path
        // A01.1 was met in the shipped game: the full report has no plan row for it (an error there).
        let notes = scratch.path("n.notes")
        try "plan A01.1 owner \"JCDC J2\"\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let full = Run.cdx(["report", journal, "--exercise", exercise, "--notes", notes, "--format", "md"])
        #expect(full.status == 1)
        #expect(full.errors.contains("n.notes:1:6: error: the improvement plan has no row for 'A01.1'"), "\(full.errors)")
        let team = Run.cdx(["report", journal, "--exercise", exercise, "--team", "usfj", "--notes", notes,
                            "--eeg", Repository.url("Exercises/pacific-shield.eeg").path, "--format", "md"])
        #expect(team.status == 0, "\(team.errors)")
        #expect(team.errors == "note: a team's report does not carry the evaluators' observations, the lead's notes or the participants' feedback; --eeg, --notes are checked and left out\n")
        #expect(!team.output.contains("Evaluators' rating"))
        // Still checked: a mistake in the file is an error whichever report is made.
        try "plan A99.1 owner \"x\"\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let bad = Run.cdx(["report", journal, "--exercise", exercise, "--team", "usfj", "--notes", notes, "--format", "md"])
        #expect(bad.status == 1)
        #expect(bad.errors.contains("n.notes:1:6: error: 'A99.1' is no expectation or objective of this exercise"), "\(bad.errors)")
        // The white cell's report is the full one: no note, the plan checked.
        let white = Run.cdx(["report", journal, "--exercise", exercise, "--team", "white", "--feedback", scratch.path("none.csv"), "--format", "md"])
        #expect(!white.errors.contains("a team's report does not carry"), "\(white.errors)")
    }
}
