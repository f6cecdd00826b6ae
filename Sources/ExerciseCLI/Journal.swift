import ExerciseCore
import Foundation

/// Appends sealed lines to a journal file. Nothing is reported done before `append`
/// returns, and it returns only once the lines are flushed to the disk; a failed write or
/// flush is cut back off the file so the journal stays whole and ends on a step.
struct JournalWriter {
    let path: String
    private let fd: Int32
    /// With a key, every line is sealed as it is written (a version 3 journal).
    private let key: JournalKey?
    private(set) var lastHash: String
    /// Bytes known to be on disk and whole.
    private(set) var length: off_t
    /// Set when a failed step could not be cut back off the file: appending after it
    /// would bury a torn line inside the journal, so every later append is refused.
    private(set) var damage: String?

    /// Creates the journal's folder when it is missing.
    static func createFolder(for path: String) throws(CommandFailure) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(message: "cannot create folder '\(directory)': \(error.localizedDescription)")
            }
        }
    }

    /// Creates a new journal; refuses to overwrite an existing file. With a key, its lines
    /// are sealed (the header must then be the version 3 one that names the key).
    static func create(path: String, header: JSONValue, key: JournalKey? = nil) throws(CommandFailure) -> JournalWriter {
        FileSizeLimit.reportAsError()
        try createFolder(for: path)
        if FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(message: "journal '\(path)' already exists; resume it with 'cdx resume \(path)' or choose another --journal")
        }
        // The journal appears whole or not at all: the header is written and flushed to a
        // temporary file beside it, which is then linked into place (link fails if the
        // name exists, so nothing is ever overwritten). A crash before the link leaves no
        // journal — nothing was acknowledged yet — and never an empty one.
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        let temporary = "\(folder)/.\((path as NSString).lastPathComponent).\(getpid()).creating"
        let tfd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard tfd >= 0 else {
            throw CommandFailure(message: "cannot create journal '\(path)': \(String(cString: strerror(errno)))")
        }
        // Named after the journal, so a failure names the file the facilitator asked for.
        var staging = JournalWriter(path: path, fd: tfd, key: key, lastHash: "", length: 0)
        do {
            try staging.write([header])
        } catch {
            staging.close()
            unlink(temporary)
            throw CommandFailure(message: "cannot create journal '\(path)': \(error.reason); nothing was recorded and no journal was made")
        }
        staging.close()
        guard link(temporary, path) == 0 else {
            let reason = errno
            unlink(temporary)
            if reason == EEXIST {
                throw CommandFailure(message: "journal '\(path)' already exists; resume it with 'cdx resume \(path)' or choose another --journal")
            }
            throw CommandFailure(message: "cannot create journal '\(path)': \(String(cString: strerror(reason)))")
        }
        unlink(temporary)
        // Make the new directory entry durable too.
        let dfd = open(folder, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            Foundation.close(dfd)
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure(message: "cannot open journal '\(path)' for writing: \(String(cString: strerror(errno)))")
        }
        return JournalWriter(path: path, fd: fd, key: key, lastHash: staging.lastHash, length: staging.length)
    }

    /// Opens an existing journal for appending after its last whole line, sealing what it
    /// appends when given the key (a sealed journal's, already checked against its seals).
    static func reopen(path: String, validLength: Int, lastHash: String, key: JournalKey? = nil) throws(CommandFailure) -> JournalWriter {
        FileSizeLimit.reportAsError()
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure(message: "cannot open journal '\(path)' for writing: \(String(cString: strerror(errno)))")
        }
        // Drop a torn tail left by a crash, so new lines start on a line boundary.
        guard ftruncate(fd, off_t(validLength)) == 0 else {
            Foundation.close(fd)
            throw CommandFailure(message: "cannot cut the torn last line off '\(path)': \(String(cString: strerror(errno)))")
        }
        _ = fsync(fd)
        return JournalWriter(path: path, fd: fd, key: key, lastHash: lastHash, length: off_t(validLength))
    }

    private init(path: String, fd: Int32, key: JournalKey?, lastHash: String, length: off_t) {
        self.path = path
        self.fd = fd
        self.key = key
        self.lastHash = lastHash
        self.length = length
    }

    /// Why a step could not be written, in the operating system's words.
    struct WriteFailure: Error {
        /// "No space left on device", "File too large", …
        var reason: String
        /// False when the partly written step could not be cut off again.
        var cutBack: Bool
    }

    /// Writes the objects as sealed lines, one step, and flushes them to the disk. On any
    /// failure the file is cut back to the end of the previous step and the error says
    /// what happened; the step was not recorded.
    mutating func append(_ objects: [JSONValue]) throws(CommandFailure) {
        if let damage {
            throw CommandFailure(message: "journal '\(path)' was left damaged by an earlier failed write (\(damage)); nothing more is recorded in this session: quit, free space or fix the problem, and continue with 'cdx resume \(path)', which repairs it")
        }
        do {
            try write(objects)
        } catch {
            guard error.cutBack else {
                damage = error.reason
                throw CommandFailure(message: "cannot write to journal '\(path)': \(error.reason); the step was NOT recorded, and its partly written lines could not be cut off: quit, free space or fix the problem, and continue with 'cdx resume \(path)', which drops them")
            }
            throw CommandFailure(message: "cannot write to journal '\(path)': \(error.reason); nothing of this step was recorded (the journal still ends with the last step shown)")
        }
    }

    private mutating func write(_ objects: [JSONValue]) throws(WriteFailure) {
        guard !objects.isEmpty else { return }
        var text = ""
        var hash = lastHash
        for object in objects {
            // The seal goes into the same write as its line: a kill leaves a whole sealed
            // line or a torn one, which resume drops like any other.
            let sealed = JournalFormat.seal(object, previous: hash, key: key)
            text += sealed.line
            text += "\n"
            hash = sealed.hash
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw cutBack(String(cString: strerror(errno)))
            }
            written += n
        }
        // Only a flushed step is acknowledged. A failed flush may have left the lines in
        // the file, or some of them: they are cut off like a failed write's.
        guard fsync(fd) == 0 else { throw cutBack("cannot flush to disk: \(String(cString: strerror(errno)))") }
        length += off_t(bytes.count)
        lastHash = hash
    }

    /// Cuts the file back to its last whole step after a failure.
    private func cutBack(_ reason: String) -> WriteFailure {
        guard ftruncate(fd, length) == 0 else { return WriteFailure(reason: reason, cutBack: false) }
        _ = fsync(fd)
        return WriteFailure(reason: reason, cutBack: true)
    }

    func close() { _ = Foundation.close(fd) }
}

