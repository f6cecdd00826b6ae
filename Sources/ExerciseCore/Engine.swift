/// The turn engine. Pure: it reads the state and the generator inside it and returns the
/// events of each phase, applying each to the state as it goes.
///
/// A turn is `openTurn` (phases 1–4: clock, inject releases, scripted progression,
/// sensors), any number of `decide` calls (phase 5, one per decision in the order given),
/// and `closeTurn` (phases 6–9: restorations, deliveries, mission availability, turn end).
/// `step` does all three for a list of decisions.
public struct Engine: Sendable {
    public let exercise: Exercise
    /// Time-triggered injects sorted by (minute, file order).
    private let timed: [(minute: Int, inject: Int)]
    /// Condition-triggered injects in file order, with their conditions (read here once,
    /// not copied out of the `Inject` every turn).
    private let conditional: [(inject: Int, conditions: [Condition], notBefore: Int)]
    /// Sensor chance per asset, per mille.
    private let sensorPerMille: [Int]
    /// The assets each mission needs, flattened: mission m needs `missionNeeds[missionStart[m]..<missionStart[m + 1]]`.
    private let missionNeeds: [Int]
    private let missionStart: [Int]
    /// Sensor owner team per asset.
    private let owners: [Int?]
    /// Domain per asset.
    private let assetDomain: [Int]
    /// Per team, the domains it acts in as bits (all of them for the white cell): where its
    /// `block` and `revoke` take effect.
    private let cutScope: [UInt64]
    /// Every domain, as bits: where a removed emitter is off the air.
    private let allDomains: UInt64
    /// Scalars of the exercise the turn loop reads every turn, kept here.
    private let turns: Int
    private let turnMinutes: Int
    private let lengthMinutes: Int
    /// Channel indices leaving each team, in file order, and each channel's receiving team.
    public let channelsFrom: [[Int]]
    public let channelTarget: [Int]
    public var teamCount: Int { teamRole.count }
    /// The releasability rule for each card and receiver, asked once here
    /// (`Exercise.refusal(toRelease:of:to:)`): `refusals[i * teams + t]` for the card as
    /// written, `tearlineRefusals` for its tearline (`.noReleasableVersion` when it has none).
    private let refusals: [Rejection?]
    private let tearlineRefusals: [Rejection?]
    /// Per inject: whether it has a tearline, and its recipients as bits.
    private let tearlined: [Bool]
    private let recipientBits: [UInt64]
    /// Per team, so that the rules never copy a `Team` (and its strings) to read one field.
    private let teamRole: [TeamRole]
    private let teamCapacity: [Int]
    /// Whether team t may act in domain d: `authority[t * domainCount + d]`.
    private let authority: [Bool]
    private let domainCount: Int
    /// Whether any decision needs approval (most exercises' turn loops then skip the question).
    private let hasApprovals: Bool

