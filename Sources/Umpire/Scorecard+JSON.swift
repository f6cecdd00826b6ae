import ExerciseCore

extension Scorecard {
    public static let jsonFormat = "cdx-scorecard"
    public static let jsonVersion = 1

    /// The scorecard as JSON for other tools: names instead of indices, members in a fixed
    /// order, times in scenario minutes (null when it never happened). Documented in
    /// Documentation/Scoring.md; a new field is an addition, never a change of meaning.
    public func json(in x: Exercise) -> JSONValue {
        func team(_ t: Int?) -> JSONValue { t.map { .string(x.teams[$0].id) } ?? .null }
        func int(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
        func times(_ t: Times) -> JSONValue {
            .object([("count", .int(t.count)), ("median", int(t.median)), ("mean", int(t.mean)), ("open", .int(t.open))])
        }
        func group(_ g: Group) -> JSONValue {
            .object([
                ("name", .string(g.name)), ("score", int(g.score)),
                ("subscores", .object(g.subscores.map { ($0.measure.rawValue, .int($0.score)) })),
                ("compromises", .int(g.compromises)), ("detect", times(g.detect)), ("contain", times(g.contain)),
                ("restore", times(g.restore)), ("share", times(g.share)), ("falseReports", .int(g.falseReports)),
                ("rejected", .int(g.rejected)),
                ("expectations", .object([("met", .int(g.expectationsMet)), ("late", .int(g.expectationsLate)),
                                          ("missed", .int(g.expectationsMissed))])),
            ])
        }
        return .object([
            ("format", .string(Self.jsonFormat)), ("version", .int(Self.jsonVersion)), ("exercise", .string(x.title)),
            ("turnsPlayed", .int(turnsPlayed)), ("minutesPlayed", .int(minutesPlayed)), ("score", int(overall.score)),
            ("overall", group(overall)), ("teams", .array(teams.map(group))), ("domains", .array(domains.map(group))),
            ("compromises", .array(compromises.map { c in
                .object([
                    ("asset", .string(x.assets[c.asset].id)), ("actor", .string(x.actors[c.actor].id)),
                    ("inject", c.inject.map { .string(x.injects[$0].id) } ?? .null), ("technique", c.technique.map { .string($0) } ?? .null),
                    ("compromisedAt", .int(c.compromisedAt)), ("detectedAt", int(c.detectedAt)), ("detectedBy", team(c.detectedBy)),
                    ("detectedVia", c.detectedVia.map { .string($0.rawValue) } ?? .null), ("afterAlert", .bool(c.afterAlert)),
                    ("containedAt", int(c.containedAt)), ("restoredAt", int(c.restoredAt)),
                    ("timeToDetect", int(c.timeToDetect)), ("timeToContain", int(c.timeToContain)),
                ])
            })),
            ("outages", .array(outages.map { o in
                .object([
                    ("asset", .string(x.assets[o.asset].id)), ("lostAt", .int(o.lostAt)), ("worst", .string(o.worst.rawValue)),
                    ("backAt", int(o.backAt)), ("byRestore", .bool(o.byRestore)), ("timeToRestore", int(o.timeToRestore)),
                ])
            })),
            ("expectations", .array(expectations.map { r in
                let e = x.injects[r.inject].expectations[r.number - 1]
                return .object([
                    ("id", .string("\(x.injects[r.inject].id).\(r.number)")), ("action", .string(e.action.verb)),
                    ("team", team(e.team)), ("dueAt", int(r.dueAt)), ("doneAt", int(r.doneAt)), ("status", .string(r.status.rawValue)),
                    ("judged", .bool(r.judged)), ("reason", r.reason.map { .string($0) } ?? .null),
                ])
            })),
            ("objectives", .array(objectives.map { o in
                .object([
                    ("id", .string(x.objectives[o.objective].id)), ("text", .string(x.objectives[o.objective].text)),
                    ("met", .int(o.met)), ("late", .int(o.late)), ("missed", .int(o.missed)), ("rating", .string(o.rating.rawValue)),
                    ("dataLost", .bool(o.dataLost)),
                ])
            })),
            ("missions", .array(zip(x.missions, missionAvailability).map { m, a in
                .object([("id", .string(m.id)), ("weight", .int(m.weight)), ("availabilityPerMille", .int(a))])
            })),
            ("availabilityPerMille", .int(availability)),
            ("falseReports", .object(x.teams.indices.filter { falseReports[$0] > 0 }.map { (x.teams[$0].id, .int(falseReports[$0])) })),
            ("rejections", .array(rejections.map { .object([("reason", .string($0.rule.rawValue)), ("count", .int($0.count))]) })),
            ("coverage", .object([("covered", .int(coverage.covered)), ("effects", .int(coverage.total))])),
            ("dataLoss", .array(dataLoss.map { d in
                .object([
                    ("asset", .string(x.assets[d.asset].id)), ("criticality", .int(d.criticality)), ("inject", .string(x.injects[d.inject].id)),
                    ("triedAt", .int(d.triedAt)), ("lostAt", int(d.lostAt)),
                    ("lostBy", d.lostBy.map { .string(x.injects[$0].id) } ?? .null),
                ])
            })),
            ("authorise", times(authorise)),
            ("authorisations", .array(authorisations.map { a in
                .object([
                    ("request", .string(requestID(a.request))), ("approval", .string(x.approvals[a.approval].id)),
                    ("team", team(a.decision.team)), ("decision", .string(a.decision.line(in: x))), ("approver", team(a.approver)),
                    ("requestedAt", .int(a.requestedAt)), ("arrivedAt", int(a.arrivedAt)), ("answeredAt", int(a.answeredAt)),
                    ("answeredBy", team(a.answeredBy)),
                    ("answer", .string(a.approved.map { $0 ? (a.lapsed ? "approved-lapsed" : "approved") : "denied" } ?? "none")),
                    ("timeToAuthorise", int(a.timeToAuthorise)),
                ])
            })),
            ("attributions", .array(attributions.map { a in
                .object([
                    ("team", team(a.team)), ("actor", .string(x.actors[a.actor].id)), ("confidence", .string(a.confidence.rawValue)),
                    ("public", .bool(a.isPublic)), ("correct", .bool(a.correct)), ("at", .int(a.at)),
                    ("afterFirstInject", int(a.afterFirstInject)),
                ])
            })),
        ])
    }
}
