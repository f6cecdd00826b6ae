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

    /// The first column of the code tables between "## Diagnostics" and "## Canonical layout".
    static func documentedCodes(in doc: String) throws -> [String] {
        let section = try #require(doc.range(of: "## Diagnostics")).upperBound
        let end = doc.range(of: "## Canonical layout")?.lowerBound ?? doc.endIndex
        return doc[section..<end].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        }
    }

    /// Where the documented codes and `Diagnostic.Code` disagree, each side sorted.
    static func disagreement(documented: [String]) -> (undocumented: [String], unknown: [String]) {
        let cases = Set(Diagnostic.Code.allCases.map(\.rawValue)), listed = Set(documented)
        return (cases.subtracting(listed).sorted(), listed.subtracting(cases).sorted())
    }

    @Test("the reference's code tables list every Diagnostic.Code once, and nothing else")
    func diagnosticTablesListCodes() throws {
        let documented = try Self.documentedCodes(in: Repository.text("Documentation/ExerciseLanguage.md"))
        let (undocumented, unknown) = Self.disagreement(documented: documented)
        #expect(undocumented.isEmpty, "codes the tools can report that the reference does not list: \(undocumented)")
        #expect(unknown.isEmpty, "codes the reference lists that are no Diagnostic.Code: \(unknown)")
        let repeated = Dictionary(grouping: documented, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "listed more than once: \(repeated)")
    }

    @Test("a code left out of the tables, or one listed that does not exist, is reported by name")
    func disagreementIsReported() throws {
        let doc = try Repository.text("Documentation/ExerciseLanguage.md")
        let doctored = doc.replacing("| `wrong-turn` |", with: "| `wrong-turns` |")
        #expect(doctored != doc)
        let (undocumented, unknown) = Self.disagreement(documented: try Self.documentedCodes(in: doctored))
        #expect(undocumented == ["wrong-turn"])
        #expect(unknown == ["wrong-turns"])
    }

    @Test("every Diagnostic.Code is used by some rule in Sources, so none is documented but never reported")
    func everyCodeIsReported() throws {
        // Outside Diagnostic.swift, where the cases are declared, a case (or the message
        // factory named after it) appears as `.caseName`; compared without case and hyphens
        // so that "invalid-utf8" finds `.invalidUTF8`.
        var text = ""
        for module in ["ExerciseScript", "ExerciseCLI"] {
            let folder = Repository.url("Sources/\(module)")
            for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            where file.pathExtension == "swift" && file.lastPathComponent != "Diagnostic.swift" {
                text += try String(contentsOf: file, encoding: .utf8).lowercased()
            }
        }
        let unused = Diagnostic.Code.allCases.filter { code in
            let name = "." + code.rawValue.replacing("-", with: "")
            var rest = text[...]
            while let found = rest.range(of: name) {
                let next = rest[found.upperBound...].first
                if !(next?.isLetter ?? false), !(next?.isNumber ?? false) { return false }
                rest = rest[found.upperBound...]
            }
            return true
        }
        #expect(unused.isEmpty, "never reported: \(unused.map(\.rawValue))")
    }
}
