import ExerciseCore
import Presentation
import Umpire

/// The run as a STIX 2.1 bundle, for the threat-intelligence tools of the participating
/// units (OpenCTI, MISP, TAXII servers). A pure function of the report input: every id is a
/// name-based UUID and every `created`/`modified` is the scenario start, so the same journal
/// gives the same bundle byte for byte.
///
/// Mapping (see `Tools/validate-stix.sh` for the OASIS validator run, Documentation/Reports.md):
/// - exercise control → `identity` (the `created_by_ref` of every other object);
///   each team → `identity` (blue, ally, white: "organization"; red, observer: "group").
/// - the banner marking → a statement `marking-definition` in every object's `object_marking_refs`;
///   every object derived from an inject also carries the inject's marking: TLP labels as the
///   OASIS TLP 2.0 marking-definitions (fixed ids, `StixExport.tlp`), "REL TO …" and "… ONLY" as
///   statement marking-definitions whose statement is the marking's text.
/// - each compromise of the scorecard → `incident` "<asset> compromised"; its scenario times are
///   `x_cdx_*` top-level properties declared by an `extension-definition` (toplevel-property-extension).
/// - each technique of a released adversary inject → `attack-pattern` (mitre-attack external id);
///   each actor → `intrusion-set`, which `uses` its techniques and `targets` the owning teams.
/// - incidents are `related-to` their technique, actor and teams (STIX 2.1 defines no specific
///   relationship for incidents).
/// - information shared about an adversary (a card, a card's tearline, a report on an asset) →
///   one `indicator` (`indicates` the actor and techniques) and a `sighting` per delivery,
///   sighted where it arrived.
///
/// A team's bundle (`bundle(_:for:)`) is made from its `TeamRecord` only: see `StixBundleBuilder.buildTeam`.
public enum StixExport {
    /// The full bundle, exercise control's.
    public static func bundle(_ input: ReportInput) -> JSONValue {
        var builder = StixBundleBuilder(input, record: nil)
        return builder.build()
    }

    /// The bundle as `viewer` may hold it: the full bundle for exercise control (the white
    /// cell, or a team whose role is white), otherwise only objects made from what that team
    /// knows (Documentation/Reports.md, "Per-team outputs").
    public static func bundle(_ input: ReportInput, for viewer: Viewer) -> JSONValue {
        guard let t = TeamRecord.scope(viewer, in: input.exercise) else { return bundle(input) }
        var builder = StixBundleBuilder(input, record: TeamRecord(input, team: t))
        return builder.build()
    }

    /// The TLP 2.0 marking-definitions of the OASIS extension definition
    /// `extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`
    /// (oasis-open/cti-stix-common-objects, extension-definition-specifications/tlp-2.0/):
    /// fixed ids, `created` 2022-10-01, the `tlp_2_0` value. cdx's TLP labels are TLP 2.0's.
    static let tlp: [Releasability.TLP: (id: String, value: String)] = [
        .clear: ("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear"),
        .green: ("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green"),
        .amber: ("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber"),
        .amberStrict: ("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict"),
        .red: ("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red"),
    ]
    static let tlpExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
    static let tlpCreated = "2022-10-01T00:00:00.000Z"

    /// Ids of the TLP marking-definitions (the only ids not made by `StixExport.id`).
    public static var predefinedMarkingIDs: Set<String> { Set(tlp.values.map(\.id)) }

    /// The id of the TLP marking-definition for a label.
    public static func tlpMarkingID(_ level: Releasability.TLP) -> String { tlp[level]!.id }

    /// A deterministic STIX id `type--UUID`: the first 128 bits of SHA-256 of the type, the
    /// exercise title and `key`, with the version nibble 5 and the RFC 4122 variant bits.
    public static func id(_ type: String, title: String, key: String) -> String {
        var bytes = SHA256.digest(Array("cdx-stix\u{0}\(type)\u{0}\(title)\u{0}\(key)".utf8)).prefix(16).map { $0 }
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b -> String in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
        }.joined()
        let h = Array(hex)
        let groups = [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }
        return "\(type)--" + groups.joined(separator: "-")
    }

    /// The id of the statement marking-definition for a marking's text (the banner, or a nation marking).
    public static func statementMarkingID(_ text: String, title: String) -> String {
        id("marking-definition", title: title, key: "banner:" + text)
    }
}

