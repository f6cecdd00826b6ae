import ExerciseCore

/// The standard speed workload (issue 6): an exercise the size and shape of CybORG's CAGE
/// Challenge 4 — four networks of two zones, about 90 hosts, five blue teams plus the ally
/// and the white cell, missions whose weight changes over three phases, 500 turns and 20
/// injects of spreading intrusions — written in the exercise language.
///
/// `scale` multiplies the hosts in every zone (×10, ×100) while the injects stay the same:
/// they name the same hosts and happen at the same times, so the larger variants measure
/// what the size of the network alone costs. Everything is deterministic from `seed`.
public struct CageSizedWorkload: Sendable {
    public var scale: Int
    public var seed: UInt64
    public static let turns = 500

    public init(scale: Int = 1, seed: UInt64 = 1) {
        self.scale = max(1, scale)
        self.seed = seed
    }

    /// (network domain, its defending team, zone id, zone name, hosts at scale 1, sensor chance).
    struct Zone {
        var domain: String
        var id: String
        var name: String
        var hosts: Int
        var sensors: String
    }

    static let zones: [Zone] = [
        Zone(domain: "land", id: "land-hq", name: "Western Army HQ enterprise zone", hosts: 12, sensors: "0.20"),
        Zone(domain: "land", id: "land-ops", name: "Western Army operational zone (island sites)", hosts: 10, sensors: "0.10"),
        Zone(domain: "maritime", id: "sea-hq", name: "Sasebo District enterprise zone", hosts: 12, sensors: "0.20"),
        Zone(domain: "maritime", id: "sea-ops", name: "Fleet operational zone (ship–shore)", hosts: 10, sensors: "0.10"),
        Zone(domain: "air", id: "air-hq", name: "Western Air Defense Force enterprise zone", hosts: 12, sensors: "0.20"),
        Zone(domain: "air", id: "air-ops", name: "JADGE operational zone", hosts: 10, sensors: "0.15"),
        Zone(domain: "ally", id: "ally-hq", name: "USFJ enterprise zone", hosts: 12, sensors: "0.25"),
        Zone(domain: "ally", id: "ally-ops", name: "USFJ bilateral operational zone", hosts: 10, sensors: "0.15"),
    ]

    /// Host ids of a zone: the first `hosts` are those the injects and missions name at any scale.
    static func host(_ zone: Zone, _ k: Int) -> String { "\(zone.id)-\(k + 1)" }

    public var assetCount: Int { Self.zones.reduce(0) { $0 + $1.hosts } * scale }

