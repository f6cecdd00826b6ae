/// A top-level statement and the indented lines that belong to it.
public struct Statement: Equatable, Sendable {
    public var head: SyntaxLine
    public var body: [SyntaxLine]
    /// The statement keyword, e.g. "inject".
    public var keyword: Token { head.tokens[0] }
}

/// A file as lines (for the formatter, which must keep comments) and as statements
/// (for the checker).
public struct SyntaxFile: Equatable, Sendable {
    public var lines: [SyntaxLine]
    public var statements: [Statement]
}

/// Groups lexed lines into statements: an unindented line starts one, indented lines
/// with tokens continue it. Comment-only and blank lines are kept for the formatter only.
public enum StatementParser {
    public static func parse(_ source: SourceText) -> (file: SyntaxFile, diagnostics: [Diagnostic]) {
        var (lines, diagnostics) = Lexer.lex(source)
        var statements: [Statement] = []
        var reportedOrphan = false
        for index in lines.indices {
            let line = lines[index]
            guard !line.tokens.isEmpty else { continue }
            if !line.indented {
                statements.append(Statement(head: line, body: []))
            } else if statements.isEmpty {
                if !reportedOrphan {
                    reportedOrphan = true
                    diagnostics.append(.error(
                        .indentedOutsideStatement,
                        "indented line outside any statement; start the file with 'exercise \"Title\"'",
                        at: line.tokens[0]))
                }
                // Keep it out of the statements; the formatter still sees the line.
                lines[index].indented = true
            } else {
                statements[statements.count - 1].body.append(line)
            }
        }
        return (SyntaxFile(lines: lines, statements: statements), diagnostics)
    }
}
