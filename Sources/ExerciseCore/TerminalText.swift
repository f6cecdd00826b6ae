/// Text that quotes what was read — a file's bytes, a journal's strings, arguments, file
/// names — made safe to print: control characters become U+FFFD, so an escape sequence in
/// a tampered journal or exercise cannot redraw a failed check as a passing one. Tabs are
/// kept (a caret line copies them); line feeds only where the text is meant to span lines.
public enum TerminalText {
    public static func printable(_ text: String, keepingLineFeeds: Bool) -> String {
        var out = ""
        for s in text.unicodeScalars {
            let control = (s.value < 0x20 && s != "\t" && !(keepingLineFeeds && s == "\n")) || (0x7F...0x9F).contains(s.value)
            out.unicodeScalars.append(control ? "\u{FFFD}" : s)
        }
        return out
    }
}

// MARK: Display columns

extension TerminalText {
    /// How many terminal columns `text` takes: East Asian Wide and Fullwidth characters
    /// (CJK, kana, hangul, fullwidth forms, CJK punctuation, wide emoji) take 2; combining
    /// marks, zero-width joiners, variation selectors and other format characters 0;
    /// everything else 1. Counted per grapheme cluster, as a terminal draws them.
    public static func columns(_ text: some StringProtocol) -> Int {
        var n = 0
        for c in text { n += columns(c) }
        return n
    }

    /// The columns of one grapheme cluster: 2 when its base is wide or it asks for emoji
    /// presentation (U+FE0F) or it is a flag (a pair of regional indicators); 0 when it is
    /// only marks; else 1.
    public static func columns(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x7F { return first.value < 0x20 ? 0 : 1 }
        var widest = 0
        for s in scalars {
            if s.value == 0xFE0F || (0x1F1E6...0x1F1FF).contains(s.value) { return 2 }
            widest = max(widest, columns(scalar: s))
        }
        return widest
    }

    static func columns(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Width W or F, from the Unicode Character Database's EastAsianWidth.txt
    /// (Unicode 15.1), by block where whole blocks are wide and by the listed ranges of
    /// emoji with default emoji presentation. Ambiguous (A) characters count as narrow, as
    /// terminals outside East Asian locales draw them (─, →, —).
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        for range in wideRanges where range.contains(v) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initial consonants
        0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693,
        0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE,
        0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA,
        0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
        0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797, 0x27B0...0x27B0,
        0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,  // emoji presentation
        0x2E80...0x303E,  // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // hiragana, katakana, bopomofo, hangul compatibility jamo, kanbun, CJK strokes, enclosed CJK
        0x3400...0x4DBF,  // CJK unified ideographs extension A
        0x4E00...0x9FFF,  // CJK unified ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo extended A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1AFF0...0x1B2FF,  // Tangut, kana supplement and extensions
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265,
        0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
        0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
        0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC,
        0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
        0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
        0x1FA70...0x1FAFF,  // emoji with default emoji presentation
        0x20000...0x2FFFD, 0x30000...0x3FFFD,  // CJK ideographs, supplementary and tertiary planes
    ]
}

// MARK: Wrapping

extension TerminalText {
    /// Closing punctuation and small kana that may not start a line (Japanese kinsoku shori:
    /// JIS X 4051's line-start prohibited characters), so a line never opens on 。 or 」.
    static let noLineStart: Set<Character> = [
        "、", "。", "，", "．", "・", "：", "；", "？", "！", "ー", "」", "』", "）", "］", "｝", "〉", "》", "】", "〕",
        "〗", "〙", "〛", "〜", "ゝ", "ゞ", "ヽ", "ヾ", "々", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ゎ",
        "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", "ヮ", "ヵ", "ヶ", ")", "]", "}", ",", ".", ";", ":", "!", "?",
    ]
    /// Opening brackets that may not end a line.
    static let noLineEnd: Set<Character> = ["「", "『", "（", "［", "｛", "〈", "《", "【", "〔", "〖", "〘", "〚", "(", "[", "{"]

    /// The pieces of `text` that a line may not break inside (words; single wide
    /// characters with the punctuation that clings to them), each with its columns and
    /// whether a space came before it.
    static func breakUnits(_ text: some StringProtocol) -> [(text: String, columns: Int, spaced: Bool)] {
        var units: [(text: String, columns: Int, spaced: Bool)] = []
        var current = ""
        var currentColumns = 0
        var spaced = false
        var previous: Character?
        func flush() {
            if !current.isEmpty { units.append((current, currentColumns, spaced)) }
            current = ""
            currentColumns = 0
            spaced = false
        }
        for c in text {
            if c == " " || c == "\t" {
                flush()
                spaced = true
                previous = nil
                continue
            }
            let w = columns(c)
            // A break opportunity with no space: either side wide, and neither kinsoku rule against it.
            if let p = previous, !current.isEmpty, (w == 2 || columns(p) == 2),
               !noLineStart.contains(c), !noLineEnd.contains(p) {
                flush()
            }
            current.append(c)
            currentColumns += w
            previous = c
        }
        flush()

        return units
    }

    /// The columns of the widest piece of `text` that wrapping never breaks (a word).
    public static func longestWord(_ text: some StringProtocol) -> Int {
        breakUnits(text).map(\.columns).max() ?? 0
    }

    /// Breaks `text` into lines of at most `width` columns: at spaces (which the break
    /// swallows; runs of spaces print as one), between two wide characters (CJK text has no
    /// spaces), never before closing punctuation or after an opening bracket, and inside a
    /// word only when the word alone is wider than a line. Every line has at least one
    /// character; an empty text is no lines. `firstWidth`: the first line's width, when it
    /// differs (a line that starts after a label).
    public static func wrap(_ text: some StringProtocol, width: Int, firstWidth: Int? = nil) -> [String] {
        let rest = max(1, width)
        let first = max(1, firstWidth ?? width)
        let units = breakUnits(text)
        var lines: [String] = []
        var line = ""
        var lineColumns = 0
        var width: Int { lines.isEmpty ? first : rest }
        for unit in units {
            let gap = unit.spaced && !line.isEmpty ? 1 : 0
            if !line.isEmpty, lineColumns + gap + unit.columns > width {
                lines.append(line)
                line = ""
                lineColumns = 0
            }
            if line.isEmpty, unit.columns > width {
                // A word wider than a line: cut it where it must be cut.
                for c in unit.text {
                    let w = columns(c)
                    if !line.isEmpty, lineColumns + w > width {
                        lines.append(line)
                        line = ""
                        lineColumns = 0
                    }
                    line.append(c)
                    lineColumns += w
                }
                continue
            }
            if !line.isEmpty, gap == 1 {
                line += " "
                lineColumns += 1
            }
            line += unit.text
            lineColumns += unit.columns
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Pads `text` with spaces to `width` columns (nothing when it is as wide already).
    public static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - columns(text)))
    }

    /// Text whose every line fits `width` columns: a longer line is wrapped (see `wrap`),
    /// its continuation lines indented like it plus two spaces. nil leaves the text as it is.
    public static func fitted(_ text: String, width: Int?) -> String {
        guard let width else { return text }
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.offset > 0 { out += "\n" }
            let s = line.element
            guard columns(s) > width else {
                out += s
                continue
            }
            let indent = String(s.prefix { $0 == " " })
            let rest = indent.count + 2 < width / 2 ? indent + "  " : indent
            let pieces = wrap(s.dropFirst(indent.count), width: width - rest.count, firstWidth: width - indent.count)
            for (k, piece) in pieces.enumerated() { out += (k == 0 ? indent : "\n" + rest) + piece }
        }
        return out
    }
}
