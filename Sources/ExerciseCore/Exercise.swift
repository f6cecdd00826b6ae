/// The immutable definition of one exercise, as the checker produced it from an
/// `.exercise` file. Every reference between parts is an integer index into the
/// arrays here, so the engine never looks a name up on a hot path.
///
/// Times are scenario minutes from the exercise start (`Int`); probabilities are
/// per-mille integers, so nothing here depends on floating point.
public struct Exercise: Equatable, Sendable {
    public var title: String
    public var style: Style
    /// The banner marking printed on every output, e.g. "UNCLASSIFIED // EXERCISE ONLY".
    public var marking: String
    /// The scenario start as written (ISO 8601 with offset), e.g. "2026-11-24T09:00+09:00".
    public var start: ScenarioStart
    /// Length of one turn in scenario minutes (≥ 1).
    public var turnMinutes: Int
    /// Number of turns; turn `t` (1-based) covers minutes `(t-1)·turnMinutes ..< t·turnMinutes`.
    public var turns: Int
    /// The ATT&CK release the technique IDs refer to, e.g. "v18".
    public var attackVersion: String
    /// How long producing a releasable "tearline" copy of an inject takes, in minutes.
    public var tearlineMinutes: Int
    /// The language titles, texts and tasks are written in (`language en`, the default).
    public var language: Language = .en

    public var domains: [Domain]
    public var teams: [Team]
    /// Organisations teams belong to, for TLP:AMBER and TLP:AMBER+STRICT.
    public var organisations: [Organisation] = []
    public var segments: [Segment]
    public var links: [Link]
    public var assets: [Asset]
    public var missions: [Mission]
    public var channels: [Channel]
    public var actors: [Actor]
    /// C2 channels and stolen credentials the adversary's effects depend on, which
    /// defenders can cut (`block`, `revoke`).
    public var dependencies: [Dependency] = []
    public var objectives: [Objective]
    public var injects: [Inject]
    /// Decisions that take effect only when another cell approves them.
    public var approvals: [Approval]
    public var rubric: Rubric

    public init(
        title: String, style: Style = .tabletop, marking: String = "UNCLASSIFIED // EXERCISE ONLY",
        start: ScenarioStart = ScenarioStart(text: "2026-01-01T00:00Z", minutesFromEpoch: 0),
        turnMinutes: Int = 30, turns: Int = 1, attackVersion: String = "v18", tearlineMinutes: Int = 240,
        domains: [Domain] = [], teams: [Team] = [], segments: [Segment] = [], links: [Link] = [],
        assets: [Asset] = [], missions: [Mission] = [], channels: [Channel] = [], actors: [Actor] = [],
        objectives: [Objective] = [], injects: [Inject] = [], approvals: [Approval] = [], rubric: Rubric = .standard
    ) {
        self.title = title
        self.style = style
        self.marking = marking
        self.start = start
        self.turnMinutes = turnMinutes
        self.turns = turns
        self.attackVersion = attackVersion
        self.tearlineMinutes = tearlineMinutes
        self.domains = domains
        self.teams = teams
        self.segments = segments
        self.links = links
        self.assets = assets
        self.missions = missions
        self.channels = channels
        self.actors = actors
        self.objectives = objectives
        self.injects = injects
        self.approvals = approvals
        self.rubric = rubric
    }

    /// The exercise length in scenario minutes.
    public var lengthMinutes: Int { turns * turnMinutes }

    /// The 1-based turn that contains scenario minute `minute`.
    public func turn(containing minute: Int) -> Int { minute / turnMinutes + 1 }

    /// The scenario minute at which turn `turn` (1-based) starts.
    public func startMinute(ofTurn turn: Int) -> Int { (turn - 1) * turnMinutes }
}

/// The exercise conventions the file says it follows; they change wording in reports, not rules.
public enum Style: String, CaseIterable, Equatable, Sendable {
    case cyberCoalition = "cyber-coalition"
    case cyberStorm = "cyber-storm"
    case lockedShields = "locked-shields"
    case tabletop

    /// Whether the outputs put teams side by side by score. Cyber Coalition is cooperative and
    /// no-fault: it is judged on objectives, and does not rank nations or teams (the white
    /// cell's scorecard keeps every team's figures).
    public var ranksTeams: Bool { self != .cyberCoalition }
}

/// The scenario start: the text as written and its instant in minutes since 1970 UTC.
public struct ScenarioStart: Equatable, Sendable {
    public var text: String
    public var minutesFromEpoch: Int
    /// The UTC offset the author wrote, in minutes (used to print local scenario times).
    public var utcOffsetMinutes: Int
    public init(text: String, minutesFromEpoch: Int, utcOffsetMinutes: Int = 0) {
        self.text = text
        self.minutesFromEpoch = minutesFromEpoch
        self.utcOffsetMinutes = utcOffsetMinutes
    }
}

