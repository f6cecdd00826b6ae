import ExerciseCore
import Umpire

/// The run as a STIX 2.1 bundle, for the threat-intelligence tools of the participating
/// units (OpenCTI, MISP, TAXII servers). A pure function of the report input: every id is a
/// name-based UUID and every `created`/`modified` is the scenario start, so the same journal
/// gives the same bundle byte for byte.
///
/// Mapping (see `Tools/validate-stix.sh` for the OASIS validator run):
/// - exercise control → `identity` (the `created_by_ref` of every other object);
///   each team → `identity` (blue, ally, white: "organization"; red, observer: "group").
/// - the banner marking → a statement `marking-definition` in every object's `object_marking_refs`;
///   an inject's TLP:CLEAR/GREEN/AMBER/RED → the predefined STIX TLP marking-definitions
///   (TLP:CLEAR as TLP:WHITE), other inject markings ("REL TO …", TLP:AMBER+STRICT) → statements,
///   on the indicators and sightings of that inject.
/// - each compromise of the scorecard → `incident` "<asset> compromised"; its scenario times are
///   `x_cdx_*` top-level properties declared by an `extension-definition` (toplevel-property-extension).
/// - each technique of a released adversary inject → `attack-pattern` (mitre-attack external id);
///   each actor → `intrusion-set`, which `uses` its techniques and `targets` the owning teams.
/// - incidents are `related-to` their technique, actor and teams (STIX 2.1 defines no specific
///   relationship for incidents).
/// - information shared about an adversary inject or a compromised asset → one `indicator`
///   (`indicates` the actor and techniques) and a `sighting` per delivery, sighted where it arrived.
public enum StixExport {
    /// The bundle as a JSON value; `.serialized()` gives the file.
    public static func bundle(_ input: ReportInput) -> JSONValue {
        var builder = StixBundleBuilder(input)
        return builder.build()
    }

    /// Predefined TLP 1.0 marking-definitions of STIX 2.1 §7.2.1.4 (id, tlp name).
    static let predefinedTLP: [Releasability.TLP: (id: String, tlp: String)] = [
        .clear: ("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"),
        .green: ("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"),
        .amber: ("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber"),
        .red: ("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"),
    ]

    /// Ids of the predefined TLP marking-definitions (the only ids not made by `StixExport`).
    public static var predefinedMarkingIDs: Set<String> { Set(predefinedTLP.values.map(\.id)) }

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
}

/// Builds the objects in a fixed order: markings, identities, extension, actors, techniques,
/// incidents and their relationships, indicators and sightings.
private struct StixBundleBuilder {
    let input: ReportInput
    let x: Exercise
    let created: String
    var objects: [JSONValue] = []
    var seen: Set<String> = []

    init(_ input: ReportInput) {
        self.input = input
        x = input.exercise
        created = ScenarioTime.utcTimestamp(input.exercise, minute: 0)
    }

    func id(_ type: String, _ key: String) -> String { StixExport.id(type, title: x.title, key: key) }
    func time(_ minute: Int) -> String { ScenarioTime.utcTimestamp(x, minute: minute) }

    var controlID: String { id("identity", "exercise-control") }
    var bannerID: String { id("marking-definition", "banner:" + x.marking) }
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

    mutating func relationship(_ source: String, _ type: String, _ target: String, _ description: String) {
        let rid = id("relationship", "\(source) \(type) \(target)")
        var o = common("relationship", rid)
        o += [
            ("relationship_type", .string(type)), ("description", .string(description)),
            ("source_ref", .string(source)), ("target_ref", .string(target)),
        ]
        add(.object(o))
    }

    // MARK: Markings

    /// The marking-definition ids for an inject's releasability, adding the objects.
    mutating func markings(for r: Releasability) -> [String] {
        switch r {
        case .unrestricted:
            return []
        case .tlp(let level):
            if let p = StixExport.predefinedTLP[level] {
                add(.object([
                    ("type", .string("marking-definition")), ("spec_version", .string("2.1")), ("id", .string(p.id)),
                    ("created", .string("2017-01-20T00:00:00.000Z")), ("definition_type", .string("tlp")),
                    ("name", .string("TLP:" + p.tlp.uppercased())), ("definition", .object([("tlp", .string(p.tlp))])),
                ]))
                return [p.id]
            }
            return [statement(r.text)]
        case .nations:
            return [statement(r.text)]
        }
    }

