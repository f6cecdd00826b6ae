import AfterAction
import ExerciseCore
import ExerciseScript
import Testing

@Suite("Scenario times in reports")
struct ScenarioTimeTests {
    @Test("UTC timestamps and local times from the exercise start")
    func timestamps() throws {
        let start = try #require(ValueSyntax.instant("2026-11-24T09:00+09:00"))
        let x = Exercise(title: "T", start: ScenarioStart(text: "2026-11-24T09:00+09:00",
                                                          minutesFromEpoch: start.minutes, utcOffsetMinutes: start.offset))
        #expect(ScenarioTime.utcTimestamp(x, minute: 30) == "2026-11-24T00:30:00.000Z")
        #expect(ScenarioTime.local(x, minute: 30) == "2026-11-24 09:30 +09:00")
        #expect(ScenarioTime.utcTimestamp(x, minute: 24 * 60) == "2026-11-25T00:00:00.000Z")
    }
}
