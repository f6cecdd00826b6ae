import Foundation
import Testing

/// Need-to-know, end to end (issue 13): an exercise built to tempt every route by which
/// restricted information could reach a team (`Canary/canary.exercise`), played from a
/// responses file and at the console, with a unique canary word ("cnry…") in every
/// restricted text, title, sender, actor, objective, task, note and ruling. Every output a
/// team reads is searched for every canary, and the table below — written from
/// Documentation/Engine.md ("What a team knows", "Releasability"), never computed by cdx —
/// says which team may hold which word. Documentation/NeedToKnow.md describes the suite.
@Suite("Canaries: no team's output holds a word the team may not know (issue 13)")
struct CanaryTests {
    static let exercise = Repository.url("Tests/ExerciseCLITests/Canary/canary.exercise").path
    static let responses = Repository.url("Tests/ExerciseCLITests/Canary/canary.responses").path
    static let teams = ["jcdc", "gsdf", "usfj", "obsj", "obsu", "obsa", "white"]
    /// The fixture's turn length, to put the responses' lines into console turns.
    static let turnMinutes = 60

    // MARK: Who may know what

    /// One canary and the teams that may know it.
    struct Row: Sendable {
        let canary: String
        let teams: Set<String>
        init(_ canary: String, _ teams: String) {
            self.canary = canary
            self.teams = Set(teams.split(separator: " ").map(String.init))
        }
    }