/// Builds the objects in a fixed order: markings, identities, extension, actors, techniques,
/// incidents and their relationships, indicators and sightings. Marking-definitions are added
/// the first time an object refers to them.
private struct StixBundleBuilder {
    let input: ReportInput
    let x: Exercise
    /// The team the bundle is for; nil for exercise control's full bundle.
    let record: TeamRecord?
    let created: String
    var objects: [JSONValue] = []
    var seen: Set<String> = []
    /// How many objects were named from each key so far. Ids are made from what the object
    /// says and its place among those that say the same, never from the journal's seq: that
    /// counts every event, the ones a team was not told of too.
    var occurrences: [String: Int] = [:]

    mutating func occurrence(_ key: String) -> String {
        let n = occurrences[key, default: 0] + 1
        occurrences[key] = n
        return "\(key) #\(n)"
    }

    init(_ input: ReportInput, record: TeamRecord?) {
        self.input = input
        x = input.exercise
        self.record = record
        created = ScenarioTime.utcTimestamp(input.exercise, minute: 0)
    }

    /// Ids of objects whose content depends on who the bundle is for are scoped to the team, so
    /// that one id never names two different objects (a team's indicator carries only its own
    /// deliveries); identities, markings and the extension are the same in every bundle.
    func id(_ type: String, _ key: String) -> String {
        let shared = ["identity", "marking-definition", "extension-definition"].contains(type)
        let scoped = record.map { shared ? key : "for:\(x.teams[$0.team].id) \(key)" } ?? key
        return StixExport.id(type, title: x.title, key: scoped)
    }
    func time(_ minute: Int) -> String { ScenarioTime.utcTimestamp(x, minute: minute) }

    var controlID: String { id("identity", "exercise-control") }
    var bannerID: String { StixExport.statementMarkingID(x.marking, title: x.title) }
    var extensionID: String { id("extension-definition", "x_cdx") }
    func teamID(_ t: Int) -> String { id("identity", "team:" + x.teams[t].id) }
    func actorID(_ a: Int) -> String { id("intrusion-set", "actor:" + x.actors[a].id) }
    func techniqueID(_ t: String) -> String { id("attack-pattern", "technique:" + t) }

    mutating func add(_ object: JSONValue) {
        guard let oid = object["id"]?.stringValue, !seen.contains(oid) else { return }
        seen.insert(oid)
        objects.append(object)
    }

    /// The members every SDO/SRO made here starts with.
    func common(_ type: String, _ oid: String, markings: [String] = []) -> [(key: String, value: JSONValue)] {
        [
            ("type", .string(type)), ("spec_version", .string("2.1")), ("id", .string(oid)),
            ("created_by_ref", .string(controlID)), ("created", .string(created)), ("modified", .string(created)),
            ("object_marking_refs", .array(([bannerID] + markings).map { .string($0) })),
        ]
    }

    var extensionMember: (key: String, value: JSONValue) {
        ("extensions", .object([(extensionID, .object([("extension_type", .string("toplevel-property-extension"))]))]))
    }

    mutating func relationship(_ source: String, _ type: String, _ target: String, _ description: String, markings: [String] = []) {
        let rid = id("relationship", "\(source) \(type) \(target)")
        var o = common("relationship", rid, markings: markings)
        o += [
            ("relationship_type", .string(type)), ("description", .string(description)),
            ("source_ref", .string(source)), ("target_ref", .string(target)),
        ]
        add(.object(o))
    }

    // MARK: Markings

    /// The marking-definition ids for a releasability, adding the objects.
    mutating func markings(for r: Releasability) -> [String] {
        var ids: [String] = []
        // Classification, SDS and nation caveats as one statement marking in the banner's words.
        var statementPart = r
        statementPart.tlp = nil
        if !statementPart.isUnrestricted { ids.append(statement(statementPart.text)) }
        if let level = r.tlp {
            let p = StixExport.tlp[level]!
            add(.object([
                ("type", .string("marking-definition")), ("spec_version", .string("2.1")), ("id", .string(p.id)),
                ("created", .string(StixExport.tlpCreated)), ("name", .string("TLP:" + level.rawValue)),
                ("extensions", .object([(StixExport.tlpExtensionID, .object([
                    ("extension_type", .string("property-extension")), ("tlp_2_0", .string(p.value)),
                ]))])),
            ]))
            ids.append(p.id)
        }
        return ids
    }

