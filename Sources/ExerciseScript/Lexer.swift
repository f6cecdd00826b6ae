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

    /// Length of the valid UTF-8 sequence starting at `i`, or nil when the byte there does
    /// not start one. The lexer and the excerpts both count one column per valid sequence
    /// and one per invalid byte, so carets land where the columns say.
    static func sequenceLength(_ line: ArraySlice<UInt8>, at i: Int) -> Int? {
        let b0 = line[i]
        if b0 < 0x80 { return 1 }
        let need: Int
        let minimum: UInt32
        if b0 & 0xE0 == 0xC0 { need = 1; minimum = 0x80 }
        else if b0 & 0xF0 == 0xE0 { need = 2; minimum = 0x800 }
        else if b0 & 0xF8 == 0xF0 { need = 3; minimum = 0x10000 }
        else { return nil }
        guard i + need < line.endIndex else { return nil }
        var value = UInt32(b0) & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07)
        for k in 1...need {
            let b = line[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return nil }
        return need + 1
    }

    /// A line's characters as shown in excerpts: each invalid byte and each control
    /// character (C0, DEL, C1) but tab becomes U+FFFD.
    public func displayScalars(line: Int) -> [Unicode.Scalar] {
        guard line >= 1, line <= lines.count else { return [] }
        let bytes = lines[line - 1]
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if let n = Self.sequenceLength(bytes, at: i) {
                let scalar = String(decoding: bytes[i..<(i + n)], as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
                out.append(Self.isControl(scalar) ? "\u{FFFD}" : scalar)
                i += n
            } else {
                out.append("\u{FFFD}")
                i += 1
            }
        }
        return out
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t") || (s.value >= 0x7F && s.value <= 0x9F)
    }

    /// The line (1-based) made printable, cut to a window around `column` when it is
    /// very long, with the caret column inside the returned text.
    /// `window`: the most characters shown; a longer line is cut around the column, with `…`.
    public func excerpt(line: Int, column: Int, window: Int = 160) -> (text: String, column: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        var scalars = displayScalars(line: line)
        var caret = max(1, column)
        let window = max(10, window)
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
        var reportedEscape = false

        // Advances over one character, reporting bad bytes once per line.
        func step() {
            let b = line[i]
            if b >= 0x80 {
                if let n = SourceText.sequenceLength(line, at: i) {
                    // C1 controls (U+0080–U+009F) are two-byte sequences starting with 0xC2.
                    if b == 0xC2, line[i + 1] <= 0x9F, !reportedControl {
                        reportedControl = true
                        diagnostics.append(Diagnostic(
                            .error, .controlCharacter(line[i + 1]), at: SourceLocation(line: number, column: column)))
                    }
                    i += n
                } else {
                    if !reportedUTF8 {
                        reportedUTF8 = true
                        diagnostics.append(Diagnostic(
                            .error, .invalidUTF8,
                            "invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true)); save the file as UTF-8",
                            at: SourceLocation(line: number, column: column)))
                    }
                    i += 1
                }
            } else {
                if (b < 0x20 && b != 0x09) || b == 0x7F, !reportedControl {
                    reportedControl = true
                    diagnostics.append(Diagnostic(.error, .controlCharacter(b), at: SourceLocation(line: number, column: column)))
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
                            // One per line is enough to fix it; thousands would only slow the report.
                            guard !reportedEscape else { break }
                            reportedEscape = true
                            diagnostics.append(Diagnostic(
                                .error, .invalidEscape,
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
                        .error, .unterminatedString, "unterminated string; add a closing '\"' on the same line",
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

    /// Adds a word, splitting arrows written without spaces ("jcdc->usfj") into separate
    /// tokens. Iterative, so a word made of thousands of arrows cannot exhaust the stack.
    private static func appendWord(_ word: String, line: Int, column: Int, into tokens: inout [Token]) {
        let u = Array(word.utf8)
        var col = column
        var start = 0
        var k = 0
        func piece(_ bytes: ArraySlice<UInt8>) {
            guard !bytes.isEmpty else { return }
            let text = String(decoding: bytes, as: UTF8.self)
            let width = text.unicodeScalars.count
            tokens.append(Token(kind: .word, text: text, location: SourceLocation(line: line, column: col), width: width))
            col += width
        }
        while k + 1 < u.count {
            if u[k] == UInt8(ascii: "-"), u[k + 1] == UInt8(ascii: ">") {
                piece(u[start..<k])
                piece(u[k..<(k + 2)])
                k += 2
                start = k
            } else {
                k += 1
            }
        }
        piece(u[start...])
    }

    private static func printable(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\u{\(String(b, radix: 16))}"
    }
}

extension Diagnostic.Message {
    /// A C0 or C1 control character, by its code point: a C1 character's code point is
    /// the second byte of its UTF-8 sequence, so both kinds fit in a byte.
    fileprivate static func controlCharacter(_ codePoint: UInt8) -> Self {
        let hex = String(codePoint, radix: 16, uppercase: true)
        return Self(
            code: .controlCharacter,
            text: "unexpected control character U+\(String(repeating: "0", count: 4 - hex.count) + hex); only tabs and spaces may separate words")
    }
}
