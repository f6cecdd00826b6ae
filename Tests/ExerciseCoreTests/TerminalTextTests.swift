import ExerciseCore
import Testing

@Suite("Display columns and wrapping, as a terminal draws text")
struct TerminalTextTests {
    @Test("ASCII is a column a character; CJK, kana, hangul and fullwidth forms take two", arguments: [
        ("jcdc detect js-ws", 17),
        ("統合幕僚監部", 12),
        ("ひらがな", 8),
        ("カタカナ", 8),
        ("한국어", 6),
        ("ＡＢＣ１２３", 12),
        ("、。「」（）", 12),
        ("　", 2),  // the ideographic space
        ("ｱｲｳ", 3),  // halfwidth katakana stay narrow
        ("─→—≤“”", 6),  // ambiguous: narrow outside East Asian locales
        ("A01 標的型メール", 4 + 12),
    ])
    func widths(text: String, columns: Int) {
        #expect(TerminalText.columns(text) == columns)
    }

    @Test("marks, joiners and variation selectors take nothing; a cluster is drawn once")
    func clusters() {
        #expect(TerminalText.columns("e\u{301}") == 1)  // e + combining acute
        #expect(TerminalText.columns("か\u{3099}") == 2)  // か + combining dakuten = が
        #expect(TerminalText.columns("\u{200B}") == 0)  // zero-width space
        #expect(TerminalText.columns("👍") == 2)
        #expect(TerminalText.columns("👨\u{200D}👩\u{200D}👧") == 2)  // one family, joined
        #expect(TerminalText.columns("🇯🇵") == 2)  // a flag: two regional indicators
        #expect(TerminalText.columns("❤\u{FE0F}") == 2)  // emoji presentation asked for
        #expect(TerminalText.columns("❤") == 1)
        #expect(TerminalText.columns("\u{1B}") == 0)
    }

    @Test("words wrap at spaces to the width, as the cards always did")
    func ascii() {
        let text = "The password-protected ZIP attachment holds a Word document with a macro"
        let lines = TerminalText.wrap(text, width: 30)
        #expect(lines == ["The password-protected ZIP", "attachment holds a Word", "document with a macro"])
        #expect(lines.allSatisfy { TerminalText.columns($0) <= 30 })
        #expect(TerminalText.wrap("  many   spaces  ", width: 80) == ["many spaces"])
        #expect(TerminalText.wrap("", width: 10) == [])
    }

    @Test("Japanese breaks between characters, never before closing punctuation or after an opening bracket")
    func japanese() {
        let text = "統合幕僚監部の職員十一名に、「日米２＋２」を装ったメールが届いた。"
        let lines = TerminalText.wrap(text, width: 12)
        #expect(lines.allSatisfy { TerminalText.columns($0) <= 12 })
        #expect(lines.joined() == text)  // nothing lost, no space added
        for line in lines.dropFirst() {
            #expect(!["、", "。", "」", "）"].contains(line.first!), "a line starts with '\(line.first!)': \(lines)")
        }
        for line in lines { #expect(line.last != "「", "a line ends with an opening bracket: \(lines)") }
        // Mixed with Latin words: the ASCII word is kept whole.
        let mixed = TerminalText.wrap("攻撃者はT1566.001の手口で侵入した", width: 10)
        #expect(mixed.contains { $0.contains("T1566.001") })
        #expect(mixed.allSatisfy { TerminalText.columns($0) <= 10 })
    }

    @Test("a word longer than a line is cut only then, and only it")
    func longWord() {
        let lines = TerminalText.wrap("see https://example.invalid/a/very/long/path now", width: 12)
        #expect(lines.first == "see")
        #expect(lines == ["see", "https://exam", "ple.invalid/", "a/very/long/", "path now"])
        #expect(TerminalText.longestWord("a bb 日本 ccc") == 3)
    }

    @Test("fitted wraps only lines that are too long, under their own indent")
    func fitted() {
        let text = "short\n    a line that is rather too long for the width\nend\n"
        let out = TerminalText.fitted(text, width: 24)
        #expect(out == "short\n    a line that is\n      rather too long\n      for the width\nend\n")
        #expect(TerminalText.fitted(text, width: nil) == text)
        #expect(TerminalText.padded("日本", to: 6) == "日本  ")
    }
}