    /// The marking-definition ids of the markings of injects (their cards as written), without repeats.
    mutating func markings(ofInjects injects: [Int]) -> [String] {
        var out: [String] = []
        for i in injects {
            for m in markings(for: x.injects[i].marking) where !out.contains(m) { out.append(m) }
        }
        return out
    }

    /// The markings a delivery carried: the card's in the version delivered, or a report's.
    mutating func markings(of d: Delivery) -> [String] {
        switch d.item {
        case .inject(let i): return markings(for: x.marking(of: i, d.version))
        case .asset: return markings(ofInjects: d.markedBy)
        }
    }

    mutating func statement(_ text: String) -> String {
        let mid = StixExport.statementMarkingID(text, title: x.title)
        add(.object([
            ("type", .string("marking-definition")), ("spec_version", .string("2.1")), ("id", .string(mid)),
            ("created_by_ref", .string(controlID)), ("created", .string(created)), ("name", .string(text)),
            ("definition_type", .string("statement")), ("definition", .object([("statement", .string(text))])),
        ]))
        return mid
    }

    // MARK: Objects

    mutating func build() -> JSONValue {
        _ = statement(x.marking)
        add(.object([
            ("type", .string("identity")), ("spec_version", .string("2.1")), ("id", .string(controlID)),
            ("created", .string(created)), ("modified", .string(created)),
            ("name", .string("\(x.title) exercise control")),
            ("description", .string("Exercise control of \(x.title): author of this export, made by cdx from the run's journal.")),
            ("identity_class", .string("organization")),
            ("object_marking_refs", .array([.string(bannerID)])),
        ]))
        if let record { buildTeam(record) } else { buildFull() }
        return .object([
            ("type", .string("bundle")), ("id", .string(id("bundle", "bundle"))), ("objects", .array(objects)),
        ])
    }

    /// Exercise control's bundle: the ground truth of the run and everything shared.
    mutating func buildFull() {
        for t in x.teams.indices { addTeam(t) }
        addExtension()

        // Released injects, in order of first release.
        var released: [Int] = []
        for e in input.events {
            if case .injectReleased(let i, _) = e.kind, !released.contains(i) { released.append(i) }
        }
        // Each technique with the injects it came from (their markings go with it).
        var techniques: [(technique: String, injects: [Int])] = []
        func note(_ t: String, _ i: Int?) {
            if let k = techniques.firstIndex(where: { $0.technique == t }) {
                if let i, !techniques[k].injects.contains(i) { techniques[k].injects.append(i) }
            } else {
                techniques.append((t, i.map { [$0] } ?? []))
            }
        }
        for i in released where x.injects[i].actor != nil { x.injects[i].techniques.forEach { note($0, i) } }
        for c in input.scorecard.compromises { if let t = c.technique { note(t, c.inject) } }

        for a in x.actors.indices {
            var sources = released.filter { x.injects[$0].actor == a }
            for c in input.scorecard.compromises where c.actor == a {
                if let i = c.inject, !sources.contains(i) { sources.append(i) }
            }
            addActor(a, markings: markings(ofInjects: sources))
        }
        for t in techniques { addTechnique(t.technique, markings: markings(ofInjects: t.injects)) }
        for a in x.actors.indices {
            var used: [(technique: String, injects: [Int])] = []
            var targets: [(team: Int, injects: [Int])] = []
            for i in released where x.injects[i].actor == a {
                for t in x.injects[i].techniques {
                    if let k = used.firstIndex(where: { $0.technique == t }) { used[k].injects.append(i) } else { used.append((t, [i])) }
                }
                for e in x.injects[i].effects {
                    for t in owners(ofAsset: e.asset) {
                        if let k = targets.firstIndex(where: { $0.team == t }) {
                            if !targets[k].injects.contains(i) { targets[k].injects.append(i) }
                        } else {
                            targets.append((t, [i]))
                        }
                    }
                }
            }
            for u in used {
                relationship(actorID(a), "uses", techniqueID(u.technique), "\(x.actors[a].id) used \(u.technique) in the exercise.",
                             markings: markings(ofInjects: u.injects))
            }
            for t in targets {
                relationship(actorID(a), "targets", teamID(t.team), "\(x.actors[a].id) acted against assets of \(x.teams[t.team].id).",
                             markings: markings(ofInjects: t.injects))
            }
        }
        for c in input.scorecard.compromises { addIncident(c) }
        addSharing(Delivery.all(input) { $0.actor != nil }, techniques: true)
    }

