import AfterAction
import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Testing
import Umpire

/// What a team may and may not be given, worked out from the engine's own fold of the
/// journal and the exercise — never from the code under test — so that these tests hold the
/// per-team report and bundle to the rule, not to themselves.
struct TeamTruth {
    let input: ReportInput
    let t: Int
    let state: RunState

    init(_ input: ReportInput, team t: Int) {
        self.input = input
        self.t = t
        state = RunState.fold(input.events, exercise: input.exercise, seed: 0)
    }

    var x: Exercise { input.exercise }
    var asWritten: [Int] { state.teams[t].injects }
    var tearlineOnly: [Int] { state.teams[t].tearlines.filter { !asWritten.contains($0) } }
    var indicators: [Int] { state.teams[t].indicators }
    var withdrawn: Set<Int> { Umpire.withdrawnEvents(input.events) }

    /// The team's own decisions, as journaled.
    var decisions: [(seq: Int, decision: Decision, rejected: Bool)] {
        input.events.compactMap { e in
            guard case .decision(let d, let r) = e.kind, d.team == t else { return nil }
            return (e.seq, d, r != nil)
        }
    }

    /// Techniques the team itself wrote in its decisions (`detect ASSET TECHNIQUE`).
    var techniquesNamed: Set<String> {
        Set(decisions.compactMap { if case .detect(_, let technique?) = $0.decision.verb { technique.description } else { nil } })
    }

    /// Objectives the team may read of: those its expectations on cards it holds as written support.
    var objectivesReached: Set<Int> {
        Set(input.scorecard.expectations.compactMap { r in
            guard Umpire.responsibleTeam(for: r, in: x) == t, asWritten.contains(r.inject) else { return nil }
            return x.injects[r.inject].expectations[r.number - 1].objective
        })
    }

    /// Text the team must never be given, each with why.
    var forbidden: [(text: String, why: String)] {
        var out: [(String, String)] = []
        for (i, inject) in x.injects.enumerated() where !asWritten.contains(i) {
            out.append((inject.title, "title of \(inject.id), not held as written"))
            if !inject.text.isEmpty { out.append((inject.text, "text of \(inject.id), not held as written")) }
            if let tearline = inject.tearline, !tearlineOnly.contains(i) {
                out.append((tearline.text, "tearline of \(inject.id), not held"))
            }
            for e in inject.expectations {
                if case .judged(let text) = e.action { out.append((text, "expectation \(inject.id).\(e.number), card not held as written")) }
            }
            // The card in its other languages, whichever a report might come to show.
            for t in inject.translations {
                let language = t.language.rawValue
                if let title = t.title { out.append((title, "title of \(inject.id) in '\(language)', not held as written")) }
                if let text = t.text { out.append((text, "text of \(inject.id) in '\(language)', not held as written")) }
                if let tearline = t.tearline, !tearlineOnly.contains(i) { out.append((tearline, "tearline of \(inject.id) in '\(language)', not held")) }
                for n in t.tasks.keys.sorted() { out.append((t.tasks[n]!, "expectation \(inject.id).\(n) in '\(language)', card not held as written")) }
            }
        }
        for e in input.events {
            switch e.kind {
            case .note(let by, let text) where by != t: out.append((text.string, "note by \(x.teams[by].id)"))
            case .judged(_, let i, let n, _, let reason): out.append((reason.string, "white cell's reason for \(x.injects[i].id).\(n)"))
            default: break
            }
        }
        for (a, actor) in x.actors.enumerated() where !indicators.contains(a) {
            out.append((actor.name, "actor \(actor.id), no indicators received"))
        }
        for (o, objective) in x.objectives.enumerated() where !objectivesReached.contains(o) {
            out.append((objective.text, "objective \(objective.id), reached through no card held as written"))
        }
        for marker in ["ground truth", "FALSE report", " is correct", "Never reported", "compromised by"] {
            out.append((marker, "ground truth marker"))
        }
        return out
    }

    /// Words that must not stand alone in the output: actor ids without indicators, and
    /// techniques of cards that the team did not name itself.
    var forbiddenWords: [(word: String, why: String)] {
        var out: [(String, String)] = []
        for (a, actor) in x.actors.enumerated() where !indicators.contains(a) { out.append((actor.id, "actor id, no indicators")) }
        var techniques: [String] = []
        for inject in x.injects { for technique in inject.techniques where !techniques.contains(technique) { techniques.append(technique) } }
        for technique in techniques where !techniquesNamed.contains(technique) { out.append((technique, "technique the team never named")) }
        return out
    }

