import ExerciseCore
import Umpire

/// The public–private picture of a Cyber Storm exercise (issue 14, item 9): how government
/// (the services, ministries, the NCO) and private operators fared, what crossed the line
/// between them, and how long an operator's incident took to reach government. Exercise
/// control's report only: it puts every team's record side by side.
extension ReportFindings {
    /// A Cyber Storm exercise with a private sector has a public–private picture.
    var showsSectors: Bool { x.style == .cyberStorm && x.hasPrivateSector }

    var sectorsNote: String {
        "Government is every domain of sector public (the default) and the teams at home there, with the approver "
            + "and observer cells; private is every domain of sector private and its operators' teams. "
            + "Shares across the line count each decision to share a card or a report with a team of the other side."
    }

    private func sector(ofAsset a: Int) -> Domain.Sector { x.domains[domainOf(asset: a)].sector }

    /// Per sector: its teams, what the adversary did to its assets, and how fast it was seen.
    var sectorsTable: Table {
        let rows = Domain.Sector.allCases.map { s -> [String] in
            let teams = x.teams.indices.filter { x.sector(ofTeam: $0) == s }.map { x.teams[$0].id }
            let compromises = card.compromises.filter { sector(ofAsset: $0.asset) == s }
            let detected = compromises.compactMap(\.timeToDetect).sorted()
            let outages = card.outages.filter { sector(ofAsset: $0.asset) == s }
            let lost = card.dataLoss.filter { $0.isLost && sector(ofAsset: $0.asset) == s }
            return [s == .public ? "government" : "private", teams.isEmpty ? "—" : teams.joined(separator: ", "),
                    "\(compromises.count)", "\(detected.count)",
                    detected.isEmpty ? "—" : Self.duration(detected[(detected.count - 1) / 2]),
                    "\(outages.count)", "\(outages.filter { $0.backAt == nil }.count)", "\(lost.count)"]
        }
        return Table(caption: "By sector", columns: ["sector", "teams", "compromises", "detected", "median TTD", "outages", "not back at the end", "data stolen"],
                     numeric: [2, 3, 5, 6, 7], rows: rows)
    }

    /// Shares that crossed the line, each way: decided, refused, delivered, and how long they took.
    var acrossTheLineTable: Table {
        var sent: [[Int]] = [[], []], refused = [0, 0], withheld = [0, 0], decided = [0, 0]
        var inFlight: [(from: Int, to: Int, item: Decision.Item, minute: Int)] = []
        func side(_ from: Int, _ to: Int) -> Int? {
            guard let a = x.sector(ofTeam: from), let b = x.sector(ofTeam: to), a != b else { return nil }
            return a == .private ? 0 : 1
        }
        let withdrawn = Umpire.withdrawnEvents(input.events)
        for e in input.events where !withdrawn.contains(e.seq) {
            switch e.kind {
            case .decision(let d, let rejection):
                guard case .share(_, let to) = d.verb, let k = side(d.team, to) else { continue }
                decided[k] += 1
                if rejection != nil { refused[k] += 1 }
            case .sent(let from, let to, let item, _, _):
                if side(from, to) != nil { inFlight.append((from, to, item, e.minute)) }
            case .delivered(let from, let to, let item, _, _):
                guard let k = side(from, to), let i = inFlight.firstIndex(where: { $0.from == from && $0.to == to && $0.item == item })
                else { continue }
                sent[k].append(e.minute - inFlight.remove(at: i).minute)
            case .withheld(let to, let from?, let item, _):
                guard let k = side(from, to), let i = inFlight.firstIndex(where: { $0.from == from && $0.to == to && $0.item == item })
                else { continue }
                inFlight.remove(at: i)
                withheld[k] += 1
            default: continue
            }
        }
        let rows = [0, 1].map { k -> [String] in
            let times = sent[k].sorted()
            return [k == 0 ? "private → government" : "government → private", "\(decided[k])", "\(refused[k])", "\(withheld[k])",
                    "\(times.count)", times.isEmpty ? "—" : Self.duration(times[(times.count - 1) / 2])]
        }
        return Table(caption: "Across the public–private line", columns: ["direction", "shares decided", "refused", "withheld on arrival", "delivered", "median time to arrive"],
                     numeric: [1, 2, 3, 4, 5], rows: rows)
    }

    /// Each private asset the adversary hit: when its operator knew, and when government did.
    var operatorIncidentsTable: Table {
        var rows: [[String]] = []
        for a in x.assets.indices where sector(ofAsset: a) == .private {
            let hits = card.compromises.filter { $0.asset == a }.map(\.compromisedAt) + card.outages.filter { $0.asset == a }.map(\.lostAt)
            guard let hit = hits.min() else { continue }
            let owner = RunState.owner(of: a, in: x)
            let operatorKnew = firstKnown(a, from: hit) { $0 == owner }
            let governmentKnew = firstKnown(a, from: hit) { x.sector(ofTeam: $0) == .public }
            rows.append([x.assets[a].id, owner.map { x.teams[$0].id } ?? "not played", Self.offset(hit),
                         owner == nil ? "—" : operatorKnew.map { Self.offset($0) } ?? "never", governmentKnew.map { Self.offset($0) } ?? "never",
                         governmentKnew.map { Self.duration($0 - hit) } ?? "> " + Self.duration(card.minutesPlayed - hit)])
        }
        return Table(caption: "Operators' incidents: when government knew", columns: ["asset", "operator", "hit", "operator knew", "government knew", "government after"],
                     numeric: [5], rows: rows)
    }

    /// The first minute at or after `from` at which a team `who` accepts learned of asset
    /// `a`: alerted to it, reporting it, or receiving a card whose effects name it or a
    /// report about it.
    private func firstKnown(_ a: Int, from: Int, _ who: (Int) -> Bool) -> Int? {
        func names(_ i: Int) -> Bool { x.injects[i].effects.contains { $0.asset == a || $0.source == a } }
        let withdrawn = Umpire.withdrawnEvents(input.events)
        for e in input.events where e.minute >= from && !withdrawn.contains(e.seq) {
            switch e.kind {
            case .alert(let t, a, _) where who(t): return e.minute
            case .detection(let t, a, _, _) where who(t): return e.minute
            case .delivered(_, let t, .asset(a), _, _) where who(t): return e.minute
            case .delivered(_, let t, .inject(let i), _, _) where who(t) && names(i): return e.minute
            case .injectReleased(let i, _) where names(i):
                // A recipient the card's marking does not admit never holds it.
                if x.injects[i].recipients.contains(where: { who($0) && x.refusal(toRelease: x.injects[i].marking, of: i, to: $0) == nil }) {
                    return e.minute
                }
            default: continue
            }
        }
        return nil
    }
}
