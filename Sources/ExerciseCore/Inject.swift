/// One scripted event of the master scenario events list: an adversary action, a
/// report from outside, or a contingency the white cell releases by hand.
public struct Inject: Equatable, Sendable {
    public var id: String
    public var title: String
    public var trigger: Trigger
    /// The adversary actor (index) behind the inject's effects, if any.
    public var actor: Int?
    /// A simulated sender outside the exercise, e.g. "NCO" or "Kadena AB", if any.
    public var sender: String?
    /// Recipient team indices: who receives the inject card.
    public var recipients: [Int]
    /// How the card arrives: email, phone, alert, report, …
    public var method: String?
    /// ATT&CK technique IDs, e.g. "T1566.001", in the version the exercise declares.
    public var techniques: [String]
    /// The card text players read.
    public var text: String
    /// Who may receive the inject's information when it is shared.
    public var marking: Releasability
    /// The card's releasable version (`tearline "text" marking "REL TO JPN, USA"`), which a
    /// tearline delivers instead of the card; nil when the card cannot be tearlined.
    public var tearline: Tearline?
    public var effects: [Effect]
    public var expectations: [Expectation]
    /// The card in languages other than the exercise's (`text ja "…"`), one per language,
    /// in `Language` order; `title`, `text` and the tearline's text stay the exercise's.
    public var translations: [Translation] = []

    public init(
        id: String, title: String, trigger: Trigger, actor: Int? = nil, sender: String? = nil,
        recipients: [Int] = [], method: String? = nil, techniques: [String] = [], text: String = "",
        marking: Releasability = .unrestricted, tearline: Tearline? = nil, effects: [Effect] = [],
        expectations: [Expectation] = []
    ) {
        self.id = id
        self.title = title
        self.trigger = trigger
        self.actor = actor
        self.sender = sender
        self.recipients = recipients
        self.method = method
        self.techniques = techniques
        self.text = text
        self.marking = marking
        self.tearline = tearline
        self.effects = effects
        self.expectations = expectations
    }
}

extension Inject {
    /// A card's releasable version: the text that may go further, under its own marking.
    public struct Tearline: Equatable, Sendable {
        public var text: String
        public var marking: Releasability
        /// How long producing it takes when it is not the exercise's `tearline` delay: a
        /// release to civil partners takes longer than one to the ally (`after 4h`).
        public var delayMinutes: Int?
        public init(text: String, marking: Releasability, delayMinutes: Int? = nil) {
            self.text = text
            self.marking = marking
            self.delayMinutes = delayMinutes
        }
    }
}

/// When an inject is released.
public enum Trigger: Equatable, Sendable {
    /// At a scenario minute.
    case time(minute: Int)
    /// At the start of the first turn, from `notBefore` on, at which all conditions hold.
    case condition([Condition], notBefore: Int)
    /// Only when the white cell releases it.
    case manual

    /// The earliest minute the inject can fire, if it is not manual.
    public var earliestMinute: Int? {
        switch self {
        case .time(let minute): return minute
        case .condition(_, let notBefore): return notBefore
        case .manual: return nil
        }
    }
}

/// A fact about the run state that a condition trigger waits for.
public struct Condition: Equatable, Sendable {
    public enum Subject: Equatable, Sendable {
        case inject(Int)
        case asset(Int)
        /// An actor: for `attributed` and `publicly-attributed`.
        case actor(Int)
    }

    public enum Predicate: String, CaseIterable, Equatable, Sendable {
        /// Inject: it has been released.
        case released
        /// Inject or asset: every asset the inject compromised (or the asset) was detected.
        case detected
        /// Inject or asset: at least one of them is compromised and not detected.
        case undetected
        /// Asset: compromised. Inject: at least one of its compromised assets still is.
        case compromised
        /// Asset: contained (isolated). Inject: all its compromised assets are.
        case contained
        /// Asset: service down.
        case down
        /// Asset: restored at least once.
        case restored
        /// Actor: some team has attributed the intrusion to it (any confidence).
        case attributed
        /// Actor: some team has attributed it publicly (and, where an approval covers that, it was approved).
        case publiclyAttributed = "publicly-attributed"

        public var appliesToActors: Bool { self == .attributed || self == .publiclyAttributed }
        public var appliesToInjects: Bool { self != .down && !appliesToActors }
        public var appliesToAssets: Bool { self != .released && !appliesToActors }
    }

    public var subject: Subject
    public var predicate: Predicate
    public init(subject: Subject, predicate: Predicate) {
        self.subject = subject
        self.predicate = predicate
    }
}

