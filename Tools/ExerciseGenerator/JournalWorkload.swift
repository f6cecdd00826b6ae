/// A long played game for timing the readers of a journal (`cdx verify`, `view`, `score`):
/// a generated exercise and a responses file with exactly `decisions` decision lines, so
/// that runs of 10,000 and 40,000 decisions can be compared. Each turn every team of the
/// generated exercise hunts in a segment of its own domain, reports an asset there, asks
/// for help and writes a note (four decisions; a hunt draws dice, a report changes what
/// the team knows); some are refused (a second report of the same asset), as in play.
public struct JournalWorkload: Sendable {
    public var decisions: Int
    /// Decisions per turn: 4 for each of the five teams.
    public static let perTurn = 20

    public init(decisions: Int) { self.decisions = max(Self.perTurn, decisions) }

    public var turns: Int { (decisions + Self.perTurn - 1) / Self.perTurn }

    public var generator: ExerciseGenerator {
        ExerciseGenerator(assets: 100, injects: 200, segments: 10, turns: turns, seed: 1)
    }

    public func exerciseText() -> String { generator.text() }

    /// `turn N TEAM VERB ARGS` lines, `decisions` of them.
    public func responsesText() -> String {
        let domains = ExerciseGenerator.domains.map(\.0)
        let segments = generator.segments, assets = generator.assets
        var out = "# \(decisions) decisions over \(turns) turns, for Tools/bench --journal\n"
        var written = 0
        for turn in 1...turns {
            for (d, domain) in domains.enumerated() {
                // Segment s belongs to domain s % 5; asset a lives in segment a % segments.
                let segment = (d + 5 * (turn % max(1, segments / 5))) % segments
                let asset = (segment + segments * (turn % max(1, assets / segments))) % assets
                let team = "\(domain)-cert"
                let helper = "\(domains[(d + 1) % domains.count])-cert"
                for line in ["\(team) hunt seg\(segment)", "\(team) detect a\(asset)",
                             "\(team) request \(helper) a\(asset)", "\(team) note \"turn \(turn) watch report\""]
                where written < decisions {
                    out += "turn \(turn) \(line)\n"
                    written += 1
                }
            }
        }
        return out
    }
}
