/// Why the engine refused a decision: one case per rule of phase 5, with the values the
/// rule looked at (indices into the exercise, never names). The journal keeps a sentence
/// for readers (`message(in:)`); the umpire, the reports and the views read the value,
/// so rewording a sentence never changes a score.
public enum Rejection: Equatable, Sendable {
    /// An observer decided something other than a note.
    case observersOnlyTakeNotes
    /// A team other than the white cell tried a white-cell verb.
    case whiteCellOnly(WhiteCellVerb)
    /// The team has made all the decisions its capacity allows this turn.
    case overCapacity(team: Int, limit: Int)
    /// The team may not act on the asset; `grantor` is the team that could grant it
    /// authority (the asset's owner), or nil when only exercise control can.
    case noAuthority(team: Int, asset: Int, grantor: Int?)
    /// The team may not hunt in the segment's domain.
    case noAuthorityInSegment(team: Int, segment: Int)
    /// The team may not grant authority on an asset it has no authority on itself.
    case noAuthorityToGrant(team: Int, asset: Int)
    /// The team already reported the asset (since it was last restored).
    case alreadyReported(team: Int, asset: Int)
    case alreadyContained(asset: Int)
    /// A containment of an asset that is being rebuilt.
    case beingRestored(asset: Int)
    case alreadyRestoring(asset: Int)
    /// A restoration of an asset that is clean and up.
    case nothingToRestore(asset: Int)
    case alreadyMadeTearline(team: Int, inject: Int)
    case alreadyGranted(team: Int, asset: Int)
    case alreadyReleased(inject: Int)
    /// A share from a team to itself.
    case shareWithItself(team: Int)
    case askItself(team: Int)
    case grantItself(team: Int)
    case noChannel(from: Int, to: Int)
    /// The team does not hold the inject's card, so it cannot share or tearline it.
    case cardNotHeld(team: Int, inject: Int)
    /// The team has nothing on the asset to share.
    case nothingKnown(team: Int, asset: Int)
    /// The inject is TLP:RED and the receiving team was not one of its recipients.
    case originalRecipientsOnly(inject: Int)
    /// The item's marking (that of inject `markedBy`) does not release it to the receiving
    /// team's nation.
    case notReleasable(item: Decision.Item, markedBy: Int, to: Int)
    /// A ruling on an expectation the inject does not have.
    case noSuchExpectation(inject: Int, number: Int)

    public enum WhiteCellVerb: String, Equatable, Sendable { case release, judge }

    /// The kind of rule, as the umpire counts refusals (`Scorecard.rejections`).
    public enum Rule: String, CaseIterable, Comparable, Sendable {
        case capacity
        case authority
        case noChannel = "no channel"
        case releasability
        case alreadyDone = "already done"
        case nothingToShare = "nothing to share"
        case precondition
        case role
        /// Asking, granting or sharing with oneself; ruling on an expectation that does not exist.
        case other

