/// A team's decision for the current turn, resolved against the exercise (indices, not names).
public struct Decision: Equatable, Sendable {
    public var team: Int
    public var verb: Verb
    /// The seat it was typed at when it came from a browser seat (nil at the facilitator
    /// console, in a responses file, from automatic players). It is part of the record, not
    /// of the decision: two seats deciding the same thing decide one thing (`==` ignores it).
    public var seat: Seat? {
        get {
            switch seatCode {
            case 0: return nil
            case 1: return .white
            case 2: return .evaluator
            default: return .team(Int(seatCode) - 3)
            }
        }
        set {
            switch newValue {
            case nil: seatCode = 0
            case .white: seatCode = 1
            case .evaluator: seatCode = 2
            case .team(let t): seatCode = UInt16(clamping: t + 3)
            }
        }
    }
    /// The seat in two bytes, so that a decision stays as small as it was (Performance.md).
    private var seatCode: UInt16 = 0

    public init(team: Int, verb: Verb, seat: Seat? = nil) {
        self.team = team
        self.verb = verb
        self.seat = seat
    }

    public static func == (a: Decision, b: Decision) -> Bool { a.team == b.team && a.verb == b.verb }

    /// Who typed a decision in a seat-played exercise: a team's own seat, the white cell's,
    /// or an evaluator's (whose notes are the white cell's). Journaled as the seat's role,
    /// as `JOURNAL.seats` names it: the team's id, `white` or `evaluator`.
    public enum Seat: Hashable, Sendable {
        case team(Int)
        case white
        case evaluator

        public func name(in x: Exercise) -> String {
            switch self {
            case .team(let t): return x.teams[t].id
            case .white: return "white"
            case .evaluator: return "evaluator"
            }
        }

        /// Reads a journaled seat name back: a team's id (never the white cell's), or `white`, `evaluator`.
        public init?(name: String, in x: Exercise) {
            switch name {
            case "white": self = .white
            case "evaluator": self = .evaluator
            default:
                guard let t = x.teams.firstIndex(where: { $0.id == name }) else { return nil }
                self = .team(t)
            }
        }
    }

    /// What a team can decide. The line form is `TEAM VERB ARGS`, e.g. `jcdc detect js-mail T1566.001`.
    public enum Verb: Equatable, Sendable {
        /// Report the asset compromised (optionally naming the technique). Wrong reports are journaled as false.
        case detect(asset: Int, technique: Technique?)
        /// Search a segment: each hidden compromise there is found with the segment's hunt probability.
        case hunt(segment: Int)
        /// Isolate the asset: stops spread from it and takes its service down until restored.
        case contain(asset: Int)
        /// Rebuild the asset: takes its restore time (doubled without backups), then it is clean and up.
        case restore(asset: Int)
        /// Send what the team knows about an inject or an asset to another team over a channel.
        case share(Item, to: Int)
        /// Produce a releasable copy of an inject's information after the exercise's tearline delay.
        case tearline(inject: Int)
        /// Ask another team for help on an asset.
        case request(team: Int, asset: Int)
        /// Give another team authority to act on an asset.
        case grant(team: Int, asset: Int)
        /// White cell: release an inject now (contingency injects, or an early release).
        case release(inject: Int)
        /// White cell: rule on an expectation, e.g. `judge A1.3 met "briefed JJOC"`.
        case judge(inject: Int, expectation: Int, verdict: Verdict, reason: InternedText)
        /// Anyone: a note for the record.
        case note(InternedText)
        /// The approver (or the white cell): let a request (`R1`, 0-based here) take effect.
        case approve(request: Int)
        /// The approver (or the white cell): refuse a request; it never takes effect.
        case deny(request: Int)
        /// Sinkhole or block a C2 channel (`Exercise.dependencies`) in the domains the team acts in.
        case block(dependency: Int)
        /// Reset stolen credentials (`Exercise.dependencies`) in the domains the team acts in.
        case revoke(dependency: Int)
        /// Take a spoofing's emitter off the air (`Exercise.dependencies`): only the outside
        /// bodies the exercise names (and the white cell) can; the spoofing ends everywhere.
        case remove(dependency: Int)
        /// Assess who is behind the intrusion, with a confidence; `public` makes it a public
        /// attribution (a government statement), which an approval usually covers.
        case attribute(actor: Int, confidence: Confidence, public: Bool)
        /// White cell: an inject written during play, in the exercise language
        /// (`white inject X9 at +05:00 "Title" to jcdc text "…"`). It joins the exercise after
        /// the file's injects; a scripted time must fall after the open turn.
        case inject(InternedInject)
        /// White cell: move a scheduled inject that has not been released to a later minute
        /// (its condition's `at` for a conditional one).
        case delay(inject: Int, to: Int)
        /// White cell: move a scheduled inject that has not been released to an earlier minute, after the open turn.
        case advance(inject: Int, to: Int)
        /// White cell: take a scheduled inject that has not been released off the schedule; it
        /// becomes a contingency the white cell may still `release` by hand.
        case cancel(inject: Int)
        /// White cell (an evaluator): an observation in the EEG file's syntax
        /// (`white observe objective O1 rating S observation "…"`, typed as `evaluator objective O1 …`).
        /// It is for the After-Action Report and changes no score; only the white cell sees it.
        case observe(InternedObservation)

