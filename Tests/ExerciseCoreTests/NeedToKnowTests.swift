import ExerciseCore
import ExerciseScript
import Presentation
import Testing

/// An exercise with a JPN-only cell, a US ally and an observer, built to tempt every route of
/// issue 13 by which restricted information could reach a team. Turns are 1 hour; sensors never
/// fire and hunts always find, so nothing here depends on the dice.
private let fixture = """
    exercise "Need to know"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 12 turns
      tearline 1h

    domain joint "Joint" nation JPN
    domain land "Land" nation JPN
    domain ally "Ally" nation USA

    team jcdc "JCDC" domain joint
      capacity 6
    team gsdf "GSDF" domain land
      acts-on joint
      capacity 6
    team usfj "USFJ" domain ally role ally
      capacity 6
    team obs "Observers" role observer nation JPN
    team white "White" role white

    segment open "Open" domain joint
      sensors 0
      hunt 1
    segment yok "Yokota" domain ally
      sensors 0

    asset mail "Mail" in open
      restore 1h
    asset web "Web" in open
      restore 1h
    asset ymail "Yokota mail" in yok

    channel jcdc -> usfj 1h marking "REL TO JPN, USA"
    channel gsdf -> usfj 1h marking "REL TO JPN, USA"
    channel usfj -> jcdc 1h
    channel jcdc -> gsdf 0m
    actor apt "APT"

    inject S1 at +00:00 "Secret compromise"
      by apt
      to jcdc
      marking "JPN ONLY"
      compromise mail
      text "canary-s1 the NDA pack"
      tearline "releasable-s1 indicators only" marking "REL TO JPN, USA"
    inject R1 at +00:00 "Red card"
      to jcdc
      marking "TLP:RED"
      text "canary-r1"
    inject N1 at +00:00 "No tearline"
      to jcdc
      marking "JPN ONLY"
      text "canary-n1"
    inject H1 manual "Hidden compromise"
      by apt
      to white
      compromise web
    inject L1 manual "Later, JPN only"
      by apt
      to jcdc
      marking "JPN ONLY"
      compromise web
      text "canary-l1"
    """