        public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }
    }

    public var rule: Rule {
        switch self {
        case .observersOnlyTakeNotes, .whiteCellOnly: return .role
        case .overCapacity: return .capacity
        case .noAuthority, .noAuthorityInSegment, .noAuthorityToGrant: return .authority
        case .alreadyReported, .alreadyContained, .alreadyRestoring, .alreadyMadeTearline, .alreadyGranted,
             .alreadyReleased:
            return .alreadyDone
        case .beingRestored, .nothingToRestore: return .precondition
        case .noChannel: return .noChannel
        case .cardNotHeld, .nothingKnown: return .nothingToShare
        case .originalRecipientsOnly, .notReleasable: return .releasability
        case .shareWithItself, .askItself, .grantItself, .noSuchExpectation: return .other
        }
    }

    /// The sentence the journal keeps for readers, e.g. "jcdc has used all 4 decisions this
    /// turn (capacity)". For people only: nothing reads it back.
    public func message(in x: Exercise) -> String {
        func team(_ t: Int) -> String { x.teams[t].id }
        func asset(_ a: Int) -> String { x.assets[a].id }
        func inject(_ i: Int) -> String { x.injects[i].id }
        func domain(ofAsset a: Int) -> String { x.domains[x.segments[x.assets[a].segment].domain].id }
        switch self {
        case .observersOnlyTakeNotes:
            return "observers only take notes"
        case .whiteCellOnly(let verb):
            return "only the white cell can \(verb.rawValue)"
        case .overCapacity(let t, let limit):
            return "\(team(t)) has used all \(limit) decisions this turn (capacity)"
        case .noAuthority(let t, let a, let grantor):
            let who = grantor.map { "ask \(team($0)) to grant it" } ?? "no team holds that domain: exercise control can grant it"
            return "\(team(t)) has no authority on \(asset(a)) (domain \(domain(ofAsset: a))); \(who)"
        case .noAuthorityInSegment(let t, let s):
            let segment = x.segments[s]
            return "\(team(t)) has no authority in segment \(segment.id) (domain \(x.domains[segment.domain].id))"
        case .noAuthorityToGrant(let t, let a):
            return "\(team(t)) has no authority on \(asset(a)) to grant"
        case .alreadyReported(let t, let a):
            return "\(team(t)) already reported \(asset(a))"
        case .alreadyContained(let a):
            return "\(asset(a)) is already contained"
        case .beingRestored(let a):
            return "\(asset(a)) is being restored"
        case .alreadyRestoring(let a):
            return "\(asset(a)) is already being restored"
        case .nothingToRestore(let a):
            return "\(asset(a)) is clean and up; nothing to restore"
        case .alreadyMadeTearline(let t, let i):
            return "\(team(t)) already made a tearline of \(inject(i))"
        case .alreadyGranted(let t, let a):
            return "\(team(t)) already has authority on \(asset(a))"
        case .alreadyReleased(let i):
            return "\(inject(i)) was already released"
        case .shareWithItself(let t):
            return "\(team(t)) cannot share with itself"
        case .askItself(let t):
            return "\(team(t)) cannot ask itself for help"
        case .grantItself(let t):
            return "\(team(t)) cannot grant itself authority"
        case .noChannel(let from, let to):
            return "no channel from \(team(from)) to \(team(to))"
        case .cardNotHeld(let t, let i):
            return "\(team(t)) has not received \(inject(i))"
        case .nothingKnown(let t, let a):
            return "\(team(t)) has nothing on \(asset(a)) to share"
        case .originalRecipientsOnly(let i):
            return "\(inject(i)) is marked '\(x.injects[i].marking.text)': only its original recipients may hold it"
        case .notReleasable(let item, let markedBy, let to):
            let nation = x.teams[to].domain.map { x.domains[$0].nation } ?? ""
            let hint: String
            if case .inject = item { hint = "; make a tearline first" } else { hint = "" }
            return "marked '\(x.injects[markedBy].marking.text)': \(team(to)) (\(nation)) may not receive it\(hint)"
        case .noSuchExpectation(let i, let n):
            return "\(inject(i)) has no expectation \(n)"
        }
    }
}

extension Rejection {
    /// The case's name in the journal (`"rejection": "over-capacity"`), stable across versions.
    public var name: String {
        switch self {
        case .observersOnlyTakeNotes: return "observers-only-take-notes"
        case .whiteCellOnly: return "white-cell-only"
        case .overCapacity: return "over-capacity"
        case .noAuthority: return "no-authority"
        case .noAuthorityInSegment: return "no-authority-in-segment"
        case .noAuthorityToGrant: return "no-authority-to-grant"
        case .alreadyReported: return "already-reported"
        case .alreadyContained: return "already-contained"
        case .beingRestored: return "being-restored"
        case .alreadyRestoring: return "already-restoring"
        case .nothingToRestore: return "nothing-to-restore"
        case .alreadyMadeTearline: return "already-made-tearline"
        case .alreadyGranted: return "already-granted"
        case .alreadyReleased: return "already-released"
        case .shareWithItself: return "share-with-itself"
        case .askItself: return "ask-itself"
        case .grantItself: return "grant-itself"
        case .noChannel: return "no-channel"
        case .cardNotHeld: return "card-not-held"
        case .nothingKnown: return "nothing-known"
        case .originalRecipientsOnly: return "original-recipients-only"
        case .notReleasable: return "not-releasable"
        case .noSuchExpectation: return "no-such-expectation"
        }
    }

