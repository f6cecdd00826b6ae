import ExerciseCore
import ExerciseScript
import Presentation
import Umpire

/// What each seat is shown, as JSON: a pure function of the session (the engine's state and
/// the events) and the seat. A team's view is built from what the engine says the team
/// holds — its cards, its tearlines, its knowledge of assets — and from the events as the
/// narrator tells them to that team; never from the ground truth. The board's is built
/// from what the whole room may see. The white cell's and the evaluators' hold everything.
enum SeatView {
    /// What the server adds that the session does not hold.
    struct Context {
        /// Chain heads at each turn's end: (turn, hash).
        var heads: [(turn: Int, hash: String)] = []
        /// Whether the white cell has put the scores on the board (they are, once the exercise is over).
        var scoresOnBoard = false
        /// Team decisions held for the white cell's ruling (`--review`).
        var held: [Held] = []
        var review = false
    }

    /// A decision typed at a team seat and held for the white cell (`--review`).
    struct Held: Equatable {
        var number: Int
        var role: SeatRole
        var decision: Decision
        var turn: Int
    }

    static func render(_ session: GameSession, role: SeatRole, context: Context) -> JSONValue {
        let x = session.exercise, s = session.state
        var fields: [(key: String, value: JSONValue)] = [
            ("role", .string(role.name(in: x))),
            ("team", role.teamIndex.map { .string(x.teams[$0].id) } ?? .null),
            ("title", .string(x.title)),
            ("marking", .string(x.marking)),
            ("turn", .int(s.turn)),
            ("turns", .int(x.turns)),
            ("open", .bool(s.turnOpen)),
            ("finished", .bool(session.isFinished)),
            ("scenario", .string(ScenarioTime.offsetText(s.minute))),
            ("clock", .string(ScenarioTime.local(x, minute: s.minute))),
        ]
        switch role {
        case .team(let t): fields += team(session, t, context)
        case .white, .evaluator: fields += whiteCell(session, context)
        case .board: fields += board(session, context)
        }
        return .object(fields)
    }

    // MARK: A team

    private static func team(_ session: GameSession, _ t: Int, _ context: Context) -> [(key: String, value: JSONValue)] {
        let x = session.exercise, s = session.state, held = s.teams[t]
        let language = x.language(ofTeam: t)
        var out: [(key: String, value: JSONValue)] = [
            ("teamName", .string(x.teams[t].name)),
            ("language", .string(language.rawValue)),
            ("capacity", .object([("left", .int(max(0, x.teams[t].capacity - s.used[t]))), ("of", .int(x.teams[t].capacity))])),
        ]
        // Cards: those the engine says the team holds, as written or only as their tearline.
        var cards: [JSONValue] = held.injects.map { card($0, x, version: .original, language: language) }
        cards += held.tearlines.filter { !held.injects.contains($0) }.map { card($0, x, version: .tearline, language: language) }
        out.append(("cards", .array(cards)))
        out.append(("log", log(session.events, viewer: .team(t), x)))
        out.append(("assets", .array(held.known.map { k in
            .object([
                ("id", .string(x.assets[k.asset].id)), ("name", .string(x.assets[k.asset].name)),
                ("reported", .bool(held.reported.contains(k.asset))),
            ])
        })))
        // Requests this team must answer, once they have reached it; and its own.
        var approve: [JSONValue] = [], mine: [JSONValue] = []
        for r in s.requests.indices {
            let q = s.requests[r], rule = x.approvals[q.approval]
            if rule.approver == t, q.arrived, q.isOpen {
                approve.append(.object([("id", .string(requestID(r))), ("line", .string(q.decision.line(in: x))), ("rule", .string(rule.id))]))
            }
            if q.decision.team == t {
                let state = q.answer.map { $0.approved ? "approved" : "denied" } ?? "waiting"
                mine.append(.object([("id", .string(requestID(r))), ("line", .string(q.decision.line(in: x))), ("state", .string(state))]))
            }
        }
        out.append(("toApprove", .array(approve)))
        out.append(("requests", .array(mine)))
        out.append(("held", .array(context.held.filter { $0.role == .team(t) }.map { heldJSON($0, x) })))
        out.append(("choices", choices(session, t)))
        return out
    }

