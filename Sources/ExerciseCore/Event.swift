/// One entry of the journal: something that happened in a turn. Events are the only
/// way run state changes (`RunState.apply`), so folding a journal's events gives the state.
public struct Event: Equatable, Sendable {
    public var seq: Int
    public var turn: Int
    /// Scenario minute: the turn's start for opening and decision events, its end for
    /// closing events (restorations, deliveries, missions, turn end), where they take effect.
    public var minute: Int
    public var kind: Kind

    public init(seq: Int, turn: Int, minute: Int, kind: Kind) {
        self.seq = seq
        self.turn = turn
        self.minute = minute
        self.kind = kind
    }

    public enum Kind: Equatable, Sendable {
        /// A turn began (phase 1).
        case turnStarted
        /// An inject was released (phase 2, or by the white cell in phase 5).
        case injectReleased(inject: Int, cause: ReleaseCause)
        /// One effect of an inject was tried against the ground truth (phases 2, 3 and 5).
        case effect(inject: Int, effect: Int, outcome: EffectOutcome, next: Int?)
        /// A team was alerted to a hidden compromise, by a sensor (phase 4) or a hunt (phase 5).
        case alert(team: Int, asset: Int, source: AlertSource)
        /// A team's decision and whether it was applied (phase 5).
        case decision(Decision, rejection: Rejection?)
        /// A detection report: correct when the asset was compromised at the time.
        case detection(team: Int, asset: Int, technique: Technique?, correct: Bool)
        case contained(team: Int, asset: Int)
        case restoreStarted(team: Int, asset: Int, until: Int)
        /// A restoration finished: the asset is clean and up (phase 6).
        case restored(asset: Int)
        /// A time-limited denial of service ended (phase 6).
        case denyEnded(asset: Int)
        /// A spoofing ended because every emitter behind it was removed (phase 6).
        case spoofEnded(asset: Int)
        /// Information left a team over a channel; it arrives at `arrives` (phase 7).
        /// `version` says which version of a card went (`tearline` when its releasable version did).
        case sent(from: Int, to: Int, item: Decision.Item, arrives: Int, version: CardVersion)
        /// What was sent, as it was sent: the card version, and the actor whose indicators came with it.
        case delivered(from: Int, to: Int, item: Decision.Item, actor: Int?, version: CardVersion)
        /// Information the releasability rule kept from a team: a card's recipient its marking does
        /// not admit (`from` nil, phase 2 or 5), or a share whose marking no longer admits the
        /// receiver on arrival (phase 7). The checker refuses exercises where the first can happen.
        case withheld(to: Int, from: Int?, item: Decision.Item, rejection: Rejection)
        case tearlineStarted(team: Int, inject: Int, ready: Int)
        case tearlineReady(team: Int, inject: Int)
        case requested(team: Int, of: Int, asset: Int)
        case granted(team: Int, to: Int, asset: Int)
        /// The team cut a dependency (a C2 blocked, credentials revoked) in the domains it acts
        /// in (`domains`, a bit per domain index below 64; every domain for the white cell, and
        /// for an emitter removed by the body that can).
        case cut(team: Int, dependency: Int, domains: UInt64)
        /// The team attributed the intrusion to `actor`; `correct` when that actor is behind
        /// an inject released so far (ground truth, for the umpire).
        case attributed(team: Int, actor: Int, confidence: Decision.Confidence, public: Bool, correct: Bool)
        case judged(team: Int, inject: Int, expectation: Int, verdict: Decision.Verdict, reason: InternedText)
        case note(team: Int, text: InternedText)
        /// A decision that needs approval (`Exercise.approvals[approval]`) went to the approver as
        /// request `request` instead of taking effect; it reaches the approver at `arrives` (phase 5).
        case approvalRequested(request: Int, approval: Int, decision: Decision, arrives: Int)
        /// The request reached its approver, who may now answer it (phase 7).
        case approvalArrived(request: Int)
        /// The approver (or the white cell, `team`) approved; the decision takes effect now (phase 5).
        case approved(request: Int, team: Int)
        /// The approver (or the white cell) refused; the decision never takes effect (phase 5).
        case denied(request: Int, team: Int)
        /// An approved decision that can no longer be done (the asset was contained meanwhile, say).
        case lapsed(request: Int, rejection: Rejection)
        /// The last decision of this turn (journaled at `decision`) was withdrawn by the white cell.
        case undo(decision: Int)
        /// Mission service levels at the end of the turn (phase 8), in mission order.
        case missions(MissionLevels)
        /// The turn is complete (phase 9); carries the generator state so a fold is exact.
        case turnEnded(rng: SeededGenerator)
        /// The last turn is complete.
        case ended
    }