    /// Who may know each canary, decided from the rules, not from the code under test. A team
    /// knows its cards (as written, or only their tearline), its alerts, its own reports and
    /// notes, and what reached it; the white cell is exercise control and knows everything.
    static let table: [Row] = [
        // Actors, and the technique of S1. The actor behind a card or an alert is known to those
        // holding that card in any version (jcdc, obsj as written; usfj and obsu as the
        // tearline, which carries S1's indicators) or alerted to its compromise (usfj's hunt
        // finds Y1's on ymail; gsdf's hunt finds R1's and P1's). gsdf holds nothing of cnryapt:
        // jcdc's report on mail reaches it without indicators (jcdc only detected mail).
        Row("cnryaptid", "jcdc usfj obsj obsu white"),
        Row("cnryAptName", "jcdc usfj obsj obsu white"),
        Row("T1598.003", "jcdc usfj obsj obsu white"),
        Row("cnryredid", "jcdc gsdf white"),
        Row("cnryRedName", "jcdc gsdf white"),
        // Nobody ever finds the ghost's compromises.
        Row("cnryghostid", "white"),
        Row("cnryGhostName", "white"),
        // Objectives and expected actions are exercise control's.
        Row("cnryObjective", "white"),
        Row("cnryTaskS1", "white"),
        // An evaluator's observation is for the After-Action Report: exercise control's.
        Row("cnryEvaluatorName", "white"),
        Row("cnryObservation", "white"),
        Row("cnryAnalysis", "white"),
        Row("cnryRecommendation", "white"),
        Row("cnryOwner", "white"),
        // S1, JPN ONLY to jcdc: refused to usfj and obsu as written, shared as written to obsj
        // (JPN). Its tearline goes to usfj, which passes it to obsu; it is refused to obsa (AUS).
        Row("cnryTitleS1", "jcdc obsj white"),
        Row("cnryFromS1", "jcdc obsj white"),
        Row("cnryTextS1", "jcdc obsj white"),
        Row("cnryTearS1", "jcdc usfj obsu white"),
        // P1, JPN ONLY to jcdc, behind wadc: gsdf finds wadc but never holds the card, and its
        // report stays refused to usfj before and after wadc is restored.
        Row("cnryTitleP1", "jcdc white"),
        Row("cnryFromP1", "jcdc white"),
        Row("cnryTextP1", "jcdc white"),
        // R1, TLP:RED to jcdc: refused to gsdf, cannot be tearlined; gsdf's report on radar goes
        // to jcdc only.
        Row("cnryTitleR1", "jcdc white"),
        Row("cnryFromR1", "jcdc white"),
        Row("cnryTextR1", "jcdc white"),
        // N1, JPN ONLY without a tearline, to jcdc and the Japanese observers.
        Row("cnryTitleN1", "jcdc obsj white"),
        Row("cnryFromN1", "jcdc obsj white"),
        Row("cnryTextN1", "jcdc obsj white"),
        // G1, unmarked, gsdf's, shared to usfj.
        Row("cnryTitleG1", "gsdf usfj white"),
        Row("cnryFromG1", "gsdf usfj white"),
        Row("cnryTextG1", "gsdf usfj white"),
        // A1, the Australian observers' own.
        Row("cnryTitleA1", "obsa white"),
        Row("cnryFromA1", "obsa white"),
        Row("cnryTextA1", "obsa white"),
        // B1, REL TO JPN, USA, to both observers and usfj.
        Row("cnryTitleB1", "usfj obsj obsu white"),
        Row("cnryFromB1", "usfj obsj obsu white"),
        Row("cnryTextB1", "usfj obsj obsu white"),
        // U1, usfj's, shared to jcdc.
        Row("cnryTitleU1", "usfj jcdc white"),
        Row("cnryFromU1", "usfj jcdc white"),
        Row("cnryTextU1", "usfj jcdc white"),
        // Y1, JPN ONLY to jcdc, about usfj's own ymail: usfj finds ymail, never the card.
        Row("cnryTitleY1", "jcdc white"),
        Row("cnryFromY1", "jcdc white"),
        Row("cnryTextY1", "jcdc white"),
        // L1, JPN ONLY to jcdc, compromises web after jcdc's report on web (clean then) was sent
        // to usfj: the report arrives, L1 does not.
        Row("cnryTitleL1", "jcdc white"),
        Row("cnryFromL1", "jcdc white"),
        Row("cnryTextL1", "jcdc white"),
        // The ghost's injects: to the white cell or to nobody; nobody finds their compromises,
        // though jcdc hunts, contains, reports and restores there, and usfj is granted one.
        Row("ghostcnry1", "white"),
        Row("cnryTitleH1", "white"),
        Row("cnryFromH1", "white"),
        Row("cnryTextH1", "white"),
        Row("ghostcnry2", "white"),
        Row("cnryTitleH2", "white"),
        Row("cnryTextH2", "white"),
        Row("ghostcnry3", "white"),
        Row("cnryTitleH3", "white"),
        Row("cnryTextH3", "white"),
        Row("ghostcnry4", "white"),
        Row("cnryTitleH4", "white"),
        Row("cnryTextH4", "white"),
        // M1, TLP:AMBER to jcdc (MOD): shared to gsdf (MOD) and obsj (a client of MOD); refused
        // to usfj (DoD) from jcdc and again from gsdf.
        Row("cnryTitleM1", "jcdc gsdf obsj white"),
        Row("cnryFromM1", "jcdc gsdf obsj white"),
        Row("cnryTextM1", "jcdc gsdf obsj white"),
        // M2, TLP:AMBER+STRICT to jcdc: gsdf only; refused to the client obsj and to usfj.
        Row("cnryTitleM2", "jcdc gsdf white"),
        Row("cnryFromM2", "jcdc gsdf white"),
        Row("cnryTextM2", "jcdc gsdf white"),
        // K1, SECRET//REL TO JPN, USA to jcdc: usfj (top secret) and obsj (secret) are cleared;
        // gsdf (confidential) is not.
        Row("cnryTitleK1", "jcdc usfj obsj white"),
        Row("cnryFromK1", "jcdc usfj obsj white"),
        Row("cnryTextK1", "jcdc usfj obsj white"),
        // Q1, SECRET//SDS//JPN ONLY to jcdc, the only team designated for SDS.
        Row("cnryTitleQ1", "jcdc white"),
        Row("cnryFromQ1", "jcdc white"),
        Row("cnryTextQ1", "jcdc white"),
        // Notes are their writer's and the white cell's; rulings are the white cell's.
        Row("cnryNoteWhite", "white"),
        Row("cnryNoteJcdc", "jcdc white"),
        Row("cnryNoteGsdf", "gsdf white"),
        Row("cnryNoteUsfj", "usfj white"),
        Row("cnryNoteObsj", "obsj white"),
        Row("cnryNoteObsu", "obsu white"),
        Row("cnryNoteObsa", "obsa white"),
        Row("cnryJudgeReason", "white"),
        // Mitigations: gsdf's block, jcdc's revoke, the white cell's removal of the emitter
        // behind W1 (gsdf runs radar: it is told the feed is true again, not what was removed).
        Row("cnryc2id", "gsdf white"),
        Row("cnryC2Name", "gsdf white"),
        Row("cnrycredid", "jcdc white"),
        Row("cnryCredName", "jcdc white"),
        Row("cnrytxid", "white"),
        Row("cnryTxName", "white"),
        Row("cnryTitleW1", "white"),
        Row("cnryTextW1", "white"),
        // Attributions: a public one is heard by every team, by the actor's name; the id the
        // deciding team typed is its own. A private one is its team's.
        Row("cnrypubid", "jcdc white"),
        Row("cnryPubName", "jcdc gsdf usfj obsj obsu obsa white"),
        Row("cnryprivid", "gsdf white"),
        Row("cnryPrivName", "gsdf white"),
    ]