    /// A card in the reader's language (nil: the exercise's) where it is written in it, with
    /// its other languages under `other` for the seat's switch; a tearline only as its text.
    private static func card(_ i: Int, _ x: Exercise, version: CardVersion, language: Language? = nil) -> JSONValue {
        let inject = x.injects[i]
        let first = language.flatMap { x.card(i, in: $0) } ?? x.card(i, in: x.language)!
        let others = x.otherCards(i, besides: first.language)
        func named(_ card: CardText) -> [(key: String, value: JSONValue)] {
            [("language", .string(card.language.rawValue)), ("languageName", .string(card.language.name))]
        }
        if version == .tearline, let tearline = inject.tearline {
            return .object([
                ("id", .string(inject.id)), ("version", .string("tearline")), ("marking", .string(tearline.marking.text)),
                ("text", .string(first.tearline ?? tearline.text)),
            ] + named(first) + [
                ("other", .array(others.compactMap { c in c.tearline.map { .object(named(c) + [("text", .string($0))]) } })),
            ])
        }
        return .object([
            ("id", .string(inject.id)), ("version", .string("original")), ("title", .string(first.title)),
            ("from", inject.sender.map { .string($0) } ?? .null), ("via", inject.method.map { .string($0) } ?? .null),
            ("marking", .string(inject.marking.text)), ("text", .string(first.text)),
        ] + named(first) + [
            ("other", .array(others.map { .object(named($0) + [("title", .string($0.title)), ("text", .string($0.text))]) })),
        ])
    }

    /// The names a team's forms offer: assets it may act on or knows, segments it may hunt,
    /// teams it has a channel to, and what it may share. Only names the team may know.
    private static func choices(_ session: GameSession, _ t: Int) -> JSONValue {
        let x = session.exercise, s = session.state
        var assets: [Int] = []
        for a in x.assets.indices where x.hasAuthority(t, inDomain: x.domain(ofAsset: a)) || s.teams[t].knows(a) { assets.append(a) }
        for g in s.grants where g.team == t && !assets.contains(g.asset) { assets.append(g.asset) }
        let segments = x.segments.indices.filter { x.hasAuthority(t, inDomain: x.segments[$0].domain) }
        var to: [Int] = []
        for c in x.channels where c.from == t && !to.contains(c.to) { to.append(c.to) }
        var items = s.teams[t].injects.map { x.injects[$0].id }
        items += s.teams[t].tearlines.filter { !s.teams[t].injects.contains($0) }.map { x.injects[$0].id }
        items += s.teams[t].knownAssets.map { x.assets[$0].id }
        return .object([
            ("assets", .array(assets.map { .object([("id", .string(x.assets[$0].id)), ("name", .string(x.assets[$0].name))]) })),
            ("segments", .array(segments.map { .string(x.segments[$0].id) })),
            ("shareTo", .array(to.map { .string(x.teams[$0].id) })),
            ("items", .array(items.map { .string($0) })),
        ])
    }

    /// The events as the viewer is told them, without the routine clock lines: what `cdx view` shows.
    static func log(_ events: [Event], viewer: Viewer, _ x: Exercise) -> JSONValue {
        var narrator = EventNarrator(exercise: x, viewer: viewer)
        var lines: [JSONValue] = []
        for e in events {
            guard let told = narrator.describe(e), !told.isRoutine else { continue }
            var line: [(key: String, value: JSONValue)] = [("turn", .int(e.turn)), ("text", .string(told.text))]
            if told.isWhiteCellOnly { line.append(("whiteCellOnly", .bool(true))) }
            if let i = told.card { line.append(("card", .string(x.injects[i].id))) }
            lines.append(.object(line))
        }
        return .array(lines)
    }

    static func heldJSON(_ h: Held, _ x: Exercise) -> JSONValue {
        .object([("number", .int(h.number)), ("seat", .string(h.role.name(in: x))), ("line", .string(h.decision.line(in: x))), ("turn", .int(h.turn))])
    }

    // MARK: The white cell and the evaluators

