import ExerciseCore
import Foundation
import Testing

@Suite("cdx report --team and cdx export stix --team")
struct TeamOutputCommandTests {
    static let journal = Repository.url("Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl").path
    static let exercise = Repository.url("Exercises/pacific-shield.exercise").path

    static func cdx(_ arguments: [String]) -> Run { Run.cdx(arguments + ["--exercise", exercise]) }

    @Test("an unknown team is a usage error that names the closest team")
    func unknownTeam() {
        for arguments in [["report", Self.journal, "--team", "jcd"], ["export", "stix", Self.journal, "--team", "jcd"]] {
            let run = Self.cdx(arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.errors.contains("unknown team 'jcd'; did you mean 'jcdc'?"), "\(run.errors)")
            #expect(run.output.isEmpty)
        }
        let far = Self.cdx(["report", Self.journal, "--team", "nato"])
        #expect(far.status == 64)
        #expect(far.errors.contains("unknown team 'nato'; teams: jcdc, gsdf, msdf, asdf, usfj, jjoc, white"), "\(far.errors)")
    }

    @Test("a team's report says who it is for under the exercise's marking; --team=T works too")
    func teamReport() throws {
        let md = Self.cdx(["report", Self.journal, "--team=gsdf", "--format", "md"])
        #expect(md.status == 0, "\(md.errors)")
        // gsdf holds X1, marked JPN ONLY in play: its pack is marked so (ReportMarkingTests has every team's).
        #expect(md.output.hasPrefix("**UNCLASSIFIED // EXERCISE ONLY · PLAY MARKING: JPN ONLY**"))
        #expect(md.output.contains("**Prepared for GSDF Cyber Protection Unit (gsdf, JPN)**"))
        #expect(!md.output.contains("ground truth"))
        let scratch = try Scratch()
        let html = Self.cdx(["report", Self.journal, "--team", "usfj", "-o", scratch.path("usfj.html")])
        #expect(html.status == 0, "\(html.errors)")
        #expect(html.errors.contains("wrote the After-Action Report to"))
        let text = try String(contentsOfFile: scratch.path("usfj.html"), encoding: .utf8)
        #expect(text.contains("Prepared for USFJ / USCYBERCOM Cyber Protection Team (usfj, USA)"))
    }

    @Test("--team white gives exercise control's full report and bundle, byte for byte")
    func white() {
        #expect(Self.cdx(["report", Self.journal, "--team", "white", "--format", "md"]).output
            == Self.cdx(["report", Self.journal, "--format", "md"]).output)
        #expect(Self.cdx(["export", "stix", Self.journal, "--team", "white"]).output == Self.cdx(["export", "stix", Self.journal]).output)
    }

    @Test("a team's bundle is a smaller STIX bundle than exercise control's, the same bytes every time")
    func teamBundle() throws {
        let run = Self.cdx(["export", "stix", Self.journal, "--team", "usfj"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == Self.cdx(["export", "stix", Self.journal, "--team", "usfj"]).output)
        let bundle = try JSONValue.parse(run.output)
        let full = try JSONValue.parse(Self.cdx(["export", "stix", Self.journal]).output)
        let count = bundle["objects"]?.arrayValue?.count ?? 0
        #expect(count > 0 && count < full["objects"]?.arrayValue?.count ?? 0)
        #expect(bundle["objects"]?.arrayValue?.contains { $0["type"]?.stringValue == "incident" && $0["x_cdx_compromised"] != nil } == false)
    }

    @Test("the Navigator layer refuses --team: it scores compromises no team was told of")
    func navigator() {
        let run = Self.cdx(["export", "navigator", Self.journal, "--team", "gsdf"])
        #expect(run.status == 64)
        #expect(run.errors.contains("'--team' works with 'export stix' only"))
    }
}
