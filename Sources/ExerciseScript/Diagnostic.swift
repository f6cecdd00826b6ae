import ExerciseCore

/// A 1-based position in a source file. Columns count Unicode scalars (what an editor's
/// column shows); the caret line pads by display width, so it lines up under wide text too.
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
    /// The rule a finding comes from; its raw value (e.g. "unknown-reference") is what tests and docs use.
    public var code: Code
    public var message: String
    public var location: SourceLocation
    /// How many characters the caret underlines (at least 1).
    public var length: Int

    public init(_ severity: Severity, _ code: Code, _ message: String, at location: SourceLocation, length: Int = 1) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.length = max(1, length)
    }

    init(_ severity: Severity, _ message: Message, at location: SourceLocation, length: Int = 1) {
        self.init(severity, message.code, message.text, at: location, length: length)
    }

    public static func error(_ code: Code, _ message: String, at token: Token) -> Diagnostic {
        Diagnostic(.error, code, message, at: token.location, length: token.width)
    }
    public static func warning(_ code: Code, _ message: String, at token: Token) -> Diagnostic {
        Diagnostic(.warning, code, message, at: token.location, length: token.width)
    }
    static func error(_ message: Message, at token: Token) -> Diagnostic {
        error(message.code, message.text, at: token)
    }
}

extension Diagnostic {
    /// The rule a finding comes from. The raw value is the rule's stable kebab-case name
    /// ("unknown-reference"), which fixtures, tests and `Documentation/ExerciseLanguage.md`
    /// use; the documentation's tables list every case, and a test holds them to it.
    public enum Code: String, CaseIterable, Sendable, CustomStringConvertible {
        // Lexical: the tokens themselves are in doubt.
        case invalidUTF8 = "invalid-utf8"
        case controlCharacter = "control-character"
        case unterminatedString = "unterminated-string"
        case invalidEscape = "invalid-escape"
        case indentedOutsideStatement = "indented-outside-statement"

        // Checking an exercise file: errors.
        case emptyFile = "empty-file"
        case missingExercise = "missing-exercise"
        case unknownStatement = "unknown-statement"
        case unknownField = "unknown-field"
        case unexpectedArgument = "unexpected-argument"
        case missingArgument = "missing-argument"
        case missingField = "missing-field"
        case missingName = "missing-name"
        case expectedString = "expected-string"
        case expectedIdentifier = "expected-identifier"
        case emptyText = "empty-text"
        case invalidIdentifier = "invalid-identifier"
        case duplicateDefinition = "duplicate-definition"
        case duplicateField = "duplicate-field"
        case unknownReference = "unknown-reference"
        case invalidInteger = "invalid-integer"
        case outOfRange = "out-of-range"
        case invalidValue = "invalid-value"
        case invalidDuration = "invalid-duration"
        case lengthNotWholeTurns = "length-not-whole-turns"
        case invalidTime = "invalid-time"
        case timeBeyondLength = "time-beyond-length"
        case invalidProbability = "invalid-probability"
        case invalidDatetime = "invalid-datetime"
        case invalidStyle = "invalid-style"
        case invalidRole = "invalid-role"
        case invalidNation = "invalid-nation"
        case invalidClearance = "invalid-clearance"
        case invalidMarking = "invalid-marking"
        case invalidBoolean = "invalid-boolean"
        case invalidTechnique = "invalid-technique"
        case invalidAttackVersion = "invalid-attack-version"
        case missingTrigger = "missing-trigger"
        case unknownCondition = "unknown-condition"
        case invalidCondition = "invalid-condition"
        case triggerCycle = "trigger-cycle"
        case missingActor = "missing-actor"
        case spreadUnlinked = "spread-unlinked"
        case spreadToSelf = "spread-to-self"
        case effectUnreachable = "effect-unreachable"
        case invalidExpectation = "invalid-expectation"
        case missingTarget = "missing-target"
        case selfLink = "self-link"
        case selfChannel = "self-channel"
        case markingExcludesTeam = "marking-excludes-team"
        case markingExcludesRecipient = "marking-excludes-recipient"
        case tearlineNotAllowed = "tearline-not-allowed"
        case teamWithoutNation = "team-without-nation"
        case unknownMeasure = "unknown-measure"
        case invalidTarget = "invalid-target"
        case weightsNot100 = "weights-not-100"
        case approvalOverlap = "approval-overlap"
        case approverCannotDecide = "approver-cannot-decide"
        case unknownLanguage = "unknown-language"
        case translationInDefaultLanguage = "translation-in-default-language"
        case translationWithoutOriginal = "translation-without-original"

        // Checking an exercise file: warnings.
        case duplicateLink = "duplicate-link"
        case repeatedReference = "repeated-reference"
        case redundantActsOn = "redundant-acts-on"
        case redundantClient = "redundant-client"
        case amberWithoutOrganisation = "amber-without-organisation"
        case unknownNation = "unknown-nation"
        case expectationUntouchedAsset = "expectation-untouched-asset"
        case noTeams = "no-teams"

