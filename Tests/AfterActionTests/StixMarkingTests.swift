import AfterAction
import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Testing
import Umpire

/// A JPN ONLY adversary card with a REL TO JPN, USA tearline that JCDC tearlines and shares
/// with the US ally, and a TLP:AMBER+STRICT card both hold: the routes by which a marking
/// must reach (or must not reach) a STIX object. Sensors never fire, so nothing depends on the dice.
private let fixture = """
    exercise "Markings in STIX"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 8 turns
      tearline 1h

    domain joint "Joint" nation JPN
    domain ally "Ally" nation USA

    team jcdc "JCDC" domain joint
      capacity 6
    team usfj "USFJ" domain ally role ally
      capacity 6
    team white "White" role white

    segment open "Open" domain joint
      sensors 0

    asset mail "Mail" in open

    channel jcdc -> usfj 1h marking "REL TO JPN, USA"
    actor apt "APT canary-actor"

    inject S1 at +00:00 "canary-title of the secret card"
      by apt
      to jcdc
      marking "JPN ONLY"
      technique T1566.001
      compromise mail
      text "canary-s1 the NDA pack"
      tearline "releasable-s1 indicators only" marking "REL TO JPN, USA"
    inject G1 at +00:00 "Strict card"
      to jcdc usfj
      marking "TLP:AMBER+STRICT"
      text "canary-g1 handle strictly"
    """

