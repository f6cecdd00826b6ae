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

    @Test("an area for improvement says what the card expected beside the scoring target, and never calls a late containment of stolen data a strength")
    func improvementsAgreeWithTheObjectives() throws {
        let input = try ShippedGame.input("pacific-shield")
        let (good, bad) = ReportFindings(input).findings
        let strengths = good.map(\.text), improvements = bad.map(\.text)
        // By hand: closed-plans compromised +10:00 (A09), reported by jcdc at +13:30; the rubric's
        // detect target is 1h, A09.1 asks within 4h of the release at +10:00: met.
        #expect(improvements.contains("Cyber Defense Command (JCDC) needed 3h 30m to detect T1199 on closed-plans, against the exercise's 1h detection target; A09.1 expected it within 4h, and it was met there."))
        // yng-bridge: no card expectation to contain it, so only the target.
        #expect(improvements.contains("Cyber Defense Command (JCDC) needed 2h 30m after detection to contain yng-bridge, against the exercise's 2h containment target."))
        // closed-intel: its data got out at +15:00 (A12), JCDC contained it at +15:30, the turn it reported it.
        #expect(improvements.contains("Cyber Defense Command (JCDC) contained closed-intel at +15:30, in the turn it was detected, but its data had been stolen at +15:00."))
        #expect(!strengths.contains { $0.contains("contained closed-intel") })
        // con-jump is the civil domain's, which no team plays.
        #expect(improvements.contains { $0.hasPrefix("No team detected T1199 on con-jump (Defence industry and civil operators, which no team plays), compromised at +10:00") })
        // wa-dc: gsdf's restore started at +20:00 and, 6h without a shortcut, runs past the end (+24:00).
        #expect(improvements.contains("wa-dc went down at +06:00 and was not back in service by the end of play (18h later); its restore, started at +20:00, was due to finish at +26:00."))
    }

    @Test("the timeline draws a restore still running at the end as restoring, to the end")
    func runningRestoreOnTheTimeline() throws {
        let input = try ShippedGame.input("pacific-shield")
        let x = input.exercise
        let dc = try #require(x.assets.firstIndex { $0.id == "wa-dc" })
        let lane = try #require(ReportFindings(input).lanes.first { $0.asset == dc })
        let last = try #require(lane.phases.last)
        #expect(last.kind == .restoring && last.from == 20 * 60 && last.to == 24 * 60, "\(lane.phases)")
    }

    @Test("a team's pack gives its cards in the team's language, as its console did")
    func packInTheTeamsLanguage() throws {
        let input = try ShippedGame.input("pacific-shield")
        let x = input.exercise
        let gsdf = try #require(x.teams.firstIndex { $0.id == "gsdf" }), usfj = try #require(x.teams.firstIndex { $0.id == "usfj" })
        let a02 = try #require(x.injects.firstIndex { $0.id == "A02" })
        let ja = try #require(x.card(a02, in: .ja))
        #expect(x.language(ofTeam: gsdf) == .ja && x.language(ofTeam: usfj) == .en)
        let pack = MarkdownReport.render(input, for: .team(gsdf))
        #expect(pack.contains("| A02 | as written | +01:00 | released to gsdf | — | alert | — | \(ja.title) | \(ja.text) |"), "\(pack)")
        #expect(!pack.contains(x.injects[a02].title))
        let ally = MarkdownReport.render(input, for: .team(usfj))
        let a08 = try #require(x.injects.firstIndex { $0.id == "A08" })
        #expect(ally.contains("| \(x.injects[a08].title) |"))
    }
}
