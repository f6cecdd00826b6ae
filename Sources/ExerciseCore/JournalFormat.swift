/// The journal's line format (see Documentation/Journal.md): JSON Lines, one object per
/// line, each ending with `"hash"`: SHA-256 (hex) of the previous line's hash, a newline,
/// and this line's content (the object without its hash member). The header's previous
/// hash is the empty string. Editing any byte of any line breaks the chain from there.
public enum JournalFormat {
    public static let name = "cdx-journal"
    /// The version this cdx writes. Version 2 added the typed decision (verb, arguments,
    /// refusal) beside the sentence; version 3 the `withheld` event and a share's card
    /// `version`. Older journals are still read, and resumed in their own version.
    public static let version = 3
    /// The versions this cdx reads.
    public static let readableVersions = 1...3
    /// The largest seed a journal records (2^53 − 1), so every JSON reader gets it exactly.
    public static let maximumSeed: UInt64 = 9_007_199_254_740_991

    public static func header(title: String, file: String, digest: String, seed: UInt64, cdxVersion: String) -> JSONValue {
        .object([
            ("format", .string(name)), ("version", .int(version)), ("cdx", .string(cdxVersion)),
            ("exercise", .string(title)), ("file", .string(file)), ("digest", .string(digest)),
            ("seed", .int(Int(clamping: seed))),
        ])
    }

    /// The hash of a line's content chained to the previous hash.
    public static func hash(content: String, previous: String) -> String {
        var h = SHA256()
        h.update(previous)
        h.update("\n")
        h.update(content)
        return h.finalize().hexString
    }

    /// The full line (without newline) for a content object, and its hash.
    public static func seal(_ object: JSONValue, previous: String) -> (line: String, hash: String) {
        let content = object.serialized()
        let hash = hash(content: content, previous: previous)
        return (String(content.dropLast()) + ",\"hash\":\"" + hash + "\"}", hash)
    }

    /// Splits a sealed line into its content and hash, or nil when it does not end with a hash member.
    public static func unseal(_ line: Substring) -> (content: String, hash: String)? {
        let suffixLength = 9 + 64 + 2  // ,"hash":" then 64 hex digits then "}
        let u = line.utf8
        guard u.count > suffixLength + 1 else { return nil }
        let cut = u.index(u.endIndex, offsetBy: -suffixLength)
        let tail = Array(u[cut...])
        let prefix = Array(",\"hash\":\"".utf8)
        guard Array(tail[0..<prefix.count]) == prefix, tail[tail.count - 2] == UInt8(ascii: "\""),
              tail[tail.count - 1] == UInt8(ascii: "}") else { return nil }
        let hex = tail[prefix.count..<(prefix.count + 64)]
        guard hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        let content = String(decoding: u[u.startIndex..<cut], as: UTF8.self) + "}"
        return (content, String(decoding: hex, as: UTF8.self))
    }
}
