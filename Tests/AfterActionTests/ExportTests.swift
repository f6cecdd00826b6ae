import AfterAction
import ExerciseCore
import ExerciseScript
import Foundation
import Testing
import Umpire

/// The shipped games played from their `.responses` files (seed 1), as report input.
enum ExportGames {
    static let names = ["pacific-shield", "harbour-and-airbase", "shared-vendor"]

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func input(_ name: String) throws -> ReportInput {
        let dir = repository.appendingPathComponent("Exercises")
        let text = try String(contentsOf: dir.appendingPathComponent("\(name).exercise"), encoding: .utf8)
        let checked = ExerciseChecker.check(text: text)
        let x = try #require(checked.exercise, "\(name).exercise does not check")
        let responses = try String(contentsOf: dir.appendingPathComponent("\(name).responses"), encoding: .utf8)
        let parsed = ResponseParser(exercise: x).parseFile(SourceText(responses))
        #expect(!parsed.diagnostics.hasErrors, "\(name).responses has errors")

        let engine = Engine(exercise: x)
        var state = RunState(exercise: x, seed: 1)
        var byTurn: [[Decision]] = Array(repeating: [], count: x.turns + 2)
        for d in parsed.decisions where d.turn <= x.turns { byTurn[d.turn].append(d.decision) }
        var events: [Event] = []
        while !(state.finished || (state.turn >= x.turns && !state.turnOpen)) {
            if !state.turnOpen {
                events += engine.openTurn(&state)
                for d in byTurn[state.turn] { events += engine.decide(&state, d) }
            }
            events += engine.closeTurn(&state)
        }
        let card = Umpire.score(x, events: events)
        return ReportInput(exercise: x, events: events, scorecard: card, journalName: "journals/\(name)-seed1.jsonl",
                           journalHash: String(repeating: "0", count: 64))
    }

    /// Every string value of every member named `*_ref`, or in an array named `*_refs`, at any depth.
    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { m -> [String] in
                var out: [String] = []
                if m.key.hasSuffix("_ref"), let s = m.value.stringValue { out.append(s) }
                if m.key.hasSuffix("_refs"), let list = m.value.arrayValue { out += list.compactMap(\.stringValue) }
                return out + references(in: m.value)
            }
        case .array(let list):
            return list.flatMap(references(in:))
        default:
            return []
        }
    }
}

@Suite("STIX 2.1 and ATT&CK Navigator exports")
struct ExportTests {
    static func validID(_ id: String) -> Bool {
        id.wholeMatch(of: /^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) != nil
    }