public struct Domain: Equatable, Sendable {
    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-3 code, e.g. "JPN".
    public var nation: String
    /// Government (the services, ministries, the NCO) or private (critical-infrastructure
    /// operators, airlines): the two sides of a Cyber Storm exercise's public–private picture.
    public var sector: Sector
    public init(id: String, name: String, nation: String, sector: Sector = .public) {
        self.id = id
        self.name = name
        self.nation = nation
        self.sector = sector
    }

    public enum Sector: String, CaseIterable, Equatable, Sendable {
        case `public`, `private`
    }
}

extension Exercise {
    /// A team's sector: its home domain's; a team without one (an approver cell, an
    /// observer) is of government. Nil for the white cell, which is neither side.
    public func sector(ofTeam t: Int) -> Domain.Sector? {
        if teams[t].role == .white { return nil }
        return teams[t].domain.map { domains[$0].sector } ?? .public
    }

    /// Whether any domain is private: the exercise has a public–private line to report on.
    public var hasPrivateSector: Bool { domains.contains { $0.sector == .private } }
}

public enum TeamRole: String, CaseIterable, Equatable, Sendable {
    /// A defending team of one of the nation's services or the joint unit.
    case blue
    /// Exercise control: releases injects, adjudicates, may act anywhere for bookkeeping.
    case white
    /// An allied partner's cell.
    case ally
    /// A scripted adversary cell; it acts through injects, not decisions.
    case red
    /// Watches only.
    case observer
    /// A cell that answers approval requests — a command authority, a ministry, a commission
    /// (JJOC, the MOD internal bureau, the NSC): it defends no assets and acts on none, and
    /// it may share what it holds over its channels and take notes.
    case approver
}

public struct Team: Equatable, Sendable {
    public var id: String
    public var name: String
    /// Home domain index; `nil` only for white and observer teams.
    public var domain: Int?
    public var role: TeamRole
    /// Domains (indices) the team may act on besides its home domain.
    public var actsOn: [Int]
    /// Decisions the team may make per turn.
    public var capacity: Int
    /// The nation the team belongs to when it says so (`nation JPN`); otherwise its home
    /// domain's (`Exercise.nation(ofTeam:)`).
    public var nation: String?
    /// The organisation the team belongs to (`Exercise.organisations`), for TLP:AMBER; nil:
    /// an organisation of its own.
    public var organisation: Int?
    /// The highest classification its people may hold; nil: unclassified only.
    public var clearance: Releasability.Classification?
    /// Whether its people are designated to handle Specially Designated Secrets.
    public var sds = false
    /// The language the team reads (`language ja`); nil: the exercise's.
    public var language: Language?
    public init(id: String, name: String, domain: Int?, role: TeamRole = .blue, actsOn: [Int] = [], capacity: Int = 2,
                nation: String? = nil) {
        self.id = id
        self.name = name
        self.domain = domain
        self.role = role
        self.actsOn = actsOn
        self.capacity = capacity
        self.nation = nation
    }
}

/// An organisation (a ministry, a company, a CSIRT) whose teams share TLP:AMBER and
/// TLP:AMBER+STRICT information among themselves; its `clients` (organisation indices) may
/// also hold TLP:AMBER information its teams received (FIRST TLP 2.0: "members of their own
/// organization and its clients").
public struct Organisation: Equatable, Sendable {
    public var id: String
    public var name: String
    public var clients: [Int]
    public init(id: String, name: String, clients: [Int] = []) {
        self.id = id
        self.name = name
        self.clients = clients
    }
}

public struct Segment: Equatable, Sendable {
    public var id: String
    public var name: String
    public var domain: Int
    /// Chance per hour, per mille, that a hidden compromise here raises an alert (the
    /// engine draws once a turn with the chance that gives over the turn's length).
    public var sensorPerMille: Int
    /// Chance, per mille, that a `hunt` of this segment finds each hidden compromise.
    public var huntPerMille: Int
    public init(id: String, name: String, domain: Int, sensorPerMille: Int = 200, huntPerMille: Int = 500) {
        self.id = id
        self.name = name
        self.domain = domain
        self.sensorPerMille = sensorPerMille
        self.huntPerMille = huntPerMille
    }
}

/// A network path between two segments; spread is possible only along links or within a segment.
public struct Link: Equatable, Sendable {
    public var from: Int
    public var to: Int
    public var name: String
    public init(from: Int, to: Int, name: String = "") {
        self.from = from
        self.to = to
        self.name = name
    }
}

