import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@testable import ExerciseCLI

/// Output fitted to an 80-column terminal, with Japanese cards: no line wider than the
/// terminal (counted in display columns), no word cut, tables aligned.
@Suite("Output fits the terminal's width, Japanese included")
struct FitTests {
    static let title = "統合幕僚監部に対する日米同盟を装った標的型メール攻撃"
    static let text = "08:40から09:05の間に、統合幕僚監部の職員11名が、都内シンクタンクを装ったアドレスから「日米2+2フォローアップ：発言要領案」という件名のメールを受信した。パスワード付きZIPファイルにはマクロ付きWord文書が含まれており、受信者3名が開封した。DIIオープン系のメールゲートウェイはいずれも隔離しなかった。"
    static let teamName = "自衛隊指揮通信システム隊 サイバー防衛隊（JCDC）"

    /// Pacific Shield with its first card and the JCDC's name in Japanese.
    static func japaneseExercise(in scratch: borrowing Scratch) throws -> String {
        var source = String(decoding: try Repository.bytes("Exercises/pacific-shield.exercise"), as: UTF8.self)
        let replacements = [
            ("\"Alliance-themed spear-phishing against the Joint Staff\"", "\"\(title)\""),
            ("\"Between 08:40 and 09:05 eleven Joint Staff officers received an email titled 'Japan–US 2+2 follow-up: draft talking points' from a look-alike address of a Tokyo think-tank. The password-protected ZIP attachment holds a Word document with a macro, and three recipients opened it. The DII open mail gateway quarantined none of the messages.\"", "\"\(text)\""),
            ("team jcdc \"Cyber Defense Command (JCDC)\"", "team jcdc \"\(teamName)\""),
        ]
        for (from, to) in replacements {
            #expect(source.contains(from), "the fixture no longer finds \(from.prefix(40))")
            source = source.replacingOccurrences(of: from, with: to)
        }
        let path = scratch.path("japanese.exercise")
        try Data(source.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs cdx in-process as on a terminal of `width` columns (input lines piped).
    static func cdx(_ arguments: [String], width: Int?, input: [String] = []) -> (status: Int32, output: String, errors: String) {
        nonisolated(unsafe) var out = ""
        nonisolated(unsafe) var err = ""
        nonisolated(unsafe) var lines = input[...]
        let io = CommandIO(write: { out += $0 }, writeError: { err += $0 }, readLine: { lines.popFirst() }, width: width)
        let status = CDX.main(arguments: arguments, io: io)
        return (status, out, err)
    }

    /// Every line at most `width` columns; no line opening on closing punctuation.
    static func expectFits(_ output: String, _ width: Int, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for var line in output.split(separator: "\n") {
            // Piped input is not echoed: a reply follows its prompt on the same line.
            while line.hasPrefix("turn "), let end = line.range(of: "> ") { line = line[end.upperBound...] }
            #expect(TerminalText.columns(line) <= width, "\(what): \(TerminalText.columns(line)) columns: \(line)", sourceLocation: sourceLocation)
            if let first = line.drop(while: { $0 == " " }).first {
                #expect(!["、", "。", "」", "）"].contains(first), "\(what): a line opens on '\(first)': \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every word of the unbounded output (Latin text, ids, numbers) is whole on some line
    /// of the fitted one: fitting moved words, it cut none.
    static func expectNoWordCut(_ fitted: String, unbounded: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let lines = fitted.split(separator: "\n")
        var words = Set<Substring>()
        for w in unbounded.split(whereSeparator: { $0 == " " || $0 == "\n" })
        where !w.contains("─") && w.allSatisfy({ TerminalText.columns($0) == 1 }) {
            // The wall clock of a turn header differs between two runs.
            if w.count == 8, w.filter({ $0 == ":" }).count == 2 { continue }
            words.insert(w)
        }
        for w in words.sorted() where !lines.contains(where: { $0.contains(w) }) {
            Issue.record("\(what): the word '\(w)' is cut", sourceLocation: sourceLocation)
        }
    }

    /// A line as terminal cells: a wide character takes its cell and the next (nil).
    static func cells(_ line: Substring) -> [Character?] {
        var out: [Character?] = []
        for c in line {
            out.append(c)
            if TerminalText.columns(c) == 2 { out.append(nil) }
        }
        return out
    }

    @Test("show, score and the turn screen at 80 columns: nothing wider, no word cut; unbounded as before")
    func eightyColumns() throws {
        let scratch = try Scratch()
        let exercise = try Self.japaneseExercise(in: scratch)

        let show = Self.cdx(["show", exercise], width: 80)
        #expect(show.status == 0, "\(show.errors)")
        let wide = Self.cdx(["show", exercise], width: nil)
        #expect(wide.output.split(separator: "\n").contains { TerminalText.columns($0) > 200 })  // today's one-line rows
        Self.expectFits(show.output, 80, "show")
        Self.expectNoWordCut(show.output, unbounded: wide.output, "show")
        #expect(show.output.contains("自衛隊"))

        let journal = scratch.path("japanese.jsonl")
        let run = Self.cdx(["run", exercise, "--responses", Repository.url("Exercises/pacific-shield.responses").path, "--journal", journal],
                           width: 80)
        #expect(run.status == 0, "\(run.errors)")
        let score = Self.cdx(["score", journal], width: 80)
        let wideScore = Self.cdx(["score", journal], width: nil)
        #expect(score.status == 0, "\(score.errors)")
        #expect(wideScore.output.split(separator: "\n").contains { TerminalText.columns($0) > 100 })
        Self.expectFits(score.output, 80, "score")
        Self.expectNoWordCut(score.output, unbounded: wideScore.output, "score")

        let view = Self.cdx(["view", journal, "--team", "jcdc"], width: 80)
        Self.expectFits(view.output, 80, "view")
        #expect(view.output.contains("統合幕僚監部"))
        let handout = Self.cdx(["handout", exercise, "--team", "jcdc"], width: 80)
        Self.expectFits(handout.output, 80, "handout")

        // The turn screen: the Japanese card, a decision, the score, a team's view, the next turn.
        let console = Self.cdx(["run", exercise, "--journal", scratch.path("console.jsonl")], width: 80,
                               input: ["jcdc detect js-ws T1566.001", "score", "board", "view jcdc", "help", "next", "quit"])
        #expect(console.status == 0, "\(console.errors)")
        #expect(console.output.contains(Self.title.prefix(10)))
        Self.expectFits(console.output, 80, "console")
        let wideConsole = Self.cdx(["run", exercise, "--journal", scratch.path("console-wide.jsonl")], width: nil,
                                   input: ["jcdc detect js-ws T1566.001", "score", "board", "view jcdc", "help", "next", "quit"])
        Self.expectNoWordCut(console.output, unbounded: wideConsole.output.replacingOccurrences(of: "console-wide", with: "console"),
                             "console")
    }

    @Test("a narrowed table keeps its columns aligned, Japanese cells included")
    func aligned() throws {
        let scratch = try Scratch()
        let exercise = try Self.japaneseExercise(in: scratch)
        let show = Self.cdx(["show", exercise], width: 80).output
        let lines = show.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "Teams"))
        let rule: Substring = try #require(lines[(start + 1)...].first { $0.contains("──") })
        let end = lines[start...].firstIndex(of: "")!
        let table = lines[(start + 1)..<end]
        // Where each column starts, from the rule under the header.
        let ruleCells = Self.cells(rule)
        let starts: [Int] = ruleCells.indices.filter { (i: Int) -> Bool in
            guard i > 0, let here = ruleCells[i], let before = ruleCells[i - 1] else { return false }
            return here == "─" && before == " "
        }
        #expect(starts.count == 7)
        for line in table {
            let cells = Self.cells(line)
            for s in starts where s < cells.count {
                #expect(cells[s - 1] == " ", "a cell runs into the next column at \(s): \(line)")
                #expect(cells[s] != nil, "a wide character straddles column \(s): \(line)")
            }
        }
        // The JCDC's Japanese name wraps inside its cell, and its role stays in its column.
        let jcdc = try #require(table.first { $0.hasPrefix("  jcdc ") })
        let cells = Self.cells(jcdc)
        let role = String(cells[starts[2]..<(starts[2] + 4)].compactMap { $0 })
        #expect(role == "blue")
        #expect(table.contains { $0.contains("サイバー") || $0.contains("（JCDC）") })
    }

    @Test("a table too narrow for its columns side by side lists one record per row")
    func records() {
        var table = TextTable(["id", "title", "count"], alignments: [.left, .left, .right])
        table.add(["A01", "標的型メール攻撃の初報", "3"])
        table.add(["A02", "VPN concentrator exploited at the Western Army HQ", "12"])
        #expect(table.render() == table.render(width: nil))
        #expect(table.render(width: 200) == table.render())
        let fitted = table.render(width: 40)
        Self.expectFits(fitted, 40, "table")
        #expect(fitted.contains("VPN concentrator"))  // wrapped in its cell, not cut
        let narrow = table.render(width: 12)
        #expect(narrow.contains("  id:    A01\n"))
        #expect(narrow.contains("  count: 12\n"))
    }
}
