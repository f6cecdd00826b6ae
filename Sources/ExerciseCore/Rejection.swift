/// Why the engine refused a decision: one case per rule of phase 5. A refusal always
/// travels with its decision (`Event.Kind.decision`), so a case holds only what the rule
/// looked at beyond the decision's own values — the team, asset, inject or receiver are the
/// decision's. That keeps `Event` as small as it was with a sentence in it (every run copies
/// events), and it is what the journal writes beside the rule's name. The journal keeps a
/// sentence for readers (`message(for:in:)`); the umpire, the reports and the views read the
/// value, so rewording a sentence never changes a score.
public enum Rejection: Equatable, Sendable {
    /// An observer decided something other than a note.
    case observersOnlyTakeNotes
    /// A team other than the white cell tried a white-cell verb (`release`, `judge`).
    case whiteCellOnly
    /// The team has made all `limit` decisions its capacity allows this turn.
    case overCapacity(limit: Int)
    /// The team may not act on the asset; `grantor` is the team that could grant it
    /// authority (the asset's owner), or nil when only exercise control can.
    case noAuthority(grantor: Int?)
    /// The team may not hunt in the segment's domain.
    case noAuthorityInSegment
    /// The team may not grant authority on an asset it has no authority on itself.
    case noAuthorityToGrant
    /// The team already reported the asset (since it was last restored).
    case alreadyReported
    case alreadyContained
    /// A containment of an asset that is being rebuilt.
    case beingRestored
    case alreadyRestoring
    /// A restoration of an asset that is clean and up. No longer made (whether an asset is
    /// clean is ground truth: restoring it is allowed); kept to read journals of cdx 0.1.
    case nothingToRestore
    case alreadyMadeTearline
    /// The receiving team already has authority on the asset.
    case alreadyGranted
    case alreadyReleased
    /// A share from a team to itself.
    case shareWithItself
    case askItself
    case grantItself
    case noChannel
    /// The team does not hold the inject's card, so it cannot share or tearline it.
    case cardNotHeld
    /// The team has nothing on the asset to share.
    case nothingKnown
    /// The inject is TLP:RED and the receiving team was not one of its recipients.
    case originalRecipientsOnly
    /// The item's marking — that of inject `markedBy` (for a report on an asset, an inject
    /// whose information the sender's knowledge carries) — does not release it to the
    /// receiving team's nation (for a tearline: to the team's own).
    case notReleasable(markedBy: Int)
    /// The marking of inject `markedBy` is classified above the receiving team's clearance.
    case notCleared(markedBy: Int)
    /// The marking of inject `markedBy` is a Specially Designated Secret and the receiving
    /// team is not designated to handle them.
    case notDesignated(markedBy: Int)
    /// The marking of inject `markedBy` is TLP:AMBER or TLP:AMBER+STRICT and the receiving
    /// team is outside the organisations (and, for AMBER, the clients) of its recipients.
    case outsideOrganisation(markedBy: Int)
    /// A tearline of a card that has no releasable version, or whose marking (TLP:RED) can
    /// never be tearlined.
    case noReleasableVersion
    /// A share of a card the team holds only as its tearline, whose marking does not
    /// release it to the receiving team's nation.
    case tearlineNotReleasable
    /// A ruling on an expectation the inject does not have.
    case noSuchExpectation
    /// A ruling on an expectation of an inject not released yet: nothing was expected of
    /// anyone, so there is nothing to rule on.
    case notYetReleased
    /// The same decision already waits for its approval.
    case awaitingApproval
    /// An answer to a request there is no such request (yet).
    case noSuchRequest
    /// An answer from a team that is not the request's approver (`approver`); only it, or
    /// the white cell, may answer.
    case notApprover(approver: Int)
    /// An answer to a request that has not reached the approver yet.
    case requestNotArrived
    case alreadyAnswered
    /// A `block` or `revoke` by a team that acts in no domain (an approver, say).
    case noDomainToCut
    /// The C2 is already blocked, or the credentials revoked, everywhere the team acts; or
    /// the emitter is already off the air.
    case alreadyCut
    /// A `remove` by a team the exercise does not name as able to remove the emitter (only
    /// an outside body can: the Coast Guard, the radio regulator; or the white cell).
    case cannotRemove
    /// The team already made this same attribution (actor, confidence and publicity).
    case alreadyAttributed
    /// A decision typed at a team seat and held for the white cell's review (`cdx run
    /// --review`), which refused it, saying why. The engine never makes this refusal itself.
    case refusedInReview(reason: InternedText)
    /// An inject written during play, delayed or advanced, to a time that is not after the
    /// open turn: it would never fire (the white cell releases one now with `release`).
    case notAfterThisTurn
    /// A `delay`, `advance` or `cancel` of an inject with no scheduled time: one released only
    /// by hand, or one already cancelled.
    case notScheduled
    /// A `delay` to a time that is not later than the inject's, or an `advance` to one that is
    /// not earlier.
    case wrongDirection

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
        /// The white cell refused it in review (tabletop adjudication).
        case review = "white cell's review"

