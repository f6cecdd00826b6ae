/// Everything about a run in progress: the ground truth of each asset, what each team
/// knows, and what is in flight. Changed only by `apply(_:)`, one event at a time.
///
/// Hot lists (`compromised`, `restoring`, `denied`, `inFlight`, `progressions`) hold only
/// the things that need work each turn, so a turn costs what happens in it, not the size
/// of the network.
public struct RunState: Equatable, Sendable {
    public var rng: SeededGenerator
    /// The sequence number the next event gets.
    public var nextSeq = 1
    /// The current (or last) turn; 0 before the first.
    public var turn = 0
    public var minute = 0
    public var turnOpen = false
    public var finished = false

    public var assets: [AssetState]
    public var injects: [InjectState]
    public var teams: [TeamState]
    /// Capacity each team has used this turn (kept apart from `teams`, which holds arrays,
    /// so the check made before every decision reads one integer).
    public var used: [Int]
    public var missions: MissionLevels
    /// Each asset's `service`, kept apart as one byte per asset so the mission levels and
    /// the rules read a byte, not an asset's whole record. Updated wherever `apply` changes
    /// what `service` is made of.
    public private(set) var serviceLevels: [ServiceLevel]

    /// Assets compromised now, ascending.
    public var compromised: [Int] = []
    /// Assets being restored, ascending.
    public var restoring: [Int] = []
    /// Assets under a time-limited denial, ascending.
    public var denied: [Int] = []
    /// Spoofings that last while their emitter transmits: (asset, emitter) pairs, in the order
    /// they began. A restore does not end one; removing the emitter does (`spoofEnded`).
    public var spoofs: [Spoof] = []
    /// Shares in transit, in the order they were sent.
    public var inFlight: [Shipment] = []
    /// Scripted spreads that try again later, in release order.
    public var progressions: [Progression] = []
    public var tearlines: [Tearline] = []
    /// Extra authority: (team, asset) pairs granted by an asset's owner.
    public var grants: [Grant] = []
    /// Per dependency (`Exercise.dependencies`), the domains where it is cut, as bits.
    public var cutDomains: [UInt64]
    /// Per actor: bit 0 when some team has attributed the intrusion to it, bit 1 when publicly.
    public var attributions: [UInt8]
    /// Per team, the (actor, confidence, public) assessments it has made, in order.
    public var assessments: [[Assessment]]
    /// Approval requests in the order made; request `k` is "R\(k + 1)".
    public var requests: [ApprovalRequest] = []
    /// Per inject, the teams holding its card as bits (team t is bit t, for the first 64
    /// teams): `holds(_:card:)` in constant time for the rules and the players.
    public var holders: [UInt64]
    /// Per inject, the teams holding its tearline (releasable version), as bits.
    public var tearlineHolders: [UInt64]
    /// Per (team, inject) at `team * injects + inject`, the other teams the team has sent the
    /// card to or received it from, as bits (what the team itself knows it exchanged).
    public var cardExchanges: [UInt64]

    public init(exercise x: Exercise, seed: UInt64) {
        rng = SeededGenerator(seed: seed)
        assets = x.assets.map { AssetState(backups: $0.backups) }
        injects = Array(repeating: InjectState(), count: x.injects.count)
        holders = Array(repeating: 0, count: x.injects.count)
        tearlineHolders = Array(repeating: 0, count: x.injects.count)
        cardExchanges = Array(repeating: 0, count: x.injects.count * x.teams.count)
        teams = Array(repeating: TeamState(), count: x.teams.count)
        used = Array(repeating: 0, count: x.teams.count)
        missions = MissionLevels(allUp: x.missions.count)
        serviceLevels = Array(repeating: .up, count: x.assets.count)
        cutDomains = Array(repeating: 0, count: x.dependencies.count)
        attributions = Array(repeating: 0, count: x.actors.count)
        assessments = Array(repeating: [], count: x.teams.count)
    }

    public struct Assessment: Equatable, Sendable {
        public var actor: Int
        public var confidence: Decision.Confidence
        public var isPublic: Bool
    }

