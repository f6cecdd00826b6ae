/// The text of one source file split into lines, kept for caret excerpts.
///
/// Built from raw bytes so that nothing a user hands us can trap: a UTF-8 byte-order
/// mark is skipped, CRLF line ends are accepted, and invalid UTF-8 is replaced with
/// U+FFFD (the lexer reports it).
public struct SourceText: Sendable {
    /// Each line's UTF-8 bytes without its line end; invalid sequences are kept as-is.
    public let lines: [ArraySlice<UInt8>]
    public let bytes: [UInt8]
    /// Whether the file started with a UTF-8 byte-order mark.
    public let hadByteOrderMark: Bool

    public init(bytes input: [UInt8]) {
        var start = 0
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            start = 3
            hadByteOrderMark = true
        } else {
            hadByteOrderMark = false
        }
        bytes = input
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var i = start
        let n = input.count
        while i < n {
            if input[i] == 0x0A {
                var end = i
                if end > lineStart, input[end - 1] == 0x0D { end -= 1 }
                lines.append(input[lineStart..<end])
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < n {
            var end = n
            if end > lineStart, input[end - 1] == 0x0D { end -= 1 }
            lines.append(input[lineStart..<end])
        }
        self.lines = lines
    }

    public init(_ string: String) { self.init(bytes: Array(string.utf8)) }

    /// The line (1-based) made printable, cut to a window around `column` when it is
    /// very long, with the caret column inside the returned text.
    public func excerpt(line: Int, column: Int) -> (text: String, column: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        let decoded = String(decoding: lines[line - 1], as: UTF8.self)
        var scalars = Array(decoded.unicodeScalars)
        for i in scalars.indices where scalars[i].value < 0x20 && scalars[i] != "\t" || scalars[i].value == 0x7F {
            scalars[i] = "\u{FFFD}"
        }
        var caret = max(1, column)
        let window = 160
        if scalars.count > window {
            let from = max(0, min(caret - 1 - window / 2, scalars.count - window))
            let to = min(scalars.count, from + window)
            var cut = Array(scalars[from..<to])
            caret -= from
            if from > 0 {
                cut.insert(contentsOf: "…".unicodeScalars, at: 0)
                caret += 1
            }
            if to < scalars.count { cut.append(contentsOf: "…".unicodeScalars) }
            scalars = cut
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return (text, caret)
    }
}

/// A word or a quoted string on one line.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case word, string }
    public var kind: Kind
    /// The word, or the string's value with escapes resolved.
    public var text: String
    public var location: SourceLocation
    /// Width in characters as written (quotes included), for the caret underline.
    public var width: Int

    public init(kind: Kind, text: String, location: SourceLocation, width: Int) {
        self.kind = kind
        self.text = text
        self.location = location
        self.width = width
    }

    public var isWord: Bool { kind == .word }
    public func isWord(_ text: String) -> Bool { kind == .word && self.text == text }
    public var line: Int { location.line }
    public var column: Int { location.column }
}

/// One line of a file after lexing.
public struct SyntaxLine: Equatable, Sendable {
    public var number: Int
    /// Whether the line starts with whitespace: indented lines belong to the statement above.
    public var indented: Bool
    public var tokens: [Token]
    /// Comment text after '#', without the '#', if any.
    public var comment: String?

    public var isBlank: Bool { tokens.isEmpty && comment == nil }
    public var isCommentOnly: Bool { tokens.isEmpty && comment != nil }
}

/// Splits a file into lines of tokens. Never traps: bad bytes become diagnostics.
///
/// Complexity: O(n) in the file's bytes.
public enum Lexer {
    public static func lex(_ source: SourceText) -> (lines: [SyntaxLine], diagnostics: [Diagnostic]) {
        var out: [SyntaxLine] = []
        out.reserveCapacity(source.lines.count)
        var diagnostics: [Diagnostic] = []
        for (index, bytes) in source.lines.enumerated() {
            out.append(lexLine(bytes, number: index + 1, diagnostics: &diagnostics))
        }
        return (out, diagnostics)
    }