    /// Text the team's report must hold: its cards as it holds them, and its decisions.
    var required: [(text: String, why: String)] {
        var out: [(String, String)] = []
        // In the team's language, as its console gave them.
        for i in asWritten {
            let card = x.card(i, for: t)
            out.append((card.title, "title of held card \(x.injects[i].id) in '\(card.language.rawValue)'"))
            if !card.text.isEmpty { out.append((card.text, "text of held card \(x.injects[i].id) in '\(card.language.rawValue)'")) }
        }
        for i in tearlineOnly { out.append((x.card(i, for: t).tearline ?? x.injects[i].tearline!.text, "tearline of \(x.injects[i].id)")) }
        for d in decisions { out.append((d.decision.line(in: x), "decision \(d.seq)")) }
        out.append(("Prepared for \(x.teams[t].name) (\(x.teams[t].id), \(x.nation(ofTeam: t) ?? "no nation"))", "who it is for"))
        return out
    }

    /// How a string may appear once rendered: as is, HTML-escaped, or as Markdown running text or a cell.
    static func renderings(_ s: String) -> [String] {
        let md = s.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\n", with: " ")
        return [s, HTMLReport.escape(s), md, md.replacingOccurrences(of: "|", with: "\\|")]
    }

    static func appears(_ s: String, in text: String) -> Bool { renderings(s).contains { text.contains($0) } }

    /// Whether `word` occurs in `text` not as part of a longer name (T1078 inside T1078.004, say).
    static func appearsAsWord(_ word: String, in text: String) -> Bool {
        func isNamePart(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" } ?? false }
        var from = text.startIndex
        while let r = text.range(of: word, range: from..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            var after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            // A sentence's full stop after the word is not part of a name.
            if after == ".", text.index(after: r.upperBound) == text.endIndex || text[text.index(after: r.upperBound)].isWhitespace {
                after = nil
            }
            if !isNamePart(before), !isNamePart(after) { return true }
            from = r.upperBound
        }
        return false
    }

    /// Everything the team must not see that `text` shows, one line per leak.
    func leaks(in text: String) -> [String] {
        forbidden.filter { Self.appears($0.text, in: text) }.map { "\($0.why): '\($0.text.prefix(60))'" }
            + forbiddenWords.filter { Self.appearsAsWord($0.word, in: text) }.map { "\($0.why): '\($0.word)'" }
    }

    func missing(in text: String) -> [String] {
        required.filter { !Self.appears($0.text, in: text) }.map { "\($0.why): '\($0.text.prefix(60))'" }
    }
}

/// Every string value in a JSON value, one per line: what a reader of the bundle could read.
func strings(in value: JSONValue) -> String {
    switch value {
    case .string(let s): return s + "\n"
    case .array(let list): return list.map(strings(in:)).joined()
    case .object(let members): return members.map { strings(in: $0.value) }.joined()
    default: return ""
    }
}

@Suite("Per-team outputs: a team's report and bundle hold only what it may know (issue 13)")
struct TeamOutputTests {
    struct Case: CustomStringConvertible, Sendable {
        var game: String
        var team: String
        var description: String { "\(game) \(team)" }
    }

    /// Every non-white team of every shipped game.
    static let cases: [Case] = ShippedGame.names.flatMap { game -> [Case] in
        let text = (try? ShippedGame.text("Exercises/\(game).exercise")) ?? ""
        let x = ExerciseChecker.check(text: text).exercise
        return (x?.teams ?? []).filter { $0.role != .white }.map { Case(game: game, team: $0.id) }
    }

    static func load(_ c: Case) throws -> (ReportInput, Int) {
        let input = try ShippedGame.input(c.game)
        let t = try #require(input.exercise.teams.firstIndex { $0.id == c.team })
        return (input, t)
    }

    @Test("the shipped games give every blue, ally and other non-white team a case")
    func everyTeam() {
        #expect(Self.cases.count == 20)
        #expect(Set(Self.cases.map(\.team)) == ["jcdc", "gsdf", "msdf", "asdf", "usfj", "jjoc", "mod", "port-op", "nco"])
    }

    @Test("the team's Markdown and HTML reports hold its cards and decisions and nothing it may not know", arguments: cases)
    func report(c: Case) throws {
        let (input, t) = try Self.load(c)
        let truth = TeamTruth(input, team: t)
        for (format, text) in [("md", MarkdownReport.render(input, for: .team(t))), ("html", HTMLReport.render(input, for: .team(t)))] {
            let leaks = truth.leaks(in: text)
            #expect(leaks.isEmpty, "\(c) \(format) leaks:\n\(leaks.joined(separator: "\n"))")
            let missing = truth.missing(in: text)
            #expect(missing.isEmpty, "\(c) \(format) lacks:\n\(missing.joined(separator: "\n"))")
            // The banner is the exercise's, top and bottom.
            #expect(text.contains(HTMLReport.escape(input.exercise.marking)))
        }
        let md = MarkdownReport.render(input, for: .team(t))
        let lines = md.split(separator: "\n")
        // The same banner top and bottom: the exercise's, with the play marking of the cards it holds (ReportMarkingTests).
        #expect(lines.first == lines.last && lines.first?.hasPrefix("**\(input.exercise.marking)") == true)
        // "Prepared for" is near the top, before the first section.
        let prepared = try #require(md.range(of: "Prepared for \(input.exercise.teams[t].name) (\(c.team), "))
        #expect(md[..<prepared.lowerBound].count < 200)
    }

