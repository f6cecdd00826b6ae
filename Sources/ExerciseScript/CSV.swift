/// RFC 4180 comma-separated values, as Excel and LibreOffice write them.
///
/// The writer quotes a field only when it contains the separator, a double quote, CR or
/// LF (doubling the quotes), ends every row with CRLF and can start the file with a UTF-8
/// byte-order mark so Excel opens it as UTF-8. The reader accepts what people's tools
/// save: a BOM, CRLF, LF or CR line ends, quoted fields with separators and line breaks,
/// doubled quotes, blank and ragged rows. It never traps; problems come back with the
/// spreadsheet row and column (both 1-based) they were found at.
public enum CSV {
    /// One record of the file.
    public struct Row: Equatable, Sendable {
        /// The spreadsheet row number (1-based): blank rows count, a line break inside a quoted field does not.
        public var number: Int
        /// The physical line the record starts on (1-based).
        public var line: Int
        public var fields: [String]
        public init(number: Int, line: Int, fields: [String]) {
            self.number = number
            self.line = line
            self.fields = fields
        }
        /// Whether every field is empty or spaces.
        public var isBlank: Bool { fields.allSatisfy { $0.allSatisfy { $0 == " " || $0 == "\t" } } }
    }

    /// Something wrong in the file, at a spreadsheet row and column.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var row: Int
        public var column: Int
        public var message: String
        /// Errors mean the data may be wrong (an unterminated quote swallowed the rest of the file);
        /// warnings mean the reader guessed, the way spreadsheets do.
        public var isError: Bool
        public init(row: Int, column: Int, message: String, isError: Bool) {
            self.row = row
            self.column = column
            self.message = message
            self.isError = isError
        }
        public var description: String { "\(row):\(column): \(isError ? "error" : "warning"): \(message)" }
    }

    public struct Document: Equatable, Sendable {
        public var rows: [Row]
        public var problems: [Problem]
        /// Whether the bytes started with a UTF-8 byte-order mark.
        public var hadBOM: Bool
    }

    // MARK: Writing

    /// One field, quoted when it has to be.
    public static func field(_ value: String, separator: Character = ",") -> String {
        let needsQuotes = value.unicodeScalars.contains { s in
            s == "\"" || s == "\r" || s == "\n" || Character(s) == separator
        }
        guard needsQuotes else { return value }
        var out = "\""
        for s in value.unicodeScalars {
            if s == "\"" { out += "\"\"" } else { out.unicodeScalars.append(s) }
        }
        return out + "\""
    }

    /// The rows as CSV text: CRLF after every row, a BOM first when asked for.
    public static func write(_ rows: [[String]], bom: Bool = false, separator: Character = ",") -> String {
        var out = bom ? "\u{FEFF}" : ""
        for row in rows {
            out += row.map { field($0, separator: separator) }.joined(separator: String(separator))
            out += "\r\n"
        }
        return out
    }

    // MARK: Reading

    public static func read(_ text: String, separator: UInt8 = UInt8(ascii: ",")) -> Document {
        read(bytes: Array(text.utf8), separator: separator)
    }

    /// Parses bytes; invalid UTF-8 in a field becomes U+FFFD and is reported once.
    public static func read(bytes input: [UInt8], separator: UInt8 = UInt8(ascii: ",")) -> Document {
        let quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var start = 0
        let hadBOM = input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF
        if hadBOM { start = 3 }

        var rows: [Row] = []
        var problems: [Problem] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var rowNumber = 1, line = 1, rowLine = 1
        var reportedEncoding = false
        // Whether the current record has any content yet (so "" at end of file is no row).
        var recordStarted = false

        func finishField() {
            if let s = String(validating: field, as: UTF8.self) {
                fields.append(s)
            } else {
                if !reportedEncoding {
                    reportedEncoding = true
                    problems.append(Problem(
                        row: rowNumber, column: fields.count + 1,
                        message: "the file is not UTF-8 text; invalid bytes were replaced with U+FFFD (save it as 'CSV UTF-8')",
                        isError: false))
                }
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
        }
        func finishRow() {
            finishField()
            rows.append(Row(number: rowNumber, line: rowLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
            rowNumber += 1
            recordStarted = false
        }

        var i = start
        let n = input.count
        while i < n {
            let b = input[i]
            if b == quote && field.isEmpty {
                // A quoted field, possibly spanning lines, with "" for a quote.
                let openRow = rowNumber, openColumn = fields.count + 1
                recordStarted = true
                i += 1
                var closed = false
                while i < n {
                    let c = input[i]
                    if c == quote {
                        if i + 1 < n && input[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if c == lf || (c == cr && !(i + 1 < n && input[i + 1] == lf)) { line += 1 }
                    field.append(c)
                    i += 1
                }
                if !closed {
                    problems.append(Problem(
                        row: openRow, column: openColumn,
                        message: "unterminated quoted field: the closing '\"' is missing, so the rest of the file was read into this cell",
                        isError: true))
                    break
                }
                // Text after the closing quote: spreadsheets append it; say so.
                var trailing = false
                while i < n, input[i] != separator, input[i] != cr, input[i] != lf {
                    field.append(input[i])
                    trailing = true
                    i += 1
                }
                if trailing {
                    problems.append(Problem(
                        row: openRow, column: openColumn,
                        message: "text after the closing quote of a quoted field; it was kept as part of the field",
                        isError: false))
                }
                continue
            }
            if b == separator {
                finishField()
                recordStarted = true
                i += 1
                continue
            }
            if b == cr || b == lf {
                i += (b == cr && i + 1 < n && input[i + 1] == lf) ? 2 : 1
                finishRow()
                line += 1
                rowLine = line
                continue
            }
            field.append(b)
            recordStarted = true
            i += 1
        }
        if recordStarted || !field.isEmpty || !fields.isEmpty { finishRow() }
        return Document(rows: rows, problems: problems, hadBOM: hadBOM)
    }

    /// The separator a file most likely uses: ',' unless its first non-blank line has more
    /// ';' or tabs outside quotes (Excel in many European locales saves with ';').
    public static func sniffSeparator(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var inQuotes = false, sawContent = false
        for b in bytes.prefix(65536) {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A || b == 0x0D {
                if sawContent { break }
                continue
            }
            sawContent = true
            if counts[b] != nil { counts[b, default: 0] += 1 }
        }
        let comma = counts[UInt8(ascii: ",")] ?? 0, semi = counts[UInt8(ascii: ";")] ?? 0, tab = counts[0x09] ?? 0
        if semi > comma && semi >= tab { return UInt8(ascii: ";") }
        if tab > comma && tab > semi { return 0x09 }
        return UInt8(ascii: ",")
    }
}