    public init(exercise x: Exercise) {
        exercise = x
        hasApprovals = !x.approvals.isEmpty
        var timed: [(Int, Int)] = []
        var conditional: [(inject: Int, conditions: [Condition], notBefore: Int)] = []
        for (i, inject) in x.injects.enumerated() {
            switch inject.trigger {
            case .time(let m): timed.append((m, i))
            case .condition(let conditions, let notBefore): conditional.append((i, conditions, notBefore))
            case .manual: break
            }
        }
        // Sensor chances are per hour in the file; the turn loop draws once a turn.
        let perTurn = x.segments.map { Exercise.perTurn(perMillePerHour: $0.sensorPerMille, turnMinutes: x.turnMinutes) }
        sensorPerMille = x.assets.map { perTurn[$0.segment] }
        missionNeeds = x.missions.flatMap(\.needs)
        var start = [0]
        for m in x.missions { start.append(start[start.count - 1] + m.needs.count) }
        missionStart = start
        self.timed = timed.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { (minute: $0.0, inject: $0.1) }
        self.conditional = conditional
        owners = x.assets.indices.map { RunState.owner(of: $0, in: x) }
        assetDomain = x.assets.map { x.segments[$0.segment].domain }
        let all: UInt64 = x.domains.count >= 64 ? ~0 : (1 << UInt64(x.domains.count)) - 1
        allDomains = all
        cutScope = x.teams.map { team in
            if team.role == .white { return all }
            guard team.role == .blue || team.role == .ally else { return 0 }
            var bits: UInt64 = 0
            for d in ([team.domain].compactMap { $0 } + team.actsOn) where d < 64 { bits |= 1 << UInt64(d) }
            return bits
        }
        var from = [[Int]](repeating: [], count: x.teams.count)
        for (c, channel) in x.channels.enumerated() { from[channel.from].append(c) }
        channelsFrom = from
        turns = x.turns
        turnMinutes = x.turnMinutes
        lengthMinutes = x.lengthMinutes
        channelTarget = x.channels.map(\.to)
        var refusals: [Rejection?] = [], tearlineRefusals: [Rejection?] = []
        for i in x.injects.indices {
            for t in x.teams.indices {
                refusals.append(x.refusal(toRelease: x.injects[i].marking, of: i, to: t))
                // A team holding only the tearline is refused under the tearline's marking.
                tearlineRefusals.append(x.injects[i].tearline.map {
                    x.refusal(toRelease: $0.marking, of: i, to: t) == nil ? nil : Rejection.tearlineNotReleasable
                } ?? .noReleasableVersion)
            }
        }
        self.refusals = refusals
        self.tearlineRefusals = tearlineRefusals
        tearlined = x.injects.map { $0.tearline != nil }
        recipientBits = x.injects.map { $0.recipients.reduce(UInt64(0)) { $1 < 64 ? $0 | 1 << UInt64($1) : $0 } }
        teamRole = x.teams.map(\.role)
        teamCapacity = x.teams.map(\.capacity)
        domainCount = x.domains.count
        var authority = [Bool](repeating: false, count: x.teams.count * x.domains.count)
        for t in x.teams.indices {
            for d in x.domains.indices {
                authority[t * x.domains.count + d] = x.hasAuthority(t, inDomain: d)
            }
        }
        self.authority = authority
    }

    /// Runs a whole turn: open, the decisions in order, close.
    public func step(_ state: inout RunState, decisions: [Decision]) -> [Event] {
        var events: [Event] = []
        step(&state, decisions: decisions, into: &events)
        return events
    }

    /// Runs a whole turn, appending its events to `events` (no allocation once the buffer is large enough).
    public func step(_ state: inout RunState, decisions: [Decision], into events: inout [Event]) {
        openTurn(&state, into: &events)
        for d in decisions { decide(&state, d, into: &events) }
        closeTurn(&state, into: &events)
    }

    public func openTurn(_ state: inout RunState) -> [Event] {
        var events: [Event] = []
        openTurn(&state, into: &events)
        return events
    }

    public func decide(_ state: inout RunState, _ d: Decision) -> [Event] {
        var events: [Event] = []
        decide(&state, d, into: &events)
        return events
    }

    /// The white cell's refusal, in review, of a decision typed at a team seat: journaled as
    /// refused with the reason, and nothing of it takes effect (`cdx run --review`).
    public func refuse(_ state: inout RunState, _ d: Decision, reason: InternedText) -> [Event] {
        guard state.turnOpen else { return [] }
        var events: [Event] = []
        emit(.decision(d, rejection: .refusedInReview(reason: reason)), &state, into: &events)
        return events
    }

    public func closeTurn(_ state: inout RunState) -> [Event] {
        var events: [Event] = []
        closeTurn(&state, into: &events)
        return events
    }

    // MARK: Event plumbing

    private func emit(_ kind: Event.Kind, _ state: inout RunState, into events: inout [Event], atEnd: Bool = false) {
        // Closing events take effect at the turn's end, the boundary where their timers ran out.
        let minute = atEnd ? state.minute + turnMinutes : state.minute
        let event = Event(seq: state.nextSeq, turn: state.turn, minute: minute, kind: kind)
        state.apply(event, in: exercise)
        events.append(event)
    }

    // MARK: Phases 1–4

