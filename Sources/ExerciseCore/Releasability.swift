/// Who may hold a piece of information: a marking as written on a card, a tearline or a
/// channel, taken apart into the rules it names. Parts are written joined by `//`, as
/// classified banners are: `SECRET//SDS//JPN ONLY`, `SECRET//REL TO JPN, USA`, `TLP:AMBER`.
///
/// - `level`: a classification (CONFIDENTIAL, SECRET, TOP SECRET); only teams cleared to it
///   may hold it. Nil: unclassified.
/// - `sds`: a Specially Designated Secret (特定秘密, Act No. 108 of 2013); only teams whose
///   people are designated to handle them (`sds yes`) may hold it.
/// - `nations`: `REL TO JPN, USA` or `JPN ONLY`, the nations (sorted, unique) whose teams may
///   hold it. Nil: no nation caveat.
/// - `tlp`: a Traffic Light Protocol 2.0 label (FIRST), for unclassified information:
///   CLEAR and GREEN restrict no one in the exercise; AMBER admits the organisations of the
///   card's recipients and their clients; AMBER+STRICT those organisations only; RED the
///   named recipients only.
public struct Releasability: Hashable, Sendable {
    public var level: Classification?
    public var sds: Bool
    public var nations: [String]?
    public var tlp: TLP?

    public init(level: Classification? = nil, sds: Bool = false, nations: [String]? = nil, tlp: TLP? = nil) {
        self.level = level
        self.sds = sds
        self.nations = nations
        self.tlp = tlp
    }

    /// No restriction written.
    public static let unrestricted = Releasability()
    /// "REL TO JPN, USA" or "JPN ONLY".
    public static func nations(_ list: [String]) -> Releasability { Releasability(nations: list) }
    public static func tlp(_ level: TLP) -> Releasability { Releasability(tlp: level) }

    public enum TLP: String, CaseIterable, Equatable, Sendable {
        case clear = "CLEAR", green = "GREEN", amber = "AMBER", amberStrict = "AMBER+STRICT", red = "RED"
    }

    /// Classification levels, lowest first. A team cleared to a level may hold that level and those below.
    public enum Classification: Int, CaseIterable, Comparable, Sendable {
        case confidential = 1, secret, topSecret

        /// As banners write it: `SECRET`.
        public var text: String {
            switch self {
            case .confidential: return "CONFIDENTIAL"
            case .secret: return "SECRET"
            case .topSecret: return "TOP SECRET"
            }
        }

        /// As a team's `clearance` field writes it: `secret`.
        public var word: String {
            switch self {
            case .confidential: return "confidential"
            case .secret: return "secret"
            case .topSecret: return "top-secret"
            }
        }

        public init?(word: String) {
            guard let c = Self.allCases.first(where: { $0.word == word }) else { return nil }
            self = c
        }

        public static func < (a: Classification, b: Classification) -> Bool { a.rawValue < b.rawValue }
    }

    /// Whether information under this marking may ever be tearlined: not TLP:RED, which
    /// names its recipients and goes no further.
    public var allowsTearline: Bool { tlp != .red }

    /// Whether the marking restricts anyone at all.
    public var isUnrestricted: Bool { self == .unrestricted }

    /// The marking of a document that holds information under every one of `markings`: the
    /// highest classification, SDS when any part is, only the nations every nation caveat
    /// admits (none left: only exercise control may hold it), the strictest TLP label. At
    /// least as restrictive as each part (TLP:AMBER of two cards for different recipients is
    /// stricter than either label says; the label is the strictest written).
    public static func holding(_ markings: some Sequence<Releasability>) -> Releasability {
        var out = Releasability()
        for m in markings {
            if let l = m.level { out.level = max(out.level ?? l, l) }
            out.sds = out.sds || m.sds
            if let n = m.nations { out.nations = out.nations.map { $0.filter(n.contains) } ?? n }
            if let t = m.tlp {
                let rank = { (t: TLP) in TLP.allCases.firstIndex(of: t)! }
                out.tlp = out.tlp.map { rank($0) >= rank(t) ? $0 : t } ?? t
            }
        }
        return out
    }

    /// The canonical text of the marking: its parts in the order level, SDS, nations, TLP, joined by `//`.
    public var text: String {
        var parts: [String] = []
        if let level { parts.append(level.text) }
        if sds { parts.append("SDS") }
        if let list = nations {
            parts.append(list.isEmpty ? "EXERCISE CONTROL ONLY" : list.count == 1 ? "\(list[0]) ONLY" : "REL TO " + list.joined(separator: ", "))
        }
        if let tlp { parts.append("TLP:" + tlp.rawValue) }
        return parts.joined(separator: "//")
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
    /// information came from? Nil when it may; otherwise why not. Every part must admit the team:
    ///
    /// - The white cell is exercise control: it may hold everything.
    /// - A classification admits teams cleared to its level or higher (`clearance secret`).
    /// - SDS admits teams designated to handle Specially Designated Secrets (`sds yes`).
    /// - A nation caveat (`JPN ONLY`, `REL TO JPN, USA`) admits teams of those nations; a team
    ///   without a nation is admitted by none.
    /// - TLP:RED admits the inject's named recipients only; TLP:AMBER+STRICT also the teams of
    ///   the recipients' organisations; TLP:AMBER also the teams of those organisations'
    ///   clients. A team without an organisation is an organisation of its own. TLP:GREEN and
    ///   TLP:CLEAR restrict no one in the exercise.
    /// - No marking restricts no one.
    public func refusal(toRelease marking: Releasability, of i: Int, to t: Int) -> Rejection? {
        if teams[t].role == .white || marking.isUnrestricted { return nil }
        if let level = marking.level {
            guard let clearance = teams[t].clearance, clearance >= level else { return .notCleared(markedBy: i) }
        }
        if marking.sds, !teams[t].sds { return .notDesignated(markedBy: i) }
        if let list = marking.nations {
            guard let n = nation(ofTeam: t), list.contains(n) else { return .notReleasable(markedBy: i) }
        }
        switch marking.tlp {
        case nil, .clear, .green:
            return nil
        case .red:
            return injects[i].recipients.contains(t) ? nil : .originalRecipientsOnly
        case .amberStrict, .amber:
            if injects[i].recipients.contains(t) { return nil }
            guard let own = teams[t].organisation else { return .outsideOrganisation(markedBy: i) }
            for r in injects[i].recipients {
                guard let o = teams[r].organisation else { continue }
                if o == own { return nil }
                if marking.tlp == .amber, organisations[o].clients.contains(own) { return nil }
            }
            return .outsideOrganisation(markedBy: i)
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