    /// Phrases about the ground truth that only the white cell is told.
    static let groundTruthPhrases = ["ground truth", "FALSE report"]

    /// What `cdx view` and the console's `view` must show each team: words it may know that
    /// the play certainly puts in front of it, so that an empty or truncated output fails.
    static let viewShows: [String: [String]] = [
        "jcdc": ["cnryTitleS1", "cnryTextP1", "cnryFromR1", "cnryTitleL1", "cnryTextU1", "cnryNoteJcdc", "cnryTextQ1"],
        "gsdf": ["cnryTitleG1", "cnryNoteGsdf", "cnryTextM1", "cnryTitleM2"],
        "usfj": ["cnryTearS1", "cnryTitleB1", "cnryTextU1", "cnryTextG1", "cnryNoteUsfj", "cnryTextK1"],
        "obsj": ["cnryTitleS1", "cnryFromS1", "cnryTextN1", "cnryTitleB1", "cnryNoteObsj", "cnryTextM1", "cnryTitleK1"],
        "obsu": ["cnryTearS1", "cnryTextB1", "cnryNoteObsu"],
        "obsa": ["cnryTitleA1", "cnryNoteObsa"],
        "white": ["cnryTitleH1", "cnryTextH2", "cnryTitleH3", "ghostcnry1", "cnryJudgeReason", "cnryNoteWhite",
                  "cnryObservation", "cnryNoteObsu", "cnryTearS1", "cnryaptid", "cnryredid"],
    ]

    /// What `cdx handout` must show: the cards addressed to the team.
    static let handoutShows: [String: [String]] = [
        "jcdc": ["cnryTitleS1", "cnryFromS1", "cnryTitleP1", "cnryTitleR1", "cnryTitleN1", "cnryTitleY1", "cnryTextL1"],
        "gsdf": ["cnryTitleG1", "cnryFromG1", "cnryTextG1"],
        "usfj": ["cnryTitleB1", "cnryTitleU1", "cnryFromU1", "cnryTextU1"],
        "obsj": ["cnryTitleN1", "cnryTitleB1"],
        "obsu": ["cnryTitleB1", "cnryTextB1"],
        "obsa": ["cnryTitleA1"],
        "white": ["cnryTitleH1", "cnryTitleH4", "cnryTextH4", "cnryFromH1"],
    ]

    // MARK: The outputs a team reads

    /// A played canary game: where its files are.
    struct Play: Sendable {
        /// The folder holding the play's files (its name differs between plays; outputs that
        /// print paths are compared with it replaced).
        let folder: String
        var exercise: String { CanaryTests.exercise }
        /// The journal `cdx run --responses` wrote.
        var journal: String { folder + "/play.jsonl" }
        /// The responses played (the fixture's, without the ghost releases for a clean play).
        var responses: String { folder + "/play.responses" }
        /// Where the console session keeps its journal.
        var consoleJournal: String { folder + "/console.jsonl" }
    }

