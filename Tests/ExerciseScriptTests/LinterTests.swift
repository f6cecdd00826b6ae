import ExerciseCore
import ExerciseScript
import Testing

@Suite("cdx lint")
struct LinterTests {
    static let text = """
        exercise "Lint"
          start 2026-11-24T09:00+09:00
          turn 1h
          length 6 turns
          tearline 4h
        domain joint "J" nation JPN
        domain civil "C" nation JPN
        domain ally "A" nation USA
        team jcdc "C" domain joint
          capacity 1
        team usfj "U" domain ally role ally
        team white "W" role white
        channel jcdc -> usfj 2h marking "REL TO JPN, USA"
        segment s "S" domain joint
        segment port "Port" domain civil
          sensors 0
        asset mail "Mail" in s
          restore 4h
          backups no
        asset web "Web" in s
        asset tos "TOS" in port
        actor red "Red"
        inject A1 at +00:00 "Phish"
          by red
          to jcdc
          compromise mail
          deny web for 1h
          expect detect mail within 1h
          expect restore mail within 4h
        inject A2 at +01:00 "Port"
          by red
          compromise tos
          expect contain tos within 1h
        inject A3 when web compromised "Never"
          to jcdc
          expect "Brief the minister" within 1h
        inject S1 at +01:00 "Secret"
          to jcdc
          marking "JPN ONLY"
          tearline "Releasable" marking "REL TO JPN, USA"
          expect share -> usfj within 3h
        inject S2 at +04:00 "Late"
          to jcdc
          expect share -> white within 3h
        inject S3 at +02:00 "No tearline"
          to jcdc
          marking "JPN ONLY"
          expect share -> usfj within 5h

        """

    @Test("each finding at its line and column")
    func findings() {
        let result = ExerciseChecker.check(text: Self.text)
        #expect(result.diagnostics.isEmpty)
        let found = ExerciseLinter.lint(result).map { "\($0.location.line):\($0.location.column) \($0.code.rawValue)" }
        #expect(found == [
            "23:8 over-capacity",
            "27:8 effect-without-expectation",
            "29:3 target-too-short",
            "32:14 undetectable",
            "33:3 no-authority",
            "34:8 never-fires",
            "41:3 share-too-slow",
            "44:3 no-channel",
            "44:3 due-after-end",
            "48:3 share-never-releasable",
        ])
    }

    @Test("the shipped exercises have no finding that would stop play (never-fires, no-channel, share-too-slow)")
    func shipped() throws {
        for name in Repository.shippedExercises {
            let result = ExerciseChecker.check(bytes: try Repository.bytes("Exercises/\(name)"))
            let blocking = ExerciseLinter.lint(result).filter { [.neverFires, .noChannel, .shareTooSlow, .shareNeverReleasable, .targetTooShort].contains($0.code) }
            #expect(blocking.isEmpty, "\(name): \(blocking.map { "\($0.location) \($0.message)" })")
        }
    }
}