public struct Asset: Equatable, Sendable {
    public var id: String
    public var name: String
    public var segment: Int
    /// 1 (low) … 5 (mission critical).
    public var criticality: Int
    /// Minutes a restoration takes with backups; doubled when the backups are gone.
    public var restoreMinutes: Int
    public var backups: Bool
    public init(id: String, name: String, segment: Int, criticality: Int = 1, restoreMinutes: Int = 120, backups: Bool = true) {
        self.id = id
        self.name = name
        self.segment = segment
        self.criticality = criticality
        self.restoreMinutes = restoreMinutes
        self.backups = backups
    }
}

public struct Mission: Equatable, Sendable {
    public var id: String
    public var name: String
    /// Asset indices the mission needs; it is up only when all are up.
    public var needs: [Int]
    /// Share in the availability score from the start of the exercise.
    public var weight: Int
    /// Later phases: from each minute (ascending, after the start) the mission weighs this much.
    public var phases: [Phase]
    public init(id: String, name: String, needs: [Int], weight: Int = 1, phases: [Phase] = []) {
        self.id = id
        self.name = name
        self.needs = needs
        self.weight = weight
        self.phases = phases
    }

    public struct Phase: Equatable, Sendable {
        /// Minutes after the exercise start.
        public var from: Int
        public var weight: Int
        public init(from: Int, weight: Int) {
            self.from = from
            self.weight = weight
        }
    }

    /// The weight in force at a minute after the start.
    public func weight(atMinute minute: Int) -> Int {
        var w = weight
        for p in phases where p.from <= minute { w = p.weight }
        return w
    }

    /// "5" or "1, 5 from +80:00, 2 from +160:00", for tables.
    public var weightText: String {
        ([String(weight)] + phases.map { "\($0.weight) from \(ScenarioTime.offsetText($0.from))" }).joined(separator: ", ")
    }
}

/// A one-way reporting path between two teams.
public struct Channel: Equatable, Sendable {
    public var from: Int
    public var to: Int
    public var latencyMinutes: Int
    public var marking: Releasability
    /// Later phases: from each minute (ascending) the channel takes this long — a crisis cell
    /// standing up shortens it (`latency 30m from +12:00`).
    public var phases: [Phase]
    public init(from: Int, to: Int, latencyMinutes: Int, marking: Releasability = .unrestricted, phases: [Phase] = []) {
        self.from = from
        self.to = to
        self.latencyMinutes = latencyMinutes
        self.marking = marking
        self.phases = phases
    }

    public struct Phase: Equatable, Sendable {
        public var from: Int
        public var latencyMinutes: Int
        public init(from: Int, latencyMinutes: Int) {
            self.from = from
            self.latencyMinutes = latencyMinutes
        }
    }

    /// The latency in force for a share sent at a minute after the start.
    public func latency(atMinute minute: Int) -> Int {
        var l = latencyMinutes
        for p in phases where p.from <= minute { l = p.latencyMinutes }
        return l
    }
}

/// Something an adversary's effects depend on and a defender can take away: a C2 channel
/// (domains, servers) that `block` sinkholes, stolen credentials that `revoke` resets, or
/// the emitter of a spoofing (a transmitter) that only an outside body can `remove`.
public struct Dependency: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        case c2, credential, emitter
        /// The verb that cuts it.
        public var verb: String {
            switch self {
            case .c2: return "block"
            case .credential: return "revoke"
            case .emitter: return "remove"
            }
        }
    }
    public var id: String
    public var name: String
    public var kind: Kind
    /// For an emitter: the teams that can remove it (the Coast Guard, the radio regulator);
    /// the white cell always can, as it plays every outside body. Empty for the other kinds.
    public var removedBy: [Int]
    public init(id: String, name: String, kind: Kind, removedBy: [Int] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.removedBy = removedBy
    }
}

public struct Actor: Equatable, Sendable {
    public var id: String
    public var name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// An exercise objective that expectations support; rated P/S/M/U by the umpire.
public struct Objective: Equatable, Sendable {
    public var id: String
    /// In the exercise's language.
    public var text: String
    /// The objective in other languages (`text ja "…"` under it), for what participants
    /// read in their own language (the feedback form).
    public var translations: [Language: String]
    public init(id: String, text: String, translations: [Language: String] = [:]) {
        self.id = id
        self.text = text
        self.translations = translations
    }

