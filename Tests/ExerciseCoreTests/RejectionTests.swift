import ExerciseCore
import ExerciseScript
import Testing

/// An exercise in which every rule of phase 5 can be broken; turns are 1 hour.
private let rulesFixture = """
    exercise "Rules fixture"
      start 2026-11-24T09:00+09:00
      turn 1h
      length 12 turns
      tearline 2h

    domain joint "Joint" nation JPN
    domain land "Land" nation JPN
    domain sea "Sea" nation JPN
    domain ally "Ally" nation USA

    organisation mod "Ministry of Defense"

    team jcdc "JCDC" domain joint
      acts-on land
      capacity 3
      organisation mod
      clearance secret
      sds yes
    team gsdf "GSDF" domain land
      capacity 1
      clearance secret
    team usfj "USFJ" domain ally role ally
    team obs "Observer" role observer nation JPN
    team aus "Australian liaison" role observer nation AUS
    team ministry "Ministry liaison" role approver nation JPN
    team white "White" role white

    segment open "Open" domain joint
    segment hq "HQ" domain land
    segment port "Port" domain sea
    link open hq

    asset mail "Mail" in open
      restore 2h
    asset vpn "VPN" in hq
    asset dc "DC" in hq
    asset ship "Ship" in port
    asset web "Web" in open
    asset rx "Radio relay" in open

    channel jcdc -> usfj 1h marking "REL TO JPN, USA"
    c2 apt-c2 "The APT's C2 domains"
    emitter tx "Spoofing transmitter" removed-by gsdf
    channel jcdc -> gsdf 0m
    channel usfj -> aus 0m
    actor apt "APT"

    inject A1 at +00:00 "Phish"
      by apt
      to jcdc
      compromise mail
      expect detect mail within 1h
    inject A2 at +01:00 "Spread"
      by apt
      spread mail -> vpn
      expect contain vpn within 2h
    inject S1 at +00:00 "Secret indicators"
      by apt
      to jcdc
      marking "JPN ONLY"
      compromise dc
      tearline "Indicators only" marking "REL TO JPN, USA"
    inject R1 at +00:00 "Red report"
      to jcdc
      marking "TLP:RED"
    inject K1 at +00:00 "Secret report"
      to jcdc
      marking "SECRET//REL TO JPN, USA"
    inject Q1 at +00:00 "Designated secret"
      to jcdc
      marking "SECRET//SDS//JPN ONLY"
    inject M1 at +00:00 "Partner advisory"
      to jcdc
      marking "TLP:AMBER"
    inject L1 at +11:00 "Late report"
      to jcdc
    inject C1 manual "Contingency"
      to jcdc

    approval rx-off "Taking the relay off line"
      of contain rx
      by gsdf
      latency 1h
    """

@Suite("The engine's refusals are typed values")
struct RejectionTests {
    let exercise: Exercise
    let engine: Engine
    let parser: ResponseParser

    init() throws {
        let checked = ExerciseChecker.check(text: rulesFixture)
        #expect(checked.diagnostics.map(\.message) == [])
        exercise = try #require(checked.exercise)
        engine = Engine(exercise: exercise)
        parser = ResponseParser(exercise: exercise)
    }

    func team(_ id: String) -> Int { exercise.teams.firstIndex { $0.id == id }! }
    func asset(_ id: String) -> Int { exercise.assets.firstIndex { $0.id == id }! }
    func inject(_ id: String) -> Int { exercise.injects.firstIndex { $0.id == id }! }

    /// Plays the turns (one list of decision lines each) and returns every decision's outcome.
    /// `built` holds decisions the line parser already refuses, made here directly.
    func outcomes(_ turns: [[String]], built: [String: Decision] = [:]) throws -> [(line: String, decision: Decision, rejection: Rejection?)] {
        var state = RunState(exercise: exercise, seed: 1)
        var out: [(String, Decision, Rejection?)] = []
        for lines in turns {
            _ = engine.openTurn(&state)
            for line in lines {
                guard let d = built[line] ?? parser.parseJournalLine(line) else {
                    Issue.record("cannot read '\(line)'")
                    continue
                }
                guard case .decision(_, let r) = engine.decide(&state, d).first?.kind else {
                    Issue.record("no decision event for \(line)")
                    continue
                }
                out.append((line, d, r))
            }
            _ = engine.closeTurn(&state)
        }
        return out
    }

