import ExerciseCore

/// What checking a file gives: the exercise when there were no errors, and every
/// diagnostic of the file (sorted by position).
public struct CheckResult: Sendable {
    public var exercise: Exercise?
    public var diagnostics: [Diagnostic]
    public var syntax: SyntaxFile
    public var source: SourceText
    /// Where the checked exercise's injects, effects and expectations were written.
    public var sourceMap = SourceMap()
}

/// Where the parts of a checked exercise were written, kept by the checker as it lowers
/// each statement so that later passes (the linter) point at the same tokens without
/// reading the file again. Indices follow `Exercise`: `injects[i]`, `effects[i][k]`,
/// `expectations[i][n - 1]`.
public struct SourceMap: Sendable {
    /// The token naming each inject (its id on the `inject` line).
    public var injects: [Token] = []
    public var effects: [[Place]] = []
    public var expectations: [[Place]] = []

    /// A field of an inject: its keyword (`spread`, `encrypt`, `expect` …) and the token
    /// naming what it is about (the asset; for a spread, its source; for an expectation,
    /// the word after `expect`).
    public struct Place: Sendable {
        public var field: Token
        public var subject: Token
    }

    public init() {}
}

/// Parses and checks an exercise file in one pass over its statements, collecting
/// every error of the file rather than stopping at the first.
public enum ExerciseChecker {
    public static func check(_ source: SourceText) -> CheckResult {
        let (syntax, parseDiagnostics) = StatementParser.parse(source)
        var lowering = Lowering(file: syntax)
        lowering.diagnostics = parseDiagnostics
        if syntax.statements.isEmpty {
            lowering.diagnostics.append(Diagnostic(
                .error, .emptyFile, "no statements; an exercise file starts with 'exercise \"Title\"'",
                at: SourceLocation(line: 1, column: 1)))
        }
        let exercise = lowering.run()
        let diagnostics = lowering.diagnostics.sortedByLocation()
        return CheckResult(
            exercise: diagnostics.hasErrors ? nil : exercise, diagnostics: diagnostics, syntax: syntax, source: source,
            sourceMap: lowering.sourceMap)
    }

    public static func check(text: String) -> CheckResult { check(SourceText(text)) }
    public static func check(bytes: [UInt8]) -> CheckResult { check(SourceText(bytes: bytes)) }

    /// Top-level statement keywords, in the order the formatter and docs present them.
    public static let statementKeywords = [
        "exercise", "domain", "team", "organisation", "segment", "link", "asset", "mission", "channel", "actor",
        "c2", "credential", "emitter", "objective", "inject", "approval", "scoring",
    ]
}

/// A read position in one line's tokens.
struct Cursor {
    let tokens: [Token]
    var index: Int
    init(_ tokens: [Token], from index: Int = 0) {
        self.tokens = tokens
        self.index = index
    }
    var atEnd: Bool { index >= tokens.count }
    var peek: Token? { atEnd ? nil : tokens[index] }
    mutating func next() -> Token? {
        guard !atEnd else { return nil }
        defer { index += 1 }
        return tokens[index]
    }
    /// Where a missing argument would go: just after the last token.
    var endLocation: SourceLocation {
        guard let last = tokens.last else { return SourceLocation(line: 1, column: 1) }
        return SourceLocation(line: last.line, column: last.column + last.width)
    }
}

/// The kinds of things that have identifiers.
enum Kind: String, CaseIterable {
    case domain, team, organisation, segment, asset, mission, actor, c2, credential, emitter, objective, inject, approval
}

struct Lowering {
    let file: SyntaxFile
    var diagnostics: [Diagnostic] = []
    var exercise = Exercise(title: "")
    /// id → (index, token where declared), per kind.
    var symbols: [Kind: [String: (index: Int, token: Token)]] = [:]
    var declaredOrder: [Kind: [String]] = [:]
    /// Statement index → index within its kind, for statements that declared an id.
    var statementIndex: [Int: Int] = [:]
    var sawExerciseHeader = false
    /// Whether the header had an error: times then cannot be judged against its length.
    var headerHadErrors = false
    /// Actors with an effect whose asset did not resolve: their reachability cannot be judged.
    var actorsWithUnresolvedEffects = Set<Int>()
    /// How many references have failed to resolve so far; a statement compares it before and
    /// after reading its fields to learn whether any of them failed.
    var unresolvedReferences = 0
    /// Whether every domain's nation is valid (otherwise nation warnings would only repeat it).
    var nationsValid = true
    var sawScoring = false
    /// Where each inject's condition mentions other injects, for the cycle check.
    var conditionEdges: [[(target: Int, token: Token)]] = []
    var sourceMap = SourceMap()
    var timeTokens: [(minute: Int, token: Token)] = []
    var channelTokens: [(from: Token, to: Token, marking: Token?)] = []
    /// Per team, its identifier token; per inject, its recipients' tokens and its tearline's.
    var teamTokens: [Token] = []
    var recipientTokens: [[Token]] = []
    var tearlineTokens: [Token?] = []
    /// Per inject, the token of its marking, if it has one.
    var injectMarkingTokens: [Token?] = []
    /// The first nation marking written anywhere, if any (teams then need a nation).
    var firstNationMarking: Token?
    /// The tokens of the references the last `takeReferences` resolved, in order.
    var lastReferenceTokens: [Token] = []
    /// Per approval, its approver's token and one token per decision it covers.
    var approvalTokens: [(approver: Token?, covers: [Token])] = []
    /// Nations of the declared domains, read from head lines so order doesn't matter.
    var declaredNations: Set<String> = []

    init(file: SyntaxFile) {
        self.file = file
        for kind in Kind.allCases { symbols[kind] = [:] }
    }

    // MARK: Diagnostics

