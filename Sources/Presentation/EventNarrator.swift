import ExerciseCore

/// Who reads a description. What an event means depends on what the reader may know: a
/// team is told only about its own cards, alerts, decisions and what reached it; the white
/// cell (exercise control, the evaluators, the After-Action Report) sees the ground truth.
public enum Viewer: Equatable, Sendable {
    case team(Int)
    case whiteCell
}

/// One event as a reader is told it: a line of text, and the inject card shown with it.
public struct EventDescription: Equatable, Sendable {
    /// One line, without indentation or newline.
    public var text: String
    /// The inject whose card goes with the line: a card received, a card delivered.
    public var card: Int?
    /// Which version of the card: a tearline delivers only the card's releasable version.
    public var cardVersion: CardVersion
    /// A line about the ground truth or another team's doings that only the white cell is
    /// told (views indent these under the line they follow).
    public var isWhiteCellOnly: Bool
    /// The clock and quiet turns (a turn starts or ends, all missions up): the full record
    /// keeps them, a view of what happened leaves them out.
    public var isRoutine: Bool

    public init(_ text: String, card: Int? = nil, version: CardVersion = .original, whiteCellOnly: Bool = false,
                routine: Bool = false) {
        self.text = text
        self.card = card
        cardVersion = version
        isWhiteCellOnly = whiteCellOnly
        isRoutine = routine
    }
}

/// Says what each event of a run means to one viewer — the single description the console,
/// `cdx view`, and the After-Action Report's event log all use. Events are described in
/// journal order (an `undo` is told to a team only when the decision it withdraws was the
/// team's own, which the narrator remembers as it goes).
public struct EventNarrator: Sendable {
    public let exercise: Exercise
    public let viewer: Viewer
    /// The team of each decision seen so far, by seq, for undos.
    private var decisions: [Int: Decision] = [:]
    /// Assets granted to the viewing team so far (it runs them too).
    private var granted: Set<Int> = []
    /// Approval requests seen so far: the decision each holds and its approval.
    private var requests: [(decision: Decision, approval: Int)] = []

    /// `requests`: the approval requests made before the first event described (a console
    /// describing one turn passes the state's), so that answers to them can be told.
    public init(exercise: Exercise, viewer: Viewer, requests: [RunState.ApprovalRequest] = []) {
        self.exercise = exercise
        self.viewer = viewer
        self.requests = requests.map { ($0.decision, $0.approval) }
    }

