import ExerciseCore
import Testing

/// RFC 4231, section 4: the HMAC-SHA-256 results of its seven test cases.
@Suite("HMAC-SHA256")
struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    static let largeKey = [UInt8](repeating: 0xaa, count: 131)

    static let cases: [(name: String, key: [UInt8], data: [UInt8], mac: String)] = [
        ("1: a 20-byte key", [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("2: a key shorter than the output", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("3: key and data of repeated bytes", [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("4: a 25-byte counting key", bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("6: a key larger than a block, hashed first", largeKey, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ("7: a key and data larger than a block", largeKey,
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test("RFC 4231 test cases 1, 2, 3, 4, 6 and 7", arguments: cases.indices)
    func rfc4231(index: Int) {
        let c = Self.cases[index]
        #expect(HMACSHA256(key: c.key).code(for: c.data).hexString == c.mac, "test case \(c.name)")
    }

    @Test("RFC 4231 test case 5: the output truncated to 128 bits")
    func truncated() {
        let mac = HMACSHA256(key: [UInt8](repeating: 0x0c, count: 20)).code(for: "Test With Truncation")
        #expect(Array(mac.prefix(16)).hexString == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test("one prepared key gives each message its own code, the same every time")
    func reuse() {
        let mac = HMACSHA256(key: Array("Jefe".utf8))
        let first = mac.code(for: "what do ya want for nothing?")
        #expect(mac.code(for: "Hi There") != first)
        #expect(mac.code(for: "what do ya want for nothing?") == first)
    }
}
