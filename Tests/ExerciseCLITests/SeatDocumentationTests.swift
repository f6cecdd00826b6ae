import Foundation
import Testing

/// Documentation/Seats.md's API examples, run as written against a live seat server, so
/// that a script exercise control copies from the page works.
@Suite("Seats.md: the API examples run")
struct SeatDocumentationTests {
    /// The shell block under the heading "### By example".
    static func script() throws -> String {
        let text = try String(contentsOf: Repository.url("Documentation/Seats.md"), encoding: .utf8)
        guard let heading = text.range(of: "### By example"),
              let open = text.range(of: "```sh\n", range: heading.upperBound..<text.endIndex),
              let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex)
        else { throw Repository.Failure("Seats.md has no sh block under '### By example'") }
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test("the example script joins, views, decides, closes a turn and reads the event stream")
    func examples() throws {
        let scratch = try Scratch()
        let journal = scratch.path("doc.jsonl")
        let server = try SeatServerProcess(["run", "Documentation/Examples/tiny.exercise", "--journal", journal, "--listen", "127.0.0.1:0", "--no-console"],
                                           journal: journal)
        defer { server.console.kill() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-e", "-c", try Self.script()]
        process.currentDirectoryURL = scratch.url
        process.environment = ProcessInfo.processInfo.environment.merging([
            "SEATS": "http://127.0.0.1:\(server.port)", "CODE": server.codes["usfj"]!, "WHITE": server.codes["white"]!,
        ]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "\"turn\":1")
        #expect(lines.count == 4 && lines[1].hasPrefix(#"{"outcome":"applied","line":"usfj note \"usfj is in the room\"","told":["#), "\(output)")
        #expect(lines.dropFirst(2).first == #""outcome":"done""#)
        #expect(lines.last == "event: change")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains(#""line":"usfj note \"usfj is in the room\"","seat":"usfj""#))
        #expect(text.contains(#""type":"turn-end""#))
    }
}
