import AfterAction
import ExerciseScript
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
        // The marking, a header, 7 statements, 5 objectives, 3 open questions, the marking.
        #expect(lines.count == 18, "\(csv.output)")
        #expect(lines.first == "\u{FEFF}# UNCLASSIFIED // EXERCISE ONLY", "a BOM, so that Excel reads UTF-8, then the marking")
        #expect(lines.dropFirst().first?.hasPrefix("respondent,team,role,question,statement,rating,comment") == true)
        #expect(lines.last == "# UNCLASSIFIED // EXERCISE ONLY")
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
        // Comments under the question as the form asked it, with the team's name.
        #expect(run.output.contains("### O2. The exercise let my team practise this objective: Contain adversary lateral movement before it reaches the DII closed network and its intelligence holdings\n\n- **GSDF Cyber Protection Unit**: The bridge decision took too long"))
        #expect(run.output.contains("### S3. What would you change about this exercise?\n\n- **USFJ / USCYBERCOM Cyber Protection Team**: More time for the ally cell to brief its own chain"))
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

/// The feedback reader's hardening after the new-user trial: one answer per respondent and
/// question, teams checked, empty forms not counted, one error prefix, and a CSV form that
/// carries its marking and a BOM and reads back as written.
extension FeedbackTests {
    func report(_ csv: String, bom: Bool = false) throws -> Run {
        let scratch = try Scratch()
        let path = scratch.path("f.csv")
        try Data(((bom ? "\u{FEFF}" : "") + csv).utf8).write(to: URL(fileURLWithPath: path))
        return Run.cdx(["report", Repository.url(Self.journal).path, "--exercise", Repository.url(Self.exercise).path,
                        "--feedback", path, "--format", "md"])
    }

    @Test("a respondent answering a question twice is an error at the second row's question, naming the first's row")
    func answeredTwice() throws {
        let run = try report("respondent,team,role,question,statement,rating,comment\nA,gsdf,player,Q1,,5,\nB,jcdc,player,Q1,,4,\nA,gsdf,player,Q1,,3,\n")
        #expect(run.status == 1)
        #expect(run.errors.contains("f.csv:4:4: error: 'A' answered 'Q1' twice (first at row 2); keep one row per respondent and question"), "\(run.errors)")
        // Rows left blank are no answer, and a blank name may be several people: neither is a second answer.
        let fine = try report("respondent,team,role,question,statement,rating,comment\nA,gsdf,,Q1,,,\nA,gsdf,,Q1,,5,\n,jcdc,,Q1,,4,\n,jcdc,,Q1,,3,\n")
        #expect(fine.status == 0, "\(fine.errors)")
        // Q1: 5, 4, 3 → one each of 3, 4 and 5, mean 4.0.
        #expect(fine.output.contains("| Q1 | The exercise was well structured and organized. | 3 | 0 | 0 | 1 | 1 | 1 | 4.0 |"), "\(fine.output.suffix(3000))")
    }

    @Test("an unknown team is an error at its cell with a suggestion among the exercise's team ids; a team's name is taken for its id")
    func teams() throws {
        let run = try report("respondent,team,role,question,statement,rating,comment\nA,gsfd,player,Q1,,5,\nB,nobody-like-this,player,Q1,,5,\n")
        #expect(run.status == 1)
        #expect(run.errors.contains("f.csv:2:2: error: unknown team 'gsfd'; did you mean 'gsdf'?"), "\(run.errors)")
        #expect(run.errors.contains("f.csv:3:2: error: unknown team 'nobody-like-this'; the teams are jcdc, gsdf, msdf, asdf, usfj, jjoc, white"), "\(run.errors)")
        let named = try report("respondent,team,role,question,statement,rating,comment\nA,GSDF Cyber Protection Unit,player,O2,,2,The bridge decision took too long\nB,USFJ,player,S1,,,Shared early\n")
        #expect(named.status == 0, "\(named.errors)")
        #expect(named.output.contains("### O2. The exercise let my team practise this objective: Contain adversary lateral movement before it reaches the DII closed network and its intelligence holdings\n\n- **GSDF Cyber Protection Unit**: The bridge decision took too long"), "\(named.output.suffix(2000))")
        #expect(named.output.contains("### S1. What were the strengths of the response you took part in?\n\n- **USFJ / USCYBERCOM Cyber Protection Team**: Shared early"))
    }

