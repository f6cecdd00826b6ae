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
        case detection(team: Int, asset: Int, technique: String?, correct: Bool)
        case contained(team: Int, asset: Int)
        case restoreStarted(team: Int, asset: Int, until: Int)
        /// A restoration finished: the asset is clean and up (phase 6).
        case restored(asset: Int)
        /// A time-limited denial of service ended (phase 6).
        case denyEnded(asset: Int)
        /// Information left a team over a channel; it arrives at `arrives` (phase 7).
        case sent(from: Int, to: Int, item: Decision.Item, arrives: Int)
        case delivered(from: Int, to: Int, item: Decision.Item, actor: Int?)
        case tearlineStarted(team: Int, inject: Int, ready: Int)
        case tearlineReady(team: Int, inject: Int)
        case requested(team: Int, of: Int, asset: Int)
        case granted(team: Int, to: Int, asset: Int)
        case judged(team: Int, inject: Int, expectation: Int, verdict: Decision.Verdict, reason: String)
        case note(team: Int, text: String)
        /// The last decision of this turn (journaled at `decision`) was withdrawn by the white cell.
        case undo(decision: Int)
        /// Mission service levels at the end of the turn (phase 8), in mission order.
        case missions([ServiceLevel])
        /// The turn is complete (phase 9); carries the generator state so a fold is exact.
        case turnEnded(rng: SeededGenerator)
        /// The last turn is complete.
        case ended
    }

    public enum ReleaseCause: String, Equatable, Sendable { case time, condition, manual }
    public enum AlertSource: String, Equatable, Sendable { case sensor, hunt }

    public enum EffectOutcome: String, Equatable, Sendable {
        /// The ground truth changed.
        case applied
        /// Nothing to change: the target was already in that state.
        case unchanged
        /// A spread whose source is not compromised (yet, or any more).
        case blocked
        /// A spread whose source is contained: the progression stops.
        case stopped
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
        case .sent: return "sent"
        case .delivered: return "delivered"
        case .tearlineStarted: return "tearline-start"
        case .tearlineReady: return "tearline-ready"
        case .requested: return "request"
        case .granted: return "grant"
        case .judged: return "judge"
        case .note: return "note"
        case .undo: return "undo"
        case .missions: return "missions"
        case .turnEnded: return "turn-end"
        case .ended: return "end"
        }
    }

    /// Every `type` value, in the order Documentation/Journal.md lists them.
    public static let types = [
        "turn", "inject", "effect", "alert", "decision", "detection", "contain", "restore-start", "restored",
        "deny-ended", "sent", "delivered", "tearline-start", "tearline-ready", "request", "grant", "judge", "note",
        "undo", "missions", "turn-end", "end",
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

extension Event {
    /// The event as a journal object (without `hash`), names instead of indices, fields in a fixed order.
    public func json(in x: Exercise) -> JSONValue {
        var o: [(key: String, value: JSONValue)] = [
            ("seq", .int(seq)), ("turn", .int(turn)), ("minute", .int(minute)), ("type", .string(type)),
        ]
        func add(_ key: String, _ value: JSONValue) { o.append((key, value)) }
        func team(_ i: Int) -> JSONValue { .string(x.teams[i].id) }
        func asset(_ i: Int) -> JSONValue { .string(x.assets[i].id) }
        func inject(_ i: Int) -> JSONValue { .string(x.injects[i].id) }
        func item(_ item: Decision.Item) {
            switch item {
            case .inject(let i): add("inject", inject(i))
            case .asset(let a): add("asset", asset(a))
            }
        }
        switch kind {
        case .turnStarted, .ended: break
        case .injectReleased(let i, let cause):
            add("inject", inject(i))
            add("cause", .string(cause.rawValue))
            add("to", .array(x.injects[i].recipients.map(team)))
        case .effect(let i, let k, let outcome, let next):
            let e = x.injects[i].effects[k]
            add("inject", inject(i))
            add("effect", .string(e.kind.rawValue))
            if let s = e.source { add("source", asset(s)) }
            add("asset", asset(e.asset))
            add("outcome", .string(outcome.rawValue))
            if let n = next { add("next", .int(n)) }
        case .alert(let t, let a, let source):
            add("team", team(t))
            add("asset", asset(a))
            add("source", .string(source.rawValue))
        case .decision(let d, let rejection):
            add("team", team(d.team))
            add("line", .string(d.line(in: x)))
            add("outcome", .string(rejection == nil ? "applied" : "rejected"))
            if let r = rejection { add("reason", .string(r.message(in: x))) }
        case .detection(let t, let a, let technique, let correct):
            add("team", team(t))
            add("asset", asset(a))
            if let tech = technique { add("technique", .string(tech)) }
            add("correct", .bool(correct))
        case .contained(let t, let a):
            add("team", team(t))
            add("asset", asset(a))
        case .restoreStarted(let t, let a, let until):
            add("team", team(t))
            add("asset", asset(a))
            add("until", .int(until))
        case .restored(let a), .denyEnded(let a):
            add("asset", asset(a))
        case .sent(let from, let to, let it, let arrives):
            add("from", team(from))
            add("to", team(to))
            item(it)
            add("arrives", .int(arrives))
        case .delivered(let from, let to, let it, let actor):
            add("from", team(from))
            add("to", team(to))
            item(it)
            if let a = actor { add("actor", .string(x.actors[a].id)) }
        case .tearlineStarted(let t, let i, let ready):
            add("team", team(t))
            add("inject", inject(i))
            add("ready", .int(ready))
        case .tearlineReady(let t, let i):
            add("team", team(t))
            add("inject", inject(i))
        case .requested(let t, let of, let a):
            add("team", team(t))
            add("of", team(of))
            add("asset", asset(a))
        case .granted(let t, let to, let a):
            add("team", team(t))
            add("to", team(to))
            add("asset", asset(a))
        case .judged(let t, let i, let e, let verdict, let reason):
            add("team", team(t))
            add("expectation", .string("\(x.injects[i].id).\(e)"))
            add("verdict", .string(verdict.rawValue))
            add("reason", .string(reason))
        case .note(let t, let text):
            add("team", team(t))
            add("text", .string(text))
        case .undo(let decision):
            add("decision", .int(decision))
        case .missions(let levels):
            add("missions", .object(zip(x.missions, levels).map { ($0.id, .string($1.rawValue)) }))
        case .turnEnded(let rng):
            let w = rng.state
            add("rng", .array([w.0, w.1, w.2, w.3].map { .string(hex64($0)) }))
        }
        return .object(o)
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
        }
    }
}