/// A write past a file-size limit (`ulimit -f`) raises SIGXFSZ, whose default action
/// kills the process without a word; ignored, the write fails with EFBIG ("File too
/// large") and is reported like a full disk. Set by everything that writes a journal.
enum FileSizeLimit {
    static func reportAsError() { signal(SIGXFSZ, SIG_IGN) }
}

/// Keeps two cdx processes from appending to one journal: a `JOURNAL.lock` file beside
/// it, locked with `flock` for as long as the run or resume lives. The kernel releases a
/// flock when its holder dies, however it dies, so a killed run never leaves a lock that
/// blocks the resume; the file is removed on a clean exit, and one left behind by a
/// killed process means nothing. The file holds the holder's process id and host name,
/// so a refusal can say who holds it.
struct JournalLock {
    let path: String
    private let fd: Int32

    static func path(for journal: String) -> String { journal + ".lock" }

    /// Takes the lock on `journal`, or fails naming the process that holds it.
    static func acquire(journal: String) throws(CommandFailure) -> JournalLock {
        guard let lock = try acquireIfFree(journal: journal) else {
            let holder = holderText(path(for: journal))
            throw CommandFailure(message: "journal '\(journal)' is in use by another cdx (\(holder)): a run or resume is still writing it. Finish or stop that one first (at its console: 'quit'); the lock '\(path(for: journal))' is released the moment that process ends, even if it is killed or crashes")
        }
        return lock
    }

