// A JSON value with a deterministic writer and a strict, non-trapping reader.
//
// Foundation's JSONSerialization/JSONEncoder are avoided on purpose: their output (key order,
// number formatting, escaping of "/") differs between platforms and releases, and journals
// and report hashes must be byte-for-byte reproducible. The reader is strict so that what we
// accept today we can still accept, with the same meaning, tomorrow.

/// A JSON value (RFC 8259) whose objects keep their members in order.
///
/// Numbers keep the distinction the text made: integers that fit `Int` are ``int(_:)``,
/// every other number is ``double(_:)``; the two cases never compare equal to each other.
/// Objects are ordered lists of members, so writing is deterministic and duplicate keys
/// survive a round trip.
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits `Int`.
    case int(Int)
    /// Any other number. Non-finite values are written as `null`.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object: members in stored order; keys may repeat.
    case object([(key: String, value: JSONValue)])

    /// The value of the first member named `key` if this is an object; otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// The payload of a ``string(_:)``, otherwise `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The payload of an ``int(_:)``, otherwise `nil` (a ``double(_:)`` is not converted).
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The payload of a ``double(_:)``, or an ``int(_:)`` converted to `Double` (rounded to
    /// the nearest representable value beyond ±2^53); otherwise `nil`.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The payload of a ``bool(_:)``, otherwise `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of an ``array(_:)``, otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members of an ``object(_:)`` in stored order, otherwise `nil`.
    public var objectValue: [(key: String, value: JSONValue)]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Structural, order-sensitive equality. Objects are equal only with the same members in
    /// the same order; `.int(1) != .double(1)`; doubles compare with `==` (so NaN ≠ NaN).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case let (.bool(a), .bool(b)):
            return a == b
        case let (.int(a), .int(b)):
            return a == b
        case let (.double(a), .double(b)):
            return a == b
        case let (.string(a), .string(b)):
            return a == b
        case let (.array(a), .array(b)):
            return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default:
            return false
        }
    }
}

// MARK: - Writing

