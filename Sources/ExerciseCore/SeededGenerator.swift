// Seeded pseudo-random numbers that are identical on every platform and toolchain.
//
// Exercises must replay exactly from a seed (journals, Monte Carlo runs, umpire checks), so
// nothing here may depend on the standard library's random algorithms, which are free to
// change between releases. Every algorithm below is written out in full.

/// SplitMix64 (Steele, Lea & Flood 2014; constants as in Vigna's public-domain reference).
///
/// A tiny generator with a 64-bit state that advances by a fixed odd constant. It is used
/// to expand one 64-bit seed into the 256-bit state of ``SeededGenerator`` — the seeding
/// method recommended by the xoshiro authors — and to mix seeds for ``SeededGenerator/stream(seed:index:)``.
public struct SplitMix64: Sendable {
    /// The golden-ratio increment 2^64 / φ, rounded to odd.
    static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    /// Creates a generator whose first output is `SplitMix64.mix(seed &+ gamma)`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Advances the state and returns the next output.
    public mutating func next() -> UInt64 {
        state &+= SplitMix64.gamma
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a variant of the MurmurHash3 finaliser). It is a
    /// bijection on `UInt64`, which is what lets us prove distinctness properties below.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One seeded generator; the same seed gives the same stream on every platform.
///
/// The algorithm is xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom
/// number generators", 2018): 256 bits of state, period 2^256 − 1, fast, and good enough
/// for simulation (it is not cryptographic). Use ``below(_:)`` and ``chance(perMille:)``
/// rather than the standard library's `Int.random(in:using:)`: those two are specified
/// here, so their results are pinned forever, whereas the standard library's range
/// reduction may change.
///
/// The generator is a value: copying it forks the stream, and ``state`` together with
/// ``init(state:)`` save and restore the exact position (e.g. in a journal).
public struct SeededGenerator: RandomNumberGenerator, Equatable, Hashable, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator from a 64-bit seed.
    ///
    /// The four state words are the first four outputs of `SplitMix64(seed: seed)`, in
    /// order. They can never all be zero: SplitMix64's output function is a bijection and
    /// its four inputs are distinct, so at most one of the words is zero.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// Restores a generator from a saved ``state``.
    ///
    /// The all-zero state is a fixed point of xoshiro (it would output zero forever), so it
    /// is *mapped*, not rejected: `(0, 0, 0, 0)` becomes the state of
    /// `SeededGenerator(seed: 0)`. No input traps. No reachable state is all zero, so this
    /// never changes a state that ``state`` returned.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        let words = state.0 | state.1 | state.2 | state.3 == 0 ? SeededGenerator(seed: 0).state : state
        s0 = words.0
        s1 = words.1
        s2 = words.2
        s3 = words.3
    }

    /// The four xoshiro256 state words, for saving; pass them to ``init(state:)`` to resume.
    public var state: (UInt64, UInt64, UInt64, UInt64) {
        (s0, s1, s2, s3)
    }

    /// Returns the next 64 bits of the xoshiro256** stream.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// Returns a value uniformly distributed in `0..<bound`; `below(0)` returns 0.
    ///
    /// Range reduction is Lemire's multiply-shift with rejection ("Fast random integer
    /// generation in an interval", 2019): take the high 64 bits of `next() * bound`, and
    /// redraw only when the low 64 bits fall below `2^64 mod bound`, which removes all bias.
    /// Every call draws at least one value, including `below(0)` and `below(1)`; a second
    /// draw happens with probability under `bound / 2^64`.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        // The cheap test first: the exact threshold is below `bound`, so most draws skip the
        // division. `bound == 0` gives a zero product and never enters.
        if product.low < bound {
            // (2^64 - bound) mod bound == 2^64 mod bound, computed without 128-bit division.
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// Returns `true` with probability `perMille / 1000`; `perMille` is clamped to `0...1000`.
    ///
    /// Draws exactly one value every call, even for 0 and 1000, so the position in the
    /// stream never depends on the probability asked for (scenario edits that change a
    /// probability do not shift every later draw). The single draw `x` gives `true` when
    /// `⌊x · 1000 / 2^64⌋ < perMille`; without rejection, the bias is below 1000 / 2^64.
    public mutating func chance(perMille: Int) -> Bool {
        let threshold = UInt64(min(max(perMille, 0), 1000))
        return next().multipliedFullWidth(by: 1000).high < threshold
    }

    /// Derives the generator for sub-stream `index` (e.g. Monte Carlo run `index`) of `seed`.
    ///
    /// The formula is
    ///
    ///     SeededGenerator(seed: mix(seed ^ mix(index &+ γ)))
    ///
    /// where `mix` is the SplitMix64 output function and `γ = 0x9E3779B97F4A7C15`, i.e.
    /// `mix(index &+ γ)` is the first output of `SplitMix64(seed: index)`. Because `mix`,
    /// xor with a constant and SplitMix64 seeding are all injective, different indices under
    /// one seed always give generators with different first state words; the mixing makes
    /// neighbouring indices and seeds look unrelated.
    public static func stream(seed: UInt64, index: UInt64) -> SeededGenerator {
        let derived = SplitMix64.mix(seed ^ SplitMix64.mix(index &+ SplitMix64.gamma))
        return SeededGenerator(seed: derived)
    }

    // Tuples are not Equatable, so equality and hashing are spelled out over the words.

    /// Two generators are equal when they are at the same position of the same stream.
    public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
        lhs.s0 == rhs.s0 && lhs.s1 == rhs.s1 && lhs.s2 == rhs.s2 && lhs.s3 == rhs.s3
    }

    /// Hashes the four state words.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(s0)
        hasher.combine(s1)
        hasher.combine(s2)
        hasher.combine(s3)
    }
}

@inline(__always)
private func rotateLeft(_ value: UInt64, by count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
}
