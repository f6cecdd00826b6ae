import ExerciseCore
import Foundation

/// Appends sealed lines to a journal file. Nothing is reported done before `sync()`
/// returns; a failed write is cut back off the file so the journal stays whole.
struct JournalWriter {
    let path: String
    private let fd: Int32
    private(set) var lastHash: String
    /// Bytes known to be on disk and whole.
    private(set) var length: off_t

    /// Creates a new journal; refuses to overwrite an existing file.
    static func create(path: String, header: JSONValue) throws(CommandFailure) -> JournalWriter {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(message: "cannot create folder '\(directory)': \(error.localizedDescription)")
            }
        }
        if FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(message: "journal '\(path)' already exists; resume it with 'cdx resume \(path)' or choose another --journal")
        }
        // The journal appears whole or not at all: the header is written and flushed to a
        // temporary file beside it, which is then linked into place (link fails if the
        // name exists, so nothing is ever overwritten). A crash before the link leaves no
        // journal — nothing was acknowledged yet — and never an empty one.
        let folder = directory.isEmpty ? "." : directory
        let temporary = "\(folder)/.\((path as NSString).lastPathComponent).\(getpid()).creating"
        let tfd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard tfd >= 0 else {
            throw CommandFailure(message: "cannot create journal '\(path)': \(String(cString: strerror(errno)))")
        }
        var staging = JournalWriter(path: temporary, fd: tfd, lastHash: "", length: 0)
        do {
            try staging.append([header])
            try staging.sync()
        } catch {
            staging.close()
            unlink(temporary)
            throw error
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
        return JournalWriter(path: path, fd: fd, lastHash: staging.lastHash, length: staging.length)
    }

    /// Opens an existing journal for appending after its last whole line.
    static func reopen(path: String, validLength: Int, lastHash: String) throws(CommandFailure) -> JournalWriter {
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
        return JournalWriter(path: path, fd: fd, lastHash: lastHash, length: off_t(validLength))
    }

    private init(path: String, fd: Int32, lastHash: String, length: off_t) {
        self.path = path
        self.fd = fd
        self.lastHash = lastHash
        self.length = length
    }

    /// Writes the objects as sealed lines. On any failure the file is cut back to its
    /// last whole line and the error says what happened.
    mutating func append(_ objects: [JSONValue]) throws(CommandFailure) {
        guard !objects.isEmpty else { return }
        var text = ""
        var hash = lastHash
        for object in objects {
            let sealed = JournalFormat.seal(object, previous: hash)
            text += sealed.line
            text += "\n"
            hash = sealed.hash
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                _ = ftruncate(fd, length)
                throw CommandFailure(message: "cannot write to journal '\(path)': \(reason); nothing of this step was recorded")
            }
            written += n
        }
        length += off_t(bytes.count)
        lastHash = hash
    }

    /// Flushes to the disk; only then is a step acknowledged.
    func sync() throws(CommandFailure) {
        guard fsync(fd) == 0 else {
            throw CommandFailure(message: "cannot flush journal '\(path)' to disk: \(String(cString: strerror(errno)))")
        }
    }

    func close() { _ = Foundation.close(fd) }
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
    /// Byte length of the header line.
    var headerLength: Int
    var headerHash: String
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
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x0A else {
                i += 1
                continue
            }
            number += 1
            let raw = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let (content, hash) = JournalFormat.unseal(Substring(raw)) else {
                throw CommandFailure(message: "\(path):\(number): not a journal line (it must be a JSON object ending with its \"hash\")")
            }
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
                guard object["format"]?.stringValue == JournalFormat.name else {
                    throw CommandFailure(message: "\(path):1: not a cdx journal (no \"format\": \"\(JournalFormat.name)\")")
                }
                guard object["version"]?.intValue == JournalFormat.version else {
                    throw CommandFailure(message: "\(path):1: journal format version \(object["version"]?.intValue.map(String.init) ?? "?") is not supported; this cdx reads version \(JournalFormat.version)")
                }
                header = object
                headerLength = i + 1
                headerHash = hash
            } else {
                lines.append(Line(number: number, end: i + 1, content: content, hash: hash, object: object, type: object["type"]?.stringValue ?? ""))
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
                               headerHash: headerHash)
    }
}
