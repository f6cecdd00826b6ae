/// A 1-based position in a source file. Columns count Unicode scalars, so a caret lines
/// up under the character an editor shows (tabs are copied into the caret line).
public struct SourceLocation: Equatable, Comparable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
    public var description: String { "\(line):\(column)" }
}

/// One finding about a file, as data; `DiagnosticRenderer` turns it into text.
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Severity: String, Equatable, Sendable, Comparable {
        case error, warning, note
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }
    }

    public var severity: Severity
    /// A stable kebab-case name of the rule, e.g. "unknown-reference"; tests and docs use it.
    public var code: String
    public var message: String
    public var location: SourceLocation
    /// How many characters the caret underlines (at least 1).
    public var length: Int

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation, length: Int = 1) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.length = max(1, length)
    }

    public static func error(_ code: String, _ message: String, at token: Token) -> Diagnostic {
        Diagnostic(.error, code, message, at: token.location, length: token.width)
    }
    public static func warning(_ code: String, _ message: String, at token: Token) -> Diagnostic {
        Diagnostic(.warning, code, message, at: token.location, length: token.width)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    /// Sorted by position, errors before warnings at the same place; stable for equal keys.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            if a.element.severity != b.element.severity { return a.element.severity < b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// Renders diagnostics the way compilers do:
///
///     Exercises/x.exercise:12:9: error: unknown asset 'js-mial'; did you mean 'js-mail'?
///        12 |   compromise js-mial
///           |              ^~~~~~~
public struct DiagnosticRenderer: Sendable {
    public var path: String
    public var source: SourceText
    public var colour: Bool

    public init(path: String, source: SourceText, colour: Bool = false) {
        self.path = path
        self.source = source
        self.colour = colour
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let loc = diagnostic.location
        var out = ""
        let label = colour ? paint(diagnostic.severity) : diagnostic.severity.rawValue
        out += "\(path):\(loc.line):\(loc.column): \(label): \(Self.printable(diagnostic.message))\n"
        guard let excerpt = source.excerpt(line: loc.line, column: loc.column) else { return out }
        let number = String(loc.line)
        let gutter = String(repeating: " ", count: number.count)
        out += " \(number) | \(excerpt.text)\n"
        // The caret line copies tabs from the source so it lines up in any tab width.
        var pad = ""
        var index = 1
        var count = 0
        for ch in excerpt.text.unicodeScalars {
            count += 1
            if index < excerpt.column {
                pad.unicodeScalars.append(ch == "\t" ? "\t" : " ")
                index += 1
            }
        }
        let remaining = max(1, count - excerpt.column + 1)
        let width = max(1, min(diagnostic.length, remaining, 120))
        out += " \(gutter) | \(pad)^\(String(repeating: "~", count: width - 1))\n"
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// Messages quote the user's bytes; control characters in them must not reach the terminal.
    static func printable(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if SourceText.isControl(s) || s.value == 0x1B { out += "\u{FFFD}" } else { out.unicodeScalars.append(s) }
        }
        return out
    }

    private func paint(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "\u{1B}[1;31merror\u{1B}[0m"
        case .warning: return "\u{1B}[1;35mwarning\u{1B}[0m"
        case .note: return "\u{1B}[1;36mnote\u{1B}[0m"
        }
    }
}