    public func text() -> String {
        var out = """
            # The CAGE-sized speed workload (Tools/generate-exercise cage-sized --scale \(scale) --seed \(seed)).
            # Shaped like CybORG CAGE Challenge 4: 4 networks (Land, Maritime, Air, Ally) × 2 zones,
            # \(assetCount) hosts, 5 blue teams plus the ally and the white cell, missions whose weight
            # changes over 3 phases, 500 turns of 30 minutes, 20 injects of spreading intrusions.
            # Generated; do not edit by hand: see Documentation/Performance.md.
            exercise "CAGE-sized workload ×\(scale)"
              style cyber-coalition
              marking "UNCLASSIFIED // EXERCISE ONLY"
              start 2026-11-24T09:00+09:00
              turn 30m
              length \(Self.turns) turns
              attack v18
              tearline 2h

            domain joint "Cyber Defense Command (Joint)" nation JPN
            domain land "Ground Self-Defense Force" nation JPN
            domain maritime "Maritime Self-Defense Force" nation JPN
            domain air "Air Self-Defense Force" nation JPN
            domain ally "US Forces Japan" nation USA

            team jcdc "Cyber Defense Command (JCDC)" domain joint
              acts-on land maritime air
              capacity 4

            team gsdf "GSDF Cyber Protection Unit" domain land
              capacity 3

            team msdf "MSDF Communications Command security audit unit" domain maritime
              capacity 3

            team asdf "ASDF Air Communications and Systems Wing security audit group" domain air
              capacity 3

            team j6 "Joint Staff J6 network operations" domain joint
              acts-on land maritime air
              capacity 2

            team usfj "USFJ / USCYBERCOM Cyber Protection Team" domain ally role ally
              capacity 4

            team white "Exercise Control (white cell)" role white

            """
        for z in Self.zones {
            out += "segment \(z.id) \"\(z.name)\" domain \(z.domain) sensors \(z.sensors) hunt 0.5\n"
        }
        out += "\n"
        // Each network's zones are linked; the enterprise zones are linked in a ring.
        for n in stride(from: 0, to: Self.zones.count, by: 2) {
            out += "link \(Self.zones[n].id) \(Self.zones[n + 1].id)\n"
        }
        for n in stride(from: 0, to: Self.zones.count, by: 2) {
            out += "link \(Self.zones[n].id) \(Self.zones[(n + 2) % Self.zones.count].id)\n"
        }
        out += "\n"
        var sizing = SeededGenerator(seed: seed)
        for z in Self.zones {
            for k in 0..<(z.hosts * scale) {
                let restore = 1 + Int(sizing.below(6))
                let criticality = 1 + Int(sizing.below(5))
                out += "asset \(Self.host(z, k)) \"\(z.name) host \(k + 1)\" in \(z.id) criticality \(criticality) restore \(restore)h\n"
            }
            out += "\n"
        }
        // Missions: each network's operational service, and a cross-domain common picture.
        // Phase 1 (turns 1–166) preparation: all equal. Phase 2A (167–333) the south-west land and
        // air fight matters most; phase 2B (334–500) the maritime and alliance effort does.
        let missions: [(id: String, name: String, needs: [String], weights: [Int])] = [
            ("land-c2", "Island garrison command and control", ["land-ops-1", "land-ops-2", "land-hq-1"], [1, 5, 1]),
            ("fleet-support", "Fleet logistics and ship–shore traffic", ["sea-ops-1", "sea-ops-2", "sea-hq-1"], [1, 1, 5]),
            ("air-defence", "JADGE air picture", ["air-ops-1", "air-ops-2", "air-hq-1"], [1, 5, 1]),
            ("bilateral-cop", "Bilateral common operational picture", ["ally-ops-1", "air-ops-3", "sea-ops-3"], [1, 2, 5]),
        ]
        for m in missions {
            out += "mission \(m.id) \"\(m.name)\"\n  needs \(m.needs.joined(separator: " "))\n"
            out += "  weight \(m.weights[0])\n  weight \(m.weights[1]) from turn 167\n  weight \(m.weights[2]) from turn 334\n\n"
        }
        out += """
            channel gsdf -> jcdc 15m marking "JPN ONLY"
            channel msdf -> jcdc 30m marking "JPN ONLY"
            channel asdf -> jcdc 20m marking "JPN ONLY"
            channel jcdc -> gsdf 15m marking "JPN ONLY"
            channel jcdc -> msdf 30m marking "JPN ONLY"
            channel jcdc -> asdf 20m marking "JPN ONLY"
            channel jcdc -> j6 15m marking "JPN ONLY"
            channel j6 -> jcdc 15m marking "JPN ONLY"
            channel jcdc -> usfj 2h marking "REL TO JPN, USA"
            channel usfj -> jcdc 1h marking "REL TO JPN, USA"

            actor mirrorface "MirrorFace-like intrusion set (APT10 lineage)"
            actor volt "Volt Typhoon-like pre-positioning set"


            """
        // 16 intrusions spread over the 250 hours; each lands in an enterprise zone and works
        // its way zone to zone; 4 of them, left undetected, turn into an outage.
        var plot = SeededGenerator(seed: seed &+ 0x9E37_79B9)
        let owners = ["land": "gsdf", "maritime": "msdf", "air": "asdf", "ally": "usfj"]
        let length = Self.turns * 30
        for i in 0..<16 {
            let network = Int(plot.below(4)) * 2
            let hq = Self.zones[network], ops = Self.zones[network + 1], next = Self.zones[(network + 2) % Self.zones.count]
            let e = Int(plot.below(UInt64(hq.hosts)))
            let entry = Self.host(hq, e)
            let pivot = Self.host(hq, (e + 1 + Int(plot.below(UInt64(hq.hosts - 1)))) % hq.hosts)
            let target = Self.host(ops, Int(plot.below(UInt64(ops.hosts))))
            let beyond = Self.host(next, Int(plot.below(UInt64(next.hosts))))
            let minute = (i * (length - 24 * 60) / 16) + Int(plot.below(6)) * 30
            let actor = i % 3 == 2 ? "volt" : "mirrorface"
            let owner = owners[hq.domain]!
            // An alert to the ally cell about its own network is releasable to it (the checker refuses otherwise).
            let releasable = i % 2 == 0 || owner == "usfj"
            out += "inject I\(i + 1) at \(ScenarioTime.offsetText(minute)) \"Intrusion \(i + 1) into \(hq.name)\"\n"
            out += "  by \(actor)\n  to \(owner == "usfj" ? "usfj" : "\(owner) jcdc")\n  via alert\n  technique \(i % 2 == 0 ? "T1566.001" : "T1190")\n"
            out += "  marking \"\(releasable ? "REL TO JPN, USA" : "JPN ONLY")\"\n"
            // Effects apply in order at release, so the spreads come first: each finds its source
            // not yet compromised and tries again later, and the intrusion moves one hop at a time
            // (pivot after 2 h, the operational zone after 3 h, the next network after 4 h).
            out += "  spread \(pivot) -> \(beyond) every 4h unless contained\n"
            out += "  spread \(pivot) -> \(target) every 3h unless contained\n"
            out += "  spread \(entry) -> \(pivot) every 2h unless contained\n"
            out += "  compromise \(entry)\n"
            out += "  expect detect \(entry) within 1h by \(owner)\n"
            out += "  expect contain \(entry) within 2h\n"
            // Lateral movement inside the Japanese networks is JCDC's to find; the ally hunts its own.
            let hunter = owner == "usfj" ? "usfj" : "jcdc"
            out += "  expect detect \(pivot) within 4h by \(hunter)\n  expect detect \(target) within 6h by \(hunter)\n"
            out += "  expect detect \(beyond) within 8h by \(owners[next.domain]!)\n"
            if releasable, owner != "usfj" { out += "  expect share -> usfj within 4h\n" }
            out += "\n"
            if i % 4 == 3 {
                out += "inject I\(i + 1)X when I\(i + 1) undetected at \(ScenarioTime.offsetText(minute + 360)) \"Outage on \(ops.name)\"\n"
                out += "  by \(actor)\n  to \(owner)\n  technique T1486\n  encrypt \(target)\n"
                out += "  expect restore \(target) within 12h\n\n"
            }
        }
        // One newline at the end, as `cdx fmt` writes files.
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }
}
