import ExerciseCore

/// Reads an evaluator's EEG file, checked against the exercise with located errors:
///
///     # EEG: Pacific Shield 26, the joint cell
///     evaluator "Capt. Sato, JCDC evaluation team"
///
///     objective O1 rating S
///       observation "JCDC reported the phishing within 30 minutes; GSDF's VPN report reached it late."
///       analysis "The GSDF SOC has no standing instruction to report VPN anomalies to JCDC."
///       recommendation "Issue a standing reporting instruction for VPN anomalies" owner "GSDF G6" due 2027-01-31
///
///     expectation A04.2 rating M
///       observation "The DC was contained an hour after JCDC asked GSDF for it."
///
/// Statements start at the left margin; their fields are indented below them (or follow on
/// the same line). One file is one evaluator's: one `evaluator` line at most, and one rating
/// per objective or expectation. Documentation/Reports.md, "Evaluators' observations".
public enum EvaluationFile {
    public static func parse(_ source: SourceText, exercise x: Exercise) -> (guide: EvaluationGuide, diagnostics: [Diagnostic]) {
        let (lines, lexical) = Lexer.lex(source)
        var diagnostics = lexical
        var guide = EvaluationGuide()
        var current: EvaluationGuide.Entry?
        // The current entry's head as written (`objective O5`), for where a rating goes.
        var currentHead = ""
        var seen: [String: Token] = [:]
        var evaluatorLine: Int?
        // Where each subject was first rated, so that a second rating can say where the first is.
        var rated: [(subject: EvaluationGuide.Subject, line: Int)] = []
        // After a head line that does not check, its indented fields are passed over: the
        // head's error is the one to fix, and "belongs under an 'objective'" would only repeat it.
        var skipping = false
        func flush() {
            if let entry = current { guide.entries.append(entry) }
            current = nil
            seen = [:]
            skipping = false
        }
        let refs = References(x)
        for line in lines where !line.tokens.isEmpty {
            if line.indented {
                if skipping { continue }
                guard current != nil else {
                    let k = line.tokens[0]
                    diagnostics.append(.error(.indentedOutsideStatement, "'\(k.text)' belongs under an 'objective' or 'expectation' line", at: k))
                    continue
                }
                fields(line.tokens[...], into: &current!, seen: &seen, head: currentHead, ratingHere: false, &diagnostics)
                continue
            }
            flush()
            let head = line.tokens[0]
            switch (head.isWord, head.text) {
            case (true, "evaluator"):
                var c = Cursor(line.tokens, from: 1)
                guard let t = c.next(), t.kind == .string else { missing("the evaluator's name in double quotes", after: head, &diagnostics); continue }
                if let first = evaluatorLine {
                    diagnostics.append(.error(.duplicateDefinition,
                                              "a second 'evaluator' line; an EEG file is one evaluator's (named at line \(first)): give each evaluator a file of their own and --eeg once per file", at: head))
                    continue
                }
                guard !t.text.allSatisfy(\.isWhitespace) else { diagnostics.append(.error(.emptyText, "the evaluator's name is empty", at: t)); continue }
                evaluatorLine = head.line
                guide.evaluator = t.text
                if let extra = c.next() { diagnostics.append(.error(.unexpectedArgument, "unexpected '\(extra.text)' after the evaluator's name", at: extra)) }
            case (true, "objective"), (true, "expectation"):
                guard let (entry, next) = entryHead(line.tokens, exercise: x, refs, &diagnostics) else {
                    skipping = true
                    continue
                }
                if entry.rating != nil, let rating = line.tokens[1...].first(where: { $0.isWord("rating") }) {
                    if let first = rated.first(where: { $0.subject == entry.subject })?.line {
                        diagnostics.append(.error(.duplicateDefinition,
                                                  "'\(line.tokens[1].text)' is rated twice in this file (first at line \(first)); an evaluator gives one rating each: keep one, or write this entry without 'rating'", at: rating))
                    } else {
                        rated.append((entry.subject, rating.line))
                    }
                }
                current = entry
                currentHead = "\(line.tokens[0].text) \(line.tokens[1].text)"
                fields(line.tokens[next...], into: &current!, seen: &seen, head: currentHead, ratingHere: next == 2, &diagnostics)
            default:
                let hint = Suggestion.closest(to: head.text, among: ["evaluator", "objective", "expectation"]).map { "; did you mean '\($0)'?" }
                    ?? "; an EEG holds 'evaluator', 'objective' and 'expectation' lines"
                diagnostics.append(.error(.unknownStatement, "unknown statement '\(head.text)'\(hint)", at: head))
                skipping = true
            }
        }
        flush()
        return (guide, diagnostics.sortedByLocation())
    }