@Suite("Need-to-know: every route a restricted item could take to a team (issue 13)")
struct NeedToKnowTests {
    let exercise: Exercise
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: fixture)
        #expect(checked.diagnostics.map(\.message) == [])
        exercise = try #require(checked.exercise)
        parser = ResponseParser(exercise: exercise)
    }

    func team(_ id: String) -> Int { exercise.teams.firstIndex { $0.id == id }! }
    func asset(_ id: String) -> Int { exercise.assets.firstIndex { $0.id == id }! }
    func inject(_ id: String) -> Int { exercise.injects.firstIndex { $0.id == id }! }

    /// A run of the fixture (or of an exercise derived from it) one turn at a time.
    struct Game {
        let engine: Engine
        var state: RunState
        var events: [Event] = []
        let parser: ResponseParser

        init(_ x: Exercise) {
            engine = Engine(exercise: x)
            state = RunState(exercise: x, seed: 1)
            parser = ResponseParser(exercise: x)
        }

        /// Plays one turn; returns each decision's refusal (nil when applied).
        @discardableResult
        mutating func turn(_ lines: String...) throws -> [Rejection?] {
            events += engine.openTurn(&state)
            var out: [Rejection?] = []
            for line in lines {
                let d = try #require(parser.parseJournalLine(line), "cannot read '\(line)'")
                let new = engine.decide(&state, d)
                events += new
                guard case .decision(_, let r) = new.first?.kind else { throw Failure("no decision event for \(line)") }
                out.append(r)
            }
            events += engine.closeTurn(&state)
            return out
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    // MARK: 1. A card addressed to a team its marking excludes

    @Test("the checker refuses a timed, manual or conditional card addressed to a team its marking excludes, at the team")
    func cardAddressedPastItsMarking() throws {
        for trigger in ["at +01:00", "manual", "when S1 released"] {
            let text = fixture + """

                inject X9 \(trigger) "Leaky"
                  to jcdc usfj
                  marking "JPN ONLY"
                """
            let result = ExerciseChecker.check(text: text)
            let errors = result.diagnostics.filter { $0.severity == .error }
            #expect(errors.map(\.code) == [.markingExcludesRecipient], "\(trigger)")
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  to jcdc usfj" }! + 1
            #expect(errors.first?.location == SourceLocation(line: line, column: 11), "\(trigger)")
            #expect(errors.first?.message.contains("'usfj' (USA)") == true)
        }
    }

    @Test("at run time the engine withholds such a card anyway, journals why, and the team is told nothing")
    func withheldAtRelease() throws {
        var x = exercise
        x.injects[inject("N1")].recipients.append(team("usfj"))  // as the checker would never let through
        var game = Game(x)
        try game.turn()
        let withheld = game.events.compactMap { e -> (Int, Int?, Decision.Item, Rejection)? in
            if case .withheld(let to, let from, let item, let r) = e.kind { return (to, from, item, r) } else { return nil }
        }
        #expect(withheld.count == 1)
        #expect(withheld.first?.0 == team("usfj") && withheld.first?.1 == nil)
        #expect(withheld.first?.2 == .inject(inject("N1")))
        #expect(withheld.first?.3 == .notReleasable(markedBy: inject("N1")))
        #expect(!game.state.holds(team("usfj"), card: inject("N1")))
        #expect(game.state.holds(team("jcdc"), card: inject("N1")))
        var narrator = EventNarrator(exercise: x, viewer: .team(team("usfj")))
        #expect(game.events.compactMap { narrator.describe($0) }.allSatisfy { $0.card != inject("N1") })
        // The journal line decodes back into the event.
        let codec = JournalCodec(exercise: x)
        for e in game.events where e.type == "withheld" {
            #expect(try codec.decode(JSONValue.parse(e.json(in: x).serialized())) == e)
        }
    }

    // MARK: 2. A report's marking does not fall off when the asset is restored

    @Test("a report on an asset keeps the marking of what the team learned, after the asset is restored")
    func markingSurvivesRestore() throws {
        var game = Game(exercise)
        // GSDF never holds S1's card: it learns of mail from its own hunt's alert, which carries S1's marking.
        #expect(try game.turn("gsdf hunt open") == [nil])
        #expect(game.state.teams[team("gsdf")].knows(asset("mail")))
        #expect(try game.turn("gsdf share mail -> usfj", "jcdc restore mail") == [.notReleasable(markedBy: inject("S1")), nil])
        try game.turn()
        #expect(!game.state.assets[asset("mail")].isCompromised, "restored")
        #expect(try game.turn("gsdf share mail -> usfj") == [.notReleasable(markedBy: inject("S1"))])
        // A team cannot launder a card either: JCDC holds S1, so its own report on mail carries S1's marking.
        #expect(try game.turn("jcdc detect mail", "jcdc share mail -> usfj") == [nil, .notReleasable(markedBy: inject("S1"))])
    }

    // MARK: 3. What is delivered is what was sent

    @Test("a report sent while the team knew nothing restricted arrives as it was sent, without a later compromise's indicators")
    func deliveryIsTheSnapshot() throws {
        var game = Game(exercise)
        try game.turn()
        // JCDC reports web (clean), sends the report, and only then does a JPN ONLY inject compromise web.
        #expect(try game.turn("jcdc detect web", "jcdc share web -> usfj", "white release L1") == [nil, nil, nil])
        let delivered = game.events.compactMap { e -> Int?? in
            if case .delivered(_, let to, .asset, let actor, _) = e.kind, to == team("usfj") { return actor } else { return nil }
        }
        #expect(delivered.count == 1)
        #expect(delivered.first == .some(nil), "no actor: JCDC held no indicators when it sent")
        #expect(!game.state.teams[team("usfj")].indicators.contains(exercise.injects[inject("L1")].actor!))
        #expect(game.state.teams[team("usfj")].knowledge(of: asset("web"))?.markedBy == [])
        // Sent now, the same report would carry L1's marking (JCDC holds L1's card, which names web).
        #expect(try game.turn("jcdc share web -> usfj") == [.notReleasable(markedBy: inject("L1"))])
    }

    // MARK: 4. Tearlines are real

    @Test("a tearline delivers only the releasable version; a card without one, or TLP:RED, cannot be tearlined")
    func realTearlines() throws {
        var game = Game(exercise)
        #expect(try game.turn("jcdc tearline R1", "jcdc tearline N1", "jcdc tearline S1", "jcdc share R1 -> usfj")
                == [.noReleasableVersion, .noReleasableVersion, nil, .originalRecipientsOnly])
        #expect(try game.turn("jcdc share S1 -> usfj") == [nil])
        try game.turn()
        let usfj = team("usfj"), s1 = inject("S1")
        #expect(game.state.holds(usfj, tearline: s1))
        #expect(!game.state.holds(usfj, card: s1))
        var narrator = EventNarrator(exercise: exercise, viewer: .team(usfj))
        let told = game.events.compactMap { narrator.describe($0) }.filter { $0.card == s1 }
        #expect(told.count == 1)
        #expect(told.first?.cardVersion == .tearline)
        // The checker refuses a tearline on a TLP:RED card, at the tearline.
        let text = fixture.replacingOccurrences(of: "  marking \"TLP:RED\"\n  text \"canary-r1\"",
                                                with: "  marking \"TLP:RED\"\n  text \"canary-r1\"\n  tearline \"x\" marking \"TLP:CLEAR\"")
        let errors = ExerciseChecker.check(text: text).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.tearlineNotAllowed])
        #expect(errors.first?.location.column == 3)
    }

    // MARK: 5. Only a team the card is releasable to, holding it, may tearline it; re-sharing never widens

    @Test("a team holding only the tearline passes on only the tearline and cannot tearline it; a team that should never have held the card cannot tearline it")
    func noWidening() throws {
        var game = Game(exercise)
        try game.turn("jcdc tearline S1")
        try game.turn("jcdc share S1 -> usfj")
        try game.turn()
        let usfj = team("usfj"), s1 = inject("S1")
        #expect(try game.turn("usfj tearline S1", "usfj share S1 -> jcdc") == [.cardNotHeld, nil])
        let sent = game.events.last { if case .sent(let f, _, _, _, _) = $0.kind { f == usfj } else { false } }
        guard case .sent(_, _, _, _, let version) = sent?.kind else { Issue.record("no share from usfj"); return }
        #expect(version == .tearline)
        // Had the card as written reached usfj by some route, usfj still could not write its tearline.
        var leaked = game.state
        leaked.apply(Event(seq: leaked.nextSeq, turn: leaked.turn, minute: leaked.minute,
                           kind: .delivered(from: team("jcdc"), to: usfj, item: .inject(s1), actor: nil, version: .original)),
                     in: exercise)
        var d = Game(exercise)
        d.state = leaked
        #expect(try d.turn("usfj tearline S1") == [.notReleasable(markedBy: s1)])
    }

    // MARK: 6. Outcomes and refusals depend only on what the team knows

    /// Every decision a team could try, for the invariance test.
    func candidates(for t: Int) -> [Decision] {
        var out: [Decision] = []
        for a in exercise.assets.indices {
            out += [.detect(asset: a, technique: nil), .contain(asset: a), .restore(asset: a)].map { Decision(team: t, verb: $0) }
            for to in exercise.teams.indices {
                out.append(Decision(team: t, verb: .share(.asset(a), to: to)))
                out.append(Decision(team: t, verb: .request(team: to, asset: a)))
                out.append(Decision(team: t, verb: .grant(team: to, asset: a)))
            }
        }
        for i in exercise.injects.indices {
            out.append(Decision(team: t, verb: .tearline(inject: i)))
            for to in exercise.teams.indices { out.append(Decision(team: t, verb: .share(.inject(i), to: to))) }
        }
        for s in exercise.segments.indices { out.append(Decision(team: t, verb: .hunt(segment: s))) }
        return out
    }

    @Test("no team's refusal of any decision depends on a compromise it has not found")
    func refusalsReadNoGroundTruth() throws {
        // Two runs that differ only in ground truth: in one, white released H1 (web compromised, nobody told).
        var hidden = Game(exercise), clean = Game(exercise)
        try hidden.turn("white release H1", "jcdc detect mail")
        try clean.turn("jcdc detect mail")
        #expect(hidden.state.assets[asset("web")].isCompromised && !clean.state.assets[asset("web")].isCompromised)
        hidden.events += hidden.engine.openTurn(&hidden.state)
        clean.events += clean.engine.openTurn(&clean.state)
        var compared = 0
        for t in exercise.teams.indices where exercise.teams[t].role != .white {
            for d in candidates(for: t) {
                #expect(hidden.engine.rejection(of: d, in: hidden.state) == clean.engine.rejection(of: d, in: clean.state),
                        "\(d.line(in: exercise))")
                compared += 1
            }
        }
        #expect(compared > 300)
        // And a restore of the clean web is accepted: it costs the decision and takes web down while it is rebuilt.
        let restore = Decision(team: team("jcdc"), verb: .restore(asset: asset("web")))
        let before = clean.state.used[team("jcdc")]
        _ = clean.engine.decide(&clean.state, restore)
        #expect(clean.state.used[team("jcdc")] == before + 1)
        #expect(clean.state.assets[asset("web")].service == .down)
    }

    // MARK: 7. Every team has a nation

    @Test("a team without a nation is a checker error where information is marked by nation; the white cell is exercise control")
    func teamsHaveNations() throws {
        let text = fixture.replacingOccurrences(of: "team obs \"Observers\" role observer nation JPN", with: "team obs \"Observers\" role observer")
        let errors = ExerciseChecker.check(text: text).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.teamWithoutNation])
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("team obs") }! + 1
        #expect(errors.first?.location == SourceLocation(line: line, column: 6))
        // Without nation markings a team needs none.
        let plain = text.replacingOccurrences(of: "JPN ONLY", with: "TLP:AMBER").replacingOccurrences(of: "REL TO JPN, USA", with: "TLP:GREEN")
        #expect(ExerciseChecker.check(text: plain).diagnostics.filter { $0.severity == .error }.isEmpty)
        // The observer of a nation is admitted by that nation's marking only; the white cell by every one.
        #expect(exercise.refusal(toRelease: .nations(["JPN"]), of: inject("S1"), to: team("obs")) == nil)
        #expect(exercise.refusal(toRelease: .nations(["USA"]), of: inject("S1"), to: team("obs")) == .notReleasable(markedBy: inject("S1")))
        #expect(exercise.refusal(toRelease: .nations(["USA"]), of: inject("S1"), to: team("white")) == nil)
    }

    // MARK: 8. Reactive players decide from their team's knowledge

    @Test("reactive players make the same decisions whether or not an unreported compromise is there")
    func reactivePlayersReadNoGroundTruth() throws {
        // JCDC reports web in both runs; only in one is web really compromised (H1, told to nobody).
        var hidden = Game(exercise), clean = Game(exercise)
        try hidden.turn("white release H1", "jcdc detect web")
        try clean.turn("jcdc detect web")
        var all: [Decision] = []
        for _ in 0..<4 {
            hidden.events += hidden.engine.openTurn(&hidden.state)
            clean.events += clean.engine.openTurn(&clean.state)
            let a = Players.reactive.act(hidden.engine, &hidden.state), b = Players.reactive.act(clean.engine, &clean.state)
            let decisions = { (events: [Event]) in events.compactMap { e -> Decision? in if case .decision(let d, _) = e.kind { d } else { nil } } }
            #expect(decisions(a) == decisions(b))
            all += decisions(a)
            hidden.events += a + hidden.engine.closeTurn(&hidden.state)
            clean.events += b + clean.engine.closeTurn(&clean.state)
        }
        // The report is acted on in both: contained, then rebuilt.
        #expect(all.contains { $0.verb == .contain(asset: asset("web")) })
        #expect(all.contains { $0.verb == .restore(asset: asset("web")) })
    }
}
