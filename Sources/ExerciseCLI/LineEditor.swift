import ExerciseCore

/// The console's line editor as a pure state machine: bytes typed at a terminal in, the
/// line being edited (`buffer`, `cursor`) and what to write back out. It does no I/O, so
/// the blocking console and the seat server's poll loop feed it alike, and tests drive it
/// key by key. `TerminalLineReader` is the thin termios layer around it.
///
/// The cursor moves by grapheme cluster (a Japanese character with its marks, an emoji with
/// its joiners is one step) and the line is redrawn by display columns, over as many
/// terminal rows as it takes when it is longer than the window.
struct LineEditor {
    /// How a line ended.
    enum Ending: Equatable {
        /// Enter: the line typed.
        case submitted(String)
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Ctrl-C on an empty line (on a non-empty one it only clears the line).
        case interrupted
    }

    /// What one byte did: what to write to the terminal, and whether the line ended.
    struct Output: Equatable {
        var text = ""
        var ending: Ending?
    }

    private(set) var prompt = ""
    private(set) var buffer: [Character] = []
    /// Where the cursor is, in grapheme clusters from the start of `buffer`.
    private(set) var cursor = 0
    /// The terminal's width in columns; 0 when unknown (nothing wraps).
    var width = 0
    /// Earlier lines, oldest first (Up recalls the newest).
    private(set) var history: [String] = []
    /// How many lines `history` keeps.
    var historyLimit = 1000
    /// Completes the word before the cursor: given the text before the cursor, the words
    /// the last word may become.
    var completion: (String) -> [String] = { _ in [] }

    private var historyIndex: Int?
    private var draft: [Character] = []
    /// An escape sequence being read (after ESC), or nil.
    private var escape: [UInt8]?
    /// The bytes of a UTF-8 character being read.
    private var pendingUTF8: [UInt8] = []
    private var lastWasTab = false
    private var lastWasCarriageReturn = false
    /// The terminal row of the cursor, counted from the prompt's first row, as last drawn.
    private var cursorRow = 0

    /// The line as it stands.
    var line: String { String(buffer) }

    init(history: [String] = []) {
        self.history = history
    }

    // MARK: Lines

    /// Starts a new line after `prompt`, holding `text` (a line to correct) with the
    /// cursor at its end; returns what to write.
    mutating func begin(prompt: String, text: String = "") -> String {
        self.prompt = prompt
        buffer = Array(text)
        cursor = buffer.count
        historyIndex = nil
        draft = []
        escape = nil
        pendingUTF8 = []
        lastWasTab = false
        cursorRow = 0
        return render(fromTop: true)
    }

    /// Draws the prompt and the line again on a fresh row (after other output), keeping the
    /// line and the cursor; returns what to write.
    mutating func redraw(prompt: String) -> String {
        self.prompt = prompt
        cursorRow = 0
        return render(fromTop: true)
    }

