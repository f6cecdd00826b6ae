import ExerciseCore

/// What an inject's lines give in languages other than the exercise's, while it is read.
struct InjectTranslations {
    struct Entry {
        var title: String?
        var titleToken: Token?
        var texts: [String] = []
        var textToken: Token?
        var tearline: String?
        var tearlineToken: Token?
        var tasks: [Int: String] = [:]
    }
    /// Per language, in `Language` order.
    var entries: [Language: Entry] = [:]
}

extension Lowering {
    /// A language code: `en` or `ja`.
    mutating func takeLanguage(_ c: inout Cursor, after: Token) -> Language? {
        guard let t = take(&c, "a language code (en or ja)", after: after) else { return nil }
        return language(t)
    }

    mutating func language(_ t: Token) -> Language? {
        if t.isWord, let language = Language(rawValue: t.text) { return language }
        error(.unknownLanguage(t.text), t)
        return nil
    }

    /// `title ja "…"`, `text ja "…"` or `tearline ja "…"`, after the field's keyword.
    mutating func takeTranslation(_ c: inout Cursor, field k: Token, into translations: inout InjectTranslations) {
        guard let code = c.next() else { return }
        let what = k.text == "text" ? "the card text" : k.text == "title" ? "the title" : "the tearline's text"
        guard let text = takeString(&c, "\(what) in '\(code.text)'", after: code) else { return }
        guard let language = language(code) else { return }
        if language == exercise.language {
            error(.translationInDefaultLanguage(field: k.text, language), code)
            return
        }
        var entry = translations.entries[language] ?? InjectTranslations.Entry()
        switch k.text {
        case "title":
            if let first = entry.titleToken {
                error(.duplicateField, "'title \(language.rawValue)' given twice; first on line \(first.line)", k)
                return
            }
            if text.isEmpty { error(.emptyText("the title in '\(language.rawValue)'"), k) }
            entry.title = text
            entry.titleToken = k
        case "text":
            entry.texts.append(text)
            if entry.textToken == nil { entry.textToken = k }
        default:
            if let first = entry.tearlineToken {
                error(.duplicateField, "'tearline \(language.rawValue)' given twice; first on line \(first.line)", k)
                return
            }
            if text.isEmpty { error(.emptyText("the tearline's text in '\(language.rawValue)'"), k) }
            entry.tearline = text
            entry.tearlineToken = k
        }
        translations.entries[language] = entry
    }

    /// `ja "…"` after a free-text expectation's task.
    mutating func takeTaskTranslation(code: Token, text: Token, number: Int, into translations: inout InjectTranslations) {
        guard let language = language(code) else { return }
        if language == exercise.language {
            error(.translationInDefaultLanguage(field: "expect", language), code)
            return
        }
        var entry = translations.entries[language] ?? InjectTranslations.Entry()
        if entry.tasks[number] != nil {
            error(.duplicateField, "'\(language.rawValue)' given twice for the expectation", code)
            return
        }
        if text.text.isEmpty { error(.emptyText("the expected action's text in '\(language.rawValue)'"), text) }
        entry.tasks[number] = text.text
        translations.entries[language] = entry
    }

    /// The inject's translations, in `Language` order; a translated text or tearline whose
    /// original the inject lacks is reported here.
    mutating func finishTranslations(_ translations: InjectTranslations, text hasText: Bool, tearline hasTearline: Bool) -> [Inject.Translation] {
        var out: [Inject.Translation] = []
        for language in Language.allCases {
            guard let entry = translations.entries[language] else { continue }
            if let k = entry.textToken, !hasText { error(.translationWithoutOriginal(field: "text", language, of: exercise.language), k) }
            if let k = entry.tearlineToken, !hasTearline {
                error(.translationWithoutOriginal(field: "tearline", language, of: exercise.language), k)
            }
            out.append(Inject.Translation(
                language: language, title: entry.title, text: entry.texts.isEmpty ? nil : entry.texts.joined(separator: "\n"),
                tearline: entry.tearline, tasks: entry.tasks))
        }
        return out
    }
}

extension Diagnostic.Message {
    /// Codes people write for the two languages cdx knows, which are not the ISO 639-1 ones.
    static let languageAliases: [String: Language] = [
        "jp": .ja, "jpn": .ja, "jap": .ja, "japanese": .ja, "nihongo": .ja, "日本語": .ja,
        "eng": .en, "english": .en, "us": .en, "uk": .en, "gb": .en, "en-us": .en, "en-gb": .en, "ja-jp": .ja,
    ]

    /// "unknown language 'jp'; did you mean 'ja'?; cdx knows en (English) and ja (日本語)".
    static func unknownLanguage(_ code: String) -> Self {
        let lower = code.lowercased()
        let suggestion = Language(rawValue: lower)?.rawValue ?? languageAliases[lower]?.rawValue
        let known = Language.allCases.map { "\($0.rawValue) (\($0.name))" }.joined(separator: " and ")
        return Self(code: .unknownLanguage, text: "unknown language '\(code)'\(didYouMean(suggestion)); cdx knows \(known)")
    }

    /// `text en "…"` in an exercise written in English.
    static func translationInDefaultLanguage(field: String, _ language: Language) -> Self {
        let own = field == "expect" ? "the task before it" : field == "title" ? "the title on the inject line" : "'\(field) \"…\"'"
        return Self(code: .translationInDefaultLanguage,
                    text: "'\(language.rawValue)' is the exercise's own language, which \(own) is written in; a language code gives another language")
    }

    /// `text ja "…"` on an inject without `text "…"`.
    static func translationWithoutOriginal(field: String, _ language: Language, of original: Language) -> Self {
        Self(code: .translationWithoutOriginal,
             text: "'\(field) \(language.rawValue)' translates the inject's '\(field)', which it does not have; write '\(field) \"…\"' in the exercise's language ('\(original.rawValue)') too")
    }
}