/// What an adversary inject does to the ground truth.
public struct Effect: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Equatable, Sendable {
        /// Initial access: the asset is compromised, service unaffected.
        case compromise
        /// Lateral movement from `source` to `asset` (same segment or a linked one).
        case spread
        /// Service degraded (works at reduced capability).
        case degrade
        /// Service down.
        case disrupt
        /// Ransomware: service down; a restore without backups takes twice as long.
        case encrypt
        /// Data destroyed, backups too: service down, restore takes twice as long.
        case wipe
        /// Denial of service from outside: service down for `durationMinutes` (or until restored).
        case deny
        /// Data stolen; service unaffected.
        case exfiltrate
        /// False data or reports (GNSS/AIS, sensor feeds): service degraded.
        case spoof

        /// Effects that announce themselves to the victim — a ransom note, a wiped disk, a
        /// service down: the owning team learns at once, and it is its detection.
        public var isLoud: Bool {
            switch self {
            case .disrupt, .encrypt, .wipe, .deny: return true
            case .compromise, .spread, .degrade, .exfiltrate, .spoof: return false
            }
        }

        /// Effects that need the actor inside the asset (compromise or spread first).
        public var needsFoothold: Bool {
            switch self {
            case .degrade, .disrupt, .encrypt, .wipe, .exfiltrate: return true
            case .compromise, .spread, .deny, .spoof: return false
            }
        }

        /// Effects that leave the adversary inside the asset.
        public var compromises: Bool {
            switch self {
            case .deny, .spoof: return false
            default: return true
            }
        }
    }

    public var kind: Kind
    public var asset: Int
    /// For `spread`: the asset the adversary moves from.
    public var source: Int?
    /// For `spread`: repeat every this many minutes while the source stays compromised and
    /// uncontained (scripted progression); `nil` means once, at release.
    public var everyMinutes: Int?
    /// For `deny`: how long the denial lasts; `nil` means until restored.
    public var durationMinutes: Int?
    /// What the effect depends on (`Exercise.dependencies`): it is cut, and a progression
    /// stops, where a defender has blocked the C2 or revoked the credentials it needs.
    public var needs: [Int] = []

    public init(kind: Kind, asset: Int, source: Int? = nil, everyMinutes: Int? = nil, durationMinutes: Int? = nil) {
        self.kind = kind
        self.asset = asset
        self.source = source
        self.everyMinutes = everyMinutes
        self.durationMinutes = durationMinutes
    }
}

/// An HSEEP "expected player action" with a target time from the inject's release.
public struct Expectation: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case detect(asset: Int)
        case contain(asset: Int)
        case restore(asset: Int)
        /// Share the inject's information with the team.
        case share(to: Int)
        /// A free-text expectation the white cell judges by hand with `judge`.
        case judged(String)

        /// A free-text expectation that the white cell rules on (`judge`).
        public var isJudged: Bool { if case .judged = self { return true } else { return false } }

        public var verb: String {
            switch self {
            case .detect: return "detect"
            case .contain: return "contain"
            case .restore: return "restore"
            case .share: return "share"
            case .judged: return "judged"
            }
        }
    }

    /// 1-based position within its inject: expectation `A1.2` is the second of inject A1.
    public var number: Int
    public var action: Action
    public var withinMinutes: Int
    /// The team expected to act, if the author named one.
    public var team: Int?
    /// The objective (index) this expectation supports, if any.
    public var objective: Int?

    public init(number: Int, action: Action, withinMinutes: Int, team: Int? = nil, objective: Int? = nil) {
        self.number = number
        self.action = action
        self.withinMinutes = withinMinutes
        self.team = team
        self.objective = objective
    }
}

/// How the umpire turns measures into a 0–100 score. Weights sum to 100.
public struct Rubric: Equatable, Sendable {
    public enum Measure: String, CaseIterable, Equatable, Sendable {
        case detect, contain, restore, share, availability, expectations
        /// Stolen data: the criticality-weighted share of exfiltration attempts stopped.
        case data
    }

    /// Points per measure, in `Measure.allCases` order.
    public var weights: [Measure: Int]
    /// Target minutes per timed measure (detect, contain, restore, share).
    public var targets: [Measure: Int]

    public init(weights: [Measure: Int], targets: [Measure: Int]) {
        self.weights = weights
        self.targets = targets
    }

    /// The rubric used when a file has no `scoring` block (see Documentation/Scoring.md).
    public static let standard = Rubric(
        weights: [.detect: 20, .contain: 15, .restore: 15, .share: 10, .availability: 15, .expectations: 15, .data: 10],
        targets: [.detect: 60, .contain: 60, .restore: 240, .share: 120])

    public func weight(_ measure: Measure) -> Int { weights[measure] ?? 0 }
    public func target(_ measure: Measure) -> Int? { targets[measure] }
}
