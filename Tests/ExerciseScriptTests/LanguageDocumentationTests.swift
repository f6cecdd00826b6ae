import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@Suite("Documentation/ExerciseLanguage.md")
struct LanguageDocumentationTests {
    /// The fenced blocks marked `exercise`, in order.
    static func blocks() throws -> [String] {
        let doc = try Repository.text("Documentation/ExerciseLanguage.md")
        var blocks: [String] = []
        var current: [Substring]?
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```exercise" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    @Test("every exercise example in the reference checks clean, appended to the prelude and the blocks before it")
    func examplesCheck() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count >= 10)
        var file = ""
        for (n, block) in blocks.enumerated() {
            file += block + "\n"
            let result = ExerciseChecker.check(text: file)
            let problems = result.diagnostics.map { "\($0.location): \($0.severity) \($0.code): \($0.message)" }
            #expect(problems.isEmpty, "block \(n + 1) of the reference: \(problems)")
            #expect(result.exercise != nil)
        }
    }

    @Test("the prelude alone is a complete exercise")
    func preludeIsComplete() throws {
        let prelude = try #require(try Self.blocks().first)
        let exercise = try #require(ExerciseChecker.check(text: prelude).exercise)
        #expect(exercise.title == "Pacific Shield 26")
        #expect(exercise.turns == 24)
        #expect(exercise.turnMinutes == 30)
        #expect(exercise.teams.map(\.id) == ["jcdc", "gsdf", "usfj", "white"])
    }

    @Test("every diagnostic code in the reference's table is one the checker can emit, and vice versa for fixtures")
    func diagnosticTableListsCodes() throws {
        let doc = try Repository.text("Documentation/ExerciseLanguage.md")
        let section = try #require(doc.range(of: "## Diagnostics")).upperBound
        let end = doc.range(of: "## Canonical layout")?.lowerBound ?? doc.endIndex
        let codes = doc[section..<end].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        }
        #expect(codes.count >= 40)
        let sources = try FileManager.default.contentsOfDirectory(
            at: Repository.url("Sources/ExerciseScript"), includingPropertiesForKeys: nil)
        let code = try sources.map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        let neverEmitted = codes.filter { !code.contains("\"\($0)\"") }
        #expect(neverEmitted.isEmpty, "documented but never emitted: \(neverEmitted)")
    }
}