    public enum ReleaseCause: String, Equatable, Sendable { case time, condition, manual }
    /// `impact`: a loud effect (ransom note, wipe, outage) on a compromised asset told its owner.
    public enum AlertSource: String, Equatable, Sendable { case sensor, hunt, impact }

    public enum EffectOutcome: String, Equatable, Sendable {
        /// The ground truth changed.
        case applied
        /// Nothing to change: the target was already in that state.
        case unchanged
        /// A spread whose source is not compromised (yet, or any more).
        case blocked
        /// A spread whose source is contained: the progression stops.
        case stopped
        /// An effect whose C2 is blocked or whose credentials are revoked where it acts: it
        /// fails, and a progression stops.
        case cut
    }

    /// The journal's `type` field.
    public var type: String {
        switch kind {
        case .turnStarted: return "turn"
        case .injectReleased: return "inject"
        case .effect: return "effect"
        case .alert: return "alert"
        case .decision: return "decision"
        case .detection: return "detection"
        case .contained: return "contain"
        case .restoreStarted: return "restore-start"
        case .restored: return "restored"
        case .denyEnded: return "deny-ended"
        case .spoofEnded: return "spoof-ended"
        case .sent: return "sent"
        case .delivered: return "delivered"
        case .withheld: return "withheld"
        case .tearlineStarted: return "tearline-start"
        case .tearlineReady: return "tearline-ready"
        case .requested: return "request"
        case .granted: return "grant"
        case .cut: return "cut"
        case .attributed: return "attribution"
        case .judged: return "judge"
        case .note: return "note"
        case .approvalRequested: return "approval-request"
        case .approvalArrived: return "approval-arrived"
        case .approved: return "approved"
        case .denied: return "denied"
        case .lapsed: return "lapsed"
        case .undo: return "undo"
        case .missions: return "missions"
        case .turnEnded: return "turn-end"
        case .ended: return "end"
        }
    }

    /// Every `type` value, in the order Documentation/Journal.md lists them.
    public static let types = [
        "turn", "inject", "effect", "alert", "decision", "detection", "contain", "restore-start", "restored",
        "deny-ended", "spoof-ended", "sent", "delivered", "withheld", "tearline-start", "tearline-ready", "request", "grant", "cut", "attribution", "judge", "note",
        "approval-request", "approval-arrived", "approved", "denied", "lapsed", "undo", "missions", "turn-end", "end",
    ]
}

/// How well an asset or a mission works.
public enum ServiceLevel: String, Equatable, Sendable, Comparable {
    case up, degraded, down
    public static func < (a: ServiceLevel, b: ServiceLevel) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .up: return 0
        case .degraded: return 1
        case .down: return 2
        }
    }
}

/// 16 lowercase hex digits.
public func hex64(_ v: UInt64) -> String {
    let digits = Array("0123456789abcdef".unicodeScalars)
    var out = ""
    for shift in stride(from: 60, through: 0, by: -4) {
        out.unicodeScalars.append(digits[Int((v >> UInt64(shift)) & 0xF)])
    }
    return out
}

extension Event.EffectOutcome {
    /// What the outcome means, in the white cell's words.
    public var text: String {
        switch self {
        case .applied: return "applied"
        case .unchanged: return "no change (already so)"
        case .blocked: return "blocked (the adversary is not in the source or target, or it is contained)"
        case .stopped: return "stopped (source contained)"
        case .cut: return "cut (its C2 is blocked or its credentials revoked)"
        }
    }
}
