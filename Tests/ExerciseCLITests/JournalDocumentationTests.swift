import ExerciseCLI
import ExerciseCore
import Foundation
import Testing

@Suite("Documentation/Journal.md")
struct JournalDocumentationTests {
    @Test("the example journal in the document is the example file, and it holds every event type")
    func example() throws {
        let doc = try String(contentsOf: Repository.url("Documentation/Journal.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```jsonl\n")).upperBound
        let end = try #require(doc[start...].range(of: "```")).lowerBound
        let block = String(doc[start..<end])
        let file = try String(contentsOf: Repository.url("Documentation/Examples/tiny.jsonl"), encoding: .utf8)
        #expect(block == file)
        var types = Set<String>()
        for (n, line) in block.split(separator: "\n").enumerated() {
            let object = try JSONValue.parse(String(line))
            if n == 0 {
                #expect(object["format"]?.stringValue == JournalFormat.name)
            } else {
                types.insert(try #require(object["type"]?.stringValue))
                #expect(object["seq"]?.intValue == n)
            }
        }
        // Every type but `withheld`: the checker refuses an exercise that could withhold a card
        // (EngineTests plays one built without the checker), and a share is checked when sent.
        #expect(types == Set(Event.types).subtracting(["withheld"]))
        // Every type the document's table lists is a real one, and all are listed.
        for type in Event.types { #expect(doc.contains("| `\(type)` |"), "\(type) missing from the table") }
        // Every refusal's journal name is in the table of rules.
        for name in Rejection.names { #expect(doc.contains("`\(name)`"), "rejection '\(name)' missing from Journal.md") }
    }

    @Test("the example verifies, and replaying its console lines reproduces it byte for byte")
    func replay() throws {
        let verify = try Binary.run(["verify", "Documentation/Examples/tiny.jsonl"])
        #expect(verify.status == 0, "\(verify.errors)")
        let scratch = try Scratch()
        let journal = scratch.path("tiny.jsonl")
        let input = try String(contentsOf: Repository.url("Documentation/Examples/tiny.console"), encoding: .utf8)
        let run = try Binary.run(["run", "Documentation/Examples/tiny.exercise", "--journal", journal], input: input)
        #expect(run.status == 0, "\(run.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == Data(contentsOf: Repository.url("Documentation/Examples/tiny.jsonl")))
    }
}
