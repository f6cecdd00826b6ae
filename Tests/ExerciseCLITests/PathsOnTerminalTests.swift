import Foundation
import Testing

/// A file name can hold an escape sequence or a line feed as easily as a journal can: the
/// lines that name a path on success show it through the same sanitiser as the errors.
@Suite("Paths on the terminal")
struct PathsOnTerminalTests {
    static let exercise = Repository.url("Exercises/shared-vendor.exercise").path
    static let responses = Repository.url("Exercises/shared-vendor.responses").path
    static let journal = Repository.url("Tests/ExerciseCLITests/Snapshots/shared-vendor.jsonl").path
    /// Red text, a cleared screen and a line of its own, were it printed raw.
    static let hostile = "x\u{1B}[31m\u{1B}[2J\nok"
    static let shown = "x\u{FFFD}[31m\u{FFFD}[2J\u{FFFD}ok"

    static func expectNoControls(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in [("output", run.output), ("errors", run.errors)] {
            let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            #expect(raw.isEmpty, "control characters in \(name): \(text.debugDescription)", sourceLocation: sourceLocation)
        }
    }

    @Test("-o and --json: the success line shows the path with its control characters as U+FFFD", arguments: [
        (["msel", "export", exercise, "-o"], "md", "wrote the MSEL to PATH\n"),
        (["report", journal, "--exercise", exercise, "-o"], "md", "wrote the After-Action Report to PATH\n"),
        (["export", "stix", journal, "--exercise", exercise, "-o"], "json", "wrote the STIX 2.1 bundle to PATH\n"),
        (["simulate", exercise, "--runs", "3", "--jobs", "1", "--json"], "json", "wrote the summary to PATH; add shards with 'cdx merge'\n"),
    ])
    func outputPath(_ command: [String], _ ext: String, _ line: String) throws {
        let scratch = try Scratch()
        let run = Run.cdx(command + [scratch.path("\(Self.hostile).\(ext)")])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors == line.replacingOccurrences(of: "PATH", with: scratch.path("\(Self.shown).\(ext)")))
        Self.expectNoControls(run)
        #expect(FileManager.default.fileExists(atPath: scratch.path("\(Self.hostile).\(ext)")))
    }

    @Test("--journal: the run's journal line, its summary, verify's ok line and the console show the path with U+FFFD")
    func journalPath() throws {
        let scratch = try Scratch()
        let path = scratch.path("\(Self.hostile).jsonl"), shown = scratch.path("\(Self.shown).jsonl")
        let run = Run.cdx(["run", Self.exercise, "--responses", Self.responses, "--journal", path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.hasSuffix(": journal \(shown)\n"), "\(run.errors)")
        #expect(run.output.contains("  journal   \(shown) ("))
        #expect(run.output.contains("cdx verify \(shown) · cdx view \(shown) --team"))
        Self.expectNoControls(run)
        let verify = Run.cdx(["verify", path])
        #expect(verify.status == 0, "\(verify.errors)")
        #expect(verify.output.hasPrefix("\(shown): ok — "))
        Self.expectNoControls(verify)

        let console = Run.cdx(["run", Self.exercise, "--journal", scratch.path("\(Self.hostile)-2.jsonl")], input: ["quit"])
        #expect(console.status == 0, "\(console.errors)")
        #expect(console.output.contains("facilitator console. Journal: \(scratch.path("\(Self.shown)-2.jsonl"))\n"))
        #expect(console.output.contains("Continue with: cdx resume \(scratch.path("\(Self.shown)-2.jsonl"))\n"))
        Self.expectNoControls(console)
    }

    @Test("fmt --check and --write name the file with U+FFFD; so do check's and fmt's read errors")
    func formatPath() throws {
        let scratch = try Scratch()
        let path = scratch.path("\(Self.hostile).exercise"), shown = scratch.path("\(Self.shown).exercise")
        let shipped = try String(contentsOfFile: Self.exercise, encoding: .utf8)
        try Data(shipped.replacingOccurrences(of: "\n", with: "  \n").utf8).write(to: URL(fileURLWithPath: path))
        let check = Run.cdx(["fmt", "--check", path])
        #expect(check.status == 1)
        #expect(check.errors == "\(shown): not formatted; run 'cdx fmt --write \(shown)'\n")
        let write = Run.cdx(["fmt", "--write", path])
        #expect(write.status == 0, "\(write.errors)")
        #expect(write.errors == "formatted \(shown)\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == shipped)
        for command in ["check", "fmt", "lint"] {
            let missing = Run.cdx([command, scratch.path("missing-\(Self.hostile)")])
            #expect(missing.status == 1)
            #expect(missing.errors.contains("cannot read '\(scratch.path("missing-\(Self.shown)"))'"), "\(missing.errors)")
            Self.expectNoControls(missing)
        }
        Self.expectNoControls(check)
        Self.expectNoControls(write)
    }

    @Test("an -o that fails names the path on one line with U+FFFD, as the success line does")
    func failedOutputPath() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path(Self.hostile), withIntermediateDirectories: false)
        let run = Run.cdx(["msel", "export", Self.exercise, "-o", scratch.path(Self.hostile)])
        #expect(run.status == 1)
        #expect(run.errors == "cdx msel: error: cannot write '\(scratch.path(Self.shown))': it is a directory; name a file inside it\n")
        Self.expectNoControls(run)
    }
}
