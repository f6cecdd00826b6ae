/// Builds a `SyntaxFile` for code that writes exercise files (`cdx msel import`), so that
/// `ExerciseFormatter.format` prints it: the writer says which statements, fields and
/// comments there are, and the formatter alone decides spacing, quoting and escapes.
///
/// Lines are numbered in the order they are added and columns are counted as the
/// formatter prints them, so each token is where `cdx check` finds it in the printed text
/// as long as the blank lines added are the ones the formatter keeps (it adds a blank
/// line around every statement that has fields, and never two in a row).
struct SyntaxBuilder {
    /// One token: a word printed as it is, or a string the formatter quotes. A word must
    /// read back as one word: no spaces, quotes or `->`, and no `#` at its start.
    enum Piece: ExpressibleByStringLiteral {
        case word(String)
        case string(String)

        init(stringLiteral value: String) { self = .word(value) }
    }

    private(set) var file = SyntaxFile(lines: [], statements: [])

    /// A comment line at column 1, printed `# text`.
    mutating func comment(_ text: String) {
        file.lines.append(SyntaxLine(number: nextLine, indented: false, tokens: [], comment: " " + text))
    }

    mutating func blank() {
        file.lines.append(SyntaxLine(number: nextLine, indented: false, tokens: [], comment: nil))
    }

    /// A statement's first line, `keyword …`, with an optional trailing comment.
    mutating func statement(_ keyword: String, _ rest: [Piece] = [], comment: String? = nil) {
        let line = self.line(indented: false, [.word(keyword)] + rest, comment: comment)
        file.lines.append(line)
        file.statements.append(Statement(head: line, body: []))
    }

    /// A field of the statement above, printed indented below it.
    mutating func field(_ keyword: String, _ rest: [Piece] = [], comment: String? = nil) {
        let line = self.line(indented: true, [.word(keyword)] + rest, comment: comment)
        file.lines.append(line)
        // As the parser does: an indented line before any statement belongs to none.
        if !file.statements.isEmpty { file.statements[file.statements.count - 1].body.append(line) }
    }

    private var nextLine: Int { file.lines.count + 1 }

    private func line(indented: Bool, _ pieces: [Piece], comment: String?) -> SyntaxLine {
        let number = nextLine
        var column = indented ? 3 : 1
        var tokens: [Token] = []
        for piece in pieces {
            let token: Token
            switch piece {
            case .word(let text):
                token = Token(kind: .word, text: text, location: SourceLocation(line: number, column: column),
                              width: text.unicodeScalars.count)
            case .string(let text):
                // The width as the formatter writes it, escapes and quotes included (as the lexer counts it).
                token = Token(kind: .string, text: text, location: SourceLocation(line: number, column: column),
                              width: ExerciseFormatter.quoted(text).unicodeScalars.count)
            }
            tokens.append(token)
            column += token.width + 1
        }
        return SyntaxLine(number: number, indented: indented, tokens: tokens, comment: comment.map { " " + $0 })
    }
}
