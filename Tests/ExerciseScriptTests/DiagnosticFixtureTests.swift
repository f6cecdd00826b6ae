import ExerciseCore
import ExerciseScript
import Foundation
import Testing

/// The invalid-file corpus: each fixture lists the exact diagnostics it must give as
/// `# expect LINE:COL SEVERITY CODE` comments (or in a sidecar `.expect` file for files
/// that cannot carry comments, such as an empty one).
@Suite("Diagnostics of invalid files")
struct DiagnosticFixtureTests {
    static let folder = "Tests/ExerciseScriptTests/Fixtures/invalid"

    static func fixtures() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".exercise") }.sorted()
    }

    static func expectations(_ name: String, _ bytes: [UInt8]) throws -> [String] {
        var text = String(decoding: bytes, as: UTF8.self)
        let sidecar = Repository.url("\(folder)/\(name.dropLast(".exercise".count)).expect")
        if FileManager.default.fileExists(atPath: sidecar.path) { text = try String(contentsOf: sidecar, encoding: .utf8) }
        var out: [String] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.hasPrefix("\u{FEFF}") ? line.dropFirst() : line[...]
            guard trimmed.hasPrefix("# expect ") else { continue }
            let rest = trimmed.dropFirst("# expect ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            if rest != "none" { out.append(rest.split(separator: " ").joined(separator: " ")) }
        }
        return out.sorted()
    }

    @Test("the corpus covers at least 40 distinct diagnostics")
    func coverage() throws {
        var codes = Set<String>()
        for name in Self.fixtures() {
            let bytes = try Repository.bytes("\(Self.folder)/\(name)")
            for e in try Self.expectations(name, bytes) { codes.insert(String(e.split(separator: " ").last ?? "")) }
        }
        #expect(codes.count >= 40, "only \(codes.count) distinct codes: \(codes.sorted())")
    }

    @Test("each fixture gives exactly its expected diagnostics, by line and column", arguments: fixtures())
    func fixture(name: String) throws {
        let bytes = try Repository.bytes("\(Self.folder)/\(name)")
        let expected = try Self.expectations(name, bytes)
        let result = ExerciseChecker.check(bytes: bytes)
        let actual = result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity.rawValue) \($0.code.rawValue)" }.sorted()
        #expect(actual == expected, "\(name):\n\(DiagnosticRenderer(path: name, source: result.source).render(result.diagnostics))")
    }
}
