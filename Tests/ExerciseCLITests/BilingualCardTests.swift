import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@testable import ExerciseCLI

/// Pacific Shield's cards are in English and Japanese: each team reads its own language
/// first, with the other available, and only of the cards it holds.
@Suite("Cards in each team's language: handouts, views, the console and the seats")
struct BilingualCardTests {
    let x: Exercise
    init() throws {
        x = try #require(ExerciseChecker.check(bytes: try Repository.bytes("Exercises/pacific-shield.exercise")).exercise)
    }
    func team(_ id: String) -> Int { x.teams.firstIndex { $0.id == id }! }
    func inject(_ id: String) -> Int { x.injects.firstIndex { $0.id == id }! }

    /// Every text of a card in every language: what a team that does not hold it must not see.
    func texts(of i: Int) -> [String] {
        x.languages(ofInject: i).compactMap { x.card(i, in: $0) }.flatMap { [$0.title, $0.text] + ($0.tearline.map { [$0] } ?? []) }
            .filter { !$0.isEmpty }
    }

    @Test("the JSDF teams read Japanese, USFJ English, and every card and free-text task has both")
    func languages() {
        for id in ["jcdc", "gsdf", "msdf", "asdf", "jjoc"] { #expect(x.language(ofTeam: team(id)) == .ja, "\(id)") }
        #expect(x.language(ofTeam: team("usfj")) == .en)
        for i in x.injects.indices {
            #expect(x.languages(ofInject: i) == [.en, .ja], "\(x.injects[i].id)")
            for e in x.injects[i].expectations where e.action.isJudged {
                #expect(x.injects[i].translation(.ja)?.tasks[e.number] != nil, "\(x.injects[i].id).\(e.number)")
            }
        }
    }

    @Test("a GSDF handout shows each card in Japanese with the English after it, and no card GSDF does not get")
    func gsdfHandout() throws {
        let gsdf = team("gsdf")
        let handout = HandoutCommand.render(x, team: gsdf)
        let a02 = inject("A02")
        let ja = try #require(x.card(a02, in: .ja)), en = try #require(x.card(a02, in: .en))
        let jaTitle = try #require(handout.range(of: "[A02] \(ja.title)"))
        let enTitle = try #require(handout.range(of: "[English] \(en.title)"))
        #expect(jaTitle.lowerBound < enTitle.lowerBound)
        // Japanese wraps between characters (no space is lost at a line break): joined back, the text is whole.
        #expect(handout.replacing(/\n +/, with: "").contains(ja.text))
        for i in x.injects.indices where !x.injects[i].recipients.contains(gsdf) {
            for text in texts(of: i) where text.count > 12 {
                // As printed, and with its wrapped lines joined back both ways (English at a space, Japanese between characters).
                for form in [handout, handout.replacing(/\n +/, with: " "), handout.replacing(/\n +/, with: "")] {
                    #expect(!form.contains(text), "\(x.injects[i].id): '\(text.prefix(30))'")
                }
            }
        }
    }

    @Test("a USFJ handout shows its card in English with the Japanese after it")
    func usfjHandout() throws {
        let handout = HandoutCommand.render(x, team: team("usfj"))
        let a08 = inject("A08")
        let en = try #require(handout.range(of: "[A08] \(x.injects[a08].title)"))
        let jaCard = try #require(x.card(a08, in: .ja))
        let ja = try #require(handout.range(of: "[日本語] \(jaCard.title)"))
        #expect(en.lowerBound < ja.lowerBound)
        #expect(!handout.contains(x.injects[inject("A01")].title))
        let a01 = try #require(x.card(inject("A01"), in: .ja))
        #expect(!handout.contains(a01.title))
    }

    /// Pacific Shield played to the end of turn 3 (A02 reaches GSDF at +01:00) with no decisions.
    func session(turns: Int) throws -> GameSession {
        var session = GameSession(exercise: x, seed: 1, journal: nil)
        try session.play(decisions: [], until: turns)
        return session
    }

    @Test("a team's seat carries its language, each card in it, and the other language to switch to")
    func seat() throws {
        let session = try session(turns: 3)
        let gsdf = team("gsdf"), a02 = inject("A02")
        let view = SeatView.render(session, role: .team(gsdf), context: SeatView.Context())
        #expect(view["language"] == .string("ja"))
        let cards = try #require(view["cards"]?.arrayValue)
        let card = try #require(cards.first { $0["id"] == .string("A02") })
        #expect(card["language"] == .string("ja"))
        #expect(card["title"] == .string(try #require(x.card(a02, in: .ja)).title))
        let other = try #require(card["other"]?.arrayValue)
        #expect(other.count == 1)
        #expect(other.first?["language"] == .string("en") && other.first?["languageName"] == .string("English"))
        #expect(other.first?["title"] == .string(x.injects[a02].title))
        #expect(other.first?["text"] == .string(x.injects[a02].text))
        // Of a card the team does not hold, no language at all.
        let all = strings(in: view)
        for i in x.injects.indices where !session.state.teams[gsdf].injects.contains(i) {
            for text in texts(of: i) where text.count > 12 { #expect(!all.contains(text), "\(x.injects[i].id)") }
        }
        let usfj = SeatView.render(session, role: .team(team("usfj")), context: SeatView.Context())
        #expect(usfj["language"] == .string("en"))
        // The page has the switch.
        #expect(SeatPages.script.contains("cardLanguage[key] = v.language"))
    }

    @Test("a view and the console's turn screen give each team's cards in its language, the white cell's both")
    func viewAndConsole() throws {
        let session = try session(turns: 3)
        let a02 = inject("A02")
        let ja = try #require(x.card(a02, in: .ja))
        let view = TeamView.render(session.events, team: team("gsdf"), exercise: x)
        #expect(view.contains("[A02] \(ja.title)"))
        #expect(view.contains("[English] \(x.injects[a02].title)"))
        let white = TeamView.render(session.events, team: team("white"), exercise: x)
        #expect(white.contains("[A02] \(x.injects[a02].title)"))
        #expect(white.contains("[日本語] \(ja.title)"))
        let released = session.events.filter { if case .injectReleased(a02, _) = $0.kind { true } else { false } }
        let screen = Console.openText(released, x)
        #expect(screen.contains("to gsdf:\n    [A02] \(ja.title)"))
        #expect(screen.contains("[English] \(x.injects[a02].title)"))
    }

    @Test("an inject the white cell writes during play takes the same language lines, with errors in the typed line")
    func writtenDuringPlay() throws {
        let scratch = try Scratch()
        let exercise = Repository.url("Exercises/pacific-shield.exercise").path
        let good = scratch.path("good.responses"), bad = scratch.path("bad.responses")
        try #"+00:00 white inject X9 at +01:00 "Ad hoc" to gsdf title ja "臨時の通報" text "Card." text ja "本文である。""#
            .write(toFile: good, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", exercise, "--responses", good, "--journal", scratch.path("j.jsonl"), "--until", "4"])
        #expect(run.status == 0, "\(run.errors)")
        let view = Run.cdx(["view", scratch.path("j.jsonl"), "--team", "gsdf"])
        #expect(view.output.contains("[X9] 臨時の通報\n      本文である。\n      [English] Ad hoc\n      Card.\n"), "\(view.output)")
        try #"+00:00 white inject X8 at +01:00 "Ad hoc" to gsdf text "Card." text jp "本文。""#.write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = Run.cdx(["run", exercise, "--responses", bad, "--journal", scratch.path("k.jsonl")])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("bad.responses:1:69: error: unknown language 'jp'; did you mean 'ja'?"), "\(refused.errors)")
    }
}

/// Every string value in a JSON value, one per line.
private func strings(in value: JSONValue) -> String {
    switch value {
    case .string(let s): return s + "\n"
    case .array(let list): return list.map(strings(in:)).joined()
    case .object(let members): return members.map { strings(in: $0.value) }.joined()
    default: return ""
    }
}
