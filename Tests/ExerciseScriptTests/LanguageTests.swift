import ExerciseCore
import ExerciseScript
import Testing

@Suite("Cards in two languages")
struct LanguageTests {
    static let text = """
        exercise "Bilingual"
          start 2026-11-24T09:00+09:00
          turn 1h
          length 6 turns
        domain joint "J" nation JPN
        domain ally "A" nation USA
        team jcdc "C" domain joint language ja
        team gsdf "G" domain joint
          language ja
        team usfj "U" domain ally role ally
        segment s "S" domain joint
        asset mail "Mail" in s
        inject A1 at +00:00 "Phish"
          to jcdc usfj
          title ja "標的型メール"
          text "Three opened it."
          text ja "三名が開封した。"
          text ja "検知なし。"
          tearline "Phishing seen." marking "TLP:GREEN"
          tearline ja "標的型メールを確認。"
          expect "Warn the DII" ja "DII全体に警告する" within 1h by jcdc
        inject A2 at +01:00 "Title only"
          to gsdf usfj
          title ja "題名のみ"
          text "No Japanese text."
          expect "Report" within 1h by gsdf
        inject A3 at +02:00 "English only"
          to usfj
          text "Fine: usfj reads English."

        """

    @Test("the header, the teams and the injects carry their languages")
    func model() throws {
        let result = ExerciseChecker.check(text: Self.text)
        let x = try #require(result.exercise, "\(result.diagnostics.map(\.message))")
        #expect(x.language == .en)
        #expect(x.teams.indices.map(x.language(ofTeam:)) == [.ja, .ja, .en])
        #expect(x.teams[2].language == nil)
        let a1 = x.injects[0]
        #expect(a1.title == "Phish" && a1.text == "Three opened it.")
        #expect(a1.translations == [Inject.Translation(
            language: .ja, title: "標的型メール", text: "三名が開封した。\n検知なし。", tearline: "標的型メールを確認。", tasks: [1: "DII全体に警告する"])])
        #expect(x.card(0, for: 0) == CardText(language: .ja, title: "標的型メール", text: "三名が開封した。\n検知なし。", tearline: "標的型メールを確認。"))
        #expect(x.card(0, for: 2).language == .en)
        #expect(x.otherCards(0, besides: .ja).map(\.title) == ["Phish"])
        #expect(x.task(0, expectation: 1, in: .ja) == "DII全体に警告する")
        #expect(x.task(0, expectation: 1, in: .en) == "Warn the DII")
        // A part left out reads in the exercise's language.
        #expect(x.card(1, in: .ja) == CardText(language: .ja, title: "題名のみ", text: "No Japanese text.", tearline: nil))
        #expect(x.card(2, in: .ja) == nil)
        #expect(x.card(2, for: 0).language == .en)
        #expect(x.languages(ofInject: 0) == [.en, .ja])
        #expect(x.languages(ofInject: 2) == [.en])
    }

    @Test("an exercise written in Japanese translates into English")
    func japaneseDefault() throws {
        let text = """
            exercise "和文"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 2 turns
              language ja
            domain ally "A" nation USA
            team usfj "U" domain ally role ally language en
            inject A1 at +00:00 "標的型メール"
              to usfj
              title en "Phishing"
              text "三名が開封した。"
              text en "Three opened it."

            """
        let result = ExerciseChecker.check(text: text)
        let x = try #require(result.exercise, "\(result.diagnostics.map(\.message))")
        #expect(x.language == .ja)
        #expect(x.card(0, for: 0) == CardText(language: .en, title: "Phishing", text: "Three opened it.", tearline: nil))
        #expect(ExerciseLinter.lint(result).isEmpty)
    }

    @Test("lint warns, at the inject or the expectation, where a reader's language is missing")
    func lint() throws {
        let result = ExerciseChecker.check(text: Self.text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let found = ExerciseLinter.lint(result).filter { $0.code == .missingLanguage }
        #expect(found.map { "\($0.location.line):\($0.location.column)" } == ["22:8", "26:3"])
        #expect(found.first?.message == "inject 'A2' goes to 'gsdf', which reads 'ja', but its card has no 'text ja \"…\"'")
        #expect(found.last?.message == "A2.1 is answered by 'gsdf', which reads 'ja', but its task has no 'ja \"…\"' after it")
    }

    @Test("fmt keeps the language lines as written, in canonical layout")
    func format() throws {
        let messy = "exercise \"F\"\n  start 2026-11-24T09:00+09:00\n  turn 1h\n  length 2 turns\n  language   en\n"
            + "inject A1 at +00:00 \"T\"\n    title   ja \"題\"\n  text \"x\"\n\ttext ja   \"本文\"\n  expect \"a\"  ja \"イ\" within 1h\n"
        let formatted = try #require(ExerciseFormatter.format(SourceText(messy)))
        #expect(formatted.contains("\n  language en\n"))
        #expect(formatted.contains("\n  title ja \"題\"\n  text \"x\"\n  text ja \"本文\"\n  expect \"a\" ja \"イ\" within 1h\n"))
        #expect(ExerciseFormatter.format(SourceText(formatted)) == formatted)
    }
}

extension LanguageTests {
    /// The feedback form asks about each objective in the participant's language (issue 17, item 8).
    @Test("an objective carries its text in other languages; mistakes in them are placed")
    func objectiveTranslations() throws {
        let head = """
            exercise "Bilingual"
              start 2026-11-24T09:00+09:00
              turn 1h
              length 6 turns
            domain joint "J" nation JPN
            team jcdc "C" domain joint

            """
        let good = ExerciseChecker.check(text: head + """
            objective O1 "Detect within one hour"
              text ja "1時間以内に探知する"
            objective O2 "Share with the ally"

            """)
        let x = try #require(good.exercise, "\(good.diagnostics.map(\.message))")
        #expect(x.objectives[0].text(in: .ja) == "1時間以内に探知する" && x.objectives[0].text(in: .en) == "Detect within one hour")
        #expect(x.objectives[1].text(in: .ja) == "Share with the ally")

        let bad = ExerciseChecker.check(text: head + """
            objective O1 "Detect within one hour"
              text ja "一"
              text ja "二"
              text en "own language"
              text jp "did you mean"
              text ja
            objective O2 "Empty"
              text ja ""

            """)
        let found = bad.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue): \($0.message)" }
        #expect(found == [
            "9:3 duplicate-field: 'text ja' given twice for this objective; first on line 8",
            "10:8 translation-in-default-language: 'en' is the exercise's own language, which the objective line is written in; a language code gives another language",
            "11:8 unknown-language: unknown language 'jp'; did you mean 'ja'?; cdx knows en (English) and ja (日本語)",
            "12:10 missing-argument: expected the objective in 'ja' after 'ja'",
            "14:3 empty-text: the objective in 'ja' is empty",
        ], "\(found)")
    }
}
