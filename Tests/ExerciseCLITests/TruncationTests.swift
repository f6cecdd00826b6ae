import ExerciseCLI
import Foundation
import Testing

/// A journal cut off at any byte — a crash mid-write, a copy that stopped short — keeps
/// every whole step before the cut, reports what it drops, and plays on to the same
/// journal as the uncut run.
@Suite("Truncation: a journal cut at any byte of its last lines resumes to the same journal")
struct TruncationTests {
    /// The lines a turn's close writes in one step (Documentation/Journal.md, Replay).
    static let closing: Set<String> = ["restored", "deny-ended", "spoof-ended", "delivered", "tearline-ready", "missions", "turn-end", "end"]

    /// Where the step holding line `n` starts (Documentation/Journal.md, Replay): a turn's
    /// close is its run of closing lines; any other step starts with its input — a
    /// `turn`, a `decision` or an `undo` — followed by what it caused.
    static func stepStart(ofLine n: Int, in journal: JournalBytes) -> Int {
        var first = n
        if closing.contains(journal.type(ofLine: n)) {
            while first > 2, closing.contains(journal.type(ofLine: first - 1)) { first -= 1 }
        } else {
            while first > 2, !["turn", "decision", "undo"].contains(journal.type(ofLine: first)) { first -= 1 }
        }
        return first
    }

    /// What `cdx resume` must say and keep for a journal cut at byte `cut`.
    struct Expected {
        var tornBytes: Int
        var droppedLines: Int
        var keptBytes: Int

        init(cut: Int, in journal: JournalBytes) {
            let line = journal.starts.lastIndex { $0 <= cut }! + 1  // the line the cut falls in (or starts)
            tornBytes = cut - journal.starts[line - 1]
            let stepLine = TruncationTests.stepStart(ofLine: line, in: journal)
            droppedLines = line - stepLine
            keptBytes = journal.starts[stepLine - 1]
        }

        var warnings: [String] {
            var out: [String] = []
            if tornBytes > 0 { out.append("dropped a torn last line (\(tornBytes == 1 ? "1 byte" : "\(tornBytes) bytes"))") }
            if droppedLines > 0 {
                out.append("dropped the last \(droppedLines == 1 ? "1 line" : "\(droppedLines) lines") of a step that was interrupted")
            }
            return out
        }
    }

    /// Every cut inside a window of lines of the documented example journal (played at
    /// the console from Documentation/Examples/tiny.console), in-process. At each cut, a
    /// resume with nothing typed repairs the journal and stops, so what it kept can be
    /// seen. The cuts leave only a few different journals once repaired; from each of
    /// those, a resume typing the console lines not yet in it must finish byte for byte.
    @Test("cut at every byte offset of the last lines (and of a decision's lines), resume reports the torn part, keeps every whole step and finishes byte for byte",
          arguments: [
              // The last three lines: the last turn's close (missions, turn-end, end), one step.
              (from: 49, to: 51),
              // Across two steps: the inject 'white release X1' released, then a decision
              // ('white note') and the note it made. A cut inside the inject or the note drops
              // its decision line too, since that step was never acknowledged.
              (from: 22, to: 24),
          ])
    func everyOffset(from: Int, to: Int) throws {
        let scratch = try Scratch(inMemory: true)
        let golden = JournalBytes(try Repository.bytes("Documentation/Examples/tiny.jsonl"))
        let exercise = Repository.url("Documentation/Examples/tiny.exercise").path
        let typed = try String(contentsOf: Repository.url("Documentation/Examples/tiny.console"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let path = scratch.path("cut.jsonl")
        let end = to < golden.lineCount ? golden.starts[to] : golden.bytes.count
        var finished: Set<Int> = []
        var failures = 0
        for cut in golden.starts[from - 1]..<end {
            let expected = Expected(cut: cut, in: golden)
            try golden.write(to: path, upTo: cut)
            let repair = Run.cdx(["resume", path, "--exercise", exercise])
            let kept = JournalBytes(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            let warned = expected.warnings.allSatisfy(repair.errors.contains)
                && repair.errors.components(separatedBy: "warning:").count == expected.warnings.count + 1
            if repair.status != 0 || !warned || kept.bytes != Array(golden.bytes[0..<expected.keptBytes]) {
                failures += 1
                Issue.record("""
                    cut at byte \(cut) (torn \(expected.tornBytes), dropped lines \(expected.droppedLines)): status \(repair.status), \
                    kept \(kept.bytes.count) bytes, \(expected.keptBytes) expected
                    \(repair.errors)
                    """)
                if failures == 5 { return }
                continue
            }
            guard finished.insert(kept.bytes.count).inserted else { continue }
            // Each console line made one decision, undo or turn end; the rest are still to type.
            let done = (2..<(kept.lineCount + 1)).filter { ["decision", "undo", "turn-end"].contains(kept.type(ofLine: $0)) }.count
            let finish = Run.cdx(["resume", path, "--exercise", exercise], input: Array(typed.dropFirst(done)))
            #expect(finish.status == 0, "\(finish.errors)")
            #expect(!finish.errors.contains("warning:"))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == golden.bytes, "finishing after a cut at byte \(cut)")
        }
    }

    /// A few of the same cuts through the real binary, with `verify` first: it must name
    /// the line where the record stops being whole, and change nothing.
    @Test("through the binary: verify names the torn or unfinished line and changes nothing; resume keeps every whole step and finishes")
    func binary() throws {
        let scratch = try Scratch()
        let name = "pacific-shield"
        let golden = JournalBytes(try Repository.bytes("Tests/ExerciseCLITests/Snapshots/\(name).jsonl"))
        let path = scratch.path("cut.jsonl")
        let note = golden.lineCount - 3  // the note line, after its decision line
        let cuts = [golden.starts[note - 1], golden.starts[note - 1] + 1, golden.starts[note] - 1,
                    golden.starts[note + 1] + 40, golden.bytes.count - 1]
        for cut in cuts {
            let expected = Expected(cut: cut, in: golden)
            let line = golden.starts.lastIndex { $0 <= cut }! + 1
            try golden.write(to: path, upTo: cut)
            let verify = try Child.cdx(["verify", path])
            #expect(verify.status == 1)
            if expected.tornBytes > 0 {
                #expect(verify.errors.contains("cut.jsonl:\(line): torn last line (\(expected.tornBytes) byte"), "\(verify.errors)")
            } else {
                #expect(verify.errors.contains("cut.jsonl:\(line - expected.droppedLines): the last step is incomplete"), "\(verify.errors)")
            }
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == Array(golden.bytes[0..<cut]), "verify changed the journal")

            // At the console with nothing typed, resume repairs the journal and stops.
            let repair = try Child.cdx(["resume", path])
            #expect(repair.status == 0, "\(repair.errors)")
            for warning in expected.warnings { #expect(repair.errors.contains(warning), "cut \(cut): \(repair.errors)") }
            #expect(repair.output.contains("resumed inside this turn"))
            #expect(try JournalBytes(file: path).bytes == Array(golden.bytes[0..<expected.keptBytes]), "cut \(cut)")
            let finish = try Child.cdx(["resume", path, "--responses", "Exercises/\(name).responses"])
            #expect(finish.status == 0, "\(finish.errors)")
            #expect(try JournalBytes(file: path).bytes == golden.bytes)
        }
    }
}