    mutating func error(_ code: Diagnostic.Code, _ message: String, _ token: Token) {
        diagnostics.append(.error(code, message, at: token))
    }
    mutating func error(_ code: Diagnostic.Code, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, code, message, at: location))
    }
    mutating func error(_ message: Diagnostic.Message, _ token: Token) {
        diagnostics.append(.error(message, at: token))
    }
    mutating func error(_ message: Diagnostic.Message, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }
    mutating func warning(_ code: Diagnostic.Code, _ message: String, _ token: Token) {
        diagnostics.append(.warning(code, message, at: token))
    }

    /// "; did you mean 'x'?" when one candidate is close, otherwise "; use one of a, b, c".
    func suggestOrList(_ name: String, _ candidates: [String]) -> String {
        let hint = didYouMean(name, candidates)
        return hint.isEmpty ? "; use one of \(candidates.joined(separator: ", "))" : hint
    }

    func didYouMean(_ name: String, _ candidates: some Sequence<String>) -> String {
        Diagnostic.Message.didYouMean(suggestion(for: name, among: candidates))
    }

    func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        // Suggestions cost a scan of every candidate; past 100 errors they stop being worth it.
        guard diagnostics.count < 100 else { return nil }
        return Suggestion.closest(to: name, among: candidates)
    }

    // MARK: Driver

    mutating func run() -> Exercise {
        declare()
        exercise.dependencies = (declaredOrder[.c2] ?? []).map { Dependency(id: $0, name: "", kind: .c2) }
            + (declaredOrder[.credential] ?? []).map { Dependency(id: $0, name: "", kind: .credential) }
            + (declaredOrder[.emitter] ?? []).map { Dependency(id: $0, name: "", kind: .emitter) }
        for st in file.statements where st.keyword.isWord("domain") {
            for tokens in [st.head.tokens] + st.body.map(\.tokens) {
                if let i = tokens.firstIndex(where: { $0.isWord("nation") }), i + 1 < tokens.count {
                    declaredNations.insert(tokens[i + 1].text)
                }
            }
        }
        // The header first: durations written in turns need the turn length.
        for (i, st) in file.statements.enumerated() where st.keyword.isWord("exercise") {
            lowerExercise(st, first: i == file.statements.firstIndex { $0.keyword.isWord("exercise") })
        }
        if !sawExerciseHeader, let first = file.statements.first {
            error(.missingExercise, "missing 'exercise \"Title\"' statement with start, turn and length", first.keyword)
        }
        for (i, st) in file.statements.enumerated() {
            let keyword = st.keyword
            guard keyword.isWord else {
                error(.unknownStatement, "expected a statement keyword, found a string", keyword)
                continue
            }
            let slot = statementIndex[i]
            switch keyword.text {
            case "exercise": break
            case "domain": lowerDomain(st, slot)
            case "team": lowerTeam(st, slot)
            case "organisation": lowerOrganisation(st, slot)
            case "segment": lowerSegment(st, slot)
            case "link": lowerLink(st)
            case "asset": lowerAsset(st, slot)
            case "mission": lowerMission(st, slot)
            case "channel": lowerChannel(st)
            case "actor": lowerActor(st, slot)
            case "c2", "credential": lowerDependency(st, slot)
            case "emitter": lowerEmitter(st, slot)
            case "objective": lowerObjective(st, slot)
            case "inject": lowerInject(st, slot)
            case "approval": lowerApproval(st, slot)
            case "scoring": lowerScoring(st)
            default:
                error(.unknownStatement,
                      "unknown statement '\(keyword.text)'\(didYouMean(keyword.text, ExerciseChecker.statementKeywords))",
                      keyword)
            }
        }
        checkWhole()
        return exercise
    }

    /// Registers every identifier first so that references may point forward.
    mutating func declare() {
        for (i, st) in file.statements.enumerated() {
            guard let kind = Kind(rawValue: st.keyword.text), st.keyword.isWord else { continue }
            guard st.head.tokens.count >= 2 else {
                error(.missingArgument, "'\(kind.rawValue)' needs an identifier", at: Cursor(st.head.tokens).endLocation)
                continue
            }
            let idToken = st.head.tokens[1]
            guard idToken.isWord, ValueSyntax.isIdentifier(idToken.text) else {
                error(.invalidIdentifier,
                      "'\(idToken.text)' is not a valid \(kind.rawValue) identifier; use letters, digits, '-' and '_' (at most 64)",
                      idToken)
                continue
            }
            if let previous = symbols[kind]![idToken.text] {
                error(.duplicateDefinition,
                      "duplicate \(kind.rawValue) '\(idToken.text)'; first defined at line \(previous.token.line)", idToken)
                continue
            }
            let index = symbols[kind]!.count
            symbols[kind]![idToken.text] = (index, idToken)
            declaredOrder[kind, default: []].append(idToken.text)
            statementIndex[i] = index
        }
    }

    /// Resolves a reference to a declared identifier, reporting unknown ones with a suggestion.
    mutating func resolve(_ kind: Kind, _ token: Token) -> Int? {
        if let entry = symbols[kind]![token.text], token.isWord { return entry.index }
        if token.kind == .string, symbols[kind]![token.text] != nil {
            error(.expectedIdentifier, "\(kind.rawValue) '\(token.text)' is a name: write it without quotes", token)
            return nil
        }
        let declared = declaredOrder[kind, default: []]
        unresolvedReferences += 1
        error(.unknownReference(kind.rawValue, token.text, suggestion: suggestion(for: token.text, among: declared),
                                noneDeclared: declared.isEmpty),
              token)
        return nil
    }

    // MARK: Field machinery

    /// Walks the clauses of a statement — the rest of its head line and each body line —
    /// handing each known keyword to `handle`. Unknown keywords, extra arguments and
    /// repeated single-use fields are reported here.
    mutating func fields(
        _ st: Statement, headerFrom start: Int, what: String, known: [String], repeatable: Set<String> = [],
        handle: (inout Lowering, Token, inout Cursor, _ inHeader: Bool) -> Void
    ) {
        var seen: [String: Token] = [:]
        func noteSeen(_ lowering: inout Lowering, _ token: Token) {
            if repeatable.contains(token.text) { return }
            if let first = seen[token.text] {
                lowering.error(.duplicateField,
                               "'\(token.text)' given twice for \(what); first on line \(first.line)", token)
            } else {
                seen[token.text] = token
            }
        }
        var cursor = Cursor(st.head.tokens, from: start)
        while let token = cursor.next() {
            guard token.isWord, known.contains(token.text) else {
                error(.unexpectedArgument,
                      "unexpected '\(token.text)' in \(what)\(token.isWord ? didYouMean(token.text, known) : "")", token)
                break
            }
            noteSeen(&self, token)
            handle(&self, token, &cursor, true)
        }
        for line in st.body {
            var cursor = Cursor(line.tokens)
            guard let keyword = cursor.next() else { continue }
            guard keyword.isWord, known.contains(keyword.text) else {
                error(.unknownField, "unknown field '\(keyword.text)' in \(what)\(didYouMean(keyword.text, known))", keyword)
                continue
            }
            noteSeen(&self, keyword)
            handle(&self, keyword, &cursor, false)
            if let extra = cursor.peek {
                error(.unexpectedArgument(extra.text, after: "'\(keyword.text)'"), extra)
            }
        }
    }

    /// The next token, or an error naming what was expected.
    mutating func take(_ cursor: inout Cursor, _ what: String, after: Token) -> Token? {
        if let t = cursor.next() { return t }
        error(.missingArgument(what, after: after.text), at: cursor.endLocation)
        return nil
    }

    mutating func takeString(_ cursor: inout Cursor, _ what: String, after: Token) -> String? {
        guard let t = take(&cursor, what, after: after) else { return nil }
        guard t.kind == .string else {
            error(.expectedString, "expected \(what) in double quotes, found '\(t.text)'", t)
            return nil
        }
        return t.text
    }

    mutating func takeReference(_ cursor: inout Cursor, _ kind: Kind, after: Token) -> Int? {
        guard let t = take(&cursor, "a \(kind.rawValue)", after: after) else { return nil }
        return resolve(kind, t)
    }

    /// References until the end of the line or a keyword of this statement.
    mutating func takeReferences(_ cursor: inout Cursor, _ kind: Kind, after: Token, stopAt: [String]) -> [Int] {
        var out: [Int] = []
        var any = false
        lastReferenceTokens = []
        while let t = cursor.peek, !(t.isWord && stopAt.contains(t.text)) {
            _ = cursor.next()
            any = true
            if let i = resolve(kind, t) {
                if out.contains(i) {
                    warning(.repeatedReference, "'\(t.text)' is listed twice", t)
                } else {
                    out.append(i)
                    lastReferenceTokens.append(t)
                }
            }
        }
        if !any { error(.missingArgument("at least one \(kind.rawValue)", after: after.text), at: cursor.endLocation) }
        return out
    }

    mutating func takeInteger(_ cursor: inout Cursor, _ what: String, after: Token, range: ClosedRange<Int>) -> Int? {
        guard let t = take(&cursor, what, after: after) else { return nil }
        guard let n = ValueSyntax.integer(t.text), t.isWord else {
            error(.invalidInteger, "expected \(what) (a whole number), found '\(t.text)'", t)
            return nil
        }
        guard range.contains(n) else {
            error(.outOfRange, "\(what) \(n) is outside \(range.lowerBound)…\(range.upperBound)", t)
            return nil
        }
        return n
    }

    /// A duration: `30m`, `2h`, `1h30m`, `1d`, or `N turn(s)`.
    mutating func takeDuration(_ cursor: inout Cursor, _ what: String, after: Token, allowZero: Bool = false) -> Int? {
        guard let t = take(&cursor, what, after: after) else { return nil }
        var minutes: Int?
        if let n = ValueSyntax.integer(t.text), t.isWord {
            if let unit = cursor.peek, unit.isWord("turn") || unit.isWord("turns") {
                _ = cursor.next()
                minutes = n * max(1, exercise.turnMinutes)
            } else {
                error(.invalidDuration, "'\(t.text)' needs a unit: write '\(t.text)m', '\(t.text)h' or '\(t.text) turns'", t)
                return nil
            }
        } else {
            minutes = t.isWord ? ValueSyntax.duration(t.text) : nil
            if minutes == nil {
                error(.invalidDuration, "invalid \(what) '\(t.text)'; write it like 30m, 2h, 1h30m, 1d or 2 turns", t)
                return nil
            }
        }
        if let m = minutes, m == 0, !allowZero {
            error(.invalidDuration, "\(what) must be longer than zero", t)
            return nil
        }
        return minutes
    }

    /// A scenario time: `+HH:MM` or `turn N`.
    mutating func takeTime(_ cursor: inout Cursor, after: Token) -> Int? {
        guard let t = take(&cursor, "a time (+HH:MM or 'turn N')", after: after) else { return nil }
        if t.isWord("turn") {
            guard let n = takeInteger(&cursor, "a turn number", after: t, range: 1...1_000_000) else { return nil }
            let minute = (n - 1) * max(1, exercise.turnMinutes)
            timeTokens.append((minute, t))
            return minute
        }
        guard t.isWord, let minute = ValueSyntax.offset(t.text) else {
            error(.invalidTime, "invalid time '\(t.text)'; write a scenario offset like +04:30 or 'turn 9'", t)
            return nil
        }
        timeTokens.append((minute, t))
        return minute
    }

    mutating func takeProbability(_ cursor: inout Cursor, after: Token) -> Int? {
        guard let t = take(&cursor, "a probability", after: after) else { return nil }
        guard t.isWord, let p = ValueSyntax.probability(t.text) else {
            error(.invalidProbability, "invalid probability '\(t.text)'; write a number from 0 to 1 such as 0.25, or 25%", t)
            return nil
        }
        return p
    }

    /// An effect's dependencies: `over C2` and `using CREDENTIAL`, each any number of times,
    /// and for a spoofing `from EMITTER` (a `from` followed by a string is the inject's sender).
    mutating func takeNeeds(_ cursor: inout Cursor, effect: Effect.Kind) -> [Int] {
        var needs: [Int] = []
        func fromEmitter(_ c: Cursor) -> Bool {
            guard let w = c.peek, w.isWord("from"), c.index + 1 < c.tokens.count else { return false }
            return c.tokens[c.index + 1].isWord
        }
        while let w = cursor.peek, w.isWord("over") || w.isWord("using") || fromEmitter(cursor) {
            _ = cursor.next()
            let kind: Kind = w.text == "over" ? .c2 : w.text == "using" ? .credential : .emitter
            if kind == .emitter, effect != .spoof {
                error(.unexpectedArgument,
                      "only 'spoof' comes from an emitter; '\(effect.rawValue)' may depend on a C2 ('over') or credentials ('using')", w)
            }
            if let k = takeReference(&cursor, kind, after: w) {
                let index = dependencyIndex(kind, k)
                if !needs.contains(index) { needs.append(index) }
            }
        }
        return needs
    }

    mutating func takeYesNo(_ cursor: inout Cursor, _ field: String, after: Token) -> Bool? {
        guard let t = take(&cursor, "yes or no", after: after) else { return nil }
        switch t.text {
        case "yes" where t.isWord: return true
        case "no" where t.isWord: return false
        default:
            error(.invalidBoolean, "expected 'yes' or 'no' after '\(field)', found '\(t.text)'", t)
            return nil
        }
    }

    mutating func takeMarking(_ cursor: inout Cursor, after: Token) -> Releasability? {
        guard let t = take(&cursor, "a marking in quotes", after: after) else { return nil }
        guard t.kind == .string else {
            error(.expectedString, "expected a marking in double quotes, such as \"REL TO JPN, USA\"", t)
            return nil
        }
        switch ValueSyntax.releasability(t.text) {
        case .success(let r):
            if let list = r.nations {
                if firstNationMarking == nil { firstNationMarking = t }
                for nation in list where nationsValid && !declaredNations.contains(nation) {
                    warning(.unknownNation, "nation '\(nation)' in the marking belongs to no domain", t)
                }
            }
            return r
        case .failure(let e):
            error(.invalidMarking, e.message, t)
            return nil
        }
    }

    /// Expects the identifier and (optionally) the quoted name at the head of a declaration.
    mutating func headName(_ st: Statement, what: String, nameRequired: Bool = true) -> (name: String, next: Int) {
        let tokens = st.head.tokens
        if tokens.count > 2, tokens[2].kind == .string { return (tokens[2].text, 3) }
        if nameRequired {
            let loc = tokens.count > 2 ? tokens[2].location : Cursor(tokens).endLocation
            diagnostics.append(Diagnostic(.error, .missingName, "expected the \(what)'s name in double quotes after its identifier", at: loc))
        }
        return (tokens.count > 1 ? tokens[1].text : "", min(2, tokens.count))
    }

    // MARK: Statements

    mutating func lowerExercise(_ st: Statement, first: Bool) {
        guard first else {
            error(.duplicateDefinition, "a file has one 'exercise' statement; this is a second one", st.keyword)
            return
        }
        sawExerciseHeader = true
        let errorsBefore = diagnostics.count
        // Only errors in the turn or length make the exercise's end unknown.
        let timingLines = Set([st.head.number] + st.body.filter {
            $0.tokens.first?.isWord("turn") == true || $0.tokens.first?.isWord("length") == true
        }.map(\.number))
        defer {
            headerHadErrors = diagnostics[errorsBefore...].contains { $0.severity == .error && timingLines.contains($0.location.line) }
        }
        let tokens = st.head.tokens
        if tokens.count < 2 || tokens[1].kind != .string {
            error(.missingName, "expected the exercise title in double quotes after 'exercise'",
                  at: tokens.count > 1 ? tokens[1].location : Cursor(tokens).endLocation)
        } else {
            exercise.title = tokens[1].text
            if tokens[1].text.isEmpty { error(.emptyText("the exercise title"), tokens[1]) }
        }
        var start: Token?, turn: Token?, length: (Token, Int?)?
        var lengthValue: Token?
        var lengthTurns: Int?
        var lengthMinutes: Int?
        exercise.turnMinutes = 0
        // Turn length first, so 'length 24 turns' and 'tearline 2 turns' work in any order.
        // A turn written in turns ('turn 1 turn') is reported by the field handler below.
        func isTurnCount(_ c: Cursor) -> Bool {
            c.tokens.count > c.index + 1 && (c.tokens[c.index + 1].isWord("turn") || c.tokens[c.index + 1].isWord("turns"))
        }
        if let k = tokens.indices.dropFirst(2).first(where: { tokens[$0].isWord("turn") }) {
            var c = Cursor(tokens, from: k + 1)
            if !isTurnCount(c), let m = takeDuration(&c, "turn length", after: tokens[k]) { exercise.turnMinutes = m }
        }
        for line in st.body where line.tokens.first?.isWord("turn") == true {
            var c = Cursor(line.tokens, from: 1)
            if !isTurnCount(c), let m = takeDuration(&c, "turn length", after: line.tokens[0]) { exercise.turnMinutes = m }
        }
        fields(st, headerFrom: 2, what: "the exercise",
               known: ["style", "marking", "start", "turn", "length", "attack", "tearline", "language"]) { l, k, c, _ in
            switch k.text {
            case "language":
                if let language = l.takeLanguage(&c, after: k) { l.exercise.language = language }
            case "style":
                guard let t = l.take(&c, "a style", after: k) else { return }
                if let s = Style(rawValue: t.text), t.isWord {
                    l.exercise.style = s
                } else {
                    l.error(.invalidStyle,
                            "unknown style '\(t.text)'\(l.suggestOrList(t.text, Style.allCases.map(\.rawValue)))",
                            t)
                }
            case "marking":
                guard let t = l.take(&c, "the banner marking in quotes", after: k) else { return }
                if t.kind != .string {
                    l.error(.expectedString, "expected the banner marking in double quotes", t)
                } else if t.text.trimmed(of: " ").isEmpty {
                    l.error(.invalidMarking, "the banner marking is empty; write e.g. \"UNCLASSIFIED // EXERCISE ONLY\"", t)
                } else {
                    l.exercise.marking = t.text
                }
            case "start":
                guard let t = l.take(&c, "a start time", after: k) else { return }
                start = t
                if let instant = ValueSyntax.instant(t.text), t.isWord {
                    l.exercise.start = ScenarioStart(text: t.text, minutesFromEpoch: instant.minutes, utcOffsetMinutes: instant.offset)
                } else {
                    l.error(.invalidDatetime,
                            "invalid start '\(t.text)'; write an ISO 8601 time with offset like 2026-11-24T09:00+09:00", t)
                }
            case "turn":
                turn = k
                _ = c.next()
                if let unit = c.peek, unit.isWord("turn") || unit.isWord("turns") {
                    l.error(.invalidDuration, "a turn's length must be in time units like 30m, not turns", unit)
                    _ = c.next()
                }
            case "length":
                if let n = c.peek, let count = ValueSyntax.integer(n.text), n.isWord,
                   c.tokens.count > c.index + 1, c.tokens[c.index + 1].isWord("turns") || c.tokens[c.index + 1].isWord("turn") {
                    _ = c.next()
                    _ = c.next()
                    if count < 1 || count > 100_000 {
                        l.error(.outOfRange, "length \(count) turns is outside 1…100000", n)
                    } else {
                        lengthTurns = count
                    }
                    length = (k, count)
                } else if let m = { lengthValue = c.peek; return l.takeDuration(&c, "exercise length", after: k) }() {
                    lengthMinutes = m
                    length = (k, nil)
                } else {
                    length = (k, nil)
                }
            case "attack":
                guard let t = l.take(&c, "an ATT&CK version like v18", after: k) else { return }
                if ValueSyntax.isAttackVersion(t.text), t.isWord {
                    l.exercise.attackVersion = t.text
                } else {
                    l.error(.invalidAttackVersion, "invalid ATT&CK version '\(t.text)'; write it like v18 or v17.1", t)
                }
            case "tearline":
                if let m = l.takeDuration(&c, "tearline delay", after: k, allowZero: true) { l.exercise.tearlineMinutes = m }
            default: break
            }
        }
        if start == nil { error(.missingField("the exercise", needs: "start", "e.g. start 2026-11-24T09:00+09:00"), st.keyword) }
        if turn == nil { error(.missingField("the exercise", needs: "turn", "the length of one turn, e.g. turn 30m"), st.keyword) }
        if length == nil { error(.missingField("the exercise", needs: "length", "e.g. length 24 turns or length 12h"), st.keyword) }
        if let n = lengthTurns {
            exercise.turns = n
        } else if let m = lengthMinutes, exercise.turnMinutes > 0 {
            if m % exercise.turnMinutes != 0, let l = length {
                error(.lengthNotWholeTurns,
                      "length \(ValueSyntax.durationLiteral(m)) is not a whole number of \(ValueSyntax.durationLiteral(exercise.turnMinutes)) turns",
                      lengthValue ?? l.0)
            }
            exercise.turns = max(1, m / exercise.turnMinutes)
        }
        if exercise.turnMinutes == 0 { exercise.turnMinutes = 30 }
    }

    mutating func lowerDomain(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "domain")
        var domain = Domain(id: st.head.tokens.count > 1 ? st.head.tokens[1].text : "", name: name, nation: "")
        var sawNation = false
        fields(st, headerFrom: next, what: "domain '\(domain.id)'", known: ["nation", "sector"]) { l, k, c, _ in
            if k.text == "sector" {
                guard let t = l.take(&c, "'public' or 'private'", after: k) else { return }
                if t.isWord, let sector = Domain.Sector(rawValue: t.text) { domain.sector = sector } else {
                    l.error(.invalidValue, "unknown sector '\(t.text)'; use 'public' (government) or 'private' (operators, companies)", t)
                }
                return
            }
            guard let t = l.take(&c, "a nation code like JPN", after: k) else { return }
            sawNation = true
            if ValueSyntax.isNation(t.text), t.isWord {
                domain.nation = t.text
            } else {
                l.nationsValid = false
                l.error(.invalidNation, "invalid nation '\(t.text)'; use an ISO 3166 alpha-3 code like JPN or USA", t)
            }
        }
        if !sawNation { error(.missingField("domain '\(domain.id)'", needs: "nation", "e.g. nation JPN"), st.keyword) }
        if slot != nil { exercise.domains.append(domain) }
    }

    mutating func lowerTeam(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "team")
        let id = st.head.tokens.count > 1 ? st.head.tokens[1].text : ""
        var team = Team(id: id, name: name, domain: nil, role: .blue, actsOn: [], capacity: 2)
        var actsOnTokens: [Token] = []
        let known = ["domain", "role", "acts-on", "capacity", "nation", "organisation", "clearance", "sds", "language"]
        fields(st, headerFrom: next, what: "team '\(id)'", known: known) { l, k, c, _ in
            switch k.text {
            case "domain": team.domain = l.takeReference(&c, .domain, after: k)
            case "role":
                guard let t = l.take(&c, "a role", after: k) else { return }
                if let r = TeamRole(rawValue: t.text), t.isWord {
                    team.role = r
                } else {
                    l.error(.invalidRole,
                            "unknown role '\(t.text)'\(l.suggestOrList(t.text, TeamRole.allCases.map(\.rawValue)))",
                            t)
                }
            case "acts-on":
                team.actsOn = l.takeReferences(&c, .domain, after: k, stopAt: known)
                actsOnTokens = l.lastReferenceTokens
            case "capacity":
                if let n = l.takeInteger(&c, "capacity", after: k, range: 0...1000) { team.capacity = n }
            case "nation":
                guard let t = l.take(&c, "a nation code like JPN", after: k) else { return }
                if ValueSyntax.isNation(t.text), t.isWord {
                    team.nation = t.text
                } else {
                    l.error(.invalidNation, "invalid nation '\(t.text)'; use an ISO 3166 alpha-3 code like JPN or USA", t)
                }
            case "organisation": team.organisation = l.takeReference(&c, .organisation, after: k)
            case "clearance":
                guard let t = l.take(&c, "a clearance level", after: k) else { return }
                let levels = Releasability.Classification.allCases.map(\.word)
                if t.isWord, let level = Releasability.Classification(word: t.text) {
                    team.clearance = level
                } else {
                    l.error(.invalidClearance, "unknown clearance '\(t.text)'\(l.suggestOrList(t.text, levels))", t)
                }
            case "sds": if let yes = l.takeYesNo(&c, "sds", after: k) { team.sds = yes }
            case "language": team.language = l.takeLanguage(&c, after: k)
            default: break
            }
        }
        if team.domain == nil, team.role == .blue || team.role == .ally,
           !st.head.tokens.contains(where: { $0.isWord("domain") }),
           !st.body.contains(where: { $0.tokens.first?.isWord("domain") == true }) {
            error(.missingField("\(team.role.rawValue) team '\(id)'", needs: "domain", "its home domain"), st.keyword)
        }
        if let d = team.domain, let k = team.actsOn.firstIndex(of: d), k < actsOnTokens.count {
            warning(.redundantActsOn, "team '\(id)' lists its own home domain '\(actsOnTokens[k].text)' in 'acts-on'", actsOnTokens[k])
        }
        if slot != nil {
            exercise.teams.append(team)
            teamTokens.append(st.head.tokens.count > 1 ? st.head.tokens[1] : st.keyword)
        }
    }

    mutating func lowerSegment(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "segment")
        let id = st.head.tokens.count > 1 ? st.head.tokens[1].text : ""
        var segment = Segment(id: id, name: name, domain: -1)
        var sawDomain = false
        fields(st, headerFrom: next, what: "segment '\(id)'", known: ["domain", "sensors", "hunt"]) { l, k, c, _ in
            switch k.text {
            case "domain":
                sawDomain = true
                segment.domain = l.takeReference(&c, .domain, after: k) ?? -1
            case "sensors": if let p = l.takeProbability(&c, after: k) { segment.sensorPerMille = p }
            case "hunt": if let p = l.takeProbability(&c, after: k) { segment.huntPerMille = p }
            default: break
            }
        }
        if !sawDomain { error(.missingField("segment '\(id)'", needs: "domain"), st.keyword) }
        if slot != nil { exercise.segments.append(segment) }
    }

    mutating func lowerLink(_ st: Statement) {
        var c = Cursor(st.head.tokens, from: 1)
        let a = takeReference(&c, .segment, after: st.keyword)
        let b = c.atEnd ? nil : c.peek
        let bIndex = takeReference(&c, .segment, after: st.keyword)
        var name = ""
        if let t = c.next() {
            if t.kind == .string { name = t.text } else { error(.expectedString, "expected the link's name in double quotes", t) }
        }
        if let extra = c.next() { error(.unexpectedArgument(extra.text, after: "the link's name"), extra) }
        for line in st.body { if let t = line.tokens.first { error(.unknownField, "a link has no fields; '\(t.text)' is not allowed here", t) } }
        guard let from = a, let to = bIndex, let bt = b else { return }
        if from == to {
            error(.selfLink, "a segment cannot be linked to itself", bt)
            return
        }
        if exercise.links.contains(where: { ($0.from == from && $0.to == to) || ($0.from == to && $0.to == from) }) {
            warning(.duplicateLink, "these segments are already linked", bt)
            return
        }
        exercise.links.append(Link(from: from, to: to, name: name))
    }

    mutating func lowerAsset(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "asset")
        let id = st.head.tokens.count > 1 ? st.head.tokens[1].text : ""
        var asset = Asset(id: id, name: name, segment: -1)
        var sawSegment = false
        fields(st, headerFrom: next, what: "asset '\(id)'", known: ["in", "criticality", "restore", "backups"]) { l, k, c, _ in
            switch k.text {
            case "in":
                sawSegment = true
                asset.segment = l.takeReference(&c, .segment, after: k) ?? -1
            case "criticality": if let n = l.takeInteger(&c, "criticality", after: k, range: 1...5) { asset.criticality = n }
            case "restore": if let m = l.takeDuration(&c, "restore time", after: k) { asset.restoreMinutes = m }
            case "backups":
                guard let t = l.take(&c, "yes or no", after: k) else { return }
                switch t.text {
                case "yes": asset.backups = true
                case "no": asset.backups = false
                default: l.error(.invalidBoolean, "expected 'yes' or 'no' after 'backups', found '\(t.text)'", t)
                }
            default: break
            }
        }
        if !sawSegment { error(.missingField("asset '\(id)'", needs: "in SEGMENT"), st.keyword) }
        if slot != nil { exercise.assets.append(asset) }
    }

    mutating func lowerMission(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "mission")
        let id = st.head.tokens.count > 1 ? st.head.tokens[1].text : ""
        var mission = Mission(id: id, name: name, needs: [], weight: 1)
        let known = ["needs", "weight"]
        var sawNeeds = false
        // `weight N` once (from the start); `weight N from TIME` for each later phase.
        var baseWeight: Token?
        var phaseTokens: [Int: Token] = [:]
        fields(st, headerFrom: next, what: "mission '\(id)'", known: known, repeatable: ["weight"]) { l, k, c, _ in
            switch k.text {
            case "needs":
                sawNeeds = true
                mission.needs = l.takeReferences(&c, .asset, after: k, stopAt: known)
            case "weight":
                // A later phase may weigh 0 (the mission does not matter then); the start weighs at least 1.
                let isPhase = c.index + 1 < c.tokens.count && c.tokens[c.index + 1].isWord("from")
                guard let n = l.takeInteger(&c, "weight", after: k, range: isPhase ? 0...1000 : 1...1000) else {
                    c.index = c.tokens.count  // one error for the clause, not another for its 'from TIME'
                    return
                }
                if isPhase, let from = c.next() {
                    guard let minute = l.takeTime(&c, after: from) else { return }
                    if minute == 0 {
                        l.error(.invalidValue, "a phase 'from +00:00' is the starting weight; write 'weight \(n)' instead", from)
                    } else if let first = phaseTokens[minute] {
                        l.error(.duplicateField, "mission '\(id)' already changes weight at \(ValueSyntax.offsetText(minute)) (line \(first.line))", k)
                    } else {
                        phaseTokens[minute] = k
                        mission.phases.append(Mission.Phase(from: minute, weight: n))
                    }
                } else {
                    if let first = baseWeight {
                        l.error(.duplicateField, "'weight' given twice for mission '\(id)'; first on line \(first.line) (a later phase is 'weight N from +HH:MM')", k)
                    }
                    baseWeight = k
                    mission.weight = n
                }
            default: break
            }
        }
        mission.phases.sort { $0.from < $1.from }
        if !sawNeeds { error(.missingField("mission '\(id)'", needs: "needs ASSET...", "the assets it depends on"), st.keyword) }
        if slot != nil { exercise.missions.append(mission) }
    }

    mutating func lowerChannel(_ st: Statement) {
        var c = Cursor(st.head.tokens, from: 1)
        let fromToken = c.peek
        let from = takeReference(&c, .team, after: st.keyword)
        if let arrow = c.peek, arrow.isWord("->") {
            _ = c.next()
        } else {
            let loc = c.peek?.location ?? c.endLocation
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected '->' between the channel's two teams", at: loc))
        }
        let toToken = c.peek
        let to = takeReference(&c, .team, after: st.keyword)
        let latency = takeDuration(&c, "latency", after: toToken ?? st.keyword, allowZero: true)
        var marking: Releasability = .unrestricted
        var markingToken: Token?
        // `latency D from TIME`, once per later phase (a crisis cell standing up, say).
        var phases: [Channel.Phase] = []
        var phaseTokens: [Int: Token] = [:]
        fields(st, headerFrom: c.index, what: "the channel", known: ["marking", "latency"], repeatable: ["latency"]) { l, k, c, _ in
            switch k.text {
            case "marking":
                markingToken = c.peek
                if let m = l.takeMarking(&c, after: k) { marking = m }
            case "latency":
                guard let d = l.takeDuration(&c, "latency", after: k, allowZero: true) else {
                    c.index = c.tokens.count
                    return
                }
                guard let from = c.next(), from.isWord("from") else {
                    l.error(.missingArgument, "expected 'from +HH:MM' after the latency: a later phase of the channel is 'latency D from TIME'",
                            at: c.peek?.location ?? c.endLocation)
                    c.index = c.tokens.count
                    return
                }
                guard let minute = l.takeTime(&c, after: from) else { return }
                if minute == 0 {
                    l.error(.invalidValue, "a phase 'from +00:00' is the channel's own latency; write it after the teams instead", from)
                } else if let first = phaseTokens[minute] {
                    l.error(.duplicateField, "the channel already changes latency at \(ValueSyntax.offsetText(minute)) (line \(first.line))", k)
                } else {
                    phaseTokens[minute] = k
                    phases.append(Channel.Phase(from: minute, latencyMinutes: d))
                }
            default: break
            }
        }
        phases.sort { $0.from < $1.from }
        guard let f = from, let t = to, let lat = latency, let fromTok = fromToken, let toTok = toToken else { return }
        if f == t {
            error(.selfChannel, "a channel needs two different teams", toTok)
            return
        }
        if exercise.channels.contains(where: { $0.from == f && $0.to == t }) {
            error(.duplicateDefinition, "a channel from '\(fromTok.text)' to '\(toTok.text)' is already defined", fromTok)
            return
        }
        exercise.channels.append(Channel(from: f, to: t, latencyMinutes: lat, marking: marking, phases: phases))
        channelTokens.append((fromTok, toTok, markingToken))
    }

    /// A channel's marking must let both of its ends hold what it carries.
    mutating func checkChannelMarkings() {
        for (channel, tokens) in zip(exercise.channels, channelTokens) {
            guard let markingToken = tokens.marking, let list = channel.marking.nations else { continue }
            for (end, token) in [(channel.from, tokens.from), (channel.to, tokens.to)] {
                let team = exercise.teams[end]
                guard let nation = nation(of: team), !nation.isEmpty, !list.contains(nation) else { continue }
                error(.markingExcludesTeam,
                      "marking '\(channel.marking.text)' does not allow team '\(token.text)' (\(nation)) at the channel's end",
                      markingToken)
            }
        }
    }

    /// Where information is marked by nation, every team but the white cell needs a nation:
    /// without one it could receive nothing so marked, and its place in the rules is unclear.
    mutating func checkTeamNations() {
        guard let marking = firstNationMarking else { return }
        for (t, team) in exercise.teams.enumerated() where team.role != .white && t < teamTokens.count {
            guard exercise.nation(ofTeam: t) == nil else { continue }
            error(.teamWithoutNation,
                  "team '\(team.id)' has no nation, and this exercise marks information by nation ('\(marking.text)' at \(marking.location.line):\(marking.location.column)); give it a home domain or 'nation JPN'",
                  teamTokens[t])
        }
    }

    /// A card goes only to teams its marking admits (the engine's rule, `Exercise.refusal(toRelease:of:to:)`),
    /// and only a card that may be tearlined has a tearline.
    mutating func checkInjectMarkings() {
        for (i, inject) in exercise.injects.enumerated() where i < recipientTokens.count {
            for (r, token) in zip(inject.recipients, recipientTokens[i]) {
                guard let refusal = exercise.refusal(toRelease: inject.marking, of: i, to: r) else { continue }
                let team = exercise.teams[r]
                let why: String
                switch refusal {
                case .notCleared:
                    let needed = inject.marking.level.map { "clearance \($0.word)" } ?? "a clearance"
                    why = team.clearance.map { "(cleared to \($0.text))" } ?? "(not cleared; give it '\(needed)')"
                case .notDesignated: why = "(not designated for Specially Designated Secrets; give it 'sds yes')"
                default: why = exercise.nation(ofTeam: r).map { "(\($0))" } ?? "(no nation)"
                }
                error(.markingExcludesRecipient,
                      "inject '\(inject.id)' is marked '\(inject.marking.text)', which does not admit its recipient '\(token.text)' \(why); address the card to teams it admits, or give it a tearline for the others",
                      token)
            }
            if let tlp = inject.marking.tlp, tlp == .amber || tlp == .amberStrict, let token = injectMarkingTokens[i],
               !inject.recipients.contains(where: { exercise.teams[$0].organisation != nil }) {
                warning(.amberWithoutOrganisation,
                        "inject '\(inject.id)' is marked 'TLP:\(tlp.rawValue)' but none of its recipients belongs to an organisation, so only they may hold it; give the teams 'organisation ID'",
                        token)
            }
            if let token = tearlineTokens[i], let tearline = inject.tearline {
                if !inject.marking.allowsTearline {
                    error(.tearlineNotAllowed,
                          "inject '\(inject.id)' is marked '\(inject.marking.text)': it goes to its named recipients only and cannot have a tearline",
                          token)
                } else if !tearline.marking.allowsTearline {
                    error(.tearlineNotAllowed, "a tearline is the releasable version: it cannot be marked '\(tearline.marking.text)'", token)
                }
            }
        }
    }

    func nation(of team: Team) -> String? {
        if let n = team.nation { return n }
        guard let d = team.domain, exercise.domains.indices.contains(d) else { return nil }
        return exercise.domains[d].nation
    }

    mutating func lowerActor(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "actor")
        fields(st, headerFrom: next, what: "actor", known: []) { _, _, _, _ in }
        if slot != nil { exercise.actors.append(Actor(id: st.head.tokens[1].text, name: name)) }
    }

    /// `c2 ID "NAME"` or `credential ID "NAME"`: what effects may depend on (`over`, `using`).
    mutating func lowerDependency(_ st: Statement, _ slot: Int?) {
        let kind: Dependency.Kind = st.keyword.text == "c2" ? .c2 : .credential
        let (name, next) = headName(st, what: kind.rawValue)
        fields(st, headerFrom: next, what: kind.rawValue, known: []) { _, _, _, _ in }
        guard slot != nil else { return }
        let idToken = st.head.tokens[1]
        let other: Kind = kind == .c2 ? .credential : .c2
        if let clash = symbols[other]?[idToken.text], clash.token.line < idToken.line {
            error(.duplicateDefinition,
                  "'\(idToken.text)' names both a C2 and a credential (line \(clash.token.line)); block and revoke need one meaning",
                  idToken)
        }
        exercise.dependencies[dependencyIndex(kind == .c2 ? .c2 : .credential, slot!)].name = name
    }

    /// Where the `k`th C2 or credential statement sits in `Exercise.dependencies`: the C2s
    /// first, then the credentials, each in file order (laid out after `declare()`).
    func dependencyIndex(_ kind: Kind, _ k: Int) -> Int {
        switch kind {
        case .c2: return k
        case .credential: return (symbols[.c2]?.count ?? 0) + k
        default: return (symbols[.c2]?.count ?? 0) + (symbols[.credential]?.count ?? 0) + k
        }
    }

    /// `emitter ID "NAME" [removed-by TEAM…]`: a spoofing's transmitter, which only the named
    /// outside bodies (and the white cell) can take off the air.
    mutating func lowerEmitter(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "emitter")
        var removers: [Int] = []
        fields(st, headerFrom: next, what: "emitter", known: ["removed-by"]) { l, k, c, _ in
            removers = l.takeReferences(&c, .team, after: k, stopAt: ["removed-by"])
        }
        guard let slot else { return }
        let idToken = st.head.tokens[1]
        for other in [Kind.c2, .credential] {
            if let clash = symbols[other]?[idToken.text] {
                error(.duplicateDefinition,
                      "'\(idToken.text)' names both an emitter and a \(other == .c2 ? "C2" : "credential") (line \(clash.token.line)); remove, block and revoke need one meaning",
                      idToken)
            }
        }
        let k = dependencyIndex(.emitter, slot)
        exercise.dependencies[k].name = name
        exercise.dependencies[k].removedBy = removers
    }

    /// `organisation ID "NAME"` with optional `clients ORG…`: the organisations TLP:AMBER names.
    mutating func lowerOrganisation(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "organisation")
        let id = st.head.tokens.count > 1 ? st.head.tokens[1].text : ""
        var organisation = Organisation(id: id, name: name)
        fields(st, headerFrom: next, what: "organisation '\(id)'", known: ["clients"]) { l, k, c, _ in
            organisation.clients = l.takeReferences(&c, .organisation, after: k, stopAt: ["clients"])
            for (t, client) in zip(l.lastReferenceTokens, organisation.clients) where client == slot {
                l.warning(.redundantClient, "organisation '\(id)' lists itself as its own client", t)
            }
        }
        if slot != nil { exercise.organisations.append(organisation) }
    }

    mutating func lowerObjective(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "objective")
        // `text ja "…"` under it: the objective in another language.
        var translations: [Language: String] = [:]
        var firstLine: [Language: Int] = [:]
        fields(st, headerFrom: next, what: "objective", known: ["text"], repeatable: ["text"]) { l, k, c, _ in
            guard let code = l.take(&c, "a language code and the objective in it (text ja \"…\")", after: k),
                  let text = l.takeString(&c, "the objective in '\(code.text)'", after: code), let language = l.language(code) else { return }
            if language == l.exercise.language {
                l.error(.translationInDefaultLanguage,
                        "'\(language.rawValue)' is the exercise's own language, which the objective line is written in; a language code gives another language", code)
                return
            }
            if let line = firstLine[language] {
                l.error(.duplicateField, "'text \(language.rawValue)' given twice for this objective; first on line \(line)", k)
                return
            }
            if text.isEmpty { l.error(.emptyText("the objective in '\(language.rawValue)'"), k) }
            translations[language] = text
            firstLine[language] = k.line
        }
        if slot != nil { exercise.objectives.append(Objective(id: st.head.tokens[1].text, text: name, translations: translations)) }
    }

    /// `approval ID "NAME"` with `of VERB …` (repeatable), `by TEAM` and `latency DURATION`.
    mutating func lowerApproval(_ st: Statement, _ slot: Int?) {
        let (name, next) = headName(st, what: "approval")
        let id = st.head.tokens.count > 1 ? st.head.tokens[1].text : ""
        var approval = Approval(id: id, name: name, covers: [], approver: -1)
        var approverToken: Token?
        var coverTokens: [Token] = []
        let known = ["of", "by", "latency"]
        fields(st, headerFrom: next, what: "approval '\(id)'", known: known, repeatable: ["of"]) { l, k, c, _ in
            switch k.text {
            case "of":
                guard let verb = l.take(&c, "contain, restore, grant or tearline", after: k) else { return }
                switch verb.isWord ? verb.text : "" {
                case "contain", "restore":
                    let assets = l.takeReferences(&c, .asset, after: verb, stopAt: known)
                    let tokens = l.lastReferenceTokens
                    for (a, token) in zip(assets, tokens) {
                        approval.covers.append(verb.text == "contain" ? .contain(asset: a) : .restore(asset: a))
                        coverTokens.append(token)
                    }
                case "grant":
                    guard let to = l.take(&c, "'to'", after: verb) else { return }
                    guard to.isWord("to") else {
                        l.error(.missingArgument, "expected 'to TEAM' after 'grant': an approval covers grants to a team", to)
                        c.index = c.tokens.count
                        return
                    }
                    let teams = l.takeReferences(&c, .team, after: to, stopAt: known)
                    let tokens = l.lastReferenceTokens
                    for (t, token) in zip(teams, tokens) {
                        approval.covers.append(.grant(to: t))
                        coverTokens.append(token)
                    }
                case "attribute":
                    guard let p = l.take(&c, "'public'", after: verb) else { return }
                    guard p.isWord("public") else {
                        l.error(.missingArgument, "expected 'public' after 'attribute': an approval covers public attributions", p)
                        c.index = c.tokens.count
                        return
                    }
                    approval.covers.append(.publicAttribution)
                    coverTokens.append(p)
                case "block", "revoke", "remove":
                    let kind: Kind = verb.text == "block" ? .c2 : verb.text == "revoke" ? .credential : .emitter
                    let cuts = l.takeReferences(&c, kind, after: verb, stopAt: known)
                    for (k, token) in zip(cuts, l.lastReferenceTokens) {
                        approval.covers.append(.cut(dependency: l.dependencyIndex(kind, k)))
                        coverTokens.append(token)
                    }
                case "tearline":
                    let injects = l.takeReferences(&c, .inject, after: verb, stopAt: known)
                    for (i, token) in zip(injects, l.lastReferenceTokens) {
                        approval.covers.append(.tearline(inject: i))
                        coverTokens.append(token)
                    }
                default:
                    l.error(.invalidValue, "an approval covers 'contain ASSET…', 'restore ASSET…', 'grant to TEAM…', 'tearline INJECT…', 'block C2…', 'revoke CREDENTIAL…', 'remove EMITTER…' or 'attribute public', not '\(verb.text)'\(verb.isWord ? l.didYouMean(verb.text, ["contain", "restore", "grant", "tearline", "block", "revoke", "remove", "attribute"]) : "")", verb)
                    c.index = c.tokens.count
                }
            case "by":
                approverToken = c.peek
                if let t = l.takeReference(&c, .team, after: k) { approval.approver = t }
            case "latency":
                if let m = l.takeDuration(&c, "latency", after: k, allowZero: true) { approval.latencyMinutes = m }
            default: break
            }
        }
        if coverTokens.isEmpty, !st.body.contains(where: { $0.tokens.first?.isWord("of") == true }) {
            error(.missingField("approval '\(id)'", needs: "of contain ASSET…", "the decisions it covers"), st.keyword)
        }
        if approverToken == nil { error(.missingField("approval '\(id)'", needs: "by TEAM", "the cell that approves"), st.keyword) }
        guard slot != nil else { return }
        exercise.approvals.append(approval)
        approvalTokens.append((approverToken, coverTokens))
    }

    /// An approver must be a cell that decides; a decision is covered by one approval only
    /// (the first would always win, so a second is a mistake).
    mutating func checkApprovals() {
        var firstCover: [Approval.Cover: (approval: Int, token: Token)] = [:]
        for (k, approval) in exercise.approvals.enumerated() where k < approvalTokens.count {
            let (approverToken, coverTokens) = approvalTokens[k]
            if approval.approver >= 0, let token = approverToken {
                let role = exercise.teams[approval.approver].role
                if role == .observer || role == .red {
                    error(.approverCannotDecide,
                          "team '\(token.text)' is \(role == .red ? "the red cell" : "an observer") and cannot approve; name a cell that decides (a team or the white cell)",
                          token)
                }
            }
            for (cover, token) in zip(approval.covers, coverTokens) {
                if let first = firstCover[cover] {
                    error(.approvalOverlap,
                          "'\(token.text)' is already covered by approval '\(exercise.approvals[first.approval].id)' (line \(first.token.line)); a decision needs one approval",
                          token)
                } else {
                    firstCover[cover] = (k, token)
                }
            }
        }
    }

    static let effectKeywords = Effect.Kind.allCases.map(\.rawValue)
    static let injectFields = ["by", "from", "to", "via", "technique", "marking", "title", "text", "tearline", "expect"] + effectKeywords

    mutating func lowerInject(_ st: Statement, _ slot: Int?) {
        let tokens = st.head.tokens
        let id = tokens.count > 1 ? tokens[1].text : ""
        var c = Cursor(tokens, from: min(2, tokens.count))
        var edges: [(target: Int, token: Token)] = []
        var trigger: Trigger = .manual
        var title = ""
        // Trigger.
        if let t = c.next() {
            switch (t.isWord, t.text) {
            case (true, "at"):
                if let m = takeTime(&c, after: t) { trigger = .time(minute: m) }
            case (true, "manual"):
                trigger = .manual
            case (true, "when"):
                var conditions: [Condition] = []
                var notBefore = 0
                repeat {
                    if let cond = takeCondition(&c, after: t, edges: &edges) { conditions.append(cond) }
                } while c.peek?.isWord("and") == true && c.next() != nil
                if let at = c.peek, at.isWord("at") {
                    _ = c.next()
                    notBefore = takeTime(&c, after: at) ?? 0
                }
                trigger = .condition(conditions, notBefore: notBefore)
            default:
                error(.missingTrigger,
                      "expected a trigger ('at +HH:MM', 'at turn N', 'when CONDITION' or 'manual') after the inject's identifier, before its title",
                      t)
                // A title where the trigger belongs: read it as the title, so only one thing is reported.
                if t.kind == .string { c.index -= 1 } else { c.index = tokens.count }
            }
        } else {
            error(.missingTrigger, "inject '\(id)' needs a trigger: 'at +HH:MM', 'when CONDITION' or 'manual'", at: c.endLocation)
        }
        if let t = c.peek {
            if t.kind == .string {
                title = t.text
                if t.text.isEmpty { error(.emptyText("the inject's title"), t) }
                _ = c.next()
            } else {
                error(.missingName, "expected the inject's title in double quotes after its trigger, found '\(t.text)'", t)
                c.index = tokens.count
            }
        } else if tokens.count >= 2 {
            error(.missingName, "expected the inject's title in double quotes after its trigger", at: c.endLocation)
        }

        var inject = Inject(id: id, title: title, trigger: trigger)
        var sawBy = false
        let unresolvedBefore = unresolvedReferences
        var texts: [String] = []
        var effects: [Effect] = []
        var effectToks: [SourceMap.Place] = []
        var expectations: [Expectation] = []
        var expectToks: [SourceMap.Place] = []
        var toTokens: [Token] = []
        var tearlineToken: Token?
        var markingToken: Token?
        var translations = InjectTranslations()
        let stop = Self.injectFields
        fields(st, headerFrom: c.index, what: "inject '\(id)'", known: stop,
               repeatable: Set(["title", "text", "tearline", "expect"] + Self.effectKeywords)) { l, k, c, _ in
            // `title ja "…"`, `text ja "…"`, `tearline ja "…"`: the card in another language.
            if ["title", "text", "tearline"].contains(k.text), let code = c.peek, code.isWord,
               Language(rawValue: code.text) != nil || (c.index + 1 < c.tokens.count && c.tokens[c.index + 1].kind == .string) {
                l.takeTranslation(&c, field: k, into: &translations)
                return
            }
            switch k.text {
            case "title":
                l.error(.missingArgument, "a 'title' line gives the title in another language: title ja \"…\"",
                        at: c.peek?.location ?? c.endLocation)
                c.index = c.tokens.count
            case "by":
                sawBy = true
                inject.actor = l.takeReference(&c, .actor, after: k)
            case "from": if let s = l.takeString(&c, "the sender's name", after: k) { inject.sender = s }
            case "to":
                inject.recipients = l.takeReferences(&c, .team, after: k, stopAt: stop)
                toTokens = l.lastReferenceTokens
            case "via":
                guard let t = l.take(&c, "a method (email, phone, alert, report, …)", after: k) else { return }
                inject.method = t.text
            case "technique":
                var any = false
                while let t = c.peek, !(t.isWord && stop.contains(t.text)) {
                    _ = c.next()
                    any = true
                    if ValueSyntax.isTechnique(t.text), t.isWord {
                        inject.techniques.append(t.text)
                    } else {
                        l.error(.invalidTechnique,
                                "'\(t.text)' is not an ATT&CK technique ID; write T and four digits, with an optional .NNN sub-technique (T1566.001)",
                                t)
                    }
                }
                if !any { l.error(.missingArgument("a technique ID", after: "technique"), at: c.endLocation) }
            case "marking":
                markingToken = c.peek
                if let m = l.takeMarking(&c, after: k) { inject.marking = m }
            case "text":
                if let s = l.takeString(&c, "the card text", after: k) { texts.append(s) }
            case "tearline":
                // tearline "TEXT" marking "REL TO JPN, USA": the card's releasable version.
                if let first = tearlineToken {
                    l.error(.duplicateField, "'tearline' given twice for inject '\(id)'; first on line \(first.line)", k)
                    c.index = c.tokens.count
                    return
                }
                tearlineToken = k
                guard let text = l.takeString(&c, "the tearline's text", after: k) else { return }
                if text.isEmpty { l.error(.emptyText("the tearline's text"), k) }
                guard let m = c.peek, m.isWord("marking") else {
                    l.error(.missingArgument, "a tearline needs its own marking: tearline \"TEXT\" marking \"REL TO JPN, USA\"",
                            at: c.peek?.location ?? c.endLocation)
                    return
                }
                _ = c.next()
                guard let marking = l.takeMarking(&c, after: m) else { return }
                var delay: Int?
                if let after = c.peek, after.isWord("after") {
                    _ = c.next()
                    delay = l.takeDuration(&c, "tearline delay", after: after, allowZero: true)
                }
                inject.tearline = Inject.Tearline(text: text, marking: marking, delayMinutes: delay)
            case "expect":
                let subject = c.tokens.count > c.index + 1 ? c.tokens[c.index + 1] : k
                if let e = l.takeExpectation(&c, after: k, number: expectations.count + 1, translations: &translations) {
                    expectations.append(e)
                    expectToks.append(SourceMap.Place(field: k, subject: subject))
                }
            case "spread":
                guard let fromTok = l.take(&c, "the asset spread from", after: k) else { return }
                let source = l.resolve(.asset, fromTok)
                if let arrow = c.peek, arrow.isWord("->") {
                    _ = c.next()
                } else {
                    l.diagnostics.append(Diagnostic(.error, .missingArgument, "expected '->' after the asset spread from",
                                                    at: c.peek?.location ?? c.endLocation))
                }
                let target = l.takeReference(&c, .asset, after: k)
                var every: Int?
                if let e = c.peek, e.isWord("every") {
                    _ = c.next()
                    every = l.takeDuration(&c, "interval", after: e)
                }
                if let u = c.peek, u.isWord("unless") {
                    _ = c.next()
                    if let w = c.peek, w.isWord("contained") { _ = c.next() } else {
                        l.error(.missingArgument("'contained'", after: "unless"), at: c.peek?.location ?? c.endLocation)
                    }
                }
                let needs = l.takeNeeds(&c, effect: .spread)
                if let s = source, let t = target {
                    var effect = Effect(kind: .spread, asset: t, source: s, everyMinutes: every)
                    effect.needs = needs
                    effects.append(effect)
                    effectToks.append(SourceMap.Place(field: k, subject: fromTok))
                }
            default:
                guard let kind = Effect.Kind(rawValue: k.text) else { return }
                let assets = l.takeReferences(&c, .asset, after: k, stopAt: stop + ["for", "over", "using"])
                let assetTokens = l.lastReferenceTokens
                var duration: Int?
                if let f = c.peek, f.isWord("for") {
                    _ = c.next()
                    if kind == .deny {
                        duration = l.takeDuration(&c, "denial duration", after: f)
                    } else {
                        l.error(.unexpectedArgument, "only 'deny' takes a duration ('for 2h')", f)
                        _ = c.next()
                    }
                }
                let needs = l.takeNeeds(&c, effect: kind)
                for (a, token) in zip(assets, assetTokens) {
                    var effect = Effect(kind: kind, asset: a, durationMinutes: duration)
                    effect.needs = needs
                    effects.append(effect)
                    effectToks.append(SourceMap.Place(field: k, subject: token))
                }
            }
        }
        if let actor = inject.actor, unresolvedReferences > unresolvedBefore {
            actorsWithUnresolvedEffects.insert(actor)
        }
        inject.text = texts.joined(separator: "\n")
        inject.translations = finishTranslations(translations, text: !texts.isEmpty, tearline: tearlineToken != nil)
        inject.effects = effects
        inject.expectations = expectations
        if !effects.isEmpty, !sawBy {
            error(.missingActor, "inject '\(id)' has adversary effects but no actor; add 'by ACTOR'", st.keyword)
        }
        guard slot != nil else { return }
        exercise.injects.append(inject)
        recipientTokens.append(toTokens)
        tearlineTokens.append(tearlineToken)
        injectMarkingTokens.append(markingToken)
        conditionEdges.append(edges)
        sourceMap.injects.append(tokens.count > 1 ? tokens[1] : st.keyword)
        sourceMap.effects.append(effectToks)
        sourceMap.expectations.append(expectToks)
    }

    mutating func takeCondition(_ c: inout Cursor, after: Token, edges: inout [(target: Int, token: Token)]) -> Condition? {
        guard let subjectToken = take(&c, "an inject, asset or actor", after: after) else { return nil }
        let predicateToken = c.next()
        let subject: Condition.Subject
        if let i = symbols[.inject]![subjectToken.text]?.index, subjectToken.isWord {
            subject = .inject(i)
            edges.append((i, subjectToken))
        } else if let a = symbols[.asset]![subjectToken.text]?.index, subjectToken.isWord {
            subject = .asset(a)
        } else if let a = symbols[.actor]![subjectToken.text]?.index, subjectToken.isWord {
            subject = .actor(a)
        } else {
            let candidates = (declaredOrder[.inject] ?? []) + (declaredOrder[.asset] ?? []) + (declaredOrder[.actor] ?? [])
            unresolvedReferences += 1
            error(.unknownReference("inject, asset or actor", subjectToken.text,
                                    suggestion: suggestion(for: subjectToken.text, among: candidates)),
                  subjectToken)
            return nil
        }
        guard let p = predicateToken else {
            error(.missingArgument("a condition such as 'released' or 'undetected'", after: subjectToken.text), at: c.endLocation)
            return nil
        }
        let names = Condition.Predicate.allCases.map(\.rawValue)
        guard let predicate = Condition.Predicate(rawValue: p.text), p.isWord else {
            error(.unknownCondition, "unknown condition '\(p.text)'\(suggestOrList(p.text, names))", p)
            return nil
        }
        switch subject {
        case .actor where !predicate.appliesToActors:
            error(.invalidCondition, "'\(predicate.rawValue)' does not apply to actor '\(subjectToken.text)'; use 'attributed' or 'publicly-attributed'", p)
            return nil
        case .inject where predicate.appliesToActors, .asset where predicate.appliesToActors:
            error(.invalidCondition, "'\(predicate.rawValue)' applies to actors, not to '\(subjectToken.text)'", p)
            return nil
        case .inject where !predicate.appliesToInjects:
            error(.invalidCondition, "'\(predicate.rawValue)' applies to assets, not to inject '\(subjectToken.text)'", p)
            return nil
        case .asset where !predicate.appliesToAssets:
            error(.invalidCondition, "'\(predicate.rawValue)' applies to injects, not to asset '\(subjectToken.text)'", p)
            return nil
        default:
            return Condition(subject: subject, predicate: predicate)
        }
    }

    mutating func takeExpectation(_ c: inout Cursor, after k: Token, number: Int, translations: inout InjectTranslations) -> Expectation? {
        guard let verb = take(&c, "an expected action (detect, contain, restore, share or a quoted task)", after: k) else {
            return nil
        }
        var action: Expectation.Action?
        if verb.kind == .string {
            action = .judged(verb.text)
            if verb.text.isEmpty { error(.emptyText("the expected action's text"), verb) }
            // `expect "…" ja "…" within 2h`: the task in another language.
            while let code = c.peek, code.isWord, c.index + 1 < c.tokens.count, c.tokens[c.index + 1].kind == .string {
                _ = c.next()
                let text = c.next()!
                takeTaskTranslation(code: code, text: text, number: number, into: &translations)
            }
        } else {
            switch verb.text {
            case "detect", "contain", "restore":
                if let a = takeReference(&c, .asset, after: verb) {
                    action = verb.text == "detect" ? .detect(asset: a) : verb.text == "contain" ? .contain(asset: a) : .restore(asset: a)
                }
            case "share":
                if let arrow = c.peek, arrow.isWord("->") { _ = c.next() } else {
                    error(.missingArgument("'-> TEAM'", after: "share"), at: c.peek?.location ?? c.endLocation)
                }
                if let t = takeReference(&c, .team, after: verb) { action = .share(to: t) }
            default:
                error(.invalidExpectation,
                      "unknown expected action '\(verb.text)'\(didYouMean(verb.text, ["detect", "contain", "restore", "share"])); use detect, contain, restore, share -> TEAM, or a task in quotes",
                      verb)
                c.index = c.tokens.count
                return nil
            }
        }
        var within: Int?
        var team: Int?
        var objective: Int?
        var sawWithin = false
        // The expectation ends where another field of the inject begins (`… within 1h expect …`
        // on one line, as an inject written during play is): `by` stays the expectation's.
        while let t = c.peek, !(t.isWord && t.text != "by" && Self.injectFields.contains(t.text)) {
            _ = c.next()
            switch (t.isWord, t.text) {
            case (true, "within"):
                sawWithin = true
                within = takeDuration(&c, "target time", after: t)
            case (true, "by"): team = takeReference(&c, .team, after: t)
            case (true, "objective"): objective = takeReference(&c, .objective, after: t)
            default:
                error(.unexpectedArgument,
                      "unexpected '\(t.text)' in the expectation\(didYouMean(t.text, ["within", "by", "objective"]))", t)
                c.index = c.tokens.count
            }
        }
        if !sawWithin {
            error(.missingTarget, "the expectation needs a target time: add 'within 1h'", k)
        }
        guard let a = action, let w = within else { return nil }
        return Expectation(number: number, action: a, withinMinutes: w, team: team, objective: objective)
    }

    mutating func lowerScoring(_ st: Statement) {
        if sawScoring {
            error(.duplicateDefinition, "a file has one 'scoring' block; this is a second one", st.keyword)
            return
        }
        sawScoring = true
        var weights: [Rubric.Measure: Int] = [:]
        var targets = Rubric.standard.targets
        var weightTokens: [Rubric.Measure: Token] = [:]
        var targetTokens: [Rubric.Measure: Token] = [:]
        let measures = Rubric.Measure.allCases.map(\.rawValue)
        fields(st, headerFrom: 1, what: "scoring", known: ["weight", "target"], repeatable: ["weight", "target"]) { l, k, c, _ in
            guard let m = l.take(&c, "a measure (\(measures.joined(separator: ", ")))", after: k) else { return }
            guard let measure = Rubric.Measure(rawValue: m.text), m.isWord else {
                l.error(.unknownMeasure, "unknown measure '\(m.text)'\(l.suggestOrList(m.text, measures))", m)
                c.index = c.tokens.count
                return
            }
            if k.text == "weight" {
                if let previous = weightTokens[measure] {
                    l.error(.duplicateField, "weight of '\(measure.rawValue)' given twice; first on line \(previous.line)", m)
                }
                weightTokens[measure] = m
                if let n = l.takeInteger(&c, "points", after: m, range: 0...100) { weights[measure] = n }
            } else {
                if [.availability, .expectations, .data].contains(measure) {
                    l.error(.invalidTarget, "'\(measure.rawValue)' has no target time; targets apply to detect, contain, restore and share", m)
                    c.index = c.tokens.count
                    return
                }
                if let previous = targetTokens[measure] {
                    l.error(.duplicateField, "target of '\(measure.rawValue)' given twice; first on line \(previous.line)", m)
                }
                targetTokens[measure] = m
                if let d = l.takeDuration(&c, "target time", after: m) { targets[measure] = d }
            }
        }
        if weightTokens.isEmpty {
            exercise.rubric = Rubric(weights: Rubric.standard.weights, targets: targets)
        } else {
            let sum = weights.values.reduce(0, +)
            if sum != 100 {
                error(.weightsNot100, "scoring weights add up to \(sum), not 100", st.keyword)
            }
            exercise.rubric = Rubric(weights: weights, targets: targets)
        }
    }

    // MARK: Whole-file checks

    mutating func checkWhole() {
        let length = exercise.lengthMinutes
        if sawExerciseHeader, !headerHadErrors {
            for (minute, token) in timeTokens where minute >= length {
                error(.timeBeyondLength,
                      "time \(ValueSyntax.offsetText(minute)) is at or after the exercise's end (\(ValueSyntax.offsetText(length)), \(exercise.turns) turns of \(ValueSyntax.durationLiteral(exercise.turnMinutes)))",
                      token)
            }
        }
        checkChannelMarkings()
        checkTeamNations()
        checkInjectMarkings()
        checkReachability()
        checkTriggerCycles()
        checkExpectations()
        checkApprovals()
        if exercise.domains.count > 64,
           let st = file.statements.first(where: { $0.keyword.isWord("c2") || $0.keyword.isWord("credential") || $0.keyword.isWord("emitter") }) {
            error(.outOfRange, "an exercise with C2s, credentials or emitters may have at most 64 domains (this one has \(exercise.domains.count))",
                  st.keyword)
        }
        if exercise.teams.isEmpty, let first = file.statements.first, sawExerciseHeader {
            warning(.noTeams, "the exercise declares no team", first.keyword)
        }
    }

    /// Effects need the actor to get in: spread only within a segment or along a link, and
    /// impact effects only on assets the actor compromises or spreads to somewhere.
    mutating func checkReachability() {
        let segmentCount = exercise.segments.count
        var linked = Set<Int>()
        for link in exercise.links { linked.insert(link.from * segmentCount + link.to); linked.insert(link.to * segmentCount + link.from) }
        // Assets each actor gets into, anywhere in the script.
        var footholds: [Int: Set<Int>] = [:]
        for inject in exercise.injects {
            guard let actor = inject.actor else { continue }
            for e in inject.effects where e.kind == .compromise || e.kind == .spread { footholds[actor, default: []].insert(e.asset) }
        }
        for (i, inject) in exercise.injects.enumerated() {
            for (j, effect) in inject.effects.enumerated() {
                let token = sourceMap.effects[i][j].subject
                let actorName = inject.actor.map { exercise.actors[$0].id } ?? "?"
                if effect.kind == .spread, let source = effect.source {
                    let a = exercise.assets[source], b = exercise.assets[effect.asset]
                    if source == effect.asset {
                        error(.spreadToSelf, "'\(a.id)' cannot spread to itself", token)
                    } else if a.segment >= 0, b.segment >= 0, a.segment != b.segment,
                              !linked.contains(a.segment * segmentCount + b.segment) {
                        let sa = exercise.segments[a.segment].id, sb = exercise.segments[b.segment].id
                        error(.spreadUnlinked,
                              "'\(a.id)' (in '\(sa)') cannot spread to '\(b.id)' (in '\(sb)'): no link between '\(sa)' and '\(sb)'; add 'link \(sa) \(sb)'",
                              token)
                    }
                    if let actor = inject.actor, !actorsWithUnresolvedEffects.contains(actor),
                       !(footholds[actor]?.contains(source) ?? false) {
                        error(.effectUnreachable,
                              "actor '\(actorName)' never gets into '\(a.id)', so it cannot spread from there; compromise it first",
                              token)
                    }
                } else if effect.kind.needsFoothold, let actor = inject.actor, !actorsWithUnresolvedEffects.contains(actor),
                          !(footholds[actor]?.contains(effect.asset) ?? false) {
                    let a = exercise.assets[effect.asset].id
                    error(.effectUnreachable,
                          "actor '\(actorName)' never gets into '\(a)'; add 'compromise \(a)' or a 'spread … -> \(a)' before '\(effect.kind.rawValue)'",
                          token)
                }
            }
        }
    }

    /// Condition triggers must not wait on each other in a circle.
    mutating func checkTriggerCycles() {
        let n = exercise.injects.count
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on the path, 2 done
        var reported = Set<Int>()
        for root in 0..<n where state[root] == 0 {
            // Iterative depth-first search, so a long chain cannot overflow the stack.
            var stack: [(node: Int, edge: Int)] = [(root, 0)]
            var path: [Int] = [root]
            state[root] = 1
            while let top = stack.last {
                let edges = conditionEdges[top.node]
                if top.edge < edges.count {
                    stack[stack.count - 1].edge += 1
                    let next = edges[top.edge].target
                    if state[next] == 1 {
                        guard let from = path.firstIndex(of: next) else { continue }
                        let cycle = Array(path[from...]) + [next]
                        if !reported.contains(next) {
                            reported.insert(next)
                            let names = cycle.map { exercise.injects[$0].id }.joined(separator: " → ")
                            error(.triggerCycle, "inject triggers wait on each other in a cycle: \(names)", edges[top.edge].token)
                        }
                    } else if state[next] == 0 {
                        state[next] = 1
                        stack.append((next, 0))
                        path.append(next)
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
    }

    /// Expectations about assets that nothing in the script touches can never be met.
    mutating func checkExpectations() {
        var touched = Set<Int>()
        for inject in exercise.injects { for e in inject.effects { touched.insert(e.asset) } }
        for (i, inject) in exercise.injects.enumerated() {
            for (j, expectation) in inject.expectations.enumerated() {
                let token = sourceMap.expectations[i][j].subject
                switch expectation.action {
                case .detect(let a), .contain(let a), .restore(let a):
                    if !touched.contains(a) {
                        warning(.expectationUntouchedAsset,
                                "expected to \(expectation.action.verb) '\(exercise.assets[a].id)', which no inject affects", token)
                    }
                default: break
                }
            }
        }
    }
}


extension Diagnostic.Message {
    /// A required field left out, e.g. "segment 'dii-open' needs 'domain'", with an example
    /// of the field in parentheses when one helps.
    fileprivate static func missingField(_ owner: String, needs field: String, _ example: String? = nil) -> Self {
        Self(code: .missingField, text: "\(owner) needs '\(field)'\(example.map { " (\($0))" } ?? "")")
    }

    /// A title or task written as "", e.g. "the inject's title is empty".
    static func emptyText(_ what: String) -> Self {
        Self(code: .emptyText, text: "\(what) is empty")
    }
}
