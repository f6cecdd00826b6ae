import ExerciseCore
import ExerciseScript
import Testing

/// Bad input never crashes: each shipped exercise is mutated 10,000 times with a fixed
/// seed (lines deleted, duplicated and swapped; cut at a random byte; random bytes
/// inserted) and `check` must return diagnostics at real positions, never trap.
@Suite("Mutated exercises")
struct MutationTests {
    static func mutate(_ original: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        var bytes: [UInt8]
        let rounds = 1 + Int(rng.below(3))
        for _ in 0..<rounds {
            guard !lines.isEmpty else { break }
            let i = Int(rng.below(UInt64(lines.count)))
            switch rng.below(6) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2:
                let j = Int(rng.below(UInt64(lines.count)))
                lines.swapAt(i, j)
            case 3:
                // Replace a word-ish span with random printable or raw bytes.
                var line = lines[i]
                let at = line.isEmpty ? 0 : Int(rng.below(UInt64(line.count)))
                let n = 1 + Int(rng.below(4))
                let raw = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                line.insert(contentsOf: raw, at: at)
                lines[i] = line
            case 4:
                var line = lines[i]
                if !line.isEmpty { line.remove(at: Int(rng.below(UInt64(line.count)))) }
                lines[i] = line
            default:
                let specials: [[UInt8]] = [Array("\"".utf8), Array("->".utf8), Array("#".utf8), [0x09], [0xFF], [0xC3],
                                            Array(" turn".utf8), Array("+99:99".utf8), [0x00]]
                let s = specials[Int(rng.below(UInt64(specials.count)))]
                let at = lines[i].isEmpty ? 0 : Int(rng.below(UInt64(lines[i].count + 1)))
                lines[i].insert(contentsOf: s, at: at)
            }
        }
        bytes = Array(lines.joined(separator: [0x0A]))
        if rng.below(4) == 0, !bytes.isEmpty { bytes = Array(bytes[0..<Int(rng.below(UInt64(bytes.count)))]) }
        return bytes
    }

    @Test("check never traps and every diagnostic points into the file", arguments: Repository.shippedExercises)
    func mutations(name: String) throws {
        let original = try Repository.bytes("Exercises/\(name)")
        var rng = SeededGenerator(seed: 20261124)
        var withErrors = 0
        for _ in 0..<10_000 {
            let bytes = Self.mutate(original, &rng)
            let result = ExerciseChecker.check(bytes: bytes)
            let lineCount = result.source.lines.count
            for d in result.diagnostics {
                let valid = d.location.line >= 1 && d.location.line <= max(1, lineCount) && d.location.column >= 1
                    && d.location.column <= (d.location.line <= lineCount
                        ? result.source.displayScalars(line: d.location.line).count + 1
                        : 1)
                #expect(valid, "\(d.location) \(d.code) outside the file (\(lineCount) lines)")
                if !valid { return }
            }
            if result.diagnostics.hasErrors { withErrors += 1 } else { #expect(result.exercise != nil) }
        }
        // The mutations must actually break things most of the time, or the test tests nothing.
        #expect(withErrors > 5_000)
    }

    @Test("formatting a mutated file that can be formatted keeps its tokens and is idempotent")
    func formatterOnMutations() throws {
        let original = try Repository.bytes("Exercises/pacific-shield.exercise")
        var rng = SeededGenerator(seed: 7)
        var formatted = 0
        for _ in 0..<1_000 {
            let bytes = Self.mutate(original, &rng)
            guard let once = ExerciseFormatter.format(SourceText(bytes: bytes)) else { continue }
            formatted += 1
            #expect(ExerciseFormatter.format(SourceText(once)) == once)
            let input = String(decoding: bytes, as: UTF8.self)
            #expect(FormatterTests.tokens(once) == FormatterTests.tokens(input))
        }
        #expect(formatted > 100)
    }

    @Test("extreme inputs: empty, a 10 MB line, deep indentation, binary, only a BOM")
    func extremes() {
        let inputs: [[UInt8]] = [
            [],
            [0xEF, 0xBB, 0xBF],
            Array("exercise \"".utf8) + Array(repeating: UInt8(ascii: "a"), count: 10_000_000),
            Array((String(repeating: " ", count: 100_000) + "x\n").utf8),
            (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) },
            Array(String(repeating: "\"", count: 50_001).utf8),
            Array(String(repeating: "a->", count: 10_000).utf8),
        ]
        for bytes in inputs {
            let result = ExerciseChecker.check(bytes: bytes)
            #expect(result.diagnostics.hasErrors)
            for d in result.diagnostics { #expect(d.location.line >= 1 && d.location.column >= 1) }
            _ = DiagnosticRenderer(path: "x", source: result.source).render(result.diagnostics)
        }
    }
}
