import ExerciseCLI
import ExerciseCore
import Foundation
import Testing
import Umpire

@Suite("The umpire: Documentation/Scoring.md")
struct ScoringTests {
    static func scorecard(_ journal: String) throws -> JSONValue {
        let run = Run.cdx(["score", Repository.url(journal).path, "--json",
                           "--exercise", Repository.url(exerciseFor(journal)).path])
        #expect(run.status == 0, "\(run.errors)")
        return try JSONValue.parse(run.output)
    }

    static func exerciseFor(_ journal: String) -> String {
        if journal.contains("tiny") { return "Documentation/Examples/tiny.exercise" }
        let name = URL(fileURLWithPath: journal).deletingPathExtension().lastPathComponent
        return "Exercises/\(name).exercise"
    }

    @Test("the worked example's figures, as the document gives them")
    func workedExample() throws {
        let card = try Self.scorecard("Documentation/Examples/tiny.jsonl")
        #expect(card["score"]?.intValue == 92)
        #expect(card["dataLoss"]?.arrayValue?.isEmpty == true)
        let overall = try #require(card["overall"])
        let sub = try #require(overall["subscores"])
        #expect(sub["detect"]?.intValue == 100)
        #expect(sub["contain"]?.intValue == 100)
        #expect(sub["restore"]?.intValue == 100)
        #expect(sub["share"]?.intValue == 100)
        #expect(sub["availability"]?.intValue == 50)
        #expect(sub["expectations"]?.intValue == 100)
        #expect(overall["restore"]?["median"]?.intValue == 120)
        let compromise = try #require(card["compromises"]?.arrayValue?.first)
        #expect(compromise["asset"]?.stringValue == "mail")
        #expect(compromise["timeToDetect"]?.intValue == 0)
        #expect(compromise["timeToContain"]?.intValue == 0)
        #expect(compromise["restoredAt"]?.intValue == 120)
        let outages = try #require(card["outages"]?.arrayValue)
        #expect(outages.map { $0["asset"]?.stringValue } == ["web", "mail", "clock"])
        #expect(outages.map { $0["timeToRestore"]?.intValue } == [60, 120, 120])
        // The clock's spoofing ended when the white cell removed its emitter, not by a restore.
        #expect(outages.map { $0["byRestore"]?.boolValue } == [false, true, false])
        let statuses = try #require(card["expectations"]?.arrayValue).map { $0["status"]?.stringValue }
        #expect(statuses == ["met", "met", "met"])
        #expect(card["availabilityPerMille"]?.intValue == 500)
        #expect(card["coverage"]?["covered"]?.intValue == 1)
        #expect(card["coverage"]?["effects"]?.intValue == 3)
        // Time to authorise: R1 approved after 1h, R2 denied, R3 approved after 1h and lapsed.
        let requests = try #require(card["authorisations"]?.arrayValue)
        #expect(requests.map { $0["answer"]?.stringValue } == ["approved", "denied", "approved-lapsed"])
        #expect(requests.map { $0["arrivedAt"]?.intValue } == [60, 60, 120])
        #expect(requests.map { $0["timeToAuthorise"]?.intValue } == [60, nil, 60])
        #expect(card["authorise"]?["median"]?.intValue == 60)
        #expect(card["authorise"]?["open"]?.intValue == 1)
    }

