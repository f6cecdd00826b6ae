import Synchronization

// The values an `Event` carries that would otherwise be strings or arrays. With them `Event`
// holds no references, so copying one is a plain copy of its bytes (no retain, no release,
// no per-case copy function): see Documentation/Performance.md, "A plain-value event".

/// An ATT&CK technique ID, `T1234` or `T1234.001`, held as two numbers.
public struct Technique: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The technique number, 0–9999.
    public let number: UInt16
    /// The sub-technique number, 0–999, or nil for a technique without one.
    public var sub: UInt16? { subOrNone == Self.none ? nil : subOrNone }
    private let subOrNone: UInt16
    private static let none = UInt16.max

    /// The ID `text` spells (`T1566.001`), or nil when it is not an ATT&CK technique ID.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 5 || u.count == 9, u[0] == UInt8(ascii: "T") else { return nil }
        func number(_ r: Range<Int>) -> UInt16? {
            var n: UInt16 = 0
            for i in r {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                n = n * 10 + UInt16(u[i] - 0x30)
            }
            return n
        }
        guard let base = number(1..<5) else { return nil }
        if u.count == 5 {
            self.number = base
            subOrNone = Self.none
        } else {
            guard u[5] == UInt8(ascii: "."), let sub = number(6..<9) else { return nil }
            self.number = base
            subOrNone = sub
        }
    }

    /// The ID as written: four digits, and three after the dot for a sub-technique.
    public var description: String {
        func digits(_ n: UInt16, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: width - s.count) + s
        }
        guard let sub else { return "T" + digits(number, 4) }
        return "T" + digits(number, 4) + "." + digits(sub, 3)
    }

    public static func < (a: Technique, b: Technique) -> Bool { a.description < b.description }
}

/// Text an event carries (a note, the reason for a ruling), as a handle into the process's
/// table of such texts. Equal texts get the same handle, so comparing handles compares the
/// texts. The table only grows: these texts are what people type (notes, rulings), a few
/// per decision at most, and the automatic players write none.
public struct InternedText: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    private let index: UInt32

    public init(_ string: String) { index = internedTexts.intern(string) }
    public init(stringLiteral value: String) { self.init(value) }

    /// The text.
    public var string: String { internedTexts.value(at: index) }
    public var description: String { string }
}

/// An inject the white cell wrote during play (`white inject …`), as a handle into the
/// process's table of them, so that a decision stays a plain value (Performance.md).
public struct InternedInject: Hashable, Sendable {
    private let index: UInt32
    public init(_ added: AddedInject) { index = internedInjects.intern(added) }
    public var value: AddedInject { internedInjects.value(at: index) }
}

/// An evaluator's observation typed during play, as a handle into the process's table of
/// them, so that a decision stays a plain value (Performance.md).
public struct InternedObservation: Hashable, Sendable {
    private let index: UInt32
    public init(_ observation: TypedObservation) { index = internedObservations.intern(observation) }
    public var value: TypedObservation { internedObservations.value(at: index) }
}

/// An inject written during play: the statement as the white cell typed it, in the
/// exercise language (canonical spacing, from `inject` on), and what the checker made of it
/// against the exercise as it stood. The statement is the record: a journal keeps it, and
/// replaying checks it again.
public struct AddedInject: Hashable, Sendable {
    /// The statement without its leading `inject`: `X9 at +05:00 "Title" to jcdc text "…"`.
    public var definition: String
    public var inject: Inject
    public init(definition: String, inject: Inject) {
        self.definition = definition
        self.inject = inject
    }
    public func hash(into h: inout Hasher) { h.combine(definition) }
    public static func == (a: AddedInject, b: AddedInject) -> Bool { a.definition == b.definition && a.inject == b.inject }
}

/// The service levels of an exercise's missions at one moment, in mission order. Up to 32
/// missions are held in one word (two bits each); more are kept in the process's table of
/// level lists, by handle, as `InternedText` keeps texts.
public struct MissionLevels: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    public let count: Int
    /// Two bits per mission (0 up, 1 degraded, 2 down) when `count` ≤ 32; else a handle.
    private let word: UInt64
    private static let inline = 32

    public init<S: Sequence>(_ levels: S) where S.Element == ServiceLevel {
        let array = Array(levels)
        count = array.count
        if array.count <= Self.inline {
            var w: UInt64 = 0
            for (m, level) in array.enumerated() { w |= UInt64(level.bits) << UInt64(2 * m) }
            word = w
        } else {
            word = UInt64(internedLevels.intern(array))
        }
    }

    public init(arrayLiteral elements: ServiceLevel...) { self.init(elements) }

    /// Every mission up.
    public init(allUp count: Int) { self.init(repeatElement(ServiceLevel.up, count: count)) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(m: Int) -> ServiceLevel {
        precondition(m >= 0 && m < count, "mission index out of range")
        if count <= Self.inline { return ServiceLevel(bits: UInt8(truncatingIfNeeded: word >> UInt64(2 * m)) & 3) }
        return internedLevels.value(at: UInt32(truncatingIfNeeded: word))[m]
    }

    /// These levels with mission `m` at `level`.
    public func setting(_ m: Int, to level: ServiceLevel) -> MissionLevels {
        if count <= Self.inline {
            let shift = UInt64(2 * m)
            return MissionLevels(count: count, word: (word & ~(3 << shift)) | (UInt64(level.bits) << shift))
        }
        var array = Array(self)
        array[m] = level
        return MissionLevels(array)
    }

    private init(count: Int, word: UInt64) {
        self.count = count
        self.word = word
    }
}

extension ServiceLevel {
    fileprivate var bits: UInt8 {
        switch self {
        case .up: return 0
        case .degraded: return 1
        case .down: return 2
        }
    }

    fileprivate init(bits: UInt8) {
        switch bits {
        case 0: self = .up
        case 1: self = .degraded
        default: self = .down
        }
    }
}

/// A process-wide, append-only table that hands out one small handle per distinct value.
/// Safe to use from several threads (simulate's workers); only interning takes the lock
/// long, and it happens where people's text or a big exercise's levels enter an event.
final class InternTable<Value: Hashable & Sendable>: Sendable {
    private struct Storage {
        var values: [Value] = []
        var handles: [Value: UInt32] = [:]
    }
    private let storage = Mutex(Storage())

    func intern(_ value: Value) -> UInt32 {
        storage.withLock { s in
            if let h = s.handles[value] { return h }
            precondition(s.values.count < Int(UInt32.max), "too many distinct texts in one process")
            let h = UInt32(s.values.count)
            s.values.append(value)
            s.handles[value] = h
            return h
        }
    }

    func value(at handle: UInt32) -> Value {
        storage.withLock { $0.values[Int(handle)] }
    }
}

private let internedTexts = InternTable<String>()
private let internedInjects = InternTable<AddedInject>()
private let internedObservations = InternTable<TypedObservation>()
private let internedLevels = InternTable<[ServiceLevel]>()
