import ExerciseCore
import Foundation

/// `cdx key new FILE [--force]`: the key that seals journals (see Documentation/Journal.md).
enum KeyCommand {
    static let actions = ["new"]

    static let spec = CommandSpec(
        name: "key",
        abstract: "Make a key that seals journals, so that an edited journal fails 'verify --key'",
        discussion: """
            new: writes 32 random bytes as 64 hex digits to FILE, readable and writable by
            you only (mode 0600). Exercise control keeps it, apart from the journals:
            'cdx run EXERCISE --key FILE' and 'cdx resume JOURNAL --key FILE' seal every
            line they write, and 'cdx verify JOURNAL --key FILE' fails naming the first line
            that was changed, however carefully its hash chain was recomputed. The key
            itself is never written into a journal; a sealed journal names it by its id.
            An existing file is never replaced without --force (a journal sealed with the
            old key can only be checked with it), and a journal never.
            """,
        positionals: [
            PositionalSpec(name: "action", help: "new"),
            PositionalSpec(name: "file", help: "Where to write the key"),
        ],
        options: [.flag("force", help: "Replace an existing key file")],
        examples: ["cdx key new ~/exercise-control/day1.key"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let action = arguments.positionals[0], path = arguments.positionals[1]
        guard actions.contains(action) else {
            let suggestion = Suggestion.closest(to: action, among: actions).map { "; did you mean '\($0)'?" } ?? ""
            throw UsageError("unknown key action '\(action)': write 'cdx key new FILE'\(suggestion)")
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<JournalKey.byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard let key = JournalKey(bytes: bytes) else { throw CommandFailure(message: "cannot make a key") }
        try write(bytes.hexString + "\n", to: path, force: arguments.flag("force"))
        io.write("""
            wrote a new key to '\(path)' (key \(key.id)), readable by you only (mode 0600)
            keep it apart from the journals; seal a run with 'cdx run EXERCISE --key \(path)' and check it with 'cdx verify JOURNAL --key \(path)'

            """)
        return ExitStatus.success
    }

    /// Writes the key file with mode 0600: created anew (never over a file), or with
    /// `force` written beside it and renamed over the old one, so a crash leaves one whole key.
    private static func write(_ text: String, to path: String, force: Bool) throws(CommandFailure) {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists, isFolder.boolValue { throw CommandFailure(message: "cannot write the key to '\(path)': it is a folder") }
        if exists, !force {
            throw CommandFailure(message: "key file '\(path)' already exists and is not replaced: a journal sealed with it can be checked with it only. Choose another name, or pass --force to replace it")
        }
        if exists, let head = FileManager.default.contents(atPath: path)?.prefix(32),
           String(decoding: head, as: UTF8.self).hasPrefix("{\"format\":\"\(JournalFormat.name)\"") {
            throw CommandFailure(message: "'\(path)' is a cdx journal: a key is never written into a journal, even with --force")
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let target = force ? "\(folder)/.\((path as NSString).lastPathComponent).\(getpid()).key" : path
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = errno
            if reason == EEXIST {
                throw CommandFailure(message: "key file '\(path)' already exists and is not replaced: a journal sealed with it can be checked with it only. Choose another name, or pass --force to replace it")
            }
            throw CommandFailure(message: "cannot write the key to '\(path)': \(String(cString: strerror(reason)))")
        }
        // The umask may take bits away from 0600 but the key must be exactly that: readable
        // by its owner, and writable so that --force can replace it.
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        let bytes = Array(text.utf8)
        var written = 0
        while failure == nil, written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { failure = n < 0 ? String(cString: strerror(errno)) : "nothing could be written" } else { written += n }
        }
        if failure == nil, fsync(fd) != 0 { failure = "cannot flush to disk: \(String(cString: strerror(errno)))" }
        Foundation.close(fd)
        if let failure {
            unlink(target)
            throw CommandFailure(message: "cannot write the key to '\(path)': \(failure); no key was written")
        }
        if force {
            guard rename(target, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(target)
                throw CommandFailure(message: "cannot replace the key '\(path)': \(reason); the old key is unchanged")
            }
        }
        let dfd = open(folder, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            Foundation.close(dfd)
        }
    }
}

/// Reading a key file given with `--key`.
enum KeyFile {
    /// The key in `path`, or a failure that says what is wrong with the file (and never shows what it holds).
    static func read(_ path: String, io: CommandIO, command: String) throws(CommandFailure) -> JournalKey {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandFailure(message: "cannot read the key '\(path)': no such file (make one with 'cdx key new \(path)')")
        }
        if isFolder.boolValue { throw CommandFailure(message: "cannot read the key '\(path)': it is a folder") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > 4096 {
            throw CommandFailure(message: "'\(path)' is not a cdx key: it holds \(size) bytes, and a key file holds the 64 hex digits that 'cdx key new' writes")
        }
        let bytes = try Files.read(path)
        if let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            io.writeError("cdx \(command): warning: the key '\(path)' can be read by other users (mode \(String(mode & 0o777, radix: 8))); 'chmod 600 \(path)' keeps it to you\n")
        }
        switch JournalKey.parse(bytes) {
        case .success(let key):
            return key
        case .failure(let problem):
            let detail = switch problem {
            case .empty: "it is empty"
            case .notHex(let offset): "byte \(offset) is not a hex digit"
            case .length(let digits): "it holds \(plural(digits, "hex digit")), not 64"
            }
            throw CommandFailure(message: "'\(path)' is not a cdx key: \(detail); a key file holds the 64 hex digits (32 bytes) that 'cdx key new' writes")
        }
    }
}