        // `cdx lint`: advisory warnings about a file that checks clean.
        case neverFires = "never-fires"
        case noAuthority = "no-authority"
        case targetTooShort = "target-too-short"
        case noChannel = "no-channel"
        case needsTearline = "needs-tearline"
        case shareTooSlow = "share-too-slow"
        case shareNeverReleasable = "share-never-releasable"
        case dueAfterEnd = "due-after-end"
        case undetectable = "undetectable"
        case effectWithoutExpectation = "effect-without-expectation"
        case overCapacity = "over-capacity"
        case missingLanguage = "missing-language"

        // Decision lines (responses files and the console), besides the codes above they share.
        case unknownDecision = "unknown-decision"
        case invalidVerdict = "invalid-verdict"
        case invalidRequest = "invalid-request"
        case wrongTurn = "wrong-turn"
        /// A change to the script (`inject`, `delay`, `advance`, `cancel`) by a team other than the white cell.
        case whiteCellOnly = "white-cell-only"
        /// An inject written during play, delayed or advanced to a time that is not after the line's turn.
        case notAfterThisTurn = "not-after-this-turn"
        /// An inject written during play that would change more of the exercise than add itself.
        case changesExercise = "changes-exercise"

        /// The kebab-case name, so interpolating a code prints what the documentation shows.
        public var description: String { rawValue }

        /// Whether a finding with this code makes re-emitting the file unsafe: the tokens
        /// may not be what the author meant, so `cdx fmt` refuses the file.
        public var blocksFormatting: Bool {
            switch self {
            case .invalidUTF8, .controlCharacter, .unterminatedString, .invalidEscape, .indentedOutsideStatement: return true
            default: return false
            }
        }
    }

    /// A finding's code and text made together, by a factory beside the rule that emits
    /// it, so that one kind of finding reads the same wherever it is found.
    struct Message: Equatable, Sendable {
        var code: Code
        var text: String
    }
}

extension Diagnostic.Message {
    /// "; did you mean 'x'?", or nothing without a suggestion.
    static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// A name that no declaration has, e.g. "unknown asset 'js-mial'; did you mean 'js-mail'?".
    /// `noneDeclared` adds that there is nothing of the kind to refer to at all.
    static func unknownReference(_ kind: String, _ name: String, suggestion: String?, noneDeclared: Bool = false) -> Self {
        let none = noneDeclared ? "; no \(kind) is declared" : ""
        return Self(code: .unknownReference, text: "unknown \(kind) '\(name)'\(didYouMean(suggestion))\(none)")
    }

    /// A value missing after a word, e.g. "expected an asset after 'compromise'".
    static func missingArgument(_ what: String, after word: String) -> Self {
        Self(code: .missingArgument, text: "expected \(what) after '\(word)'")
    }

    /// A word where the line should have ended, e.g. "unexpected 'x' after 'weight'".
    static func unexpectedArgument(_ word: String, after place: String) -> Self {
        Self(code: .unexpectedArgument, text: "unexpected '\(word)' after \(place)")
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
    /// The terminal's width, when known: the excerpt of a long line is cut to fit it, so
    /// that the caret stays under its column (a wrapped excerpt would lose it).
    public var width: Int?

    public init(path: String, source: SourceText, colour: Bool = false, width: Int? = nil) {
        self.path = path
        self.source = source
        self.colour = colour
        self.width = width
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let loc = diagnostic.location
        var out = ""
        let label = colour ? paint(diagnostic.severity) : diagnostic.severity.rawValue
        out += "\(path):\(loc.line):\(loc.column): \(label): \(Self.printable(diagnostic.message))\n"
        let number = String(loc.line)
        // " 12 | " before the text; the `…` at either end of a cut line take one column each.
        let window = width.map { $0 - number.count - 4 - 2 } ?? 160
        guard let excerpt = source.excerpt(line: loc.line, column: loc.column, window: window) else { return out }
        let gutter = String(repeating: " ", count: number.count)
        out += " \(number) | \(excerpt.text)\n"
        // The caret line copies tabs from the source so it lines up in any tab width, and
        // pads by display columns (TerminalText.columns): a wide character (CJK, kana) before
        // the caret takes two spaces, a combining mark none.
        let scalars = Array(excerpt.text.unicodeScalars)
        let start = min(max(0, excerpt.column - 1), scalars.count)
        var before = ""
        before.unicodeScalars.append(contentsOf: scalars[..<start])
        var pad = ""
        for ch in before { pad += ch == "\t" ? "\t" : String(repeating: " ", count: TerminalText.columns(ch)) }
        let remaining = max(1, scalars.count - start)
        var underlined = ""
        underlined.unicodeScalars.append(contentsOf: scalars[start..<min(scalars.count, start + min(diagnostic.length, remaining))])
        let width = max(1, min(TerminalText.columns(underlined), 120))
        out += " \(gutter) | \(pad)^\(String(repeating: "~", count: width - 1))\n"
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// Messages quote the user's bytes; control characters in them must not reach the terminal.
    static func printable(_ text: String) -> String { TerminalText.printable(text, keepingLineFeeds: false) }

    private func paint(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "\u{1B}[1;31merror\u{1B}[0m"
        case .warning: return "\u{1B}[1;35mwarning\u{1B}[0m"
        case .note: return "\u{1B}[1;36mnote\u{1B}[0m"
        }
    }
}