    @Test("each rule refuses with its own case, its kind of rule and its sentence")
    func everyRule() throws {
        // A refusal holds only what its rule looked at beyond the decision: the sentence names the rest.
        let gsdf = team("gsdf"), a1 = inject("A1"), s1 = inject("S1")
        let expected: [(line: String, Rejection?, Rejection.Rule?, String?)] = [
            // turn 1
            ("obs detect mail", .observersOnlyTakeNotes, .role, "observers only take notes"),
            ("jcdc release A2", .whiteCellOnly, .role, "only the white cell can release"),
            ("jcdc judge A1.1 met \"x\"", .whiteCellOnly, .role, "only the white cell can judge"),
            ("gsdf hunt hq", nil, nil, nil),
            ("gsdf hunt hq", .overCapacity(limit: 1), .capacity, "gsdf has used all 1 decisions this turn (capacity)"),
            ("usfj detect vpn", .noAuthority(grantor: gsdf), .authority,
             "usfj has no authority on vpn (domain land); ask gsdf to grant it"),
            ("jcdc contain ship", .noAuthority(grantor: nil), .authority,
             "jcdc has no authority on ship (domain sea); no team holds that domain: exercise control can grant it"),
            ("usfj hunt open", .noAuthorityInSegment, .authority,
             "usfj has no authority in segment open (domain joint)"),
            ("usfj grant gsdf mail", .noAuthorityToGrant, .authority,
             "usfj has no authority on mail to grant"),
            ("jcdc detect mail", nil, nil, nil),
            ("jcdc detect mail", .alreadyReported, .alreadyDone, "jcdc already reported mail"),
            ("jcdc restore mail", nil, nil, nil),
            ("white release A1", .alreadyReleased, .alreadyDone, "A1 was already released"),
            ("white judge A1.5 met \"x\"", .noSuchExpectation, .other, "A1 has no expectation 5"),
            ("white judge A2.1 met \"x\"", .notYetReleased, .precondition, "A2 has not been released yet: there is nothing to rule on"),
            ("usfj share A1 -> jcdc", .noChannel, .noChannel, "no channel from usfj to jcdc"),
            ("usfj tearline S1", .cardNotHeld, .nothingToShare, "usfj has not received S1"),
            ("usfj request usfj vpn", .askItself, .other, "usfj cannot ask itself for help"),
            ("usfj grant usfj vpn", .grantItself, .other, "usfj cannot grant itself authority"),
            // turn 2
            ("jcdc contain mail", .beingRestored, .precondition, "mail is being restored"),
            ("jcdc restore mail", .alreadyRestoring, .alreadyDone, "mail is already being restored"),
            ("jcdc restore ship", .noAuthority(grantor: nil), .authority, nil),
            ("jcdc share A1 -> jcdc", .shareWithItself, .other, "jcdc cannot share with itself"),
            ("jcdc share A2 -> gsdf", .cardNotHeld, .nothingToShare, "jcdc has not received A2"),
            ("jcdc share dc -> usfj", .nothingKnown, .nothingToShare, "jcdc has nothing on dc to share"),
            ("gsdf grant usfj dc", nil, nil, nil),
            // turn 3
            ("gsdf grant usfj dc", .alreadyGranted, .alreadyDone, "usfj already has authority on dc"),
            ("jcdc share R1 -> gsdf", .originalRecipientsOnly, .releasability,
             "R1 is marked 'TLP:RED': only its original recipients may hold it"),
            ("jcdc share S1 -> usfj", .notReleasable(markedBy: s1), .releasability,
             "marked 'JPN ONLY': usfj (USA) may not receive it; its tearline may go (tearline S1 first)"),
            ("jcdc tearline S1", nil, nil, nil),
            // turn 4
            ("jcdc tearline S1", .alreadyMadeTearline, .alreadyDone, "jcdc already made a tearline of S1"),
            ("jcdc detect dc", nil, nil, nil),
            ("jcdc share dc -> usfj", .notReleasable(markedBy: s1), .releasability,
             "marked 'JPN ONLY': usfj (USA) may not receive it"),
            // turn 5
            ("jcdc contain dc", nil, nil, nil),
            ("jcdc contain dc", .alreadyContained, .alreadyDone, "dc is already contained"),
            // Whether web is clean is ground truth: the rebuild is accepted.
            ("jcdc restore web", nil, nil, nil),
            ("jcdc tearline R1", .noReleasableVersion, .releasability,
             "R1 is marked 'TLP:RED': it goes to its named recipients only and cannot be tearlined"),
            ("jcdc share S1 -> usfj", nil, nil, nil),  // the tearline started in turn 3 is ready
            // turn 6: usfj holds only the tearline, which is not releasable to Australia
            ("usfj share S1 -> aus", .tearlineNotReleasable, .releasability,
             "usfj holds only the tearline of S1, marked 'REL TO JPN, USA': aus (AUS) may not receive it"),
            ("jcdc contain rx", nil, nil, nil),  // goes to gsdf as request R1; it arrives at the end of the turn
            ("jcdc contain rx", .awaitingApproval, .alreadyDone, "jcdc contain rx already waits for approval"),
            ("gsdf approve R5", .noSuchRequest, .other, "there is no request R5"),
            ("usfj approve R1", .notApprover(approver: gsdf), .authority, "R1 is for gsdf to answer (or the white cell)"),
            ("gsdf approve R1", .requestNotArrived, .precondition, "R1 has not reached gsdf yet"),
            // turn 7
            ("gsdf approve R1", nil, nil, nil),
            ("white deny R1", .alreadyAnswered, .alreadyDone, "R1 was already answered"),
            // turn 8: the marking rules beyond nations
            ("jcdc share K1 -> usfj", .notCleared(markedBy: inject("K1")), .releasability,
             "marked 'SECRET//REL TO JPN, USA': usfj is not cleared"),
            ("jcdc share Q1 -> gsdf", .notDesignated(markedBy: inject("Q1")), .releasability,
             "marked 'SECRET//SDS//JPN ONLY': gsdf is not designated to handle Specially Designated Secrets"),
            ("jcdc share M1 -> usfj", .outsideOrganisation(markedBy: inject("M1")), .releasability,
             "marked 'TLP:AMBER': only its recipients' organisations (mod) and their clients may hold it; usfj is of no organisation"),
            // turn 9: mitigations
            ("ministry block apt-c2", .noDomainToCut, .authority, "ministry acts in no domain, so it has nowhere to block"),
            ("jcdc block apt-c2", nil, nil, nil),
            ("jcdc block apt-c2", .alreadyCut, .alreadyDone, "apt-c2 is already blocked everywhere jcdc acts"),
            ("jcdc remove tx", .cannotRemove, .authority, "only gsdf (or the white cell) can take tx off the air"),
            // turn 10: attribution
            ("gsdf attribute apt low", nil, nil, nil),
            ("white attribute apt low", nil, nil, nil),
            ("white attribute apt low", .alreadyAttributed, .alreadyDone, "white already made this attribution (white attribute apt low)"),
            // turn 11 (+10:00 to +11:00): changes to the script
            ("gsdf cancel L1", .whiteCellOnly, .role, "only the white cell can cancel"),
            ("white advance L1 to +10:30", .notAfterThisTurn, .precondition,
             "+10:30 is not after this turn: a time must fall in a later turn (to play L1 now, 'release' it)"),
            ("white delay L1 to +10:30", .wrongDirection, .other, "L1 is due at +11:00: a delay moves it later ('advance' moves it earlier)"),
            ("white advance L1 to +11:30", .wrongDirection, .other, "L1 is due at +11:00: an advance moves it earlier ('delay' moves it later)"),
            ("white cancel C1", .notScheduled, .precondition, "C1 has no scheduled time: it is released by hand ('release C1')"),
            ("white cancel A1", .alreadyReleased, .alreadyDone, "A1 was already released"),
            ("white inject X9 at +10:30 \"Now\"", .notAfterThisTurn, .precondition,
             "X9 is set for +10:30, which is not after this turn: a time must fall in a later turn (add it without one and 'release' it to play it now)"),
            ("white delay L1 to +11:30", nil, nil, nil),
        ]
        let turns = [0..<19, 19..<26, 26..<30, 30..<33, 33..<38, 38..<44, 44..<46, 46..<49, 49..<53, 53..<56, 56..<64].map { expected[$0].map(\.line) }
        // The parser refuses a ruling on a missing expectation before the engine sees it.
        let judgeMissing = Decision(team: team("white"), verb: .judge(inject: a1, expectation: 5, verdict: .met, reason: "x"))
        // An inject written during play is checked against the exercise file, which the parser here has not got.
        let late = Inject(id: "X9", title: "Now", trigger: .time(minute: 630))
        let writtenLate = Decision(team: team("white"), verb: .inject(InternedInject(AddedInject(definition: "X9 at +10:30 \"Now\"", inject: late))))
        let got = try outcomes(turns, built: ["white judge A1.5 met \"x\"": judgeMissing, "white inject X9 at +10:30 \"Now\"": writtenLate])
        try #require(got.count == expected.count)
        for (g, e) in zip(got, expected) {
            #expect(g.rejection == e.1, "\(e.line)")
            #expect(g.rejection?.rule == e.2, "\(e.line)")
            if let text = e.3 { #expect(g.rejection?.message(for: g.decision, in: exercise) == text, "\(e.line)") }
        }
        // Every kind of rule was broken at least once (but the white cell's review, which is
        // the white cell's refusal at a seat server, never the engine's: below).
        #expect(Set(got.compactMap { $0.rejection?.rule }) == Set(Rejection.Rule.allCases).subtracting([.review]))
        // Every rule was broken, under the name the journal gives it (`nothing-to-restore` is only
        // read, from journals of cdx 0.1: restoring a clean asset is allowed).
        #expect(Set(got.compactMap { $0.rejection?.name }) == Set(Rejection.names).subtracting(["nothing-to-restore", "refused-in-review"]))
    }

    @Test("a refusal in review is journaled as the white cell made it, and nothing of the decision takes effect")
    func refusalInReview() throws {
        let engine = Engine(exercise: exercise)
        var state = RunState(exercise: exercise, seed: 1)
        _ = engine.openTurn(&state)
        let before = state
        let d = Decision(team: team("jcdc"), verb: .contain(asset: exercise.assets.firstIndex { $0.id == "mail" }!), seat: .team(team("jcdc")))
        let events = engine.refuse(&state, d, reason: "not in the room")
        try #require(events.count == 1)
        guard case .decision(let decided, let r) = events[0].kind else { Issue.record("not a decision"); return }
        #expect(decided == d && decided.seat == .team(team("jcdc")))
        #expect(r == .refusedInReview(reason: "not in the room") && r?.rule == .review && r?.name == "refused-in-review")
        #expect(r?.message(for: d, in: exercise) == "the white cell refused it in review: not in the room")
        #expect(state.assets == before.assets && state.used == before.used)
        #expect(Rejection(name: "refused-in-review", of: d, limit: nil, grantor: nil, markedBy: nil, ruling: "not in the room") == r)
        #expect(Rejection(name: "refused-in-review", of: d, limit: nil, grantor: nil, markedBy: nil, ruling: nil) == nil)
    }
}
