import ExerciseCore

/// The canonical layout of an exercise file.
///
/// It rewrites whitespace only: statements at column 1, their fields indented two
/// spaces, one space between words, two before a trailing comment, strings re-quoted
/// with canonical escapes, at most one blank line in a row, and a blank line around
/// every statement that has fields. Because the tokens themselves never change,
/// `parse(format(x)) == parse(x)` holds by construction and comments survive;
/// `format(format(x)) == format(x)` because every rule only adds what is missing.
public enum ExerciseFormatter {
    /// Formats the file; returns nil when it has a lexical error (see `Diagnostic.Code.blocksFormatting`).
    public static func format(_ source: SourceText) -> String? {
        let (file, diagnostics) = StatementParser.parse(source)
        guard !diagnostics.contains(where: \.code.blocksFormatting) else { return nil }
        return format(file)
    }

    public static func format(_ file: SyntaxFile) -> String {
        let lines = file.lines
        // Which statement heads have fields below them.
        var headHasBody = [Bool](repeating: false, count: lines.count)
        var currentHead: Int?
        for (i, line) in lines.enumerated() where !line.tokens.isEmpty {
            if line.indented {
                if let h = currentHead { headHasBody[h] = true }
            } else {
                currentHead = i
            }
        }
        // Unindented comment lines directly above a head travel with it.
        var leadsHead = [Bool](repeating: false, count: lines.count)
        var i = lines.count - 1
        while i >= 0 {
            if !lines[i].tokens.isEmpty, !lines[i].indented {
                var j = i - 1
                while j >= 0, lines[j].isCommentOnly, !lines[j].indented {
                    leadsHead[j] = true
                    j -= 1
                }
                i = j
            } else {
                i -= 1
            }
        }

        var out: [String] = []
        var pendingBlank = false
        var previousHeadHadBody = false
        var seenHead = false
        var inLead = false  // inside a comment group leading a head: the blank goes before it
        for (index, line) in lines.enumerated() {
            if line.isBlank {
                pendingBlank = !out.isEmpty
                continue
            }
            let isHead = !line.tokens.isEmpty && !line.indented
            let startsGroup = (isHead && !inLead) || (leadsHead[index] && !inLead)
            if startsGroup {
                // The head this group belongs to.
                var h = index
                while h < lines.count, !((!lines[h].tokens.isEmpty) && !lines[h].indented) { h += 1 }
                let thisHasBody = h < lines.count && headHasBody[h]
                if seenHead && (previousHeadHadBody || thisHasBody) { pendingBlank = true }
            }
            if pendingBlank, !out.isEmpty { out.append("") }
            pendingBlank = false
            inLead = leadsHead[index]
            if isHead {
                seenHead = true
                previousHeadHadBody = headHasBody[index]
                inLead = false
            }
            out.append(render(line))
        }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    static func render(_ line: SyntaxLine) -> String {
        var text = line.indented ? "  " : ""
        for (n, token) in line.tokens.enumerated() {
            if n > 0 { text += " " }
            text += token.kind == .string ? quoted(token.text) : token.text
        }
        if let comment = line.comment {
            if !line.tokens.isEmpty { text += "  " }
            text += "#" + trimTrailing(comment)
        }
        return text
    }

    /// A string literal with the language's escapes.
    public static func quoted(_ value: String) -> String { quotedLiteral(value) }

    static func trimTrailing(_ s: String) -> String {
        var sub = Substring(s)
        while let last = sub.last, last == " " || last == "\t" { sub = sub.dropLast() }
        return String(sub)
    }
}
