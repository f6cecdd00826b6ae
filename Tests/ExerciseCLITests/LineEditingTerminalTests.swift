import ExerciseCore
import Foundation
import Testing

/// `cdx` on a pseudo-terminal of a given window size, whose terminal settings the test can
/// read before, during and after the run (it keeps the terminal's own side open).
final class SizedTerminal {
    let process = Process()
    let master: Int32
    let slave: Int32
    /// The settings the terminal had before cdx started.
    private(set) var initial = termios()
    private var bytes: [UInt8] = []
    /// Where the last match ended, in bytes: the next wait looks after it.
    private var consumed = 0

    init(_ arguments: [String], columns: UInt16 = 100, rows: UInt16 = 30) throws {
        (master, slave) = try PseudoTerminal.open()
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0, tcgetattr(slave, &initial) == 0 else {
            throw Repository.Failure("cannot set up the pseudo-terminal")
        }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        // The width must come from the window (TIOCGWINSZ), not from the environment.
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = nil
        environment["TERM"] = "xterm-256color"
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
        close(slave)
    }

    var screen: String { String(decoding: bytes, as: UTF8.self) }

    /// Reads what is there within `milliseconds`; false when nothing came.
    @discardableResult
    private func readSome(_ milliseconds: Int32) -> Bool {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, milliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        bytes += buffer[0..<n]
        return true
    }

