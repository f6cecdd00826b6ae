import ExerciseCore
import Foundation

/// Who a seat is: a team's own seat, the white cell's, an evaluator's, or the board on the projector.
enum SeatRole: Hashable, Sendable {
    case team(Int)
    case white
    case evaluator
    case board

    /// As `JOURNAL.seats` and the API name it: the team's id, `white`, `evaluator`, `board`.
    func name(in x: Exercise) -> String {
        switch self {
        case .team(let t): return x.teams[t].id
        case .white: return "white"
        case .evaluator: return "evaluator"
        case .board: return "board"
        }
    }

    /// The seat a decision made here is journaled with (the board decides nothing).
    var decisionSeat: Decision.Seat? {
        switch self {
        case .team(let t): return .team(t)
        case .white: return .white
        case .evaluator: return .evaluator
        case .board: return nil
        }
    }

    /// Teams that get a seat of their own: every team that plays or watches (blue, ally,
    /// approver, observer); the white cell (it has the white seat) and red do not.
    static func teamSeats(_ x: Exercise) -> [SeatRole] {
        x.teams.indices.filter { [.blue, .ally, .approver, .observer].contains(x.teams[$0].role) }.map { .team($0) }
    }

    static func all(_ x: Exercise) -> [SeatRole] { teamSeats(x) + [.white, .evaluator, .board] }

    static func named(_ name: String, in x: Exercise) -> SeatRole? {
        all(x).first { $0.name(in: x) == name }
    }
}

/// The seat codes of a run, kept beside the journal in `JOURNAL.seats` (mode 0600): one
/// `ROLE CODE` line per seat. Codes are 100 random bits from the operating system's
/// generator, written as 20 base-32 letters and digits in groups of five; they are
/// compared in constant time, ignoring case, spaces and dashes.
struct SeatCodes: Equatable {
    var entries: [(role: SeatRole, code: String)]

    static func == (a: SeatCodes, b: SeatCodes) -> Bool {
        a.entries.map(\.role) == b.entries.map(\.role) && a.entries.map(\.code) == b.entries.map(\.code)
    }

    static func path(forJournal journal: String) -> String { journal + ".seats" }

    /// Crockford's base 32: no I, L, O or U to misread.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        var letters: [UInt8] = []
        for k in 0..<20 {
            if k > 0, k % 5 == 0 { letters.append(UInt8(ascii: "-")) }
            letters.append(alphabet[Int(generator.next(upperBound: UInt32(32)))])
        }
        return String(decoding: letters, as: UTF8.self)
    }

    static func fresh(for x: Exercise) -> SeatCodes {
        SeatCodes(entries: SeatRole.all(x).map { ($0, newCode()) })
    }

    /// A typed code as it is compared: upper case, without spaces and dashes.
    static func normalised(_ code: String) -> [UInt8] {
        code.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    /// Equal in time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for k in 0..<max(a.count, b.count) {
            difference |= (k < a.count ? a[k] : 0) ^ (k < b.count ? b[k] : 0xFF)
        }
        return difference == 0
    }

    /// The seat whose code this is; every code is compared, whichever matches.
    func role(forCode typed: String) -> SeatRole? {
        let given = Self.normalised(typed)
        var found: SeatRole?
        for entry in entries where Self.constantTimeEqual(Self.normalised(entry.code), given) { found = entry.role }
        return found
    }

    /// A browser's session token for a seat, and its anti-CSRF token: derived from the seat's
    /// code (HMAC-SHA-256), so that a server restarted on the same journal knows the browsers
    /// that had joined and they carry on by themselves; reissuing the code ends them.
    static func session(forCode code: String) -> (token: String, csrf: String) {
        let mac = HMACSHA256(key: normalised(code))
        return (String(mac.code(for: "cdx seat session").hexString.prefix(32)), String(mac.code(for: "cdx seat csrf").hexString.prefix(32)))
    }

    /// The seat whose session token this is (every seat's is compared).
    func role(forSession token: String) -> (role: SeatRole, csrf: String)? {
        var found: (SeatRole, String)?
        let given = Array(token.utf8)
        for entry in entries {
            let s = Self.session(forCode: entry.code)
            if Self.constantTimeEqual(Array(s.token.utf8), given) { found = (entry.role, s.csrf) }
        }
        return found
    }

    func code(of role: SeatRole) -> String? { entries.first { $0.role == role }?.code }

    /// Gives the seat a new code; the old one stops working.
    mutating func reissue(_ role: SeatRole) {
        if let k = entries.firstIndex(where: { $0.role == role }) { entries[k].code = Self.newCode() } else { entries.append((role, Self.newCode())) }
    }

    func text(in x: Exercise) -> String {
        "# cdx seat codes: ROLE CODE. Anyone holding a code can join as that seat; keep this file private.\n"
            + entries.map { "\($0.role.name(in: x)) \($0.code)\n" }.joined()
    }

    func write(to path: String, in x: Exercise) throws(CommandFailure) {
        try Files.writePrivate(text(in: x), to: path)
    }

    /// Reads `JOURNAL.seats`; a seat it lacks (a team added since?) gets a new code.
    static func read(_ path: String, for x: Exercise) throws(CommandFailure) -> SeatCodes {
        let text = String(decoding: try Files.read(path), as: UTF8.self)
        var codes = SeatCodes(entries: [])
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(separator: " ")
            guard words.count == 2, let role = SeatRole.named(String(words[0]), in: x) else {
                throw CommandFailure(message: "\(path):\(n + 1):1: expected 'ROLE CODE' with ROLE one of \(SeatRole.all(x).map { $0.name(in: x) }.joined(separator: ", "))")
            }
            guard normalised(String(words[1])).count >= 16 else {
                throw CommandFailure(message: "\(path):\(n + 1):\(words[0].count + 2): the code is too short to be safe (at least 16 letters); delete the line to have a new one made")
            }
            guard codes.code(of: role) == nil else { throw CommandFailure(message: "\(path):\(n + 1):1: a second code for \(words[0])") }
            codes.entries.append((role, String(words[1])))
        }
        for role in SeatRole.all(x) where codes.code(of: role) == nil { codes.entries.append((role, newCode())) }
        return codes
    }

    /// The codes of a run: the journal's `.seats` file when there is one (a resume), new ones otherwise; written back.
    static func forJournal(_ journal: String, exercise x: Exercise) throws(CommandFailure) -> (SeatCodes, path: String) {
        let path = Self.path(forJournal: journal)
        let codes = FileManager.default.fileExists(atPath: path) ? try read(path, for: x) : fresh(for: x)
        try codes.write(to: path, in: x)
        return (codes, path)
    }
}
