@testable import AfterAction
import ExerciseCore
import Testing
import Umpire

/// What the report's sentences say agrees with how the umpire scored (a new user's trial,
/// issue 17): the restore target with the asset's rebuild, the open outages beside a team's
/// median, one corrective action per plan row whoever reads it, one plan row per recommendation.
@Suite("The report's prose agrees with the scorecard")
struct ReportProseTests {
    @Test("a restore is judged against the target plus the asset's own rebuild, as Scoring.md scores it, and says so")
    func restoreTargetWithRebuild() throws {
        let input = try ShippedGame.input("pacific-shield")
        let (good, bad) = ReportFindings(input).findings
        let strengths = good.map(\.text), improvements = bad.map(\.text)
        // By hand from the exercise: target restore 6h; wa-vpn restore 4h without backups (8h),
        // wa-ws 8h, closed-gw 6h. The journal: wa-vpn down +02:00 back +11:30, wa-ws +03:30 to
        // +14:00, closed-gw +12:30 to +22:30. All three within their target, none a failure.
        #expect(strengths.contains("GSDF Cyber Protection Unit had wa-vpn back in service 9h 30m after it went down, within the restore target (6h plus its 8h rebuild, 14h)."), "\(strengths)")
        #expect(strengths.contains("GSDF Cyber Protection Unit had wa-ws back in service 10h 30m after it went down, within the restore target (6h plus its 8h rebuild, 14h)."))
        #expect(strengths.contains("Cyber Defense Command (JCDC) had closed-gw back in service 10h after it went down, within the restore target (6h plus its 6h rebuild, 12h)."))
        #expect(!improvements.contains { $0.contains("to restore") }, "\(improvements.filter { $0.contains("to restore") })")
        // The scorecard agrees: every restore it scored was inside the target, so restore points are full for those.
        for o in input.scorecard.outages where o.byRestore {
            guard let ttr = o.timeToRestore else { continue }
            let a = input.exercise.assets[o.asset].id
            let inTime = ttr <= 360 + o.rebuildMinutes
            #expect(strengths.contains { $0.contains(" had \(a) back in service ") } == inTime, "\(a)")
        }
    }

    @Test("a team's pack gives the restore median with the outages still open, as the scorecard does")
    func teamRestoreOpen() throws {
        let input = try ShippedGame.input("pacific-shield")
        let x = input.exercise
        let t = try #require(x.teams.firstIndex { $0.id == "gsdf" })
        let md = MarkdownReport.render(input, for: .team(t))
        // The full report's by-team row for gsdf reads "9h 30m, 2 open" (wa-dc and yng-bridge never came back).
        #expect(MarkdownReport.render(input).contains("| gsdf | GSDF Cyber Protection Unit | — | 4 | 30m | 30m | 9h 30m, 2 open |"))
        #expect(md.contains("| gsdf | GSDF Cyber Protection Unit | — | 30m | 30m | 9h 30m, 2 open |"), "\(md)")
        #expect(md.contains("to restore 9h 30m, 2 open)."))
    }

    @Test("a plan row reads the same in a team's pack as in the full report: action and capability element", arguments: ShippedGame.names)
    func planRowsAgree(name: String) throws {
        let input = try ShippedGame.input(name)
        let x = input.exercise
        let full = ReportFindings(input).plan
        var compared = 0
        for t in x.teams.indices where x.teams[t].role != .white {
            let pack = TeamFindings(input, team: t)
            for row in pack.planTable.rows {
                guard let same = full.first(where: { $0.ref == row[0] }), !row[1].hasPrefix("An expectation of a card") else { continue }
                #expect(row[2] == same.action && row[3] == same.element, "\(name) \(x.teams[t].id) \(row[0]): '\(row[2])' vs '\(same.action)'")
                compared += 1
            }
        }
        #expect(compared > 0, "\(name): no plan row to compare")
    }

    @Test("each evaluator's recommendation is its own plan row, numbered under what it is about")
    func recommendationRefs() throws {
        let base = try ShippedGame.input("pacific-shield")
        let x = base.exercise
        let o4 = try #require(x.objectives.firstIndex { $0.id == "O4" })
        let a04 = try #require(x.injects.firstIndex { $0.id == "A04" })
        func guide(_ who: String, _ texts: [String]) -> EvaluationGuide {
            EvaluationGuide(evaluator: who, entries: [
                .init(subject: .objective(o4), rating: .s, recommendations: texts.map { .init(text: $0, owner: "\(who)'s owner") }),
            ])
        }
        var second = guide("Maj. Ito", ["Name the approver for the bridge cut in the OPORD"])
        second.entries.append(.init(subject: .expectation(inject: a04, number: 2), recommendations: [.init(text: "Rehearse DC isolation")]))
        let input = ReportInput(exercise: x, events: base.events, scorecard: base.scorecard, journalName: base.journalName,
                                journalHash: base.journalHash,
                                evaluations: [guide("Capt. Sato", ["Pre-authorise the cut", "Write the HF fallback down"]), second])
        let rows = ReportFindings(input).recommendationRows
        #expect(rows.map(\.ref) == ["O4-R1", "O4-R2", "O4-R3", "A04.2-R1"])
        #expect(rows.map(\.team) == ["Capt. Sato's owner", "Capt. Sato's owner", "Maj. Ito's owner", "—"])
        let md = MarkdownReport.render(input)
        #expect(md.contains("The evaluators' recommendations first (each ref is the objective or expectation with the recommendation's number, O1-R1), then every late and missed expectation."))
        #expect(md.contains("| O4-R3 | (observed by Maj. Ito) | Name the approver for the bridge cut in the OPORD | — | O4 | Maj. Ito's owner | Maj. Ito |  |  |"))
    }
}