        public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }
    }

    public var rule: Rule {
        switch self {
        case .observersOnlyTakeNotes, .whiteCellOnly: return .role
        case .overCapacity: return .capacity
        case .noAuthority, .noAuthorityInSegment, .noAuthorityToGrant, .notApprover, .noDomainToCut, .cannotRemove: return .authority
        case .alreadyReported, .alreadyContained, .alreadyRestoring, .alreadyMadeTearline, .alreadyGranted,
             .alreadyReleased, .awaitingApproval, .alreadyAnswered, .alreadyCut, .alreadyAttributed:
            return .alreadyDone
        case .beingRestored, .nothingToRestore, .requestNotArrived, .notYetReleased, .notAfterThisTurn, .notScheduled:
            return .precondition
        case .noChannel: return .noChannel
        case .cardNotHeld, .nothingKnown: return .nothingToShare
        case .originalRecipientsOnly, .notReleasable, .notCleared, .notDesignated, .outsideOrganisation, .noReleasableVersion,
             .tearlineNotReleasable:
            return .releasability
        case .shareWithItself, .askItself, .grantItself, .noSuchExpectation, .noSuchRequest, .wrongDirection: return .other
        case .refusedInReview: return .review
        }
    }

    /// The sentence the journal keeps for readers of decision `d`, e.g. "jcdc has used all 4
    /// decisions this turn (capacity)". For people only: nothing reads it back.
    public func message(for d: Decision, in x: Exercise) -> String {
        func team(_ t: Int) -> String { x.teams[t].id }
        let name = team(d.team)
        let asset = d.verb.asset.map { x.assets[$0].id } ?? "?"
        let inject = d.verb.inject.map { x.injects[$0].id } ?? "?"
        let other = d.verb.otherTeam.map(team) ?? "?"
        switch self {
        case .observersOnlyTakeNotes:
            return "observers only take notes"
        case .whiteCellOnly:
            return "only the white cell can \(d.verb.name)"
        case .overCapacity(let limit):
            return "\(name) has used all \(limit) decisions this turn (capacity)"
        case .noAuthority(let grantor):
            let domain = d.verb.asset.map { x.domains[x.domain(ofAsset: $0)].id } ?? "?"
            let who = grantor.map { "ask \(team($0)) to grant it" } ?? "no team holds that domain: exercise control can grant it"
            return "\(name) has no authority on \(asset) (domain \(domain)); \(who)"
        case .noAuthorityInSegment:
            guard case .hunt(let s) = d.verb else { return "\(name) has no authority in that segment" }
            return "\(name) has no authority in segment \(x.segments[s].id) (domain \(x.domains[x.segments[s].domain].id))"
        case .noAuthorityToGrant:
            return "\(name) has no authority on \(asset) to grant"
        case .alreadyReported:
            return "\(name) already reported \(asset)"
        case .alreadyContained:
            return "\(asset) is already contained"
        case .beingRestored:
            return "\(asset) is being restored"
        case .alreadyRestoring:
            return "\(asset) is already being restored"
        case .nothingToRestore:
            return "\(asset) is clean and up; nothing to restore"
        case .alreadyMadeTearline:
            return "\(name) already made a tearline of \(inject)"
        case .alreadyGranted:
            return "\(other) already has authority on \(asset)"
        case .alreadyReleased:
            return "\(inject) was already released"
        case .shareWithItself:
            return "\(name) cannot share with itself"
        case .askItself:
            return "\(name) cannot ask itself for help"
        case .grantItself:
            return "\(name) cannot grant itself authority"
        case .noChannel:
            return "no channel from \(name) to \(other)"
        case .cardNotHeld:
            return "\(name) has not received \(inject)"
        case .nothingKnown:
            return "\(name) has nothing on \(asset) to share"
        case .originalRecipientsOnly:
            guard let i = d.verb.inject else { return "the report on \(asset) carries TLP:RED information: only its original recipients may hold it" }
            return "\(inject) is marked '\(x.injects[i].marking.text)': only its original recipients may hold it"
        case .notReleasable(let markedBy):
            let marking = x.injects[markedBy].marking.text
            if case .tearline = d.verb {
                return "marked '\(marking)': \(name) (\(x.nation(ofTeam: d.team) ?? "no nation")) may not hold it, so it cannot tearline it"
            }
            let nation = d.verb.otherTeam.flatMap { x.nation(ofTeam: $0) } ?? "no nation"
            var hint = ""
            if case .share(.inject(let i), let to) = d.verb {
                if let tearline = x.injects[i].tearline {
                    hint = x.refusal(toRelease: tearline.marking, of: i, to: to) == nil
                        ? "; its tearline may go (tearline \(inject) first)"
                        : "; nor may its tearline, marked '\(tearline.marking.text)'"
                } else {
                    hint = "; it has no releasable version"
                }
            }
            return "marked '\(marking)': \(other) (\(nation)) may not receive it\(hint)"
        case .notCleared(let markedBy), .notDesignated(let markedBy), .outsideOrganisation(let markedBy):
            let marking = x.injects[markedBy].marking.text
            let who = d.verb.otherTeam ?? d.team
            let whose = who == d.team && d.verb.otherTeam == nil ? name : other
            let why: String
            switch self {
            case .notCleared:
                let level = x.teams[who].clearance.map { "cleared to \($0.text)" } ?? "not cleared"
                why = "\(whose) is \(level)"
            case .notDesignated:
                why = "\(whose) is not designated to handle Specially Designated Secrets"
            default:
                let org = x.teams[who].organisation.map { "is of \(x.organisations[$0].id)" } ?? "is of no organisation"
                let orgs = Array(Set(x.injects[markedBy].recipients.compactMap { x.teams[$0].organisation })).sorted()
                let named = orgs.isEmpty ? "" : " (\(orgs.map { x.organisations[$0].id }.joined(separator: ", ")))"
                let clients = x.injects[markedBy].marking.tlp == .amber ? " and their clients" : ""
                why = "only its recipients' organisations\(named)\(clients) may hold it; \(whose) \(org)"
            }
            if case .tearline = d.verb { return "marked '\(marking)': \(why), so it cannot tearline it" }
            return "marked '\(marking)': \(why)"
        case .tearlineNotReleasable:
            let marking = d.verb.inject.flatMap { x.injects[$0].tearline?.marking.text } ?? "?"
            let nation = d.verb.otherTeam.flatMap { x.nation(ofTeam: $0) } ?? "no nation"
            return "\(name) holds only the tearline of \(inject), marked '\(marking)': \(other) (\(nation)) may not receive it"
        case .noReleasableVersion:
            guard let i = d.verb.inject else { return "no releasable version" }
            if !x.injects[i].marking.allowsTearline {
                return "\(inject) is marked '\(x.injects[i].marking.text)': it goes to its named recipients only and cannot be tearlined"
            }
            return "\(inject) has no releasable version; the exercise file gives a card one with 'tearline \"TEXT\" marking \"…\"'"
        case .noSuchExpectation:
            guard case .judge(_, let n, _, _) = d.verb else { return "\(inject) has no such expectation" }
            return "\(inject) has no expectation \(n)"
        case .notYetReleased:
            return "\(inject) has not been released yet: there is nothing to rule on"
        case .awaitingApproval:
            return "\(d.line(in: x)) already waits for approval"
        case .noSuchRequest:
            return "there is no request \(d.verb.request.map(requestID) ?? "?")"
        case .notApprover(let approver):
            return "\(d.verb.request.map(requestID) ?? "the request") is for \(team(approver)) to answer (or the white cell)"
        case .requestNotArrived:
            return "\(d.verb.request.map(requestID) ?? "the request") has not reached \(name) yet"
        case .alreadyAnswered:
            return "\(d.verb.request.map(requestID) ?? "the request") was already answered"
        case .noDomainToCut:
            return "\(name) acts in no domain, so it has nowhere to \(d.verb.name)"
        case .alreadyCut:
            switch d.verb {
            case .block(let k): return "\(x.dependencies[k].id) is already blocked everywhere \(name) acts"
            case .revoke(let k): return "\(x.dependencies[k].id) is already revoked everywhere \(name) acts"
            case .remove(let k): return "\(x.dependencies[k].id) is already off the air"
            default: return "already done"
            }
        case .cannotRemove:
            guard case .remove(let k) = d.verb else { return "\(name) cannot remove it" }
            let bodies = x.dependencies[k].removedBy.map(team)
            let who = bodies.isEmpty ? "the white cell" : bodies.joined(separator: " or ") + " (or the white cell)"
            return "only \(who) can take \(x.dependencies[k].id) off the air"
        case .alreadyAttributed:
            return "\(name) already made this attribution (\(d.line(in: x)))"
        case .refusedInReview(let reason):
            return "the white cell refused it in review: \(reason.string)"
        case .notAfterThisTurn:
            switch d.verb {
            case .inject(let added):
                let at = added.value.inject.trigger.earliestMinute.map(ScenarioTime.offsetText) ?? "?"
                return "\(added.value.inject.id) is set for \(at), which is not after this turn: a time must fall in a later turn (add it without one and 'release' it to play it now)"
            case .delay(_, let m), .advance(_, let m):
                return "\(ScenarioTime.offsetText(m)) is not after this turn: a time must fall in a later turn (to play \(inject) now, 'release' it)"
            default: return "not after this turn"
            }
        case .notScheduled:
            return "\(inject) has no scheduled time: it is released by hand ('release \(inject)')"
        case .wrongDirection:
            let now = d.verb.inject.flatMap { x.injects[$0].trigger.earliestMinute }.map(ScenarioTime.offsetText) ?? "?"
            if case .delay = d.verb { return "\(inject) is due at \(now): a delay moves it later ('advance' moves it earlier)" }
            return "\(inject) is due at \(now): an advance moves it earlier ('delay' moves it later)"
        }
    }
}