    /// Takes the lock on `journal`; nil when another process holds it.
    static func acquireIfFree(journal: String) throws(CommandFailure) -> JournalLock? {
        FileSizeLimit.reportAsError()
        let path = path(for: journal)
        for _ in 0..<16 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw CommandFailure(message: "cannot create the lock '\(path)' for journal '\(journal)': \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let reason = errno
                Foundation.close(fd)
                if reason == EWOULDBLOCK { return nil }
                if reason == EINTR { continue }
                throw CommandFailure(message: "cannot lock journal '\(journal)' (with '\(path)'): \(String(cString: strerror(reason)))")
            }
            // The previous holder may have removed the file between our open and flock:
            // a lock on a removed file guards nothing, so take the one now at the path.
            guard isFile(fd, at: path) else {
                Foundation.close(fd)
                continue
            }
            // Who holds it is a courtesy for the refusal message: a failed write (a full
            // disk) leaves an empty lock file, which locks just as well.
            let holder = Array("\(getpid()) \(hostName)\n".utf8)
            _ = ftruncate(fd, 0)
            _ = holder.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            return JournalLock(path: path, fd: fd)
        }
        throw CommandFailure(message: "cannot lock journal '\(journal)': '\(path)' keeps being replaced")
    }

    /// Removes the lock file (while still holding it, so it is ours) and lets go.
    func release() {
        if Self.isFile(fd, at: path) { unlink(path) }
        Foundation.close(fd)
    }

    private static func isFile(_ fd: Int32, at path: String) -> Bool {
        var open = stat(), named = stat()
        return fstat(fd, &open) == 0 && stat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// "pid 4242", "pid 4242 on host tabletop-2", or "process id not known" (an empty lock file: being written, or a full disk).
    private static func holderText(_ path: String) -> String {
        let text = (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let pid = words.first, Int32(pid) != nil else { return "process id not known" }
        let host = words.dropFirst().first.map(String.init) ?? ""
        return host.isEmpty || host == hostName ? "pid \(pid)" : "pid \(pid) on host \(host)"
    }
}

/// A journal read back: its header, its whole lines, and what a crash left torn.
struct JournalContents {
    struct Line {
        var number: Int
        /// Byte offset just after this line's newline.
        var end: Int
        var content: String
        /// The chained hash this line carries.
        var hash: String
        /// The keyed seal after the hash, in a journal written with a key.
        var seal: String?
        var object: JSONValue
        var type: String
    }

    var path: String
    var header: JSONValue
    var lines: [Line]
    /// Byte length of the whole lines (header included).
    var validLength: Int
    /// Bytes after the last newline: a torn line from a crash, dropped on resume.
    var tornBytes: Int
    var lastHash: String

    var seed: UInt64 { UInt64(max(0, header["seed"]?.intValue ?? 0)) }
    /// The format version the header names (checked readable by `read`).
    var version: Int { header["version"]?.intValue ?? JournalFormat.version }
    /// Byte length of the header line.
    var headerLength: Int
    var headerHash: String
    var headerSeal: String?
    var exerciseFile: String { header["file"]?.stringValue ?? "" }
    var digest: String { header["digest"]?.stringValue ?? "" }

    /// Reads and checks the hash chain. Any line that is not a sealed JSON object, or
    /// whose hash does not follow from the lines before it, is a failure naming the line.
    static func read(_ path: String) throws(CommandFailure) -> JournalContents {
        try read(bytes: Files.read(path), path: path)
    }

    /// Reads a journal already in memory; `path` only names it in messages (the fuzz target's entry point).
    static func read(bytes: [UInt8], path: String) throws(CommandFailure) -> JournalContents {
        guard !bytes.isEmpty else {
            throw CommandFailure(message: "\(path): the journal is empty (a run interrupted while creating it, before anything was recorded); delete it and start the run again")
        }
        var lines: [Line] = []
        var header: JSONValue?
        var previous = ""
        var start = 0
        var number = 0
        var validLength = 0
        var headerLength = 0
        var headerHash = ""
        var headerSeal: String?
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x0A else {
                i += 1
                continue
            }
            number += 1
            let raw = String(decoding: bytes[start..<i], as: UTF8.self)
            if number == 1 { try checkHeader(raw, path: path) }
            guard let parts = JournalFormat.parts(of: Substring(raw)) else {
                throw CommandFailure(message: "\(path):\(number): not a journal line (it must be a JSON object ending with its \"hash\")")
            }
            let (content, hash) = (parts.content, parts.hash)
            let object: JSONValue
            do {
                object = try JSONValue.parse(content)
            } catch {
                throw CommandFailure(message: "\(path):\(number):\(error.column): not valid JSON: \(error.message)")
            }
            guard JournalFormat.hash(content: content, previous: previous) == hash else {
                throw CommandFailure(message: "\(path):\(number): hash does not match: this line, or the chain before it, was changed")
            }
            previous = hash
            if number == 1 {
                header = object
                headerLength = i + 1
                headerHash = hash
                headerSeal = parts.seal
            } else {
                lines.append(Line(number: number, end: i + 1, content: content, hash: hash, seal: parts.seal, object: object,
                                  type: object["type"]?.stringValue ?? ""))
            }
            i += 1
            start = i
            validLength = i
        }
        guard let header else {
            throw CommandFailure(message: "\(path): no complete header line; the journal was cut off while it was created")
        }
        return JournalContents(path: path, header: header, lines: lines, validLength: validLength,
                               tornBytes: bytes.count - validLength, lastHash: previous, headerLength: headerLength,
                               headerHash: headerHash, headerSeal: headerSeal)
    }

    /// Judges the header before its hash: a journal of another format version may seal
    /// its lines differently, and what the reader needs to hear is which version it is.
    private static func checkHeader(_ raw: String, path: String) throws(CommandFailure) {
        guard let object = try? JSONValue.parse(raw), object["format"] != nil || object["version"] != nil else {
            return  // not a header at all: the line checks say so
        }
        guard object["format"]?.stringValue == JournalFormat.name else {
            throw CommandFailure(message: "\(path):1: not a cdx journal (its \"format\" is \(object["format"]?.serialized() ?? "missing"), not \"\(JournalFormat.name)\")")
        }
        guard let version = object["version"]?.intValue, JournalFormat.readableVersions.contains(version) else {
            let found = object["version"]?.serialized() ?? "missing"
            let writer = object["cdx"]?.stringValue.map { " (written by cdx \($0))" } ?? ""
            let versions = JournalFormat.readableVersions
            throw CommandFailure(message: "\(path):1: journal format version \(found)\(writer) is not supported: this cdx (\(CDX.version)) reads versions \(versions.lowerBound) to \(versions.upperBound); use the cdx that wrote it")
        }
    }
}

