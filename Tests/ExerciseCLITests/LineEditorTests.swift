import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@testable import ExerciseCLI

/// The line editor as a state machine: each key's effect on the line and the cursor, and
/// what it writes (the pty tests in LineEditingTerminalTests drive it through a terminal).
@Suite("The console's line editor, key by key")
struct LineEditorTests {
    static let esc = "\u{1B}"

    /// An editor at prompt "> " after `keys` were typed.
    func editor(_ keys: String = "", width: Int = 0, history: [String] = []) -> (LineEditor, LineEditor.Output) {
        var e = LineEditor(history: history)
        e.width = width
        _ = e.begin(prompt: "> ")
        let (out, _) = e.feed(Array(keys.utf8))
        return (e, out)
    }

    func editor2(_ bytes: [UInt8]) -> (LineEditor, LineEditor.Output) {
        var e = LineEditor()
        _ = e.begin(prompt: "> ")
        let (out, _) = e.feed(bytes)
        return (e, out)
    }

    @Test("typing inserts at the cursor; Enter submits the line")
    func typing() {
        // At the end of the line a character is written alone, as an echo; inside, the line is redrawn.
        #expect(editor("jcdc").1.text == "jcdc")
        #expect(editor("jcdc\u{02}x").1.text.hasSuffix("\r\u{1B}[J> jcdxc\r\u{1B}[6C"))
        let (e, out) = editor("jcdc detect js-ws\r")
        #expect(out.ending == .submitted("jcdc detect js-ws"))
        #expect(out.text.hasSuffix("\r\n"))
        #expect(e.line == "")  // the next line starts empty
        // A line feed alone is Enter too; CR LF is one Enter.
        var f = LineEditor()
        _ = f.begin(prompt: "> ")
        let (first, rest) = f.feed(Array("a\r\nb\n".utf8))
        #expect(first.ending == .submitted("a"))
        _ = f.begin(prompt: "> ")
        let (second, _) = f.feed(rest)
        #expect(second.ending == .submitted("b"))
    }

    @Test("Left and Right in every form move by one; typing goes in at the cursor", arguments: [
        "\(esc)[D", "\(esc)OD", "\u{02}",
    ])
    func left(key: String) {
        let (e, _) = editor("jcdc detect js-xs" + key + "\u{7F}" + "w")
        #expect(e.line == "jcdc detect js-ws")
        #expect(e.cursor == 16)
        let (r, _) = editor("ab" + key + key + "\(Self.esc)[C" + "\(Self.esc)OC" + "\u{06}" + "c")
        #expect(r.line == "abc")
    }

    @Test("Home and End in every form", arguments: [
        ("\(esc)[H", "\(esc)[F"), ("\(esc)OH", "\(esc)OF"), ("\(esc)[1~", "\(esc)[4~"), ("\(esc)[7~", "\(esc)[8~"),
        ("\u{01}", "\u{05}"),
    ])
    func homeEnd(home: String, end: String) {
        let (h, _) = editor("detect js-ws" + home + "jcdc ")
        #expect(h.line == "jcdc detect js-ws")
        #expect(h.cursor == 5)
        let (e, _) = editor("jcdc detect" + home + end + " js-ws")
        #expect(e.line == "jcdc detect js-ws")
    }

    @Test("Ctrl-K kills to the end, Ctrl-U to the start, Ctrl-W the word before the cursor")
    func kills() {
        let left3 = String(repeating: "\(Self.esc)[D", count: 5)
        #expect(editor("jcdc detect js-ws" + left3 + "\u{0B}").0.line == "jcdc detect ")
        let (u, _) = editor("jcdc detect js-ws" + left3 + "\u{15}")
        #expect(u.line == "js-ws")
        #expect(u.cursor == 0)
        #expect(editor("jcdc detect js-ws  \u{17}").0.line == "jcdc detect ")
        #expect(editor("jcdc detect js-ws\u{17}\u{17}").0.line == "jcdc ")
        #expect(editor("jcdc detect js-ws\(Self.esc)\u{7F}").0.line == "jcdc detect ")  // Alt-Backspace
    }

    @Test("Backspace (DEL and BS) deletes before the cursor, Delete under it")
    func deleting() {
        #expect(editor("abcd\u{7F}").0.line == "abc")
        #expect(editor("abcd\u{08}\u{08}").0.line == "ab")
        #expect(editor("\u{7F}\u{7F}x").0.line == "x")
        #expect(editor("abcd\u{01}\(Self.esc)[3~").0.line == "bcd")
        #expect(editor("abcd\(Self.esc)[3~").0.line == "abcd")  // nothing under the cursor at the end
        // Ctrl-D deletes under the cursor on a line, and ends the input on an empty one.
        #expect(editor("abcd\u{01}\u{04}").0.line == "bcd")
        #expect(editor("abcd\u{04}").1.ending == nil)
        #expect(editor("\u{04}").1.ending == .endOfInput)
    }