    /// The objective in `language`, or in the exercise's where it has no translation.
    public func text(in language: Language) -> String { translations[language] ?? text }
}

/// A rule that some decisions need another cell's approval (`approval` statement): the
/// decision goes to the approver as a request, arrives after `latencyMinutes`, and takes
/// effect only when the approver (or the white cell, which can play any outside body)
/// approves it. A denied or unanswered request never takes effect.
public struct Approval: Equatable, Sendable {
    public var id: String
    /// What is being approved, as people say it: "Cutting the remote-island bridge".
    public var name: String
    /// The decisions it covers.
    public var covers: [Cover]
    /// The team that approves (a team, or the white cell).
    public var approver: Int
    /// How long a request takes to reach the approver.
    public var latencyMinutes: Int

    public init(id: String, name: String, covers: [Cover], approver: Int, latencyMinutes: Int = 0) {
        self.id = id
        self.name = name
        self.covers = covers
        self.approver = approver
        self.latencyMinutes = latencyMinutes
    }

    public enum Cover: Hashable, Sendable {
        /// Isolating the asset.
        case contain(asset: Int)
        /// Rebuilding the asset.
        case restore(asset: Int)
        /// Any grant of authority to the team (e.g. admitting an ally team to act on national networks).
        case grant(to: Int)
        /// Producing the releasable version of the inject's card (a release to its tearline's
        /// audience: the foreign disclosure officer for the ally, the NCO's liaison for operators).
        case tearline(inject: Int)
        /// Blocking a C2 channel, revoking credentials or removing an emitter (neutralising a
        /// server abroad needs the independent commission's approval).
        case cut(dependency: Int)
        /// Attributing the intrusion publicly (to any actor): a decision for the government.
        case publicAttribution
    }

    public func covers(_ verb: Decision.Verb) -> Bool {
        for c in covers {
            switch (c, verb) {
            case (.contain(let a), .contain(let b)) where a == b: return true
            case (.restore(let a), .restore(let b)) where a == b: return true
            case (.grant(let t), .grant(let u, _)) where t == u: return true
            case (.tearline(let i), .tearline(let j)) where i == j: return true
            case (.cut(let k), .block(let j)) where k == j: return true
            case (.cut(let k), .revoke(let j)) where k == j: return true
            case (.cut(let k), .remove(let j)) where k == j: return true
            case (.publicAttribution, .attribute(_, _, true)): return true
            default: continue
            }
        }
        return false
    }
}

extension Exercise {
    /// The approval a decision needs, if any: the first rule (in file order) that covers it,
    /// unless the deciding team is that rule's approver or the white cell.
    public func approval(needing d: Decision) -> Int? {
        guard teams[d.team].role != .white else { return nil }
        for (k, rule) in approvals.enumerated() where rule.approver != d.team && rule.covers(d.verb) { return k }
        return nil
    }

    /// Whether the team may act in the domain without a grant: its home domain, a domain it
    /// `acts-on`, or anywhere for the white cell (it simulates outside bodies). The rule's one
    /// statement: the engine keeps it in a table, the linter and the views ask it here.
    public func hasAuthority(_ team: Int, inDomain d: Int) -> Bool {
        let t = teams[team]
        if t.role == .approver { return false }
        return t.role == .white || t.domain == d || t.actsOn.contains(d)
    }

    /// A chance per hour, per mille, as the chance per turn of `turnMinutes` that gives the
    /// same chance over an hour: the per mille q whose (1 − q)^(60 / turn) is closest to
    /// 1 − p. So an exercise played with 30-minute or 1-hour turns sees alike. Computed with
    /// integer powers only ((1 − q)^60 against (1 − p)^turn, by repeated multiplication), so
    /// it is the same on every machine (no libm).
    public static func perTurn(perMillePerHour p: Int, turnMinutes: Int) -> Int {
        guard p > 0, p < 1000, turnMinutes > 0, turnMinutes != 60 else { return p }
        func power(_ x: Double, _ n: Int) -> Double {
            var result = 1.0, base = x, e = n
            while e > 0 {
                if e & 1 == 1 { result *= base }
                base *= base
                e >>= 1
            }
            return result
        }
        let target = power(1 - Double(p) / 1000, turnMinutes)
        func f(_ q: Int) -> Double { power(1 - Double(q) / 1000, 60) }
        // f falls as q rises: the first q with f(q) ≤ target, or the one before it.
        var lo = 0, hi = 1000
        while lo < hi {
            let mid = (lo + hi) / 2
            if f(mid) <= target { hi = mid } else { lo = mid + 1 }
        }
        if lo > 0, abs(f(lo - 1) - target) <= abs(f(lo) - target) { return lo - 1 }
        return lo
    }

    /// The domain an asset is in (its segment's).
    public func domain(ofAsset a: Int) -> Int { segments[assets[a].segment].domain }
}
