import ExerciseScript
import Testing

/// The caret line under a diagnostic pads by display columns, not characters, so it sits
/// under its token after wide (CJK) text, under wide text it underlines, and after tabs.
@Suite("Carets under wide text")
struct CaretWidthTests {
    func caret(_ line: String, column: Int, length: Int) -> String {
        let d = Diagnostic(.error, .unexpectedArgument, "m", at: SourceLocation(line: 1, column: column), length: length)
        let out = DiagnosticRenderer(path: "f", source: SourceText(line)).render(d)
        return String(out.split(separator: "\n", omittingEmptySubsequences: false)[2])
    }

    @Test("after ASCII the caret is where it always was")
    func ascii() {
        #expect(caret("plan A99 owner", column: 6, length: 3) == "   |      ^~~")
    }

    @Test("after wide characters each takes two spaces; an underlined wide word takes two columns a character")
    func wide() {
        // 「日本」 are four wide characters (8 columns) then a space: 'x' is scalar column 6.
        #expect(caret("「日本」 x", column: 6, length: 1) == "   | " + String(repeating: " ", count: 9) + "^")
        // Underlining 日本 (2 characters, 4 columns) after 「 (2 columns).
        #expect(caret("「日本」", column: 2, length: 2) == "   |   ^~~~")
    }

    @Test("tabs are copied and a combining mark takes no column")
    func tabsAndMarks() {
        #expect(caret("\tx", column: 2, length: 1) == "   | \t^")
        // e + U+0301 is one character of one column, two scalars: 'x' is scalar column 4.
        #expect(caret("e\u{301} x", column: 4, length: 1) == "   |   ^")
    }
}
