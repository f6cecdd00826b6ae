import ExerciseCore

/// A plain-text table with columns aligned by display columns (a Japanese title takes two
/// per character; see `TerminalText.columns`), for terminal output.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Spaces before each line.
    var indent = 2
    /// The columns that may wrap inside their cell when the table is narrowed (free text:
    /// titles, names, effects). nil: every left-aligned column but the first, which names
    /// the row. Ids and numbers are never cut.
    var wrapping: Set<Int>?

    /// Shorter headers to try before falling back to one record per row (a table of numbers
    /// that is too wide only for its headers' sake); a legend line says what each stands for.
    var short: [String]?

    init(_ headers: [String], alignments: [Alignment]? = nil, wrapping: Set<Int>? = nil) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
        self.wrapping = wrapping
    }

    mutating func add(_ row: [String]) {
        rows.append(row + Array(repeating: "", count: max(0, headers.count - row.count)))
    }

    private static let gap = 2

    /// The table, fitted to `width` columns when given: free-text columns wrap at word
    /// boundaries inside their cells (never cutting a word) until the table fits; a table
    /// that cannot fit so is laid out one record per row, `header: value`, instead. nil:
    /// one line per row, as wide as it takes.
    func render(width: Int? = nil) -> String {
        if let width, let short, short != headers, narrowedWidths(width) == nil {
            var brief = self
            brief.headers = short
            brief.short = nil
            if let widths = brief.narrowedWidths(width) {
                let legend = zip(short, headers).filter { $0 != $1 && !$0.isEmpty }.map { "\($0) = \($1)" }.joined(separator: ", ")
                let text = brief.lines(widths, wrapped: true)
                return text + TerminalText.wrap("(\(legend))", width: max(1, width - indent)).map { String(repeating: " ", count: indent) + $0 + "\n" }.joined()
            }
        }
        guard let width else { return lines(naturalWidths, wrapped: false) }
        if total(naturalWidths) <= width { return lines(naturalWidths, wrapped: false) }
        if let narrowed = narrowedWidths(width) { return lines(narrowed, wrapped: true) }
        return records(width: width)
    }

    /// Each column as wide as its widest cell or header.
    private var naturalWidths: [Int] {
        var widths = headers.map(TerminalText.columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], TerminalText.columns(cell))
            }
        }
        return widths
    }

    /// The column widths that fit `width` with free-text cells wrapped, or nil when none do.
    private func narrowedWidths(_ width: Int) -> [Int]? {
        let widths = naturalWidths
        if total(widths) <= width { return widths }
        let free = wrapping ?? Set(alignments.indices.filter { $0 > 0 && alignments[$0] == .left })
        // A wrapped cell is at least as wide as its longest word; a column kept whole is as
        // wide as its widest cell, its header wrapping over two lines if it must.
        var least = widths
        for i in widths.indices {
            let cells = rows.map { i < $0.count ? $0[i] : "" }
            let body = free.contains(i) ? cells.map(Self.longestWord).max() ?? 0 : cells.map(TerminalText.columns).max() ?? 0
            least[i] = max(body, Self.longestWord(headers[i]))
        }
        var narrowed = widths
        while total(narrowed) > width {
            guard let i = narrowed.indices.filter({ narrowed[$0] > least[$0] })
                .max(by: { narrowed[$0] < narrowed[$1] }) else { break }
            narrowed[i] -= 1
        }
        return total(narrowed) <= width ? narrowed : nil
    }

    private func total(_ widths: [Int]) -> Int { indent + widths.reduce(0, +) + Self.gap * max(0, widths.count - 1) }

    private static func longestWord(_ text: String) -> Int { TerminalText.longestWord(text) }

    private func lines(_ widths: [Int], wrapped: Bool) -> String {
        let pad = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            // Each cell as the lines it wraps to; the row is as tall as its tallest cell.
            let stacks = cells.prefix(widths.count).enumerated().map { i, cell -> [String] in
                guard wrapped, TerminalText.columns(cell) > widths[i] else { return [cell] }
                return TerminalText.wrap(cell, width: widths[i])
            }
            let height = stacks.map(\.count).max() ?? 1
            var out = ""
            for k in 0..<height {
                var parts: [String] = []
                for (i, stack) in stacks.enumerated() {
                    let cell = k < stack.count ? stack[k] : ""
                    let gap = String(repeating: " ", count: max(0, widths[i] - TerminalText.columns(cell)))
                    let isLast = i == widths.count - 1
                    parts.append(alignments[i] == .right ? gap + cell : (isLast ? cell : cell + gap))
                }
                var text = pad + parts.joined(separator: "  ")
                // A continuation line whose last cells are empty ends at its text.
                if k > 0 { while text.last == " " { text.removeLast() } }
                out += text + "\n"
            }
            return out
        }
        var out = line(headers)
        out += pad + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) }
        return out
    }

    /// One block per row, each cell on its own `header: value` line with the values
    /// aligned and wrapped: for a terminal too narrow for the table's columns side by side.
    private func records(width: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let label = headers.map(TerminalText.columns).max() ?? 0
        let valueWidth = max(1, width - indent - label - 2)
        var out = ""
        for (r, row) in rows.enumerated() {
            // A row with nothing in its first cell continues the record before it.
            if r > 0, !row[0].isEmpty { out += "\n" }
            for (i, header) in headers.enumerated() where i < row.count && !row[i].isEmpty {
                // A column with no header names the record: its value is the record's title.
                if header.isEmpty {
                    out += TerminalText.wrap(row[i], width: max(1, width - indent)).map { pad + $0 + "\n" }.joined()
                    continue
                }
                let name = TerminalText.padded(header.isEmpty ? "" : header + ":", to: label + 1)
                for (k, piece) in TerminalText.wrap(row[i], width: valueWidth).enumerated() {
                    out += pad + (k == 0 ? name : String(repeating: " ", count: label + 1)) + " " + piece + "\n"
                }
            }
        }
        return out
    }
}