    @Test("Up and Down walk the history and come back to the line being typed")
    func history() {
        let past = ["jcdc detect js-ws", "gsdf hunt wa-hq"]
        #expect(editor("\(Self.esc)[A", history: past).0.line == "gsdf hunt wa-hq")
        #expect(editor("\(Self.esc)[A\(Self.esc)[A", history: past).0.line == "jcdc detect js-ws")
        #expect(editor("\(Self.esc)[A\(Self.esc)[A\(Self.esc)[A", history: past).0.line == "jcdc detect js-ws")
        #expect(editor("draft\(Self.esc)[A\(Self.esc)[B", history: past).0.line == "draft")
        #expect(editor("\(Self.esc)OA\u{10}\u{0E}", history: past).0.line == "gsdf hunt wa-hq")
        let (e, out) = editor("\(Self.esc)[A\u{7F}s\r", history: past)
        #expect(out.ending == .submitted("gsdf hunt wa-hs"))
        #expect(e.history == past)  // the editor does not change its history by itself
        var kept = LineEditor(history: past)
        kept.historyLimit = 2
        kept.remember("   ")
        kept.remember("gsdf hunt wa-hq")
        #expect(kept.history == past)
        kept.remember("next")
        #expect(kept.history == ["gsdf hunt wa-hq", "next"])
    }

    @Test("Tab completes one candidate, the common prefix of several, and lists them on a second Tab")
    func tab() {
        var e = LineEditor()
        e.completion = { before in
            let word = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            return ["contain", "detect", "deny"].filter { $0.hasPrefix(word) }
        }
        _ = e.begin(prompt: "> ")
        _ = e.feed(Array("jcdc con\t".utf8))
        #expect(e.line == "jcdc contain ")
        _ = e.begin(prompt: "> ")
        _ = e.feed(Array("jcdc d\t".utf8))
        #expect(e.line == "jcdc de")
        // A Tab that completes nothing more rings; the next lists the candidates.
        _ = e.begin(prompt: "> ")
        let (bell, _) = e.feed(Array("jcdc de\t".utf8))
        #expect(bell.text.hasSuffix("\u{07}"))
        let (list, _) = e.feed(Array("\t".utf8))
        #expect(list.text.contains("detect"))
        #expect(list.text.contains("deny"))
        #expect(list.text.hasSuffix("> jcdc de\r\u{1B}[9C"))
        #expect(e.line == "jcdc de")
        let (none, _) = e.feed(Array("x\t".utf8))
        #expect(none.text.hasSuffix("\u{07}"))
    }

    @Test("Ctrl-C ends an empty line as an interrupt and clears a line being typed; Ctrl-L clears the screen and redraws")
    func controlKeys() {
        #expect(editor("\u{03}").1.ending == .interrupted)
        let (cleared, out) = editor("jcdc det\u{03}")
        #expect(out.ending == nil)
        #expect(cleared.line == "")
        #expect(out.text.contains("^C"))
        let (l, redraw) = editor("jcdc\u{0C}")
        #expect(l.line == "jcdc")
        #expect(redraw.text.hasSuffix("\u{1B}[H\u{1B}[2J\r\u{1B}[J> jcdc\r\u{1B}[6C"))
        // Keys it does not know change nothing.
        let (u, unknown) = editor("ab\(Self.esc)[5~\(Self.esc)[200~\u{12}\(Self.esc)x")
        #expect(u.line == "ab")
        #expect(!unknown.text.contains("5~"))
    }

