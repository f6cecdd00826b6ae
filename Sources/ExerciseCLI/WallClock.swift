import ExerciseCore
import Foundation

/// When each step of a played run happened by the wall clock, kept beside the journal in
/// `JOURNAL.clock` (Journal.md, "The wall clock"). The journal holds the scenario's time
/// only, so the same exercise, seed and decisions always give the same journal; the clock
/// file holds the room's time, one line per step the console or a seat made:
///
///     {"seq":41,"hash":"3f9a1b2c4d5e6f70","wall":"2026-12-04T01:12:09.412Z"}
///
/// `seq` is the step's last event and `hash` the first 16 hex digits of that line's hash,
/// so a clock line is only believed of the journal line it names. Runs from a responses
/// file or automatic players write none: nobody played them in a room.
struct WallClock {
    let path: String
    private let fd: Int32

    static func path(for journal: String) -> String { journal + ".clock" }

    /// Opens (or creates, mode 0600) the journal's clock file for appending; nil, with a
    /// warning, when it cannot be: the run goes on without wall-clock times.
    static func open(for journal: String, io: CommandIO) -> WallClock? {
        let path = Self.path(for: journal)
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            io.writeError("warning: cannot open '\(Files.shown(path))' (\(String(cString: strerror(errno)))): the run goes on without wall-clock times\n")
            return nil
        }
        return WallClock(path: path, fd: fd)
    }

    /// Notes that the step ending at `seq` (whose journal line hashes to `hash`) happened now.
    /// A failed write is dropped: the clock is a convenience, the journal is the record.
    func note(seq: Int, hash: String, at date: Date = Date()) {
        let line = JSONValue.object([
            ("seq", .int(seq)), ("hash", .string(String(hash.prefix(16)))), ("wall", .string(Self.timestamp(date))),
        ]).serialized() + "\n"
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    func close() { Glibc.close(fd) }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The wall-clock time of each step's last event, by seq, for the lines of the clock file
    /// that name a line of this journal by its hash; how many lines did not (another run's,
    /// edited, or torn by a kill) is returned beside them.
    static func read(for journal: String, contents: JournalContents) -> (times: [Int: Date], unmatched: Int) {
        guard let data = FileManager.default.contents(atPath: path(for: journal)) else { return ([:], 0) }
        var hashes: [Int: String] = [:]
        for line in contents.lines { if let seq = line.object["seq"]?.intValue { hashes[seq] = String(line.hash.prefix(16)) } }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var times: [Int: Date] = [:], unmatched = 0
        for raw in data.split(separator: 0x0A) {
            guard let value = try? JSONValue.parse(bytes: raw), let seq = value["seq"]?.intValue, let hash = value["hash"]?.stringValue,
                  let wall = value["wall"]?.stringValue, let date = formatter.date(from: wall), hashes[seq] == hash,
                  // As cdx writes it (no 30 February rolled into March), and a time this century could hold.
                  timestamp(date) == wall, (946_684_800...7_258_118_400).contains(date.timeIntervalSince1970)
            else {
                unmatched += 1
                continue
            }
            times[seq] = date
        }
        return (times, unmatched)
    }
}
