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

    public init(exercise x: Exercise) {
        exercise = x
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

    /// Parses a whole responses file; decisions come back in file order (the engine takes
    /// each turn's decisions in that order). Every bad line gets a diagnostic.
    public func parseFile(_ source: SourceText) -> (decisions: [TimedDecision], diagnostics: [Diagnostic]) {
        let (lines, lexical) = Lexer.lex(source)
        var diagnostics = lexical
        var out: [TimedDecision] = []
        for line in lines where !line.tokens.isEmpty {
            var cursor = Cursor(line.tokens)
            guard let turn = parseTime(&cursor, &diagnostics) else { continue }
            guard let decision = parseDecision(&cursor, &diagnostics) else { continue }
            out.append(TimedDecision(turn: turn, decision: decision, location: line.tokens[0].location))
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
        guard let decision = parseDecision(&cursor, &diagnostics) else {
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

    private func parseDecision(_ c: inout Cursor, _ diagnostics: inout [Diagnostic]) -> Decision? {
        let before = diagnostics.count
        guard let teamToken = c.next() else {
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected a team, then a decision", at: c.endLocation))
            return nil
        }
        let caseless = teamToken.isWord && teams[teamToken.text] == nil ? teamsFolded[teamToken.text.lowercased()] : nil
        guard let team = caseless ?? lookup(teams, "team", teamToken, after: nil, c, &diagnostics) else { return nil }
        guard let verbToken = c.next() else {
            diagnostics.append(Diagnostic(
                .error, .missingArgument,
                "expected a decision after '\(teamToken.text)': \(Decision.Verb.names.joined(separator: ", "))", at: c.endLocation))
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
}
