import ExerciseCore
import Foundation
import Glibc

/// Standard input in raw mode while the console edits lines: no echo, no line buffering,
/// Ctrl-C as a byte (ISIG off), output still processed (a line feed still returns the
/// carriage). The settings it found are put back by `leave`, and by the console's signal
/// handlers through `restoreFromSignal`, so no exit path leaves the terminal raw.
enum RawTerminal {
    nonisolated(unsafe) static var saved = termios()
    /// 1 while the terminal is raw (read by signal handlers).
    nonisolated(unsafe) static var active: Int32 = 0

    /// Makes standard input raw; false when it cannot (not a terminal).
    static func enter() -> Bool {
        if active != 0 { return true }
        var t = termios()
        guard tcgetattr(0, &t) == 0 else { return false }
        saved = t
        t.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        t.c_cflag |= tcflag_t(CS8)
        t.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(0, TCSANOW, &t) == 0 else { return false }
        active = 1
        return true
    }

    /// Puts the terminal back as it was found.
    static func leave() {
        guard active != 0 else { return }
        _ = tcsetattr(0, TCSANOW, &saved)
        active = 0
    }

    /// `leave` for a signal handler: tcsetattr is async-signal-safe, and nothing else is done.
    static func restoreFromSignal() {
        if active != 0 { _ = tcsetattr(0, TCSANOW, &saved) }
    }
}

/// Reads lines from the terminal through a `LineEditor`: the termios layer around it.
struct TerminalLineReader {
    var editor: LineEditor
    /// Bytes read but not yet fed: what was typed ahead after the line that ended.
    private var pending: [UInt8] = []

    init(editor: LineEditor) {
        self.editor = editor
    }

    /// Reads one line after `prompt`, starting from `text`, writing the editor's output with
    /// `write`. Standard input must be raw (`RawTerminal.enter`). End of input and errors
    /// read as `.endOfInput`.
    mutating func read(prompt: String, text: String = "", write: (String) -> Void) -> LineEditor.Ending {
        editor.width = TerminalSize.windowColumns(of: 1) ?? 0
        write(editor.begin(prompt: prompt, text: text))
        while true {
            if pending.isEmpty {
                var chunk = [UInt8](repeating: 0, count: 1024)
                let n = Glibc.read(0, &chunk, chunk.count)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    write("\r\n")
                    return .endOfInput
                }
                pending = Array(chunk[..<n])
            }
            // Asked again at each key: the window may have been resized.
            editor.width = TerminalSize.windowColumns(of: 1) ?? 0
            let (out, rest) = editor.feed(pending)
            pending = rest
            write(out.text)
            if let ending = out.ending { return ending }
        }
    }
}

/// The console's history of typed lines, kept beside the journal in `JOURNAL.history`
/// (mode 0600: it holds white-cell lines), so Up recalls them after `cdx resume`. It keeps
/// the last `limit` lines, never a line holding a seat code, and a damaged file is
/// ignored with a warning.
enum ConsoleHistory {
    static let limit = 1000

    static func path(forJournal journal: String) -> String { journal + ".history" }

    /// The lines kept in `path` (none when there is no file), or a warning when it is damaged.
    static func load(_ path: String) -> (lines: [String], warning: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], nil) }
        func damaged(_ why: String) -> ([String], String?) {
            ([], "warning: the console history '\(Files.shown(path))' is \(why); it is ignored (Up recalls only this session's lines)\n")
        }
        guard let data = FileManager.default.contents(atPath: path) else { return damaged("unreadable") }
        guard data.count <= 4 << 20 else { return damaged("too large") }
        guard let text = String(validating: data, as: UTF8.self) else { return damaged("not UTF-8 text") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if lines.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } }) {
            return damaged("damaged (it holds control characters)")
        }
        return (Array(lines.suffix(limit)), nil)
    }

    /// Writes `lines` (the last `limit` that may be kept) to `path` with mode 0600, through
    /// a temporary file renamed over it; a message when it could not.
    static func save(_ lines: [String], to path: String) -> String? {
        let kept = lines.filter(mayKeep).suffix(limit)
        let bytes = Array(kept.map { $0 + "\n" }.joined().utf8)
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return "warning: cannot write the console history '\(Files.shown(path))': \(String(cString: strerror(errno)))\n" }
        _ = fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            return "warning: cannot write the console history '\(Files.shown(path))'\n"
        }
        return nil
    }

    /// Whether a line may be kept: not one holding a seat code (20 base-32 characters, as
    /// one word or in groups of five), which must stay in `JOURNAL.seats` alone.
    static func mayKeep(_ line: String) -> Bool {
        let words = line.uppercased().split(separator: " ").map { $0.filter { $0 != "-" } }
        let alphabet = Set(SeatCodes.alphabet.map { Character(Unicode.Scalar($0)) })
        for start in words.indices {
            var run = 0
            for w in words[start...] {
                guard !w.isEmpty, w.allSatisfy(alphabet.contains) else { break }
                run += w.count
                if run >= 20 && w.count % 5 == 0 { return false }
                if w.count % 5 != 0 { break }
            }
        }
        return true
    }
}
