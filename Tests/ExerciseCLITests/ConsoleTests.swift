import Foundation
import Testing

/// A program running on a pseudo-terminal, as a facilitator's terminal would run it.
final class Terminal {
    let process = Process()
    let master: Int32
    private(set) var screen = ""
    /// Where the last match ended: the next wait looks after it.
    private var cursor: String.Index?

    init(_ arguments: [String]) throws {
        let (master, slave) = try PseudoTerminal.open()
        self.master = master
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Reads until `text` appears after the last match (or 20 s pass); returns what came.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let start = cursor ?? screen.startIndex
            if let r = screen[start...].range(of: text) {
                cursor = r.upperBound
                return String(screen[start..<r.upperBound])
            }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&fds, 1, 100) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }
                screen += String(decoding: buffer[0..<n], as: UTF8.self)
            }
        }
        throw Repository.Failure("timed out waiting for '\(text)'; screen since the last match:\n\(screen[(cursor ?? screen.startIndex)...])")
    }

    func type(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func finish() -> Int32 {
        process.waitUntilExit()
        close(master)
        return process.terminationStatus
    }
}

extension Repository {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}

@Suite("The facilitator console in a real terminal", .serialized)
struct ConsoleTests {
    @Test("decisions, a bad line, a rejection, undo, next, quit, then resume and play on")
    func session() throws {
        let scratch = try Scratch()
        let journal = scratch.path("console.jsonl")
        let run = try Terminal(["run", "Exercises/pacific-shield.exercise", "--journal", journal])
        try run.waitFor("Journal: \(journal)")
        try run.waitFor("Turn 1 of 48")
        try run.waitFor("[A01]")
        try run.waitFor("turn 1/48> ")

        run.type("jcdc detect js-ws T1566.001")
        try run.waitFor("✓ jcdc detect js-ws T1566.001")
        try run.waitFor("turn 1/48> ")

        run.type("jcdd contain js-mail")
        let bad = try run.waitFor("turn 1/48> ")
        #expect(bad.contains("unknown team 'jcdd'; did you mean 'jcdc'?"))
        #expect(bad.contains("nothing was changed"))

        run.type("usfj detect js-mail")
        let rejected = try run.waitFor("turn 1/48> ")
        #expect(rejected.contains("✗ usfj detect js-mail — rejected: usfj has no authority on js-mail"))

        run.type("jcdc contain js-mail")
        try run.waitFor("✓ jcdc contain js-mail")
        run.type("undo")
        try run.waitFor("withdrew: jcdc contain js-mail")
        run.type("status")
        try run.waitFor("Decisions left: jcdc 3/4")

        run.type("next")
        try run.waitFor("Turn closed")
        try run.waitFor("Turn 2 of 48")
        try run.waitFor("turn 2/48> ")
        run.type("gsdf hunt wa-hq")
        try run.waitFor("gsdf hunt wa-hq")
        run.type("quit")
        try run.waitFor("cdx resume \(journal)")
        #expect(run.finish() == 0)

        let resume = try Terminal(["resume", journal])
        try resume.waitFor("turn 2 of 48 open")
        try resume.waitFor("1 decision already made")
        try resume.waitFor("turn 2/48> ")
        resume.type("board")
        try resume.waitFor("Ground truth (white cell only)")
        resume.type("next")
        try resume.waitFor("turn 3/48> ")
        resume.type("quit")
        try resume.waitFor("the journal is saved")
        #expect(resume.finish() == 0)

        let verify = try Binary.run(["verify", journal])
        #expect(verify.status == 0, "\(verify.errors)")
        let lines = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(lines.contains("\"type\":\"undo\""))
        #expect(lines.contains("\"outcome\":\"rejected\""))
    }
}

/// A pseudo-terminal pair, its master for the test and its slave for the program.
enum PseudoTerminal {
    // Glibc's Swift module hides the pseudo-terminal functions (they need _XOPEN_SOURCE),
    // so they are looked up in the C library at run time.
    private typealias IntFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            throw Repository.Failure("no \(name) in the C library")
        }
        return unsafeBitCast(symbol, to: type)
    }

    static func open() throws -> (master: Int32, slave: Int32) {
        let openpt = try function("posix_openpt", as: IntFunction.self)
        let grantpt = try function("grantpt", as: IntFunction.self)
        let unlockpt = try function("unlockpt", as: IntFunction.self)
        let ptsname = try function("ptsname", as: NameFunction.self)
        let master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw Repository.Failure("no pseudo-terminal")
        }
        let slave = Glibc.open(String(cString: name), O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Repository.Failure("cannot open the pseudo-terminal") }
        return (master, slave)
    }
}
