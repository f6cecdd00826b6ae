import ExerciseCore
import Umpire

/// The run as a MITRE ATT&CK Navigator layer (layer format 4.5): one entry per technique of
/// the scorecard's compromises, scored 0–100 by the share of those compromises that were
/// detected, with the median time to detect in the comment.
///
/// A layer belongs to one ATT&CK domain. Techniques `T0xxx` are ATT&CK for ICS, the others
/// Enterprise; the layer takes the domain most of the compromise techniques belong to
/// (Enterprise on a tie) and names the techniques of the other domain, with their figures,
/// in the description and the `metadata` (Navigator would not show them in this layer).
public enum NavigatorLayer {
    public static func layer(_ input: ReportInput) -> JSONValue {
        let x = input.exercise
        let stats = techniqueStats(input.scorecard)
        let ics = stats.filter { isICS($0.technique) }.count
        let domainIsICS = ics * 2 > stats.count
        let inLayer = stats.filter { isICS($0.technique) == domainIsICS }
        let others = stats.filter { isICS($0.technique) != domainIsICS }
        let domain = domainIsICS ? "ics-attack" : "enterprise-attack"
        let otherDomain = domainIsICS ? "enterprise-attack" : "ics-attack"

        var description = "\(x.marking) — \(x.title): compromise techniques scored by the share of their "
            + "compromises that were detected (0 none, 100 all). Journal \(input.journalName) (\(input.journalHash))."
        if !others.isEmpty {
            description += " Not shown (\(otherDomain)): "
                + others.map { "\($0.technique) score \($0.score) (\($0.comment))" }.joined(separator: "; ") + "."
        }

        var metadata: [JSONValue] = [
            entry("marking", x.marking), entry("exercise", x.title), entry("journal", input.journalName),
            entry("journal hash", input.journalHash),
        ]
        for o in others { metadata.append(entry("\(otherDomain) \(o.technique)", "score \(o.score); \(o.comment)")) }

        let techniques: [JSONValue] = inLayer.map { s in
            .object([
                ("techniqueID", .string(s.technique)), ("score", .int(s.score)), ("comment", .string(s.comment)),
                ("enabled", .bool(true)), ("metadata", .array([])), ("links", .array([])),
                ("showSubtechniques", .bool(false)),
            ])
        }
        let version = x.attackVersion.hasPrefix("v") || x.attackVersion.hasPrefix("V")
            ? String(x.attackVersion.dropFirst()) : x.attackVersion
        return .object([
            ("name", .string("\(x.title) — detection of compromise techniques")),
            ("versions", .object([("attack", .string(version)), ("navigator", .string("5.1.0")), ("layer", .string("4.5"))])),
            ("domain", .string(domain)),
            ("description", .string(description)),
            ("filters", .object([("platforms", .array([]))])),
            ("sorting", .int(3)),
            ("layout", .object([
                ("layout", .string("side")), ("aggregateFunction", .string("average")), ("showID", .bool(true)),
                ("showName", .bool(true)), ("showAggregateScores", .bool(false)), ("countUnscored", .bool(false)),
                ("expandedSubtechniques", .string("annotated")),
            ])),
            ("hideDisabled", .bool(false)),
            ("techniques", .array(techniques)),
            ("gradient", .object([
                ("colors", .array([.string("#ff6666ff"), .string("#ffe766ff"), .string("#8ec843ff")])),
                ("minValue", .int(0)), ("maxValue", .int(100)),
            ])),
            ("legendItems", .array([
                .object([("label", .string("no compromise detected")), ("color", .string("#ff6666"))]),
                .object([("label", .string("half detected")), ("color", .string("#ffe766"))]),
                .object([("label", .string("every compromise detected")), ("color", .string("#8ec843"))]),
            ])),
            ("metadata", .array(metadata)),
            ("links", .array([])),
            ("showTacticRowBackground", .bool(false)),
            ("tacticRowBackground", .string("#dddddd")),
            ("selectTechniquesAcrossTactics", .bool(true)),
            ("selectSubtechniquesWithParent", .bool(false)),
            ("selectVisibleTechniques", .bool(false)),
        ])
    }

    /// ATT&CK for ICS technique ids are `T0` followed by three digits.
    public static func isICS(_ technique: String) -> Bool {
        let u = Array(technique.utf8)
        return u.count == 5 && u[0] == UInt8(ascii: "T") && u[1] == UInt8(ascii: "0")
    }

    /// Per technique of the compromises, in order of first compromise: score and comment.
    static func techniqueStats(_ card: Scorecard) -> [(technique: String, score: Int, comment: String)] {
        var order: [String] = []
        var byTechnique: [String: [Scorecard.Compromise]] = [:]
        for c in card.compromises {
            guard let t = c.technique else { continue }
            if byTechnique[t] == nil { order.append(t) }
            byTechnique[t, default: []].append(c)
        }
        return order.map { t in
            let list = byTechnique[t] ?? []
            let times = list.compactMap(\.timeToDetect)
            let score = (times.count * 200 + list.count) / (2 * list.count)
            var comment = "\(times.count) of \(list.count) detected"
            if let median = Scorecard.Times(times, open: list.count - times.count).median {
                comment += "; median \(ScenarioTime.durationText(median))"
            }
            return (t, score, comment)
        }
    }

    static func entry(_ name: String, _ value: String) -> JSONValue {
        .object([("name", .string(name)), ("value", .string(value))])
    }
}