    /// Every name, in the order Documentation/Journal.md lists them.
    public static let names = [
        "observers-only-take-notes", "white-cell-only", "over-capacity", "no-authority", "no-authority-in-segment",
        "no-authority-to-grant", "already-reported", "already-contained", "being-restored", "already-restoring",
        "nothing-to-restore", "already-made-tearline", "already-granted", "already-released", "share-with-itself",
        "ask-itself", "grant-itself", "no-channel", "card-not-held", "nothing-known", "original-recipients-only",
        "not-releasable", "no-such-expectation",
    ]

    /// The refusal of `d` named `name`, with the values the journal keeps beside the name
    /// (the rest are the decision's own); nil when the name does not fit the decision.
    public init?(name: String, of d: Decision, limit: Int?, grantor: Int?, markedBy: Int?) {
        let team = d.team
        switch (name, d.verb) {
        case ("observers-only-take-notes", _): self = .observersOnlyTakeNotes
        case ("white-cell-only", .release): self = .whiteCellOnly(.release)
        case ("white-cell-only", .judge): self = .whiteCellOnly(.judge)
        case ("over-capacity", _):
            guard let limit else { return nil }
            self = .overCapacity(team: team, limit: limit)
        case ("no-authority", .detect(let a, _)), ("no-authority", .contain(let a)), ("no-authority", .restore(let a)):
            self = .noAuthority(team: team, asset: a, grantor: grantor)
        case ("no-authority-in-segment", .hunt(let s)): self = .noAuthorityInSegment(team: team, segment: s)
        case ("no-authority-to-grant", .grant(_, let a)): self = .noAuthorityToGrant(team: team, asset: a)
        case ("already-reported", .detect(let a, _)): self = .alreadyReported(team: team, asset: a)
        case ("already-contained", .contain(let a)): self = .alreadyContained(asset: a)
        case ("being-restored", .contain(let a)): self = .beingRestored(asset: a)
        case ("already-restoring", .restore(let a)): self = .alreadyRestoring(asset: a)
        case ("nothing-to-restore", .restore(let a)): self = .nothingToRestore(asset: a)
        case ("already-made-tearline", .tearline(let i)): self = .alreadyMadeTearline(team: team, inject: i)
        case ("already-granted", .grant(let t, let a)): self = .alreadyGranted(team: t, asset: a)
        case ("already-released", .release(let i)): self = .alreadyReleased(inject: i)
        case ("share-with-itself", .share): self = .shareWithItself(team: team)
        case ("ask-itself", .request): self = .askItself(team: team)
        case ("grant-itself", .grant): self = .grantItself(team: team)
        case ("no-channel", .share(_, let to)): self = .noChannel(from: team, to: to)
        case ("card-not-held", .share(.inject(let i), _)), ("card-not-held", .tearline(let i)):
            self = .cardNotHeld(team: team, inject: i)
        case ("nothing-known", .share(.asset(let a), _)): self = .nothingKnown(team: team, asset: a)
        case ("original-recipients-only", .share(.inject(let i), _)): self = .originalRecipientsOnly(inject: i)
        case ("not-releasable", .share(let item, let to)):
            guard let markedBy else { return nil }
            self = .notReleasable(item: item, markedBy: markedBy, to: to)
        case ("no-such-expectation", .judge(let i, let e, _, _)): self = .noSuchExpectation(inject: i, number: e)
        default: return nil
        }
    }
}
