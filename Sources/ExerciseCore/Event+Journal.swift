/// The journal's event lines, both ways: `Event.json(in:version:)` writes one and
/// `JournalCodec.decode(_:)` reads it back into the `Event` it came from, decisions and
/// refusals included, without reading any sentence. Documentation/Journal.md is the
/// reference; its example journal round-trips byte for byte in the tests.
extension Event {
    /// The event as a journal object (without `hash`), names instead of indices, fields in
    /// a fixed order. Version 1 journals (before typed decisions) are written as they were,
    /// so that a resumed version 1 journal stays one version.
    public func json(in x: Exercise, version: Int = JournalFormat.version) -> JSONValue {
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
        /// A decision's verb and its arguments (version 2 on).
        func verbFields(_ d: Decision) {
            add("verb", .string(d.verb.name))
            switch d.verb {
            case .detect(let a, let technique):
                add("asset", asset(a))
                if let t = technique { add("technique", .string(t.description)) }
            case .hunt(let s): add("segment", .string(x.segments[s].id))
            case .contain(let a), .restore(let a): add("asset", asset(a))
            case .share(let it, let to):
                item(it)
                add("to", team(to))
            case .tearline(let i), .release(let i): add("inject", inject(i))
            case .request(let t, let a):
                add("of", team(t))
                add("asset", asset(a))
            case .grant(let t, let a):
                add("to", team(t))
                add("asset", asset(a))
            case .judge(let i, let e, let verdict, let text):
                add("expectation", .string("\(x.injects[i].id).\(e)"))
                add("verdict", .string(verdict.rawValue))
                add("text", .string(text.string))
            case .note(let text): add("text", .string(text.string))
            case .approve(let r), .deny(let r): add("request", .string(requestID(r)))
            case .block(let k), .revoke(let k), .remove(let k): dependency(k)
            case .attribute(let a, let confidence, let isPublic):
                add("actor", .string(x.actors[a].id))
                add("confidence", .string(confidence.rawValue))
                if isPublic { add("public", .bool(true)) }
            case .inject(let added):
                add("inject", .string(added.value.inject.id))
                add("definition", .string(added.value.definition))
            case .delay(let i, let m), .advance(let i, let m):
                add("inject", inject(i))
                add("to", .int(m))
            case .cancel(let i): add("inject", inject(i))
            case .observe(let o): add("eeg", .string(o.value.text))
            }
        }
        /// A dependency under the name of its kind: `"c2": "mf-c2"`, `"credential": "wa-admin"`.
        func dependency(_ k: Int) { add(x.dependencies[k].kind.rawValue, .string(x.dependencies[k].id)) }
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
            if let seat = d.seat { add("seat", .string(seat.name(in: x))) }
            if version >= 2 { verbFields(d) }
            add("outcome", .string(rejection == nil ? "applied" : "rejected"))
            if let r = rejection {
                if version >= 2 {
                    add("rejection", .string(r.name))
                    switch r {
                    case .overCapacity(let limit): add("limit", .int(limit))
                    case .noAuthority(let grantor): if let g = grantor { add("grantor", team(g)) }
                    case .notReleasable(let markedBy), .notCleared(let markedBy), .notDesignated(let markedBy),
                         .outsideOrganisation(let markedBy):
                        add("markedBy", inject(markedBy))
                    case .notApprover(let approver): add("approver", team(approver))
                    case .refusedInReview(let reason): add("ruling", .string(reason.string))
                    default: break
                    }
                }
                add("reason", .string(r.message(for: d, in: x)))
            }
        case .detection(let t, let a, let technique, let correct):
            add("team", team(t))
            add("asset", asset(a))
            if let tech = technique { add("technique", .string(tech.description)) }
            add("correct", .bool(correct))
        case .contained(let t, let a):
            add("team", team(t))
            add("asset", asset(a))
        case .restoreStarted(let t, let a, let until):
            add("team", team(t))
            add("asset", asset(a))
            add("until", .int(until))
        case .restored(let a), .denyEnded(let a), .spoofEnded(let a):
            add("asset", asset(a))
        case .sent(let from, let to, let it, let arrives, let version):
            add("from", team(from))
            add("to", team(to))
            item(it)
            if version == .tearline { add("version", .string(version.rawValue)) }
            add("arrives", .int(arrives))
        case .delivered(let from, let to, let it, let actor, let version):
            add("from", team(from))
            add("to", team(to))
            item(it)
            if version == .tearline { add("version", .string(version.rawValue)) }
            if let a = actor { add("actor", .string(x.actors[a].id)) }
        case .withheld(let to, let from, let it, let rejection):
            if let from { add("from", team(from)) }
            add("to", team(to))
            item(it)
            add("rejection", .string(rejection.name))
            if let markedBy = rejection.markedBy { add("markedBy", inject(markedBy)) }
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
        case .attributed(let t, let a, let confidence, let isPublic, let correct):
            add("team", team(t))
            add("actor", .string(x.actors[a].id))
            add("confidence", .string(confidence.rawValue))
            if isPublic { add("public", .bool(true)) }
            add("correct", .bool(correct))
        case .cut(let t, let k, let domains):
            add("team", team(t))
            dependency(k)
            add("domains", .array(x.domains.indices.filter { $0 < 64 && domains & (1 << UInt64($0)) != 0 }.map { .string(x.domains[$0].id) }))
        case .judged(let t, let i, let e, let verdict, let reason):
            add("team", team(t))
            add("expectation", .string("\(x.injects[i].id).\(e)"))
            add("verdict", .string(verdict.rawValue))
            add("reason", .string(reason.string))
        case .note(let t, let text):
            add("team", team(t))
            add("text", .string(text.string))
        case .approvalRequested(let r, let k, let d, let arrives):
            add("request", .string(requestID(r)))
            add("approval", .string(x.approvals[k].id))
            add("team", team(d.team))
            add("line", .string(d.line(in: x)))
            verbFields(d)
            add("approver", team(x.approvals[k].approver))
            add("arrives", .int(arrives))
        case .approvalArrived(let r):
            add("request", .string(requestID(r)))
        case .approved(let r, let t), .denied(let r, let t):
            add("request", .string(requestID(r)))
            add("team", team(t))
        case .lapsed(let r, let rejection):
            add("request", .string(requestID(r)))
            add("rejection", .string(rejection.name))
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

/// Reads journal event lines back into events, against the exercise the journal is a run
/// of: names become indices again. Build one per journal (it holds the name tables).
///
/// Decodes version 2 lines whole. A version 1 decision carries only its sentence, so it
/// cannot be decoded without reading English; version 1 journals are read by replaying
/// their inputs (`cdx verify` does that for both versions).
public struct JournalCodec: Sendable {
    public let exercise: Exercise
    private let teams: [String: Int]
    private let assets: [String: Int]
    private let injects: [String: Int]
    private let segments: [String: Int]
    private let actors: [String: Int]
    private let dependencies: [String: Int]
    private let domains: [String: Int]

    /// Why a line does not decode: said in terms of its fields, for `path:line: message`.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Reads an inject written during play back from its statement (`"definition"`), checking
    /// it against the exercise as the language does; the session gives one (the checker is
    /// not in this module). Without one, such a line does not decode.
    private let definitionReader: (@Sendable (String) -> AddedInject?)?
    /// Reads an evaluator's observation back from its EEG text (`"eeg"`), checking it
    /// against the exercise as the EEG parser does; the session gives one, as for injects.
    private let observationReader: (@Sendable (String) -> TypedObservation?)?

    public init(exercise x: Exercise, definitionReader: (@Sendable (String) -> AddedInject?)? = nil,
                observationReader: (@Sendable (String) -> TypedObservation?)? = nil) {
        exercise = x
        self.definitionReader = definitionReader
        self.observationReader = observationReader
        func table(_ ids: [String]) -> [String: Int] {
            var t: [String: Int] = [:]
            for (k, id) in ids.enumerated() where t[id] == nil { t[id] = k }
            return t
        }
        teams = table(x.teams.map(\.id))
        assets = table(x.assets.map(\.id))
        injects = table(x.injects.map(\.id))
        segments = table(x.segments.map(\.id))
        actors = table(x.actors.map(\.id))
        dependencies = table(x.dependencies.map(\.id))
        domains = table(x.domains.map(\.id))
    }

    /// The event a version 2 line holds. Every field is checked against the exercise, and
    /// the result re-encodes to the same object (`decode` fails rather than guess).
    public func decode(_ object: JSONValue) throws(Failure) -> Event {
        let fields = Fields(object: object, codec: self)
        let seq = try fields.int("seq"), turn = try fields.int("turn"), minute = try fields.int("minute")
        let type = try fields.string("type")
        let kind = try decodeKind(type, fields)
        let event = Event(seq: seq, turn: turn, minute: minute, kind: kind)
        // What the line repeats from the exercise (an inject's recipients, the missions' order)
        // must be what the exercise says. A refusal's sentence is for people and is not
        // compared: the typed fields are the record, so rewording never changes what a journal
        // means (cdx verify still sees any edit, since it compares every byte).
        guard event.json(in: exercise, version: JournalFormat.version).withoutSentence == object.withoutHash.withoutSentence else {
            throw Failure("the '\(type)' line does not match this exercise (its fields are not what cdx writes for it)")
        }
        return event
    }

    private func decodeKind(_ type: String, _ f: Fields) throws(Failure) -> Event.Kind {
        switch type {
        case "turn": return .turnStarted
        case "end": return .ended
        case "inject":
            let cause = try f.enumeration("cause", Event.ReleaseCause.self)
            return .injectReleased(inject: try f.inject("inject"), cause: cause)
        case "effect":
            let i = try f.inject("inject")
            let kind = try f.enumeration("effect", Effect.Kind.self)
            let source = try f.optionalAsset("source")
            let a = try f.asset("asset")
            guard let k = exercise.injects[i].effects.firstIndex(where: { $0.kind == kind && $0.source == source && $0.asset == a })
            else { throw Failure("inject '\(exercise.injects[i].id)' has no '\(kind.rawValue)' effect on '\(exercise.assets[a].id)'") }
            let outcome = try f.enumeration("outcome", Event.EffectOutcome.self)
            return .effect(inject: i, effect: k, outcome: outcome, next: try f.optionalInt("next"))
        case "alert":
            return .alert(team: try f.team("team"), asset: try f.asset("asset"), source: try f.enumeration("source", Event.AlertSource.self))
        case "decision":
            var d = Decision(team: try f.team("team"), verb: try decodeVerb(f))
            if let name = try f.optionalString("seat") {
                guard let seat = Decision.Seat(name: name, in: exercise) else {
                    throw Failure("seat '\(name)' is not a team of the exercise, 'white' or 'evaluator'")
                }
                d.seat = seat
            }
            switch try f.string("outcome") {
            case "applied": return .decision(d, rejection: nil)
            case "rejected":
                let name = try f.string("rejection")
                guard let r = Rejection(name: name, of: d, limit: try f.optionalInt("limit"), grantor: try f.optionalTeam("grantor"),
                                        markedBy: try f.optionalInject("markedBy"), approver: try f.optionalTeam("approver"),
                                        ruling: try f.optionalString("ruling"))
                else { throw Failure("rejection '\(name)' does not fit a '\(d.verb.name)' decision") }
                return .decision(d, rejection: r)
            case let other: throw Failure("outcome '\(other)' is neither 'applied' nor 'rejected'")
            }
        case "detection":
            return .detection(team: try f.team("team"), asset: try f.asset("asset"), technique: try f.optionalTechnique("technique"),
                              correct: try f.bool("correct"))
        case "contain": return .contained(team: try f.team("team"), asset: try f.asset("asset"))
        case "restore-start": return .restoreStarted(team: try f.team("team"), asset: try f.asset("asset"), until: try f.int("until"))
        case "restored": return .restored(asset: try f.asset("asset"))
        case "deny-ended": return .denyEnded(asset: try f.asset("asset"))
        case "spoof-ended": return .spoofEnded(asset: try f.asset("asset"))
        case "sent":
            return .sent(from: try f.team("from"), to: try f.team("to"), item: try f.item(), arrives: try f.int("arrives"),
                         version: try f.version())
        case "delivered":
            return .delivered(from: try f.team("from"), to: try f.team("to"), item: try f.item(), actor: try f.optionalActor("actor"),
                              version: try f.version())
        case "withheld":
            let to = try f.team("to"), from = try f.optionalTeam("from"), item = try f.item()
            let name = try f.string("rejection")
            let markedBy = try f.optionalInject("markedBy")
            let rejection: Rejection
            switch name {
            case Rejection.originalRecipientsOnly.name: rejection = .originalRecipientsOnly
            case Rejection.notReleasable(markedBy: 0).name, Rejection.notCleared(markedBy: 0).name,
                 Rejection.notDesignated(markedBy: 0).name, Rejection.outsideOrganisation(markedBy: 0).name:
                guard let m = markedBy else { throw Failure("missing field 'markedBy'") }
                switch name {
                case Rejection.notCleared(markedBy: 0).name: rejection = .notCleared(markedBy: m)
                case Rejection.notDesignated(markedBy: 0).name: rejection = .notDesignated(markedBy: m)
                case Rejection.outsideOrganisation(markedBy: 0).name: rejection = .outsideOrganisation(markedBy: m)
                default: rejection = .notReleasable(markedBy: m)
                }
            default: throw Failure("rejection '\(name)' is not a releasability rule")
            }
            return .withheld(to: to, from: from, item: item, rejection: rejection)
        case "tearline-start": return .tearlineStarted(team: try f.team("team"), inject: try f.inject("inject"), ready: try f.int("ready"))
        case "tearline-ready": return .tearlineReady(team: try f.team("team"), inject: try f.inject("inject"))
        case "request": return .requested(team: try f.team("team"), of: try f.team("of"), asset: try f.asset("asset"))
        case "grant": return .granted(team: try f.team("team"), to: try f.team("to"), asset: try f.asset("asset"))
        case "attribution":
            return .attributed(team: try f.team("team"), actor: try f.actor("actor"),
                               confidence: try f.enumeration("confidence", Decision.Confidence.self),
                               public: try f.publicFlag(), correct: try f.bool("correct"))
        case "cut":
            let t = try f.team("team")
            let k = try f.object["c2"] != nil ? f.dependency("c2", .c2)
                : f.object["emitter"] != nil ? f.dependency("emitter", .emitter) : f.dependency("credential", .credential)
            guard let list = f.object["domains"]?.arrayValue else { throw Failure("missing or malformed field 'domains'") }
            var bits: UInt64 = 0
            for value in list {
                guard let id = value.stringValue, let d = domains[id], d < 64 else {
                    throw Failure("'domains' must list domains of this exercise, not \(value.serialized())")
                }
                bits |= 1 << UInt64(d)
            }
            return .cut(team: t, dependency: k, domains: bits)
        case "judge":
            let t = try f.team("team")
            let (i, e) = try f.expectation("expectation")
            return .judged(team: t, inject: i, expectation: e, verdict: try f.enumeration("verdict", Decision.Verdict.self),
                           reason: InternedText(try f.string("reason")))
        case "note": return .note(team: try f.team("team"), text: InternedText(try f.string("text")))
        case "approval-request":
            let r = try f.request("request")
            let id = try f.string("approval")
            guard let k = exercise.approvals.firstIndex(where: { $0.id == id }) else { throw Failure("unknown approval '\(id)'") }
            let d = Decision(team: try f.team("team"), verb: try decodeVerb(f))
            return .approvalRequested(request: r, approval: k, decision: d, arrives: try f.int("arrives"))
        case "approval-arrived": return .approvalArrived(request: try f.request("request"))
        case "approved": return .approved(request: try f.request("request"), team: try f.team("team"))
        case "denied": return .denied(request: try f.request("request"), team: try f.team("team"))
        case "lapsed":
            // The held decision's rule; it is one of the refusals of contain, restore and grant.
            let r = try f.request("request")
            let name = try f.string("rejection")
            guard let rejection = [Rejection.alreadyContained, .beingRestored, .alreadyRestoring, .alreadyGranted]
                .first(where: { $0.name == name })
            else { throw Failure("rejection '\(name)' is not one an approved decision can lapse by") }
            return .lapsed(request: r, rejection: rejection)
        case "undo": return .undo(decision: try f.int("decision"))
        case "missions":
            guard let levels = f.object["missions"]?.objectValue else { throw Failure("missing or malformed field 'missions'") }
            guard levels.map(\.key) == exercise.missions.map(\.id) else {
                throw Failure("'missions' does not list this exercise's missions in file order")
            }
            var out: [ServiceLevel] = []
            for (id, value) in levels {
                guard let text = value.stringValue, let level = ServiceLevel(rawValue: text) else {
                    throw Failure("mission '\(id)' has no level 'up', 'degraded' or 'down'")
                }
                out.append(level)
            }
            return .missions(MissionLevels(out))
        case "turn-end":
            guard let words = f.object["rng"]?.arrayValue, words.count == 4 else { throw Failure("'rng' must be four hex words") }
            var w: [UInt64] = []
            for word in words {
                guard let text = word.stringValue, text.utf8.count == 16, let v = UInt64(text, radix: 16) else {
                    throw Failure("'rng' must be four 16-digit hex words")
                }
                w.append(v)
            }
            return .turnEnded(rng: SeededGenerator(state: (w[0], w[1], w[2], w[3])))
        default:
            throw Failure("unknown event type '\(type)'")
        }
    }

    private func decodeVerb(_ f: Fields) throws(Failure) -> Decision.Verb {
        let verb = try f.string("verb")
        switch verb {
        case "detect": return .detect(asset: try f.asset("asset"), technique: try f.optionalTechnique("technique"))
        case "hunt":
            let id = try f.string("segment")
            guard let s = segments[id] else { throw Failure("unknown segment '\(id)'") }
            return .hunt(segment: s)
        case "contain": return .contain(asset: try f.asset("asset"))
        case "restore": return .restore(asset: try f.asset("asset"))
        case "share": return .share(try f.item(), to: try f.team("to"))
        case "tearline": return .tearline(inject: try f.inject("inject"))
        case "release": return .release(inject: try f.inject("inject"))
        case "request": return .request(team: try f.team("of"), asset: try f.asset("asset"))
        case "grant": return .grant(team: try f.team("to"), asset: try f.asset("asset"))
        case "judge":
            // Not checked against the inject's expectations: the engine refuses a ruling on one it does not have.
            let (i, e) = try f.expectation("expectation", mustExist: false)
            return .judge(inject: i, expectation: e, verdict: try f.enumeration("verdict", Decision.Verdict.self), reason: InternedText(try f.string("text")))
        case "note": return .note(InternedText(try f.string("text")))
        case "approve": return .approve(request: try f.request("request"))
        case "deny": return .deny(request: try f.request("request"))
        case "block": return .block(dependency: try f.dependency("c2", .c2))
        case "revoke": return .revoke(dependency: try f.dependency("credential", .credential))
        case "remove": return .remove(dependency: try f.dependency("emitter", .emitter))
        case "attribute":
            return .attribute(actor: try f.actor("actor"), confidence: try f.enumeration("confidence", Decision.Confidence.self),
                              public: try f.publicFlag())
        case "inject":
            let definition = try f.string("definition")
            guard let definitionReader else { throw Failure("an inject written during play cannot be read here") }
            guard let added = definitionReader(definition) else {
                throw Failure("the inject written during play does not check against this exercise: \(definition)")
            }
            return .inject(InternedInject(added))
        case "delay": return .delay(inject: try f.inject("inject"), to: try f.int("to"))
        case "advance": return .advance(inject: try f.inject("inject"), to: try f.int("to"))
        case "cancel": return .cancel(inject: try f.inject("inject"))
        case "observe":
            let text = try f.string("eeg")
            guard let observationReader else { throw Failure("an evaluator's observation cannot be read here") }
            guard let observation = observationReader(text) else {
                throw Failure("the evaluator's observation does not check against this exercise: \(text)")
            }
            return .observe(InternedObservation(observation))
        default: throw Failure("unknown verb '\(verb)'")
        }
    }

    /// Typed access to one line's fields, each failure naming the field.
    private struct Fields {
        let object: JSONValue
        let codec: JournalCodec

        func value(_ key: String) throws(Failure) -> JSONValue {
            guard let v = object[key] else { throw Failure("missing field '\(key)'") }
            return v
        }
        func string(_ key: String) throws(Failure) -> String {
            guard let s = try value(key).stringValue else { throw Failure("field '\(key)' must be a string") }
            return s
        }
        func optionalString(_ key: String) throws(Failure) -> String? { object[key] == nil ? nil : try string(key) }
        func optionalTechnique(_ key: String) throws(Failure) -> Technique? {
            guard let text = try optionalString(key) else { return nil }
            guard let t = Technique(text) else { throw Failure("field '\(key)' must be an ATT&CK technique ID (T1566.001), not '\(text)'") }
            return t
        }
        func int(_ key: String) throws(Failure) -> Int {
            guard let n = try value(key).intValue else { throw Failure("field '\(key)' must be an integer") }
            return n
        }
        func optionalInt(_ key: String) throws(Failure) -> Int? { object[key] == nil ? nil : try int(key) }
        func bool(_ key: String) throws(Failure) -> Bool {
            guard let b = try value(key).boolValue else { throw Failure("field '\(key)' must be true or false") }
            return b
        }
        func enumeration<T: RawRepresentable>(_ key: String, _: T.Type) throws(Failure) -> T where T.RawValue == String {
            let s = try string(key)
            guard let v = T(rawValue: s) else { throw Failure("'\(s)' is not a known value of '\(key)'") }
            return v
        }
        private func lookup(_ key: String, _ table: [String: Int], _ what: String) throws(Failure) -> Int {
            let id = try string(key)
            guard let k = table[id] else { throw Failure("unknown \(what) '\(id)' in '\(key)'") }
            return k
        }
        func team(_ key: String) throws(Failure) -> Int { try lookup(key, codec.teams, "team") }
        func asset(_ key: String) throws(Failure) -> Int { try lookup(key, codec.assets, "asset") }
        func inject(_ key: String) throws(Failure) -> Int { try lookup(key, codec.injects, "inject") }
        func optionalTeam(_ key: String) throws(Failure) -> Int? { object[key] == nil ? nil : try team(key) }
        /// A C2 or credential of the exercise, of the kind the field names.
        func dependency(_ key: String, _ kind: Dependency.Kind) throws(Failure) -> Int {
            let what = kind == .c2 ? "C2" : kind.rawValue
            let k = try lookup(key, codec.dependencies, what)
            guard codec.exercise.dependencies[k].kind == kind else {
                throw Failure("'\(codec.exercise.dependencies[k].id)' in '\(key)' is not \(kind == .emitter ? "an" : "a") \(what)")
            }
            return k
        }
        func optionalAsset(_ key: String) throws(Failure) -> Int? { object[key] == nil ? nil : try asset(key) }
        func optionalInject(_ key: String) throws(Failure) -> Int? { object[key] == nil ? nil : try inject(key) }
        func actor(_ key: String) throws(Failure) -> Int { try lookup(key, codec.actors, "actor") }
        /// `"public": true`, written only for a public attribution (so absent is false, and
        /// `false` is not what the writer makes).
        func publicFlag() throws(Failure) -> Bool {
            guard object["public"] != nil else { return false }
            guard try bool("public") else { throw Failure("field 'public' is written only as true") }
            return true
        }
        func optionalActor(_ key: String) throws(Failure) -> Int? {
            object[key] == nil ? nil : try lookup(key, codec.actors, "actor")
        }
        /// "R3": an approval request's 0-based index.
        func request(_ key: String) throws(Failure) -> Int {
            let text = try string(key)
            guard let r = requestIndex(text), requestID(r) == text else { throw Failure("'\(text)' in '\(key)' is not a request id like R1") }
            return r
        }
        /// `inject` or `asset`, whichever the line has.
        func item() throws(Failure) -> Decision.Item {
            if object["inject"] != nil { return .inject(try inject("inject")) }
            return .asset(try asset("asset"))
        }
        /// Which card version a share carried: `version` is written only for a tearline.
        func version() throws(Failure) -> CardVersion {
            guard object["version"] != nil else { return .original }
            let text = try string("version")
            guard text == CardVersion.tearline.rawValue else { throw Failure("'version' is '\(text)'; only 'tearline' is written") }
            return .tearline
        }
        /// "A1.2": the inject and the expectation's 1-based number.
        func expectation(_ key: String, mustExist: Bool = true) throws(Failure) -> (Int, Int) {
            let text = try string(key)
            guard let dot = text.lastIndex(of: "."), let i = codec.injects[String(text[..<dot])],
                  let n = Int(text[text.index(after: dot)...]),
                  !mustExist || (n >= 1 && n <= codec.exercise.injects[i].expectations.count)
            else { throw Failure("'\(text)' in '\(key)' is not an expectation of this exercise") }
            return (i, n)
        }
    }
}

extension JSONValue {
    /// The object without its `hash` member (a sealed journal line's content).
    var withoutHash: JSONValue {
        guard let members = objectValue else { return self }
        return .object(members.filter { $0.key != "hash" })
    }

    /// A decision line without the sentence that explains its refusal.
    var withoutSentence: JSONValue {
        guard self["type"]?.stringValue == "decision", let members = objectValue else { return self }
        return .object(members.filter { $0.key != "reason" })
    }
}