    /// One output a team is given, made from a play: the extension point for new per-team
    /// outputs. Each is checked for every (team, canary) pair of the table, for the ground
    /// truth phrases, for what it must show, and against a play without hidden compromises.
    struct TeamOutput: Sendable, CustomStringConvertible {
        let description: String
        /// The text each team is given.
        let produce: @Sendable (Play) throws -> [String: String]
        /// Words the output must show each team; when a team has none here, the output must
        /// show it at least one word the table lets it know.
        let shows: [String: [String]]

        /// A cdx command whose standard output is what the team reads.
        static func command(_ name: String, shows: [String: [String]] = [:],
                            _ arguments: @escaping @Sendable (Play, String) -> [String]) -> TeamOutput {
            TeamOutput(description: name, produce: { play in
                var texts: [String: String] = [:]
                for team in CanaryTests.teams {
                    let run = Run.cdx(arguments(play, team))
                    guard run.status == 0 else { throw Repository.Failure("\(name) --team \(team): exit \(run.status): \(run.errors)") }
                    texts[team] = run.output
                }
                return texts
            }, shows: shows)
        }
    }

    /// Every output a team reads. A new per-team output is one more line here.
    static let outputs: [TeamOutput] = [
        .command("cdx view", shows: viewShows) { ["view", $0.journal, "--team", $1] },
        .command("cdx handout", shows: handoutShows) { ["handout", $0.exercise, "--team", $1] },
        TeamOutput(description: "console view", produce: { try ConsoleSession($0).views }, shows: viewShows),
        .command("cdx report --team (md)") { ["report", $0.journal, "--team", $1, "--format", "md"] },
        .command("cdx report --team (html)") { ["report", $0.journal, "--team", $1, "--format", "html"] },
        .command("cdx export stix --team") { ["export", "stix", $0.journal, "--team", $1] },
        // Every team seat's (and the white seat's) HTTP view and event stream, the game played from the seats.
        TeamOutput(description: "seat views and event streams", produce: { try SeatPlay($0).texts }, shows: viewShows),
    ]

    // MARK: Playing