    @Test("UTF-8 comes in bytes; the cursor moves by grapheme, the line is drawn by columns")
    func unicode() {
        // Japanese typed with its bytes split across reads.
        var e = LineEditor()
        _ = e.begin(prompt: "> ")
        let bytes = Array("white note \"標的型メール\"".utf8)
        _ = e.feed(bytes[..<14])
        _ = e.feed(bytes[14...])
        #expect(e.line == "white note \"標的型メール\"")
        // が as か + combining dakuten is one step for the cursor; so is a joined emoji.
        let (g, _) = editor("か\u{3099}x\(Self.esc)[D\u{7F}")
        #expect(g.line == "x")
        let (f, _) = editor("a👨\u{200D}👩\u{200D}👧b\(Self.esc)[D\(Self.esc)[D\(Self.esc)[3~")
        #expect(f.line == "ab")
        // The cursor goes back by columns: two for each Japanese character.
        let (_, out) = editor("日本語\(Self.esc)[D")
        #expect(out.text.hasSuffix("\r\u{1B}[6C"))  // "> " (2) + 日本 (4)
        // Broken UTF-8 is dropped.
        #expect(editor2([0x61, 0xFF, 0x62]).0.line == "ab")
        var broken = LineEditor()
        _ = broken.begin(prompt: "> ")
        _ = broken.feed([0x61, 0xE6, 0x62, 0x80, 0x63])
        #expect(broken.line == "abc")
    }

    @Test("a line longer than the terminal is drawn over several rows and the cursor finds its row")
    func longLines() {
        // Width 20, prompt 2: 30 characters end on the second row at column 12.
        let (e, typed) = editor(String(repeating: "x", count: 30) + "\(Self.esc)[D\(Self.esc)[C", width: 20)
        #expect(e.cursor == 30)
        #expect(typed.text.hasSuffix("\r\u{1B}[12C"))
        var home = e
        let (out, _) = home.feed(Array("\u{01}".utf8))
        #expect(out.text.hasPrefix("\u{1B}[1A\r\u{1B}[J"))  // up one row to the prompt's first
        #expect(out.text.hasSuffix("\u{1B}[1A\r\u{1B}[2C"))  // from the end, back to after the prompt
        // Exactly at a row's end the cursor is put at the start of the next.
        let (_, full) = editor(String(repeating: "y", count: 17) + "\(Self.esc)[D\(Self.esc)[Cy", width: 20)
        #expect(full.text.hasSuffix("yy\r\n\r"))
        // A wide character that does not fit at a row's end goes to the next row.
        let (_, wide) = editor("abcdefg日\(Self.esc)[D\(Self.esc)[C", width: 10)
        #expect(wide.text.hasSuffix("\r\u{1B}[2C"))
    }
}

@Suite("Tab completion at the console, from the exercise")
struct ConsoleCompletionTests {
    let x: Exercise
    init() throws {
        x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/pacific-shield.exercise")).exercise)
    }
    func complete(_ before: String, requests: [String] = []) -> [String] {
        ConsoleCompletion.candidates(before, exercise: x, requests: requests)
    }

    @Test("the first word is a command or a team; after a team, its verbs")
    func firstWords() {
        let all = complete("")
        #expect(all.contains("next") && all.contains("edit") && all.contains("jcdc") && all.contains("white"))
        #expect(complete("jc") == ["jcdc"])
        #expect(complete("ne") == ["next"])
        #expect(complete("jcdc con") == ["contain"])
        #expect(complete("JCDC det") == ["detect"])  // team ids are caseless, as the parser reads them
        #expect(complete("jcdc re") == ["remove", "request", "restore", "revoke"])
        #expect(complete("white re") == ["release", "remove"])
        #expect(complete("white ca") == ["cancel"])  // the white cell's script changes
        #expect(complete("jcdc ca") == [])
        #expect(complete("sk") == ["skip"])
        #expect(complete("skip ") == ["to"])
        #expect(complete("view u") == ["usfj"])
        #expect(complete("+01:00 jcdc hu") == ["hunt"])
        #expect(complete("turn 2 gsdf hu") == ["hunt"])
        #expect(complete("nobody det") == [])
    }

    @Test("then what the verb takes: assets, segments, injects, expectations, requests, teams, actors")
    func arguments() {
        #expect(complete("jcdc contain js-m") == ["js-mail"])
        #expect(complete("jcdc detect js-ws T1566") == ["T1566.001", "T1566.002"].filter { t in x.injects.contains { $0.techniques.contains(t) } })
        #expect(complete("gsdf hunt wa-h") == ["wa-hq"])
        #expect(complete("white release ").count == x.injects.count)
        #expect(complete("white judge A01.") == ["A01.1", "A01.2"])
        #expect(complete("white delay A0").count == x.injects.filter { $0.id.hasPrefix("A0") }.count)
        #expect(complete("white delay A03 ") == ["by", "to"])
        #expect(complete("white judge A01.2 ") == ["late", "met", "missed"])
        #expect(complete("jcdc share A01 ") == ["->"])
        #expect(complete("jcdc share A01 -> us") == ["usfj"])
        #expect(complete("usfj request j") == ["jcdc", "jjoc"])
        #expect(complete("usfj request jcdc wa-v") == ["wa-vpn"])
        #expect(complete("jcdc attribute ").contains("mirrorface"))
        #expect(complete("jcdc attribute mirrorface m") == ["moderate"])
        #expect(complete("jjoc approve ", requests: ["R1", "R2"]) == ["R1", "R2"])
        #expect(complete("white note ") == [])
        let c2 = x.dependencies.filter { $0.kind == .c2 }.map(\.id).sorted()
        #expect(!c2.isEmpty)
        #expect(complete("jcdc block ") == c2)
    }
}

