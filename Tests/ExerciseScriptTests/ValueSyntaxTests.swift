import ExerciseCore
import ExerciseScript
import Testing

@Suite("Value forms")
struct ValueSyntaxTests {
    @Test("durations", arguments: [("30m", 30), ("2h", 120), ("1h30m", 90), ("1d", 1440), ("2d6h", 3240), ("0m", 0)])
    func durations(text: String, minutes: Int) {
        #expect(ValueSyntax.duration(text) == minutes)
        #expect(ValueSyntax.duration(ValueSyntax.durationLiteral(minutes)) == minutes)
    }

    @Test("malformed durations are refused", arguments: ["", "m", "30", "30s", "1m2h", "1h1h", "-5m", "1.5h", "9999999m"])
    func badDurations(text: String) { #expect(ValueSyntax.duration(text) == nil) }

    @Test("scenario offsets", arguments: [("+00:00", 0), ("+04:30", 270), ("+26:15", 1575)])
    func offsets(text: String, minutes: Int) {
        #expect(ValueSyntax.offset(text) == minutes)
        #expect(ValueSyntax.offsetText(minutes) == text)
    }

    @Test("malformed offsets are refused", arguments: ["00:30", "+0:60", "+1:5", "+:30", "+12345:00", "+01:00:00", "+aa:bb"])
    func badOffsets(text: String) { #expect(ValueSyntax.offset(text) == nil) }

    @Test("probabilities in per mille", arguments: [("0.3", 300), ("0.05", 50), ("1", 1000), (".5", 500), ("25%", 250), ("0.125", 125), ("100%", 1000), ("0", 0)])
    func probabilities(text: String, perMille: Int) { #expect(ValueSyntax.probability(text) == perMille) }

    @Test("bad probabilities", arguments: ["1.5", "0.1234", "101%", "-0.1", "0.", ".", "%", "abc", "1e-1"])
    func badProbabilities(text: String) { #expect(ValueSyntax.probability(text) == nil) }

    @Test("ATT&CK technique IDs", arguments: [("T1566.001", true), ("T1190", true), ("T0856", true), ("T15661", false), ("t1566", false), ("T1566.01", false), ("TA0001", false)])
    func techniques(text: String, valid: Bool) { #expect(ValueSyntax.isTechnique(text) == valid) }

    @Test("start instants, with offsets and leap days")
    func instants() {
        #expect(ValueSyntax.instant("1970-01-01T00:00Z")?.minutes == 0)
        #expect(ValueSyntax.instant("2026-11-24T09:00+09:00")?.minutes == ValueSyntax.instant("2026-11-24T00:00Z")?.minutes)
        #expect(ValueSyntax.instant("2024-02-29T12:00:30-05:00") != nil)
        #expect(ValueSyntax.instant("2026-02-29T12:00Z") == nil)
        #expect(ValueSyntax.instant("2026-11-24T24:00Z") == nil)
        #expect(ValueSyntax.instant("2026-11-24 09:00Z") == nil)
        #expect(ValueSyntax.instant("2026-11-24T09:00") == nil)
    }

    @Test("releasability markings")
    func markings() throws {
        #expect(try ValueSyntax.releasability("REL TO USA, JPN").get() == .nations(["JPN", "USA"]))
        #expect(try ValueSyntax.releasability("JPN ONLY").get() == .nations(["JPN"]))
        #expect(try ValueSyntax.releasability("TLP:AMBER+STRICT").get() == .tlp(.amberStrict))
        #expect(throws: ValueSyntax.MarkingError.self) { try ValueSyntax.releasability("REL TO Japan").get() }
        #expect(throws: ValueSyntax.MarkingError.self) { try ValueSyntax.releasability("TLP:PURPLE").get() }
        #expect(Releasability.nations(["JPN"]).text == "JPN ONLY")
        #expect(Releasability.tlp(.red).allowsTearline == false)
    }

    @Test("classified markings: level, SDS, nations, in any order and spacing, written back in one order")
    func classifiedMarkings() throws {
        let secret = try ValueSyntax.releasability("SECRET//REL TO USA, JPN").get()
        #expect(secret == Releasability(level: .secret, nations: ["JPN", "USA"]))
        #expect(secret.text == "SECRET//REL TO JPN, USA")
        let sds = try ValueSyntax.releasability("JPN ONLY // SDS // TOP SECRET").get()
        #expect(sds == Releasability(level: .topSecret, sds: true, nations: ["JPN"]))
        #expect(sds.text == "TOP SECRET//SDS//JPN ONLY")
        #expect(try ValueSyntax.releasability("CONFIDENTIAL").get() == Releasability(level: .confidential))
        #expect(try ValueSyntax.releasability("UNCLASSIFIED").get() == .unrestricted)
        #expect(try ValueSyntax.releasability("UNCLASSIFIED//TLP:GREEN").get() == .tlp(.green))
        for (bad, says) in [
            ("SECRET//TLP:AMBER", "TLP is for unclassified information"),
            ("SDS//JPN ONLY", "SDS marks classified information"),
            ("SECRET//SECRET", "names a classification twice"),
            ("SECRET//REL TO JPN//USA ONLY", "names its nations twice"),
            ("SECRET// //JPN ONLY", "empty part"),
            ("SECRET//NOFORN", "unknown part 'NOFORN'"),
            ("RESTRICTED", "unknown releasability marking 'RESTRICTED'"),
            ("", "empty marking"),
        ] {
            guard case .failure(let e) = ValueSyntax.releasability(bad) else {
                Issue.record("'\(bad)' was accepted")
                continue
            }
            #expect(e.message.contains(says), "\(bad): \(e.message)")
        }
    }
}
