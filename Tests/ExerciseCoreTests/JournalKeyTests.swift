import ExerciseCore
import Testing

@Suite("Journal keys")
struct JournalKeyTests {
    @Test("a journal key is 64 hex digits with white space around them; anything else says what is wrong")
    func journalKeyText() throws {
        let hex = String(repeating: "0123456789abcdef", count: 4)
        let key = try JournalKey.parse(Array((hex + "\n").utf8)).get()
        #expect(try JournalKey.parse(Array(("  " + hex.uppercased() + "\r\n").utf8)).get().id == key.id)
        #expect(key.id.count == 16)
        #expect(JournalKey.parse([]).failure == .empty)
        #expect(JournalKey.parse(Array(" \n".utf8)).failure == .empty)
        #expect(JournalKey.parse(Array(hex.dropLast().utf8)).failure == .length(digits: 63))
        #expect(JournalKey.parse(Array((hex + "00").utf8)).failure == .length(digits: 66))
        #expect(JournalKey.parse(Array((" " + hex.prefix(10) + "g" + hex.dropFirst(11)).utf8)).failure == .notHex(offset: 12))
        #expect(JournalKey.parse(Array("{\"format\":\"cdx-journal\"}".utf8)).failure == .notHex(offset: 1))
        // The seal is the HMAC of the hash's hex digits under the key's 32 bytes.
        let hash = SHA256.hex("a line")
        #expect(key.seal(hash: hash) == HMACSHA256(key: HMACTests.bytes(hex)).code(for: hash).hexString)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
