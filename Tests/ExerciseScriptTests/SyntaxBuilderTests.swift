@testable import ExerciseScript
import Testing

@Suite("SyntaxBuilder: what code builds is what the formatter prints and the parser reads")
struct SyntaxBuilderTests {
    @Test("tokens, comments and blank lines read back exactly, with their lines, columns and widths")
    func readsBack() {
        var b = SyntaxBuilder()
        b.comment("a comment with \"quotes\" and # more")
        b.blank()
        // A combining accent and a flag are one Character but two scalars: the lexer counts scalars.
        b.statement("exercise", [.string("Title \"q\" \\ # x — e\u{301} 🇯🇵\twith a tab\nand a line")])
        b.field("start", ["2026-01-01T09:00Z"], comment: "a trailing \\ comment")
        b.field("length", ["16", "turns"])
        b.blank()
        b.statement("team", ["soc", .string("S\u{301}OC"), "domain", "soc"])
        b.statement("team", ["white", .string(""), "role", "white"])
        b.blank()
        b.comment("leads the inject")
        b.statement("inject", ["1", "at", "+00:10", .string(String(repeating: "long ", count: 100))])
        b.field("text", [.string("\\\"\\n\"")])
        let text = ExerciseFormatter.format(b.file)
        let (parsed, diagnostics) = StatementParser.parse(SourceText(text))
        #expect(diagnostics.isEmpty)
        #expect(parsed == b.file)
        #expect(parsed.statements.map(\.keyword.text) == ["exercise", "team", "team", "inject"])
        #expect(text.hasPrefix("# a comment with \"quotes\" and # more\n\nexercise \"Title \\\"q\\\" \\\\ # x — e\u{301} 🇯🇵\\twith a tab\\nand a line\"\n"))
        #expect(text.contains("\n  start 2026-01-01T09:00Z  # a trailing \\ comment\n"))
    }
}