    public struct AssetState: Equatable, Sendable {
        /// Actor inside the asset now, if any.
        public var compromisedBy: Int?
        /// The inject whose effect got the actor in (its marking travels with reports).
        public var compromiseInject: Int?
        public var compromisedAt: Int?
        /// Worst service impact of adversary effects since the last restore.
        public var impact: ServiceLevel = .up
        public var denyUntil: Int?
        /// Under a spoofing whose emitter is still on the air: degraded whatever is rebuilt.
        public var spoofed = false
        public var contained = false
        public var restoringUntil: Int?
        public var backups: Bool
        public var exfiltrated = false
        /// First team to report the current compromise correctly, and when.
        public var detectedBy: Int?
        public var detectedAt: Int?
        /// Whether the owning team has been alerted to the current compromise.
        public var ownerAlerted = false
        public var everDetected = false
        public var restoredCount = 0

        public init(backups: Bool) { self.backups = backups }

        public var isCompromised: Bool { compromisedBy != nil }

        public var service: ServiceLevel {
            if contained || restoringUntil != nil || denyUntil != nil { return .down }
            return spoofed ? max(impact, .degraded) : impact
        }
    }

    public struct InjectState: Equatable, Sendable {
        public var releasedAt: Int?
        /// Assets this inject's effects compromised, in order.
        public var affected: [Int] = []
        public init() {}
    }

    public struct TeamState: Equatable, Sendable {
        /// Inject cards the team holds as written (received or shared to it), in arrival order.
        public var injects: [Int] = []
        /// Inject cards the team holds only as their tearline (releasable version), in arrival order.
        public var tearlines: [Int] = []
        /// What the team knows of assets: alerted to, reported, or told about, in that order.
        public var known: [AssetKnowledge] = []
        /// The assets of `known`, in order.
        public var knownAssets: [Int] { known.map(\.asset) }
        /// Actors whose indicators the team has received (raises its sensors' chance).
        public var indicators: [Int] = []
        /// Assets the team has reported compromised since each was last restored.
        public var reported: [Int] = []
        public init() {}

        /// What the team knows of the asset, if anything.
        public func knowledge(of a: Int) -> AssetKnowledge? {
            for k in known where k.asset == a { return k }
            return nil
        }

        /// The assets the team knows of and has not acted on since (automatic players' leads).
        public var freshLeads: [Int] {
            var out: [Int] = []
            out.reserveCapacity(known.count)
            for k in known where !k.stale { out.append(k.asset) }
            return out
        }

        public func knows(_ a: Int) -> Bool {
            for k in known where k.asset == a { return true }
            return false
        }

        /// Learns of the asset; information under a marking keeps that marking for as long as the
        /// team holds it (a restore does not lift it), and several sources keep every marking.
        mutating func learn(_ a: Int, markedBy: [Int], actor: Int?) {
            if let k = known.firstIndex(where: { $0.asset == a }) {
                for m in markedBy where !known[k].markedBy.contains(m) { known[k].markedBy.append(m) }
                if let actor { known[k].actor = actor }
                if !markedBy.isEmpty || actor != nil { known[k].stale = false }
            } else {
                known.append(AssetKnowledge(asset: a, markedBy: markedBy, actor: actor))
            }
        }
    }

    /// One team's knowledge of one asset: what it may say when it reports the asset to another.
    public struct AssetKnowledge: Equatable, Sendable {
        public var asset: Int
        /// The injects whose information the knowledge carries (an alert about a compromise carries
        /// the compromising inject's): every one's marking must release it to a receiver.
        public var markedBy: [Int]
        /// The actor whose indicators the team holds for the asset, if any.
        public var actor: Int?
        /// The team has acted on it since (restored the asset): an automatic player does not act on it again.
        public var stale = false
    }

    /// Information in transit, as it was when sent: what arrives is what was sent.
    public struct Shipment: Equatable, Sendable {
        public var from: Int
        public var to: Int
        public var item: Decision.Item
        public var arrives: Int
        /// For a card: which version was sent.
        public var version: CardVersion
        /// The injects whose markings the information carries.
        public var markedBy: [Int]
        /// The actor whose indicators go with it.
        public var actor: Int?
    }

    public struct Spoof: Equatable, Sendable {
        public var asset: Int
        /// The emitter (index into `Exercise.dependencies`).
        public var emitter: Int
    }

    public struct Progression: Equatable, Sendable {
        public var inject: Int
        public var effect: Int
        public var next: Int
    }

    public struct Tearline: Equatable, Sendable {
        public var team: Int
        public var inject: Int
        public var ready: Int
        public var isReady: Bool
    }