    /// Phases 1–4 of the next turn; appends the events to `events`.
    public func openTurn(_ state: inout RunState, into events: inout [Event]) {
        guard !state.turnOpen, !state.finished, state.turn < turns else { return }
        let turn = state.turn + 1
        let start = (turn - 1) * turnMinutes
        let end = start + turnMinutes
        // Phase 1: the clock. Applying turnStarted sets turn and minute for what follows.
        let opening = Event(seq: state.nextSeq, turn: turn, minute: start, kind: .turnStarted)
        state.apply(opening, in: exercise)
        events.append(opening)

        // Phase 2: conditions are judged on the state at the start of the turn, before any release.
        var dueByCondition: [Int] = []
        for c in conditional.indices where state.injects[conditional[c].inject].releasedAt == nil && conditional[c].notBefore < end {
            var all = true
            for condition in conditional[c].conditions where !holds(condition, in: state) {
                all = false
                break
            }
            if all { dueByCondition.append(conditional[c].inject) }
        }
        var lo = 0, hi = timed.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if timed[mid].minute < start { lo = mid + 1 } else { hi = mid }
        }
        var k = lo
        while k < timed.count, timed[k].minute < end {
            let i = timed[k].inject
            if state.injects[i].releasedAt == nil { release(i, cause: .time, &state, into: &events) }
            k += 1
        }
        for i in dueByCondition where state.injects[i].releasedAt == nil {
            release(i, cause: .condition, &state, into: &events)
        }

        // Phase 3: scripted progression due in this turn, in release order. Each progression
        // is tried at most once a turn; a try either keeps it in place (with a later `next`)
        // or removes it, so walking the list by position visits each one once.
        var p = 0
        while p < state.progressions.count {
            let progression = state.progressions[p]
            guard progression.next < end else { p += 1; continue }
            let before = state.progressions.count
            trySpread(progression.inject, progression.effect, &state, into: &events)
            if state.progressions.count == before { p += 1 }
        }

