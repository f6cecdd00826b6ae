import AfterAction
import ExerciseCore
import Testing
import Umpire

/// The style drives the outputs (issue 14): Cyber Coalition is cooperative and no-fault, so
/// its report leads with the objectives and puts no team side by side by score.
@Suite("The exercise's style drives its outputs")
struct StyleTests {
    @Test("a cyber-coalition report ranks no team and leads with objectives; the same game as a tabletop does rank")
    func coalitionRanksNoTeam() throws {
        let coalition = try ShippedGame.input("pacific-shield")
        #expect(coalition.exercise.style == .cyberCoalition)
        let tabletop = try ShippedGame.input("pacific-shield") { $0.style = .tabletop }
        let a = MarkdownReport.render(coalition), b = MarkdownReport.render(tabletop)
        let jcdc = try #require(coalition.scorecard.teams.first { $0.name == "jcdc" }?.score)
        #expect(b.contains("| jcdc | Cyber Defense Command (JCDC) | \(jcdc) |"))
        #expect(a.contains("| jcdc | Cyber Defense Command (JCDC) | — |"))
        #expect(a.contains("teams are not scored against each other"))
        #expect(!b.contains("teams are not scored against each other"))
        // Objectives come before the score in the executive summary.
        let objectives = try #require(a.range(of: "- Objectives:")), score = try #require(a.range(of: "scored \(coalition.scorecard.overall.score ?? -1)/100"))
        #expect(objectives.lowerBound < score.lowerBound)
        // A team's own pack does not give it a score to compare either.
        let pack = MarkdownReport.render(coalition, for: .team(try #require(coalition.exercise.teams.firstIndex { $0.id == "gsdf" })))
        #expect(!pack.contains("gsdf scored"))
        #expect(pack.contains("gsdf is not scored against other teams"))
    }
}
