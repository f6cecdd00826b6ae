import Foundation
import Testing

/// The HSEEP Participant Feedback Form (issue 17, item 8): printed per exercise in English and
/// Japanese, as Markdown and CSV; the filled CSV tallied in the report's appendix.
@Suite("Participant feedback")
struct FeedbackTests {
    static let exercise = "Exercises/pacific-shield.exercise"
    static let journal = "Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl"

    @Test("the form has HSEEP's statements and one per objective, in English or Japanese, as Markdown or CSV")
    func form() {
        let en = Run.cdx(["feedback", Repository.url(Self.exercise).path])
        #expect(en.status == 0, "\(en.errors)")
        #expect(en.output.contains("# Participant Feedback Form: Pacific Shield 26"))
        #expect(en.output.contains("| Q1 | The exercise was well structured and organized. | ☐ | ☐ | ☐ | ☐ | ☐ |"))
        #expect(en.output.contains("| O4 | The exercise let my team practise this objective: Decide on isolating the remote-island wireless bridge"))
        #expect(en.output.hasPrefix("**UNCLASSIFIED // EXERCISE ONLY**"))
        let ja = Run.cdx(["feedback", Repository.url(Self.exercise).path, "--language", "ja"])
        #expect(ja.output.contains("# 参加者フィードバック用紙: Pacific Shield 26"))
        #expect(ja.output.contains("| Q2 | 演習の想定は現実的で、あり得るものであった。 |"))
        let csv = Run.cdx(["feedback", Repository.url(Self.exercise).path, "--format", "csv"])
        let lines = csv.output.split(whereSeparator: \.isNewline).map(String.init)  // CRLF, as RFC 4180 writes
        // A header, 7 statements, 5 objectives, 3 open questions.
        #expect(lines.count == 16, "\(csv.output)")
        #expect(lines.first?.hasPrefix("respondent,team,role,question,statement,rating,comment") == true)
    }

    @Test("the filled forms are tallied in the report's appendix, each mean worked out by hand")
    func tallies() throws {
        let scratch = try Scratch()
        let filled = scratch.path("filled.csv")
        try """
            respondent,team,role,question,statement,rating,comment
            A,gsdf,player,Q1,,5,
            B,jcdc,player,Q1,,4,
            C,usfj,player,Q1,,4,
            A,gsdf,player,O2,,2,The bridge decision took too long
            B,jcdc,player,O2,,3,
            C,usfj,player,S3,,,More time for the ally cell to brief its own chain
            """.write(toFile: filled, atomically: true, encoding: .utf8)
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url(Self.exercise).path,
                           "--feedback", filled, "--format", "md"])
        #expect(run.status == 0, "\(run.errors)")
        // Q1: 5, 4, 4 → two 4s and one 5, mean 13/3 = 4.33 → 4.3. O2: 2, 3 → 2.5.
        #expect(run.output.contains("| Q1 | The exercise was well structured and organized. | 3 | 0 | 0 | 0 | 2 | 1 | 4.3 |"), "\(run.output.suffix(3000))")
        #expect(run.output.contains("| O2 | The exercise let my team practise this objective: Contain adversary lateral movement before it reaches the DII closed network and its intelligence holdings | 2 | 0 | 1 | 1 | 0 | 0 | 2.5 |"))
        #expect(run.output.contains("| Q5 |") && run.output.contains("| 0 | 0 | 0 | 0 | 0 | 0 | — |"))
        #expect(run.output.contains("From 3 participant forms"))
        #expect(run.output.contains("- **O2** (gsdf): The bridge decision took too long"))
        #expect(run.output.contains("- **S3** (usfj): More time for the ally cell to brief its own chain"))
    }

    @Test("a filled form's mistakes are reported at row and column, and nothing is written")
    func errors() throws {
        let scratch = try Scratch()
        let filled = scratch.path("bad.csv")
        try "respondent,team,role,question,statement,rating,comment\nA,gsdf,player,Q9,,4,\nB,jcdc,player,Q1,,6,\n"
            .write(toFile: filled, atomically: true, encoding: .utf8)
        let out = scratch.path("aar.md")
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url(Self.exercise).path,
                           "--feedback", filled, "-o", out])
        #expect(run.status == 1)
        #expect(run.errors.contains("bad.csv:2:4: error: 'Q9' is not a question of this form; did you mean 'Q1'?"), "\(run.errors)")
        #expect(run.errors.contains("bad.csv:3:6: error: rating '6' is not 1 to 5 (or blank)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
