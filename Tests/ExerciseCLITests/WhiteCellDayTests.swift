import ExerciseCLI
import ExerciseCore
import Foundation
import Testing

/// A facilitator's whole day of Pacific Shield, typed at the console
/// (Documentation/Examples/pacific-shield-day.console): every white-cell line of issue 16 —
/// an inject written during play (timed and manual), one delayed, one advanced, one
/// cancelled, quiet turns skipped, a change undone — on the bilingual exercise. Its journal
/// and scorecard are committed; a change to either is a change to the game, read line by line.
@Suite("The white cell's day: a golden game played at the console", .serialized)
struct WhiteCellDayTests {
    static let transcript = "Documentation/Examples/pacific-shield-day.console"
    static let golden = "Tests/ExerciseCLITests/Snapshots/pacific-shield-day.jsonl"
    static let goldenScore = "Tests/ExerciseCLITests/Snapshots/pacific-shield-day.score.json"

    static func play(_ journal: String) throws -> Binary.Result {
        let input = try String(contentsOf: Repository.url(transcript), encoding: .utf8)
        return try Binary.run(["run", "Exercises/pacific-shield.exercise", "--journal", journal], input: input)
    }

    @Test("the transcript gives the committed journal byte for byte, and it verifies and scores as committed")
    func golden() throws {
        let scratch = try Scratch()
        let journal = scratch.path("day.jsonl")
        let run = try Self.play(journal)
        #expect(run.status == 0, "\(run.errors)")
        #expect(!run.output.contains("error:"), "a line of the transcript was refused:\n\(run.output)")
        let produced = Array(try Data(contentsOf: URL(fileURLWithPath: journal)))
        let score = try Binary.run(["score", journal, "--json"])
        #expect(score.status == 0, "\(score.errors)")
        if ProcessInfo.processInfo.environment["CDX_RECORD"] == "1" {
            try Data(produced).write(to: Repository.url(Self.golden))
            try Data(score.output.utf8).write(to: Repository.url(Self.goldenScore))
        }
        #expect(produced == (try Repository.bytes(Self.golden)), "re-record on purpose with CDX_RECORD=1 swift test")
        #expect(score.output == String(decoding: try Repository.bytes(Self.goldenScore), as: UTF8.self))
        #expect(try Binary.run(["verify", Self.golden]).status == 0)
    }

    @Test("the day uses every white-cell line, each applied; the skips passed quiet turns")
    func everyLine() throws {
        let text = String(decoding: try Repository.bytes(Self.golden), as: UTF8.self)
        let decisions = text.split(separator: "\n").filter { $0.contains("\"type\":\"decision\"") && $0.contains("\"team\":\"white\"") }
        for verb in ["inject", "delay", "advance", "cancel", "release", "judge", "note"] {
            #expect(decisions.contains { $0.contains("\"verb\":\"\(verb)\"") && $0.contains("\"outcome\":\"applied\"") },
                    "no applied white \(verb)")
        }
        #expect(text.contains("\"type\":\"undo\""))
        #expect(text.contains("\"type\":\"end\""), "the day is played to ENDEX")
        let scratch = try Scratch()
        let run = try Self.play(scratch.path("day.jsonl"))
        #expect(run.output.contains("quiet turn"), "no skip passed a quiet turn")
    }
}
