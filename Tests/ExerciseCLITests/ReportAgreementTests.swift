import Foundation
import Testing

/// The After-Action Report agrees with its scorecard (issue 17, item 1): each of the audit's
/// contradictions, on a game small enough to score by hand. Every expected line below was
/// worked out with pencil and paper from Scoring.md, not read off the program.
@Suite("The report says what the scorecard says")
struct ReportAgreementTests {
    static let exercise = """
        exercise "Agreement"
          start 2026-11-24T09:00+09:00
          turn 1h
          length 4 turns

        domain joint "Joint" nation JPN
        domain ally "Ally" nation USA
        team jcdc "Cyber Defense Command (JCDC)" domain joint
          capacity 4
        team usfj "USFJ Cyber Protection Team" domain ally role ally
        team white "Exercise Control" role white
        segment open "DII open" domain joint
        asset mail "Joint Staff mail" in open
          restore 1h
        mission c2 "Joint command and control"
          needs mail
        actor apt "APT"

        inject A1 at +00:00 "Phish"
          by apt
          to jcdc
          compromise mail
          expect detect mail within 1h by usfj
        inject A2 at +02:00 "Late warning about mail"
          to jcdc
          expect contain mail within 1h by jcdc
        """

    /// Turn 1 (+00:00): JCDC isolates mail before anyone reports it and grants USFJ authority
    /// on it; turn 2 (+01:00): USFJ reports it; turn 3 (+02:00): JCDC starts its 1h rebuild.
    static let responses = """
        +00:00 jcdc contain mail
        +00:00 jcdc grant usfj mail
        +01:00 usfj detect mail
        +02:00 jcdc restore mail
        """

    static func report() throws -> String {
        let scratch = try Scratch()
        let exercise = scratch.path("a.exercise"), responses = scratch.path("a.responses"), journal = scratch.path("a.jsonl")
        try Self.exercise.write(toFile: exercise, atomically: true, encoding: .utf8)
        try Self.responses.write(toFile: responses, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", exercise, "--responses", responses, "--journal", journal])
        try #require(run.status == 0, "\(run.errors)")
        let report = Run.cdx(["report", journal, "--format", "md"])
        try #require(report.status == 0, "\(report.errors)")
        return report.output
    }

    @Test("mission counts come from the rule the percentage does: the turn a restore ends in still counts as down")
    func missionCounts() throws {
        // c2 needs mail: down from its isolation at +00:00 through turn 3, in which the rebuild
        // started at +02:00 ends (at the turn's end); up in turn 4. 1 up, 0 degraded, 3 down:
        // (2·1 + 0) / (2·4) = 25 %.
        #expect(try Self.report().contains("| c2 | Joint command and control | 1 | mail | 25% | 1 | 0 | 3 |"))
    }

    @Test("a sentence names the team that acted, by its name, not the asset's domain")
    func teamNames() throws {
        let report = try Self.report()
        // USFJ reported it at +01:00, 1h after the compromise: within the 1h target.
        #expect(report.contains("USFJ Cyber Protection Team detected the compromise of mail in 1h, within the 1h target."), "\(report)")
        #expect(!report.contains("Joint detected"))
    }

    @Test("a containment before anyone reported it runs from the compromise, and the report says so")
    func containedBeforeDetection() throws {
        let report = try Self.report()
        // Contained at +00:00, compromised at +00:00, reported at +01:00: TTC 0m, from the compromise
        // (said as a person would: no "0m").
        #expect(report.contains("Cyber Defense Command (JCDC) contained mail in the turn it was compromised, before anyone reported it, within the 1h target."),
                "\(report)")
        #expect(report.contains("TTC: time to contain (from detection, or from the compromise when it was contained before anyone reported it)"))
    }

    @Test("an early action shows when it was done, not the release minute")
    func earlyAction() throws {
        // A2.1 (contain mail within 1h of +02:00): done at +00:00, before the release, and the
        // containment still stood: met, due +03:00, done +00:00.
        let report = try Self.report()
        #expect(report.contains("| A2.1 | contain mail (Joint Staff mail) within 1h | jcdc | met | +03:00 | +00:00 | done before the inject's release, and it still stood |"),
                "\(report)")
    }
}
