import ExerciseCLI
import ExerciseCore
import Foundation
import Testing

/// Inputs the fuzz targets (Tools/fuzz) found, kept so what they broke stays fixed. See
/// Documentation/Reliability.md.
@Suite("Fuzz findings: the command line")
struct FuzzRegressionTests {
    /// The journal fuzz target reads each input a second time with its hash chain
    /// recomputed, as anyone editing a journal can; this does the same.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var previous = ""
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let content = JournalFormat.unseal(line)?.content ?? String(line)
            previous = JournalFormat.hash(content: content, previous: previous)
            out += Array((content.dropLast() + ",\"hash\":\"" + previous + "\"}\n").utf8)
        }
        return out
    }

    /// Control characters a terminal acts on: C0 but line feed and tab, DEL, C1.
    static func controls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }

    @Test("a journal event type holding DEL fails verify, and the DEL does not reach the terminal (fuzz: journal)")
    func controlCharacterInEventType() throws {
        // The journal target's minimised input: a header, then {"type":"<DEL>"}.
        let found = try #require(Data(base64Encoded: """
            eyJmb3JtYXQiOiJjZHgtam91cm5hbCIsInZlcnNpb24iOjEsImZpbGUiOiJFeGVyY2lzZXMvc2hhcmVkLXZlbmRvci5leGVy\
            Y2lzZSIsImRpZ2VzdCI6IjFhMjA2MTMyYjI0ZGNkNmFkNmYxNDJlODRkM2VmOWZjMWNjMTNhNGRjYTA4NDk0MTk5ZTU3NDBk\
            YjBhMzEyZDYifQp7InR5cGUiOiJ/In0K
            """))
        let scratch = try Scratch()
        let path = scratch.path("found.jsonl")
        try Data(Self.resealed(Array(found))).write(to: URL(fileURLWithPath: path))
        // The input names shared-vendor as it was when the fuzzer found it (kept beside the version 1 journals).
        let run = Run.cdx(["verify", path, "--exercise", Repository.url("Tests/ExerciseCLITests/Snapshots/v1/shared-vendor.exercise").path])
        #expect(run.status == 1)
        #expect(run.errors == "cdx verify: error: \(path):2: unexpected '\u{FFFD}' event here: replaying the decisions before it does not produce it\n")
    }

    @Test("escape sequences in a tampered journal cannot make a failed verify look like ok on the terminal")
    func escapeSequencesInTamperedJournal() throws {
        // What the finding allows: an event type that moves the cursor up, clears the line
        // and writes a verdict of its own, in a journal whose hash chain was recomputed.
        let original = try Repository.bytes("Documentation/Examples/tiny.jsonl")
        var lines = String(decoding: original, as: UTF8.self).split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(
            of: "\"type\":\"turn\"", with: "\"type\":\"\\u001b[1A\\u001b[2K\\rtiny.jsonl: ok \\u009b32m\"")
        let scratch = try Scratch()
        let path = scratch.path("tampered.jsonl")
        try Data(Self.resealed(Array((lines.joined(separator: "\n") + "\n").utf8))).write(to: URL(fileURLWithPath: path))
        let run = Run.cdx(["verify", path, "--exercise", Repository.url("Documentation/Examples/tiny.exercise").path])
        #expect(run.status == 1)
        #expect(run.errors.contains("\(path):2: unexpected '\u{FFFD}[1A\u{FFFD}[2K\u{FFFD}tiny.jsonl: ok \u{FFFD}32m' event here"))
        #expect(Self.controls(run.errors).isEmpty)
    }

    @Test("a control character in an unknown option or command is shown as U+FFFD (fuzz: arguments)")
    func controlCharacterInArguments() {
        // The arguments target's input: one argument, '-', '$', U+0001.
        let check = Run.cdx(["check", "-$\u{01}"])
        #expect(check.status == 64)
        #expect(check.errors == "cdx check: error: unknown option '-$\u{FFFD}'\nsee 'cdx check --help'\n")
        let command = Run.cdx(["-$\u{01}"])
        #expect(command.status == 64)
        #expect(command.errors == "cdx: error: unknown command '-$\u{FFFD}'\nsee 'cdx --help'\n")
    }
}