    /// The event as the viewer is told it, or nil when the viewer is not told it at all.
    public mutating func describe(_ e: Event) -> EventDescription? {
        let x = exercise
        func asset(_ a: Int) -> String { x.assets[a].id }
        func named(_ a: Int) -> String { "\(x.assets[a].id) (\(x.assets[a].name))" }
        func team(_ t: Int) -> String { x.teams[t].id }
        func inject(_ i: Int) -> String { x.injects[i].id }
        func item(_ it: Decision.Item) -> String {
            switch it {
            case .inject(let i): return inject(i)
            case .asset(let a): return asset(a)
            }
        }
        func at(_ minute: Int) -> String { ScenarioTime.offsetText(minute) }
        let viewing: Int?
        if case .team(let t) = viewer { viewing = t } else { viewing = nil }
        let white = viewing == nil
        /// Whether the viewer is the white cell or one of the teams named.
        func told(_ teams: Int...) -> Bool { white || teams.contains(viewing!) }
        /// Whether the viewing team runs the asset (has authority in its domain).
        func runs(_ a: Int) -> Bool { white || granted.contains(a) || x.hasAuthority(viewing!, inDomain: x.domain(ofAsset: a)) }

        switch e.kind {
        case .turnStarted:
            return EventDescription("Turn \(e.turn) starts (\(ScenarioTime.local(x, minute: e.minute)))", routine: true)
        case .turnEnded:
            return EventDescription("Turn \(e.turn) ends (\(ScenarioTime.local(x, minute: e.minute)))", routine: true)
        case .ended:
            return EventDescription("The exercise ends", routine: true)
        case .injectReleased(let i, let cause):
            if white {
                // A card with no recipient is ground truth: the white cell's alone, however it was released.
                guard !x.injects[i].recipients.isEmpty else {
                    return EventDescription("Inject \(inject(i)) “\(x.injects[i].title)” released (\(cause.rawValue)): no recipient; ground truth only",
                                            card: i, whiteCellOnly: true)
                }
                let to = " to " + x.injects[i].recipients.map(team).joined(separator: ", ")
                return EventDescription("Inject \(inject(i)) “\(x.injects[i].title)” released (\(cause.rawValue))\(to)", card: i)
            }
            guard x.injects[i].recipients.contains(viewing!),
                  x.refusal(toRelease: x.injects[i].marking, of: i, to: viewing!) == nil else { return nil }
            return EventDescription("inject card", card: i)
        case .effect(let i, let k, let outcome, let next):
            guard white else { return nil }
            var text = "ground truth: \(Self.effectText(x.injects[i].effects[k], in: x)) (\(inject(i))): \(outcome.text)"
            if let n = next { text += "; next try \(at(n))" }
            return EventDescription(text, whiteCellOnly: true)
        case .alert(let to, let a, let source):
            guard told(to) else { return nil }
            if source == .impact {
                return EventDescription("alert: \(named(a)) is hit — the attack announces itself (its service is down or its data destroyed)\(white ? " → \(team(to))" : "")")
            }
            let by = source == .sensor ? "a sensor" : "a hunt"
            return EventDescription("alert: \(named(a)) flagged by \(by)\(white ? " → \(team(to))" : "")")
        case .decision(let d, let rejection):
            decisions[e.seq] = d
            guard told(d.team) else { return nil }
            // A change to the script is the white cell's alone: the room must not learn what is coming.
            // So are a release of a card with no recipient and a ruling on an expectation.
            // So is an evaluator's observation (the After-Action Report's, not the room's).
            var secret = d.verb.isWhiteCellOnly
            if case .release(let i) = d.verb, x.injects[i].recipients.isEmpty { secret = true }
            if case .judge = d.verb { secret = true }
            if let r = rejection { return EventDescription("✗ \(d.line(in: x)) — rejected: \(r.message(for: d, in: x))", whiteCellOnly: secret) }
            return EventDescription("✓ \(d.line(in: x))", whiteCellOnly: secret)
        case .detection(let by, let a, let technique, let correct):
            // Whether a report was right is ground truth.
            guard white else { return nil }
            let named = technique.map { " (\($0))" } ?? ""
            return EventDescription("\(team(by)) report on \(asset(a))\(named) is \(correct ? "correct" : "a FALSE report")",
                                    whiteCellOnly: true)
        case .contained(let by, let a):
            // Whether an asset is isolated or being rebuilt is seen by the teams that run it
            // (Engine.md, "What a team knows"); the decision's own team saw its decision.
            if white { return EventDescription("\(team(by)) isolated \(asset(a)): its service is down until restored", whiteCellOnly: true) }
            guard viewing != by, runs(a) else { return nil }
            return EventDescription("\(asset(a)) isolated by \(team(by)): its service is down until restored")
        case .restoreStarted(let by, let a, let until):
            if white { return EventDescription("\(team(by)) restoring \(asset(a)) until \(at(until))", whiteCellOnly: true) }
            guard runs(a) else { return nil }
            guard viewing == by else { return EventDescription("\(asset(a)) being rebuilt by \(team(by)) until \(at(until))") }
            // Rebuilding is how a team finds out that its backups are gone (a wipe, or none kept).
            let unusable = until - e.minute > x.assets[a].restoreMinutes
            return EventDescription("rebuilding \(asset(a)) until \(at(until))\(unusable ? ": its backups are unusable, so the rebuild takes twice as long" : "")")
        case .restored(let a):
            // Told to the teams with authority in the asset's domain: they run its service.
            guard runs(a) else { return nil }
            return EventDescription("\(asset(a)) is restored and back in service")
        case .denyEnded(let a):
            guard white else { return nil }
            return EventDescription("ground truth: denial of service on \(asset(a)) ended", whiteCellOnly: true)
        case .spoofEnded(let a):
            // The teams running the asset see its feed true again; why is the white cell's to know.
            if white { return EventDescription("ground truth: the spoofing of \(asset(a)) ended (its emitter is off the air)", whiteCellOnly: true) }
            guard runs(a) else { return nil }
            return EventDescription("\(asset(a)) reports true data again")
        case .sent(let from, let to, let it, let arrives, let version):
            guard told(from) else { return nil }
            let what = version == .tearline ? "the tearline of \(item(it))" : item(it)
            return EventDescription("\(white ? "\(team(from)) sent" : "sent") \(what) to \(team(to)); arrives \(at(arrives))")
        case .withheld(let to, let from, let it, let rejection):
            // Nothing reaches the team; the sender learns its share did not go through.
            let rule = rejection.rule.rawValue
            if white {
                let source = from.map { " from \(team($0))" } ?? ""
                return EventDescription("withheld: \(item(it))\(source) not delivered to \(team(to)) (\(rule): \(rejection.name))",
                                        whiteCellOnly: true)
            }
            guard let from, from == viewing else { return nil }
            return EventDescription("not delivered: \(item(it)) to \(team(to)) (\(rule))")
        case .delivered(let from, let to, let it, let actor, let version):
            guard told(to) else { return nil }
            // The white cell is also told whose indicators came with it (they raise the receiver's sensors).
            let indicators = white ? actor.map { " (indicators of \(x.actors[$0].id))" } ?? "" : ""
            switch it {
            case .inject(let i):
                let what = version == .tearline ? "the tearline of \(inject(i))" : inject(i)
                return EventDescription(white ? "\(team(to)) received \(what) from \(team(from))\(indicators)"
                                              : version == .tearline ? "received a tearline from \(team(from)):" : "received from \(team(from)):",
                                        card: i, version: version)
            case .asset(let a):
                let who = white ? "\(team(to)) received from \(team(from))" : "received from \(team(from))"
                return EventDescription("\(who): report that \(named(a)) is compromised\(indicators)")
            }
        case .tearlineStarted(let by, let i, let ready):
            guard white else { return nil }
            return EventDescription("\(team(by)) producing a tearline of \(inject(i)), ready \(at(ready))", whiteCellOnly: true)
        case .tearlineReady(let by, let i):
            guard told(by) else { return nil }
            return EventDescription("tearline of \(inject(i))\(white ? " by \(team(by))" : "") is ready: releasable to partners")
        case .requested(let by, let of, let a):
            guard told(by, of) else { return nil }
            return EventDescription("\(team(by)) asks \(team(of)) for help on \(asset(a))")
        case .granted(let by, let to, let a):
            if to == viewing { granted.insert(a) }
            guard told(by, to) else { return nil }
            return EventDescription("\(team(by)) grants \(team(to)) authority on \(asset(a))")
        case .attributed(let by, let a, let confidence, let isPublic, let correct):
            // A public attribution is public: every team hears it. Whether it is right is ground truth.
            guard told(by) || isPublic else { return nil }
            let how = "\(confidence.rawValue) confidence\(isPublic ? ", publicly" : "")"
            if white { return EventDescription("\(team(by)) attributes the intrusion to \(x.actors[a].id) (\(how)): \(correct ? "correct" : "WRONG: that actor is behind none of the injects so far")") }
            if viewing == by { return EventDescription("attributed the intrusion to \(x.actors[a].id) (\(how))") }
            return EventDescription("\(team(by)) publicly attributes the intrusion to \(x.actors[a].name)")
        case .cut(let by, let k, let domains):
            // Told to the team that cut it (and the white cell); whether it stopped anything is ground truth.
            guard told(by) else { return nil }
            let dependency = x.dependencies[k]
            let places = x.domains.indices.filter { $0 < 64 && domains & (1 << UInt64($0)) != 0 }.map { x.domains[$0].id }
            let what: String
            switch dependency.kind {
            case .c2: what = "blocked C2 \(dependency.id) (\(dependency.name))"
            case .credential: what = "revoked credentials \(dependency.id) (\(dependency.name))"
            case .emitter: return EventDescription("\(white ? team(by) + " " : "")took emitter \(dependency.id) (\(dependency.name)) off the air")
            }
            let whereText = places.isEmpty ? "nowhere new" : "in " + places.joined(separator: ", ")
            return EventDescription("\(white ? team(by) + " " : "")\(what) \(whereText)")
        case .judged(let by, let i, let n, let verdict, let reason):
            guard white else { return nil }
            return EventDescription("\(team(by)) judged \(inject(i)).\(n) \(verdict.rawValue): \(reason)")
        case .note(let by, let text):
            guard told(by) else { return nil }
            return EventDescription(white ? "note by \(team(by)): \(text)" : "note: \(text)")
        case .approvalRequested(let r, let k, let d, let arrives):
            // An undo can withdraw a request, and the next one then takes its number.
            if r < requests.count { requests[r] = (d, k) } else if r == requests.count { requests.append((d, k)) }
            let rule = x.approvals[k], approver = rule.approver
            guard told(d.team) else { return nil }
            let who = white ? "\(team(d.team)) asks" : "asked"
            return EventDescription("\(who) \(team(approver)) to approve \(d.line(in: x)) (\(rule.id): \(rule.name)) as \(requestID(r)); it reaches \(team(approver)) \(at(arrives))")
        case .approvalArrived(let r):
            guard r < requests.count else { return nil }
            let (d, k) = requests[r]
            let approver = x.approvals[k].approver
            guard told(approver) else { return nil }
            let answer = white ? "" : " Answer with 'approve \(requestID(r))' or 'deny \(requestID(r))'."
            return EventDescription("request \(requestID(r)) \(white ? "reached \(team(approver))" : "from \(team(d.team))"): approve \(d.line(in: x)) (\(x.approvals[k].name))?\(answer)")
        case .approved(let r, let by), .denied(let r, let by):
            guard r < requests.count else { return nil }
            let (d, k) = requests[r]
            guard told(d.team, by, x.approvals[k].approver) else { return nil }
            if case .approved = e.kind {
                return EventDescription("\(requestID(r)) approved by \(team(by)): \(d.line(in: x))")
            }
            return EventDescription("\(requestID(r)) denied by \(team(by)): \(d.line(in: x)) will not be done")
        case .lapsed(let r, let rejection):
            guard r < requests.count else { return nil }
            let (d, k) = requests[r]
            guard told(d.team, x.approvals[k].approver) else { return nil }
            return EventDescription("\(requestID(r)) lapsed: \(d.line(in: x)) can no longer be done (\(rejection.message(for: d, in: x)))")
        case .undo(let seq):
            if white { return EventDescription("decision \(seq) withdrawn by exercise control") }
            // A team is told which of its decisions, not the journal's count of events it never saw.
            guard let d = decisions[seq], d.team == viewing else { return nil }
            return EventDescription("withdrawn by exercise control: \(d.line(in: x))")
        case .missions(let levels):
            guard white else { return nil }
            let notUp = zip(x.missions, levels).filter { $1 != .up }
            if notUp.isEmpty { return EventDescription("missions: all up", whiteCellOnly: true, routine: true) }
            return EventDescription("missions: " + notUp.map { "\($0.id) \($1.rawValue)" }.joined(separator: ", ") + "; others up",
                                    whiteCellOnly: true)
        }
    }

    /// An adversary effect in the language's words: `encrypt wa-dc`, `spread a → b every 2h`, `deny web for 4h`.
    public static func effectText(_ e: Effect, in x: Exercise) -> String {
        let asset = x.assets[e.asset].id
        switch e.kind {
        case .spread:
            var text = "spread \(e.source.map { x.assets[$0].id } ?? "?") → \(asset)"
            if let every = e.everyMinutes { text += " every \(ScenarioTime.durationText(every))" }
            return text
        case .deny:
            return "deny \(asset)" + (e.durationMinutes.map { " for \(ScenarioTime.durationText($0))" } ?? "")
        default:
            return "\(e.kind.rawValue) \(asset)"
        }
    }
}