    private static func whiteCell(_ session: GameSession, _ context: Context) -> [(key: String, value: JSONValue)] {
        let x = session.exercise, s = session.state
        // Every card released so far, with its tearline's text where it has one.
        let cards: [JSONValue] = x.injects.indices.filter { s.injects[$0].releasedAt != nil }.map { i in
            guard case .object(var fields) = card(i, x, version: .original) else { return .null }
            fields.append(("to", .array(x.injects[i].recipients.map { .string(x.teams[$0].id) })))
            if let t = x.injects[i].tearline {
                let others: [JSONValue] = x.otherCards(i, besides: x.language).compactMap { c in
                    c.tearline.map { .object([("language", .string(c.language.rawValue)), ("languageName", .string(c.language.name)), ("text", .string($0))]) }
                }
                fields.append(("tearline", .object([("marking", .string(t.marking.text)), ("text", .string(t.text)), ("other", .array(others))])))
            }
            return .object(fields)
        }
        return [
            ("cards", .array(cards)),
            ("status", .string(Console.status(session))),
            ("board", .string(Console.board(session))),
            ("log", log(session.events, viewer: .whiteCell, x)),
            ("held", .array(context.held.map { heldJSON($0, x) })),
            ("review", .bool(context.review)),
            ("activity", activity(session)),
            ("heads", heads(context)),
            // What an evaluator's observation may be about: the objectives and the expectations.
            ("about", .array(x.objectives.map { .string($0.id) }
                + x.injects.flatMap { i in i.expectations.map { .string("\(i.id).\($0.number)") } })),
        ]
    }

    // MARK: The board on the projector

    /// Only what the whole room may see: the clock, which cards went to whom and under
    /// what marking (a title only when the card is TLP:CLEAR, public), the missions, how
    /// busy each team is, the chain heads, and the scores once shown.
    private static func board(_ session: GameSession, _ context: Context) -> [(key: String, value: JSONValue)] {
        let x = session.exercise, s = session.state
        var cards: [JSONValue] = []
        for i in x.injects.indices where s.injects[i].releasedAt != nil {
            let to = x.injects[i].recipients.filter { x.teams[$0].role != .white }
            guard !to.isEmpty else { continue }
            var card: [(key: String, value: JSONValue)] = [
                ("id", .string(x.injects[i].id)), ("turn", .int(x.turn(containing: s.injects[i].releasedAt!))),
                ("marking", .string(x.injects[i].marking.text.isEmpty ? "unmarked" : x.injects[i].marking.text)),
                ("to", .array(to.map { .string(x.teams[$0].id) })),
            ]
            if x.injects[i].marking == .tlp(.clear) { card.append(("title", .string(x.injects[i].title))) }
            cards.append(.object(card))
        }
        var out: [(key: String, value: JSONValue)] = [
            ("cards", .array(cards)),
            ("activity", activity(session)),
            ("heads", heads(context)),
        ]
        // The missions' service comes from the ground truth (a spoofed sensor degrades one
        // before anyone has found the spoofing): like the scores, the board shows it once the
        // exercise is over, or when the white cell puts it up ('scores show').
        if context.scoresOnBoard || session.isFinished {
            let levels = x.missions.map { m in m.needs.map { s.assets[$0].service }.max() ?? .up }
            out.append(("missions", .array(zip(x.missions, levels).map {
                .object([("id", .string($0.id)), ("name", .string($0.name)), ("level", .string($1.rawValue))])
            })))
            let card = Umpire.score(x, events: session.events)
            out.append(("availability", .int(card.availability)))
            out.append(("scores", .array(card.teams.map { .object([("team", .string($0.name)), ("score", $0.score.map { .int($0) } ?? .null)]) })))
        } else {
            out.append(("missions", .null))
            out.append(("scores", .null))
        }
        return out
    }

    /// Per playing team: decisions used this turn of its capacity, and in all how many
    /// were applied and how many refused.
    private static func activity(_ session: GameSession) -> JSONValue {
        let x = session.exercise, s = session.state
        var applied = [Int](repeating: 0, count: x.teams.count), refused = applied
        for e in session.events {
            if case .decision(let d, let r) = e.kind { if r == nil { applied[d.team] += 1 } else { refused[d.team] += 1 } }
        }
        return .array(SeatRole.teamSeats(x).compactMap { $0.teamIndex }.map { t in
            .object([
                ("team", .string(x.teams[t].id)), ("name", .string(x.teams[t].name)),
                ("used", .int(s.turnOpen ? s.used[t] : 0)), ("capacity", .int(x.teams[t].capacity)),
                ("applied", .int(applied[t])), ("refused", .int(refused[t])),
            ])
        })
    }

    private static func heads(_ context: Context) -> JSONValue {
        .array(context.heads.map { .object([("turn", .int($0.turn)), ("head", .string(String($0.hash.prefix(12))))]) })
    }
}

extension SeatRole {
    var teamIndex: Int? {
        if case .team(let t) = self { return t }
        return nil
    }
}
