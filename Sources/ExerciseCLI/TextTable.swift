/// A plain-text table with columns aligned by character count, for terminal output.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Spaces before each line.
    var indent = 2

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    mutating func add(_ row: [String]) {
        rows.append(row + Array(repeating: "", count: max(0, headers.count - row.count)))
    }

    func render() -> String {
        var widths = headers.map(\.unicodeScalars.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.unicodeScalars.count)
            }
        }
        let pad = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() where i < widths.count {
                let gap = String(repeating: " ", count: widths[i] - cell.unicodeScalars.count)
                let isLast = i == widths.count - 1
                parts.append(alignments[i] == .right ? gap + cell : (isLast ? cell : cell + gap))
            }
            return pad + parts.joined(separator: "  ")
        }
        var out = line(headers) + "\n"
        out += pad + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
