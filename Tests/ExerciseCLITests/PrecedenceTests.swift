import ExerciseCore
import Foundation
import Testing

/// Where Scoring.md's rules meet (issue 17, item 3), each reading tested on a game small
/// enough to score by hand (ReportAgreementTests' exercise, one expectation added).
@Suite("The umpire's precedence where two rules meet")
struct PrecedenceTests {
    static func score(_ responses: String, extra: String = "") throws -> JSONValue {
        let scratch = try Scratch()
        let exercise = scratch.path("p.exercise"), file = scratch.path("p.responses"), journal = scratch.path("p.jsonl")
        try (ReportAgreementTests.exercise + extra).write(toFile: exercise, atomically: true, encoding: .utf8)
        try responses.write(toFile: file, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", exercise, "--responses", file, "--journal", journal])
        try #require(run.status == 0, "\(run.errors)")
        let score = Run.cdx(["score", journal, "--json"])
        try #require(score.status == 0, "\(score.errors)")
        return try JSONValue.parse(score.output)
    }

    func expectation(_ card: JSONValue, _ id: String) -> JSONValue? {
        card["expectations"]?.arrayValue?.first { $0["id"]?.stringValue == id }
    }

    @Test("an action done before the release that still stands is met, though the asset was clean again by then")
    func earlyActionOverNotApplicable() throws {
        // mail contained and its 1h rebuild started at +00:00: clean and up at +01:00, an hour
        // before A2 (contain mail within 1h) is released at +02:00. Met, done +00:00 — the
        // containment was done and nothing undid it — rather than "nothing to do".
        let card = try Self.score("+00:00 jcdc contain mail\n+00:00 jcdc restore mail\n")
        let a2 = try #require(expectation(card, "A2.1"))
        #expect(a2["status"]?.stringValue == "met")
        #expect(a2["doneAt"]?.intValue == 0)
    }

    @Test("the ally on another domain's asset acted by a grant, and the record says granted")
    func allyByGrant() throws {
        let card = try Self.score("+00:00 jcdc grant usfj mail\n+00:00 usfj detect mail\n")
        let mail = try #require(card["compromises"]?.arrayValue?.first)
        #expect(mail["detectedBy"]?.stringValue == "usfj")
        #expect(mail["detectedVia"]?.stringValue == "granted")
    }

    @Test("an expectation with 'by' about another team's asset counts for the named team and the asset's domain")
    func byAnotherTeam() throws {
        // A3.1: usfj is to contain mail (a joint asset) within 2h; jcdc does it at +00:00 (a
        // containment counts whoever makes it). It is usfj's (with A1.1, usfj's detect) and the
        // joint domain's; the ally domain holds none of the expectations.
        let extra = "\ninject A3 at +00:00 \"Ally asked to help\"\n  to usfj\n  expect contain mail within 2h by usfj\n"
        let card = try Self.score("+00:00 jcdc contain mail\n+00:00 jcdc grant usfj mail\n+00:00 usfj detect mail\n", extra: extra)
        func group(_ list: String, _ name: String) -> JSONValue? { card[list]?.arrayValue?.first { $0["name"]?.stringValue == name } }
        #expect(group("teams", "usfj")?["expectations"]?["met"]?.intValue == 2)
        #expect(group("teams", "jcdc")?["expectations"]?["met"]?.intValue == 1, "jcdc answers for A2.1 only")
        #expect(group("domains", "joint")?["expectations"]?["met"]?.intValue == 3)
        #expect(group("domains", "ally")?["expectations"]?["met"]?.intValue == 0)
    }

    @Test("a restore median is shown beside the outages still open, which its points count")
    func restoreOpenBesideMedian() throws {
        // The white cell's day ends with 5 outages never restored and none restored: "5 open".
        let run = Run.cdx(["score", Repository.url("Tests/ExerciseCLITests/Snapshots/pacific-shield-day.jsonl").path,
                           "--exercise", Repository.url("Exercises/pacific-shield.exercise").path])
        #expect(run.status == 0, "\(run.errors)")
        let overall = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("  overall") })
        #expect(overall.contains("5 open"), "\(overall)")
    }
}