@Suite("The console's history file and the terminal width")
struct ConsoleHistoryTests {
    @Test("kept beside the journal with mode 0600, bounded, without seat codes; a damaged file is ignored with a warning")
    func historyFile() throws {
        let scratch = try Scratch()
        let path = ConsoleHistory.path(forJournal: scratch.path("day1.jsonl"))
        #expect(path.hasSuffix("day1.jsonl.history"))
        #expect(ConsoleHistory.load(path).lines.isEmpty && ConsoleHistory.load(path).warning == nil)
        let lines = (1...1005).map { "jcdc note \"line \($0)\"" } + ["seats reissue usfj", SeatCodes.newCode(), "white note \"日本語のメモ\""]
        #expect(ConsoleHistory.save(lines, to: path) == nil)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let loaded = ConsoleHistory.load(path)
        #expect(loaded.warning == nil)
        #expect(loaded.lines.count == 1000)
        #expect(loaded.lines.last == "white note \"日本語のメモ\"")
        #expect(loaded.lines.contains("seats reissue usfj"))
        #expect(!loaded.lines.contains { !ConsoleHistory.mayKeep($0) })
        let code = SeatCodes.newCode()
        #expect(!ConsoleHistory.mayKeep(code))
        #expect(!ConsoleHistory.mayKeep(code.replacingOccurrences(of: "-", with: " ")))
        #expect(!ConsoleHistory.mayKeep(code.replacingOccurrences(of: "-", with: "")))
        #expect(ConsoleHistory.mayKeep("jcdc detect js-ws T1566.001"))

        for damaged in [Data([0x6A, 0xFF, 0xFE, 0x0A]), Data("jcdc\u{1B}[2J detect\n".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: path))
            let read = ConsoleHistory.load(path)
            #expect(read.lines.isEmpty)
            #expect(read.warning?.contains("is ignored") == true)
        }
    }

    @Test("$COLUMNS counts when it is a number", arguments: [
        ("80", 80), (" 120 ", 120), ("5", TerminalSize.narrowest), ("abc", nil), ("-5", nil), ("0", nil), ("", nil),
        ("99999999", nil), ("8O", nil),
    ] as [(String, Int?)])
    func columns(value: String, width: Int?) {
        #expect(TerminalSize.columns(fromEnvironment: value) == width)
        #expect(TerminalSize.columns(fromEnvironment: nil) == nil)
    }

    @Test("'edit' withdraws the newest decision of the turn and gives its line back; help names it")
    func edit() throws {
        let x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/pacific-shield.exercise")).exercise)
        var session = GameSession(exercise: x, seed: 1, journal: nil)
        _ = Console.opening(&session, journalPath: "j.jsonl")
        let parse = { (line: String) in ConsoleCommand.parse(line, exercise: x, parser: session.parser, currentTurn: session.state.turn) }
        #expect(parse("EDIT") == .edit)
        #expect(Console.reduce(&session, .edit, journalPath: "j.jsonl", until: 48).output == "nothing to edit in this turn\n")
        _ = Console.reduce(&session, parse("jcdc detect js-ws"), journalPath: "j.jsonl", until: 48)
        #expect(session.decisionsThisTurn == 1)
        let reply = Console.reduce(&session, .edit, journalPath: "j.jsonl", until: 48)
        #expect(reply.retype == "jcdc detect js-ws")
        #expect(reply.output == "withdrew: jcdc detect js-ws\n")
        #expect(!session.canUndo)
        #expect(Console.help(x).contains("edit "))
    }

    @Test("without a terminal, 'edit' says what to type again")
    func editPiped() throws {
        let scratch = try Scratch()
        let run = Run.cdx(["run", Repository.url("Exercises/pacific-shield.exercise").path, "--journal", scratch.path("e.jsonl")],
                          input: ["jcdc detect js-ws", "edit", "quit"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("withdrew: jcdc detect js-ws\nto correct it, type it again: jcdc detect js-ws\n"))
    }
}