    @Test("Bundle: one incident per compromise, unique well-formed ids, references resolve", arguments: ExportGames.names)
    func bundle(name: String) throws {
        let input = try ExportGames.input(name)
        let bundle = StixExport.bundle(input)
        #expect(bundle["type"] == .string("bundle"))
        let bundleID = try #require(bundle["id"]?.stringValue)
        #expect(bundleID.hasPrefix("bundle--") && Self.validID(bundleID))
        let objects = try #require(bundle["objects"]?.arrayValue)

        let incidents = objects.filter { $0["type"] == .string("incident") }
        #expect(!input.scorecard.compromises.isEmpty)
        #expect(incidents.count == input.scorecard.compromises.count)
        for (incident, c) in zip(incidents, input.scorecard.compromises) {
            #expect(incident["name"] == .string("\(input.exercise.assets[c.asset].name) compromised"))
            #expect(incident["x_cdx_compromised"] == .string(ScenarioTime.utcTimestamp(input.exercise, minute: c.compromisedAt)))
            #expect(incident["x_cdx_time_to_detect_minutes"]?.intValue == c.timeToDetect)
        }

        var ids: Set<String> = []
        for o in objects {
            let id = try #require(o["id"]?.stringValue)
            let type = try #require(o["type"]?.stringValue)
            #expect(id.hasPrefix(type + "--"))
            #expect(o["spec_version"] == .string("2.1"), "\(id)")
            #expect(Self.validID(id) || StixExport.predefinedMarkingIDs.contains(id), "\(id)")
            #expect(!ids.contains(id), "duplicate \(id)")
            ids.insert(id)
        }
        for ref in ExportGames.references(in: bundle) { #expect(ids.contains(ref), "dangling \(ref)") }

        // Everything but the control identity and the marking definitions is created by control.
        let control = objects.first { $0["type"] == .string("identity") && $0["created_by_ref"] == nil }
        let controlID = try #require(control?["id"])
        for o in objects where o["type"] != .string("marking-definition") && o["id"] != controlID {
            #expect(o["created_by_ref"] == controlID)
        }
        // The banner marking is a statement marking on every object made here.
        let banner = try #require(objects.first { $0["definition"]?["statement"] == .string(input.exercise.marking) })
        let bannerID = try #require(banner["id"])
        for o in objects where o["type"] != .string("marking-definition") {
            #expect(o["object_marking_refs"]?.arrayValue?.contains(bannerID) == true)
        }
        // One sighting per delivery of information about an adversary.
        let deliveries = input.events.filter { if case .delivered(_, _, _, _?, _) = $0.kind { true } else { false } }
        #expect(objects.filter { $0["type"] == .string("sighting") }.count == deliveries.count)
        #expect(objects.filter { $0["type"] == .string("identity") }.count == input.exercise.teams.count + 1)
    }

    @Test("Exports are byte-identical from run to run", arguments: ExportGames.names)
    func deterministic(name: String) throws {
        let a = try ExportGames.input(name)
        let b = try ExportGames.input(name)
        #expect(StixExport.bundle(a).serialized() == StixExport.bundle(b).serialized())
        #expect(StixExport.bundle(a).serialized() == StixExport.bundle(a).serialized())
        #expect(NavigatorLayer.layer(a).serialized() == NavigatorLayer.layer(b).serialized())
    }

    @Test("Navigator layer: the techniques of the compromises, scores 0–100", arguments: ExportGames.names)
    func layer(name: String) throws {
        let input = try ExportGames.input(name)
        let layer = NavigatorLayer.layer(input)
        let version = String(input.exercise.attackVersion.dropFirst())
        #expect(layer["versions"]?["attack"] == .string(version))
        #expect(layer["versions"]?["layer"] == .string("4.5"))
        #expect(layer["description"]?.stringValue?.contains(input.exercise.marking) == true)

        let expected = Set(input.scorecard.compromises.compactMap(\.technique))
        let entries = try #require(layer["techniques"]?.arrayValue)
        let listed = entries.compactMap { $0["techniqueID"]?.stringValue }
        #expect(listed.count == Set(listed).count)
        let domain = try #require(layer["domain"]?.stringValue)
        let ics = domain == "ics-attack"
        #expect(domain == "enterprise-attack" || ics)
        #expect(Set(listed) == expected.filter { NavigatorLayer.isICS($0) == ics })
        // Techniques of the other domain are named in the description instead.
        for t in expected where NavigatorLayer.isICS(t) != ics {
            #expect(layer["description"]?.stringValue?.contains(t) == true, "\(t)")
        }
        for e in entries {
            let score = try #require(e["score"]?.intValue)
            #expect((0...100).contains(score))
            let t = try #require(e["techniqueID"]?.stringValue)
            let list = input.scorecard.compromises.filter { $0.technique == t }
            let detected = list.filter { $0.detectedAt != nil }.count
            #expect(e["comment"]?.stringValue?.hasPrefix("\(detected) of \(list.count) detected") == true)
            if detected == list.count { #expect(score == 100) }
            if detected == 0 { #expect(score == 0) }
        }
    }

    @Test("Ids are name-based UUIDs: version 5, RFC 4122 variant, stable")
    func ids() {
        let a = StixExport.id("incident", title: "T", key: "k")
        #expect(a == StixExport.id("incident", title: "T", key: "k"))
        #expect(a != StixExport.id("incident", title: "T", key: "k2"))
        #expect(a != StixExport.id("incident", title: "U", key: "k"))
        #expect(Self.validID(a))
    }
}
