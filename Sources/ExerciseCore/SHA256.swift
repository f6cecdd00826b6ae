// SHA-256 as specified in FIPS 180-4, section 6.2.
//
// Written in-house because the project may depend on nothing but the toolchain, and
// swift-crypto/CryptoKit are not part of it on every platform we build on.

/// A streaming SHA-256 hasher (FIPS 180-4).
///
/// Feed bytes with ``update(_:)-(Bytes)`` any number of times and in chunks of any size,
/// then call ``finalize()`` once for the 32-byte digest. The hasher is a value: copying it
/// mid-stream forks the computation, which is handy for hashing a common prefix once.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update("hello, ")
/// hasher.update("world")
/// let digest = hasher.finalize()          // 32 bytes
/// SHA256.hex("abc")                       // "ba7816bf8f01cfea..."
/// ```
public struct SHA256: Sendable {
    /// The eight working hash words H0...H7. Kept as separate stored properties rather
    /// than an array so that the compression loop works on plain registers.
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19

    /// Bytes of an incomplete block carried between `update` calls. Allocated once at its
    /// full 64-byte size; only `pendingCount` of them are meaningful.
    private var pending = [UInt8](repeating: 0, count: SHA256.blockSize)
    private var pendingCount = 0

    /// Total number of message bytes seen, for the length field of the padding.
    /// FIPS 180-4 defines the length modulo 2^64 bits, hence the wrapping arithmetic.
    private var messageLength: UInt64 = 0

    private static let blockSize = 64

    /// Creates a hasher with the FIPS 180-4 initial hash value.
    public init() {}

    // MARK: Feeding bytes

    /// Appends `bytes` to the message.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, native
    /// `String.UTF8View`, buffer pointers) are hashed straight from their storage; any other
    /// sequence is gathered through a small stack buffer, so no byte costs an allocation.
    /// `@inlinable` so that the element loop is specialised for the caller's sequence type;
    /// it uses public API only.
    @inlinable
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.update(UnsafeRawBufferPointer(buffer))
        }
        if handled != nil { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { chunk in
            var count = 0
            for byte in bytes {
                chunk[count] = byte
                count += 1
                if count == chunk.count {
                    self.update(UnsafeRawBufferPointer(chunk))
                    count = 0
                }
            }
            self.update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: count))
        }
    }

    /// Appends the UTF-8 encoding of `string` to the message.
    public mutating func update(_ string: String) {
        // `withUTF8` makes bridged or lazily-stored strings contiguous first, so every
        // string takes the fast path.
        var string = string
        string.withUTF8 { self.update(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the bytes of a raw buffer to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        messageLength &+= UInt64(buffer.count)
        var input = buffer[...]

        // Top up a partially filled block first.
        if pendingCount > 0 {
            let take = min(SHA256.blockSize - pendingCount, input.count)
            for index in 0..<take { pending[pendingCount + index] = input[input.startIndex + index] }
            pendingCount += take
            input = input.dropFirst(take)
            if pendingCount < SHA256.blockSize { return }
            flushPending()
        }

        // Whole blocks straight from the caller's memory: no copying at all.
        let wholeBytes = input.count - input.count % SHA256.blockSize
        if wholeBytes > 0 {
            compress(UnsafeRawBufferPointer(rebasing: input.prefix(wholeBytes)))
            input = input.dropFirst(wholeBytes)
        }

        // Keep the tail for the next call or for `finalize`.
        for (index, byte) in input.enumerated() { pending[index] = byte }
        pendingCount = input.count
    }

    // MARK: Finishing

    /// Pads the message, processes the last block(s) and returns the 32-byte digest.
    ///
    /// `consuming` because a finished hasher has no meaningful further use; copy it
    /// beforehand if you need to keep hashing the same prefix.
    public consuming func finalize() -> [UInt8] {
        let bitLength = messageLength &* 8
        // Padding: a single 1 bit, zeros up to 56 mod 64, then the 64-bit big-endian
        // bit length. When fewer than 9 bytes remain in the block, padding spills into a
        // second block (FIPS 180-4, 5.1.1).
        pending[pendingCount] = 0x80
        pendingCount += 1
        if pendingCount > SHA256.blockSize - 8 {
            for index in pendingCount..<SHA256.blockSize { pending[index] = 0 }
            flushPending()
        }
        for index in pendingCount..<(SHA256.blockSize - 8) { pending[index] = 0 }
        for index in 0..<8 {
            pending[SHA256.blockSize - 8 + index] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(index)))
        }
        flushPending()

        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    // MARK: One-shot helpers

    /// The SHA-256 digest (32 bytes) of `bytes`.
    @inlinable
    public static func digest<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The lowercase hexadecimal SHA-256 digest of the UTF-8 encoding of `string`.
    public static func hex(_ string: String) -> String {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize().hexString
    }

    // MARK: Compression

    /// Compresses the 64 buffered bytes and empties the buffer.
    private mutating func flushPending() {
        // Copy the array reference out so that `compress` may mutate `self` while the
        // buffer is borrowed; the array is not otherwise shared, so no copy-on-write occurs.
        let block = pending
        block.withUnsafeBytes { compress($0) }
        pendingCount = 0
    }

    /// Processes `blocks.count / 64` consecutive 64-byte blocks.
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        precondition(blocks.count % SHA256.blockSize == 0)
        var a0 = h0, b0 = h1, c0 = h2, d0 = h3, e0 = h4, f0 = h5, g0 = h6, hh0 = h7
        // One stack allocation for the message schedule per call, however many blocks.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                var offset = 0
                while offset < blocks.count {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                        let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = a0, b = b0, c = c0, d = d0, e = e0, f = f0, g = g0, h = hh0
                    for t in 0..<64 {
                        let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let choose = (e & f) ^ (~e & g)
                        let t1 = h &+ sigma1 &+ choose &+ k[t] &+ w[t]
                        let sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = sigma0 &+ majority
                        h = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ t2
                    }
                    a0 &+= a; b0 &+= b; c0 &+= c; d0 &+= d
                    e0 &+= e; f0 &+= f; g0 &+= g; hh0 &+= h
                    offset += SHA256.blockSize
                }
            }
        }
        h0 = a0; h1 = b0; h2 = c0; h3 = d0; h4 = e0; h5 = f0; h6 = g0; h7 = hh0
    }

    /// K0...K63: the first 32 bits of the fractional parts of the cube roots of the
    /// first 64 primes (FIPS 180-4, 4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

@inline(__always)
private func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
}

extension Array where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two digits per byte (e.g. a digest for display
    /// or for comparison with `sha256sum` output).
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
