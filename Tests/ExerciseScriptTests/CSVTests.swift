import ExerciseCore
import ExerciseScript
import Testing

@Suite("CSV (RFC 4180)")
struct CSVTests {
    @Test("the writer quotes only fields with a comma, quote, CR or LF, doubling quotes")
    func writerQuoting() {
        #expect(CSV.field("plain text") == "plain text")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSV.field("cr\ronly") == "\"cr\ronly\"")
        #expect(CSV.field("") == "")
        #expect(CSV.field("a;b", separator: ";") == "\"a;b\"")
    }

    @Test("the writer ends every row with CRLF and adds a BOM only when asked")
    func writerLines() {
        #expect(CSV.write([["a", "b"], ["c", ""]]) == "a,b\r\nc,\r\n")
        #expect(CSV.write([["x"]], bom: true) == "\u{FEFF}x\r\n")
        #expect(CSV.write([]) == "")
    }

    @Test("the reader skips a BOM and accepts CRLF, LF and CR line ends")
    func lineEnds() {
        for text in ["\u{FEFF}a,b\r\nc,d\r\n", "a,b\nc,d\n", "a,b\rc,d\r", "a,b\r\nc,d"] {
            let doc = CSV.read(text)
            #expect(doc.rows.map(\.fields) == [["a", "b"], ["c", "d"]], "\(Array(text.utf8))")
            #expect(doc.problems.isEmpty)
        }
        #expect(CSV.read("\u{FEFF}a\r\n").hadBOM)
        #expect(!CSV.read("a\r\n").hadBOM)
    }

    @Test("quoted fields keep commas, line breaks and doubled quotes")
    func quoted() {
        let doc = CSV.read("id,text\r\n1,\"one, two\r\nthree \"\"four\"\"\"\r\n2,\"\"\r\n")
        #expect(doc.rows.map(\.fields) == [["id", "text"], ["1", "one, two\r\nthree \"four\""], ["2", ""]])
        #expect(doc.rows.map(\.number) == [1, 2, 3])
        #expect(doc.rows.map(\.line) == [1, 2, 4])
        #expect(doc.problems.isEmpty)
    }

    @Test("blank rows count as spreadsheet rows and ragged rows keep their length")
    func blankAndRagged() {
        let doc = CSV.read("a,b,c\n\n1\n1,2,3,4\n,,\n")
        #expect(doc.rows.map(\.fields) == [["a", "b", "c"], [""], ["1"], ["1", "2", "3", "4"], ["", "", ""]])
        #expect(doc.rows.map(\.number) == [1, 2, 3, 4, 5])
        #expect(doc.rows[1].isBlank && doc.rows[4].isBlank && !doc.rows[2].isBlank)
    }

    @Test("an unterminated quote is an error at the row and column where it opened")
    func unterminated() throws {
        let doc = CSV.read("a,b\n1,2\n3,\"never closed\n4,5\n")
        let problem = try #require(doc.problems.first)
        #expect(problem.isError)
        #expect((problem.row, problem.column) == (3, 2))
        #expect(problem.message.contains("unterminated"))
    }

    @Test("text after a closing quote is kept, with a warning at its cell")
    func textAfterQuote() throws {
        let doc = CSV.read("x,\"ab\"cd,y\n")
        #expect(doc.rows.map(\.fields) == [["x", "abcd", "y"]])
        let problem = try #require(doc.problems.first)
        #expect(!problem.isError && problem.row == 1 && problem.column == 2)
    }

    @Test("a quote inside an unquoted field is kept literally, as spreadsheets do")
    func bareQuote() {
        #expect(CSV.read("5\" floppy,x\n").rows.map(\.fields) == [["5\" floppy", "x"]])
    }

    @Test("invalid UTF-8 becomes U+FFFD with one warning naming the cell")
    func invalidUTF8() throws {
        let doc = CSV.read(bytes: Array("a,b\nok,".utf8) + [0xE9, 0x74, 0xE9] + Array("\n\u{FF}\n".utf8))
        #expect(doc.rows[1].fields == ["ok", "\u{FFFD}t\u{FFFD}"])
        #expect(doc.problems.count == 1)
        let problem = try #require(doc.problems.first)
        #expect(!problem.isError && problem.row == 2 && problem.column == 2)
    }

    @Test("empty input has no rows; a last row without a line end is read")
    func edges() {
        #expect(CSV.read("").rows.isEmpty)
        #expect(CSV.read("\u{FEFF}").rows.isEmpty)
        #expect(CSV.read("a,\"b\"").rows.map(\.fields) == [["a", "b"]])
        #expect(CSV.read("\"\"").rows.map(\.fields) == [[""]])
        #expect(CSV.read(",").rows.map(\.fields) == [["", ""]])
    }

    @Test("the separator is sniffed from the first line: comma, semicolon or tab")
    func sniff() {
        #expect(CSV.sniffSeparator(Array("a,b;c,d\n".utf8)) == UInt8(ascii: ","))
        #expect(CSV.sniffSeparator(Array("\na;b;\"x,y,z\"\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSV.sniffSeparator(Array("a\tb\tc\n".utf8)) == 0x09)
        #expect(CSV.read("a;\"b;c\"\n", separator: UInt8(ascii: ";")).rows.map(\.fields) == [["a", "b;c"]])
    }

    @Test("writing then reading gives back any table (1,000 seeded random tables)")
    func roundTrip() {
        var rng = SeededGenerator(seed: 4180)
        let alphabet: [String] = ["a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", "é", "東", "#", ";", "\t", "🛡"]
        for _ in 0..<1000 {
            let rowCount = Int(rng.below(5)) + 1
            var table: [[String]] = []
            for _ in 0..<rowCount {
                let columns = Int(rng.below(4)) + 1
                table.append((0..<columns).map { _ in
                    (0..<Int(rng.below(6))).map { _ in alphabet[Int(rng.below(UInt64(alphabet.count)))] }.joined()
                })
            }
            // A row of one empty field is written as an empty line; it reads back as [""] too.
            let text = CSV.write(table, bom: rng.below(2) == 0)
            let doc = CSV.read(text)
            #expect(doc.rows.map(\.fields) == table, "\(table)")
            #expect(doc.problems.isEmpty)
        }
    }

    @Test("never traps on any bytes (10,000 seeded random inputs)")
    func fuzz() {
        var rng = SeededGenerator(seed: 20261124)
        let interesting: [UInt8] = [0x22, 0x2C, 0x0D, 0x0A, 0x3B, 0x09, 0x00, 0xEF, 0xBB, 0xBF, 0xFF, 0xC3, 0xA9, 0x61, 0x23, 0x20]
        for i in 0..<10_000 {
            let count = Int(rng.below(64))
            let bytes: [UInt8] = (0..<count).map { _ in
                rng.below(4) == 0 ? UInt8(truncatingIfNeeded: rng.next()) : interesting[Int(rng.below(UInt64(interesting.count)))]
            }
            let separator = CSV.sniffSeparator(bytes)
            let doc = CSV.read(bytes: bytes, separator: separator)
            #expect(doc.rows.count <= count + 1)
            for p in doc.problems { #expect(p.row >= 1 && p.column >= 1) }
            // The importer must not trap either, whatever the CSV holds.
            if i % 10 == 0 { _ = MSEL.importCSV(bytes: Array("Event Number,Time,Message\n".utf8) + bytes) }
        }
    }
}