    /// Reads until `text` appears after the last match (or 20 s pass); returns what came.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let needle = Array(text.utf8)
        while true {
            if let r = bytes[consumed...].firstRange(of: needle) {
                defer { consumed = r.upperBound }
                return String(decoding: bytes[consumed..<r.upperBound], as: UTF8.self)
            }
            guard Date() < deadline else { break }
            readSome(100)
        }
        throw Repository.Failure("timed out waiting for '\(text)'; screen since the last match:\n\(String(decoding: bytes[consumed...], as: UTF8.self))")
    }

    func send(_ keys: String) {
        let data = Array(keys.utf8)
        _ = data.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// The terminal's settings now.
    func settings() -> termios {
        var t = termios()
        _ = tcgetattr(slave, &t)
        return t
    }

    /// Waits for the process to end, reading all it wrote; its exit status.
    func finish() -> Int32 {
        while process.isRunning { readSome(100) }
        while readSome(50) {}
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func same(_ a: termios, _ b: termios) -> Bool {
        var a = a, b = b
        return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag && a.c_lflag == b.c_lflag
            && withUnsafeBytes(of: &a.c_cc) { Array($0) } == withUnsafeBytes(of: &b.c_cc) { Array($0) }
    }
}

@Suite("The console edits lines on a real terminal", .serialized)
struct LineEditingTerminalTests {
    static let left = "\u{1B}[D", up = "\u{1B}[A"

    @Test("a typo fixed with Left and Backspace, Up recalls, Tab completes, 'edit' corrects; the journal has the corrected lines, and resume recalls them")
    func editing() throws {
        let scratch = try Scratch()
        let journal = scratch.path("edited.jsonl")
        let run = try SizedTerminal(["run", "Exercises/pacific-shield.exercise", "--journal", journal])
        try run.waitFor("turn 1/48> ")
        // While lines are edited the terminal is raw: no echo, no line discipline.
        let raw = run.settings()
        #expect(raw.c_lflag & tcflag_t(ECHO | ICANON | ISIG) == 0)

        run.send("jcdc detect js-xws" + Self.left + Self.left + "\u{7F}" + "\r")
        try run.waitFor("✓ jcdc detect js-ws")
        try run.waitFor("turn 1/48> ")
        run.send(Self.up)
        try run.waitFor("turn 1/48> jcdc detect js-ws")
        run.send("\u{15}jcdc con\t")
        try run.waitFor("turn 1/48> jcdc contain ")
        run.send("js-m\t")
        try run.waitFor("turn 1/48> jcdc contain js-mail ")
        run.send("\r")
        try run.waitFor("✓ jcdc contain js-mail")
        try run.waitFor("turn 1/48> ")
        run.send("edit\r")
        try run.waitFor("withdrew: jcdc contain js-mail")
        try run.waitFor("turn 1/48> jcdc contain js-mail")  // the line is back, to correct
        run.send("\u{17}js-ws\r")
        try run.waitFor("✓ jcdc contain js-ws")
        try run.waitFor("turn 1/48> ")
        run.send("quit\r")
        try run.waitFor("the journal is saved")
        #expect(run.finish() == 0)
        #expect(SizedTerminal.same(run.settings(), run.initial), "quit left the terminal raw")

        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let decisions = lines.filter { $0.contains("\"type\":\"decision\"") }
        #expect(decisions.map { $0.contains("\"line\":\"jcdc detect js-ws\"") } == [true, false, false])
        #expect(decisions[1].contains("\"line\":\"jcdc contain js-mail\""))
        #expect(decisions[2].contains("\"line\":\"jcdc contain js-ws\""))
        #expect(lines.contains { $0.contains("\"type\":\"undo\"") })
        #expect(!lines.contains { $0.contains("js-xws") })

        let history = journal + ".history"
        var info = stat()
        #expect(stat(history, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let kept = try String(contentsOfFile: history, encoding: .utf8)
        #expect(kept == "jcdc detect js-ws\njcdc contain js-mail\nedit\njcdc contain js-ws\nquit\n")

        // After resume, Up recalls the lines of the session before.
        let resume = try SizedTerminal(["resume", journal])
        try resume.waitFor("turn 1/48> ")
        resume.send(Self.up + Self.up)
        try resume.waitFor("turn 1/48> jcdc contain js-ws")
        resume.send("\u{15}quit\r")
        try resume.waitFor("the journal is saved")
        #expect(resume.finish() == 0)
    }

    @Test("Ctrl-C on an empty line, SIGTERM and end of input leave the terminal as they found it")
    func restores() throws {
        let scratch = try Scratch()
        let run = try SizedTerminal(["run", "Exercises/pacific-shield.exercise", "--journal", scratch.path("c.jsonl")])
        try run.waitFor("turn 1/48> ")
        #expect(!SizedTerminal.same(run.settings(), run.initial), "the console did not make the terminal raw")
        run.send("jcdc det\u{03}")  // on a line being typed, Ctrl-C only clears it
        try run.waitFor("^C")
        try run.waitFor("turn 1/48> ")
        #expect(run.process.isRunning)
        run.send("\u{03}")
        try run.waitFor("interrupted: the journal is saved")
        #expect(run.finish() == 130)
        #expect(SizedTerminal.same(run.settings(), run.initial), "Ctrl-C left the terminal raw")

        let term = try SizedTerminal(["resume", scratch.path("c.jsonl")])
        try term.waitFor("turn 1/48> ")
        #expect(!SizedTerminal.same(term.settings(), term.initial))
        kill(term.process.processIdentifier, SIGTERM)
        try term.waitFor("the journal is saved")
        #expect(term.finish() == 128 + SIGTERM)
        #expect(SizedTerminal.same(term.settings(), term.initial), "SIGTERM left the terminal raw")

        let eof = try SizedTerminal(["resume", scratch.path("c.jsonl")])
        try eof.waitFor("turn 1/48> ")
        eof.send("\u{04}")
        try eof.waitFor("end of input")
        #expect(eof.finish() == 0)
        #expect(SizedTerminal.same(eof.settings(), eof.initial), "end of input left the terminal raw")
    }

    @Test("the seat server's console edits lines too, and Ctrl-C stops it with the terminal restored")
    func seatServerConsole() throws {
        let scratch = try Scratch()
        let journal = scratch.path("served.jsonl")
        let run = try SizedTerminal(["run", "Exercises/pacific-shield.exercise", "--journal", journal, "--listen", "127.0.0.1:0"])
        try run.waitFor("turn 1/48> ")
        #expect(run.settings().c_lflag & tcflag_t(ECHO | ICANON) == 0)
        run.send("jcdc detect js-xws" + Self.left + Self.left + "\u{7F}" + "\r")
        try run.waitFor("✓ jcdc detect js-ws")
        try run.waitFor("turn 1/48> ")
        run.send("sea\t")  // the server's own commands complete too
        try run.waitFor("turn 1/48> seats ")
        run.send("\u{15}" + Self.up)
        try run.waitFor("turn 1/48> jcdc detect js-ws")
        run.send("\u{15}edit\r")
        try run.waitFor("withdrew: jcdc detect js-ws")
        try run.waitFor("turn 1/48> jcdc detect js-ws")  // put back to correct
        run.send("\u{17}js-mail\r")
        try run.waitFor("✓ jcdc detect js-mail")
        try run.waitFor("turn 1/48> ")
        run.send("\u{03}")
        try run.waitFor("stopped by a signal: the journal is saved")
        #expect(run.finish() == 0)
        #expect(SizedTerminal.same(run.settings(), run.initial), "the seat server left the terminal raw")
        let kept = try String(contentsOfFile: journal + ".history", encoding: .utf8)
        #expect(kept == "jcdc detect js-ws\nedit\njcdc detect js-mail\n")
        let record = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(record.contains("\"line\":\"jcdc detect js-ws\"") && record.contains("\"line\":\"jcdc detect js-mail\""))
        #expect(record.contains("\"type\":\"undo\""))
    }

    @Test("cdx show fits the window's width, read with TIOCGWINSZ")
    func windowWidth() throws {
        for columns in [60, 200] {
            let show = try SizedTerminal(["show", "Exercises/pacific-shield.exercise"], columns: UInt16(columns))
            #expect(show.finish() == 0)
            let lines = show.screen.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            #expect(lines.contains { $0.contains("Inject timeline (MSEL)") })
            let widest = lines.map { TerminalText.columns($0) }.max() ?? 0
            #expect(widest <= columns)
            if columns == 200 { #expect(widest > 60) }
        }
    }
}