    /// One entry typed during play, in the file's syntax on one line: an optional
    /// `evaluator "NAME"`, then `objective ID` or `expectation INJECT.N`, an optional rating and
    /// the entry's fields (`tokens` from there on; every error points at a column of the
    /// typed line). A typed entry says something: a rating or at least one field.
    public static func parseEntry(_ tokens: [Token], exercise x: Exercise) -> (observation: TypedObservation?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var from = 0
        var evaluator: String?
        if let first = tokens.first, first.isWord("evaluator") {
            guard tokens.count > 1, tokens[1].kind == .string else {
                diagnostics.append(Diagnostic(.error, .missingArgument, "expected the evaluator's name in double quotes after 'evaluator'",
                                              at: tokens.count > 1 ? tokens[1].location : SourceLocation(line: first.line, column: first.column + first.width)))
                return (nil, diagnostics)
            }
            guard !tokens[1].text.allSatisfy(\.isWhitespace) else {
                diagnostics.append(.error(.emptyText, "the evaluator's name is empty", at: tokens[1]))
                return (nil, diagnostics)
            }
            evaluator = tokens[1].text
            from = 2
        }
        guard from < tokens.count else {
            let last = tokens.last
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected 'objective ID' or 'expectation INJECT.N', then a rating or an observation",
                                          at: last.map { SourceLocation(line: $0.line, column: $0.column + $0.width) } ?? SourceLocation(line: 1, column: 1)))
            return (nil, diagnostics)
        }
        let head = tokens[from]
        guard head.isWord("objective") || head.isWord("expectation") else {
            let hint = Suggestion.closest(to: head.text, among: ["objective", "expectation"]).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.append(.error(.unknownStatement, "expected 'objective ID' or 'expectation INJECT.N', found '\(head.text)'\(hint)", at: head))
            return (nil, diagnostics)
        }
        let slice = Array(tokens[from...])
        guard let (head0, next) = entryHead(slice, exercise: x, References(x), &diagnostics) else { return (nil, diagnostics) }
        var entry = head0
        var seen: [String: Token] = [:]
        fields(slice[next...], into: &entry, seen: &seen, head: "\(slice[0].text) \(slice[1].text)", ratingHere: next == 2, &diagnostics)
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        if entry.rating == nil, entry.observation == nil, entry.analysis == nil, entry.recommendations.isEmpty {
            let last = slice[next - 1]
            diagnostics.append(Diagnostic(.error, .missingArgument,
                                          "expected a rating (rating P, S, M or U) or an observation, analysis or recommendation after '\(last.text)'",
                                          at: SourceLocation(line: last.line, column: last.column + last.width)))
            return (nil, diagnostics)
        }
        return (TypedObservation(evaluator: evaluator, entry: entry, in: x), diagnostics)
    }

    // MARK: Pieces

    /// The exercise's objectives and injects by id.
    private struct References {
        let objectives: [String: Int]
        let injects: [String: Int]
        init(_ x: Exercise) {
            objectives = Dictionary(x.objectives.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            injects = Dictionary(x.injects.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    private static func missing(_ what: String, after token: Token, _ diagnostics: inout [Diagnostic]) {
        diagnostics.append(Diagnostic(.error, .missingArgument, "expected \(what) after '\(token.text)'",
                                      at: SourceLocation(line: token.line, column: token.column + token.width)))
    }

    /// `objective ID [rating R]` or `expectation INJECT.N [rating R]` (`tokens[0]` is the
    /// keyword): the entry it starts and the index of the token after it; nil when it does not check.
    private static func entryHead(_ tokens: [Token], exercise x: Exercise, _ refs: References, _ diagnostics: inout [Diagnostic])
        -> (EvaluationGuide.Entry, Int)?
    {
        let head = tokens[0]
        var c = Cursor(tokens, from: 1)
        guard let ref = c.next() else {
            missing(head.text == "objective" ? "an objective (O1)" : "an expectation (A04.2)", after: head, &diagnostics)
            return nil
        }
        var subject: EvaluationGuide.Subject?
        if head.text == "objective" {
            if let o = refs.objectives[ref.text] { subject = .objective(o) } else {
                diagnostics.append(.error(.unknownReference, "unknown objective '\(ref.text)'\(Suggestion.closest(to: ref.text, among: x.objectives.map(\.id)).map { "; did you mean '\($0)'?" } ?? "")", at: ref))
            }
        } else {
            let parts = ref.text.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2, let i = refs.injects[String(parts[0])], let n = Int(parts[1]), n >= 1, n <= x.injects[i].expectations.count {
                subject = .expectation(inject: i, number: n)
            } else if parts.count == 2, let i = refs.injects[String(parts[0])] {
                diagnostics.append(.error(.unknownReference, "inject \(x.injects[i].id) has \(x.injects[i].expectations.count) expectation(s); there is no \(ref.text)", at: ref))
            } else if parts.count == 1, let i = refs.injects[ref.text] {
                // An inject alone: name its expectations (the first few), which is what was meant.
                let inject = x.injects[i]
                let own = inject.expectations.indices.prefix(4).map { "\(inject.id).\($0 + 1)" }
                let list = own.isEmpty ? "it has no expectations" : "name one of its expectations (\(own.joined(separator: ", "))\(inject.expectations.count > 4 ? ", …" : ""))"
                diagnostics.append(.error(.unknownReference, "'\(ref.text)' is an inject; \(list)", at: ref))
            } else {
                // A whole ref close to one of the exercise's (A99.1 for A09.1), else an inject close to its first part.
                let all = x.injects.flatMap { inject in inject.expectations.indices.map { "\(inject.id).\($0 + 1)" } }
                let hint = Suggestion.closest(to: ref.text, among: all).map { "; did you mean '\($0)'?" }
                    ?? Suggestion.closest(to: String(parts[0]), among: x.injects.map(\.id)).map { "; did you mean inject '\($0)'?" } ?? ""
                diagnostics.append(.error(.unknownReference, "'\(ref.text)' is not an expectation of this exercise; write INJECT.N (A04.2)\(hint)", at: ref))
            }
        }
        var rating: EvaluationGuide.Rating?
        if let r = c.peek, r.isWord("rating") {
            _ = c.next()
            guard let v = c.next() else { missing("P, S, M or U", after: r, &diagnostics); return nil }
            guard let parsed = EvaluationGuide.Rating(rawValue: v.text.uppercased()), v.isWord else {
                diagnostics.append(.error(.invalidValue, "'\(v.text)' is not a rating; use P (performed without challenges), S (some), M (major) or U (unable)", at: v))
                return nil
            }
            rating = parsed
        }
        guard let subject else { return nil }
        return (EvaluationGuide.Entry(subject: subject, rating: rating), c.index)
    }

    /// The fields of an entry: observation, analysis, recommendation … owner … due …. Stops
    /// at the first mistake (what follows it cannot be read reliably). `seen`: the
    /// observation and analysis given so far, for a second one's error; `head`: the entry's
    /// head as written (`objective O5`); `ratingHere`: `tokens` follow the head's ref with no
    /// rating between, the one place a rating may go.
    private static func fields(_ tokens: ArraySlice<Token>, into entry: inout EvaluationGuide.Entry, seen: inout [String: Token],
                               head: String, ratingHere: Bool, _ diagnostics: inout [Diagnostic]) {
        func error(_ code: Diagnostic.Code, _ message: String, _ token: Token) { diagnostics.append(.error(code, message, at: token)) }
        var c = Cursor(Array(tokens))
        while let k = c.next() {
            switch (k.isWord, k.text) {
            case (true, "observation"), (true, "analysis"):
                guard let t = c.next(), t.kind == .string else {
                    missing("the \(k.text) in double quotes", after: k, &diagnostics)
                    return
                }
                guard !t.text.allSatisfy(\.isWhitespace) else {
                    error(.emptyText, "the \(k.text) is empty; write what was seen, or leave the field out", t)
                    return
                }
                if let first = seen[k.text] {
                    let firstAt = first.line == k.line ? "first at column \(first.column)" : "first on line \(first.line)"
                    error(.duplicateField, "'\(k.text)' given twice for this entry; \(firstAt) (write one \(k.text), or a new entry)", k)
                    return
                }
                seen[k.text] = k
                if k.text == "observation" { entry.observation = t.text } else { entry.analysis = t.text }
            case (true, "recommendation"):
                guard let t = c.next(), t.kind == .string else {
                    missing("the recommendation in double quotes", after: k, &diagnostics)
                    return
                }
                guard !t.text.allSatisfy(\.isWhitespace) else { error(.emptyText, "the recommendation is empty", t); return }
                var r = EvaluationGuide.Recommendation(text: t.text)
                while let w = c.peek, w.isWord("owner") || w.isWord("due") {
                    _ = c.next()
                    guard let v = c.next() else {
                        missing(w.text == "owner" ? "the owner in double quotes" : "a date (2027-01-31)", after: w, &diagnostics)
                        return
                    }
                    guard (w.text == "owner" ? r.owner : r.due) == nil else {
                        error(.duplicateField, "'\(w.text)' given twice for this recommendation", w)
                        return
                    }
                    if w.text == "owner" {
                        guard v.kind == .string else { error(.expectedString, "expected the owner in double quotes, found '\(v.text)'", v); return }
                        guard !v.text.allSatisfy(\.isWhitespace) else { error(.emptyText, "the owner is empty; name who acts, or leave 'owner' out", v); return }
                        r.owner = v.text
                    } else {
                        guard v.isWord, Self.isDate(v.text) else { error(.invalidValue, "'\(v.text)' is not a date; write YYYY-MM-DD (2027-01-31)", v); return }
                        r.due = v.text
                    }
                }
                entry.recommendations.append(r)
            default:
                // A rating goes on the head line, right after the ref: there it is one more field
                // to suggest; anywhere else the message says where it goes (or that it is given).
                let first = ratingHere && c.index == 1
                let goes = "a rating goes on the head line, right after the ref: '\(head) rating P|S|M|U'"
                let near = Suggestion.closest(to: k.text, among: ["rating", "observation", "analysis", "recommendation"])
                if k.isWord("rating") {
                    error(.unknownField, entry.rating == nil ? goes : "'rating' given twice for this entry; an evaluator gives one rating each", k)
                } else if let near, near != "rating" || first {
                    error(.unknownField, "unknown field '\(k.text)'; did you mean '\(near)'?", k)
                } else if near == "rating", entry.rating == nil {
                    error(.unknownField, "unknown field '\(k.text)'; \(goes)", k)
                } else {
                    let list = first ? "use rating, observation, analysis or recommendation"
                        : "use observation, analysis or recommendation\(entry.rating == nil ? " (a rating goes on the head line)" : "")"
                    error(.unknownField, "unknown field '\(k.text)'; \(list)", k)
                }
                return
            }
        }
    }

    /// `YYYY-MM-DD`, a real calendar day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1 else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }
}
