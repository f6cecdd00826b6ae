/// A language a card may be written in. An exercise is written in one (`language en`, the
/// default); each team reads one (`language ja`; default the exercise's); an inject may carry
/// its card in the other too (`title ja "…"`, `text ja "…"`). cdx knows the alliance's two;
/// see Documentation/ExerciseLanguage.md, "Languages", for why there are no others yet.
public enum Language: String, CaseIterable, Comparable, Sendable {
    case en, ja

    /// The language's name in itself, for the control that shows a card in it.
    public var name: String {
        switch self {
        case .en: return "English"
        case .ja: return "日本語"
        }
    }

    public static func < (a: Language, b: Language) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

extension Inject {
    /// A card's words in a language other than the exercise's: what `title ja`, `text ja`,
    /// `tearline ja` and `expect "…" ja "…"` give. A part left out is read in the
    /// exercise's language.
    public struct Translation: Equatable, Sendable {
        public var language: Language
        public var title: String?
        public var text: String?
        public var tearline: String?
        /// Free-text expectations' tasks, by expectation number (`A01.2` is 2).
        public var tasks: [Int: String]

        public init(language: Language, title: String? = nil, text: String? = nil, tearline: String? = nil, tasks: [Int: String] = [:]) {
            self.language = language
            self.title = title
            self.text = text
            self.tearline = tearline
            self.tasks = tasks
        }

        /// Whether the card itself (not only an expectation) is written in this language.
        public var hasCard: Bool { title != nil || text != nil || tearline != nil }
    }

    /// The translation into `language`, if the author wrote one.
    public func translation(_ language: Language) -> Translation? {
        translations.first { $0.language == language }
    }
}

/// A card as it reads in one language.
public struct CardText: Equatable, Sendable {
    public var language: Language
    public var title: String
    public var text: String
    /// The releasable version's text, where the card has a tearline.
    public var tearline: String?

    public init(language: Language, title: String, text: String, tearline: String? = nil) {
        self.language = language
        self.title = title
        self.text = text
        self.tearline = tearline
    }
}

extension Exercise {
    /// The language team `t` reads: its own (`language ja`), else the exercise's.
    public func language(ofTeam t: Int) -> Language { teams[t].language ?? language }

    /// The languages inject `i`'s card is written in: the exercise's first, then each
    /// translation's, in `Language` order.
    public func languages(ofInject i: Int) -> [Language] {
        [language] + injects[i].translations.filter(\.hasCard).map(\.language).filter { $0 != language }
    }

    /// Inject `i`'s card in `language`, or nil when it is not written in it. A part the
    /// translation leaves out (a title, a tearline) reads as in the exercise's language.
    public func card(_ i: Int, in language: Language) -> CardText? {
        let inject = injects[i]
        let original = CardText(language: self.language, title: inject.title, text: inject.text, tearline: inject.tearline?.text)
        if language == self.language { return original }
        guard let t = inject.translation(language), t.hasCard else { return nil }
        return CardText(language: language, title: t.title ?? inject.title, text: t.text ?? inject.text,
                        tearline: inject.tearline.map { t.tearline ?? $0.text })
    }

    /// Inject `i`'s card as team `t` reads it first: in its language where the card is
    /// written in it, else in the exercise's.
    public func card(_ i: Int, for t: Int) -> CardText {
        card(i, in: language(ofTeam: t)) ?? card(i, in: language)!
    }

    /// The other languages of inject `i`'s card than `language`, as a reader may switch to them.
    public func otherCards(_ i: Int, besides language: Language) -> [CardText] {
        languages(ofInject: i).filter { $0 != language }.compactMap { card(i, in: $0) }
    }

    /// A free-text expectation's task in `language`: its translation where written, else
    /// the task as written in the exercise's language; nil for an expectation of another kind.
    public func task(_ i: Int, expectation n: Int, in language: Language) -> String? {
        guard let e = injects[i].expectations.first(where: { $0.number == n }), case .judged(let text) = e.action else { return nil }
        if language == self.language { return text }
        return injects[i].translation(language)?.tasks[n] ?? text
    }
}
