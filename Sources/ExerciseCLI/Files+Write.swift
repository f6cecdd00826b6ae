import Foundation

/// Writing a file the user named (`-o`, `--json`, `fmt --write`). What is at the path
/// decides how (Documentation/Reliability.md, "Output files"):
///
/// - nothing: a new regular file, made atomically;
/// - a regular file: replaced atomically, keeping its permission bits;
/// - a symbolic link: followed, and what it leads to is written as above or below; the
///   link stays. A link that leads nowhere is refused;
/// - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`: written to that open descriptor;
/// - a FIFO or a character device (a terminal, `/dev/null`): opened and written as a
///   stream, never replaced;
/// - a directory, a socket, a block device: refused.
extension Files {
    /// Writes `text` to `path` as described above, or fails saying why in the operating
    /// system's words ("No space left on device"); a failed replacement leaves the old file.
    /// Messages name the path as `shown` prints it, on one line.
    static func write(_ text: String, to path: String) throws(CommandFailure) {
        let bytes = Array(text.utf8)
        FileSizeLimit.reportAsError()
        if let descriptor = openDescriptor(named: path) {
            try stream(bytes, to: descriptor, path: path)
            return
        }
        var link = stat()
        guard lstat(path, &link) == 0 else {
            let reason = errno
            guard reason == ENOENT else { throw failure(path, reason) }
            try replace(path, with: bytes, named: path, mode: nil)
            return
        }
        var info = link
        let isLink = kind(link) == mode_t(S_IFLNK)
        if isLink, stat(path, &info) != 0 {
            let reason = errno
            guard reason == ENOENT else { throw failure(path, reason) }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            throw CommandFailure(message: "cannot write '\(shown(path))': it is a symbolic link to '\(shown(target))', which does not exist; create the file first or write to another path")
        }
        switch kind(info) {
        case mode_t(S_IFREG):
            guard access(path, W_OK) == 0 else { throw failure(path, errno) }
            var target = path
            if isLink {
                // Replace the file the link leads to, in its own folder, and keep the link.
                guard let resolved = realpath(path, nil) else { throw failure(path, errno) }
                target = String(cString: resolved)
                free(resolved)
            }
            try replace(target, with: bytes, named: path, mode: info.st_mode & 0o777)
        case mode_t(S_IFIFO), mode_t(S_IFCHR):
            try stream(bytes, to: path)
        case mode_t(S_IFDIR):
            throw CommandFailure(message: "cannot write '\(shown(path))': it is a directory; name a file inside it")
        case mode_t(S_IFSOCK):
            throw CommandFailure(message: "cannot write '\(shown(path))': it is a socket; cdx writes files, pipes and devices such as /dev/null")
        case mode_t(S_IFBLK):
            throw CommandFailure(message: "cannot write '\(shown(path))': it is a block device (a disk); cdx does not write onto disks")
        default:
            throw CommandFailure(message: "cannot write '\(shown(path))': it is not a regular file")
        }
    }

    /// Writes a file only its owner may read or write (mode 0600), atomically, whatever was
    /// there: the seat codes (`JOURNAL.seats`).
    static func writePrivate(_ text: String, to path: String) throws(CommandFailure) {
        try replace(path, with: Array(text.utf8), named: path, mode: 0o600)
    }

    private static func kind(_ info: stat) -> mode_t { info.st_mode & mode_t(S_IFMT) }

    private static func failure(_ path: String, _ reason: Int32, _ more: String = "") -> CommandFailure {
        CommandFailure(message: "cannot write '\(shown(path))': \(String(cString: strerror(reason)))\(more)")
    }

    /// The descriptor a path names by number, as the shell set it up (`> file`, `>> log`,
    /// a pipe): written in place rather than reopened, which on Linux would start a
    /// redirected file again from its first byte.
    private static func openDescriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// Opens a FIFO or a character device for writing, without creating or truncating
    /// anything (a FIFO waits here for its reader, as with the shell's `>`).
    private static func stream(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        // Something else may have been put at the path since it was looked at.
        var info = stat()
        guard fstat(fd, &info) == 0, [mode_t(S_IFIFO), mode_t(S_IFCHR)].contains(kind(info)) else {
            throw CommandFailure(message: "cannot write '\(shown(path))': it changed while cdx was opening it; nothing was written")
        }
        try stream(bytes, to: fd, path: path)
    }

    private static func stream(_ bytes: [UInt8], to fd: Int32, path: String) throws(CommandFailure) {
        guard fcntl(fd, F_GETFD) != -1 else { throw failure(path, errno) }
        try writeAll(bytes, to: fd, path: path)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String, _ more: String = "") throws(CommandFailure) {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno, more)
            }
            written += n
        }
    }

    /// Writes a temporary file beside `target`, flushes it and renames it over `target`:
    /// a crash or a full disk leaves the old file or the new one, never part of either.
    /// `mode` nil: a new file, with the permissions the umask allows. `path` is what the
    /// user named, for messages.
    private static func replace(_ target: String, with bytes: [UInt8], named path: String, mode: mode_t?) throws(CommandFailure) {
        let folder = (target as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        let unchanged = mode == nil ? "" : "; '\(shown(path))' is unchanged"
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            temporary = "\(directory)/.\((target as NSString).lastPathComponent).cdx-\(suffix)"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode == nil ? 0o666 : 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            if errno == ENOENT { throw CommandFailure(message: "cannot write '\(shown(path))': there is no folder '\(shown(directory))'") }
            throw failure(path, errno, unchanged)
        }
        var closed = false, renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temporary) }
        }
        if let mode, fchmod(fd, mode) != 0 { throw failure(path, errno, unchanged) }
        try writeAll(bytes, to: fd, path: path, unchanged)
        guard fsync(fd) == 0 else { throw failure(path, errno, unchanged) }
        closed = true
        guard close(fd) == 0 else { throw failure(path, errno, unchanged) }
        guard rename(temporary, target) == 0 else { throw failure(path, errno, unchanged) }
        renamed = true
        // Make the new directory entry durable too.
        let dfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}