    /// Plays the fixture's responses (without the ghost releases unless `hidden`) into `folder`.
    static func play(hidden: Bool, in folder: String) throws -> Play {
        var lines = try String(contentsOfFile: responses, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if !hidden { lines.removeAll { $0.contains("white release ghost") } }
        return try play(lines, in: folder)
    }

    /// Plays responses lines on the fixture into `folder` with `cdx run --responses`.
    static func play(_ lines: [String], in folder: String) throws -> Play {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let play = Play(folder: folder)
        try (lines.joined(separator: "\n") + "\n").write(toFile: play.responses, atomically: true, encoding: .utf8)
        let run = Run.cdx(["run", play.exercise, "--responses", play.responses, "--journal", play.journal])
        guard run.status == 0 else { throw Repository.Failure("cdx run: exit \(run.status): \(run.errors)") }
        return play
    }

    /// `cdx view` of the play's journal for one team.
    static func view(_ play: Play, _ team: String) throws -> String {
        let run = Run.cdx(["view", play.journal, "--team", team])
        guard run.status == 0 else { throw Repository.Failure("cdx view --team \(team): exit \(run.status): \(run.errors)") }
        return run.output
    }

    /// The first line where two texts differ, for a failure message that fits on a screen.
    static func firstDifference(_ a: String?, _ b: String?) -> String {
        let x = (a ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        let y = (b ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        for k in 0..<max(x.count, y.count) where k >= x.count || k >= y.count || x[k] != y[k] {
            return "line \(k + 1): '\(k < x.count ? x[k] : "")' / '\(k < y.count ? y[k] : "")'"
        }
        return "no difference"
    }

    /// The play's decisions typed at the console (`cdx run EXERCISE --journal J`, the real
    /// binary reading standard input), with `view TEAM` for every team after the second
    /// turn's decisions and after the last turn's; each team's text is its views, in order.
    struct ConsoleSession {
        var views: [String: String] = [:]
        /// The last view of each team, for comparison with `cdx view` of the console's journal.
        var last: [String: String] = [:]

        /// The play's decision lines by turn, without their times.
        static func byTurn(_ play: Play) throws -> [Int: [String]] {
            var byTurn: [Int: [String]] = [:]
            for raw in try String(contentsOfFile: play.responses, encoding: .utf8).split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                let words = line.split(separator: " ", maxSplits: 1)
                let clock = words[0].dropFirst().split(separator: ":").compactMap { Int($0) }
                guard words[0].hasPrefix("+"), clock.count == 2, words.count == 2 else { throw Repository.Failure("cannot read '\(line)'") }
                byTurn[(clock[0] * 60 + clock[1]) / CanaryTests.turnMinutes + 1, default: []].append(String(words[1]))
            }
            return byTurn
        }

        init(_ play: Play, extra: [String] = []) throws {
            let byTurn = try Self.byTurn(play)
            let lastTurn = byTurn.keys.max() ?? 1
            var input: [String] = []
            var viewOf: [Int: String] = [:]
            for turn in 1...lastTurn {
                input += byTurn[turn] ?? []
                if turn == 2 || turn == lastTurn {
                    for team in CanaryTests.teams {
                        viewOf[input.count] = team
                        input.append("view \(team)")
                    }
                }
                if turn < lastTurn { input.append("next") }
            }
            input += extra + ["quit"]
            let run = try Binary.run(["run", play.exercise, "--journal", play.consoleJournal], input: input.joined(separator: "\n") + "\n")
            guard run.status == 0 else { throw Repository.Failure("console: exit \(run.status): \(run.errors)") }
            let replies = try Self.replies(run.output)
            guard replies.count == input.count else {
                throw Repository.Failure("console: \(replies.count) replies to \(input.count) lines:\n\(run.output)")
            }
            for (k, team) in viewOf.sorted(by: { $0.key < $1.key }) {
                views[team, default: ""] += replies[k]
                last[team] = replies[k]
            }
        }

        /// What the console printed after each prompt: the reply to each line typed, in order.
        static func replies(_ output: String) throws -> [String] {
            let prompt = try Regex("turn [0-9]+/[0-9]+> ")
            let starts = output.ranges(of: prompt)
            return starts.indices.map { k in
                String(output[starts[k].upperBound..<(k + 1 < starts.count ? starts[k + 1].lowerBound : output.endIndex)])
            }
        }
    }

    // MARK: The checks

    /// Checks one output's texts against the table; returns how many (team, canary) pairs it checked.
    @discardableResult
    static func check(_ texts: [String: String], of output: TeamOutput) -> Int {
        var checked = 0
        for team in teams {
            guard let text = texts[team] else {
                Issue.record("\(output): no text for \(team)")
                continue
            }
            for row in table where !row.teams.contains(team) {
                let leaked = text.contains(row.canary)
                #expect(!leaked, "\(output) --team \(team) shows '\(row.canary)', which it may not know")
                checked += 1
            }
            if team != "white" {
                for phrase in groundTruthPhrases {
                    let leaked = text.contains(phrase)
                    #expect(!leaked, "\(output) --team \(team) shows '\(phrase)'")
                }
            }
            if let shown = output.shows[team] {
                for canary in shown {
                    let present = text.contains(canary)
                    #expect(present, "\(output) --team \(team) does not show '\(canary)'")
                }
            } else {
                let some = table.contains { $0.teams.contains(team) && text.contains($0.canary) }
                #expect(some, "\(output) --team \(team) shows nothing the team may know")
            }
        }
        return checked
    }

    @Test("no output shows a team a canary it may not know, and each shows it some it may", arguments: outputs)
    func canaries(output: TeamOutput) throws {
        let scratch = try Scratch()
        let play = try Self.play(hidden: true, in: scratch.path("hidden"))
        let checked = Self.check(try output.produce(play), of: output)
        #expect(checked == Self.teams.count * Self.table.count - Self.table.reduce(0) { $0 + $1.teams.count })
    }

    /// The text without the lines that state the umpire's figures about the team or the journal's hash.
    static func withoutScore(_ text: String, _ team: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            // The summary's sentence of the team's figures names it by its name ("JCDC cell scored 55/100 (median time to detect …").
            !line.contains("last hash") && !line.contains("\(team) scored ") && !line.contains(" (median time to detect ") && !line.hasPrefix("| \(team) |")
                && !line.contains("<th scope=\"row\">\(team)</th>")
        }.joined(separator: "\n")
    }

    @Test("a team's output is the same whether or not the hidden compromises happened", arguments: outputs)
    func hiddenCompromisesChangeNothing(output: TeamOutput) throws {
        let scratch = try Scratch()
        let hidden = try Self.play(hidden: true, in: scratch.path("hidden"))
        let clean = try Self.play(hidden: false, in: scratch.path("clean"))
        let a = try output.produce(hidden), b = try output.produce(clean)
        for team in Self.teams where team != "white" {
            // A team's report carries the journal's last hash, and the umpire's figures about the
            // team — the one part of a team output an evaluation computes from the ground truth of
            // the team's own play, released to it at the hot wash (Reports.md, "Per-team outputs").
            let x = a[team].map { Self.withoutScore($0.replacingOccurrences(of: hidden.folder, with: "PLAY"), team) }
            let y = b[team].map { Self.withoutScore($0.replacingOccurrences(of: clean.folder, with: "PLAY"), team) }
            let same = x == y
            #expect(same, "\(output) --team \(team) differs when the ghost's compromises happened: \(Self.firstDifference(x, y))")
        }
        // The white cell is told the difference (so the two plays really differ).
        if output.description != "cdx handout" { #expect(a["white"] != b["white"]) }
    }

    @Test("the console's view is the record's: the same text as cdx view of the console's journal")
    func consoleViewIsTheRecord() throws {
        let scratch = try Scratch()
        let play = try Self.play(hidden: true, in: scratch.path("hidden"))
        let session = try ConsoleSession(play)
        for team in Self.teams {
            let view = Run.cdx(["view", play.consoleJournal, "--team", team])
            #expect(view.status == 0)
            let same = session.last[team] == view.output
            #expect(same, "\(team): \(Self.firstDifference(session.last[team], view.output))")
        }
    }

    @Test("the table names every canary of the fixture once, none inside another, and every word an output must show is one a team may know")
    func tableIsComplete() throws {
        // The fixture's statements and decision lines, without its comments.
        let text = try (String(contentsOfFile: Self.exercise, encoding: .utf8) + String(contentsOfFile: Self.responses, encoding: .utf8))
            .split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.joined(separator: "\n")
        let words = Set(text.ranges(of: try Regex("[A-Za-z0-9]*cnry[A-Za-z0-9]*")).map { String(text[$0]) })
        let canaries = Self.table.map(\.canary)
        #expect(Set(canaries).count == canaries.count, "a canary is in the table twice")
        #expect(words.subtracting(canaries).sorted() == [], "canaries of the fixture missing from the table")
        #expect(Set(canaries).subtracting(words).subtracting(["T1598.003"]).sorted() == [], "table rows the fixture does not use")
        #expect(text.contains("technique T1598.003"))
        for a in canaries {
            for b in canaries where a != b { #expect(!a.contains(b), "'\(b)' is inside '\(a)'") }
        }
        for row in Self.table {
            #expect(row.teams.isSubset(of: Self.teams), "\(row.canary)")
            #expect(row.teams.contains("white"), "\(row.canary): the white cell knows everything")
        }
        for shows in [Self.viewShows, Self.handoutShows] {
            for (team, words) in shows {
                for word in words {
                    #expect(Self.table.first { $0.canary == word }?.teams.contains(team) == true, "\(team) must show '\(word)'")
                }
            }
        }
        #expect(try String(contentsOfFile: Self.exercise, encoding: .utf8).contains("\n  turn 1h\n"), "turnMinutes")
    }

    // MARK: Leaks the suite found, fixed at their rules (Documentation/NeedToKnow.md)

    @Test("a wipe shows only as an impact alert to its owner and as what rebuilding finds: backups unusable; never the actor or the compromise")
    func hiddenWipeShowsOnlyInTheRebuild() throws {
        let scratch = try Scratch()
        // jcdc rebuilds vault3 and grants usfj authority on it; usfj tries to isolate it an hour later.
        let lines = ["+01:00 jcdc restore vault3", "+01:00 jcdc grant usfj vault3", "+02:00 usfj contain vault3"]
        let wiped = try Self.play(["+00:00 white release ghostcnry4"] + lines, in: scratch.path("wiped"))
        let clean = try Self.play(lines, in: scratch.path("clean"))
        for team in ["jcdc", "usfj"] {
            let a = try Self.view(wiped, team), b = try Self.view(clean, team)
            #expect(a.contains("restore vault3") || a.contains("contain vault3"), "\(team): the play did not happen")
            // Rebuilding is how a team finds out that its backups are gone (Engine.md, "What a
            // team knows"): the rebuild takes twice as long, which jcdc (rebuilding) and usfj
            // (granted, so it runs vault3 too) see. They learn nothing else: no line of the
            // wiped play that the clean one lacks names the ghost, its actor, or a compromise. (Since
            // cdx 0.3.0 a wipe is loud: jcdc, the owner, is also alerted that vault3 is hit.)
            let extra = Set(a.split(separator: "\n")).subtracting(b.split(separator: "\n"))
            #expect(!extra.isEmpty, "\(team): the longer rebuild should show")
            for line in extra {
                #expect(line.contains("vault3"), "\(team): \(line)")
                for word in ["ghost", "cnry", "compromis", "wipe"] { #expect(!line.lowercased().contains(word), "\(team): \(line)") }
            }
        }
        #expect(try Self.view(wiped, "jcdc").contains("rebuilding vault3 until +03:00: its backups are unusable"))
    }

    @Test("an undo told to a team does not count the events it was not told of")
    func undoLineReadsNoGroundTruth() throws {
        let scratch = try Scratch()
        func session(_ first: [String], _ name: String) throws -> String {
            let journal = scratch.path("\(name).jsonl")
            let input = first + ["jcdc hunt open", "undo", "view jcdc", "quit"]
            let run = try Binary.run(["run", Self.exercise, "--journal", journal], input: input.joined(separator: "\n") + "\n")
            #expect(run.status == 0, "\(run.errors)")
            let replies = try ConsoleSession.replies(run.output)
            guard replies.count == input.count else { throw Repository.Failure("console: \(replies.count) replies to \(input.count) lines") }
            return replies[input.count - 2]
        }
        let hidden = try session(["white release ghostcnry1"], "hidden"), clean = try session([], "clean")
        #expect(hidden.contains("withdrawn") && clean.contains("withdrawn"))
        #expect(!hidden.contains("ghostcnry") && !hidden.contains("cnryTitleH1"))
        // The undo line once named the journal's sequence number, which counts the hidden
        // release and its effects (17 with it, 13 without); it now names the decision.
        #expect(hidden == clean, "\(Self.firstDifference(hidden, clean))")
        #expect(hidden.contains("withdrawn by exercise control: jcdc hunt open"))
    }

    @Test("a team holding only a tearline is refused under the tearline's marking, not told the card's")
    func tearlineHolderIsRefusedUnderTheTearline() throws {
        let scratch = try Scratch()
        let play = try Self.play(hidden: true, in: scratch.path("hidden"))
        let usfj = try Self.view(play, "usfj")
        let line = try #require(usfj.split(separator: "\n").first { $0.contains("usfj share S1 -> obsa") })
        #expect(line.contains("rejected"))
        // It was once refused under the card's marking ('JPN ONLY'), with advice to make a
        // tearline it cannot make; now under the tearline's own (tearline-not-releasable).
        #expect(!line.contains("JPN ONLY") && line.contains("REL TO JPN, USA"), "\(line)")
        #expect(!line.contains("tearline S1 first"), "\(line)")
    }
}
