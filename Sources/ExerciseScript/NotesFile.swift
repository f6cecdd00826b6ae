import ExerciseCore

/// Reads the after-action lead's notes file, checked against the exercise with located errors:
///
///     summary "Pacific Shield 26 showed that the services report quickly …"
///     strength "JCDC and USFJ exchanged the INDOPACOM report through the ACM as rehearsed."
///     improvement "Isolating a closed-network gateway waited three hours for authority."
///     drop strength "ASDF Air Communications"        # a generated one, by the start of its sentence
///     drop improvement "GSDF Cyber Protection Unit needed 1h 30m"
///     inject A04 "The DCSync card came before GSDF had read its logs: release it an hour later."
///     plan A04.2 owner "GSDF G6" due 2027-01-31
///
/// One statement per line; `#` starts a comment. Documentation/Reports.md, "The lead's own words".
public enum NotesFile {
    public static func parse(_ source: SourceText, exercise x: Exercise) -> (notes: ReportNotes, diagnostics: [Diagnostic]) {
        let (lines, lexical) = Lexer.lex(source)
        var diagnostics = lexical
        var notes = ReportNotes()
        func error(_ code: Diagnostic.Code, _ message: String, _ token: Token) { diagnostics.append(.error(code, message, at: token)) }
        func missing(_ what: String, after token: Token) {
            diagnostics.append(Diagnostic(.error, .missingArgument, "expected \(what) after '\(token.text)'",
                                          at: SourceLocation(line: token.line, column: token.column + token.width)))
        }
        let injects = Dictionary(x.injects.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var refs = Set(x.objectives.map(\.id))
        for inject in x.injects { for e in inject.expectations { refs.insert("\(inject.id).\(e.number)") } }
        var planLines: [String: Int] = [:]
        // Where each added strength and improvement was first written, by kind and text.
        var addedLines: [String: Int] = [:]
        for line in lines where !line.tokens.isEmpty {
            var c = Cursor(line.tokens)
            let head = c.next()!
            func textToken(after k: Token, _ what: String) -> Token? {
                guard let t = c.next(), t.kind == .string else {
                    missing("the text in double quotes", after: k)
                    return nil
                }
                guard !t.text.allSatisfy(\.isWhitespace) else {
                    error(.emptyText, "the \(what) is empty; write it, or leave the line out", t)
                    return nil
                }
                return t
            }
            func text(after k: Token, _ what: String) -> String? { textToken(after: k, what)?.text }
            // The same strength or improvement twice would print twice in the report.
            func added(_ kind: String, _ list: inout [String]) {
                guard let t = textToken(after: head, kind) else { return }
                if let first = addedLines[kind + "\u{0}" + t.text] {
                    error(.duplicateDefinition, "the same \(kind) as on line \(first); keep one", t)
                    return
                }
                addedLines[kind + "\u{0}" + t.text] = t.line
                list.append(t.text)
            }
            switch (head.isWord, head.text) {
            case (true, "summary"): if let t = text(after: head, "summary") { notes.summary.append(t) }
            case (true, "strength"): added("strength", &notes.strengths)
            case (true, "improvement"): added("improvement", &notes.improvements)
            case (true, "drop"):
                guard let kind = c.next() else {
                    missing("'strength' or 'improvement'", after: head)
                    continue
                }
                guard kind.isWord("strength") || kind.isWord("improvement") else {
                    if kind.kind == .string {
                        error(.missingArgument, "expected 'strength' or 'improvement' before the sentence: 'drop strength \"…\"'", kind)
                    } else {
                        let hint = Suggestion.closest(to: kind.text, among: ["strength", "improvement"]).map { "; did you mean '\($0)'?" } ?? "; use 'strength' or 'improvement'"
                        error(.invalidValue, "unknown kind '\(kind.text)'\(hint)", kind)
                    }
                    continue
                }
                guard let t = c.next(), t.kind == .string, !t.text.isEmpty else {
                    missing("the start of the generated sentence in double quotes", after: kind)
                    continue
                }
                let located = ReportNotes.Located(text: t.text, line: t.line, column: t.column)
                if kind.text == "strength" { notes.dropStrengths.append(located) } else { notes.dropImprovements.append(located) }
            case (true, "inject"):
                guard let id = c.next() else { missing("an inject id", after: head); continue }
                guard let i = injects[id.text] else {
                    error(.unknownReference, "unknown inject '\(id.text)'\(Suggestion.closest(to: id.text, among: x.injects.map(\.id)).map { "; did you mean '\($0)'?" } ?? "")", id)
                    continue
                }
                if let t = text(after: id, "comment on \(id.text)") { notes.injectComments.append((i, t)) }
            case (true, "plan"):
                guard let ref = c.next() else { missing("a plan row's ref (A04.2, O2)", after: head); continue }
                // An evaluator's recommendation is a row of its own: the ref it is about and its number there (O2-R1).
                let about = Self.recommendationSubject(ref.text) ?? ref.text
                guard refs.contains(about) else {
                    error(.unknownReference, "'\(ref.text)' is no expectation or objective of this exercise\(Suggestion.closest(to: ref.text, among: refs.sorted()).map { "; did you mean '\($0)'?" } ?? "")", ref)
                    continue
                }
                var owner: String?, due: String?
                var bad = false
                if let first = planLines[ref.text] {
                    error(.duplicateDefinition, "a second 'plan' line for '\(ref.text)' (the first is at line \(first)); give its owner and due date on one line", ref)
                    continue
                }
                planLines[ref.text] = ref.line
                while let w = c.next() {
                    guard w.isWord("owner") || w.isWord("due") else {
                        error(.unexpectedArgument, "unexpected '\(w.text)'; a plan line takes 'owner \"…\"' and 'due YYYY-MM-DD'", w)
                        bad = true
                        break
                    }
                    guard let v = c.next() else { missing(w.text == "owner" ? "the owner in double quotes" : "a date", after: w); bad = true; break }
                    guard (w.text == "owner" ? owner : due) == nil else { error(.duplicateField, "'\(w.text)' given twice on this plan line", w); bad = true; break }
                    if w.text == "owner" {
                        guard v.kind == .string else { error(.expectedString, "expected the owner in double quotes, found '\(v.text)'", v); bad = true; break }
                        guard !v.text.allSatisfy(\.isWhitespace) else { error(.emptyText, "the owner is empty; name who acts, or leave 'owner' out", v); bad = true; break }
                        owner = v.text
                    } else {
                        guard v.isWord, EvaluationFile.isDate(v.text) else { error(.invalidValue, "'\(v.text)' is not a date; write YYYY-MM-DD (2027-01-31)", v); bad = true; break }
                        due = v.text
                    }
                }
                if !bad, owner == nil, due == nil {
                    diagnostics.append(Diagnostic(.error, .missingArgument, "a plan line gives an owner, a due date or both: 'plan \(ref.text) owner \"…\" due YYYY-MM-DD'",
                                                  at: SourceLocation(line: ref.line, column: ref.column + ref.width)))
                    bad = true
                }
                if !bad { notes.plan[ref.text] = (owner, due, ref.line, ref.column) }
                continue
            default:
                let known = ["summary", "strength", "improvement", "drop", "inject", "plan"]
                let hint = Suggestion.closest(to: head.text, among: known).map { "; did you mean '\($0)'?" } ?? "; use \(known.joined(separator: ", "))"
                error(.unknownStatement, "unknown statement '\(head.text)'\(hint)", head)
                continue
            }
            if let extra = c.next() { error(.unexpectedArgument, "unexpected '\(extra.text)' at the end of the line", extra) }
        }
        return (notes, diagnostics.sortedByLocation())
    }

    /// What a recommendation's plan ref is about: `O2` for `O2-R1`, `A04.2` for `A04.2-R3`;
    /// nil when the ref is not a recommendation's.
    static func recommendationSubject(_ ref: String) -> String? {
        let parts = ref.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 2, let last = parts.last, last.first == "R", let n = Int(last.dropFirst()), n >= 1,
              last.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return parts.dropLast().joined(separator: "-")
    }
}