    /// A team's bundle, made only from its `TeamRecord`: the teams it dealt with, the actors
    /// whose indicators reached it, its own reports (as incidents it reported, never whether
    /// they were right), the techniques it named, its hunts, containments and rebuilds (courses
    /// of action), what was shared with it, and every card it holds (a note), each in the
    /// version and under the markings it arrived with. No compromise it was not told of, no
    /// technique of a card (the card's metadata is exercise control's), no other team's doings.
    mutating func buildTeam(_ record: TeamRecord) {
        let t = record.team
        var teams = [t]
        for s in record.sent where !s.withdrawn { teams.append(s.to) }
        for d in record.received { teams.append(d.from) }
        for k in x.teams.indices where teams.contains(k) { addTeam(k) }
        addExtension()

        let shared = record.received.filter { $0.actor != nil }
        for a in record.indicators {
            var refs: [String] = []
            for d in shared where d.actor == a {
                for m in markings(of: d) where !refs.contains(m) { refs.append(m) }
            }
            addActor(a, markings: refs)
        }
        let reports = record.reports.filter { !$0.withdrawn }
        for r in reports { if let technique = r.technique { addTechnique(technique, markings: []) } }
        for r in reports { addReport(r, by: t) }
        for d in record.decisions where !d.withdrawn && d.rejection == nil { addAction(d, by: t) }
        addSharing(shared, techniques: false)
        for c in record.cards { addCard(c, for: t) }
    }

    /// A hunt, containment or rebuild the team carried out, as a course of action.
    mutating func addAction(_ d: TeamRecord.DecisionEntry, by t: Int) {
        switch d.decision.verb {
        case .hunt, .contain, .restore: break
        default: return
        }
        var text = "\(d.decision.line(in: x)) at \(ScenarioTime.local(x, minute: d.minute))"
        if !d.told.isEmpty { text += ": " + d.told.joined(separator: "; ") }
        let key = occurrence("decision \(d.decision.line(in: x)) turn:\(d.turn)")
        var o = common("course-of-action", id("course-of-action", key))
        o += [("name", .string(d.decision.line(in: x))), ("description", .string(text + "."))]
        add(.object(o))
    }

    /// A card as the team holds it, as a note on the team: the card as written, or only the
    /// tearline's text under the tearline's marking. Every card the team holds is here, so
    /// which cards were the adversary's doing is not given away by which are left out.
    mutating func addCard(_ c: TeamRecord.Card, for t: Int) {
        let inject = x.injects[c.inject]
        let tearline = c.version == .tearline ? inject.tearline : nil
        let marks = markings(for: x.marking(of: c.inject, c.version))
        var refs = [teamID(t)]
        // The card's indicator, when it reached the team as one (a share that carried the actor's indicators).
        let key = tearline == nil ? "inject:" + inject.id : "inject:\(inject.id) tearline"
        if seen.contains(id("indicator", key)) { refs.append(id("indicator", key)) }
        var o = common("note", id("note", "card:\(inject.id) \(c.version.rawValue)"), markings: marks)
        let abstract = tearline == nil ? "\(inject.id) \(inject.title)" : "\(inject.id) tearline"
        let content = tearline?.text ?? (inject.text.isEmpty ? inject.title : inject.text)
        o += [("abstract", .string(abstract)), ("content", .string(content))]
        if tearline == nil, let sender = inject.sender { o.append(("authors", .array([.string(sender)]))) }
        o.append(("object_refs", .array(refs.map { .string($0) })))
        add(.object(o))
    }

