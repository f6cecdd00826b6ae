import ExerciseCore
import Testing

/// Parses `text` and returns the error it must produce.
private func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONParseError? {
    do {
        let value = try JSONValue.parse(text)
        Issue.record("expected \(text.debugDescription) to be rejected, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func parseError(bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> JSONParseError? {
    do {
        let value = try JSONValue.parse(bytes: bytes)
        Issue.record("expected \(bytes) to be rejected, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("JSON value")
struct JSONValueTests {
    /// A rejection case: the input, the byte offset of the problem, and the message.
    struct Rejection: Sendable, CustomTestStringConvertible {
        var input: String
        var offset: Int
        var message: String
        var testDescription: String { input.debugDescription }

        init(_ input: String, _ offset: Int, _ message: String) {
            self.input = input
            self.offset = offset
            self.message = message
        }
    }

    // MARK: Round trips

    @Test("compact documents survive parse → serialize unchanged")
    func textRoundTrip() throws {
        let documents = [
            #"{"a":1,"b":[true,false,null],"c":{"d":"x"},"e":2.5,"f":-0.125,"g":"","h":[],"i":{}}"#,
            #"[0,-1,9223372036854775807,-9223372036854775808,1e+300,0.1,"\\\"\n"]"#,
            #""just a string""#,
            "42",
            "null",
            #"{"a":1,"a":2,"b":{"a":3}}"#,
        ]
        for document in documents {
            #expect(try JSONValue.parse(document).serialized() == document)
        }
    }

    @Test("values survive serialize → parse unchanged")
    func valueRoundTrip() throws {
        let value = JSONValue.object([
            ("name", .string("Exercise \"Blue\" / 1\n")),
            ("turns", .int(12)),
            ("ratio", .double(0.75)),
            ("tiny", .double(Double.leastNonzeroMagnitude)),
            ("huge", .double(-Double.greatestFiniteMagnitude)),
            ("third", .double(1.0 / 3)),
            ("flags", .array([.bool(true), .bool(false), .null])),
            ("nested", .object([("empty", .array([])), ("none", .object([]))])),
            ("min", .int(Int.min)),
            ("max", .int(Int.max)),
        ])
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test("whitespace around tokens is accepted and dropped")
    func whitespace() throws {
        let value = try JSONValue.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] , \"b\" : null } \n")
        #expect(value == .object([("a", .array([.int(1), .int(2)])), ("b", .null)]))
        #expect(value.serialized() == #"{"a":[1,2],"b":null}"#)
    }

    @Test("duplicate keys are kept in order and the subscript finds the first")
    func duplicateKeys() throws {
        let value = try JSONValue.parse(#"{"k":1,"x":true,"k":2}"#)
        #expect(value.objectValue?.map(\.key) == ["k", "x", "k"])
        #expect(value["k"] == .int(1))
        #expect(value["x"] == .bool(true))
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([])["k"] == nil)
    }

    @Test("accessors return payloads only for their own case")
    func accessors() {
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.int(3).stringValue == nil)
        #expect(JSONValue.int(3).intValue == 3)
        #expect(JSONValue.double(3).intValue == nil)
        #expect(JSONValue.double(2.5).doubleValue == 2.5)
        #expect(JSONValue.int(2).doubleValue == 2)
        #expect(JSONValue.null.doubleValue == nil)
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.null.boolValue == nil)
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.object([]).arrayValue == nil)
        #expect(JSONValue.object([("a", .null)]).objectValue?.first?.key == "a")
        #expect(JSONValue.array([]).objectValue == nil)
    }

    @Test("equality is structural and sensitive to member order and number case")
    func equality() {
        let ab = JSONValue.object([("a", .int(1)), ("b", .int(2))])
        let ba = JSONValue.object([("b", .int(2)), ("a", .int(1))])
        #expect(ab == JSONValue.object([("a", .int(1)), ("b", .int(2))]))
        #expect(ab != ba)
        #expect(ab != .object([("a", .int(1))]))
        #expect(JSONValue.int(1) != .double(1))
        #expect(JSONValue.array([.null]) != .array([.null, .null]))
        #expect(JSONValue.string("a") != .array([.string("a")]))
    }

    // MARK: Writing

    @Test("every C0 control character is escaped, and parses back")
    func controlCharacterEscaping() throws {
        let named: [UInt32: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        let hex = Array("0123456789abcdef")
        for code in UInt32(0)..<0x20 {
            let scalar = try #require(Unicode.Scalar(code))
            let expectedEscape = named[code] ?? "\\u00" + String(hex[Int(code >> 4)]) + String(hex[Int(code & 0xF)])
            let value = JSONValue.string("a" + String(Character(scalar)) + "b")
            #expect(value.serialized() == "\"a" + expectedEscape + "b\"", "U+\(code)")
            #expect(try JSONValue.parse(value.serialized()) == value)
        }
    }

    @Test("quote and backslash are escaped; slash, DEL and non-ASCII are written raw")
    func otherEscaping() {
        #expect(JSONValue.string("\"\\").serialized() == #""\"\\""#)
        #expect(JSONValue.string("a/b").serialized() == #""a/b""#)
        #expect(JSONValue.string("\u{7F}").serialized() == "\"\u{7F}\"")
        #expect(JSONValue.string("é日本😀").serialized() == "\"é日本😀\"")
        #expect(JSONValue.object([("k\"ey", .string("v"))]).serialized() == #"{"k\"ey":"v"}"#)
    }

    @Test("doubles: integral values within 2^53 as integers, others shortest round-trip, non-finite as null")
    func doubleFormatting() throws {
        let cases: [(Double, String)] = [
            (1, "1"), (-3, "-3"), (0, "0"), (-0.0, "0"), (9_007_199_254_740_992, "9007199254740992"),
            (-9_007_199_254_740_992, "-9007199254740992"), (9_007_199_254_740_994, "9.007199254740994e+15"),
            (1e16, "1e+16"), (0.1, "0.1"), (2.5, "2.5"), (1e-7, "1e-07"), (-1.5e300, "-1.5e+300"),
            (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
        ]
        for (value, text) in cases {
            #expect(JSONValue.double(value).serialized() == text, "\(value)")
        }
        // Non-integral and out-of-range doubles read back as the identical Double.
        for value in [0.1, 1.0 / 3, 2.5e-5, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 9_007_199_254_740_994, 1e16, -123456.789] {
            #expect(try JSONValue.parse(JSONValue.double(value).serialized()) == .double(value), "\(value)")
        }
        // Integral doubles read back as integers; writing stays idempotent through the reader.
        #expect(try JSONValue.parse(JSONValue.double(7).serialized()) == .int(7))
        let mixed = JSONValue.array([.double(-0.0), .double(3), .double(0.5), .double(1e300)])
        #expect(try JSONValue.parse(mixed.serialized()).serialized() == mixed.serialized())
    }

    @Test("serialized(into:) appends to existing text")
    func serializedInto() {
        var output = "prefix:"
        JSONValue.array([.int(1), .string("x")]).serialized(into: &output)
        #expect(output == #"prefix:[1,"x"]"#)
    }

    // MARK: Numbers

    @Test("numbers: integers that fit Int are .int, all others .double")
    func numbers() throws {
        let cases: [(String, JSONValue)] = [
            ("0", .int(0)), ("-0", .int(0)), ("123", .int(123)), ("-123", .int(-123)),
            ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
            ("9223372036854775808", .double(9.223372036854775808e18)),
            ("-9223372036854775809", .double(-9.223372036854775808e18)),
            ("100000000000000000000000", .double(1e23)),
            ("1.5", .double(1.5)), ("-0.0", .double(-0.0)), ("1e2", .double(100)), ("1E+2", .double(100)),
            ("1e-2", .double(0.01)), ("2.5E-3", .double(0.0025)), ("0.5", .double(0.5)), ("1e-400", .double(0)),
        ]
        for (text, expected) in cases {
            #expect(try JSONValue.parse(text) == expected, "\(text)")
        }
        #expect(try JSONValue.parse("-0.0").doubleValue?.sign == .minus)
    }

    // MARK: Rejections

    static let rejections: [Rejection] = [
        // Empty input and stray tokens.
        Rejection("", 0, "expected a value"),
        Rejection("   ", 3, "expected a value"),
        Rejection(".5", 0, "expected a value"),
        Rejection("+1", 0, "expected a value"),
        Rejection("True", 0, "expected a value"),
        Rejection("'a'", 0, "expected a value"),
        Rejection("]", 0, "expected a value"),
        // Trailing garbage.
        Rejection("1 2", 2, "unexpected data after the top-level value"),
        Rejection("{}x", 2, "unexpected data after the top-level value"),
        Rejection("nulls", 4, "unexpected data after the top-level value"),
        Rejection("[1]]", 3, "unexpected data after the top-level value"),
        Rejection("\"a\"\u{0}", 3, "unexpected data after the top-level value"),
        // Literals.
        Rejection("tru", 0, "invalid literal, expected 'true'"),
        Rejection("trUe", 0, "invalid literal, expected 'true'"),
        Rejection("fals", 0, "invalid literal, expected 'false'"),
        Rejection("[nul]", 1, "invalid literal, expected 'null'"),
        // Numbers.
        Rejection("01", 0, "leading zeros are not allowed"),
        Rejection("-01", 1, "leading zeros are not allowed"),
        Rejection("[00]", 1, "leading zeros are not allowed"),
        Rejection("-", 1, "expected a digit after '-'"),
        Rejection("-a", 1, "expected a digit after '-'"),
        Rejection("1.", 2, "expected a digit after the decimal point"),
        Rejection("1.e5", 2, "expected a digit after the decimal point"),
        Rejection("1e", 2, "expected a digit in the exponent"),
        Rejection("1e+", 3, "expected a digit in the exponent"),
        Rejection("[1E-x]", 4, "expected a digit in the exponent"),
        Rejection("1e400", 0, "number is out of range"),
        Rejection("[-1e400]", 1, "number is out of range"),
        // Arrays.
        Rejection("[", 1, "expected a value"),
        Rejection("[1", 2, "expected ',' or ']' after array element"),
        Rejection("[1 2]", 3, "expected ',' or ']' after array element"),
        Rejection("[1,]", 3, "expected a value"),
        Rejection("[,1]", 1, "expected a value"),
        Rejection("[1:2]", 2, "expected ',' or ']' after array element"),
        // Objects.
        Rejection("{", 1, "expected '\"' to begin an object key"),
        Rejection("{1:2}", 1, "expected '\"' to begin an object key"),
        Rejection("{\"a\":1,}", 7, "expected '\"' to begin an object key"),
        Rejection("{\"a\" 1}", 5, "expected ':' after object key"),
        Rejection("{\"a\"", 4, "expected ':' after object key"),
        Rejection("{\"a\":}", 5, "expected a value"),
        Rejection("{\"a\":1 \"b\":2}", 7, "expected ',' or '}' after object member"),
        Rejection("{\"a\":1]", 6, "expected ',' or '}' after object member"),
        // Strings.
        Rejection("\"abc", 0, "unterminated string"),
        Rejection("[\"a\\", 1, "unterminated string"),
        Rejection("\"a\\x\"", 2, "invalid escape sequence"),
        Rejection("\"\\'\"", 1, "invalid escape sequence"),
        Rejection("\"\\U0041\"", 1, "invalid escape sequence"),
        Rejection("\"\\u12\"", 1, "invalid \\u escape, expected four hexadecimal digits"),
        Rejection("\"\\u12G4\"", 1, "invalid \\u escape, expected four hexadecimal digits"),
        Rejection("\"\\u", 1, "invalid \\u escape, expected four hexadecimal digits"),
        Rejection("\"a\tb\"", 2, "unescaped control character in string"),
        Rejection("\"a\nb\"", 2, "unescaped control character in string"),
        // Surrogates in escapes.
        Rejection("\"\\ud83d\"", 1, "unpaired high surrogate in \\u escape"),
        Rejection("\"\\ud83dx\"", 1, "unpaired high surrogate in \\u escape"),
        Rejection("\"\\ud83d\\n\"", 1, "unpaired high surrogate in \\u escape"),
        Rejection("\"\\ud83d\\u0041\"", 1, "unpaired high surrogate in \\u escape"),
        Rejection("\"\\ud83d\\ud83d\"", 1, "unpaired high surrogate in \\u escape"),
        Rejection("\"\\ude00\"", 1, "unpaired low surrogate in \\u escape"),
        Rejection("\"a\\ude00\\ud83d\"", 2, "unpaired low surrogate in \\u escape"),
        Rejection("\"\\ud83d\\uZZZZ\"", 7, "invalid \\u escape, expected four hexadecimal digits"),
    ]

    @Test("rejects malformed input at the right offset with the right message", arguments: rejections)
    func rejection(_ rejection: Rejection) throws {
        let error = try #require(parseError(rejection.input))
        #expect(error.message == rejection.message)
        #expect(error.offset == rejection.offset)
        #expect(error.column == rejection.offset + 1)
    }

    @Test("every unescaped C0 control character inside a string is rejected at its offset")
    func rawControlCharacters() throws {
        for code in UInt8(0)..<0x20 {
            let error = try #require(parseError(bytes: [0x22, 0x61, code, 0x22]))
            #expect(error == JSONParseError(offset: 2, column: 3, message: "unescaped control character in string"))
        }
        // DEL is not a control character for JSON.
        #expect(try JSONValue.parse(bytes: [0x22, 0x7F, 0x22]) == .string("\u{7F}"))
    }

    @Test(
        "invalid UTF-8 is rejected at the start of the bad sequence",
        arguments: [
            [0x22, 0xC3, 0x22],  // truncated two-byte sequence
            [0x22, 0x80, 0x22],  // lone continuation byte
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xC1, 0xBF, 0x22],  // overlong
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong three-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate U+D800
            [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],  // overlong four-byte
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],  // lead byte beyond Unicode
            [0x22, 0xFF, 0x22],
            [0x22, 0xE2, 0x82, 0x22],  // truncated three-byte sequence
            [0x22, 0xE2, 0x82],  // truncated at end of input
            [0x22, 0xF0, 0x9F, 0x98],  // truncated at end of input
        ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) throws {
        let error = try #require(parseError(bytes: bytes))
        #expect(error == JSONParseError(offset: 1, column: 2, message: "invalid utf-8 byte sequence"))
    }

    @Test("valid multi-byte UTF-8 at the edges of each range is accepted")
    func validUTF8() throws {
        let samples: [([UInt8], String)] = [
            ([0xC2, 0x80], "\u{80}"), ([0xDF, 0xBF], "\u{7FF}"), ([0xE0, 0xA0, 0x80], "\u{800}"),
            ([0xED, 0x9F, 0xBF], "\u{D7FF}"), ([0xEE, 0x80, 0x80], "\u{E000}"), ([0xEF, 0xBF, 0xBF], "\u{FFFF}"),
            ([0xF0, 0x90, 0x80, 0x80], "\u{10000}"), ([0xF4, 0x8F, 0xBF, 0xBF], "\u{10FFFF}"),
        ]
        for (bytes, expected) in samples {
            #expect(try JSONValue.parse(bytes: [0x22] + bytes + [0x22]) == .string(expected))
        }
    }

    @Test("non-ASCII bytes outside strings and a byte order mark are rejected")
    func bytesOutsideStrings() throws {
        #expect(try #require(parseError(bytes: [0xC3, 0xA9])).offset == 0)
        #expect(try #require(parseError(bytes: [0x5B, 0x31, 0x2C, 0xE2, 0x80, 0x8B, 0x5D])) == JSONParseError(offset: 3, column: 4, message: "expected a value"))
        #expect(try #require(parseError(bytes: [0xEF, 0xBB, 0xBF, 0x31])) == JSONParseError(offset: 0, column: 1, message: "unexpected byte order mark"))
    }

    @Test("column counts bytes from the start of the line on multi-line input")
    func columns() throws {
        let error = try #require(parseError("[\n1,\n  x]"))
        #expect(error == JSONParseError(offset: 7, column: 3, message: "expected a value"))
        #expect(error.description == "column 3 (offset 7): expected a value")
        let atLineStart = try #require(parseError("{\"a\":1\n}}"))
        #expect(atLineStart.offset == 8)
        #expect(atLineStart.column == 2)
    }

    // MARK: Unicode

    @Test("Japanese text and emoji round-trip as raw UTF-8")
    func unicodeRoundTrip() throws {
        let value = JSONValue.object([("演習", .string("侵入検知：第三段階")), ("emoji", .string("🛡️😀👩‍💻"))])
        let text = value.serialized()
        #expect(text == #"{"演習":"侵入検知：第三段階","emoji":"🛡️😀👩‍💻"}"#)
        #expect(try JSONValue.parse(text) == value)
        #expect(try JSONValue.parse(bytes: Array(text.utf8)) == value)
    }

    @Test("\\u escapes decode, including surrogate pairs in either case")
    func unicodeEscapes() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""\u65e5\u672C\u8a9E""#) == .string("日本語"))
        #expect(try JSONValue.parse(#""\u0041\u00e9\u0000\uffff""#) == .string("Aé\u{0}\u{FFFF}"))
        #expect(try JSONValue.parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
        #expect(try JSONValue.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
    }

    // MARK: Limits and robustness

    @Test("256 nested containers are accepted; the 257th is rejected at its bracket")
    func depthLimit() throws {
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        var value = try JSONValue.parse(deepest)
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            value = elements.first ?? .null
        }
        #expect(depth == 256)

        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(try #require(parseError(tooDeep)) == JSONParseError(offset: 256, column: 257, message: "nesting deeper than 256 containers"))

        let objects = String(repeating: "{\"a\":", count: 257) + "1" + String(repeating: "}", count: 257)
        #expect(try #require(parseError(objects)).offset == 256 * 5)
        let emptyAtLimit = String(repeating: "[", count: 256) + "{}" + String(repeating: "]", count: 256)
        #expect(try #require(parseError(emptyAtLimit)).offset == 256)
    }

    @Test("10,000 nested arrays are rejected cleanly, not by crashing")
    func tenThousandNestedArrays() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(try #require(parseError(text)) == JSONParseError(offset: 256, column: 257, message: "nesting deeper than 256 containers"))
        #expect(try #require(parseError(String(repeating: "[", count: 10_000))).offset == 256)
    }

    @Test("a 1 MB string with escapes and non-ASCII text round-trips")
    func megabyteString() throws {
        let unit = "alpha \"beta\"\n\\ 日本語 😀\t"
        var text = ""
        while text.utf8.count < 1_048_576 { text += unit }
        let value = JSONValue.array([.string(text)])
        let serialized = value.serialized()
        #expect(serialized.utf8.count > 1_048_576)
        #expect(try JSONValue.parse(serialized) == value)
    }

    @Test("large arrays and objects parse in one pass")
    func largeContainers() throws {
        let count = 100_000
        let array = "[" + (0..<count).map(String.init).joined(separator: ",") + "]"
        #expect(try JSONValue.parse(array).arrayValue?.count == count)
        let object = "{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        let parsed = try JSONValue.parse(object)
        #expect(parsed.objectValue?.count == count)
        #expect(parsed["k99999"] == .int(99_999))
    }

    @Test("parse(bytes:) accepts non-contiguous collections and slices")
    func byteCollections() throws {
        let text = #"{"a":[1,2.5,"x"]}"#
        let expected = try JSONValue.parse(text)
        #expect(try JSONValue.parse(bytes: text.utf8) == expected)
        #expect(try JSONValue.parse(bytes: text.utf8.lazy.map { $0 }) == expected)
        let padded = Array(("  xx" + text).utf8)
        #expect(try JSONValue.parse(bytes: padded[4...]) == expected)
        // Offsets are relative to the start of the slice.
        #expect(throws: JSONParseError(offset: 3, column: 4, message: "expected a value")) {
            try JSONValue.parse(bytes: Array("ab[1,]".utf8)[2...])
        }
    }

    @Test("10,000 deterministic random inputs never trap and errors are well-formed")
    func randomInputsNeverTrap() {
        var generator = SeededGenerator(seed: 0x5EED_1501)
        let alphabet = Array(#"{}[]",:0123456789-+.eEtrufalsn\u /bfdD8"#.utf8) + [0x20, 0x0A, 0x09, 0x00, 0x7F, 0xC3, 0xA9, 0xED, 0xF0, 0x9F, 0xFF]
        let seeds = [
            #"{"a":[1,-2.5e3,true,false,null],"b":{"c":"d\n\u00e9\ud83d\ude00"},"e":[-0.0,0.5e-3]}"#,
            #"[[[[{"x":[0.1,{"y":"日本"}]}]]]]"#,
            #""\"\\\/\b\f\n\r\t""#,
        ].map { Array($0.utf8) }
        var accepted = 0
        for round in 0..<10_000 {
            var input: [UInt8]
            switch round % 3 {
            case 0:
                // Random bytes from the whole range.
                input = (0..<Int(generator.below(48))).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            case 1:
                // Random JSON-flavoured tokens, which get much further into the grammar.
                input = (0..<Int(generator.below(64))).map { _ in alphabet[Int(generator.below(UInt64(alphabet.count)))] }
            default:
                // A valid document with a few random edits.
                input = seeds[Int(generator.below(UInt64(seeds.count)))]
                for _ in 0...generator.below(3) where !input.isEmpty {
                    let position = Int(generator.below(UInt64(input.count)))
                    switch generator.below(3) {
                    case 0: input[position] = UInt8(truncatingIfNeeded: generator.next())
                    case 1: input.remove(at: position)
                    default: input.insert(alphabet[Int(generator.below(UInt64(alphabet.count)))], at: position)
                    }
                }
            }
            do {
                let value = try JSONValue.parse(bytes: input)
                accepted += 1
                // Writing is deterministic and idempotent through the reader.
                let text = value.serialized()
                #expect((try? JSONValue.parse(text).serialized()) == text, "\(input)")
            } catch {
                #expect((0...input.count).contains(error.offset), "\(input)")
                #expect(error.column >= 1 && error.column <= error.offset + 1)
                #expect(!error.message.isEmpty && error.message == error.message.lowercased() && !error.message.hasSuffix("."))
            }
        }
        // The edited documents keep some inputs valid, so both paths are exercised.
        #expect(accepted > 100)
    }
}