@Suite("STIX markings: every inject-derived object carries its marking, and a team's bundle only its own")
struct StixMarkingTests {
    static func play() throws -> ReportInput {
        let checked = ExerciseChecker.check(text: fixture)
        #expect(checked.diagnostics.filter { $0.severity == .error }.map(\.message) == [])
        let x = try #require(checked.exercise)
        let parser = ResponseParser(exercise: x)
        let lines: [Int: [String]] = [
            1: ["jcdc tearline S1", "jcdc detect mail T1566.001", "jcdc note \"canary-jcdc-note\"", "white note \"canary-white-note\""],
            3: ["jcdc share S1 -> usfj", "jcdc share mail -> usfj"],
        ]
        let engine = Engine(exercise: x)
        var state = RunState(exercise: x, seed: 1)
        var events: [Event] = []
        while !(state.finished || (state.turn >= x.turns && !state.turnOpen)) {
            events += engine.openTurn(&state)
            for line in lines[state.turn] ?? [] {
                events += engine.decide(&state, try #require(parser.parseJournalLine(line), "cannot read '\(line)'"))
            }
            events += engine.closeTurn(&state)
        }
        return ReportInput(exercise: x, events: events, scorecard: Umpire.score(x, events: events), journalName: "fixture.jsonl",
                           journalHash: String(repeating: "0", count: 64))
    }

    static func objects(_ bundle: JSONValue) throws -> [JSONValue] { try #require(bundle["objects"]?.arrayValue) }

    static func refs(_ o: JSONValue) -> [String] { o["object_marking_refs"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// The id a marking must have in any bundle of the exercise.
    static func markingID(_ r: Releasability, _ x: Exercise) -> String {
        if let level = r.tlp { return StixExport.tlpMarkingID(level) }
        return StixExport.statementMarkingID(r.text, title: x.title)
    }

    @Test("the ally's bundle has the tearline under its own marking, never the card's title, text or JPN ONLY")
    func allyGetsTheTearline() throws {
        let input = try Self.play()
        let x = input.exercise
        let usfj = try #require(x.teams.firstIndex { $0.id == "usfj" })
        let bundle = StixExport.bundle(input, for: .team(usfj))
        let text = strings(in: bundle)
        for secret in ["canary-title", "canary-s1", "canary-jcdc-note", "canary-white-note", "JPN ONLY", "T1566.001"] {
            #expect(!text.contains(secret), "'\(secret)' reached usfj")
        }
        let objects = try Self.objects(bundle)
        let rel = Self.markingID(.nations(["JPN", "USA"]), x)
        let indicator = try #require(objects.first { $0["type"] == .string("indicator") && $0["name"] == .string("S1 tearline") })
        #expect(indicator["description"]?.stringValue?.hasSuffix("releasable-s1 indicators only") == true)
        #expect(Self.refs(indicator).contains(rel))
        let sighting = try #require(objects.first { $0["type"] == .string("sighting") })
        #expect(sighting["sighting_of_ref"] == indicator["id"])
        #expect(Self.refs(sighting).contains(rel))
        // The tearline carried the actor's indicators, so the ally may know the intrusion set, under the tearline's marking.
        let actor = try #require(objects.first { $0["type"] == .string("intrusion-set") })
        #expect(actor["name"] == .string("APT canary-actor") && Self.refs(actor).contains(rel))
        // Both cards it holds, as it holds them.
        let notes = objects.filter { $0["type"] == .string("note") }
        #expect(notes.compactMap { $0["abstract"]?.stringValue }.sorted() == ["G1 Strict card", "S1 tearline"])
        let strict = try #require(notes.first { $0["abstract"] == .string("G1 Strict card") })
        #expect(Self.refs(strict).contains("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"))
        // The TLP 2.0 definition exactly as OASIS publishes it.
        let tlp = try #require(objects.first { $0["id"] == .string("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003") })
        #expect(tlp.serialized() == """
            {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",\
            "created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":\
            {"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}
            """)
        // Its report shows the tearline and what it was told, not the card.
        let md = MarkdownReport.render(input, for: .team(usfj))
        #expect(md.contains("releasable-s1 indicators only") && md.contains("canary-g1 handle strictly"))
        for secret in ["canary-title", "canary-s1", "canary-jcdc-note", "canary-white-note", "T1566.001", "canary-actor"] {
            #expect(!md.contains(secret), "'\(secret)' in usfj's report")
        }
    }

    @Test("JCDC's own report on the asset and its card carry the card's JPN ONLY marking")
    func holderKeepsTheMarking() throws {
        let input = try Self.play()
        let x = input.exercise
        let jcdc = try #require(x.teams.firstIndex { $0.id == "jcdc" })
        let objects = try Self.objects(StixExport.bundle(input, for: .team(jcdc)))
        let jpn = Self.markingID(.nations(["JPN"]), x)
        let card = try #require(objects.first { $0["abstract"] == .string("S1 canary-title of the secret card") })
        #expect(Self.refs(card).contains(jpn))
        let report = try #require(objects.first { $0["type"] == .string("incident") })
        #expect(report["x_cdx_asset"] == .string("mail") && Self.refs(report).contains(jpn))
        #expect(objects.contains { $0["type"] == .string("marking-definition") && $0["definition"]?["statement"] == .string("JPN ONLY") })
        // JCDC's own note is in its report; the white cell's is not.
        let md = MarkdownReport.render(input, for: .team(jcdc))
        #expect(md.contains("canary-jcdc-note") && !md.contains("canary-white-note"))
    }

    @Test("exercise control's bundle marks the incident, technique, actor and tearline from their injects")
    func fullBundleMarkings() throws {
        let input = try Self.play()
        let x = input.exercise
        let objects = try Self.objects(StixExport.bundle(input))
        let jpn = Self.markingID(.nations(["JPN"]), x), rel = Self.markingID(.nations(["JPN", "USA"]), x)
        let incident = try #require(objects.first { $0["type"] == .string("incident") })
        #expect(Self.refs(incident).contains(jpn))
        let technique = try #require(objects.first { $0["type"] == .string("attack-pattern") })
        #expect(Self.refs(technique).contains(jpn))
        let actor = try #require(objects.first { $0["type"] == .string("intrusion-set") })
        #expect(Self.refs(actor).contains(jpn))
        let tearline = try #require(objects.first { $0["name"] == .string("S1 tearline") })
        #expect(Self.refs(tearline).contains(rel) && !Self.refs(tearline).contains(jpn))
    }

    @Test("every bundle of every shipped game: markings defined, referenced, resolvable, deterministic in id, and admitting its team",
          arguments: ShippedGame.names)
    func shippedMarkings(game: String) throws {
        let input = try ShippedGame.input(game)
        let x = input.exercise
        for t in [nil] + x.teams.indices.filter({ x.teams[$0].role != .white }).map(Optional.some) {
            let who = t.map { x.teams[$0].id } ?? "white"
            let bundle = t.map { StixExport.bundle(input, for: .team($0)) } ?? StixExport.bundle(input)
            let objects = try Self.objects(bundle)
            let ids = Set(objects.compactMap { $0["id"]?.stringValue })
            for ref in ExportGames.references(in: bundle) { #expect(ids.contains(ref), "\(game) \(who): dangling \(ref)") }
            let markings = objects.filter { $0["type"] == .string("marking-definition") }
            let used = Set(objects.filter { $0["type"] != .string("marking-definition") }.flatMap(Self.refs))
            for m in markings {
                let mid = try #require(m["id"]?.stringValue)
                #expect(used.contains(mid), "\(game) \(who): \(mid) defined, never used")
                if let statement = m["definition"]?["statement"]?.stringValue {
                    #expect(mid == StixExport.statementMarkingID(statement, title: x.title), "\(game) \(who): \(statement)")
                    // A team's bundle holds no marking that refuses the team.
                    // (A statement holds the classification, SDS and nation parts, never TLP, so no
                    // inject's recipients enter the rule.)
                    if let t, statement != x.marking {
                        let marking = try ValueSyntax.releasability(statement).get()
                        #expect(marking.tlp == nil && x.refusal(toRelease: marking, of: 0, to: t) == nil,
                                "\(game) \(who): '\(statement)'")
                    }
                } else {
                    #expect(StixExport.predefinedMarkingIDs.contains(mid), "\(game) \(who): \(mid)")
                }
            }
            // Every card-derived object carries the marking of the card in the version it came from.
            for o in objects {
                let label = o["abstract"]?.stringValue ?? (o["type"] == .string("indicator") ? o["name"]?.stringValue : nil)
                guard let label, let id = label.split(separator: " ").first,
                      let i = x.injects.firstIndex(where: { $0.id == id }) else { continue }
                let version: CardVersion = label == "\(id) tearline" ? .tearline : .original
                let marking = x.marking(of: i, version)
                if marking != .unrestricted {
                    #expect(Self.refs(o).contains(Self.markingID(marking, x)), "\(game) \(who): \(label)")
                }
            }
            for o in objects where o["type"] == .string("incident") {
                guard let id = o["x_cdx_inject"]?.stringValue, let i = x.injects.firstIndex(where: { $0.id == id }),
                      x.injects[i].marking != .unrestricted else { continue }
                #expect(Self.refs(o).contains(Self.markingID(x.injects[i].marking, x)), "\(game) \(who): incident of \(id)")
            }
        }
    }
}
