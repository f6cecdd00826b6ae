import AfterAction
import ExerciseCore
import ExerciseScript
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
        #expect(!pack.contains("GSDF Cyber Protection Unit scored"))
        #expect(pack.contains("GSDF Cyber Protection Unit is not scored against other teams"))
    }

    @Test("a cyber-storm report shows the public–private picture, figures read from the played game by hand; no other style or team pack does")
    func stormShowsThePublicPrivatePicture() throws {
        let storm = try ShippedGame.input("harbour-and-airbase")
        #expect(storm.exercise.style == .cyberStorm)
        let md = MarkdownReport.render(storm)
        #expect(md.contains("### The public–private picture"))
        // From the responses: the terminal is encrypted at +00:00 and its CSIRT knows at once
        // (the ransom note); port-op shares B01 and its report with the NCO at +00:00, which
        // arrive at +01:00 (1 h channel): government knows 1 h after the hit. The NCO never
        // sends the operator anything. The airline sites have no team of their own; JCDC
        // holds B08 (the NCO's report on the DDoS) from its release at +13:00.
        #expect(md.contains("| port-tos | port-op | +00:00 | +00:00 | +01:00 | 1h |"), "\(md)")
        #expect(md.contains("| airline-web | not played | +13:00 | — | +13:00 | 0m |"))
        #expect(md.contains("| private → government | 2 | 0 | 0 | 2 | 1h |"))
        #expect(md.contains("| government → private | 0 | 0 | 0 | 0 | — |"))
        // The terminal's booking records are the only stolen data, and private.
        #expect(md.contains("| private | port-op | 1 | 1 | 0m | 3 | 1 | 1 |"))
        // The spoofing's outages end when the emitter is removed, and say so.
        #expect(md.contains("| approach-gnss | maritime | +06:00 | down | +12:00 | emitter removed | 6h |"))
        let html = HTMLReport.render(storm)
        #expect(html.contains("The public–private picture"))
        #expect(html.contains("Operators&#39; incidents: when government knew") || html.contains("Operators' incidents: when government knew"))

        let tabletop = try ShippedGame.input("harbour-and-airbase") { $0.style = .tabletop }
        #expect(!MarkdownReport.render(tabletop).contains("public–private"))
        let nco = try #require(storm.exercise.teams.firstIndex { $0.id == "nco" })
        #expect(!MarkdownReport.render(storm, for: .team(nco)).contains("public–private"))
    }

    @Test("a domain's sector is public or private, placed at line and column when it is neither")
    func sectorDiagnostics() {
        let text = """
            exercise "Sectors"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 2 turns
            domain port "Terminal" nation JPN sector privat
            domain gov "Cabinet" nation JPN sector
            domain joint "Joint" nation JPN sector public
            team jcdc "JCDC" domain joint
            """
        let found = ExerciseChecker.check(text: text).diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        #expect(found == [
            "5:42 unknown sector 'privat'; use 'public' (government) or 'private' (operators, companies)",
            "6:39 expected 'public' or 'private' after 'sector'",
        ])
    }
}
