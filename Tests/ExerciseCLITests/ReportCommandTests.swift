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
}