    mutating func addTeam(_ t: Int) {
        let team = x.teams[t]
        var parts = ["Role: \(team.role.rawValue)."]
        if let d = team.domain {
            parts.append("Home domain: \(x.domains[d].name) (\(x.domains[d].id), \(x.domains[d].nation)).")
        }
        if !team.actsOn.isEmpty {
            parts.append("Acts on: " + team.actsOn.map { x.domains[$0].id }.joined(separator: ", ") + ".")
        }
        parts.append("Exercise team \(team.id).")
        let groupLike = team.role == .red || team.role == .observer
        var o: [(key: String, value: JSONValue)] = [
            ("type", .string("identity")), ("spec_version", .string("2.1")), ("id", .string(teamID(t))),
            ("created_by_ref", .string(controlID)), ("created", .string(created)), ("modified", .string(created)),
            ("name", .string(team.name)), ("description", .string(parts.joined(separator: " "))),
            ("roles", .array([.string(team.role.rawValue)])),
            ("identity_class", .string(groupLike ? "group" : "organization")),
        ]
        if team.role == .blue || team.role == .ally { o.append(("sectors", .array([.string("defense")]))) }
        o.append(("object_marking_refs", .array([.string(bannerID)])))
        add(.object(o))
    }

    static let extensionProperties = [
        "x_cdx_asset", "x_cdx_compromised", "x_cdx_detected", "x_cdx_detected_by_ref", "x_cdx_detected_via",
        "x_cdx_contained", "x_cdx_restored", "x_cdx_time_to_detect_minutes", "x_cdx_time_to_contain_minutes",
        "x_cdx_inject", "x_cdx_shared_by_ref", "x_cdx_sent",
    ]

    mutating func addExtension() {
        let schema = """
            cdx exercise properties, top level: x_cdx_asset (asset id), x_cdx_inject (inject id), \
            x_cdx_compromised, x_cdx_detected, x_cdx_contained, x_cdx_restored, x_cdx_sent (RFC 3339 UTC \
            scenario times), x_cdx_time_to_detect_minutes, x_cdx_time_to_contain_minutes (integers, scenario \
            minutes), x_cdx_detected_by_ref, x_cdx_shared_by_ref (identity of the team), x_cdx_detected_via \
            (owner, joint, ally, granted or white). Absent when it did not happen. See cdx Documentation/Scoring.md.
            """
        add(.object([
            ("type", .string("extension-definition")), ("spec_version", .string("2.1")), ("id", .string(extensionID)),
            ("created_by_ref", .string(controlID)), ("created", .string(created)), ("modified", .string(created)),
            ("name", .string("cdx exercise times")),
            ("description", .string("Scenario times and exercise identifiers of cdx tabletop exercise exports.")),
            ("schema", .string(schema)), ("version", .string("1.0.0")),
            ("extension_types", .array([.string("toplevel-property-extension")])),
            ("extension_properties", .array(Self.extensionProperties.map { .string($0) })),
            ("object_marking_refs", .array([.string(bannerID)])),
        ]))
    }

    mutating func addActor(_ a: Int, markings: [String]) {
        var o = common("intrusion-set", actorID(a), markings: markings)
        o += [
            ("name", .string(x.actors[a].name)),
            ("description", .string("Simulated adversary '\(x.actors[a].id)' of the exercise \(x.title).")),
            ("aliases", .array([.string(x.actors[a].id)])),
        ]
        add(.object(o))
    }

    mutating func addTechnique(_ t: String, markings: [String]) {
        let ics = NavigatorLayer.isICS(t)
        var o = common("attack-pattern", techniqueID(t), markings: markings)
        o += [
            ("name", .string(t)),
            ("description", .string("MITRE ATT&CK \(ics ? "for ICS" : "Enterprise") technique \(t) (\(x.attackVersion)), as scripted in the exercise.")),
            ("external_references", .array([.object([
                ("source_name", .string("mitre-attack")),
                ("external_id", .string(t)),
            ])])),
        ]
        add(.object(o))
    }

