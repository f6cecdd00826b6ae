import ExerciseScript
import Foundation
import Testing
@testable import ExerciseCore

/// `Event` holds no references (Documentation/Performance.md, "A plain-value event"): its
/// texts, techniques and mission levels are plain values that read back as they were made.
struct PlainValueTests {
    @Test func eventsAndDecisionsArePlainValues() {
        #expect(_isPOD(Event.self))
        #expect(_isPOD(Decision.self))
        #expect(_isPOD(RunState.AssetState.self))
        // Documentation/Performance.md gives these sizes; a payload that grows them should say so there.
        #expect(MemoryLayout<Event>.stride <= 88)
        #expect(MemoryLayout<Decision>.stride <= 40)
    }

    @Test func techniquesReadBackAsWritten() {
        for text in ["T1566", "T1566.001", "T0001", "T0800.000", "T9999.999"] {
            #expect(Technique(text)?.description == text)
        }
        #expect(Technique("T1566.001")?.number == 1566)
        #expect(Technique("T1566.001")?.sub == 1)
        #expect(Technique("T1566")?.sub == nil)
        for bad in ["", "T", "t1566", "T156", "T15666", "T1566.", "T1566.01", "T1566.0011", "T1566,001", "T15a6", "T1566.00x", "Ｔ1566"] {
            #expect(Technique(bad) == nil, "\(bad)")
        }
        #expect(Technique("T1566") != Technique("T1566.000"))
        #expect(Technique("T1003.006")! < Technique("T1566")!)
    }

    @Test func textsCompareByContent() {
        let a = InternedText("briefed JJOC")
        let b = InternedText(String("briefed ") + "JJOC")
        #expect(a == b)
        #expect(a != InternedText("briefed jjoc"))
        #expect(b.string == "briefed JJOC")
        #expect(InternedText("").string == "")
        #expect(InternedText("日本語の注記\n二行目").string == "日本語の注記\n二行目")
    }

    @Test(arguments: [0, 1, 3, 31, 32, 33, 100])
    func missionLevelsReadBackAsMade(count: Int) {
        let cycle: [ServiceLevel] = [.up, .degraded, .down, .down, .up]
        let levels = (0..<count).map { cycle[($0 * 7 + count) % cycle.count] }
        let packed = MissionLevels(levels)
        #expect(Array(packed) == levels)
        #expect(packed.count == count)
        #expect(packed == MissionLevels(levels))
        #expect(MissionLevels(allUp: count).allSatisfy { $0 == .up })
        guard count > 0 else { return }
        let m = count - 1
        let changed = packed.setting(m, to: levels[m] == .down ? .up : .down)
        #expect(changed != packed)
        #expect(Array(changed.prefix(m)) == Array(levels.prefix(m)))
        #expect(changed[m] == (levels[m] == .down ? .up : .down))
        #expect(changed.setting(m, to: levels[m]) == packed)
    }

    /// `RunState.serviceLevels` is what each asset's record says, after every event of every
    /// shipped exercise played by each kind of automatic player over a few seeds.
    @Test(arguments: ["pacific-shield", "harbour-and-airbase", "shared-vendor"])
    func serviceLevelsFollowTheAssets(name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Exercises/\(name).exercise"), encoding: .utf8)
        let x = try #require(ExerciseChecker.check(text: text).exercise)
        let engine = Engine(exercise: x)
        var changes = 0
        for players in Players.allCases {
            for seed in UInt64(1)...4 {
                var played = RunState(exercise: x, seed: seed)
                let events = engine.play(players, state: &played)
                var state = RunState(exercise: x, seed: seed)
                for e in events {
                    let before = state.serviceLevels
                    state.apply(e, in: x)
                    if state.serviceLevels != before { changes += 1 }
                    #expect(state.serviceLevels == state.assets.map(\.service), "after \(e.type) #\(e.seq), \(players) seed \(seed)")
                }
                #expect(state == played)
            }
        }
        #expect(changes > 0)
    }
}
