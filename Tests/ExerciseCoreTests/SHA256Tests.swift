import ExerciseCore
import Testing

/// Reference digests come from FIPS 180-4's examples and, for the other inputs, from
/// Python's `hashlib.sha256` on the same bytes.
@Suite("SHA-256")
struct SHA256Tests {
    /// Deterministic test bytes: byte i is (7i + 3) mod 256, so no block repeats another.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    }

    @Test("hashes the FIPS 180-4 example \"abc\"")
    func abc() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("hashes the empty message")
    func empty() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.digest([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("hashes the 448-bit two-block FIPS example")
    func fips448() {
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("hashes the 896-bit FIPS example")
    func fips896() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrslmnopqrstmnopqrstu"
        #expect(SHA256.hex(message) == "f73c506d7ed71869c96a0cf5899904e6ee1582974793593ab6fc0709b6ec308f")
    }

    @Test("hashes one million 'a' bytes, fed one-shot and in 1000-byte pieces")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000)).hexString == expected)
        var hasher = SHA256()
        let piece = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { hasher.update(piece) }
        #expect(hasher.finalize().hexString == expected)
    }

    @Test(
        "lengths around the padding boundaries match reference digests",
        arguments: [
            (1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5"),
            (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
            (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
            (57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73"),
            (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
            (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
            (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
            (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
            (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
            (127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"),
            (128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"),
            (129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4"),
        ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(SHA256.digest(Self.pattern(length)).hexString == expected)
    }

    @Test("streaming in chunks of any size equals hashing in one shot", arguments: [1, 2, 3, 7, 55, 56, 63, 64, 65, 127, 128, 129, 1000])
    func streamingChunks(chunkSize: Int) {
        let message = Self.pattern(1000)
        let expected = "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"
        var hasher = SHA256()
        var start = 0
        while start < message.count {
            let end = min(start + chunkSize, message.count)
            hasher.update(message[start..<end])
            start = end
        }
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("irregular chunk sizes, empty updates and every input type give the same digest")
    func mixedUpdates() {
        let message = Self.pattern(1000)
        let expected = "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"
        var hasher = SHA256()
        var start = 0
        var step = 0
        let sizes = [0, 1, 3, 63, 64, 65, 0, 2, 129, 5]
        while start < message.count {
            let end = min(start + sizes[step % sizes.count], message.count)
            switch step % 3 {
            case 0: hasher.update(message[start..<end])  // contiguous slice
            case 1: hasher.update(message[start..<end].lazy.map { $0 })  // non-contiguous sequence
            default: message[start..<end].withUnsafeBytes { hasher.update($0) }  // raw buffer
            }
            start = end
            step += 1
        }
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("a String, its UTF8View and its UTF-8 bytes hash identically")
    func stringInputs() {
        let text = "日本語の演習 🛡️"
        let expected = "d9b1d1452137c519adc97f9fda9fdb548a3794aa71bf4e064460cfab592a1406"
        #expect(SHA256.hex(text) == expected)
        #expect(SHA256.digest(text.utf8).hexString == expected)
        #expect(SHA256.digest(Array(text.utf8)).hexString == expected)
        var hasher = SHA256()
        hasher.update("日本語の")
        hasher.update("演習 🛡️")
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("a copied hasher forks the computation without disturbing the original")
    func valueSemantics() {
        var prefix = SHA256()
        prefix.update("abcdbcdecdefdefgefghfghighijhijk")
        var fork = prefix
        fork.update("ijkljklmklmnlmnomnopnopq")
        prefix.update("xyz")
        #expect(fork.finalize().hexString == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(prefix.finalize().hexString == SHA256.hex("abcdbcdecdefdefgefghfghighijhijkxyz"))
    }

    @Test("a 10 MiB buffer hashes to the reference digest")
    func tenMebibytes() {
        let buffer = (0..<(10 * 1024 * 1024)).map { (index: Int) -> UInt8 in UInt8((index &* 31 &+ 7) % 251) }
        #expect(SHA256.digest(buffer).hexString == "81a991ef01d49a8bded1a02a25431819b4c089ee437caa8c379f9e5ade6c3312")
    }

    @Test("hexString writes two lowercase digits per byte")
    func hexString() {
        #expect([UInt8]().hexString == "")
        #expect([0x00, 0x0f, 0xa0, 0xff].hexString == "000fa0ff")
    }
}
