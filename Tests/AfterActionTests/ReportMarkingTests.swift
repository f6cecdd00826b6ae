import AfterAction
import ExerciseCore
import Testing

/// A report is marked as what it prints: the exercise's banner, with the play marking that
/// holds every marked card on its pages, and the cards' own markings beside them.
@Suite("Report markings: no page is marked less restrictively than a card printed on it")
struct ReportMarkingTests {
    @Test("the marking that holds several: highest level, SDS if any, only the nations all admit, the strictest TLP")
    func holding() {
        let jpnOnly = Releasability(nations: ["JPN"])
        let secretRel = Releasability(level: .secret, nations: ["JPN", "USA"])
        #expect(Releasability.holding([jpnOnly, secretRel]).text == "SECRET//JPN ONLY")
        #expect(Releasability.holding([secretRel, Releasability(level: .confidential, sds: true)]).text == "SECRET//SDS//REL TO JPN, USA")
        // No nation is admitted by both: only exercise control may hold the document.
        #expect(Releasability.holding([jpnOnly, Releasability(nations: ["USA"])]).text == "EXERCISE CONTROL ONLY")
        #expect(Releasability.holding([.tlp(.green), .tlp(.red), .tlp(.amber)]).text == "TLP:RED")
        #expect(Releasability.holding([.tlp(.amberStrict), .tlp(.amber)]).text == "TLP:AMBER+STRICT")
        #expect(Releasability.holding([Releasability]()).isUnrestricted)
        #expect(Releasability.holding([.unrestricted, .unrestricted]).isUnrestricted)
    }

    // Pacific Shield's marked cards, read from the exercise file: A08 and A15 REL TO JPN, USA,
    // A12 SECRET//REL TO JPN, USA, X1 JPN ONLY. Who holds which, from the shipped game's
    // responses: X1 goes to jcdc and gsdf (jcdc's share of it to usfj is refused); jcdc gets
    // A12 and A15 and shares both with usfj; usfj gets A08 and shares it with jcdc and asdf
    // (its share to gsdf is refused: no channel runs from usfj to gsdf); msdf holds only A05.
    static let banners: [(team: String, play: String?)] = [
        ("jcdc", "SECRET//JPN ONLY"),        // X1 JPN ONLY with A12 SECRET
        ("gsdf", "JPN ONLY"),                // X1
        ("msdf", nil),                       // A05, unmarked
        ("asdf", "REL TO JPN, USA"),         // A05 and A08
        ("usfj", "SECRET//REL TO JPN, USA"), // A08, A12, A15
    ]

    @Test("each team's pack carries the play marking of the cards it holds, top and bottom, with a notice naming them")
    func teamPacks() throws {
        let input = try ShippedGame.input("pacific-shield")
        let x = input.exercise
        for (id, play) in Self.banners {
            let t = try #require(x.teams.firstIndex { $0.id == id })
            let md = MarkdownReport.render(input, for: .team(t))
            let lines = md.split(separator: "\n")
            let banner = "**\(x.marking)\(play.map { " · PLAY MARKING: \($0)" } ?? "")**"
            #expect(lines.first.map(String.init) == banner, "\(id): \(lines.first ?? "")")
            #expect(lines.last.map(String.init) == banner, "\(id)")
            #expect(md.contains("Handling in play:") == (play != nil), "\(id)")
            let html = HTMLReport.render(input, for: .team(t))
            #expect(html.contains("<div class=\"marking marking-top\" role=\"note\" aria-label=\"Classification marking\">\(HTMLReport.escape(String(banner.dropFirst(2).dropLast(2))))</div>"), "\(id)")
        }
        let gsdf = MarkdownReport.render(input, for: .team(try #require(x.teams.firstIndex { $0.id == "gsdf" })))
        #expect(gsdf.contains("*Handling in play: this report prints cards marked JPN ONLY (X1), so in the exercise the whole document is JPN ONLY, as its banner says.*"))
    }

    @Test("the full report: every released card's marking in its row, and a banner that holds them all")
    func fullReport() throws {
        let input = try ShippedGame.input("pacific-shield")
        let md = MarkdownReport.render(input)
        let banner = "**UNCLASSIFIED // EXERCISE ONLY · PLAY MARKING: SECRET//JPN ONLY**"
        #expect(md.hasPrefix(banner + "\n") && md.hasSuffix(banner + "\n"))
        #expect(md.contains("this report prints cards marked REL TO JPN, USA (A08, A15); JPN ONLY (X1); and SECRET//REL TO JPN, USA (A12)"))
        let released = part(md, from: "### Injects released", to: "### Approvals")
        #expect(released.contains("| inject | time | turn | title | cause | to | marking | techniques | card text |"))
        func row(_ id: String) -> Substring? { released.split(separator: "\n").first { $0.hasPrefix("| \(id) |") } }
        #expect(row("X1")?.contains("| manual | jcdc, gsdf | JPN ONLY |") == true, "\(row("X1") ?? "")")
        #expect(row("A12")?.contains("| jcdc | SECRET//REL TO JPN, USA | T1560.001, T1041 |") == true, "\(row("A12") ?? "")")
        #expect(row("A01")?.contains("| jcdc | — | T1566.001 |") == true, "\(row("A01") ?? "")")
        // Printed: the page margins carry the same banner.
        let html = HTMLReport.render(input)
        #expect(html.contains("@top-center { content: \"UNCLASSIFIED // EXERCISE ONLY · PLAY MARKING: SECRET//JPN ONLY\";"))
    }

    @Test("an exercise whose printed cards are unmarked keeps the exercise's banner alone")
    func unmarked() throws {
        let input = try ShippedGame.input("pacific-shield") { x in
            for i in x.injects.indices {
                x.injects[i].marking = .unrestricted
                x.injects[i].tearline = nil
            }
        }
        let md = MarkdownReport.render(input)
        #expect(md.hasPrefix("**UNCLASSIFIED // EXERCISE ONLY**\n"))
        #expect(!md.contains("PLAY MARKING") && !md.contains("Handling in play"))
    }
}