// MARK: - The keyed seal and head witnesses

extension JournalContents {
    /// Whether the journal was written with a key: its header names one, or carries a seal.
    var isSealed: Bool { header["key"] != nil || headerSeal != nil }
    /// The id of the key the header says sealed the journal.
    var keyID: String? { header["key"]?.stringValue }

    /// Checks every whole line's seal against `key` (read from `keyPath`), the header first;
    /// fails naming the first line whose seal is missing or does not match. Lines before it
    /// are as the key's holder wrote them: each seal covers the chain up to its line.
    func checkSeal(with key: JournalKey, keyPath: String) throws(CommandFailure) {
        guard isSealed else {
            throw CommandFailure(message: "\(path): the journal has no seal to check with --key: it was written without a key (format version \(version)); 'cdx verify \(path)' without --key checks its hash chain and replay, which cannot tell it from a journal edited and chained again")
        }
        let all = [(1, headerHash, headerSeal)] + lines.map { ($0.number, $0.hash, $0.seal) }
        for (number, hash, seal) in all {
            guard let seal else {
                throw CommandFailure(message: "\(path):\(number): the line carries no seal: it was not written by the holder of the key (added, or rewritten and chained again)")
            }
            guard key.seal(hash: hash) == seal else {
                if number == 1, let id = keyID, id != key.id {
                    throw CommandFailure(message: "\(path):1: seal does not match: the header names key \(id), and '\(keyPath)' is key \(key.id); give the key the journal was sealed with (or the header was changed)")
                }
                throw CommandFailure(message: "\(path):\(number): seal does not match: this line was changed, or a line was inserted or removed just before it, after the journal was sealed (every line before it is as sealed)")
            }
        }
    }

    /// The chain head once turn `turn` had closed: the hash of its last line (its
    /// `turn-end`, or the `end` after the last turn's), and that line's number; nil when
    /// the journal has no `turn-end` for that turn.
    func head(afterTurn turn: Int) -> (hash: String, line: Int)? {
        guard lines.contains(where: { $0.type == "turn-end" && $0.object["turn"]?.intValue == turn }) else { return nil }
        guard let last = lines.last(where: { $0.object["turn"]?.intValue == turn }) else { return nil }
        return (last.hash, last.number)
    }

    /// The last turn the journal closes (0 before the first `turn-end`).
    var lastClosedTurn: Int {
        lines.last(where: { $0.type == "turn-end" })?.object["turn"]?.intValue ?? 0
    }
}

/// A chain head someone noted at a turn's end (`--head HASH@TURN`): the start of the hash
/// (at least 8 hex digits) or all of it.
struct HeadWitness: Equatable {
    var prefix: String
    var turn: Int

    static let shortest = 8

    /// Reads `HASH@TURN`; nil when it is not that.
    init?(_ text: String) {
        guard let at = text.lastIndex(of: "@"), let turn = Int(text[text.index(after: at)...]), turn >= 1 else { return nil }
        let hash = text[..<at].lowercased()
        guard (Self.shortest...64).contains(hash.count), hash.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        prefix = hash
        self.turn = turn
    }

    /// The line the console shows at a turn's end, for people to write down.
    static func consoleLine(head: String, turn: Int) -> String { "  chain head \(head.prefix(12)) @ turn \(turn)\n" }
}