extension JSONValue {
    /// The compact, deterministic serialization of this value.
    ///
    /// - No whitespace; object members in stored order.
    /// - Strings: `"` `\` and the controls U+0008, U+0009, U+000A, U+000C, U+000D are written
    ///   as `\"` `\\` `\b` `\t` `\n` `\f` `\r`; the other C0 controls as `\u00xx` (lowercase
    ///   hex); everything else, DEL and non-ASCII included, as raw UTF-8; `/` is not escaped.
    /// - Doubles: integral values within ±2^53 are written as integers (`1`, `-3`; -0.0 as
    ///   `0`), with no `.0`, so they read back as ``int(_:)``.
    ///   Other finite values use Swift's shortest round-trip `description` (`0.1`, `1e-07`,
    ///   `1e+16`), which reads back as the identical `Double`. NaN and infinities become `null`.
    ///
    /// Recursion depth equals nesting depth, which is fine for anything ``parse(_:)`` accepts.
    public func serialized() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        serialized(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the compact serialization of this value to `output`; see ``serialized()``.
    public func serialized(into output: inout String) {
        output += serialized()
    }

    /// Appends the compact serialization of this value to `output` as UTF-8 (the journal's
    /// writers and readers build lines as bytes: appending bytes is cheaper than appending text).
    public func serialized(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value):
            JSONValue.writeInteger(Int64(value), into: &output)
        case .double(let value):
            JSONValue.writeDouble(value, into: &output)
        case .string(let value):
            JSONValue.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.serialized(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.serialized(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        guard value != 0 else { return output.append(UInt8(ascii: "0")) }
        // Digits from the lowest up into a small buffer, then copied out in order.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            while magnitude > 0 {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    private static func writeDouble(_ value: Double, into output: inout [UInt8]) {
        guard value.isFinite else {
            // JSON has no NaN or infinity; `null` is what JavaScript writes too.
            output.append(contentsOf: "null".utf8)
            return
        }
        if value.rounded(.towardZero) == value, value.magnitude <= 9_007_199_254_740_992 {
            // Exactly representable as an integer; `Int64` cannot overflow within ±2^53.
            // -0.0 becomes "0" (as in JavaScript): "-0" would read back as `.int(0)` and then
            // be written "0", and writing must be idempotent through the reader.
            writeInteger(Int64(value), into: &output)
            return
        }
        output.append(contentsOf: value.description.utf8)
    }

    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            // Copy unescaped runs wholesale; every byte that needs escaping is ASCII.
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
                case 0x08: output.append(contentsOf: "\\b".utf8)
                case 0x09: output.append(contentsOf: "\\t".utf8)
                case 0x0A: output.append(contentsOf: "\\n".utf8)
                case 0x0C: output.append(contentsOf: "\\f".utf8)
                case 0x0D: output.append(contentsOf: "\\r".utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: "\\u00".utf8)
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

// MARK: - Reading

/// Why ``JSONValue/parse(_:)`` rejected its input, and where.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 0-based byte offset of the problem; equal to the input length at end of input.
    public var offset: Int
    /// The 1-based column of ``offset`` on its line, counted in bytes from the last `\n`
    /// before it (so `offset + 1` for single-line input).
    public var column: Int
    /// What is wrong, lowercase without a trailing period, e.g.
    /// `expected ',' or '}' after object member`.
    public var message: String

    /// Creates an error; mostly useful for comparing in tests.
    public init(offset: Int, column: Int, message: String) {
        self.offset = offset
        self.column = column
        self.message = message
    }

    /// `column C (offset O): message`.
    public var description: String {
        "column \(column) (offset \(offset)): \(message)"
    }
}

extension JSONValue {
    /// The maximum number of nested arrays and objects ``parse(_:)`` accepts.
    public static let maximumDepth = 256

    /// Parses a complete JSON text (RFC 8259); see ``parse(bytes:)`` for the rules.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parseResult($0) }.get()
    }

    /// Parses a complete JSON text given as UTF-8 bytes, strictly per RFC 8259.
    ///
    /// Any top-level value is accepted, surrounded by optional whitespace (space, tab, LF,
    /// CR). Rejected, with the offset of the offending byte: invalid UTF-8 (overlong forms,
    /// encoded surrogates, values above U+10FFFF, truncated sequences), a byte order mark,
    /// unescaped control characters in strings, unknown escapes, `\u` surrogates that are not
    /// a high–low pair, leading zeros, `.`/exponent without digits, numbers whose magnitude
    /// overflows `Double`, trailing commas, anything after the top-level value, and more than
    /// ``maximumDepth`` nested containers. Integers (no fraction or exponent) that fit `Int`
    /// become ``int(_:)``, all other numbers ``double(_:)``. Duplicate object keys are kept,
    /// in order.
    ///
    /// Never traps on any input. Time is linear in the input; the parser keeps its own
    /// stack of open containers instead of recursing.
    public static func parse(bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        if let result = bytes.withContiguousStorageIfAvailable({ parseResult($0) }) {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { parseResult($0) }.get()
    }

    /// Bridges to closure-taking APIs, which do not forward typed errors.
    private static func parseResult(_ input: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(input: input)
        do throws(JSONParseError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

/// The reader's state: a cursor over the input and a reusable buffer for unescaping.
private struct JSONParser {
    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    /// An open array or object whose elements are still being read.
    private struct Frame {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [(key: String, value: JSONValue)] = []
        /// The key whose value is being read (objects only).
        var key = ""
    }

    // MARK: Structure

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            throw failure("unexpected byte order mark", at: 0)
        }
        var stack: [Frame] = []
        var value: JSONValue

        // Each pass reads one value; containers push a frame and come back here for their
        // first element, so nesting costs heap, not call stack.
        readValue: while true {
            skipWhitespace()
            guard position < input.count else { throw failure("expected a value", at: position) }
            switch input[position] {
            case UInt8(ascii: "{"):
                guard stack.count < JSONValue.maximumDepth else {
                    throw failure("nesting deeper than \(JSONValue.maximumDepth) containers", at: position)
                }
                position += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "}") {
                    position += 1
                    value = .object([])
                } else {
                    let key = try parseKey()
                    stack.append(Frame(isObject: true, key: key))
                    continue readValue
                }
            case UInt8(ascii: "["):
                guard stack.count < JSONValue.maximumDepth else {
                    throw failure("nesting deeper than \(JSONValue.maximumDepth) containers", at: position)
                }
                position += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    continue readValue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try parseLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try parseLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try parseLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            default:
                throw failure("expected a value", at: position)
            }

            // A value is complete: hand it to the enclosing container, closing as many
            // containers as end here.
            while true {
                skipWhitespace()
                guard !stack.isEmpty else {
                    guard position == input.count else {
                        throw failure("unexpected data after the top-level value", at: position)
                    }
                    return value
                }
                let top = stack.count - 1
                if stack[top].isObject {
                    stack[top].members.append((key: stack[top].key, value: value))
                    switch peek() {
                    case UInt8(ascii: ","):
                        position += 1
                        skipWhitespace()
                        stack[top].key = try parseKey()
                        continue readValue
                    case UInt8(ascii: "}"):
                        position += 1
                        value = .object(stack.removeLast().members)
                    default:
                        throw failure("expected ',' or '}' after object member", at: position)
                    }
                } else {
                    stack[top].elements.append(value)
                    switch peek() {
                    case UInt8(ascii: ","):
                        position += 1
                        continue readValue
                    case UInt8(ascii: "]"):
                        position += 1
                        value = .array(stack.removeLast().elements)
                    default:
                        throw failure("expected ',' or ']' after array element", at: position)
                    }
                }
            }
        }
    }

    /// Reads `"key"` and the following `:`, leaving the cursor before the value.
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            throw failure("expected '\"' to begin an object key", at: position)
        }
        let key = try parseString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else {
            throw failure("expected ':' after object key", at: position)
        }
        position += 1
        return key
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = position
        let count = literal.utf8CodeUnitCount
        guard input.count - position >= count else {
            throw failure("invalid literal, expected '\(literal)'", at: start)
        }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { input[start + $0] == expected[$0] }
        }
        guard matches else { throw failure("invalid literal, expected '\(literal)'", at: start) }
        position += count
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let negative = input[position] == UInt8(ascii: "-")
        if negative {
            position += 1
            guard isDigit(peek()) else { throw failure("expected a digit after '-'", at: position) }
        }
        if input[position] == UInt8(ascii: "0") {
            position += 1
            if isDigit(peek()) { throw failure("leading zeros are not allowed", at: position - 1) }
        } else {
            skipDigits()
        }
        let integerEnd = position
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard isDigit(peek()) else { throw failure("expected a digit after the decimal point", at: position) }
            skipDigits()
            isInteger = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard isDigit(peek()) else { throw failure("expected a digit in the exponent", at: position) }
            skipDigits()
            isInteger = false
        }

        if isInteger {
            // Accumulate towards the sign so that Int.min is reachable; on overflow the
            // number is still valid JSON and falls through to Double.
            var result = 0
            var overflowed = false
            for index in (negative ? start + 1 : start)..<integerEnd where !overflowed {
                let digit = Int(input[index] &- UInt8(ascii: "0"))
                let scaled = result.multipliedReportingOverflow(by: 10)
                let next = negative
                    ? scaled.partialValue.subtractingReportingOverflow(digit)
                    : scaled.partialValue.addingReportingOverflow(digit)
                overflowed = scaled.overflow || next.overflow
                result = next.partialValue
            }
            if !overflowed { return .int(result) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw failure("number is out of range", at: start)
        }
        return .double(value)
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote and leaves the cursor after the closing one.
    private mutating func parseString() throws(JSONParseError) -> String {
        let open = position
        position += 1
        var runStart = position
        var unescaped = false  // whether `scratch` holds the string so far
        while true {
            guard position < input.count else { throw failure("unterminated string", at: open) }
            let byte = input[position]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: input[runStart..<position])
                position += 1
                // The bytes were validated above, so decoding never substitutes U+FFFD.
                if !unescaped { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                if !unescaped {
                    scratch.removeAll(keepingCapacity: true)
                    unescaped = true
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                try parseEscape(stringStart: open)
                runStart = position
            } else if byte < 0x20 {
                throw failure("unescaped control character in string", at: position)
            } else if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Decodes the escape at the cursor (a backslash) into `scratch`.
    private mutating func parseEscape(stringStart: Int) throws(JSONParseError) {
        let backslash = position
        guard backslash + 1 < input.count else { throw failure("unterminated string", at: stringStart) }
        let escaped = input[backslash + 1]
        position += 2
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            scratch.append(escaped)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hexQuad(escapeStart: backslash)
            var scalarValue = UInt32(unit)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed at once by an escaped low surrogate.
                guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                    throw failure("unpaired high surrogate in \\u escape", at: backslash)
                }
                let lowStart = position
                position += 2
                let low = try hexQuad(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw failure("unpaired high surrogate in \\u escape", at: backslash)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                throw failure("unpaired low surrogate in \\u escape", at: backslash)
            default:
                break
            }
            appendUTF8(scalarValue)
        default:
            throw failure("invalid escape sequence", at: backslash)
        }
    }

    /// Appends the UTF-8 encoding of a scalar value (never a surrogate, at most U+10FFFF).
    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(0xC0 | UInt8(value >> 6))
            scratch.append(0x80 | UInt8(value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(0xE0 | UInt8(value >> 12))
            scratch.append(0x80 | UInt8(value >> 6 & 0x3F))
            scratch.append(0x80 | UInt8(value & 0x3F))
        default:
            scratch.append(0xF0 | UInt8(value >> 18))
            scratch.append(0x80 | UInt8(value >> 12 & 0x3F))
            scratch.append(0x80 | UInt8(value >> 6 & 0x3F))
            scratch.append(0x80 | UInt8(value & 0x3F))
        }
    }

    /// Reads the four hex digits after `\u` (the cursor is on the first of them).
    private mutating func hexQuad(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch peek() {
            case let byte? where (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte): digit = byte - UInt8(ascii: "0")
            case let byte? where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte): digit = byte - UInt8(ascii: "a") + 10
            case let byte? where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw failure("invalid \\u escape, expected four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// Checks one multi-byte UTF-8 sequence at the cursor against Unicode Table 3-7
    /// (well-formed sequences) and steps over it.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = input[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF  // no overlong forms
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F  // no encoded surrogates
        case 0xF0: length = 4; secondRange = 0x90...0xBF  // no overlong forms
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F  // nothing above U+10FFFF
        default: throw failure("invalid utf-8 byte sequence", at: position)
        }
        guard input.count - position >= length, secondRange.contains(input[position + 1]) else {
            throw failure("invalid utf-8 byte sequence", at: position)
        }
        for index in 2..<length where !(0x80...0xBF).contains(input[position + index]) {
            throw failure("invalid utf-8 byte sequence", at: position)
        }
        position += length
    }

    // MARK: Cursor helpers

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = position + ahead
        return index < input.count ? input[index] : nil
    }

    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while position < input.count, input[position] >= UInt8(ascii: "0"), input[position] <= UInt8(ascii: "9") {
            position += 1
        }
    }

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Builds an error, working out the column only now that it is needed.
    private func failure(_ message: String, at offset: Int) -> JSONParseError {
        var lineStart = offset
        while lineStart > 0, input[lineStart - 1] != 0x0A { lineStart -= 1 }
        return JSONParseError(offset: offset, column: offset - lineStart + 1, message: message)
    }
}