    // Byte classes.
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    private static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    static func lexLine(_ line: ArraySlice<UInt8>, number: Int, diagnostics: inout [Diagnostic]) -> SyntaxLine {
        var tokens: [Token] = []
        var comment: String?
        var i = line.startIndex
        let end = line.endIndex
        var column = 1
        var reportedControl = false
        var reportedUTF8 = false

        // Validates one UTF-8 sequence at `i`; returns its length, or nil when invalid.
        func sequenceLength(at i: Int) -> Int? {
            let b0 = line[i]
            if b0 < 0x80 { return 1 }
            let need: Int
            let minimum: UInt32
            if b0 & 0xE0 == 0xC0 { need = 1; minimum = 0x80 }
            else if b0 & 0xF0 == 0xE0 { need = 2; minimum = 0x800 }
            else if b0 & 0xF8 == 0xF0 { need = 3; minimum = 0x10000 }
            else { return nil }
            // The sequence's continuation bytes must all be on this line.
            guard i + need < end else { return nil }
            var value = UInt32(b0) & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07)
            for k in 1...need {
                let b = line[i + k]
                guard isContinuation(b) else { return nil }
                value = value << 6 | UInt32(b & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return nil }
            return need + 1
        }

        // Advances over one character, reporting bad bytes once per line.
        func step() {
            let b = line[i]
            if b >= 0x80 {
                if let n = sequenceLength(at: i) {
                    i += n
                } else {
                    if !reportedUTF8 {
                        reportedUTF8 = true
                        diagnostics.append(Diagnostic(
                            .error, "invalid-utf8",
                            "invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true)); save the file as UTF-8",
                            at: SourceLocation(line: number, column: column)))
                    }
                    i += 1
                }
            } else {
                if (b < 0x20 && b != 0x09) || b == 0x7F, !reportedControl {
                    reportedControl = true
                    diagnostics.append(Diagnostic(
                        .error, "control-character",
                        "unexpected control character U+\(hex4(b)); only tabs and spaces may separate words",
                        at: SourceLocation(line: number, column: column)))
                }
                i += 1
            }
            column += 1
        }

        let indented = i < end && isSpace(line[i])
        while i < end {
            let b = line[i]
            if isSpace(b) {
                i += 1
                column += 1
                continue
            }
            let startColumn = column
            let startIndex = i
            if b == UInt8(ascii: "#") {
                i += 1
                column += 1
                let text = String(decoding: line[i..<end], as: UTF8.self)
                // Still report bad bytes inside comments so nothing odd passes silently.
                while i < end { step() }
                comment = text
                break
            }
            if b == UInt8(ascii: "\"") {
                i += 1
                column += 1
                var value: [UInt8] = []
                var closed = false
                while i < end {
                    let c = line[i]
                    if c == UInt8(ascii: "\"") {
                        i += 1
                        column += 1
                        closed = true
                        break
                    }
                    if c == UInt8(ascii: "\\") {
                        let escColumn = column
                        i += 1
                        column += 1
                        guard i < end else { break }
                        let e = line[i]
                        switch e {
                        case UInt8(ascii: "\""): value.append(e)
                        case UInt8(ascii: "\\"): value.append(e)
                        case UInt8(ascii: "n"): value.append(0x0A)
                        case UInt8(ascii: "t"): value.append(0x09)
                        default:
                            diagnostics.append(Diagnostic(
                                .error, "invalid-escape",
                                "unknown escape '\\\(printable(e))' in string; use \\\" \\\\ \\n or \\t",
                                at: SourceLocation(line: number, column: escColumn), length: 2))
                        }
                        if e < 0x80 {
                            i += 1
                            column += 1
                        } else {
                            step()
                        }
                        continue
                    }
                    let before = i
                    step()
                    value.append(contentsOf: line[before..<i])
                }
                let width = column - startColumn
                if !closed {
                    diagnostics.append(Diagnostic(
                        .error, "unterminated-string", "unterminated string; add a closing '\"' on the same line",
                        at: SourceLocation(line: number, column: startColumn)))
                }
                tokens.append(Token(
                    kind: .string, text: String(decoding: value, as: UTF8.self),
                    location: SourceLocation(line: number, column: startColumn), width: width))
                continue
            }
            // A word runs to the next space or quote.
            while i < end, !isSpace(line[i]), line[i] != UInt8(ascii: "\"") { step() }
            appendWord(
                String(decoding: line[startIndex..<i], as: UTF8.self), line: number, column: startColumn,
                into: &tokens)
        }
        return SyntaxLine(number: number, indented: indented, tokens: tokens, comment: comment)
    }

    /// Adds a word, splitting an arrow written without spaces ("jcdc->usfj") into three tokens.
    private static func appendWord(_ word: String, line: Int, column: Int, into tokens: inout [Token]) {
        let u = Array(word.utf8)
        var arrow: Int?
        if u.count > 2 {
            for k in 0..<(u.count - 1) where u[k] == UInt8(ascii: "-") && u[k + 1] == UInt8(ascii: ">") {
                arrow = k
                break
            }
        }
        guard let at = arrow else {
            tokens.append(Token(kind: .word, text: word, location: SourceLocation(line: line, column: column),
                                width: word.unicodeScalars.count))
            return
        }
        let before = String(decoding: u[..<at], as: UTF8.self)
        let after = String(decoding: u[(at + 2)...], as: UTF8.self)
        var col = column
        if !before.isEmpty {
            tokens.append(Token(kind: .word, text: before, location: SourceLocation(line: line, column: col),
                                width: before.unicodeScalars.count))
            col += before.unicodeScalars.count
        }
        tokens.append(Token(kind: .word, text: "->", location: SourceLocation(line: line, column: col), width: 2))
        col += 2
        if !after.isEmpty { appendWord(after, line: line, column: col, into: &tokens) }
    }

    private static func hex4(_ b: UInt8) -> String {
        let h = String(b, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - h.count) + h
    }

    private static func printable(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\u{\(String(b, radix: 16))}"
    }
}
