import ExerciseCore

/// A decision with the turn it belongs to, from a responses file.
public struct TimedDecision: Equatable, Sendable {
    public var turn: Int
    public var decision: Decision
    public var location: SourceLocation
}

/// Reads decision lines, the one form used everywhere — typed at the console, in a
/// responses file, and in the journal:
///
///     +00:30 jcdc detect js-mail T1566.001
///     turn 3 gsdf hunt wa-hq
///     +01:00 jcdc share A1 -> usfj
///     +03:00 white judge A1.2 met "briefed JJOC within the hour"
public struct ResponseParser: Sendable {
    public let exercise: Exercise
    private let teams: [String: Int]
    /// Team ids by their lower case, where no two teams share one: a team is named in any
    /// case, as the console's commands are (`JCDC detect …`).
    private let teamsFolded: [String: Int]
    private let assets: [String: Int]
    private let segments: [String: Int]
    private let injects: [String: Int]
    private let c2s: [String: Int]
    private let actors: [String: Int]
    private let credentials: [String: Int]
    private let emitters: [String: Int]
    /// The exercise file's bytes, against which an inject written during play is checked
    /// (appended to it, as if it had been written there); nil where none is at hand.
    private let source: [UInt8]?
    /// The statements of the injects written during play so far, in order (without `inject`).
    public let added: [String]

    public init(exercise x: Exercise, source: [UInt8]? = nil, added: [String] = []) {
        exercise = x
        self.source = source
        self.added = added
        func table(_ ids: [String]) -> [String: Int] {
            var t: [String: Int] = [:]
            for (i, id) in ids.enumerated() where t[id] == nil { t[id] = i }
            return t
        }
        teams = table(x.teams.map(\.id))
        var folded: [String: Int] = [:], clashes: Set<String> = []
        for (i, id) in x.teams.map(\.id).enumerated() {
            let key = id.lowercased()
            if let other = folded[key], other != i { clashes.insert(key) } else { folded[key] = i }
        }
        for key in clashes { folded[key] = nil }
        teamsFolded = folded
        assets = table(x.assets.map(\.id))
        segments = table(x.segments.map(\.id))
        injects = table(x.injects.map(\.id))
        var c2s: [String: Int] = [:], credentials: [String: Int] = [:], emitters: [String: Int] = [:]
        for (k, d) in x.dependencies.enumerated() {
            switch d.kind {
            case .c2: c2s[d.id] = c2s[d.id] ?? k
            case .credential: credentials[d.id] = credentials[d.id] ?? k
            case .emitter: emitters[d.id] = emitters[d.id] ?? k
            }
        }
        self.c2s = c2s
        self.emitters = emitters
        actors = table(x.actors.map(\.id))
        self.credentials = credentials
    }

    /// The parser after a change to the script was applied to the exercise: it knows an
    /// inject written during play by its id from then on.
    public func amended(by verb: Decision.Verb, giving x: Exercise) -> ResponseParser {
        var added = self.added
        if case .inject(let a) = verb { added.append(a.value.definition) }
        return ResponseParser(exercise: x, source: source, added: added)
    }

    /// The verbs only the white cell may use.
    /// (`objective` and `expectation` start an evaluator's observation written as `white objective O1 …`.)
    static let whiteCellVerbs: Set<String> = ["release", "judge", "inject", "delay", "advance", "cancel", "observe", "objective", "expectation"]

    /// Parses a whole responses file; decisions come back in file order (the engine takes
    /// each turn's decisions in that order). Every bad line gets a diagnostic. A change to
    /// the script applies from the next line on, as it will in play (a line may name an
    /// inject written on an earlier one).
    public func parseFile(_ source: SourceText) -> (decisions: [TimedDecision], diagnostics: [Diagnostic]) {
        let (lines, lexical) = Lexer.lex(source)
        var diagnostics = lexical
        var out: [TimedDecision] = []
        var parser = self
        for line in lines where !line.tokens.isEmpty {
            var cursor = Cursor(line.tokens)
            guard let turn = parser.parseTime(&cursor, &diagnostics) else { continue }
            guard let decision = parser.parseDecision(&cursor, &diagnostics, turn: turn) else { continue }
            out.append(TimedDecision(turn: turn, decision: decision, location: line.tokens[0].location))
            if decision.verb.amendsScript {
                parser = parser.amended(by: decision.verb, giving: parser.exercise.amended(by: decision.verb))
            }
        }
        return (out, diagnostics.sortedByLocation())
    }

