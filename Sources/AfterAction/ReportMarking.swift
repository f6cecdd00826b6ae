import ExerciseCore

/// How a report is marked. Its banner is the exercise's (`marking` in the exercise file, the
/// real handling of exercise material); where the report holds cards marked in play
/// (`SECRET//REL TO JPN, USA`, `JPN ONLY`), the banner also carries the play marking of the
/// whole document — the marking that holds every one of them (`Releasability.holding`) — so
/// that no page is marked less restrictively than a card printed on it, and a notice says
/// which cards make it so.
struct ReportMarking {
    /// The banner printed at the top and bottom of the document and of every printed page.
    let banner: String
    /// Which cards mark the document in play, in a sentence; nil when none does.
    let notice: String?
    /// The document's play marking; unrestricted when no card it holds is marked.
    let play: Releasability

    /// `holding`: the cards the document prints, with the version printed. `otherwise`: what
    /// the notice tells the reader to do instead (hand out teams' own reports), if anything.
    init(_ x: Exercise, holding cards: [(inject: Int, version: CardVersion)], otherwise: String? = nil) {
        var groups: [(marking: Releasability, injects: [String])] = []
        var seen = Set<Int>()
        for (i, version) in cards where seen.insert(i * 2 + (version == .tearline ? 1 : 0)).inserted {
            let m = x.marking(of: i, version)
            guard !m.isUnrestricted else { continue }
            let id = x.injects[i].id + (version == .tearline ? " tearline" : "")
            if let k = groups.firstIndex(where: { $0.marking == m }) { groups[k].injects.append(id) } else { groups.append((m, [id])) }
        }
        play = Releasability.holding(groups.map(\.marking))
        guard !play.isUnrestricted else {
            banner = x.marking
            notice = nil
            return
        }
        banner = "\(x.marking) · PLAY MARKING: \(play.text)"
        let parts = groups.map { "\($0.marking.text) (\($0.injects.joined(separator: ", ")))" }
        let list = parts.count <= 2 ? parts.joined(separator: " and ") : parts.dropLast().joined(separator: "; ") + "; and " + parts.last!
        notice = "Handling in play: this report prints cards marked \(list), so in the exercise the whole document is "
            + "\(play.text), as its banner says." + (otherwise.map { " \($0)" } ?? "")
    }
}