    /// A decision waiting for (or answered by) its approver.
    public struct ApprovalRequest: Equatable, Sendable {
        public var decision: Decision
        /// Index into `Exercise.approvals`.
        public var approval: Int
        public var requestedAt: Int
        public var arrives: Int
        /// Whether it has reached the approver.
        public var arrived = false
        public var answer: Answer?

        public struct Answer: Equatable, Sendable {
            public var approved: Bool
            /// Who answered: the approver, or the white cell.
            public var by: Int
            public var at: Int
        }

        public var isOpen: Bool { answer == nil }
    }

    public struct Grant: Equatable, Sendable {
        public var team: Int
        public var asset: Int
    }
}

extension RunState {
    /// Applies one event. The engine calls this for every event it makes, and folding a
    /// journal calls it for every event read, so both reach the same state.
    public mutating func apply(_ event: Event, in x: Exercise) {
        nextSeq = max(nextSeq, event.seq + 1)
        switch event.kind {
        case .turnStarted:
            turn = event.turn
            minute = event.minute
            turnOpen = true
            for t in used.indices { used[t] = 0 }
        case .injectReleased(let i, _):
            injects[i].releasedAt = event.minute
            // A recipient the card's marking does not admit never holds it (the engine journals `withheld`).
            for t in x.injects[i].recipients where x.refusal(toRelease: x.injects[i].marking, of: i, to: t) == nil {
                receive(card: i, team: t)
            }
        case .effect(let i, let k, let outcome, let next):
            let effect = x.injects[i].effects[k]
            if outcome == .applied { applyEffect(effect, of: i, in: x, at: event.minute) }
            if let n = next, outcome != .stopped, outcome != .cut {
                if let p = progressions.firstIndex(where: { $0.inject == i && $0.effect == k }) {
                    progressions[p].next = n
                } else {
                    progressions.append(Progression(inject: i, effect: k, next: n))
                }
            } else {
                progressions.removeAll { $0.inject == i && $0.effect == k }
            }
        case .alert(let t, let a, let source):
            // An alert is about the compromise as it is now: its inject's marking and actor come with it.
            teams[t].learn(a, markedBy: assets[a].compromiseInject.map { [$0] } ?? [], actor: assets[a].compromisedBy)
            if Self.owner(of: a, in: x) == t { assets[a].ownerAlerted = true }
            // A loud effect is the victim's own detection (the ransom note is the report).
            if source == .impact, assets[a].isCompromised, assets[a].detectedBy == nil {
                assets[a].detectedBy = t
                assets[a].detectedAt = event.minute
                assets[a].everDetected = true
                teams[t].reported.appendUnique(a)
            }
        case .decision(let d, let rejection):
            if rejection == nil, d.verb.usesCapacity { used[d.team] += 1 }
        case .detection(let t, let a, _, let correct):
            // The team's own report: it knows the asset, and learns nothing it did not know.
            teams[t].learn(a, markedBy: [], actor: nil)
            teams[t].reported.appendUnique(a)
            if correct, assets[a].detectedBy == nil {
                assets[a].detectedBy = t
                assets[a].detectedAt = event.minute
                assets[a].everDetected = true
            }
        case .contained(_, let a):
            assets[a].contained = true
            serviceLevels[a] = .down
        case .restoreStarted(let t, let a, let until):
            assets[a].restoringUntil = until
            serviceLevels[a] = .down
            restoring.insertSorted(a)
            if let k = teams[t].known.firstIndex(where: { $0.asset == a }) { teams[t].known[k].stale = true }
        case .restored(let a):
            var s = assets[a]
            s.compromisedBy = nil
            s.compromiseInject = nil
            s.compromisedAt = nil
            s.impact = .up
            s.denyUntil = nil
            s.contained = false
            s.restoringUntil = nil
            s.detectedBy = nil
            s.detectedAt = nil
            s.ownerAlerted = false
            s.restoredCount += 1
            assets[a] = s
            // A rebuilt receiver still hears a spoofer that is on the air.
            serviceLevels[a] = s.service
            compromised.removeSorted(a)
            restoring.removeSorted(a)
            denied.removeSorted(a)
            for t in teams.indices { teams[t].reported.removeAll { $0 == a } }
        case .denyEnded(let a):
            assets[a].denyUntil = nil
            serviceLevels[a] = assets[a].service
            denied.removeSorted(a)
        case .spoofEnded(let a):
            spoofs.removeAll { $0.asset == a }
            assets[a].spoofed = false
            serviceLevels[a] = assets[a].service
        case .sent(let from, let to, let item, let arrives, let version):
            inFlight.append(shipment(from: from, to: to, item: item, arrives: arrives, version: version, in: x))
            if case .inject(let i) = item { exchanged(from, to, i) }
        case .delivered(let from, let to, let item, let actor, let version):
            let k = inFlight.firstIndex(where: { $0.from == from && $0.to == to && $0.item == item })
            let sent = k.map { inFlight.remove(at: $0) }
            if case .inject(let i) = item { exchanged(to, from, i) }
            switch item {
            case .inject(let i):
                if version == .tearline { receive(tearline: i, team: to) } else { receive(card: i, team: to) }
            case .asset(let a):
                teams[to].learn(a, markedBy: sent?.markedBy ?? [], actor: actor)
            }
            if let actor { teams[to].indicators.insertSorted(actor) }
        case .withheld(_, let from, let item, _):
            if let from, let k = inFlight.firstIndex(where: { $0.from == from && $0.item == item }) {
                inFlight.remove(at: k)
            }
        case .tearlineStarted(let t, let i, let ready):
            tearlines.append(Tearline(team: t, inject: i, ready: ready, isReady: false))
        case .tearlineReady(let t, let i):
            if let k = tearlines.firstIndex(where: { $0.team == t && $0.inject == i }) { tearlines[k].isReady = true }
            receive(tearline: i, team: t)
        case .granted(_, let to, let a):
            if !grants.contains(Grant(team: to, asset: a)) { grants.append(Grant(team: to, asset: a)) }
        case .cut(_, let k, let domains):
            cutDomains[k] |= domains
        case .attributed(let t, let a, let confidence, let isPublic, _):
            attributions[a] |= isPublic ? 3 : 1
            assessments[t].append(Assessment(actor: a, confidence: confidence, isPublic: isPublic))
        case .approvalRequested(_, let k, let d, let arrives):
            requests.append(ApprovalRequest(decision: d, approval: k, requestedAt: event.minute, arrives: arrives))
        case .approvalArrived(let r):
            if r < requests.count { requests[r].arrived = true }
        case .approved(let r, let t), .denied(let r, let t):
            if r < requests.count {
                var approved = false
                if case .approved = event.kind { approved = true }
                requests[r].answer = ApprovalRequest.Answer(approved: approved, by: t, at: event.minute)
            }
        case .requested, .judged, .note, .undo, .lapsed:
            break
        case .missions(let levels):
            missions = levels
        case .turnEnded(let generator):
            rng = generator
            turnOpen = false
        case .ended:
            finished = true
        }
    }

