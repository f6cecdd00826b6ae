/// The journal's line format (see Documentation/Journal.md): JSON Lines, one object per
/// line, each ending with `"hash"`: SHA-256 (hex) of the previous line's hash, a newline,
/// and this line's content (the object without its hash member). The header's previous
/// hash is the empty string. Editing any byte of any line breaks the chain from there.
///
/// A journal written with a key (from version 3) also ends every line with `"seal"`, after the
/// hash: the HMAC-SHA256 of the hash under the key (``JournalKey``). The chain, and so
/// every hash, is the same as without the seals; only someone who holds the key can seal
/// a line that was changed and chained again.
public enum JournalFormat {
    public static let name = "cdx-journal"
    /// The version this cdx writes. Version 2 added the typed decision (verb, arguments,
    /// refusal) beside the sentence; version 3 the `withheld` event, a share's card `version`,
    /// and, for a journal written with a key, the key's id in the header and a seal on every
    /// line; version 4 the approval events and decisions and the `impact` alert. Older
    /// journals are still read, and resumed in their own version.
    public static let version = 4
    /// The versions this cdx reads.
    public static let readableVersions = 1...4
    /// The largest seed a journal records (2^53 − 1), so every JSON reader gets it exactly.
    public static let maximumSeed: UInt64 = 9_007_199_254_740_991

    /// The header line's content; with a key, a version 3 header that names the key by its id.
    public static func header(title: String, file: String, digest: String, seed: UInt64, cdxVersion: String,
                              key: JournalKey? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .string(name)), ("version", .int(version)), ("cdx", .string(cdxVersion)),
            ("exercise", .string(title)), ("file", .string(file)), ("digest", .string(digest)),
            ("seed", .int(Int(clamping: seed))),
        ]
        if let key { members.append(("key", .string(key.id))) }
        return .object(members)
    }

    /// The hash of a line's content chained to the previous hash.
    public static func hash(content: String, previous: String) -> String {
        var h = SHA256()
        h.update(previous)
        h.update("\n")
        h.update(content)
        return h.finalize().hexString
    }

    /// The full line (without newline) for a content object, and its hash; with a key, the
    /// line ends with its seal after the hash.
    public static func seal(_ object: JSONValue, previous: String, key: JournalKey? = nil) -> (line: String, hash: String) {
        let content = object.serialized()
        let hash = hash(content: content, previous: previous)
        let seal = key.map { ",\"seal\":\"" + $0.seal(hash: hash) + "\"" } ?? ""
        return (String(content.dropLast()) + ",\"hash\":\"" + hash + "\"" + seal + "}", hash)
    }

    /// A line taken apart: its content (the object without hash and seal), its hash, and its seal if it has one.
    public struct LineParts: Sendable, Equatable {
        public var content: String
        public var hash: String
        public var seal: String?
    }

    /// Splits a line into its content, hash and seal, or nil when it does not end with a
    /// hash member (and, optionally, a seal member after it). Any version's lines are taken
    /// apart alike; whether a seal belongs there is for the seal check to say.
    public static func parts(of line: Substring) -> LineParts? {
        var line = line
        return line.withUTF8 { u -> LineParts? in
            guard let last = u.last, last == UInt8(ascii: "}") else { return nil }
            var end = u.count - 1
            var seal: String?
            if let (start, hex) = member(sealPrefix, of: u, endingAt: end) {
                seal = hex
                end = start
            }
            guard let (start, hash) = member(hashPrefix, of: u, endingAt: end), start > 1 else { return nil }
            var content = [UInt8](UnsafeBufferPointer(rebasing: u[..<start]))
            content.append(UInt8(ascii: "}"))
            return LineParts(content: String(decoding: content, as: UTF8.self), hash: hash, seal: seal)
        }
    }

    /// Splits a line into its content and hash (dropping a seal), or nil when it does not end with a hash member.
    public static func unseal(_ line: Substring) -> (content: String, hash: String)? {
        parts(of: line).map { ($0.content, $0.hash) }
    }

    private static let hashPrefix = Array(",\"hash\":\"".utf8)
    private static let sealPrefix = Array(",\"seal\":\"".utf8)

    /// Where `prefix` (`,"NAME":"`) + 64 lowercase hex digits + `"` starts when it ends at `end`, and the digits.
    private static func member(_ prefix: [UInt8], of u: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> (start: Int, hex: String)? {
        let start = end - prefix.count - 64 - 1
        guard start >= 0, u[start..<(start + prefix.count)].elementsEqual(prefix), u[end - 1] == UInt8(ascii: "\"") else { return nil }
        let hex = UnsafeBufferPointer(rebasing: u[(start + prefix.count)..<(end - 1)])
        guard hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        return (start, String(decoding: hex, as: UTF8.self))
    }
}

/// The key that seals a journal: 32 random bytes that exercise control makes with
/// `cdx key new` and keeps to itself. It is never written into a journal; a sealed
/// journal's header names it by its ``id``.
public struct JournalKey: Sendable {
    public static let byteCount = 32
    private let mac: HMACSHA256
    /// 16 hex digits naming the key (the start of its HMAC of "cdx-journal key id"): they
    /// tell two keys apart and give nothing of the key away.
    public let id: String

    /// The key of exactly ``byteCount`` bytes, or nil.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        mac = HMACSHA256(key: bytes)
        id = String(mac.code(for: "cdx-journal key id").hexString.prefix(16))
    }

    /// What is wrong with a key file's bytes.
    public enum Problem: Error, Equatable, Sendable {
        /// Nothing but white space.
        case empty
        /// Byte `offset` (1-based, counted in the file) is not a hex digit.
        case notHex(offset: Int)
        /// Hex digits, but not 64 of them.
        case length(digits: Int)
    }

    /// Reads a key file's bytes: the key's 64 hex digits (either case), with white space
    /// (a line end) around them, as `cdx key new` writes them.
    public static func parse(_ bytes: [UInt8]) -> Result<JournalKey, Problem> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return .failure(.empty)
        }
        var key: [UInt8] = []
        var high: UInt8?
        for offset in first...last {
            guard let digit = hexValue(bytes[offset]) else { return .failure(.notHex(offset: offset + 1)) }
            if let h = high {
                key.append(h << 4 | digit)
                high = nil
            } else {
                high = digit
            }
        }
        let digits = last - first + 1
        guard digits == 2 * byteCount, let parsed = JournalKey(bytes: key) else { return .failure(.length(digits: digits)) }
        return .success(parsed)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x61...0x66: b - 0x61 + 10
        case 0x41...0x46: b - 0x41 + 10
        default: nil
        }
    }

    /// The seal of a line whose chained hash is `hash`: the HMAC-SHA256, in lowercase hex,
    /// of the hash's 64 hex digits. The hash covers the line and every line before it, so
    /// one seal vouches for the whole journal up to its line.
    public func seal(hash: String) -> String { mac.code(for: hash).hexString }
}
