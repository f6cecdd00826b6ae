import Foundation
import Testing

extension Scratch {
    /// A scratch folder in memory (/dev/shm) where there is one: for tests that write and
    /// flush a journal hundreds of times, where each fsync to a disk would cost milliseconds
    /// and prove nothing a test can observe.
    init(inMemory: Bool) throws {
        let shm = URL(fileURLWithPath: "/dev/shm")
        var isFolder: ObjCBool = false
        let base = inMemory && FileManager.default.fileExists(atPath: shm.path, isDirectory: &isFolder) && isFolder.boolValue
            ? shm : FileManager.default.temporaryDirectory
        url = base.appendingPathComponent("cdx-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
}

/// A child process run to its end, for the crash, disk-full and lock tests.
struct Child {
    var status: Int32
    /// False when a signal ended it (a trap, SIGXFSZ, SIGKILL).
    var exited: Bool
    var output: String
    var errors: String

    /// Runs `cdx` under a file-size limit of `blocks` × 512 bytes (POSIX `ulimit -f`):
    /// a write past it fails as on a full disk. cdx starts with SIGXFSZ at its default
    /// action (`env --default-signal`: an ignored signal is inherited, and this test
    /// process ignores it once an in-process command has written a journal), so unless
    /// cdx ignores it itself, such a write kills it.
    static func cdx(fileSizeLimit blocks: Int, _ arguments: [String], input: String? = nil, in directory: URL = Repository.root)
        throws -> Child
    {
        try run("/bin/sh", ["-c", "ulimit -f \(blocks) && exec env --default-signal=XFSZ \"$0\" \"$@\"", Binary.url.path] + arguments,
                input: input, in: directory)
    }

    /// Runs `cdx` in `directory` (a journal names its exercise relative to where it was started).
    static func cdx(_ arguments: [String], input: String? = nil, in directory: URL = Repository.root) throws -> Child {
        try run(Binary.url.path, arguments, input: input, in: directory)
    }

    static func run(_ executable: String, _ arguments: [String], input: String?, in directory: URL) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Standard error on its own thread, so that neither pipe can fill up and stall the child.
        let errors = Collected()
        let done = DispatchSemaphore(value: 0)
        let errorPipe = err.fileHandleForReading
        Thread {
            errors.data = errorPipe.readDataToEndOfFile()
            done.signal()
        }.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Child(status: process.terminationStatus, exited: process.terminationReason == .exit,
                     output: String(decoding: output, as: UTF8.self), errors: String(decoding: errors.data, as: UTF8.self))
    }
}

/// Bytes read on another thread; the semaphore orders the accesses.
private final class Collected: @unchecked Sendable {
    var data = Data()
}

/// A `cdx` facilitator console left running, its standard input held open, so that it
/// keeps its journal (and the journal's lock) for as long as the test wants.
final class RunningConsole {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private(set) var screen = ""

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Binary.url
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = Repository.root
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Reads what the console prints until `text` appears; false if it ended first (or
    /// nothing came for a minute: a console that hangs must not hang the test run).
    func waitFor(_ text: String) -> Bool {
        let fd = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(60)
        while !screen.contains(text) {
            guard Date() < deadline else { return false }
            var fds = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return false }
            screen += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return true
    }

    /// Types a line at it.
    func type(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Ends its input (the console saves and exits) and waits for it; returns its status.
    func endInput() throws -> Int32 {
        try input.fileHandleForWriting.close()
        screen += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills it without warning, as a power cut or `kill -9` would.
    func kill() {
        _ = Foundation.kill(pid, SIGKILL)
        process.waitUntilExit()
    }
}

/// Holds a journal's lock from the test process, exactly as a running cdx holds it.
final class LockHolder {
    private let fd: Int32

    init(journal: String) throws {
        fd = open(journal + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw Repository.Failure("cannot lock \(journal).lock") }
        let text = Array("\(getpid())\n".utf8)
        _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Releases the lock, and waits until it is free: a child another test spawned in this
    /// process while the lock was held shares its open file until that child has exec'd
    /// (O_CLOEXEC closes it only then), so the lock can outlive `close` by a moment. A cdx
    /// process spawns nothing, so this is the test's own concern.
    func release(journal: String? = nil) {
        close(fd)
        guard let journal else { return }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let probe = open(journal + ".lock", O_RDWR | O_CLOEXEC)
            defer { if probe >= 0 { close(probe) } }
            if probe < 0 || flock(probe, LOCK_EX | LOCK_NB) == 0 { return }
            usleep(10_000)
        }
    }
}

/// A journal's bytes, and the byte ranges of its lines.
struct JournalBytes {
    var bytes: [UInt8]
    /// Start offsets of each line (the header is line 1, at 0).
    var starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
    }

    init(file path: String) throws { self.init(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) }

    var lineCount: Int { starts.count }
    /// The `type` of line `n` (1-based; the header has none).
    func type(ofLine n: Int) -> String {
        let end = n < starts.count ? starts[n] : bytes.count
        let text = String(decoding: bytes[starts[n - 1]..<end], as: UTF8.self)
        guard let r = text.range(of: "\"type\":\"") else { return "" }
        return String(text[r.upperBound...].prefix { $0 != "\"" })
    }

    func write(to path: String, upTo end: Int) throws { try Data(bytes[0..<end]).write(to: URL(fileURLWithPath: path)) }
}

/// Names of the files in a folder, sorted: to show that a command left nothing behind.
func folderListing(_ path: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
