import Foundation

/// How wide the output is: the terminal's window when standard output is one (asked with
/// TIOCGWINSZ, so it follows a resized window), else `$COLUMNS` when set to a number, else
/// unbounded (nil) — a pipe or a file gets one line per row, as it always did.
enum TerminalSize {
    /// A width below this is taken for a mistake (a window being dragged, COLUMNS=1).
    static let narrowest = 20

    static func outputWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if isatty(1) == 1, let columns = windowColumns(of: 1) { return columns }
        return columns(fromEnvironment: environment["COLUMNS"])
    }

    /// The window's columns of the terminal `fd`, or nil when it does not say (0).
    static func windowColumns(of fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return max(narrowest, Int(size.ws_col))
    }

    /// `$COLUMNS` as a width: a positive decimal number (surrounding blanks allowed), else nil.
    static func columns(fromEnvironment value: String?) -> Int? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              text.count <= 6, let n = Int(text), n > 0 else { return nil }
        return max(narrowest, n)
    }
}
