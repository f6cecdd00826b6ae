/// Who may see a piece of information.
public enum Releasability: Equatable, Sendable {
    /// No restriction written.
    case unrestricted
    /// "REL TO JPN, USA" or "JPN ONLY": the nations (sorted, unique) that may receive it.
    case nations([String])
    /// A Traffic Light Protocol label; only `.red` restricts, to the original recipients.
    case tlp(TLP)

    public enum TLP: String, CaseIterable, Equatable, Sendable {
        case clear = "CLEAR", green = "GREEN", amber = "AMBER", amberStrict = "AMBER+STRICT", red = "RED"
    }

    /// Whether a team of `nation` may receive information carrying this marking (TLP:RED
    /// never, since it goes to named recipients only; `Exercise.refusal(toRelease:of:to:)`
    /// is the whole rule).
    public func allows(nation: String) -> Bool {
        switch self {
        case .unrestricted: return true
        case .nations(let list): return list.contains(nation)
        case .tlp(let level): return level != .red
        }
    }

    /// Whether information under this marking may ever be tearlined: not TLP:RED, which
    /// names its recipients and goes no further.
    public var allowsTearline: Bool { self != .tlp(.red) }

    /// The canonical text of the marking.
    public var text: String {
        switch self {
        case .unrestricted: return ""
        case .nations(let list) where list.count == 1: return "\(list[0]) ONLY"
        case .nations(let list): return "REL TO " + list.joined(separator: ", ")
        case .tlp(let level): return "TLP:" + level.rawValue
        }
    }
}

/// Which version of an inject card a team holds or sends: the card as written, or the
/// releasable version its tearline carries (`Inject.tearline`).
public enum CardVersion: String, Equatable, Sendable {
    case original
    case tearline
}

extension Exercise {
    /// The team's nation: the one it declares, else its home domain's; nil for a team with
    /// neither (the checker refuses such a team where markings are used, except the white cell).
    public func nation(ofTeam t: Int) -> String? {
        if let n = teams[t].nation { return n }
        return teams[t].domain.map { domains[$0].nation }
    }

    /// The releasability rule, in the one place every route asks it (Documentation/Engine.md,
    /// "Releasability"): may team `t` hold information of inject `i` under `marking` — the
    /// card's, its tearline's, or (for a report on an asset) the marking of the inject the
    /// information came from? Nil when it may; otherwise why not.
    ///
    /// - The white cell is exercise control: it may hold everything.
    /// - A nation marking (`JPN ONLY`, `REL TO JPN, USA`) admits teams of those nations;
    ///   a team without a nation is admitted by none.
    /// - TLP:RED admits the inject's named recipients only; other TLP labels restrict no one.
    /// - No marking restricts no one.
    public func refusal(toRelease marking: Releasability, of i: Int, to t: Int) -> Rejection? {
        if teams[t].role == .white { return nil }
        switch marking {
        case .unrestricted:
            return nil
        case .tlp(let level):
            return level == .red && !injects[i].recipients.contains(t) ? .originalRecipientsOnly : nil
        case .nations(let list):
            guard let n = nation(ofTeam: t), list.contains(n) else { return .notReleasable(markedBy: i) }
            return nil
        }
    }

    /// The marking of one version of an inject card.
    public func marking(of i: Int, _ version: CardVersion) -> Releasability {
        switch version {
        case .original: return injects[i].marking
        case .tearline: return injects[i].tearline?.marking ?? injects[i].marking
        }
    }
}
