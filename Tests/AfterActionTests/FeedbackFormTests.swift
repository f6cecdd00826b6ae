import AfterAction
import ExerciseCore
import ExerciseScript
import Testing

@Suite("The feedback form in the participant's language")
struct FeedbackFormTests {
    @Test("the Japanese form asks about each objective in its Japanese text, and in the exercise's where it has none")
    func japaneseObjectives() throws {
        let result = ExerciseChecker.check(text: """
            exercise "Bilingual"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 6 turns
            domain joint "J" nation JPN
            objective O1 "Detect within one hour"
              text ja "1時間以内に探知する"
            objective O2 "Share with the ally"

            """)
        let x = try #require(result.exercise, "\(result.diagnostics.map(\.message))")
        let ja = ParticipantFeedback.questions(x, language: .ja).filter { $0.id.hasPrefix("O") }.map(\.text)
        #expect(ja == ["演習は次の目標の演練に役立った: 1時間以内に探知する", "演習は次の目標の演練に役立った: Share with the ally"])
        let en = ParticipantFeedback.questions(x, language: .en).filter { $0.id.hasPrefix("O") }.map(\.text)
        #expect(en == ["The exercise let my team practise this objective: Detect within one hour",
                       "The exercise let my team practise this objective: Share with the ally"])
        #expect(ParticipantFeedback.markdown(x, language: .ja).contains("| O1 | 演習は次の目標の演練に役立った: 1時間以内に探知する |"))
    }
}