    private mutating func receive(card i: Int, team t: Int) {
        teams[t].injects.appendUnique(i)
        if t < 64 { holders[i] |= 1 << UInt64(t) }
    }

    private mutating func exchanged(_ t: Int, _ other: Int, _ i: Int) {
        if other < 64 { cardExchanges[t * holders.count + i] |= 1 << UInt64(other) }
    }

    /// Whether team `t` has sent card `i` to team `other` or received it from them (either version).
    public func hasExchanged(_ t: Int, card i: Int, with other: Int) -> Bool {
        other < 64 && cardExchanges[t * holders.count + i] & (1 << UInt64(other)) != 0
    }

    private mutating func receive(tearline i: Int, team t: Int) {
        if !holds(t, card: i) { teams[t].tearlines.appendUnique(i) }
        if t < 64 { tearlineHolders[i] |= 1 << UInt64(t) }
    }

    /// Whether the team holds the inject's card as written (received it, or had it shared to it).
    public func holds(_ t: Int, card i: Int) -> Bool {
        t < 64 ? holders[i] & (1 << UInt64(t)) != 0 : teams[t].injects.contains(i)
    }

    /// Whether the team holds the card's tearline: one it made (once ready) or one shared to it.
    public func holds(_ t: Int, tearline i: Int) -> Bool {
        t < 64 ? tearlineHolders[i] & (1 << UInt64(t)) != 0
            : teams[t].tearlines.contains(i) || tearlines.contains { $0.team == t && $0.inject == i && $0.isReady }
    }