        // Phase 4: sensors, over compromised assets only, in asset order.
        for a in state.compromised {
            let s = state.assets[a]
            guard s.detectedBy == nil, !s.ownerAlerted,
                  let owner = owners[a], let actor = s.compromisedBy else { continue }
            var p = sensorPerMille[a]
            if state.teams[owner].indicators.contains(actor) { p += (1000 - p) / 2 }
            if state.rng.chance(perMille: p) {
                emit(.alert(team: owner, asset: a, source: .sensor), &state, into: &events)
            }
        }
    }

    private func release(_ i: Int, cause: Event.ReleaseCause, _ state: inout RunState, into events: inout [Event]) {
        emit(.injectReleased(inject: i, cause: cause), &state, into: &events)
        // Defence in depth: the checker refuses a card addressed to a team its marking does not admit.
        let inject = exercise.injects[i]
        for t in inject.recipients {
            if let refusal = exercise.refusal(toRelease: inject.marking, of: i, to: t) {
                emit(.withheld(to: t, from: nil, item: .inject(i), rejection: refusal), &state, into: &events)
            }
        }
        for (k, effect) in exercise.injects[i].effects.enumerated() {
            if effect.kind == .spread {
                trySpread(i, k, &state, into: &events)
            } else {
                let outcome: Event.EffectOutcome
                if isCut(effect, state) {
                    outcome = .cut
                } else if effect.kind.needsFoothold, !hasFoothold(effect, of: i, state) {
                    outcome = .blocked
                } else {
                    outcome = changes(effect, state) ? .applied : .unchanged
                }
                emit(.effect(inject: i, effect: k, outcome: outcome, next: nil), &state, into: &events)
                // A loud effect on a compromised asset announces itself: its owner knows at once.
                let a = effect.asset
                if outcome == .applied, effect.kind.isLoud, state.assets[a].isCompromised, state.assets[a].detectedBy == nil,
                   let owner = owners[a] {
                    emit(.alert(team: owner, asset: a, source: .impact), &state, into: &events)
                }
            }
        }
    }

    /// Whether a dependency of the effect is cut where it acts: in the domain of its asset or,
    /// for a spread, of either end (the implant at the source calls home over the C2 too).
    private func isCut(_ effect: Effect, _ state: RunState) -> Bool {
        guard !effect.needs.isEmpty else { return false }
        var bits: UInt64 = 0
        for a in [effect.asset] + (effect.source.map { [$0] } ?? []) where assetDomain[a] < 64 { bits |= 1 << UInt64(assetDomain[a]) }
        return effect.needs.contains { state.cutDomains[$0] & bits != 0 }
    }

    /// Impact effects need the actor inside the asset now: compromised by that actor and not
    /// contained (containment cuts it off). Otherwise the effect is blocked.
    private func hasFoothold(_ effect: Effect, of i: Int, _ state: RunState) -> Bool {
        let s = state.assets[effect.asset]
        return s.compromisedBy == exercise.injects[i].actor && !s.contained
    }

    /// Whether applying the effect would change the ground truth.
    private func changes(_ effect: Effect, _ state: RunState) -> Bool {
        let s = state.assets[effect.asset]
        if effect.kind.compromises, !s.isCompromised { return true }
        switch effect.kind {
        case .compromise, .spread: return false
        case .spoof:
            // A spoofing from an emitter is one more that lasts, unless that one is already on.
            if let k = effect.needs.first(where: { exercise.dependencies[$0].kind == .emitter }) {
                return !state.spoofs.contains(RunState.Spoof(asset: effect.asset, emitter: k))
            }
            return s.impact < .degraded
        case .degrade: return s.impact < .degraded
        case .disrupt, .encrypt: return s.impact != .down
        case .wipe: return s.impact != .down || s.backups
        case .deny: return true
        case .exfiltrate: return !s.exfiltrated
        }
    }

    /// One try of a spread: it needs the source compromised and not contained; a
    /// progression (`every`) tries again later until the source is contained.
    private func trySpread(_ i: Int, _ k: Int, _ state: inout RunState, into events: inout [Event]) {
        let effect = exercise.injects[i].effects[k]
        guard let source = effect.source else { return }
        let s = state.assets[source]
        var next: Int?
        if let every = effect.everyMinutes {
            let n = state.minute + every
            next = n < lengthMinutes ? n : nil
        }
        let outcome: Event.EffectOutcome
        if isCut(effect, state) {
            outcome = .cut
            next = nil
        } else if s.contained {
            outcome = .stopped
            next = nil
        } else if !s.isCompromised {
            outcome = .blocked
        } else {
            outcome = state.assets[effect.asset].isCompromised ? .unchanged : .applied
        }
        emit(.effect(inject: i, effect: k, outcome: outcome, next: next), &state, into: &events)
    }

    /// Whether a trigger condition holds.
    public func holds(_ c: Condition, in state: RunState) -> Bool {
        switch c.subject {
        case .asset(let a):
            let s = state.assets[a]
            switch c.predicate {
            case .released: return false
            case .detected: return s.everDetected
            case .undetected: return s.isCompromised && s.detectedBy == nil
            case .compromised: return s.isCompromised
            case .contained: return s.contained
            case .down: return state.serviceLevels[a] == .down
            case .restored: return s.restoredCount > 0
            case .attributed, .publiclyAttributed: return false
            }
        case .inject(let i):
            let inj = state.injects[i]
            let affected = inj.affected
            switch c.predicate {
            case .released: return inj.releasedAt != nil
            case .detected: return !affected.isEmpty && affected.allSatisfy { state.assets[$0].everDetected }
            case .undetected:
                return affected.contains { state.assets[$0].isCompromised && state.assets[$0].detectedBy == nil }
            case .compromised: return affected.contains { state.assets[$0].isCompromised }
            case .contained: return !affected.isEmpty && affected.allSatisfy { state.assets[$0].contained }
            case .down: return false
            case .restored: return !affected.isEmpty && affected.allSatisfy { state.assets[$0].restoredCount > 0 }
            case .attributed, .publiclyAttributed: return false
            }
        case .actor(let a):
            switch c.predicate {
            case .attributed: return state.attributions[a] & 1 != 0
            case .publiclyAttributed: return state.attributions[a] & 2 != 0
            default: return false
            }
        }
    }

    // MARK: Phase 5

    /// Checks one decision and applies it, or journals why not; appends the events to `events`.
    public func decide(_ state: inout RunState, _ d: Decision, into events: inout [Event]) {
        guard state.turnOpen else { return }
        if let reason = rejection(of: d, in: state) {
            emit(.decision(d, rejection: reason), &state, into: &events)
            return
        }
        emit(.decision(d, rejection: nil), &state, into: &events)
        if hasApprovals, let k = exercise.approval(needing: d) {
            // Higher authority first: the decision goes to the approver and waits there.
            let arrives = state.minute + exercise.approvals[k].latencyMinutes
            emit(.approvalRequested(request: state.requests.count, approval: k, decision: d, arrives: arrives), &state, into: &events)
            return
        }
        perform(d, &state, into: &events)
    }

    /// What an applied decision does, once it may take effect (at once, or when approved).
    private func perform(_ d: Decision, _ state: inout RunState, into events: inout [Event]) {
        let x = exercise
        switch d.verb {
        case .detect(let a, let technique):
            emit(.detection(team: d.team, asset: a, technique: technique, correct: state.assets[a].isCompromised),
                 &state, into: &events)
        case .hunt(let seg):
            for a in state.compromised where x.assets[a].segment == seg && !state.teams[d.team].knows(a) {
                if state.rng.chance(perMille: x.segments[seg].huntPerMille) {
                    emit(.alert(team: d.team, asset: a, source: .hunt), &state, into: &events)
                }
            }
        case .contain(let a):
            emit(.contained(team: d.team, asset: a), &state, into: &events)
        case .restore(let a):
            let base = x.assets[a].restoreMinutes
            let minutes = state.assets[a].backups ? base : base * 2
            emit(.restoreStarted(team: d.team, asset: a, until: state.minute + minutes), &state, into: &events)
        case .share(let item, let to):
            let latency = channel(from: d.team, to: to).map { x.channels[$0].latency(atMinute: state.minute) } ?? 0
            var version = CardVersion.original
            if case .inject(let i) = item { version = cardToShare(i, from: d.team, to: to, state).version ?? .original }
            emit(.sent(from: d.team, to: to, item: item, arrives: state.minute + latency, version: version), &state, into: &events)
        case .tearline(let i):
            let delay = x.injects[i].tearline?.delayMinutes ?? x.tearlineMinutes
            emit(.tearlineStarted(team: d.team, inject: i, ready: state.minute + delay), &state, into: &events)
        case .request(let t, let a):
            emit(.requested(team: d.team, of: t, asset: a), &state, into: &events)
        case .attribute(let a, let confidence, let isPublic):
            let behind = x.injects.indices.contains { x.injects[$0].actor == a && state.injects[$0].releasedAt != nil }
            emit(.attributed(team: d.team, actor: a, confidence: confidence, public: isPublic, correct: behind), &state, into: &events)
        case .block(let k), .revoke(let k):
            emit(.cut(team: d.team, dependency: k, domains: cutScope[d.team] & ~state.cutDomains[k]), &state, into: &events)
        case .remove(let k):
            // An emitter off the air is off everywhere.
            emit(.cut(team: d.team, dependency: k, domains: allDomains & ~state.cutDomains[k]), &state, into: &events)
        case .grant(let t, let a):
            emit(.granted(team: d.team, to: t, asset: a), &state, into: &events)
        case .release(let i):
            release(i, cause: .manual, &state, into: &events)
        case .judge(let i, let e, let verdict, let reason):
            emit(.judged(team: d.team, inject: i, expectation: e, verdict: verdict, reason: reason), &state, into: &events)
        case .note(let text):
            emit(.note(team: d.team, text: text), &state, into: &events)
        case .approve(let r):
            emit(.approved(request: r, team: d.team), &state, into: &events)
            let held = state.requests[r].decision
            // Time passed while it waited: what was asked may no longer be possible.
            if let refusal = verbRefusal(of: held, in: state) {
                emit(.lapsed(request: r, rejection: refusal), &state, into: &events)
            } else {
                perform(held, &state, into: &events)
            }
        case .deny(let r):
            emit(.denied(request: r, team: d.team), &state, into: &events)
        case .observe:
            // The decision event is the record, for the After-Action Report; nothing in play changes.
            break
        case .inject, .delay, .advance, .cancel:
            // The decision event is the record; the session amends its exercise from it
            // (`Exercise.amended(by:)`), so the next turn's schedule has it.
            break
        }
    }

    func channel(from: Int, to: Int) -> Int? {
        exercise.channels.firstIndex { $0.from == from && $0.to == to }
    }

    /// `RunState.missionLevels(in:)` from the flattened table.
    func missionLevels(_ state: borrowing RunState) -> MissionLevels {
        var levels = state.missions
        for m in 0..<missionStart.count - 1 {
            var worst = ServiceLevel.up
            for k in missionStart[m]..<missionStart[m + 1] { worst = max(worst, state.serviceLevels[missionNeeds[k]]) }
            if levels[m] != worst { levels = levels.setting(m, to: worst) }
        }
        return levels
    }

    /// The team sensors alert for an asset (see `RunState.owner(of:in:)`), precomputed.
    public func owner(of asset: Int) -> Int? { owners[asset] }

    /// Whether the team may act on the asset: home domain, `acts-on`, or a grant. The white
    /// cell may act anywhere (it simulates outside bodies).
    public func hasAuthority(_ team: Int, onAsset a: Int, _ state: borrowing RunState) -> Bool {
        hasAuthority(team, inDomain: assetDomain[a]) || hasGrant(team, a, state.grants)
    }

    private func hasGrant(_ team: Int, _ a: Int, _ grants: [RunState.Grant]) -> Bool {
        grants.contains(RunState.Grant(team: team, asset: a))
    }

    public func hasAuthority(_ team: Int, inDomain domain: Int) -> Bool {
        authority[team * domainCount + domain]
    }

    /// Whether the inject has a releasable version a tearline can make.
    public func hasTearline(_ i: Int) -> Bool { tearlined[i] }

    /// Whether the card names the team among its recipients.
    public func isRecipient(_ t: Int, of i: Int) -> Bool { t < 64 ? recipientBits[i] & (1 << UInt64(t)) != 0 : exercise.injects[i].recipients.contains(t) }

    /// Which version of card `i` team `t` may send to team `to`, or why it may send none: the
    /// card as written when its marking admits the receiver, else the tearline the team holds
    /// when the tearline's marking does. Re-sharing never widens a marking: a team that holds
    /// only the tearline can pass on only the tearline.
    public func cardToShare(_ i: Int, from t: Int, to: Int, _ state: borrowing RunState) -> (version: CardVersion?, refusal: Rejection?) {
        let original = state.holds(t, card: i), tearline = state.holds(t, tearline: i)
        guard original || tearline else { return (nil, .cardNotHeld) }
        let k = i * teamRole.count + to
        if original, refusals[k] == nil { return (.original, nil) }
        if tearline, tearlineRefusals[k] == nil { return (.tearline, nil) }
        // Refused: say why, by the version the team would have sent.
        return (nil, original ? refusals[k] : tearlineRefusals[k])
    }

    /// Whether the team decides (blue or ally), as automatic players do.
    public func isPlayer(_ team: Int) -> Bool { teamRole[team] == .blue || teamRole[team] == .ally }

    /// Decisions the team may make per turn.
    public func capacity(of team: Int) -> Int { teamCapacity[team] }

    /// Why a decision cannot be applied now, or nil when it can. Cheap (no text is built):
    /// automatic players ask this many times a turn.
    public func rejection(of d: Decision, in state: RunState) -> Rejection? {
        let role = teamRole[d.team], team = d.team
        if role == .observer {
            if case .note = d.verb {} else { return .observersOnlyTakeNotes }
        }
        switch d.verb {
        case .release, .judge, .inject, .delay, .advance, .cancel, .observe: if role != .white { return .whiteCellOnly }
        default: break
        }
        if d.verb.usesCapacity, role != .white, state.used[team] >= teamCapacity[team] {
            return .overCapacity(limit: teamCapacity[team])
        }
        if let refusal = verbRefusal(of: d, in: state) { return refusal }
        if hasApprovals, !state.requests.isEmpty {
            switch d.verb {
            case .contain, .restore, .grant, .tearline, .block, .revoke, .attribute:
                if state.requests.contains(where: { $0.isOpen && $0.decision == d }) { return .awaitingApproval }
            default: break
            }
        }
        return nil
    }

    /// The rules of the decision's verb (not who decides or their capacity): asked before a
    /// decision is applied, and again when an approved one is about to take effect.
    private func verbRefusal(of d: Decision, in state: RunState) -> Rejection? {
        let team = d.team
        switch d.verb {
        case .detect(let a, _):
            if !hasAuthority(team, onAsset: a, state) { return noAuthority(a) }
            if state.teams[team].reported.contains(a) { return .alreadyReported }
        case .hunt(let seg):
            if !hasAuthority(team, inDomain: exercise.segments[seg].domain) {
                return .noAuthorityInSegment
            }
        case .contain(let a):
            if !hasAuthority(team, onAsset: a, state) { return noAuthority(a) }
            if state.assets[a].contained { return .alreadyContained }
            if state.assets[a].restoringUntil != nil { return .beingRestored }
        case .restore(let a):
            // Whether the asset is clean is ground truth the team may not know: restoring a clean
            // asset is allowed, costs the decision and takes the service down while it is rebuilt.
            if !hasAuthority(team, onAsset: a, state) { return noAuthority(a) }
            if state.assets[a].restoringUntil != nil { return .alreadyRestoring }
        case .share(let item, let to):
            if to == team { return .shareWithItself }
            guard channel(from: team, to: to) != nil else { return .noChannel }
            // What the sender holds and the markings it carries, never the ground truth now.
            switch item {
            case .inject(let i): return cardToShare(i, from: team, to: to, state).refusal
            case .asset(let a): return state.reportRefusal(a, from: team, to: to, in: exercise)
            }
        case .tearline(let i):
            if !state.holds(team, card: i) { return .cardNotHeld }
            // Only a team the card is releasable to may write its releasable version.
            if let refusal = exercise.refusal(toRelease: exercise.injects[i].marking, of: i, to: team) { return refusal }
            guard let tearline = exercise.injects[i].tearline, exercise.injects[i].marking.allowsTearline,
                  tearline.marking.allowsTearline
            else { return .noReleasableVersion }
            if state.tearlines.contains(where: { $0.team == team && $0.inject == i }) {
                return .alreadyMadeTearline
            }
        case .request(let t, _):
            if t == team { return .askItself }
        case .grant(let t, let a):
            if t == team { return .grantItself }
            if !hasAuthority(team, inDomain: assetDomain[a]) { return .noAuthorityToGrant }
            if state.grants.contains(RunState.Grant(team: t, asset: a)) { return .alreadyGranted }
        case .release(let i):
            if state.injects[i].releasedAt != nil { return .alreadyReleased }
        case .judge(let i, let e, _, _):
            if e < 1 || e > exercise.injects[i].expectations.count { return .noSuchExpectation }
            if state.injects[i].releasedAt == nil { return .notYetReleased }
        case .note, .observe:
            break
        case .inject(let added):
            // Manual (no time) is always fine: the white cell releases it when it chooses.
            // A condition is first judged at the next turn's start; a time must fall in a later turn.
            if case .time(let m) = added.value.inject.trigger, m < state.minute + turnMinutes { return .notAfterThisTurn }
        case .delay(let i, let m), .advance(let i, let m):
            if state.injects[i].releasedAt != nil { return .alreadyReleased }
            guard let now = exercise.injects[i].trigger.earliestMinute else { return .notScheduled }
            if case .delay = d.verb { if m <= now { return .wrongDirection } } else if m >= now { return .wrongDirection }
            if m < state.minute + turnMinutes || m >= lengthMinutes { return .notAfterThisTurn }
        case .cancel(let i):
            if state.injects[i].releasedAt != nil { return .alreadyReleased }
            if exercise.injects[i].trigger.earliestMinute == nil { return .notScheduled }
        case .attribute(let a, let confidence, let isPublic):
            if state.assessments[team].contains(RunState.Assessment(actor: a, confidence: confidence, isPublic: isPublic)) {
                return .alreadyAttributed
            }
        case .block(let k), .revoke(let k):
            let scope = cutScope[team]
            if scope == 0 { return .noDomainToCut }
            if state.cutDomains[k] & scope == scope { return .alreadyCut }
        case .remove(let k):
            if teamRole[team] != .white, !exercise.dependencies[k].removedBy.contains(team) { return .cannotRemove }
            if state.cutDomains[k] != 0 { return .alreadyCut }
        case .approve(let r), .deny(let r):
            guard r >= 0, r < state.requests.count else { return .noSuchRequest }
            let request = state.requests[r]
            let approver = exercise.approvals[request.approval].approver
            if team != approver, teamRole[team] != .white { return .notApprover(approver: approver) }
            if !request.arrived { return .requestNotArrived }
            if !request.isOpen { return .alreadyAnswered }
        }
        return nil
    }

    /// Whether a decision can be applied now.
    public func allows(_ d: Decision, in state: RunState) -> Bool { rejection(of: d, in: state) == nil }

    /// No authority on the asset; its owning team can grant it, or exercise control when no team holds the domain.
    private func noAuthority(_ a: Int) -> Rejection { .noAuthority(grantor: owners[a]) }

    // MARK: Phases 6–9

    /// Phases 6–9 of the open turn; appends the events to `events`.
    public func closeTurn(_ state: inout RunState, into events: inout [Event]) {
        guard state.turnOpen else { return }
        let end = state.minute + turnMinutes
        // Phase 6: restorations and denials that end in this turn, in asset order.
        // A timer that ends at minute m takes effect at the turn boundary m: by the end of the
        // turn that ends at m, so its result is there from the turn that starts at m.
        for a in state.restoring where (state.assets[a].restoringUntil ?? Int.max) <= end {
            emit(.restored(asset: a), &state, into: &events, atEnd: true)
        }
        for a in state.denied where (state.assets[a].denyUntil ?? Int.max) <= end {
            emit(.denyEnded(asset: a), &state, into: &events, atEnd: true)
        }
        // Spoofings end when every emitter behind them is off the air, in asset order.
        if !state.spoofs.isEmpty {
            var ending: [Int] = []
            for sp in state.spoofs where state.cutDomains[sp.emitter] != 0 { ending.insertSorted(sp.asset) }
            for a in ending where !state.spoofs.contains(where: { $0.asset == a && state.cutDomains[$0.emitter] == 0 }) {
                emit(.spoofEnded(asset: a), &state, into: &events, atEnd: true)
            }
        }
        // Phase 7: deliveries whose latency has passed, in the order sent; tearlines ready.
        // What arrives is what was sent (the shipment's snapshot), checked against the receiver again.
        for s in state.inFlight where s.arrives <= end {
            var refusal: Rejection?
            for m in s.markedBy where refusal == nil {
                let marking = s.item == .inject(m) ? exercise.marking(of: m, s.version) : exercise.injects[m].marking
                refusal = exercise.refusal(toRelease: marking, of: m, to: s.to)
            }
            if let refusal {
                emit(.withheld(to: s.to, from: s.from, item: s.item, rejection: refusal), &state, into: &events, atEnd: true)
            } else {
                emit(.delivered(from: s.from, to: s.to, item: s.item, actor: s.actor, version: s.version), &state, into: &events, atEnd: true)
            }
        }
        for t in state.tearlines where !t.isReady && t.ready <= end {
            emit(.tearlineReady(team: t.team, inject: t.inject), &state, into: &events, atEnd: true)
        }
        for r in state.requests.indices where !state.requests[r].arrived && state.requests[r].arrives <= end {
            emit(.approvalArrived(request: r), &state, into: &events, atEnd: true)
        }
        // Phase 8: mission availability.
        if !exercise.missions.isEmpty {
            emit(.missions(missionLevels(state)), &state, into: &events, atEnd: true)
        }
        // Phase 9: the turn is done.
        emit(.turnEnded(rng: state.rng), &state, into: &events, atEnd: true)
        if state.turn >= turns { emit(.ended, &state, into: &events, atEnd: true) }
    }


}