    @Test("a form that answers nothing is not counted as a respondent, and a note on standard error says whose")
    func emptyForm() throws {
        let run = try report("respondent,team,role,question,statement,rating,comment\nA,gsdf,player,Q1,,5,\nB,jcdc,player,Q1,,,\nB,jcdc,player,S1,,,\nC,usfj,player,S1,,,Faster\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("From 2 participant forms"), "\(run.output.suffix(3000))")
        #expect(run.errors.contains("note: ") && run.errors.contains("f.csv: 1 form answers nothing ('B'); not counted as a respondent"), "\(run.errors)")
    }

    @Test("a located error is printed once in the located format, then one summary line")
    func onePrefix() throws {
        let run = try report("respondent,team,role,question,statement,rating,comment\nA,gsdf,player,Q9,,5,\nA,gsdf,player,Q1,,7,\n")
        #expect(run.status == 1)
        let lines = run.errors.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(run.errors)")
        #expect(lines.allSatisfy { !$0.contains("error: ") || $0.components(separatedBy: "error: ").count == 2 }, "one 'error:' a line: \(run.errors)")
        #expect(lines.first?.hasSuffix("f.csv:2:4: error: 'Q9' is not a question of this form; did you mean 'Q1'?") == true, "\(run.errors)")
        #expect(lines.first?.hasPrefix("cdx report") == false)
        #expect(lines.last?.hasPrefix("cdx report: error: '") == true && lines.last?.hasSuffix("f.csv' has 2 errors; nothing was written") == true, "\(run.errors)")
    }

    @Test("the CSV form round-trips: written by 'cdx feedback --format csv', filled in, read back, with or without its BOM and with forms pasted one after another")
    func roundTrip() throws {
        let form = Run.cdx(["feedback", Repository.url(Self.exercise).path, "--format", "csv"])
        #expect(form.status == 0, "\(form.errors)")
        #expect(form.output.hasPrefix("\u{FEFF}"))
        // Fill it in as a spreadsheet would keep it: every row as written, the answer cells filled.
        let rows = CSV.read(form.output).rows.map(\.fields)
        #expect(rows.count == 18)
        func filled(_ who: String, _ team: String, _ rating: String, bom: Bool) -> String {
            CSV.write(rows.map { row in
                guard row.count == 7, row[3] != "question" else { return row }
                var fields = row
                fields[0] = who
                fields[1] = team
                fields[5] = row[3].hasPrefix("S") ? "" : rating
                return fields
            }, bom: bom)
        }
        // Two forms pasted one after another (the second's BOM, marking and header in the middle), with BOMs or without.
        for text in [filled("A", "gsdf", "5", bom: true) + filled("B", "jcdc", "3", bom: true), filled("A", "gsdf", "5", bom: false) + filled("B", "jcdc", "3", bom: false)] {
            let run = try report(text)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("From 2 participant forms"), "\(run.output.suffix(3000))")
            // Q1: 5 and 3 → mean 4.0.
            #expect(run.output.contains("| Q1 | The exercise was well structured and organized. | 2 | 0 | 0 | 1 | 0 | 1 | 4.0 |"), "\(run.output.suffix(3000))")
        }
    }
}

/// The second new-user trial: an unknown team once per respondent (not once per row of the
/// form), and every independent mistake on a row.
extension FeedbackTests {
    @Test("an unknown team is reported once per respondent and team, at its first row, saying how many rows carry it; every mistake on a row is reported, in row and column order")
    func unknownTeamOnce() throws {
        let run = try report("""
            respondent,team,role,question,statement,rating,comment
            Sato,usfjj,player,Q1,,5,
            Sato,usfjj,player,Q2,,7,
            Sato,usfjj,player,Q9,,4,
            Kim,usfjj,player,Q1,,3,
            ,nobody-like-this,,Q1,,2,
            ,nobody-like-this,,Q2,,2,
            Lee,usfj,player,Q1,,9,
            Mori,usfjj,player,Q1,,7,

            """)
        #expect(run.status == 1)
        let located = run.errors.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") && !$0.hasPrefix("cdx report") }
        let expected = [
            "f.csv:2:2: error: unknown team 'usfjj'; did you mean 'usfj'? ('Sato' gives it on 3 rows; this is the first)",
            "f.csv:3:6: error: rating '7' is not 1 to 5 (or blank)",
            "f.csv:4:4: error: 'Q9' is not a question of this form; did you mean 'Q1'?",
            "f.csv:5:2: error: unknown team 'usfjj'; did you mean 'usfj'?",
            "f.csv:6:2: error: unknown team 'nobody-like-this'; the teams are jcdc, gsdf, msdf, asdf, usfj, jjoc, white (2 rows with no respondent give it; this is the first)",
            "f.csv:8:6: error: rating '9' is not 1 to 5 (or blank)",
            "f.csv:9:2: error: unknown team 'usfjj'; did you mean 'usfj'?",
            "f.csv:9:6: error: rating '7' is not 1 to 5 (or blank)",
        ]
        #expect(located.count == expected.count, "\(run.errors)")
        for (line, want) in zip(located, expected) { #expect(line.hasSuffix(want), "\(line) is not \(want)") }
        #expect(run.errors.contains("f.csv' has 8 errors; nothing was written"), "\(run.errors)")
    }
}