    /// Parses one line typed at the console for the current turn. A leading time is
    /// allowed but must fall in the current turn.
    public func parseConsoleLine(_ text: String, currentTurn: Int) -> Result<Decision, Diagnostic> {
        var diagnostics: [Diagnostic] = []
        let line = Lexer.lexLine(ArraySlice(Array(text.utf8)), number: 1, diagnostics: &diagnostics)
        if let first = diagnostics.first { return .failure(first) }
        var cursor = Cursor(line.tokens)
        if let t = cursor.peek, t.isWord("turn") || t.text.hasPrefix("+") {
            guard let turn = parseTime(&cursor, &diagnostics) else { return .failure(diagnostics[0]) }
            if turn != currentTurn {
                return .failure(.error(.wrongTurn, "that time is in turn \(turn); the console is at turn \(currentTurn)",
                                       at: line.tokens[0]))
            }
        }
        guard let decision = parseDecision(&cursor, &diagnostics, turn: currentTurn) else {
            return .failure(diagnostics.first ?? Diagnostic(.error, .missingArgument, "empty line",
                                                             at: SourceLocation(line: 1, column: 1)))
        }
        return .success(decision)
    }

    /// Parses a journaled decision line (no time): `jcdc detect js-mail`.
    public func parseJournalLine(_ text: String) -> Decision? {
        var diagnostics: [Diagnostic] = []
        let line = Lexer.lexLine(ArraySlice(Array(text.utf8)), number: 1, diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { return nil }
        var cursor = Cursor(line.tokens)
        return parseDecision(&cursor, &diagnostics)
    }

    // MARK: Pieces

    private func parseTime(_ c: inout Cursor, _ diagnostics: inout [Diagnostic]) -> Int? {
        guard let t = c.next() else { return nil }
        let x = exercise
        if t.isWord("turn") {
            guard let n = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument("a turn number", after: "turn"), at: c.endLocation))
                return nil
            }
            guard let turn = ValueSyntax.integer(n.text), n.isWord, turn >= 1, turn <= x.turns else {
                diagnostics.append(.error(.invalidTime, "turn '\(n.text)' is not a turn of this exercise (1…\(x.turns))", at: n))
                return nil
            }
            return turn
        }
        guard t.isWord, let minute = ValueSyntax.offset(t.text) else {
            diagnostics.append(.error(
                .invalidTime, "expected a time (+HH:MM or 'turn N') at the start of the line, found '\(t.text)'", at: t))
            return nil
        }
        guard minute < x.lengthMinutes else {
            diagnostics.append(.error(
                .timeBeyondLength,
                "time \(t.text) is after the exercise's end (\(ValueSyntax.offsetText(x.lengthMinutes)))", at: t))
            return nil
        }
        return x.turn(containing: minute)
    }

    private func lookup(_ table: [String: Int], _ kind: String, _ token: Token?, after: Token?, _ c: Cursor,
                        _ diagnostics: inout [Diagnostic]) -> Int? {
        guard let token else {
            let article = kind == "inject" || kind == "asset" ? "an" : "a"
            diagnostics.append(Diagnostic(.error, .missingArgument("\(article) \(kind)", after: after?.text ?? ""), at: c.endLocation))
            return nil
        }
        if token.isWord, let i = table[token.text] { return i }
        let suggestion = Suggestion.closest(to: token.text, among: table.keys.sorted())
        diagnostics.append(.error(.unknownReference(kind, token.text, suggestion: suggestion), at: token))
        return nil
    }

    /// `turn`: the turn the line is for, when known (a responses file, the console); a
    /// journal's line was checked when it was made.
    private func parseDecision(_ c: inout Cursor, _ diagnostics: inout [Diagnostic], turn: Int? = nil) -> Decision? {
        let before = diagnostics.count
        guard let teamToken = c.next() else {
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected a team, then a decision", at: c.endLocation))
            return nil
        }
        // `evaluator objective O1 …`: an evaluator's observation, which is the white cell's (where no team is named 'evaluator').
        // In any case, as a team is named (`Evaluator objective O1 …`).
        if teamToken.isWord, teamToken.text.lowercased() == "evaluator", teams[teamToken.text] == nil, teamsFolded["evaluator"] == nil {
            var teamToken = teamToken
            teamToken.text = "evaluator"
            guard let white = exercise.teams.firstIndex(where: { $0.role == .white }) else {
                diagnostics.append(.error(.whiteCellOnly, "the exercise has no white cell to record an evaluator's observation for", at: teamToken))
                return nil
            }
            var rest: [Token] = []
            while let t = c.next() { rest.append(t) }
            // `evaluator "Capt. Sato" objective O1 …` names who observed, as the EEG file's `evaluator` line does.
            if rest.first?.kind == .string { rest.insert(teamToken, at: 0) }
            guard let observation = parseObservation(rest, after: teamToken, c, &diagnostics) else { return nil }
            return Decision(team: white, verb: .observe(InternedObservation(observation)))
        }
        let caseless = teamToken.isWord && teams[teamToken.text] == nil ? teamsFolded[teamToken.text.lowercased()] : nil
        guard let team = caseless ?? lookup(teams, "team", teamToken, after: nil, c, &diagnostics) else { return nil }
        guard let verbToken = c.next() else {
            diagnostics.append(Diagnostic(
                .error, .missingArgument,
                "expected a decision after '\(teamToken.text)': \(Decision.Verb.names.joined(separator: ", "))", at: c.endLocation))
            return nil
        }
        // A team's line with a white-cell verb is refused before anything after the verb is
        // read: naming an inject the team has not received must not tell it the inject exists,
        // when it is due, or how many expectations it has.
        if turn != nil, Self.whiteCellVerbs.contains(verbToken.text), exercise.teams[team].role != .white {
            let what = ["observe", "objective", "expectation"].contains(verbToken.text)
                ? "records evaluators' observations" : "can \(verbToken.text)"
            diagnostics.append(.error(.whiteCellOnly, "only the white cell \(what)", at: verbToken))
            return nil
        }
        var verb: Decision.Verb?
        switch verbToken.text {
        case "detect":
            if let a = lookup(assets, "asset", c.next(), after: verbToken, c, &diagnostics) {
                var technique: Technique?
                if let t = c.peek, t.isWord {
                    _ = c.next()
                    if let parsed = Technique(t.text) { technique = parsed } else {
                        diagnostics.append(.error(.invalidTechnique, "'\(t.text)' is not an ATT&CK technique ID (T1566.001)", at: t))
                    }
                }
                verb = .detect(asset: a, technique: technique)
            }
        case "hunt":
            if let s = lookup(segments, "segment", c.next(), after: verbToken, c, &diagnostics) { verb = .hunt(segment: s) }
        case "block":
            if let k = lookup(c2s, "C2", c.next(), after: verbToken, c, &diagnostics) { verb = .block(dependency: k) }
        case "attribute":
            guard let a = lookup(actors, "actor", c.next(), after: verbToken, c, &diagnostics) else { break }
            guard let level = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument("a confidence (low, moderate or high)", after: exercise.actors[a].id),
                                              at: c.endLocation))
                return nil
            }
            guard level.isWord, let confidence = Decision.Confidence(rawValue: level.text) else {
                let names = Decision.Confidence.allCases.map(\.rawValue)
                let hint = Suggestion.closest(to: level.text, among: names).map { "; did you mean '\($0)'?" } ?? "; use low, moderate or high"
                diagnostics.append(.error(.invalidValue, "unknown confidence '\(level.text)'\(hint)", at: level))
                return nil
            }
            var isPublic = false
            if let p = c.peek, p.isWord("public") {
                _ = c.next()
                isPublic = true
            }
            verb = .attribute(actor: a, confidence: confidence, public: isPublic)
        case "revoke":
            if let k = lookup(credentials, "credential", c.next(), after: verbToken, c, &diagnostics) { verb = .revoke(dependency: k) }
        case "remove":
            if let k = lookup(emitters, "emitter", c.next(), after: verbToken, c, &diagnostics) { verb = .remove(dependency: k) }
        case "contain":
            if let a = lookup(assets, "asset", c.next(), after: verbToken, c, &diagnostics) { verb = .contain(asset: a) }
        case "restore":
            if let a = lookup(assets, "asset", c.next(), after: verbToken, c, &diagnostics) { verb = .restore(asset: a) }
        case "share":
            guard let itemToken = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument("an inject or asset", after: "share"), at: c.endLocation))
                return nil
            }
            var item: Decision.Item?
            if itemToken.isWord, let i = injects[itemToken.text] {
                item = .inject(i)
            } else if itemToken.isWord, let a = assets[itemToken.text] {
                item = .asset(a)
            } else {
                let suggestion = Suggestion.closest(to: itemToken.text, among: injects.keys.sorted() + assets.keys.sorted())
                diagnostics.append(.error(.unknownReference("inject or asset", itemToken.text, suggestion: suggestion), at: itemToken))
            }
            if let arrow = c.peek, arrow.isWord("->") {
                _ = c.next()
            } else {
                diagnostics.append(Diagnostic(.error, .missingArgument, "expected '-> TEAM' after what is shared",
                                              at: c.peek?.location ?? c.endLocation))
                return nil
            }
            if let to = lookup(teams, "team", c.next(), after: verbToken, c, &diagnostics), let item { verb = .share(item, to: to) }
        case "tearline", "release":
            if let i = lookup(injects, "inject", c.next(), after: verbToken, c, &diagnostics) {
                verb = verbToken.text == "tearline" ? .tearline(inject: i) : .release(inject: i)
            }
        case "request", "grant":
            let t = lookup(teams, "team", c.next(), after: verbToken, c, &diagnostics)
            let a = lookup(assets, "asset", c.next(), after: verbToken, c, &diagnostics)
            if let t, let a { verb = verbToken.text == "request" ? .request(team: t, asset: a) : .grant(team: t, asset: a) }
        case "judge":
            guard let ref = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument("an expectation like A1.2", after: "judge"), at: c.endLocation))
                return nil
            }
            let parts = ref.text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let number = ValueSyntax.integer(String(parts[1])), ref.isWord else {
                diagnostics.append(.error(.invalidExpectation, "'\(ref.text)' is not an expectation; write INJECT.N, e.g. A1.2", at: ref))
                return nil
            }
            guard let i = injects[String(parts[0])] else {
                let suggestion = Suggestion.closest(to: String(parts[0]), among: injects.keys.sorted())
                diagnostics.append(.error(.unknownReference("inject", String(parts[0]), suggestion: suggestion), at: ref))
                return nil
            }
            guard number >= 1, number <= exercise.injects[i].expectations.count else {
                diagnostics.append(.error(.unknownReference,
                                          "inject \(parts[0]) has \(exercise.injects[i].expectations.count) expectation(s); there is no \(ref.text)",
                                          at: ref))
                return nil
            }
            guard let v = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument("met, late or missed", after: ref.text), at: c.endLocation))
                return nil
            }
            guard let verdict = Decision.Verdict(rawValue: v.text), v.isWord else {
                diagnostics.append(.error(.invalidVerdict, "expected met, late or missed, found '\(v.text)'", at: v))
                return nil
            }
            guard let why = c.next(), why.kind == .string else {
                diagnostics.append(Diagnostic(.error, .missingArgument, "expected the reason in double quotes", at: c.endLocation))
                return nil
            }
            verb = .judge(inject: i, expectation: number, verdict: verdict, reason: InternedText(why.text))
        case "note":
            guard let text = c.next(), text.kind == .string else {
                diagnostics.append(Diagnostic(.error, .missingArgument, "expected the note in double quotes", at: c.endLocation))
                return nil
            }
            verb = .note(InternedText(text.text))
        case "inject":
            guard let added = parseAddedInject(verbToken, &c, &diagnostics, team: team, turn: turn) else { return nil }
            verb = .inject(InternedInject(added))
        case "delay", "advance":
            guard let i = lookup(injects, "inject", c.next(), after: verbToken, c, &diagnostics) else { return nil }
            guard let how = c.next(), how.isWord("to") || how.isWord("by") else {
                diagnostics.append(Diagnostic(.error, .missingArgument, "expected 'to +HH:MM' or 'by DURATION' after the inject",
                                              at: c.peek?.location ?? c.endLocation))
                return nil
            }
            guard let value = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument(how.text == "to" ? "a time (+HH:MM)" : "a duration (30m, 2h)", after: how.text),
                                              at: c.endLocation))
                return nil
            }
            var minute: Int
            if how.text == "to" {
                guard value.isWord, let m = ValueSyntax.offset(value.text) else {
                    diagnostics.append(.error(.invalidTime, "expected a time like +06:00, found '\(value.text)'", at: value))
                    return nil
                }
                minute = m
            } else {
                guard value.isWord, let d = ValueSyntax.duration(value.text), d > 0 else {
                    diagnostics.append(.error(.invalidDuration, "expected a duration like 30m or 2h, found '\(value.text)'", at: value))
                    return nil
                }
                guard let now = exercise.injects[i].trigger.earliestMinute else {
                    diagnostics.append(.error(.invalidValue, "\(exercise.injects[i].id) has no scheduled time to move by \(value.text) (it is released by hand)", at: value))
                    return nil
                }
                minute = verbToken.text == "delay" ? now + d : now - d
            }
            guard minute >= 0 else {
                diagnostics.append(.error(.timeBeyondLength, "\(value.text) earlier than \(ScenarioTime.offsetText(minute + (ValueSyntax.duration(value.text) ?? 0))) is before the exercise starts", at: value))
                return nil
            }
            guard minute < exercise.lengthMinutes else {
                diagnostics.append(.error(.timeBeyondLength, "\(ScenarioTime.offsetText(max(0, minute))) is outside the exercise (+00:00 to \(ValueSyntax.offsetText(exercise.lengthMinutes)))", at: value))
                return nil
            }
            if let turn, minute < turn * exercise.turnMinutes {
                diagnostics.append(.error(.notAfterThisTurn, "\(ScenarioTime.offsetText(minute)) is not after turn \(turn): a scripted time must fall in a later turn (to play \(exercise.injects[i].id) now, 'release' it)", at: value))
                return nil
            }
            verb = verbToken.text == "delay" ? .delay(inject: i, to: minute) : .advance(inject: i, to: minute)
        case "cancel":
            if let i = lookup(injects, "inject", c.next(), after: verbToken, c, &diagnostics) { verb = .cancel(inject: i) }
        case "observe", "objective", "expectation":
            // `white observe objective O1 …`, or `white objective O1 …`: the EEG file's syntax from there on.
            var rest: [Token] = verbToken.text == "observe" ? [] : [verbToken]
            while let t = c.next() { rest.append(t) }
            guard let observation = parseObservation(rest, after: verbToken, c, &diagnostics) else { return nil }
            verb = .observe(InternedObservation(observation))
        case "approve", "deny":
            guard let ref = c.next() else {
                diagnostics.append(Diagnostic(.error, .missingArgument("a request like R1", after: verbToken.text), at: c.endLocation))
                return nil
            }
            guard ref.isWord, let k = requestIndex(ref.text) else {
                diagnostics.append(.error(.invalidRequest, "'\(ref.text)' is not an approval request; write R and its number, e.g. R1", at: ref))
                return nil
            }
            verb = verbToken.text == "approve" ? .approve(request: k) : .deny(request: k)
        default:
            let hint = Suggestion.closest(to: verbToken.text, among: Decision.Verb.names).map { "; did you mean '\($0)'?" }
                ?? "; use one of \(Decision.Verb.names.joined(separator: ", "))"
            diagnostics.append(.error(.unknownDecision, "unknown decision '\(verbToken.text)'\(hint)", at: verbToken))
            return nil
        }
        if let extra = c.next() {
            diagnostics.append(.error(.unexpectedArgument(extra.text, after: "the decision"), at: extra))
            return nil
        }
        guard let verb, diagnostics.count == before else { return nil }
        return Decision(team: team, verb: verb)
    }

    // MARK: Evaluators' observations

    /// An evaluator's observation read back from its journaled EEG text (`"eeg"`), checked
    /// against the exercise as it stood when it was typed.
    public func observation(_ text: String) -> TypedObservation? {
        var diagnostics: [Diagnostic] = []
        let line = Lexer.lexLine(ArraySlice(Array(text.utf8)), number: 1, diagnostics: &diagnostics)
        guard diagnostics.isEmpty, !line.tokens.isEmpty else { return nil }
        let parsed = EvaluationFile.parseEntry(line.tokens, exercise: exercise).observation
        // The text is kept as the parser writes it: anything else was not written by cdx.
        return parsed?.text == text ? parsed : nil
    }

    /// The EEG entry in `tokens` (after `observe`, or from `objective`/`expectation` on),
    /// checked by the EEG file's parser, so its errors point at the typed line's columns.
    private func parseObservation(_ tokens: [Token], after verbToken: Token, _ c: Cursor, _ diagnostics: inout [Diagnostic]) -> TypedObservation? {
        guard !tokens.isEmpty else {
            diagnostics.append(Diagnostic(.error, .missingArgument,
                                          "expected the observation as the EEG file writes it: 'objective O1' or 'expectation A04.2', a rating, then observation, analysis, recommendation",
                                          at: c.endLocation))
            return nil
        }
        let (observation, errors) = EvaluationFile.parseEntry(tokens, exercise: exercise)
        diagnostics += errors
        return errors.isEmpty ? observation : nil
    }

    // MARK: Injects written during play

    /// An inject written during play, read back from its journaled statement (without
    /// `inject`), checked against the exercise as it stood when it was written.
    public func addedInject(_ definition: String) -> AddedInject? {
        guard let white = exercise.teams.firstIndex(where: { $0.role == .white }) else { return nil }
        var diagnostics: [Diagnostic] = []
        let line = Lexer.lexLine(ArraySlice(Array("inject \(definition)".utf8)), number: 1, diagnostics: &diagnostics)
        guard diagnostics.isEmpty, !line.tokens.isEmpty else { return nil }
        var cursor = Cursor(line.tokens, from: 1)
        let added = parseAddedInject(line.tokens[0], &cursor, &diagnostics, team: white, turn: nil)
        // The statement is kept as the parser writes it: anything else was not written by cdx.
        return added?.definition == definition ? added : nil
    }

    /// `TEAM inject ID TRIGGER "Title" FIELDS…`: the statement as the exercise file would
    /// have it, on one line, checked as the file's injects are — appended to the exercise
    /// file after the injects written before it, so every rule of the language applies and
    /// every error points into the typed line. Consumes the rest of the line.
    private func parseAddedInject(_ verbToken: Token, _ c: inout Cursor, _ diagnostics: inout [Diagnostic], team: Int, turn: Int?)
        -> AddedInject?
    {
        var rest: [Token] = []
        while let t = c.next() { rest.append(t) }
        guard exercise.teams[team].role == .white else {
            diagnostics.append(.error(.whiteCellOnly, "only the white cell writes injects during play (write 'white inject …')", at: verbToken))
            return nil
        }
        guard !rest.isEmpty else {
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected the inject as the exercise file writes it: ID, a trigger ('at +05:00', 'manual' or 'when …'), a title in quotes, then its fields",
                                          at: c.endLocation))
            return nil
        }
        guard let source else {
            diagnostics.append(.error(.invalidValue, "an inject can be written during play only where the exercise file is at hand", at: verbToken))
            return nil
        }
        func written(_ t: Token) -> String { t.kind == .string ? quotedLiteral(t.text) : t.text }
        // The typed statement, laid out so that each token starts in the column it was typed
        // in less the columns before `inject`: a column the checker reports maps straight back.
        let shift = verbToken.column - 1
        var line = "inject"
        var column = 7
        for t in rest {
            let target = t.column - shift
            let pad = max(1, target - column)
            let text = written(t)
            line += String(repeating: " ", count: pad) + text
            column += pad + text.unicodeScalars.count
        }
        var bytes = source
        if let last = bytes.last, last != 0x0A { bytes.append(0x0A) }
        for statement in added { bytes += Array("inject \(statement)\n".utf8) }
        let lineNumber = SourceText(bytes: bytes).lines.count + 1
        bytes += Array(line.utf8) + [0x0A]
        let result = ExerciseChecker.check(bytes: bytes)
        let typedLine = verbToken.line
        let errors = result.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            // "first defined at line 355" names a line of the file the checker read, which is the
            // exercise file and then the injects written during play: say which.
            let fileLines = SourceText(bytes: source).lines.count
            func located(_ message: String) -> String {
                var out = "", rest = Substring(message)
                while let r = rest.firstRange(of: "line ") {
                    out += rest[..<r.upperBound]
                    rest = rest[r.upperBound...]
                    let digits = rest.prefix { $0.isASCII && $0.isNumber }
                    guard let n = Int(digits) else { continue }
                    rest = rest.dropFirst(digits.count)
                    out += n > fileLines ? "\(n) (an inject written earlier in play)" : "\(n) of the exercise file"
                }
                return out + rest
            }
            for e in errors {
                var d = e
                d.message = located(e.message)
                if e.location.line == lineNumber {
                    d.location = SourceLocation(line: typedLine, column: e.location.column + shift)
                } else {
                    d.location = verbToken.location
                    d.length = verbToken.width
                }
                diagnostics.append(d)
            }
            return nil
        }
        guard let checked = result.exercise, checked.injects.count == exercise.injects.count + 1,
              let new = checked.injects.last, new.id == rest[0].text
        else {
            diagnostics.append(.error(.changesExercise, "this inject does not check as one more inject of the exercise", at: verbToken))
            return nil
        }
        var rebuilt = checked
        rebuilt.injects = exercise.injects
        guard rebuilt == exercise else {
            diagnostics.append(.error(.changesExercise, "an inject written during play may use only what the exercise declares; this one changes more of it", at: verbToken))
            return nil
        }
        // A condition is first judged at the next turn's start, whatever its `at`; a time must be later.
        if let turn, case .time(let m) = new.trigger, m < turn * exercise.turnMinutes {
            let at = rest.firstIndex { $0.isWord("at") }.flatMap { $0 + 1 < rest.count ? rest[$0 + 1] : nil } ?? rest[0]
            diagnostics.append(.error(.notAfterThisTurn, "\(ScenarioTime.offsetText(m)) is not after turn \(turn): a scripted time must fall in a later turn (write it 'manual' and 'release' it to play it now)", at: at))
            return nil
        }
        return AddedInject(definition: rest.map(written).joined(separator: " "), inject: new)
    }
}
