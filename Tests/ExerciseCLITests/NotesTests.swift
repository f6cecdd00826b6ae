import Foundation
import Testing

/// The after-action lead's own words (issue 17, item 7): a notes file merged into the
/// generated report, checked with located errors, so that nobody edits generated HTML.
@Suite("The lead's notes in the report")
struct NotesTests {
    static let exercise = "Exercises/pacific-shield.exercise"
    static let journal = "Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl"

    func report(_ notes: String, format: String = "md") -> Run {
        Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url(Self.exercise).path,
                 "--notes", notes, "--format", format])
    }

    @Test("the shipped notes: the lead's summary first, the lead's strength as the chief one, two generated sentences left out, an inject comment, plan owners and dates")
    func shippedNotes() throws {
        let run = report(Repository.url("Exercises/pacific-shield.notes").path)
        #expect(run.status == 0, "\(run.errors)")
        let md = run.output
        let summary = try #require(md.range(of: "## Executive summary\n\nPacific Shield 26 showed that the services detect and report intrusions"))
        let facts = try #require(md.range(of: "- Pacific Shield 26 ran 48 of 48 turns (1d)."))
        #expect(summary.upperBound < facts.lowerBound)
        #expect(md.contains("- Chief strength: JCDC and USFJ exchanged the INDOPACOM C2 report"))
        #expect(md.contains("- To improve: JCDC isolated the DII closed-network gateway three hours after reporting the intrusion"))
        #expect(!md.contains("GSDF Cyber Protection Unit had wa-siem back in service"))
        #expect(!md.contains("yokota-cds went down at"))
        #expect(md.contains("- **A04** (Credential theft and DCSync against the Western Army domain controller): The DCSync set off a sensor alert to GSDF at +03:00"))
        // A07.2 (late in the shipped game): the lead's owner and due date in the plan.
        #expect(md.contains("| A07.2 | Contain closed-gw (South-west closed-network gateway) within 4h was late: due +10:30, done +12:30 (2h late) | Pre-authorise isolation of closed-gw and rehearse the containment playbook with its mission owners | Training | O2 | JCDC J3 |  |  | 2027-03-31 |"))
        let html = report(Repository.url("Exercises/pacific-shield.notes").path, format: "html")
        #expect(html.output.contains("<p>Pacific Shield 26 showed that the services detect"))
    }

    @Test("every mistake in a notes file is reported at its line and column, a drop that starts no generated sentence included")
    func locatedErrors() throws {
        let scratch = try Scratch()
        let bad = scratch.path("bad.notes")
        try """
            summary "fine"
            inject A99 "no such inject"
            plan A04.2 owner "G6" due 2027-13-01
            strenght "typo"
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let run = report(bad)
        #expect(run.status == 1)
        for expected in ["bad.notes:2:8: error: unknown inject 'A99'", "bad.notes:3:27: error: '2027-13-01' is not a date",
                         "bad.notes:4:1: error: unknown statement 'strenght'; did you mean 'strength'?"] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        let drop = scratch.path("drop.notes")
        try "drop strength \"Nobody wrote this\"\n".write(toFile: drop, atomically: true, encoding: .utf8)
        let dropped = report(drop)
        #expect(dropped.status == 1)
        #expect(dropped.errors.contains("drop.notes:1:15: error: no generated strength or improvement starts with \"Nobody wrote this\""), "\(dropped.errors)")
        // An owner for a plan row the report does not have (A01.1 was met in the shipped game,
        // so it is not in the plan) is a mistake, not silently nothing.
        let plan = scratch.path("plan.notes")
        try "plan A07.2 owner \"JCDC J3\"\nplan A01.1 owner \"JCDC J2\" due 2027-02-01\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let planned = report(plan)
        #expect(planned.status == 1)
        #expect(planned.errors.contains("plan.notes:2:6: error: the improvement plan has no row for 'A01.1'"), "\(planned.errors)")
        #expect(planned.errors.contains("its rows are ") && planned.errors.contains("A07.2"), "\(planned.errors)")
        #expect(!planned.errors.contains("plan.notes:1:"), "\(planned.errors)")
    }
}

extension NotesTests {
    /// The shipped game's report with its evaluator's EEG and its lead's notes, committed as
    /// a reviewed snapshot: a change to either's rendering is read before it is recorded.
    @Test("the annotated report of the shipped game is the committed one (CDX_RECORD=1 re-records)")
    func annotatedSnapshot() throws {
        let run = Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url(Self.exercise).path,
                           "--eeg", Repository.url("Exercises/pacific-shield.eeg").path,
                           "--notes", Repository.url("Exercises/pacific-shield.notes").path, "--format", "md"])
        #expect(run.status == 0, "\(run.errors)")
        // The journal is named by its absolute path in the report: make it the repository's.
        let text = run.output.replacingOccurrences(of: Repository.root.path + "/", with: "")
        let golden = "Tests/AfterActionTests/Snapshots/pacific-shield.annotated.report.md"
        if ProcessInfo.processInfo.environment["CDX_RECORD"] == "1" {
            try Data(text.utf8).write(to: Repository.url(golden))
        }
        #expect(text == String(decoding: try Repository.bytes(golden), as: UTF8.self), "re-record on purpose with CDX_RECORD=1")
    }
}

/// The notes file's hardening after the new-user trial: no silent last-wins, no empty texts,
/// no plan line that says nothing, and carets under the column even after Japanese text.
extension NotesTests {
    func check(_ notes: String) throws -> Run {
        let scratch = try Scratch()
        let path = scratch.path("n.notes")
        try notes.write(toFile: path, atomically: true, encoding: .utf8)
        return report(path)
    }

    @Test("a second 'plan' line for a ref is an error at it naming the first's line; so is a word given twice on one")
    func duplicatePlan() throws {
        let run = try check("plan A07.2 owner \"JCDC J3\"\nsummary \"fine\"\nplan A07.2 due 2027-03-31\nplan O2 owner \"a\" owner \"b\"\n")
        #expect(run.status == 1)
        #expect(run.errors.contains("n.notes:3:6: error: a second 'plan' line for 'A07.2' (the first is at line 1); give its owner and due date on one line"), "\(run.errors)")
        #expect(run.errors.contains("n.notes:4:19: error: 'owner' given twice on this plan line"), "\(run.errors)")
        #expect(run.errors.contains("n.notes' has 2 errors"), "\(run.errors)")
    }

    @Test("empty text for a summary, strength, improvement, inject comment or owner is an error at the string")
    func emptyText() throws {
        let run = try check("""
            summary ""
            strength ""
            improvement " "
            inject A04 ""
            plan A07.2 owner ""
            """)
        #expect(run.status == 1)
        for expected in [
            "n.notes:1:9: error: the summary is empty",
            "n.notes:2:10: error: the strength is empty",
            "n.notes:3:13: error: the improvement is empty",
            "n.notes:4:12: error: the comment on A04 is empty",
            "n.notes:5:18: error: the owner is empty",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("has 5 errors"), "\(run.errors)")
    }

    @Test("a bare 'plan REF' is an error after the ref: a plan line gives an owner, a due date or both")
    func barePlan() throws {
        let run = try check("plan A07.2\n")
        #expect(run.status == 1)
        #expect(run.errors.contains("n.notes:1:11: error: a plan line gives an owner, a due date or both"), "\(run.errors)")
        let due = try check("plan A07.2 due 2027-03-31\n")
        #expect(due.status == 0, "\(due.errors)")
    }

    @Test("the caret sits under the token after Japanese text: a wide character takes two columns")
    func caretAfterJapanese() throws {
        let run = try check("strength \"「日本語」の強み\" improvement\n")
        #expect(run.status == 1)
        // 'strength "' is 10 columns, the 8 wide characters 16, '" ' 2: 'improvement' starts at
        // display column 29 (scalar column 21), so 28 spaces pad the caret line after "| ".
        let lines = run.errors.split(separator: "\n").map(String.init)
        let k = try #require(lines.firstIndex { $0.hasSuffix("n.notes:1:21: error: unexpected 'improvement' at the end of the line") }, "\(run.errors)")
        #expect(lines.count > k + 2, "\(lines)")
        guard lines.count > k + 2 else { return }
        #expect(lines[k + 1] == " 1 | strength \"「日本語」の強み\" improvement", "\(lines)")
        #expect(lines[k + 2] == "   | " + String(repeating: " ", count: 28) + "^" + String(repeating: "~", count: 10), "\(run.errors)")
    }
}

extension NotesTests {
    /// A `plan` line for an objective used to give its owner to every evaluator's
    /// recommendation about that objective, the evaluator's own owner overwritten, silently.
    @Test("a plan line names one evaluator's recommendation by its row (O2-R1); the objective alone names no row")
    func planNamesOneRecommendation() throws {
        let scratch = try Scratch()
        let eeg = scratch.path("two.eeg")
        try """
            evaluator "Maj. Ito"
            objective O2 rating M
              recommendation "Name who may cut a closed-network gateway" owner "JCDC J3" due 2027-02-28
              recommendation "Rehearse the cut with JJOC" owner "JJOC J6" due 2027-04-30
            """.write(toFile: eeg, atomically: true, encoding: .utf8)
        func run(_ notes: String) throws -> Run {
            let file = scratch.path("plan.notes")
            try notes.write(toFile: file, atomically: true, encoding: .utf8)
            return Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url(Self.exercise).path,
                            "--eeg", eeg, "--notes", file, "--format", "md"])
        }
        let one = try run("plan O2-R2 owner \"JJOC J3\" due 2027-05-31\n")
        #expect(one.status == 0, "\(one.errors)")
        // The first keeps the evaluator's owner and date; the second takes the lead's.
        #expect(one.output.contains("| O2-R1 | (observed by Maj. Ito) | Name who may cut a closed-network gateway | — | O2 | JCDC J3 | Maj. Ito |  | 2027-02-28 |"), "\(one.output)")
        #expect(one.output.contains("| O2-R2 | (observed by Maj. Ito) | Rehearse the cut with JJOC | — | O2 | JJOC J3 | Maj. Ito |  | 2027-05-31 |"))
        let bare = try run("plan O2 owner \"JCDC J2\"\n")
        #expect(bare.status == 1)
        #expect(bare.errors.contains("plan.notes:1:6: error: the improvement plan has no row for 'O2'"), "\(bare.errors)")
        #expect(bare.errors.contains("O2-R1") && bare.errors.contains("O2-R2"), "\(bare.errors)")
        let third = try run("plan O2-R3 owner \"JCDC J2\"\n")
        #expect(third.status == 1)
        #expect(third.errors.contains("plan.notes:1:6: error: the improvement plan has no row for 'O2-R3'"), "\(third.errors)")
        let unknown = try run("plan O9-R1 owner \"JCDC J2\"\n")
        #expect(unknown.status == 1)
        #expect(unknown.errors.contains("plan.notes:1:6: error: 'O9-R1' is no expectation or objective of this exercise"), "\(unknown.errors)")
    }
}

/// The second new-user trial: a mistyped 'drop' kind is named at the word with a suggestion,
/// and a strength or improvement written twice is an error rather than printed twice.
extension NotesTests {
    @Test("a 'drop' kind that is neither 'strength' nor 'improvement' is an error at the word, with a suggestion; nothing after 'drop' keeps the missing-word error")
    func dropKind() throws {
        let run = try check("""
            drop improvment "GSDF Cyber Protection Unit needed 1h 30m"
            drop
            drop "ASDF Air Communications"
            drop strenght "ASDF Air Communications"
            drop kept "ASDF Air Communications"
            """)
        #expect(run.status == 1)
        for expected in [
            "n.notes:1:6: error: unknown kind 'improvment'; did you mean 'improvement'?\n",
            "n.notes:2:5: error: expected 'strength' or 'improvement' after 'drop'\n",
            "n.notes:3:6: error: expected 'strength' or 'improvement' before the sentence: 'drop strength \"…\"'\n",
            "n.notes:4:6: error: unknown kind 'strenght'; did you mean 'strength'?\n",
            "n.notes:5:6: error: unknown kind 'kept'; use 'strength' or 'improvement'\n",
        ] {
            #expect(run.errors.contains(expected), "missing \(expected) in:\n\(run.errors)")
        }
        #expect(run.errors.contains("n.notes' has 5 errors"), "\(run.errors)")
    }

    @Test("the same strength or improvement written twice is an error at the second's text naming the first's line; other texts, or the same text of the other kind, are fine")
    func sameTextTwice() throws {
        let run = try check("""
            strength "Shared early"
            improvement "Shared early"
            strength "Shared early"
            improvement "Slow isolation"
            strength "Shared early, and often"
            improvement "Slow isolation"
            """)
        #expect(run.status == 1)
        #expect(run.errors.contains("n.notes:3:10: error: the same strength as on line 1; keep one\n"), "\(run.errors)")
        #expect(run.errors.contains("n.notes:6:13: error: the same improvement as on line 4; keep one\n"), "\(run.errors)")
        #expect(run.errors.contains("n.notes' has 2 errors"), "\(run.errors)")
        let fine = try check("strength \"Shared early\"\nimprovement \"Shared early\"\nstrength \"Shared early, and often\"\n")
        #expect(fine.status == 0, "\(fine.errors)")
        #expect(fine.output.components(separatedBy: "Shared early, and often").count == 2, "once in the strengths")
    }
}