    @Test("the team's STIX bundle holds its cards and own reports and nothing it may not know", arguments: cases)
    func bundle(c: Case) throws {
        let (input, t) = try Self.load(c)
        let truth = TeamTruth(input, team: t)
        let bundle = StixExport.bundle(input, for: .team(t))
        let text = strings(in: bundle)
        let leaks = truth.leaks(in: text)
        #expect(leaks.isEmpty, "\(c) stix leaks:\n\(leaks.joined(separator: "\n"))")
        let objects = try #require(bundle["objects"]?.arrayValue)
        let x = input.exercise
        // When the adversary got in, and how long the team took, are exercise control's.
        for key in ["x_cdx_compromised", "x_cdx_time_to_detect_minutes", "x_cdx_inject"] {
            let carrying = objects.filter { $0[key] != nil }.count
            #expect(carrying == 0, "\(c): \(carrying) objects carry \(key)")
        }
        // Every card it holds, as it holds it.
        let notes = objects.filter { $0["type"] == .string("note") }
        for i in truth.asWritten {
            #expect(notes.contains { $0["abstract"] == .string("\(x.injects[i].id) \(x.injects[i].title)") }, "\(c): card \(x.injects[i].id)")
        }
        for i in truth.tearlineOnly {
            #expect(notes.contains { $0["abstract"] == .string("\(x.injects[i].id) tearline") && $0["content"] == .string(x.injects[i].tearline!.text) },
                    "\(c): tearline \(x.injects[i].id)")
        }
        #expect(notes.count == truth.asWritten.count + truth.tearlineOnly.count)
        // Its own reports and the hunts, containments and rebuilds it carried out.
        let withdrawn = truth.withdrawn
        for d in truth.decisions where !d.rejected && !withdrawn.contains(d.seq) {
            switch d.decision.verb {
            case .detect(let a, _):
                #expect(objects.contains { $0["type"] == .string("incident") && $0["x_cdx_asset"] == .string(x.assets[a].id) },
                        "\(c): report on \(x.assets[a].id)")
            case .hunt, .contain, .restore:
                #expect(objects.contains { $0["type"] == .string("course-of-action") && $0["name"] == .string(d.decision.line(in: x)) },
                        "\(c): \(d.decision.line(in: x))")
            default:
                break
            }
        }
        // Intrusion sets only for actors whose indicators reached the team.
        let actors = objects.filter { $0["type"] == .string("intrusion-set") }.compactMap { $0["aliases"]?.arrayValue?.first?.stringValue }
        #expect(Set(actors) == Set(truth.indicators.map { x.actors[$0].id }))
    }

    @Test("the leak check catches exercise control's report and bundle for every team", arguments: cases)
    func whiteViewLeaks(c: Case) throws {
        // The same checks as above, on what the white cell is given: each must find something,
        // or the checks above could not fail.
        let (input, t) = try Self.load(c)
        let truth = TeamTruth(input, team: t)
        #expect(!truth.leaks(in: MarkdownReport.render(input)).isEmpty, "\(c)")
        #expect(!truth.leaks(in: HTMLReport.render(input)).isEmpty, "\(c)")
        #expect(!truth.leaks(in: strings(in: StixExport.bundle(input))).isEmpty, "\(c)")
    }

    @Test("--team white (or any white team) is exercise control's full output, byte for byte", arguments: ShippedGame.names)
    func white(game: String) throws {
        let input = try ShippedGame.input(game)
        let white = try #require(input.exercise.teams.firstIndex { $0.role == .white })
        for viewer in [Viewer.whiteCell, .team(white)] {
            #expect(MarkdownReport.render(input, for: viewer) == MarkdownReport.render(input))
            #expect(HTMLReport.render(input, for: viewer) == HTMLReport.render(input))
            #expect(StixExport.bundle(input, for: viewer).serialized() == StixExport.bundle(input).serialized())
        }
    }

    @Test("a team's outputs are the same bytes every time", arguments: ShippedGame.names)
    func deterministic(game: String) throws {
        let a = try ShippedGame.input(game), b = try ShippedGame.input(game)
        for t in a.exercise.teams.indices {
            #expect(MarkdownReport.render(a, for: .team(t)) == MarkdownReport.render(b, for: .team(t)))
            #expect(HTMLReport.render(a, for: .team(t)) == HTMLReport.render(b, for: .team(t)))
            #expect(StixExport.bundle(a, for: .team(t)).serialized() == StixExport.bundle(b, for: .team(t)).serialized())
            #expect(StixExport.bundle(a, for: .team(t)).serialized() == StixExport.bundle(a, for: .team(t)).serialized())
        }
    }
}