    /// Why team `t`'s knowledge of asset `a` may not go to team `to`, or nil when it may.
    public func reportRefusal(_ a: Int, from t: Int, to: Int, in x: Exercise) -> Rejection? {
        guard teams[t].knows(a) else { return .nothingKnown }
        for m in reportMarks(a, from: t, in: x) {
            if let r = x.refusal(toRelease: x.injects[m].marking, of: m, to: to) { return r }
        }
        return nil
    }

    /// The injects whose markings a report by team `t` on asset `a` carries: those its
    /// knowledge of the asset came from, and every card the team holds as written whose
    /// effects name the asset — a team cannot launder a card's information by reporting
    /// the asset the card told it about as its own finding.
    public func reportMarks(_ a: Int, from t: Int, in x: Exercise) -> [Int] {
        var marks = teams[t].knowledge(of: a)?.markedBy ?? []
        for i in teams[t].injects where !marks.contains(i) {
            if x.injects[i].effects.contains(where: { $0.asset == a || $0.source == a }) { marks.append(i) }
        }
        return marks
    }

    /// The shipment a share makes: a snapshot of what the sender holds as it sends.
    private func shipment(from: Int, to: Int, item: Decision.Item, arrives: Int, version: CardVersion, in x: Exercise) -> Shipment {
        switch item {
        case .inject(let i):
            return Shipment(from: from, to: to, item: item, arrives: arrives, version: version, markedBy: [i],
                            actor: x.injects[i].actor)
        case .asset(let a):
            return Shipment(from: from, to: to, item: item, arrives: arrives, version: .original,
                            markedBy: reportMarks(a, from: from, in: x), actor: teams[from].knowledge(of: a)?.actor)
        }
    }

    private mutating func applyEffect(_ effect: Effect, of i: Int, in x: Exercise, at minute: Int) {
        let a = effect.asset
        if effect.kind.compromises, !assets[a].isCompromised, let actor = x.injects[i].actor {
            assets[a].compromisedBy = actor
            assets[a].compromiseInject = i
            assets[a].compromisedAt = minute
            assets[a].ownerAlerted = false
            assets[a].detectedBy = nil
            assets[a].detectedAt = nil
            compromised.insertSorted(a)
            injects[i].affected.appendUnique(a)
        }
        switch effect.kind {
        case .spoof:
            // From an emitter it lasts while the emitter transmits; otherwise until restored.
            if let k = effect.needs.first(where: { x.dependencies[$0].kind == .emitter }) {
                assets[a].spoofed = true
                if !spoofs.contains(Spoof(asset: a, emitter: k)) { spoofs.append(Spoof(asset: a, emitter: k)) }
            } else {
                assets[a].impact = max(assets[a].impact, .degraded)
            }
        case .degrade: assets[a].impact = max(assets[a].impact, .degraded)
        case .disrupt, .encrypt: assets[a].impact = .down
        case .wipe:
            assets[a].impact = .down
            assets[a].backups = false
        case .deny:
            assets[a].denyUntil = effect.durationMinutes.map { minute + $0 } ?? Int.max
            denied.insertSorted(a)
        case .exfiltrate: assets[a].exfiltrated = true
        case .compromise, .spread: break
        }
        serviceLevels[a] = assets[a].service
    }

    /// Each mission's level now: the worst service among the assets it needs. When no level
    /// changed since the last `missions` event these are the state's own levels.
    public func missionLevels(in x: Exercise) -> MissionLevels {
        // Most turns nothing changed: the state's own levels are returned, nothing is built.
        var levels = missions
        for m in x.missions.indices {
            var worst = ServiceLevel.up
            for a in x.missions[m].needs { worst = max(worst, serviceLevels[a]) }
            if levels[m] != worst { levels = levels.setting(m, to: worst) }
        }
        return levels
    }

    /// The team alerted by sensors for an asset: the first blue or ally team (in file
    /// order) whose home domain holds the asset's segment.
    public static func owner(of asset: Int, in x: Exercise) -> Int? {
        let domain = x.segments[x.assets[asset].segment].domain
        // An index loop reads two fields; `firstIndex { $0… }` would copy each `Team`.
        for t in x.teams.indices where x.teams[t].domain == domain {
            let role = x.teams[t].role
            if role == .blue || role == .ally { return t }
        }
        return nil
    }

    /// Folds events into the state they produce (undo events restore the state before
    /// the withdrawn decision, exactly as the console did).
    public static func fold(_ events: some Sequence<Event>, exercise x: Exercise, seed: UInt64) -> RunState {
        var replay = Replay(exercise: x, seed: seed)
        for event in events { replay.apply(event) }
        return replay.state
    }
}

