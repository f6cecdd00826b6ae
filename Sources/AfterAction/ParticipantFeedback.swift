import ExerciseCore

/// The HSEEP Participant Feedback Form for an exercise, and the tallies of the forms the
/// participants filled in (`cdx feedback`, `cdx report --feedback FILLED.csv`).
///
/// Part I asks who answers (team, role); Part II rates statements from 1 (strongly disagree)
/// to 5 (strongly agree) — HSEEP's standard ones, then one per exercise objective; Part III
/// asks for strengths, areas for improvement and changes, in the participant's words.
public enum ParticipantFeedback {
    public struct Question: Equatable, Sendable {
        /// `Q1`…`Q7` for the standard statements, the objective's id for an objective's, `S1`… for open questions.
        public var id: String
        public var text: String
        /// Rated 1–5 (Part II), or answered in words (Part III).
        public var rated: Bool
    }

    /// The form's questions, in `language`.
    public static func questions(_ x: Exercise, language: Language) -> [Question] {
        let ja = language == .ja
        let standard: [(String, String)] = [
            ("The exercise was well structured and organized.", "演習は適切に構成され、運営されていた。"),
            ("The exercise scenario was plausible and realistic.", "演習の想定は現実的で、あり得るものであった。"),
            ("Exercise participation was appropriate for someone in my field with my level of experience and training.",
             "演習への参加は、私の職域と経験・練度に見合ったものであった。"),
            ("The participants included the right people in terms of level and mix of disciplines.",
             "参加者は、階級・職域の構成の点で適切であった。"),
            ("The exercise increased my understanding of the capabilities and resources of the other participating organizations.",
             "演習により、他の参加組織の能力と資源に対する理解が深まった。"),
            ("The exercise gave me the opportunity to address significant decisions in support of critical mission areas.",
             "演習は、重要な任務分野を支える重要な決定に取り組む機会となった。"),
            ("After this exercise, I am better prepared to deal with the situation that was exercised.",
             "この演習の後、演練した事態により適切に対処できるようになった。"),
        ]
        var out = standard.enumerated().map { Question(id: "Q\($0.offset + 1)", text: ja ? $0.element.1 : $0.element.0, rated: true) }
        for o in x.objectives {
            out.append(Question(id: o.id, text: (ja ? "演習は次の目標の演練に役立った: " : "The exercise let my team practise this objective: ") + o.text(in: language),
                                rated: true))
        }
        let open: [(String, String)] = [
            ("What were the strengths of the response you took part in?", "参加した対処の長所は何か。"),
            ("What should be improved, and what would help (training, procedures, equipment)?", "改善すべき点は何か。何が役立つか（訓練、手順、装備）。"),
            ("What would you change about this exercise?", "この演習について変更すべき点は何か。"),
        ]
        out += open.enumerated().map { Question(id: "S\($0.offset + 1)", text: ja ? $0.element.1 : $0.element.0, rated: false) }
        return out
    }

    /// The form as Markdown, to print and fill in by hand.
    public static func markdown(_ x: Exercise, language: Language) -> String {
        let ja = language == .ja
        let qs = questions(x, language: language)
        var out = "**\(x.marking)**\n\n"
        out += ja ? "# 参加者フィードバック用紙: \(x.title)\n\n" : "# Participant Feedback Form: \(x.title)\n\n"
        out += ja ? "## 第1部 回答者\n\n- 所属チーム: ____________\n- 役割（プレーヤー、統制官、評価官、オブザーバー）: ____________\n\n"
            : "## Part I: About you\n\n- Team: ____________\n- Role (player, controller, evaluator, observer): ____________\n\n"
        out += ja ? "## 第2部 評価\n\n1（全くそう思わない）から5（強くそう思う）で評価してください。\n\n| 番号 | 項目 | 1 | 2 | 3 | 4 | 5 |\n| --- | --- | --- | --- | --- | --- | --- |\n"
            : "## Part II: Assessment\n\nRate each statement from 1 (strongly disagree) to 5 (strongly agree).\n\n| # | Statement | 1 | 2 | 3 | 4 | 5 |\n| --- | --- | --- | --- | --- | --- | --- |\n"
        for q in qs where q.rated { out += "| \(q.id) | \(q.text.replacing("|", with: "\\|")) | ☐ | ☐ | ☐ | ☐ | ☐ |\n" }
        out += ja ? "\n## 第3部 所見\n\n" : "\n## Part III: In your words\n\n"
        for q in qs where !q.rated { out += "**\(q.id). \(q.text)**\n\n\n\n" }
        out += "**\(x.marking)**\n"
        return out
    }

    /// The form as a CSV to fill in (one row per question; collect the filled ones into one
    /// file, any number of respondents, for `cdx report --feedback`).
    public static let csvHeader = ["respondent", "team", "role", "question", "statement", "rating", "comment"]

    /// The header, a row per question, and the exercise's marking above and below as a
    /// marking row (`# MARKING` alone in the first cell), which a spreadsheet shows in A1 and
    /// the reader passes over (`isMarkingRow`).
    public static func csvRows(_ x: Exercise, language: Language) -> [[String]] {
        [["# " + x.marking], csvHeader] + questions(x, language: language).map { ["", "", "", $0.id, $0.text, "", ""] } + [["# " + x.marking]]
    }

    /// A row that only carries a marking or a remark: its first cell starts with `#` and
    /// every other cell is blank (a respondent named `#3` fills in the question too). A BOM
    /// before the `#` is passed over: files joined with `cat` keep the second one's.
    public static func isMarkingRow(_ fields: [String]) -> Bool {
        guard let first = fields.first, first.drop(while: { $0 == " " || $0 == "\u{FEFF}" }).hasPrefix("#") else { return false }
        return fields.dropFirst().allSatisfy { $0.allSatisfy(\.isWhitespace) }
    }

    /// One answer from a filled form.
    public struct Answer: Equatable, Sendable {
        public var respondent: String
        public var team: String
        public var role: String
        public var question: String
        public var rating: Int?
        public var comment: String
        public init(respondent: String, team: String, role: String, question: String, rating: Int?, comment: String) {
            self.respondent = respondent
            self.team = team
            self.role = role
            self.question = question
            self.rating = rating
            self.comment = comment
        }
    }

    /// Per rated question: how many answered, how many gave each rating 1–5, the mean.
    public struct Tally: Equatable, Sendable {
        public var question: Question
        public var counts: [Int]
        public var answered: Int { counts.reduce(0, +) }
        /// The mean in tenths, rounded half up (38 is 3.8); nil when nobody rated it.
        public var meanTenths: Int? {
            guard answered > 0 else { return nil }
            let sum = counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
            return (sum * 20 + answered) / (2 * answered)
        }
    }

    public static func tallies(_ answers: [Answer], _ x: Exercise, language: Language = .en) -> [Tally] {
        questions(x, language: language).filter(\.rated).map { q in
            var counts = [0, 0, 0, 0, 0]
            for a in answers where a.question == q.id {
                if let r = a.rating, (1...5).contains(r) { counts[r - 1] += 1 }
            }
            return Tally(question: q, counts: counts)
        }
    }

    /// Every comment, by question, in the order given.
    public static func comments(_ answers: [Answer]) -> [(question: String, team: String, text: String)] {
        answers.filter { !$0.comment.isEmpty }.map { ($0.question, $0.team, $0.comment) }
    }
}
