import Foundation
import Testing

/// What `-o` (and `--json`, `fmt --write`) does to what is already at the path
/// (Documentation/Reliability.md, "Output files").
@Suite("Output files: what -o does to what is at the path")
struct OutputFileTests {
    static let exercise = Repository.url("Exercises/shared-vendor.exercise").path
    /// What `cdx msel export` writes for the exercise: the bytes every target should receive.
    static let msel = Run.cdx(["msel", "export", exercise]).output

    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & mode_t(S_IFMT) : nil
    }

    static func permissions(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a regular file is replaced by rename, not rewritten in place, keeps its permission bits, and leaves no temporary file")
    func regularFile() throws {
        let scratch = try Scratch()
        let target = scratch.path("review.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        try #require(chmod(target, 0o640) == 0)
        let before = try #require(Self.inode(target))
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", target])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "wrote the MSEL to \(target)\n")
        #expect(Self.contents(target) == Self.msel)
        #expect(Self.permissions(target) == 0o640)
        // A new inode: the old file was never opened for writing, so a crash could not have left half of it.
        #expect(Self.inode(target) != before)
        #expect(try folderListing(scratch.url.path) == ["review.csv"])
    }

    @Test("a new file is made whole, beside nothing else")
    func newFile() throws {
        let scratch = try Scratch()
        let target = scratch.path("review.csv")
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", target])
        #expect(run.status == 0, "\(run.errors)")
        #expect(Self.contents(target) == Self.msel)
        #expect(Self.kind(target) == mode_t(S_IFREG))
        #expect(try folderListing(scratch.url.path) == ["review.csv"])
        let missing = Run.cdx(["msel", "export", Self.exercise, "-o", scratch.path("no-such-folder/review.csv")])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("there is no folder '\(scratch.path("no-such-folder"))'"), "\(missing.errors)")
    }

    @Test("a replacement the disk refuses (file-size limit) fails naming the file, and the old file stays whole with nothing beside it")
    func refusedReplacement() throws {
        let scratch = try Scratch()
        let target = scratch.path("review.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        // One 512-byte block: the MSEL (about 14 KB) cannot be written.
        let run = try Child.cdx(fileSizeLimit: 1, ["msel", "export", Self.exercise, "-o", target])
        #expect(run.exited && run.status == 1, "\(run.errors)")
        #expect(run.errors.contains("cannot write '\(target)': File too large; '\(target)' is unchanged"), "\(run.errors)")
        #expect(Self.contents(target) == "old\n")
        #expect(try folderListing(scratch.url.path) == ["review.csv"])
    }

    @Test("a read-only file is refused as the shell's > would refuse it", .enabled(if: getuid() != 0, "root may write any file"))
    func readOnlyFile() throws {
        let scratch = try Scratch()
        let target = scratch.path("review.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        try #require(chmod(target, 0o444) == 0)
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", target])
        #expect(run.status == 1)
        #expect(run.errors.contains("cannot write '\(target)': Permission denied"), "\(run.errors)")
        #expect(Self.contents(target) == "old\n")
    }

    @Test("a FIFO receives the bytes as a stream and is still a FIFO afterwards")
    func fifo() throws {
        let scratch = try Scratch()
        let fifo = scratch.path("pipe")
        try #require(mkfifo(fifo, 0o600) == 0)
        // The reader is open before cdx opens the FIFO, so cdx does not wait for one, and it
        // does not block, so a cdx that never writes leaves it empty rather than hangs the test.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        // Nobody reads while cdx writes (it runs in this thread): the bytes must fit in the
        // pipe's buffer (16 KiB at least on Linux and macOS).
        try #require(Self.msel.utf8.count < 16384)
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", fifo])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "wrote the MSEL to \(fifo)\n")
        #expect(Self.kind(fifo) == mode_t(S_IFIFO))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(reader, &buffer, buffer.count)
            guard n > 0 else { break }
            received += buffer[..<n]
        }
        #expect(String(decoding: received, as: UTF8.self) == Self.msel)
        #expect(try folderListing(scratch.url.path) == ["pipe"])
    }

    @Test("/dev/full gives 'No space left on device' and exit 1, and stays a character device",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "Linux has /dev/full"))
    func deviceFull() throws {
        let before = try #require(Self.inode("/dev/full"))
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", "/dev/full"])
        #expect(run.status == 1)
        #expect(run.errors == "cdx msel: error: cannot write '/dev/full': No space left on device\n")
        #expect(Self.kind("/dev/full") == mode_t(S_IFCHR))
        #expect(Self.inode("/dev/full") == before)
    }

    @Test("/dev/null takes the bytes and stays a character device")
    func deviceNull() throws {
        let run = Run.cdx(["export", "navigator", Repository.url("Tests/ExerciseCLITests/Snapshots/shared-vendor.jsonl").path,
                           "--exercise", Self.exercise, "-o", "/dev/null"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "wrote the Navigator layer to /dev/null\n")
        #expect(Self.kind("/dev/null") == mode_t(S_IFCHR))
    }

    @Test("-o /dev/stdout writes to the standard output cdx was given (here a pipe)")
    func standardOutput() throws {
        let run = try Binary.run(["msel", "export", "Exercises/shared-vendor.exercise", "-o", "/dev/stdout"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == Self.msel)
        #expect(run.errors == "wrote the MSEL to /dev/stdout\n")
    }

    @Test("a directory, or a link to one, is refused and left as it was", arguments: [false, true])
    func directory(throughLink: Bool) throws {
        let scratch = try Scratch()
        let folder = scratch.path("reports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        var target = folder
        if throughLink {
            target = scratch.path("latest")
            try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: "reports")
        }
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", target])
        #expect(run.status == 1)
        #expect(run.errors == "cdx msel: error: cannot write '\(target)': it is a directory; name a file inside it\n")
        #expect(Self.kind(folder) == mode_t(S_IFDIR))
        #expect(try folderListing(folder) == [])
        #expect(try folderListing(scratch.url.path) == (throughLink ? ["latest", "reports"] : ["reports"]))
    }

    @Test("a symbolic link to a regular file: the file it leads to is replaced atomically, keeping its mode; the link stays")
    func linkToFile() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("real"), withIntermediateDirectories: false)
        let file = scratch.path("real/review.csv"), link = scratch.path("latest.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: file))
        try #require(chmod(file, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/review.csv")
        let before = try #require(Self.inode(file))
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", link])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "wrote the MSEL to \(link)\n")
        #expect(Self.kind(link) == mode_t(S_IFLNK))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real/review.csv")
        #expect(Self.contents(file) == Self.msel)
        #expect(Self.permissions(file) == 0o600)
        #expect(Self.inode(file) != before)
        #expect(try folderListing(scratch.url.path) == ["latest.csv", "real"])
        #expect(try folderListing(scratch.path("real")) == ["review.csv"])
    }

    @Test("a symbolic link that leads nowhere is refused naming where it leads, and nothing is made")
    func danglingLink() throws {
        let scratch = try Scratch()
        let link = scratch.path("latest.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "missing.csv")
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", link])
        #expect(run.status == 1)
        #expect(run.errors == "cdx msel: error: cannot write '\(link)': it is a symbolic link to 'missing.csv', which does not exist; create the file first or write to another path\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "missing.csv")
        #expect(try folderListing(scratch.url.path) == ["latest.csv"])
    }

    @Test("a symbolic link to a FIFO writes into the FIFO; both stay as they were")
    func linkToFIFO() throws {
        let scratch = try Scratch()
        let fifo = scratch.path("pipe"), link = scratch.path("out")
        try #require(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "pipe")
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        let run = Run.cdx(["export", "navigator", Repository.url("Tests/ExerciseCLITests/Snapshots/shared-vendor.jsonl").path,
                           "--exercise", Self.exercise, "-o", link])
        #expect(run.status == 0, "\(run.errors)")
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(reader, &buffer, buffer.count)
        #expect(n > 0 && String(decoding: buffer[..<max(0, n)], as: UTF8.self).hasPrefix("{"))
        #expect(Self.kind(fifo) == mode_t(S_IFIFO))
        #expect(Self.kind(link) == mode_t(S_IFLNK))
    }

    @Test("fmt --write through a symbolic link reads and rewrites the file it leads to; the link stays")
    func formatThroughLink() throws {
        let scratch = try Scratch()
        let file = scratch.path("draft.exercise"), link = scratch.path("current.exercise")
        let shipped = try String(contentsOfFile: Self.exercise, encoding: .utf8)
        var lines = shipped.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.removeLast().isEmpty)
        // Trailing spaces on every line: the formatter takes them off again.
        try Data(lines.map { $0 + "   \n" }.joined().utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "draft.exercise")
        let run = Run.cdx(["fmt", "--write", link])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == "formatted \(link)\n")
        #expect(Self.contents(file) == shipped)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "draft.exercise")
        #expect(try folderListing(scratch.url.path) == ["current.exercise", "draft.exercise"])
    }
}
