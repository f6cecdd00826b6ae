import ExerciseCore
import ExerciseScript
import Foundation
import Testing

/// Evaluators' observations (issue 17, item 6): an EEG file checked with located errors, and
/// the report showing the evaluators' ratings beside the umpire's, their observations per
/// objective, and their recommendations in the improvement plan.
@Suite("Evaluators' observations (EEG)")
struct EvaluationTests {
    static let journal = "Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl"

    @Test("every mistake in an EEG file is reported at its line and column, and nothing is written")
    func locatedErrors() throws {
        let scratch = try Scratch()
        let eeg = scratch.path("bad.eeg")
        try """
            evaluator "Lt. Mori"
            objective O9 rating S
            objective O1 rating X
            expectation A04.7
            expectation A04.2
              observaton "typo"
              recommendation "Fix it" owner "G6" due 2027-02-30
            \u{20} analysis "outside any entry"
            """.write(toFile: eeg, atomically: true, encoding: .utf8)
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path,
                           "--eeg", eeg, "-o", scratch.path("aar.md")])
        #expect(run.status == 1)
        for expected in [
            "bad.eeg:2:11: error: unknown objective 'O9'; did you mean 'O1'?",
            "bad.eeg:3:21: error: 'X' is not a rating; use P",
            "bad.eeg:4:13: error: inject A04 has 3 expectation(s); there is no A04.7",
            "bad.eeg:6:3: error: unknown field 'observaton'; did you mean 'observation'?",
            "bad.eeg:7:42: error: '2027-02-30' is not a date; write YYYY-MM-DD",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("has 6 errors; nothing was written") || run.errors.contains("errors; nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("aar.md")))
    }

    @Test("the report shows the evaluators' ratings beside the umpire's, says where they differ, and takes the recommendations into the plan")
    func report() throws {
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path,
                           "--eeg", Repository.url("Exercises/pacific-shield.eeg").path, "--format", "md"])
        #expect(run.status == 0, "\(run.errors)")
        let md = run.output
        // The shipped game's computed ratings (Scoring.md, "The shipped game"): O1 S, O2 M, O3 P.
        #expect(md.contains("Evaluators' rating: S (Capt. Sato, JCDC evaluation team); the umpire's computed rating: S — they agree."))
        #expect(md.contains("Evaluators' rating: U (Capt. Sato, JCDC evaluation team); the umpire's computed rating: M — they differ"))
        #expect(md.contains("**A04.2 — Capt. Sato, JCDC evaluation team, rated M**"))
        #expect(md.contains("- *Analysis.* The GSDF SOC triages domain-controller alerts"))
        // Observations sit under their objective: A04.2 (an O2 expectation) after O2's heading, before O3's.
        let o2 = try #require(md.range(of: "### O2 — rating M")), o3 = try #require(md.range(of: "### O3 — rating P"))
        let a042 = try #require(md.range(of: "**A04.2 — Capt. Sato"))
        #expect(o2.upperBound < a042.lowerBound && a042.upperBound < o3.lowerBound)
        // The plan: ref, issue, action, element, objective, responsible, POC, start, due.
        #expect(md.contains("| O2-R1 | The adversary reached the joint intelligence database and staged data out of it before JCDC contained it. | Pre-authorise JCDC to isolate DII closed-network gateways on a confirmed intrusion, with JJOC told after | — | O2 | JCDC J3 | Capt. Sato, JCDC evaluation team |  | 2027-03-31 |"),
                "\(md)")
    }

    @Test("without an EEG the report is as before: no evaluators' lines")
    func withoutGuide() throws {
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url("Exercises/pacific-shield.exercise").path, "--format", "md"])
        #expect(!run.output.contains("Evaluators' rating"))
    }
}