    /// Blue and ally teams whose home domain holds the asset.
    func owners(ofAsset a: Int) -> [Int] {
        let domain = x.segments[x.assets[a].segment].domain
        return x.teams.indices.filter { x.teams[$0].domain == domain && (x.teams[$0].role == .blue || x.teams[$0].role == .ally) }
    }

    mutating func addIncident(_ c: Scorecard.Compromise) {
        let asset = x.assets[c.asset]
        let iid = id("incident", "compromise:\(asset.id)@\(c.compromisedAt)")
        let marks = markings(ofInjects: c.inject.map { [$0] } ?? [])
        var text = "\(x.actors[c.actor].name) compromised \(asset.name) (\(asset.id), criticality \(asset.criticality))"
        if let i = c.inject { text += " through inject \(x.injects[i].id) \"\(x.injects[i].title)\"" }
        text += " at \(ScenarioTime.local(x, minute: c.compromisedAt))."
        if let d = c.detectedAt, let by = c.detectedBy {
            text += " Reported by \(x.teams[by].id) at \(ScenarioTime.local(x, minute: d)) after \(d - c.compromisedAt) min."
        } else {
            text += " Never reported."
        }
        if let m = c.containedAt { text += " Contained at \(ScenarioTime.local(x, minute: m))." }
        if let m = c.restoredAt { text += " Restored at \(ScenarioTime.local(x, minute: m))." }
        var o = common("incident", iid, markings: marks)
        o += [("name", .string("\(asset.name) compromised")), ("description", .string(text)), extensionMember]
        o.append(("x_cdx_asset", .string(asset.id)))
        if let i = c.inject { o.append(("x_cdx_inject", .string(x.injects[i].id))) }
        o.append(("x_cdx_compromised", .string(time(c.compromisedAt))))
        if let d = c.detectedAt { o.append(("x_cdx_detected", .string(time(d)))) }
        if let by = c.detectedBy { o.append(("x_cdx_detected_by_ref", .string(teamID(by)))) }
        if let via = c.detectedVia { o.append(("x_cdx_detected_via", .string(via.rawValue))) }
        if let m = c.containedAt { o.append(("x_cdx_contained", .string(time(m)))) }
        if let m = c.restoredAt { o.append(("x_cdx_restored", .string(time(m)))) }
        if let m = c.timeToDetect { o.append(("x_cdx_time_to_detect_minutes", .int(m))) }
        if let m = c.timeToContain { o.append(("x_cdx_time_to_contain_minutes", .int(m))) }
        add(.object(o))

        if let t = c.technique { relationship(iid, "related-to", techniqueID(t), "The compromise used \(t).", markings: marks) }
        relationship(iid, "related-to", actorID(c.actor), "Attributed to \(x.actors[c.actor].id) (exercise ground truth).", markings: marks)
        for t in owners(ofAsset: c.asset) {
            relationship(iid, "related-to", teamID(t), "\(asset.id) is in the domain of \(x.teams[t].id).", markings: marks)
        }
        if let by = c.detectedBy, !owners(ofAsset: c.asset).contains(by) {
            relationship(iid, "related-to", teamID(by), "\(x.teams[by].id) reported the compromise.", markings: marks)
        }
    }

    /// A team's own report, as an incident the team reported: what it claimed and when, under
    /// the markings its knowledge of the asset carried. Whether it was right is not said.
    mutating func addReport(_ r: TeamRecord.OwnReport, by t: Int) {
        let asset = x.assets[r.asset]
        let iid = id("incident", occurrence("report:\(asset.id)@\(r.minute)"))
        let marks = markings(ofInjects: r.markedBy)
        var text = "\(x.teams[t].id) reported \(asset.name) (\(asset.id)) compromised at \(ScenarioTime.local(x, minute: r.minute))"
        text += r.technique.map { ", naming \($0)." } ?? "."
        var o = common("incident", iid, markings: marks)
        o += [("name", .string("\(asset.name) reported compromised")), ("description", .string(text)), extensionMember]
        o.append(("x_cdx_asset", .string(asset.id)))
        o.append(("x_cdx_detected", .string(time(r.minute))))
        o.append(("x_cdx_detected_by_ref", .string(teamID(t))))
        add(.object(o))
        if let technique = r.technique {
            relationship(iid, "related-to", techniqueID(technique), "\(x.teams[t].id) named \(technique) in its report.", markings: marks)
        }
        relationship(iid, "related-to", teamID(t), "\(x.teams[t].id) made the report.", markings: marks)
    }