extension Rejection {
    /// The inject whose marking refused the information, for the marking rules that name one.
    public var markedBy: Int? {
        switch self {
        case .notReleasable(let i), .notCleared(let i), .notDesignated(let i), .outsideOrganisation(let i): return i
        default: return nil
        }
    }

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
        case .notCleared: return "not-cleared"
        case .notDesignated: return "not-designated"
        case .outsideOrganisation: return "outside-organisation"
        case .noReleasableVersion: return "no-releasable-version"
        case .tearlineNotReleasable: return "tearline-not-releasable"
        case .noSuchExpectation: return "no-such-expectation"
        case .notYetReleased: return "not-yet-released"
        case .awaitingApproval: return "awaiting-approval"
        case .noSuchRequest: return "no-such-request"
        case .notApprover: return "not-approver"
        case .requestNotArrived: return "request-not-arrived"
        case .alreadyAnswered: return "already-answered"
        case .noDomainToCut: return "no-domain-to-cut"
        case .alreadyCut: return "already-cut"
        case .cannotRemove: return "cannot-remove"
        case .alreadyAttributed: return "already-attributed"
        case .refusedInReview: return "refused-in-review"
        case .notAfterThisTurn: return "not-after-this-turn"
        case .notScheduled: return "not-scheduled"
        case .wrongDirection: return "wrong-direction"
        }
    }

    /// Every name, in the order Documentation/Journal.md lists them.
    public static let names = [
        "observers-only-take-notes", "white-cell-only", "over-capacity", "no-authority", "no-authority-in-segment",
        "no-authority-to-grant", "already-reported", "already-contained", "being-restored", "already-restoring",
        "nothing-to-restore", "already-made-tearline", "already-granted", "already-released", "share-with-itself",
        "ask-itself", "grant-itself", "no-channel", "card-not-held", "nothing-known", "original-recipients-only",
        "not-releasable", "not-cleared", "not-designated", "outside-organisation", "no-releasable-version", "tearline-not-releasable", "no-such-expectation",
        "not-yet-released", "awaiting-approval", "no-such-request", "not-approver", "request-not-arrived", "already-answered",
        "no-domain-to-cut", "already-cut", "cannot-remove", "already-attributed", "refused-in-review",
        "not-after-this-turn", "not-scheduled", "wrong-direction",
    ]

    /// The refusal of `d` named `name`, with the values the journal keeps beside the name;
    /// nil when the name is unknown or does not fit the decision (a rule about assets on a
    /// share of a card, say), so that a decoded journal only holds refusals the engine makes.
    public init?(name: String, of d: Decision, limit: Int?, grantor: Int?, markedBy: Int?, approver: Int? = nil, ruling: String? = nil) {
        let v = d.verb
        switch (name, v) {
        case ("observers-only-take-notes", _): self = .observersOnlyTakeNotes
        case ("white-cell-only", .release), ("white-cell-only", .judge), ("white-cell-only", .inject), ("white-cell-only", .delay),
             ("white-cell-only", .advance), ("white-cell-only", .cancel), ("white-cell-only", .observe):
            self = .whiteCellOnly
        case ("already-released", .delay), ("already-released", .advance), ("already-released", .cancel): self = .alreadyReleased
        case ("not-after-this-turn", .inject), ("not-after-this-turn", .delay), ("not-after-this-turn", .advance): self = .notAfterThisTurn
        case ("not-scheduled", .delay), ("not-scheduled", .advance), ("not-scheduled", .cancel): self = .notScheduled
        case ("wrong-direction", .delay), ("wrong-direction", .advance): self = .wrongDirection
        case ("over-capacity", _):
            guard let limit else { return nil }
            self = .overCapacity(limit: limit)
        case ("no-authority", .detect), ("no-authority", .contain), ("no-authority", .restore): self = .noAuthority(grantor: grantor)
        case ("no-authority-in-segment", .hunt): self = .noAuthorityInSegment
        case ("no-authority-to-grant", .grant): self = .noAuthorityToGrant
        case ("already-reported", .detect): self = .alreadyReported
        case ("already-contained", .contain): self = .alreadyContained
        case ("being-restored", .contain): self = .beingRestored
        case ("already-restoring", .restore): self = .alreadyRestoring
        case ("nothing-to-restore", .restore): self = .nothingToRestore
        case ("already-made-tearline", .tearline): self = .alreadyMadeTearline
        case ("already-granted", .grant): self = .alreadyGranted
        case ("already-released", .release): self = .alreadyReleased
        case ("share-with-itself", .share): self = .shareWithItself
        case ("ask-itself", .request): self = .askItself
        case ("grant-itself", .grant): self = .grantItself
        case ("no-channel", .share): self = .noChannel
        case ("card-not-held", .share(.inject, _)), ("card-not-held", .tearline): self = .cardNotHeld
        case ("nothing-known", .share(.asset, _)): self = .nothingKnown
        case ("original-recipients-only", .share), ("original-recipients-only", .tearline): self = .originalRecipientsOnly
        case ("no-releasable-version", .tearline): self = .noReleasableVersion
        case ("tearline-not-releasable", .share(.inject, _)): self = .tearlineNotReleasable
        case ("not-releasable", .share), ("not-releasable", .tearline):
            guard let markedBy else { return nil }
            self = .notReleasable(markedBy: markedBy)
        case ("not-cleared", .share), ("not-cleared", .tearline):
            guard let markedBy else { return nil }
            self = .notCleared(markedBy: markedBy)
        case ("not-designated", .share), ("not-designated", .tearline):
            guard let markedBy else { return nil }
            self = .notDesignated(markedBy: markedBy)
        case ("outside-organisation", .share), ("outside-organisation", .tearline):
            guard let markedBy else { return nil }
            self = .outsideOrganisation(markedBy: markedBy)
        case ("no-such-expectation", .judge): self = .noSuchExpectation
        case ("not-yet-released", .judge): self = .notYetReleased
        case ("awaiting-approval", .contain), ("awaiting-approval", .restore), ("awaiting-approval", .grant),
             ("awaiting-approval", .tearline), ("awaiting-approval", .block), ("awaiting-approval", .revoke),
             ("awaiting-approval", .remove), ("awaiting-approval", .attribute):
            self = .awaitingApproval
        case ("no-such-request", .approve), ("no-such-request", .deny): self = .noSuchRequest
        case ("not-approver", .approve), ("not-approver", .deny):
            guard let approver else { return nil }
            self = .notApprover(approver: approver)
        case ("request-not-arrived", .approve), ("request-not-arrived", .deny): self = .requestNotArrived
        case ("already-answered", .approve), ("already-answered", .deny): self = .alreadyAnswered
        case ("no-domain-to-cut", .block), ("no-domain-to-cut", .revoke): self = .noDomainToCut
        case ("already-cut", .block), ("already-cut", .revoke), ("already-cut", .remove): self = .alreadyCut
        case ("cannot-remove", .remove): self = .cannotRemove
        case ("already-attributed", .attribute): self = .alreadyAttributed
        case ("refused-in-review", _):
            guard let ruling, !ruling.isEmpty else { return nil }
            self = .refusedInReview(reason: InternedText(ruling))
        default: return nil
        }
    }
}
