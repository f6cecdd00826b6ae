import ExerciseCore
import ExerciseScript
import Foundation
import Testing

@Suite("Shipped exercises")
struct ShippedExerciseTests {
    @Test("check clean, with no warnings", arguments: Repository.shippedExercises)
    func checksClean(name: String) throws {
        let result = ExerciseChecker.check(bytes: try Repository.bytes("Exercises/\(name)"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { "\($0.location) \($0.code) \($0.message)" })")
    }

    @Test("are in canonical layout", arguments: Repository.shippedExercises)
    func formatted(name: String) throws {
        let bytes = try Repository.bytes("Exercises/\(name)")
        let formatted = try #require(ExerciseFormatter.format(SourceText(bytes: bytes)))
        #expect(Array(formatted.utf8) == bytes)
    }

    @Test("meet the size the issue asks for: ≥ 10 injects, ≥ 30 assets in ≥ 6 segments", arguments: Repository.shippedExercises)
    func size(name: String) throws {
        let x = try Repository.shipped(name)
        #expect(x.injects.count >= 10)
        #expect(x.assets.count >= 30)
        #expect(x.segments.count >= 6)
    }

    @Test("have a team per service, the joint command, a US ally cell and the white cell", arguments: Repository.shippedExercises)
    func teams(name: String) throws {
        let x = try Repository.shipped(name)
        let domainsWithBlue = Set(x.teams.filter { $0.role == .blue }.compactMap { $0.domain.map { x.domains[$0].id } })
        #expect(domainsWithBlue.isSuperset(of: ["joint", "land", "maritime", "air"]))
        #expect(x.teams.contains { $0.role == .ally && $0.domain.map { x.domains[$0].nation } == "USA" })
        #expect(x.teams.contains { $0.role == .white })
    }

    @Test("have a mission that needs assets in two or more domains", arguments: Repository.shippedExercises)
    func crossDomainMission(name: String) throws {
        let x = try Repository.shipped(name)
        let crossing = x.missions.filter { m in Set(m.needs.map { x.segments[x.assets[$0].segment].domain }).count >= 2 }
        #expect(!crossing.isEmpty)
    }

    @Test("put an expectation with a target on every inject that has an effect", arguments: Repository.shippedExercises)
    func expectationsOnEffects(name: String) throws {
        let x = try Repository.shipped(name)
        for inject in x.injects where !inject.effects.isEmpty {
            #expect(!inject.expectations.isEmpty, "inject \(inject.id) has effects but no expectation")
        }
    }

    @Test("use channel latencies and markings of the domain notes: service to JCDC within 30 minutes, JPN ONLY; the NCO at TLP:AMBER within 1–4 h")
    func channels() throws {
        for name in Repository.shippedExercises {
            let x = try Repository.shipped(name)
            let jcdc = try #require(x.teams.firstIndex { $0.id == "jcdc" })
            // The services' teams are the blue teams at home in an SDF domain.
            let sdf: Set<String> = ["joint", "land", "maritime", "air"]
            for c in x.channels where c.to == jcdc && x.teams[c.from].role == .blue {
                guard let d = x.teams[c.from].domain, sdf.contains(x.domains[d].id) else {
                    // A civil cell (the NCO): 1–4 h, TLP:AMBER (DOMAIN notes: NCO -> operators).
                    #expect((60...240).contains(c.latencyMinutes), "\(name): \(x.teams[c.from].id) → jcdc")
                    #expect(c.marking.text == "TLP:AMBER")
                    continue
                }
                #expect((15...30).contains(c.latencyMinutes), "\(name): \(x.teams[c.from].id) → jcdc")
                #expect(c.marking == .nations(["JPN"]))
            }
            let usfj = try #require(x.teams.firstIndex { $0.id == "usfj" })
            let bilateral = x.channels.filter { ($0.from == jcdc && $0.to == usfj) || ($0.from == usfj && $0.to == jcdc) }
            #expect(bilateral.count == 2, "\(name): JCDC and USFJ talk both ways")
            for c in bilateral {
                #expect((60...120).contains(c.latencyMinutes))
                #expect(c.marking == .nations(["JPN", "USA"]))
            }
        }
    }

    @Test("the harbour exercise is Cyber Storm style with a hand-released contingency inject")
    func harbour() throws {
        let x = try Repository.shipped("harbour-and-airbase.exercise")
        #expect(x.style == .cyberStorm)
        #expect(x.injects.contains { $0.trigger == .manual })
    }

    @Test("the shared-vendor exercise spans all five domains and has a releasability conflict")
    func sharedVendor() throws {
        let x = try Repository.shipped("shared-vendor.exercise")
        #expect(Set(x.domains.map(\.id)).isSuperset(of: ["joint", "land", "maritime", "air", "ally"]))
        let usa = x.teams.indices.filter { x.teams[$0].domain.map { x.domains[$0].nation } == "USA" }
        let conflict = x.injects.contains { inject in
            inject.marking == .nations(["JPN"]) && inject.expectations.contains {
                if case .share(let to) = $0.action { return usa.contains(to) } else { return false }
            }
        }
        #expect(conflict, "a JPN ONLY inject that players are expected to share with the US cell")
    }

    @Test("pacific shield is Cyber Coalition style")
    func pacific() throws {
        #expect(try Repository.shipped("pacific-shield.exercise").style == .cyberCoalition)
    }
}