    // MARK: Information sharing

    /// What a delivery's indicator says: a card as written, a card's tearline (only its
    /// releasable text: not the card's title or text), or a report on an asset.
    func indicatorContent(_ d: Delivery) -> (key: String, name: String, description: String, pattern: String, types: [String],
                                            techniques: [String]) {
        switch d.item {
        case .inject(let i):
            let inj = x.injects[i]
            let pattern = "[x-cdx-inject:name = '\(Self.quoted(inj.id))']"
            if d.version == .tearline, let tearline = inj.tearline {
                return ("inject:\(inj.id) tearline", "\(inj.id) tearline", tearline.text, pattern, ["malicious-activity"], [])
            }
            return ("inject:" + inj.id, "\(inj.id) \(inj.title)", inj.text.isEmpty ? inj.title : inj.text, pattern,
                    ["malicious-activity"], inj.techniques)
        case .asset(let a):
            let asset = x.assets[a]
            return ("asset:" + asset.id, "\(asset.name) compromised", "Report that \(asset.name) (\(asset.id)) is compromised.",
                    "[x-cdx-asset:name = '\(Self.quoted(asset.id))']", ["compromised"], [])
        }
    }

    /// An indicator per item shared (in order of first delivery) under every marking its
    /// deliveries carried, and a sighting per delivery under that delivery's markings.
    /// `techniques`: whether indicators of cards `indicate` the card's techniques (exercise control only).
    mutating func addSharing(_ deliveries: [Delivery], techniques: Bool) {
        var indicatorMarkings: [String: [String]] = [:]
        for d in deliveries {
            let key = indicatorContent(d).key
            var refs = indicatorMarkings[key] ?? []
            for m in markings(of: d) where !refs.contains(m) { refs.append(m) }
            indicatorMarkings[key] = refs
        }
        for d in deliveries {
            guard let actor = d.actor else { continue }
            let content = indicatorContent(d)
            let indicatorMarks = indicatorMarkings[content.key] ?? []
            let description = x.marking.isEmpty ? content.description : x.marking + " — " + content.description
            let indicatorID = id("indicator", content.key)
            if !seen.contains(indicatorID) {
                var o = common("indicator", indicatorID, markings: indicatorMarks)
                o += [
                    ("name", .string(content.name)), ("description", .string(description)),
                    ("indicator_types", .array(content.types.map { .string($0) })),
                    ("pattern", .string(content.pattern)), ("pattern_type", .string("stix")), ("pattern_version", .string("2.1")),
                    ("valid_from", .string(time(d.minute))),
                ]
                add(.object(o))
                relationship(indicatorID, "indicates", actorID(actor), "Shared information about \(x.actors[actor].id).",
                             markings: indicatorMarks)
                if techniques {
                    for t in content.techniques {
                        relationship(indicatorID, "indicates", techniqueID(t), "Shared information about \(t).", markings: indicatorMarks)
                    }
                }
            }
            var o = common("sighting", id("sighting", occurrence("\(content.key) to:\(x.teams[d.to].id) at:\(d.minute)")),
                           markings: markings(of: d))
            o += [
                ("description", .string("\(x.teams[d.from].id) shared \(content.name) with \(x.teams[d.to].id).")),
                ("first_seen", .string(time(d.minute))), ("last_seen", .string(time(d.minute))), ("count", .int(1)),
                ("sighting_of_ref", .string(indicatorID)), ("where_sighted_refs", .array([.string(teamID(d.to))])),
                extensionMember, ("x_cdx_shared_by_ref", .string(teamID(d.from))),
            ]
            if let s = d.sentAt { o.append(("x_cdx_sent", .string(time(s)))) }
            add(.object(o))
        }
    }

    /// A string literal body for STIX patterning: `\` and `'` escaped.
    static func quoted(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "\\" || ch == "'" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