/// What undo needs of the open turn, kept once for everyone who undoes (the console's
/// session and every fold of a journal): the state as the turn opened, the turn's events
/// still in effect, and per decision where its events begin and the dice as they were
/// before it. Withdrawing the newest decision re-applies the turn's events before it to
/// the opening state, so no copy of the state is made per decision — one per turn.
///
/// A decision's events begin with its `decision` event (the engine's contract), so the
/// generator state before them is the state's when the step began.
public struct TurnRecord: Sendable {
    /// The state before the open turn's first event; nil between turns.
    private var opening: RunState?
    /// The open turn's events in effect, in order (withdrawn ones removed).
    private var events: [Event] = []
    /// The open turn's decisions in effect: seq, index of their first event in `events`, dice before.
    private var decisions: [(seq: Int, first: Int, rng: SeededGenerator)] = []

    public init() {}

    /// Decisions of the open turn in effect.
    public var decisionCount: Int { decisions.count }
    /// The seq of the newest decision in effect, which `withdraw` would take back.
    public var newestDecision: Int? { decisions.last?.seq }

    /// Records a step's events; `before` is the state the step started from.
    public mutating func record(_ new: some Collection<Event>, before: RunState) {
        for event in new {
            switch event.kind {
            case .turnStarted:
                opening = before
                events.removeAll(keepingCapacity: true)
                decisions.removeAll(keepingCapacity: true)
            case .decision:
                decisions.append((event.seq, events.count, before.rng))
            case .turnEnded:
                opening = nil
                events.removeAll(keepingCapacity: true)
                decisions.removeAll(keepingCapacity: true)
                continue
            case .undo:
                continue
            default:
                break
            }
            if opening != nil { events.append(event) }
        }
    }

    /// The state before decision `seq` (and every later one) of the open turn, with the
    /// dice as they were then; the record forgets those decisions. Nil when `seq` is not
    /// a decision of the open turn in effect.
    public mutating func withdraw(_ seq: Int, in x: Exercise) -> RunState? {
        guard let k = decisions.lastIndex(where: { $0.seq == seq }), var state = opening else { return nil }
        // An inject written earlier in this turn has no slot in the state the turn opened
        // with; the events re-applied below may name it (its release, a share of it).
        state.makeRoom(for: x)
        let first = decisions[k].first
        for event in events[..<first] { state.apply(event, in: x) }
        state.rng = decisions[k].rng
        events.removeSubrange(first...)
        decisions.removeSubrange(k...)
        return state
    }
}

/// Folds events one at a time, undo included: an `undo` event restores the state before
/// the withdrawn decision (`TurnRecord`), exactly as the console did.
public struct Replay: Sendable {
    public let exercise: Exercise
    public private(set) var state: RunState
    private var turn = TurnRecord()
    /// Whether to keep the open turn's record; only needed when the events hold an `undo`,
    /// and it costs a copy of the state per turn (the umpire's fold of a simulated run skips it).
    private let keepsUndoRecord: Bool

    public init(exercise: Exercise, seed: UInt64, keepsUndoRecord: Bool = true) {
        self.init(exercise: exercise, state: RunState(exercise: exercise, seed: seed), keepsUndoRecord: keepsUndoRecord)
    }

    public init(exercise: Exercise, state: RunState, keepsUndoRecord: Bool = true) {
        self.exercise = exercise
        self.state = state
        self.keepsUndoRecord = keepsUndoRecord
    }

    public mutating func apply(_ event: Event) {
        if case .undo(let seq) = event.kind, var before = turn.withdraw(seq, in: exercise) {
            before.nextSeq = max(state.nextSeq, event.seq + 1)
            state = before
            return
        }
        if keepsUndoRecord { turn.record(CollectionOfOne(event), before: state) }
        state.apply(event, in: exercise)
    }
}

extension Array where Element == Int {
    /// Inserts into an ascending array unless present. O(n).
    mutating func insertSorted(_ v: Int) {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        if lo < count, self[lo] == v { return }
        insert(v, at: lo)
    }

    mutating func removeSorted(_ v: Int) {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        if lo < count, self[lo] == v { remove(at: lo) }
    }

    mutating func appendUnique(_ v: Int) {
        if !contains(v) { append(v) }
    }
}
