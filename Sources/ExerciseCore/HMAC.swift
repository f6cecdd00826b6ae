// HMAC-SHA256 as specified in RFC 2104 (and FIPS 198-1), on the project's own SHA-256;
// tested with the RFC 4231 vectors.

/// A keyed message authentication code over ``SHA256`` (RFC 2104).
///
/// The key's inner and outer pads are hashed once, when the value is made; each code then
/// costs the message's blocks and three more. A code is the 32-byte digest; RFC 4231's
/// truncated outputs are its prefixes.
///
/// ```swift
/// let mac = HMACSHA256(key: Array("Jefe".utf8))
/// mac.code(for: Array("what do ya want for nothing?".utf8)).hexString   // "5bdcc146..."
/// ```
public struct HMACSHA256: Sendable {
    /// SHA-256 having consumed the key XOR ipad block, and the key XOR opad block.
    private let inner: SHA256
    private let outer: SHA256

    /// The SHA-256 block size: keys longer than this are hashed first, shorter ones padded with zeros.
    private static let blockSize = 64

    /// Prepares the code for `key`, which may be of any length (RFC 2104, section 2).
    public init<Key: Sequence>(key: Key) where Key.Element == UInt8 {
        var block = Array(key)
        if block.count > Self.blockSize { block = SHA256.digest(block) }
        block += [UInt8](repeating: 0, count: Self.blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    /// The 32-byte code of `message`.
    public func code<Message: Sequence>(for message: Message) -> [UInt8] where Message.Element == UInt8 {
        var inner = self.inner
        inner.update(message)
        var outer = self.outer
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The 32-byte code of the UTF-8 encoding of `string`.
    public func code(for string: String) -> [UInt8] { code(for: Array(string.utf8)) }
}