    mutating func statement(_ text: String) -> String {
        let mid = id("marking-definition", "banner:" + text)
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
        for t in x.teams.indices { addTeam(t) }
        addExtension()

        // Techniques of released adversary injects, in order of first release.
        var released: [Int] = []
        for e in input.events {
            if case .injectReleased(let i, _) = e.kind, !released.contains(i) { released.append(i) }
        }
        var techniques: [String] = []
        func note(_ t: String) { if !techniques.contains(t) { techniques.append(t) } }
        for i in released where x.injects[i].actor != nil { x.injects[i].techniques.forEach(note) }
        for c in input.scorecard.compromises { if let t = c.technique { note(t) } }

        for a in x.actors.indices { addActor(a) }
        for t in techniques { addTechnique(t) }
        for a in x.actors.indices {
            var used: [String] = []
            var targets: [Int] = []
            for i in released where x.injects[i].actor == a {
                for t in x.injects[i].techniques where !used.contains(t) { used.append(t) }
                for e in x.injects[i].effects {
                    for t in owners(ofAsset: e.asset) where !targets.contains(t) { targets.append(t) }
                }
            }
            for t in used { relationship(actorID(a), "uses", techniqueID(t), "\(x.actors[a].id) used \(t) in the exercise.") }
            for t in targets {
                relationship(actorID(a), "targets", teamID(t), "\(x.actors[a].id) acted against assets of \(x.teams[t].id).")
            }
        }
        for c in input.scorecard.compromises { addIncident(c) }
        addSharing()
        return .object([
            ("type", .string("bundle")), ("id", .string(id("bundle", "bundle"))), ("objects", .array(objects)),
        ])
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

    mutating func addActor(_ a: Int) {
        var o = common("intrusion-set", actorID(a))
        o += [
            ("name", .string(x.actors[a].name)),
            ("description", .string("Simulated adversary '\(x.actors[a].id)' of the exercise \(x.title).")),
            ("aliases", .array([.string(x.actors[a].id)])),
        ]
        add(.object(o))
    }

    mutating func addTechnique(_ t: String) {
        let ics = NavigatorLayer.isICS(t)
        var o = common("attack-pattern", techniqueID(t))
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
        var o = common("incident", iid)
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

        if let t = c.technique { relationship(iid, "related-to", techniqueID(t), "The compromise used \(t).") }
        relationship(iid, "related-to", actorID(c.actor), "Attributed to \(x.actors[c.actor].id) (exercise ground truth).")
        for t in owners(ofAsset: c.asset) {
            relationship(iid, "related-to", teamID(t), "\(asset.id) is in the domain of \(x.teams[t].id).")
        }
        if let by = c.detectedBy, !owners(ofAsset: c.asset).contains(by) {
            relationship(iid, "related-to", teamID(by), "\(x.teams[by].id) reported the compromise.")
        }
    }

    // MARK: Information sharing

    mutating func addSharing() {
        // Indicators in order of first delivery; a sighting per delivery.
        for e in input.events {
            guard case .delivered(let from, let to, let item, let actor?, _) = e.kind else { continue }
            let key: String
            let name: String
            var description: String
            var markingRefs: [String] = []
            var techniques: [String] = []
            var pattern: String
            var types: [String]
            switch item {
            case .inject(let i):
                let inj = x.injects[i]
                key = "inject:" + inj.id
                name = "\(inj.id) \(inj.title)"
                description = inj.text.isEmpty ? inj.title : inj.text
                markingRefs = markings(for: inj.marking)
                techniques = inj.techniques
                pattern = "[x-cdx-inject:name = '\(Self.quoted(inj.id))']"
                types = ["malicious-activity"]
            case .asset(let a):
                let asset = x.assets[a]
                key = "asset:" + asset.id
                name = "\(asset.name) compromised"
                description = "Report that \(asset.name) (\(asset.id)) is compromised."
                pattern = "[x-cdx-asset:name = '\(Self.quoted(asset.id))']"
                types = ["compromised"]
            }
            if !x.marking.isEmpty { description = x.marking + " — " + description }
            let indicatorID = id("indicator", key)
            if !seen.contains(indicatorID) {
                var o = common("indicator", indicatorID, markings: markingRefs)
                o += [
                    ("name", .string(name)), ("description", .string(description)),
                    ("indicator_types", .array(types.map { .string($0) })),
                    ("pattern", .string(pattern)), ("pattern_type", .string("stix")), ("pattern_version", .string("2.1")),
                    ("valid_from", .string(time(e.minute))),
                ]
                add(.object(o))
                relationship(indicatorID, "indicates", actorID(actor), "Shared information about \(x.actors[actor].id).")
                for t in techniques {
                    relationship(indicatorID, "indicates", techniqueID(t), "Shared information about \(t).")
                }
            }
            var sent: Int?
            for s in input.events where s.seq < e.seq {
                if case .sent(let f, let t, let it, let arrives, _) = s.kind, f == from, t == to, it == item, arrives <= e.minute {
                    sent = s.minute
                }
            }
            var o = common("sighting", id("sighting", "\(key) to:\(x.teams[to].id) seq:\(e.seq)"), markings: markingRefs)
            o += [
                ("description", .string("\(x.teams[from].id) shared \(name) with \(x.teams[to].id).")),
                ("first_seen", .string(time(e.minute))), ("last_seen", .string(time(e.minute))), ("count", .int(1)),
                ("sighting_of_ref", .string(indicatorID)), ("where_sighted_refs", .array([.string(teamID(to))])),
                extensionMember, ("x_cdx_shared_by_ref", .string(teamID(from))),
            ]
            if let s = sent { o.append(("x_cdx_sent", .string(time(s)))) }
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
