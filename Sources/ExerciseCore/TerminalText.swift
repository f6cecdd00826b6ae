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
