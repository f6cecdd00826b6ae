import ExerciseCLI
import ExerciseCore
import ExerciseScript
import Foundation
import Testing
import Umpire

/// The journals the codec must read back exactly: the shipped games and the Journal.md example.
private let journals = Repository.shipped.map { "Tests/ExerciseCLITests/Snapshots/\($0).jsonl" } + ["Documentation/Examples/tiny.jsonl"]

/// A journal's exercise (named by its header, relative to the repository) and its lines.
private func load(_ journal: String) throws -> (Exercise, [String]) {
    let lines = try String(contentsOf: Repository.url(journal), encoding: .utf8).split(separator: "\n").map(String.init)
    let header = try JSONValue.parse(try #require(lines.first))
    let file = try #require(header["file"]?.stringValue)
    let exercise = try #require(ExerciseChecker.check(bytes: try Repository.bytes(file)).exercise)
    return (exercise, lines)
}

/// Every event of the journal, decoded.
private func decode(_ lines: [String], _ codec: JournalCodec) throws -> [Event] {
    try lines.dropFirst().map { try codec.decode(try JSONValue.parse($0)) }
}

@Suite("The journal codec: every line decodes to its event and re-encodes byte for byte")
struct JournalCodecTests {
    @Test("each golden journal and the Journal.md example round-trip, hash chain included", arguments: journals)
    func roundTrip(journal: String) throws {
        let (exercise, lines) = try load(journal)
        let codec = JournalCodec(exercise: exercise)
        var previous = try #require(JournalFormat.unseal(Substring(lines[0]))).hash
        for (n, line) in lines.enumerated().dropFirst() {
            let event = try codec.decode(try JSONValue.parse(line))
            let sealed = JournalFormat.seal(event.json(in: exercise), previous: previous)
            #expect(sealed.line == line, "\(journal):\(n + 1)")
            previous = sealed.hash
        }
    }

    @Test("decoded events score as the golden scorecards do", arguments: Repository.shipped)
    func decodedEventsScore(name: String) throws {
        let (exercise, lines) = try load("Tests/ExerciseCLITests/Snapshots/\(name).jsonl")
        let events = try decode(lines, JournalCodec(exercise: exercise))
        let golden = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).score.json"), encoding: .utf8)
        #expect(Umpire.score(exercise, events: events).json(in: exercise).serialized() + "\n" == golden)
    }

    @Test("rewording every refusal to nonsense changes no score, no count of rules and no golden scorecard", arguments: Repository.shipped)
    func nonsenseMessages(name: String) throws {
        let (exercise, lines) = try load("Tests/ExerciseCLITests/Snapshots/\(name).jsonl")
        let codec = JournalCodec(exercise: exercise)
        var reworded = 0
        let nonsense = try lines.map { line -> String in
            let object = try JSONValue.parse(line)
            guard object["outcome"]?.stringValue == "rejected", let members = object.objectValue else { return line }
            reworded += 1
            return JSONValue.object(members.map { $0.key == "reason" ? ($0.key, .string("zqx \(reworded) wibble plonk")) : $0 }).serialized()
        }
        #expect(reworded >= 3, "the game should hold refusals for this test to mean something")
        let original = Umpire.score(exercise, events: try decode(lines, codec))
        let scored = Umpire.score(exercise, events: try decode(nonsense, codec))
        #expect(scored == original)
        #expect(scored.rejections.map(\.rule) == original.rejections.map(\.rule))
        #expect(scored.rejections.map(\.count) == original.rejections.map(\.count))
        let golden = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).score.json"), encoding: .utf8)
        #expect(scored.json(in: exercise).serialized() + "\n" == golden)
    }

    /// Where each version 1 journal (written by cdx 0.1.0 from the exercise file kept beside it)
    /// first meets a rule that changed since (in 0.2.0, or a loud effect's alert in 0.3.0), and
    /// what the journal holds there.
    static let firstChangedRule: [(name: String, line: Int, what: String)] = [
        ("pacific-shield", 152, "make a tearline first"),  // the refusal's sentence names the card's missing tearline now
        ("harbour-and-airbase", 76, #""effect":"spread""#),  // 0.3.0: a loud effect alerts its owner first
        ("shared-vendor", 56, #""actor":"vendorsc""#),
        ("tiny", 30, "jcdc tearline X1"),  // a card without a releasable version cannot be tearlined
    ]

    @Test("a version 1 journal replays under today's rules up to the first rule that changed, and says to use the cdx that wrote it",
          arguments: firstChangedRule)
    func versionOne(name: String, line: Int, what: String) throws {
        let v1 = Repository.url("Tests/ExerciseCLITests/Snapshots/v1/\(name).jsonl").path
        let exercise = Repository.url("Tests/ExerciseCLITests/Snapshots/v1/\(name).exercise").path
        for command in ["verify", "score"] {
            let run = Run.cdx([command, v1, "--exercise", exercise])
            #expect(run.status == 1)
            #expect(run.errors.contains("\(v1):\(line): replaying gives a different event here"), "\(run.errors)")
            #expect(run.errors.contains("(the journal was written by cdx 0.1.0 and this is cdx \(CDX.version): replay it with the cdx that wrote it)"))
            let journalLine = try #require(run.errors.split(separator: "\n").first { $0.hasPrefix("  journal: ") })
            #expect(journalLine.contains(what), "\(journalLine)")
        }
    }

    @Test("a version 3 journal (cdx 0.2.0) verifies when its game met no rule that changed, and otherwise stops at the first loud effect",
          arguments: [("pacific-shield", nil, nil), ("harbour-and-airbase", 76, "msdf-ws"), ("shared-vendor", 175, "ssg-gw")] as [(String, Int?, String?)])
    func versionThree(name: String, line: Int?, asset: String?) throws {
        let v3 = Repository.url("Tests/ExerciseCLITests/Snapshots/v3/\(name).jsonl").path
        let exercise = Repository.url("Tests/ExerciseCLITests/Snapshots/v3/\(name).exercise").path
        let run = Run.cdx(["verify", v3, "--exercise", exercise])
        guard let line, let asset else {
            #expect(run.status == 0, "\(run.errors)")
            return
        }
        #expect(run.status == 1)
        #expect(run.errors.contains("\(v3):\(line): replaying gives a different event here"), "\(run.errors)")
        // Since 0.3.0 a loud effect on a compromised asset alerts its owner: the replay has the alert.
        #expect(run.errors.contains(#""type":"alert","team":"msdf","asset":"\#(asset)","source":"impact""#), "\(run.errors)")
        #expect(run.errors.contains("(the journal was written by cdx 0.2.0 and this is cdx \(CDX.version): replay it with the cdx that wrote it)"))
    }

    @Test("resuming a version 1 journal appends version 1 lines: cut after turn 10 and resumed, it verifies and stays version 1")
    func resumeVersionOne() throws {
        let scratch = try Scratch()
        let golden = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/v1/pacific-shield.jsonl"), encoding: .utf8)
        let lines = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.contains(#""turn":10,"#) && $0.contains(#""type":"turn-end""#) })
        let journal = scratch.path("v1.jsonl")
        try (lines[...cut].joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        let exercise = Repository.url("Tests/ExerciseCLITests/Snapshots/v1/pacific-shield.exercise").path
        let run = Run.cdx(["resume", journal, "--responses", Repository.url("Tests/ExerciseCLITests/Snapshots/v1/pacific-shield.responses").path,
                           "--exercise", exercise])
        #expect(run.status == 0, "\(run.errors)")
        let resumed = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        // The first ten turns are as they were (the rules that changed come later in this game) ...
        #expect(Array(resumed.prefix(cut + 1)) == Array(lines[...cut]))
        #expect(resumed.count > cut + 100)
        // ... and what was appended is version 1: decisions carry their line, not typed fields.
        let decisions = resumed.dropFirst(cut + 1).filter { $0.contains(#""type":"decision""#) }
        #expect(!decisions.isEmpty)
        #expect(decisions.allSatisfy { $0.contains(#""line":"#) && !$0.contains(#""verb":"#) })
        let verify = Run.cdx(["verify", journal, "--exercise", exercise])
        #expect(verify.status == 0, "\(verify.errors)")
    }

    @Test("a line that does not fit the exercise is refused, saying which field", arguments: [
        (#""team":"usfj""#, #""team":"usjf""#, "unknown team 'usjf' in 'team'"),
        (#""rejection":"no-authority""#, #""rejection":"over-capacity""#, "rejection 'over-capacity' does not fit a 'contain' decision"),
        (#""verb":"contain""#, #""verb":"contian""#, "unknown verb 'contian'"),
        (#""outcome":"rejected""#, #""outcome":"maybe""#, "outcome 'maybe' is neither 'applied' nor 'rejected'"),
        (#""line":"usfj contain mail""#, #""line":"usfj contain web""#, "the 'decision' line does not match this exercise (its fields are not what cdx writes for it)"),
    ])
    func refusals(original: String, edited: String, message: String) throws {
        let (exercise, lines) = try load("Documentation/Examples/tiny.jsonl")
        let codec = JournalCodec(exercise: exercise)
        let line = try #require(lines.first { $0.contains(#""rejection":"no-authority""#) })
        #expect(line.contains(original))
        let object = try JSONValue.parse(line.replacingOccurrences(of: original, with: edited))
        #expect(throws: JournalCodec.Failure(message)) { try codec.decode(object) }
    }
}
