import ExerciseCLI
import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@Suite("Team views and handouts show a team only what it may know")
struct TeamViewTests {
    struct Case: CustomStringConvertible, Sendable {
        var exercise: String
        var team: String
        var description: String { "\(exercise) \(team)" }
    }

    static var cases: [Case] {
        Repository.shipped.flatMap { name in
            ["jcdc", "gsdf", "msdf", "asdf", "usfj"].map { Case(exercise: name, team: $0) }
        }
    }

    static func load(_ name: String) throws -> Exercise {
        try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/\(name).exercise")).exercise)
    }

    /// Text no non-white team should ever see: actors, effects, correctness, mission states.
    static func groundTruthMarkers(_ x: Exercise) -> [String] {
        x.actors.map(\.id) + ["ground truth", "FALSE report", " is correct", "missions:", "compromised by", "UNDETECTED"]
    }

    @Test("view shows no card the team neither received nor was sent, and no ground truth", arguments: cases)
    func view(c: Case) throws {
        let x = try Self.load(c.exercise)
        let t = try #require(x.teams.firstIndex { $0.id == c.team })
        let run = Run.cdx(["view", Repository.url("Tests/ExerciseCLITests/Snapshots/\(c.exercise).jsonl").path, "--team", c.team,
                           "--exercise", Repository.url("Exercises/\(c.exercise).exercise").path])
        #expect(run.status == 0, "\(run.errors)")
        let journal = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(c.exercise).jsonl"), encoding: .utf8)
        let deliveredToTeam = Set(journal.split(separator: "\n").filter {
            $0.contains("\"type\":\"delivered\"") && $0.contains("\"to\":\"\(c.team)\"")
        }.compactMap { line -> String? in
            guard let r = line.range(of: "\"inject\":\"") else { return nil }
            return String(line[r.upperBound...].prefix { $0 != "\"" })
        })
        for inject in x.injects where !inject.recipients.contains(t) && !deliveredToTeam.contains(inject.id) {
            #expect(!run.output.contains("[\(inject.id)] \(inject.title)"), "\(c): card \(inject.id) leaked")
            for translation in inject.translations {
                for text in [translation.title, translation.text].compactMap({ $0 }) { #expect(!run.output.contains(text), "\(c): \(inject.id) leaked") }
            }
            if let sentence = inject.text.split(separator: ".").first, sentence.count > 25 {
                #expect(!run.output.contains(sentence), "\(c): text of \(inject.id) leaked")
            }
        }
        for marker in Self.groundTruthMarkers(x) {
            #expect(!run.output.contains(marker), "\(c): '\(marker)' in the view")
        }
        #expect(run.output.contains("View of \(c.team)"))
    }

    @Test("handout gives exactly the team's cards, without effects, techniques or expectations", arguments: cases)
    func handout(c: Case) throws {
        let x = try Self.load(c.exercise)
        let t = try #require(x.teams.firstIndex { $0.id == c.team })
        let run = Run.cdx(["handout", Repository.url("Exercises/\(c.exercise).exercise").path, "--team", c.team])
        #expect(run.status == 0, "\(run.errors)")
        for (i, inject) in x.injects.enumerated() {
            // In the team's language, with every other language the card is written in after it.
            let shown = run.output.contains("[\(inject.id)] \(x.card(i, for: t).title)")
            #expect(shown == inject.recipients.contains(t), "\(c): card \(inject.id)")
            for other in x.otherCards(i, besides: x.card(i, for: t).language) {
                #expect(run.output.contains("[\(other.language.name)] \(other.title)") == inject.recipients.contains(t), "\(c): \(inject.id) in \(other.language)")
            }
            if !inject.recipients.contains(t), let sentence = inject.text.split(separator: ".").first, sentence.count > 25 {
                #expect(!run.output.contains(sentence))
            }
            for translation in inject.translations where !inject.recipients.contains(t) {
                for text in [translation.title, translation.text].compactMap({ $0 }) { #expect(!run.output.contains(text), "\(c): \(inject.id) leaked") }
            }
            for technique in inject.techniques { #expect(!run.output.contains(technique), "\(c): \(technique)") }
        }
        for marker in Self.groundTruthMarkers(x) {
            #expect(!run.output.contains(marker), "\(c): '\(marker)' in the handout")
        }
        for inject in x.injects where !inject.expectations.isEmpty {
            #expect(!run.output.contains("\(inject.id).1 "), "\(c): expectation \(inject.id).1 in the handout")
        }
    }

    @Test("the white cell's view is the full record, with ground truth")
    func white() throws {
        let run = Run.cdx(["view", Repository.url("Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl").path, "--team", "white",
                           "--exercise", Repository.url("Exercises/pacific-shield.exercise").path])
        #expect(run.output.contains("ground truth"))
        #expect(run.output.contains("FALSE report"))
    }

    @Test("an unknown team is a usage error with a suggestion")
    func unknownTeam() {
        let run = Run.cdx(["handout", Repository.url("Exercises/pacific-shield.exercise").path, "--team", "jcd"])
        #expect(run.status == 64)
        #expect(run.errors.contains("unknown team 'jcd'; did you mean 'jcdc'?"))
    }
}

@Suite("Console commands with piped input")
struct ConsoleCommandTests {
    @Test("commands are case-insensitive, refuse extra words, and help uses the loaded exercise's names")
    func commands() throws {
        let scratch = try Scratch()
        let run = Run.cdx(
            ["run", Repository.url("Exercises/harbour-and-airbase.exercise").path, "--journal", scratch.path("j.jsonl")],
            input: ["help", "undo 2", "NEXT", "Status", "score", "quit"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("msdf detect port-tos") || run.output.contains("detect port-tos"))
        #expect(!run.output.contains("js-mail"), "help must not show another exercise's names")
        #expect(run.output.contains("error: 'undo' takes nothing after it"))
        #expect(run.output.contains("Turn 2 of 36"))
        #expect(run.output.contains("Decisions left:"))
        #expect(run.output.contains("scorecard after 2 of 36 turns"))
        #expect(run.output.contains("cdx resume"))
    }

    @Test("a binary file is refused in one line, not hundreds")
    func binary() throws {
        let scratch = try Scratch()
        let path = scratch.path("a.out")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2] + Array(repeating: 0xFF, count: 500)).write(to: URL(fileURLWithPath: path))
        let check = Run.cdx(["check", path])
        #expect(check.status == 1)
        #expect(check.errors.split(separator: "\n").count <= 2)
        #expect(check.errors.contains("not a text file"))
    }
}