    /// Adds a line to the history (not a blank one, nor the newest again), keeping the last
    /// `historyLimit`.
    mutating func remember(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace), history.last != line else { return }
        history.append(line)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
    }

    /// Feeds bytes one after another until a line ends; what was written, and the rest of
    /// the bytes not fed. For tests and for a chunk read at once.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> (output: Output, rest: [UInt8]) {
        var all = Output()
        var rest = Array(bytes)[...]
        while let b = rest.popFirst() {
            let out = feed(b)
            all.text += out.text
            if let ending = out.ending {
                all.ending = ending
                break
            }
        }
        return (all, Array(rest))
    }

    /// Feeds one byte typed at the terminal.
    mutating func feed(_ byte: UInt8) -> Output {
        let wasCarriageReturn = lastWasCarriageReturn
        lastWasCarriageReturn = false
        if escape != nil { return escapeByte(byte) }
        if !pendingUTF8.isEmpty || byte >= 0x80 { return utf8Byte(byte) }
        let wasTab = lastWasTab
        lastWasTab = false
        switch byte {
        case 0x1B: escape = []; lastWasTab = wasTab; return Output()
        case 0x0D:
            lastWasCarriageReturn = true
            return submit()
        case 0x0A:
            // CR LF (a paste, a terminal sending both) is one Enter.
            return wasCarriageReturn ? Output() : submit()
        case 0x01: return move(to: 0)
        case 0x05: return move(to: buffer.count)
        case 0x02: return move(to: cursor - 1)
        case 0x06: return move(to: cursor + 1)
        case 0x0B: return edit { $0.buffer.removeSubrange($0.cursor...) }
        case 0x15: return edit { $0.buffer.removeSubrange(..<$0.cursor); $0.cursor = 0 }
        case 0x17: return deleteWordBackward()
        case 0x7F, 0x08: return edit { e in
                guard e.cursor > 0 else { return }
                e.buffer.remove(at: e.cursor - 1)
                e.cursor -= 1
            }
        case 0x04:
            if buffer.isEmpty { return Output(text: "\r\n", ending: .endOfInput) }
            return deleteForward()
        case 0x03:
            if buffer.isEmpty { return Output(text: toEnd() + "^C\r\n", ending: .interrupted) }
            // Ctrl-C on a line being typed abandons the line, as in a shell.
            let out = toEnd() + "^C\r\n"
            buffer = []
            cursor = 0
            historyIndex = nil
            cursorRow = 0
            return Output(text: out + render(fromTop: true))
        case 0x0C:
            cursorRow = 0
            return Output(text: "\u{1B}[H\u{1B}[2J" + render(fromTop: true))
        case 0x10: return recall(-1)
        case 0x0E: return recall(+1)
        case 0x09:
            lastWasTab = true
            return complete(listing: wasTab)
        case 0x20...0x7E: return insert(Unicode.Scalar(byte))
        default: return Output()  // other control characters do nothing
        }
    }

    // MARK: Keys

    private mutating func escapeByte(_ byte: UInt8) -> Output {
        guard var seq = escape else { return Output() }
        seq.append(byte)
        escape = seq
        switch seq[0] {
        case UInt8(ascii: "["):
            // CSI: parameters and intermediates (0x20–0x3F), then a final byte (0x40–0x7E).
            guard seq.count > 1, (0x40...0x7E).contains(byte) else {
                if seq.count > 16 { escape = nil }  // not a sequence we know: drop it
                return Output()
            }
            escape = nil
            let parameters = String(decoding: seq[1..<(seq.count - 1)], as: UTF8.self).split(separator: ";").map { Int($0) ?? 0 }
            let modified = parameters.count > 1 && parameters[1] > 1
            switch byte {
            case UInt8(ascii: "A"): return recall(-1)
            case UInt8(ascii: "B"): return recall(+1)
            case UInt8(ascii: "C"): return modified ? move(to: wordEnd()) : move(to: cursor + 1)
            case UInt8(ascii: "D"): return modified ? move(to: wordStart()) : move(to: cursor - 1)
            case UInt8(ascii: "H"): return move(to: 0)
            case UInt8(ascii: "F"): return move(to: buffer.count)
            case UInt8(ascii: "~"):
                switch parameters.first ?? 0 {
                case 1, 7: return move(to: 0)
                case 4, 8: return move(to: buffer.count)
                case 3: return deleteForward()
                default: return Output()  // Insert, Page Up/Down, function keys, paste brackets
                }
            default: return Output()
            }
        case UInt8(ascii: "O"):
            guard seq.count == 2 else { return Output() }
            escape = nil
            switch byte {
            case UInt8(ascii: "A"): return recall(-1)
            case UInt8(ascii: "B"): return recall(+1)
            case UInt8(ascii: "C"): return move(to: cursor + 1)
            case UInt8(ascii: "D"): return move(to: cursor - 1)
            case UInt8(ascii: "H"): return move(to: 0)
            case UInt8(ascii: "F"): return move(to: buffer.count)
            default: return Output()
            }
        default:
            // Alt (Meta) with a key: word motions; anything else is dropped.
            escape = nil
            switch byte {
            case UInt8(ascii: "b"): return move(to: wordStart())
            case UInt8(ascii: "f"): return move(to: wordEnd())
            case 0x7F, 0x08: return deleteWordBackward()
            case 0x1B: escape = []; return Output()
            default: return Output()
            }
        }
    }

    private mutating func utf8Byte(_ byte: UInt8) -> Output {
        pendingUTF8.append(byte)
        let lead = pendingUTF8[0]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        // A stray continuation byte, or a lead byte cut short by another: drop what is broken.
        if length == 1 || (pendingUTF8.count > 1 && byte & 0xC0 != 0x80) {
            pendingUTF8 = []
            return byte >= 0x80 && byte & 0xC0 != 0x80 ? utf8Byte(byte) : (byte < 0x80 ? feed(byte) : Output())
        }
        guard pendingUTF8.count == length else { return Output() }
        defer { pendingUTF8 = [] }
        var decoder = UTF8()
        var iterator = pendingUTF8.makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return Output() }
        return insert(scalar)
    }

    private mutating func insert(_ scalar: Unicode.Scalar) -> Output {
        // Typing at the end of the line, within its row: write the character alone, as a
        // terminal's own echo would (no redraw, the prompt is not written again).
        if cursor == buffer.count {
            let before = buffer.count
            var text = line
            text.unicodeScalars.append(scalar)
            let grown = Array(text)
            if grown.count == before + 1 {
                let row = position(upTo: before).row
                buffer = grown
                cursor = buffer.count
                let end = position(upTo: cursor)
                if end.row == row, end.column > 0 {
                    return Output(text: String(grown[before]))
                }
                return Output(text: render(fromTop: false))
            }
        }
        return edit { e in
            // Rebuilt as text, so that a combining mark joins the character before it.
            var before = String(e.buffer[..<e.cursor])
            before.unicodeScalars.append(scalar)
            let after = String(e.buffer[e.cursor...])
            e.buffer = Array(before + after)
            e.cursor = min(e.buffer.count, before.count)
        }
    }

    private mutating func deleteForward() -> Output {
        edit { e in if e.cursor < e.buffer.count { e.buffer.remove(at: e.cursor) } }
    }

    private mutating func deleteWordBackward() -> Output {
        edit { e in
            let start = e.wordStart()
            e.buffer.removeSubrange(start..<e.cursor)
            e.cursor = start
        }
    }

    /// The start of the word before the cursor (past the blanks just before it).
    private func wordStart() -> Int {
        var i = cursor
        while i > 0, buffer[i - 1] == " " { i -= 1 }
        while i > 0, buffer[i - 1] != " " { i -= 1 }
        return i
    }

    private func wordEnd() -> Int {
        var i = cursor
        while i < buffer.count, buffer[i] == " " { i += 1 }
        while i < buffer.count, buffer[i] != " " { i += 1 }
        return i
    }

    private mutating func move(to position: Int) -> Output {
        let target = min(max(0, position), buffer.count)
        guard target != cursor else { return Output() }
        cursor = target
        return Output(text: render(fromTop: false))
    }

    private mutating func edit(_ change: (inout LineEditor) -> Void) -> Output {
        let before = (buffer, cursor)
        change(&self)
        guard buffer != before.0 || cursor != before.1 else { return Output() }
        return Output(text: render(fromTop: false))
    }

    /// Up (-1) or Down (+1) through the history; past the newest is the line being typed.
    private mutating func recall(_ step: Int) -> Output {
        guard !history.isEmpty else { return Output() }
        let next: Int?
        switch (historyIndex, step < 0) {
        case (nil, true): next = history.count - 1
        case (nil, false): return Output()
        case (let i?, true): next = max(0, i - 1)
        case (let i?, false): next = i + 1 < history.count ? i + 1 : nil
        }
        if historyIndex == nil { draft = buffer }
        historyIndex = next
        buffer = next.map { Array(history[$0]) } ?? draft
        cursor = buffer.count
        return Output(text: render(fromTop: false))
    }

    private mutating func submit() -> Output {
        let out = toEnd() + "\r\n"
        let text = line
        // The next line starts empty (`redraw` after a submitted line draws a bare prompt).
        buffer = []
        cursor = 0
        historyIndex = nil
        cursorRow = 0
        return Output(text: out, ending: .submitted(text))
    }

    private mutating func complete(listing: Bool) -> Output {
        let start = wordStart(), word = String(buffer[start..<cursor])
        // The word being completed: what follows the last blank before the cursor.
        let typed = cursor > 0 && buffer[cursor - 1] == " " ? "" : word
        let from = typed.isEmpty ? cursor : start
        let candidates = completion(String(buffer[..<cursor]))
        guard !candidates.isEmpty else { return Output(text: "\u{07}") }
        func replace(_ with: String, finished: Bool) -> Output {
            var replacement = Array(with)
            if finished, cursor == buffer.count || buffer[cursor] != " " { replacement.append(" ") }
            buffer.replaceSubrange(from..<cursor, with: replacement)
            cursor = from + replacement.count
            return Output(text: render(fromTop: false))
        }
        if candidates.count == 1 { return replace(candidates[0], finished: true) }
        let common = Self.commonPrefix(candidates)
        if common.count > typed.count { return replace(common, finished: false) }
        guard listing else { return Output(text: "\u{07}") }
        // A second Tab lists the candidates under the line, then draws the line again.
        var out = toEnd() + "\r\n"
        out += Self.columnsText(candidates, width: width > 0 ? width : 80)
        cursorRow = 0
        out += render(fromTop: true)
        return Output(text: out)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let chars = Array(w)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }

    /// Words laid out in columns across `width`, row by row.
    static func columnsText(_ words: [String], width: Int) -> String {
        let cell = (words.map(TerminalText.columns).max() ?? 0) + 2
        let perRow = max(1, width / max(1, cell))
        var out = ""
        for (k, w) in words.enumerated() {
            let last = k % perRow == perRow - 1 || k == words.count - 1
            out += last ? w + "\r\n" : TerminalText.padded(w, to: cell)
        }
        return out
    }

    // MARK: Drawing

    /// Where the cell after `count` characters of prompt and buffer falls: (row, column).
    private func position(upTo count: Int) -> (row: Int, column: Int) {
        let limit = width > 0 ? width : Int.max
        var row = 0, column = 0
        func place(_ c: Character) {
            let w = TerminalText.columns(c)
            if column + w > limit {
                row += 1
                column = 0
            }
            column += w
        }
        for c in prompt { place(c) }
        for c in buffer.prefix(count) { place(c) }
        if column >= limit {
            row += 1
            column = 0
        } else if count < buffer.count, column + TerminalText.columns(buffer[count]) > limit {
            // A wide character that does not fit at the row's end is drawn on the next.
            row += 1
            column = 0
        }
        return (row, column)
    }

    /// Moves the terminal cursor from where it is to the end of the line.
    private mutating func toEnd() -> String {
        let end = position(upTo: buffer.count)
        let down = end.row - cursorRow
        cursorRow = end.row
        return (down > 0 ? "\u{1B}[\(down)B" : "") + "\r" + (end.column > 0 ? "\u{1B}[\(end.column)C" : "")
    }

    /// Draws the prompt and the line again and puts the cursor at its place. `fromTop`:
    /// the terminal cursor is already at the start of the prompt's row.
    private mutating func render(fromTop: Bool) -> String {
        var out = ""
        if !fromTop, cursorRow > 0 { out += "\u{1B}[\(cursorRow)A" }
        out += "\r\u{1B}[J" + prompt + line
        let end = position(upTo: buffer.count)
        // At a row's very end the terminal holds the cursor on the last cell; a line feed
        // puts it where the arithmetic says (the start of the next row).
        if width > 0, end.column == 0, end.row > 0 { out += "\r\n" }
        let target = position(upTo: cursor)
        if end.row > target.row { out += "\u{1B}[\(end.row - target.row)A" }
        out += "\r"
        if target.column > 0 { out += "\u{1B}[\(target.column)C" }
        cursorRow = target.row
        return out
    }
}