        public var name: String {
            switch self {
            case .detect: return "detect"
            case .hunt: return "hunt"
            case .contain: return "contain"
            case .restore: return "restore"
            case .share: return "share"
            case .tearline: return "tearline"
            case .request: return "request"
            case .grant: return "grant"
            case .release: return "release"
            case .judge: return "judge"
            case .note: return "note"
            case .approve: return "approve"
            case .deny: return "deny"
            case .block: return "block"
            case .revoke: return "revoke"
            case .remove: return "remove"
            case .attribute: return "attribute"
            case .inject: return "inject"
            case .delay: return "delay"
            case .advance: return "advance"
            case .cancel: return "cancel"
            case .observe: return "observe"
            }
        }

        /// Verbs that use one of the team's decisions per turn (notes and the white cell's rulings do not).
        public var usesCapacity: Bool {
            switch self {
            case .note, .judge, .release, .inject, .delay, .advance, .cancel, .observe: return false
            default: return true
            }
        }

        public static let names = [
            "detect", "hunt", "contain", "restore", "share", "tearline", "request", "grant", "release", "judge", "note",
            "approve", "deny", "block", "revoke", "remove", "attribute", "inject", "delay", "advance", "cancel", "observe",
        ]

        /// Whether only exercise control may see the decision, wherever it is shown: a change
        /// to the script (the room must not learn what is coming) or an evaluator's observation.
        public var isWhiteCellOnly: Bool {
            if case .observe = self { return true }
            return amendsScript
        }

        /// Whether the verb changes the exercise's script (the white cell's `inject`, `delay`,
        /// `advance` and `cancel`): the session amends its exercise when one is applied.
        public var amendsScript: Bool {
            switch self {
            case .inject, .delay, .advance, .cancel: return true
            default: return false
            }
        }
    }

    /// Something that can be shared.
    public enum Item: Equatable, Sendable {
        case inject(Int)
        case asset(Int)
    }

    public enum Verdict: String, CaseIterable, Equatable, Sendable {
        case met, late, missed
    }

    /// How sure an assessment is (the words of intelligence assessments: low, moderate, high confidence).
    public enum Confidence: String, CaseIterable, Equatable, Sendable {
        case low, moderate, high
    }
}

extension Decision {
    /// The canonical line form (without time), as journaled: `jcdc share A1 -> usfj`.
    public func line(in x: Exercise) -> String {
        var words = [x.teams[team].id, verb.name]
        switch verb {
        case .detect(let a, let technique):
            words.append(x.assets[a].id)
            if let t = technique { words.append(t.description) }
        case .hunt(let s): words.append(x.segments[s].id)
        case .contain(let a), .restore(let a): words.append(x.assets[a].id)
        case .share(let item, let to):
            switch item {
            case .inject(let i): words.append(x.injects[i].id)
            case .asset(let a): words.append(x.assets[a].id)
            }
            words += ["->", x.teams[to].id]
        case .tearline(let i), .release(let i): words.append(x.injects[i].id)
        case .request(let t, let a), .grant(let t, let a): words += [x.teams[t].id, x.assets[a].id]
        case .judge(let i, let e, let verdict, let reason):
            words += ["\(x.injects[i].id).\(e)", verdict.rawValue, quotedLiteral(reason.string)]
        case .note(let text): words.append(quotedLiteral(text.string))
        case .approve(let r), .deny(let r): words.append(requestID(r))
        case .block(let k), .revoke(let k), .remove(let k): words.append(x.dependencies[k].id)
        case .attribute(let a, let confidence, let isPublic):
            words += [x.actors[a].id, confidence.rawValue]
            if isPublic { words.append("public") }
        case .inject(let added): words.append(added.value.definition)
        case .delay(let i, let m), .advance(let i, let m): words += [x.injects[i].id, "to", ScenarioTime.offsetText(m)]
        case .cancel(let i): words.append(x.injects[i].id)
        case .observe(let o): words.append(o.value.text)
        }
        return words.joined(separator: " ")
    }
}

/// How people and journals name approval request `k` (0-based): "R1", "R2", …
public func requestID(_ k: Int) -> String { "R\(k + 1)" }

/// The 0-based request an id like "R3" names, or nil when it is not one.
public func requestIndex(_ id: String) -> Int? {
    guard id.count >= 2, id.first == "R" || id.first == "r", let n = Int(id.dropFirst()), n >= 1,
          id.dropFirst().allSatisfy(\.isASCII) else { return nil }
    return n - 1
}

/// A string as the exercise language and decision lines write it: in double quotes, with
/// the escapes \" \\ \n and \t.
public func quotedLiteral(_ value: String) -> String {
    var out = "\""
    for ch in value.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out + "\""
}

extension Decision.Verb {
    /// The asset the decision is about, if any (`detect`, `contain`, `restore`, a report shared, `request`, `grant`).
    public var asset: Int? {
        switch self {
        case .detect(let a, _), .contain(let a), .restore(let a), .share(.asset(let a), _), .request(_, let a), .grant(_, let a): return a
        default: return nil
        }
    }

    /// The inject the decision is about, if any (a card shared, `tearline`, `release`, `judge`).
    public var inject: Int? {
        switch self {
        case .share(.inject(let i), _), .tearline(let i), .release(let i), .judge(let i, _, _, _), .delay(let i, _),
             .advance(let i, _), .cancel(let i):
            return i
        default: return nil
        }
    }

    /// The approval request the decision answers, if any (`approve`, `deny`).
    public var request: Int? {
        switch self {
        case .approve(let r), .deny(let r): return r
        default: return nil
        }
    }

    /// The other team the decision names: whom a share goes to, who is asked, who is granted.
    public var otherTeam: Int? {
        switch self {
        case .share(_, let to), .request(let to, _), .grant(let to, _): return to
        default: return nil
        }
    }
}