    @Test("pacific-shield's figures, as the document explains them by hand")
    func pacificShield() throws {
        let card = try Self.scorecard("Tests/ExerciseCLITests/Snapshots/pacific-shield.jsonl")
        #expect(card["score"]?.intValue == 80)
        let sub = try #require(card["overall"]?["subscores"])
        #expect([sub["detect"], sub["contain"], sub["restore"], sub["share"], sub["availability"], sub["expectations"], sub["data"]]
            .map { $0?.intValue } == [57, 97, 99, 100, 60, 90, 50])
        #expect(card["availabilityPerMille"]?.intValue == 599)
        let stolen = try #require(card["dataLoss"]?.arrayValue)
        #expect(stolen.map { "\($0["asset"]?.stringValue ?? "?") \($0["lostAt"]?.intValue.map(String.init) ?? "stopped")" }
            == ["closed-intel 900", "closed-plans stopped"])
        let o2 = try #require(card["objectives"]?.arrayValue?.first { $0["id"]?.stringValue == "O2" })
        #expect(o2["rating"]?.stringValue == "M")
        #expect(o2["dataLost"]?.boolValue == true)
        let cut = try #require(card["authorisations"]?.arrayValue?.first)
        #expect(cut["decision"]?.stringValue == "jcdc contain yng-bridge")
        #expect(cut["timeToAuthorise"]?.intValue == 30)
        let contain = try #require(card["compromises"]?.arrayValue).map { $0["timeToContain"]?.intValue }
        #expect(contain == [90, 30, 30, 30, 30, 30, 150, 180, 240, 30, 0])
        let ttd = try #require(card["compromises"]?.arrayValue).map { $0["timeToDetect"]?.intValue }
        #expect(ttd == [30, 30, 90, 150, 60, 180, 30, 180, nil, 210, 210])
        let expectations = try #require(card["overall"]?["expectations"])
        #expect([expectations["met"], expectations["late"], expectations["missed"]].map { $0?.intValue } == [25, 6, 0])
    }

    @Test("each shipped game's scorecard matches the committed one", arguments: Repository.shipped)
    func golden(name: String) throws {
        let run = Run.cdx(["score", Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).jsonl").path, "--json",
                           "--exercise", Repository.url("Exercises/\(name).exercise").path])
        #expect(run.status == 0)
        let golden = try String(contentsOf: Repository.url("Tests/ExerciseCLITests/Snapshots/\(name).score.json"), encoding: .utf8)
        #expect(run.output == golden, "re-record on purpose: cdx score JOURNAL --json > Snapshots/\(name).score.json")
    }

    @Test("timed points fall linearly from the target to four times it; objectives rate by the written rule")
    func rules() {
        #expect(Umpire.timed(60, 60) == 100)
        #expect(Umpire.timed(150, 60) == 50)
        #expect(Umpire.timed(240, 60) == 0)
        #expect(Umpire.timed(1000, 60) == 0)
        #expect(Umpire.timed(nil, 60) == 0)
        #expect(Umpire.rating(4, 0, 0) == .p)
        #expect(Umpire.rating(3, 1, 0) == .s)   // 7/8
        #expect(Umpire.rating(1, 2, 1) == .m)   // 4/8
        #expect(Umpire.rating(0, 1, 2) == .u)   // 1/6
        #expect(Umpire.rating(0, 0, 0) == .notEvaluated)
    }

    @Test("acting before the release counts; not yet due is pending; a run with no turn has no score")
    func timingRules() throws {
        let scratch = try Scratch()
        let exercise = scratch.path("early.exercise")
        try """
            exercise "Early"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 6 turns
            domain joint "J" nation JPN
            team jcdc "C" domain joint
              capacity 4
            segment s "S" domain joint
            asset mail "Mail" in s
            asset db "DB" in s
            objective O1 "Protect the data"
            actor red "Red"
            inject A1 at +00:00 "Phish"
              by red
              compromise mail
              expect detect mail within 1h objective O1
            inject A2 at +02:00 "Exfiltration"
              by red
              exfiltrate mail
              expect detect mail within 1h objective O1
              expect contain mail within 1h objective O1
            inject A3 at +05:00 "Late"
              by red
              compromise db
              expect detect db within 4h objective O1

            """.write(toFile: exercise, atomically: true, encoding: .utf8)
        let journal = scratch.path("early.jsonl")
        let input = ["jcdc detect mail", "jcdc contain mail", "next", "next", "next", "quit"]
        #expect(Run.cdx(["run", exercise, "--journal", journal], input: input).status == 0)
        let card = try JSONValue.parse(Run.cdx(["score", journal, "--json"]).output)
        let statuses = try #require(card["expectations"]?.arrayValue).map { $0["status"]?.stringValue ?? "" }
        #expect(statuses == ["met", "met", "met", "not-applicable"], "A3 not released yet at turn 4")
        #expect(card["objectives"]?.arrayValue?.first?["rating"]?.stringValue == "P")
        // A journal with its header only: no turn played, nothing to score.
        let tiny = try String(contentsOf: Repository.url("Documentation/Examples/tiny.jsonl"), encoding: .utf8)
        let header = String(tiny.prefix { $0 != "\n" }) + "\n"
        let empty = scratch.path("empty.jsonl")
        try header.write(toFile: empty, atomically: true, encoding: .utf8)
        let run = Run.cdx(["score", empty, "--json", "--exercise", Repository.url("Documentation/Examples/tiny.exercise").path])
        #expect(run.status == 0, "\(run.errors)")
        let none = try JSONValue.parse(run.output)
        #expect(none["score"] == .null)
        #expect(none["turnsPlayed"]?.intValue == 0)
    }

    @Test("a mission's weight follows its phases: each mission-turn weighs what the phase says")
    func phasedMissionWeights() throws {
        let scratch = try Scratch()
        let exercise = scratch.path("phases.exercise")
        try """
            exercise "Phases"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 4 turns
            domain joint "J" nation JPN
            team jcdc "C" domain joint
            segment s "S" domain joint
            asset web "Web" in s
            asset mail "Mail" in s
            mission public "Public web"
              needs web
              weight 1
              weight 0 from +02:00
            mission c2 "Command and control"
              needs mail
              weight 1
              weight 3 from turn 3
            actor red "Red"
            inject D1 at +00:00 "DDoS"
              by red
              deny web for 2h

            """.write(toFile: exercise, atomically: true, encoding: .utf8)
        let journal = scratch.path("phases.jsonl")
        let run = Run.cdx(["run", exercise, "--players", "passive", "--journal", journal])
        #expect(run.status == 0, "\(run.errors)")
        let card = try JSONValue.parse(Run.cdx(["score", journal, "--json"]).output)
        // Web is down in turns 1–2 (the denial ends at +02:00), up in 3–4; mail is up throughout.
        let missions = try #require(card["missions"]?.arrayValue)
        #expect(missions.map { $0["availabilityPerMille"]?.intValue } == [500, 1000])
        // Turns 1–2 weigh public 1 (down) and c2 1 (up); turns 3–4 weigh public 0 and c2 3 (up):
        // (1 + 1 + 3 + 3) up of (2 + 2 + 3 + 3) = 800 per mille. Constant weights would give 750.
        #expect(card["availabilityPerMille"]?.intValue == 800)
        let show = Run.cdx(["show", exercise])
        #expect(show.output.contains("1, 0 from +02:00"), "\(show.output)")
        #expect(show.output.contains("1, 3 from +02:00"), "\(show.output)")
    }

    @Test("a decision withdrawn with undo does not count")
    func undoDoesNotCount() throws {
        let card = try Self.scorecard("Documentation/Examples/tiny.jsonl")
        // The withdrawn 'jcdc contain web' would have made web's outage end by restore, not by the denial ending.
        let web = try #require(card["outages"]?.arrayValue?.first { $0["asset"]?.stringValue == "web" })
        #expect(web["byRestore"]?.boolValue == false)
        #expect(web["timeToRestore"]?.intValue == 60)
    }
}
