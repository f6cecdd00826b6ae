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
/// the same line). Documentation/Reports.md, "Evaluators' observations".
public enum EvaluationFile {
    public static func parse(_ source: SourceText, exercise x: Exercise) -> (guide: EvaluationGuide, diagnostics: [Diagnostic]) {
        let (lines, lexical) = Lexer.lex(source)
        var diagnostics = lexical
        var guide = EvaluationGuide()
        var current: EvaluationGuide.Entry?
        var seen: Set<String> = []
        func flush() {
            if let entry = current { guide.entries.append(entry) }
            current = nil
            seen = []
        }
        func error(_ code: Diagnostic.Code, _ message: String, _ token: Token) { diagnostics.append(.error(code, message, at: token)) }
        func missing(_ what: String, after token: Token) {
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected \(what) after '\(token.text)'",
                                          at: SourceLocation(line: token.line, column: token.column + token.width)))
        }
        let objectives = Dictionary(x.objectives.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let injects = Dictionary(x.injects.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        /// The fields of an entry, from `k` on: observation, analysis, recommendation … owner … due ….
        func fields(_ tokens: ArraySlice<Token>) {
            var c = Cursor(Array(tokens))
            while let k = c.next() {
                guard current != nil else {
                    error(.indentedOutsideStatement, "'\(k.text)' belongs under an 'objective' or 'expectation' line", k)
                    return
                }
                switch (k.isWord, k.text) {
                case (true, "observation"), (true, "analysis"):
                    guard let t = c.next(), t.kind == .string else {
                        missing("the \(k.text) in double quotes", after: k)
                        return
                    }
                    if seen.contains(k.text) {
                        error(.duplicateField, "'\(k.text)' given twice for this entry; write one \(k.text), or a new entry", k)
                        return
                    }
                    seen.insert(k.text)
                    if k.text == "observation" { current!.observation = t.text } else { current!.analysis = t.text }
                case (true, "recommendation"):
                    guard let t = c.next(), t.kind == .string else {
                        missing("the recommendation in double quotes", after: k)
                        return
                    }
                    var r = EvaluationGuide.Recommendation(text: t.text)
                    while let w = c.peek, w.isWord("owner") || w.isWord("due") {
                        _ = c.next()
                        guard let v = c.next() else {
                            missing(w.text == "owner" ? "the owner in double quotes" : "a date (2027-01-31)", after: w)
                            return
                        }
                        if w.text == "owner" {
                            guard v.kind == .string else { error(.expectedString, "expected the owner in double quotes, found '\(v.text)'", v); return }
                            r.owner = v.text
                        } else {
                            guard v.isWord, Self.isDate(v.text) else { error(.invalidValue, "'\(v.text)' is not a date; write YYYY-MM-DD (2027-01-31)", v); return }
                            r.due = v.text
                        }
                    }
                    current!.recommendations.append(r)
                default:
                    let known = ["observation", "analysis", "recommendation"]
                    let hint = Suggestion.closest(to: k.text, among: known).map { "; did you mean '\($0)'?" } ?? "; use observation, analysis or recommendation"
                    error(.unknownField, "unknown field '\(k.text)'\(hint)", k)
                    return
                }
            }
        }

        for line in lines where !line.tokens.isEmpty {
            if line.indented {
                fields(line.tokens[...])
                continue
            }
            flush()
            let head = line.tokens[0]
            var c = Cursor(line.tokens, from: 1)
            switch (head.isWord, head.text) {
            case (true, "evaluator"):
                guard let t = c.next(), t.kind == .string else { missing("the evaluator's name in double quotes", after: head); continue }
                guide.evaluator = t.text
                if let extra = c.next() { error(.unexpectedArgument, "unexpected '\(extra.text)' after the evaluator's name", extra) }
            case (true, "objective"), (true, "expectation"):
                guard let ref = c.next() else {
                    missing(head.text == "objective" ? "an objective (O1)" : "an expectation (A04.2)", after: head)
                    continue
                }
                var subject: EvaluationGuide.Subject?
                if head.text == "objective" {
                    if let o = objectives[ref.text] { subject = .objective(o) } else {
                        error(.unknownReference, "unknown objective '\(ref.text)'\(Suggestion.closest(to: ref.text, among: x.objectives.map(\.id)).map { "; did you mean '\($0)'?" } ?? "")", ref)
                    }
                } else {
                    let parts = ref.text.split(separator: ".", omittingEmptySubsequences: false)
                    if parts.count == 2, let i = injects[String(parts[0])], let n = Int(parts[1]), n >= 1, n <= x.injects[i].expectations.count {
                        subject = .expectation(inject: i, number: n)
                    } else if parts.count == 2, let i = injects[String(parts[0])] {
                        error(.unknownReference, "inject \(x.injects[i].id) has \(x.injects[i].expectations.count) expectation(s); there is no \(ref.text)", ref)
                    } else {
                        let names = x.injects.map(\.id)
                        error(.unknownReference, "'\(ref.text)' is not an expectation of this exercise; write INJECT.N (A04.2)\(Suggestion.closest(to: String(parts[0]), among: names).map { "; did you mean '\($0)…'?" } ?? "")", ref)
                    }
                }
                var rating: EvaluationGuide.Rating?
                if let r = c.peek, r.isWord("rating") {
                    _ = c.next()
                    guard let v = c.next() else { missing("P, S, M or U", after: r); continue }
                    guard let parsed = EvaluationGuide.Rating(rawValue: v.text.uppercased()), v.isWord else {
                        error(.invalidValue, "'\(v.text)' is not a rating; use P (performed without challenges), S (some), M (major) or U (unable)", v)
                        continue
                    }
                    rating = parsed
                }
                guard let subject else { continue }
                current = EvaluationGuide.Entry(subject: subject, rating: rating)
                fields(line.tokens[c.index...])
            default:
                let hint = Suggestion.closest(to: head.text, among: ["evaluator", "objective", "expectation"]).map { "; did you mean '\($0)'?" }
                    ?? "; an EEG holds 'evaluator', 'objective' and 'expectation' lines"
                error(.unknownStatement, "unknown statement '\(head.text)'\(hint)", head)
            }
        }
        flush()
        return (guide, diagnostics.sortedByLocation())
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
