import AfterAction
import ExerciseCore
import ExerciseScript
import Foundation

/// `cdx feedback EXERCISE`: the HSEEP Participant Feedback Form for the exercise, in Markdown
/// to print or CSV to fill in; `cdx report --feedback FILLED.csv` adds the tallies.
enum FeedbackCommand {
    static let spec = CommandSpec(
        name: "feedback",
        abstract: "Print the HSEEP Participant Feedback Form for an exercise (Markdown or CSV, English or Japanese)",
        discussion: """
            Part I asks the participant's team and role; Part II rates HSEEP's standard
            statements and one per exercise objective from 1 (strongly disagree) to 5
            (strongly agree); Part III asks for strengths, improvements and changes. The CSV
            has one row per question (respondent, team, role, question, statement, rating,
            comment), a UTF-8 BOM first (for Excel) and the exercise's marking in a
            '# MARKING' row above and below: collect the filled rows of every participant
            into one file and give it to 'cdx report JOURNAL --feedback FILE' for the
            tallies and comments (Reports.md, "Participant feedback").
            """,
        positionals: [PositionalSpec(name: "exercise", help: "The .exercise file")],
        options: [
            .option("format", value: "FORMAT", help: "md or csv (default: from -o's extension, else md)"),
            .option("language", value: "LANG", help: "en or ja (default: the exercise's language)"),
            .option("output", short: "o", value: "FILE", help: "Write the form here instead of standard output"),
        ],
        examples: ["cdx feedback Exercises/pacific-shield.exercise --language ja -o feedback-ja.md",
                   "cdx feedback Exercises/pacific-shield.exercise --format csv -o feedback.csv"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let (x, _) = try ExerciseLoader.load(arguments.positionals[0], io: io)
        let output = arguments.value("output")
        var format = try arguments.choice("format", among: ["md", "csv"])
        if format == nil { format = output?.lowercased().hasSuffix(".csv") == true ? "csv" : "md" }
        let language = try arguments.choice("language", among: Language.allCases.map(\.rawValue)).flatMap(Language.init(rawValue:)) ?? x.language
        // The CSV starts with a BOM, so that Excel reads its Japanese as UTF-8.
        let text = format == "csv" ? CSV.write(ParticipantFeedback.csvRows(x, language: language), bom: true)
            : ParticipantFeedback.markdown(x, language: language)
        try ReportLoader.emit(text, to: output, what: "the Participant Feedback Form", io: io)
        return ExitStatus.success
    }

    /// The answers of a filled form (or many, collected into one file), checked: the header,
    /// each question against the exercise, each rating 1–5 or blank, each team one of the
    /// exercise's (by id or name), one answer per respondent and question; every mistake at
    /// row:column on standard error, then a failure. A BOM, marking rows and a header
    /// repeated where forms were pasted one after another are passed over; a form that
    /// answers nothing is not counted (a note says whose).
    static func readFilled(_ path: String, exercise x: Exercise, io: CommandIO) throws(CommandFailure) -> [ParticipantFeedback.Answer] {
        let bytes = try Files.read(path)
        let document = CSV.read(bytes: bytes, separator: CSV.sniffSeparator(bytes))
        let shown = Files.displayName(path)
        var problems = document.problems.filter(\.isError).map { (row: $0.row, column: $0.column, message: $0.message) }
        // In row and column order: the rows' own mistakes and an unknown team reported once at its first row.
        func fail() -> CommandFailure {
            for p in problems.enumerated().sorted(by: { ($0.element.row, $0.element.column, $0.offset) < ($1.element.row, $1.element.column, $1.offset) }) {
                io.writeError("\(shown):\(p.element.row):\(p.element.column): error: \(p.element.message)\n")
            }
            return CommandFailure(message: "'\(shown)' has \(plural(problems.count, "error")); nothing was written")
        }
        let rows = document.rows.filter { !$0.isBlank && !ParticipantFeedback.isMarkingRow($0.fields) }
        guard let header = rows.first else { throw CommandFailure(message: "\(shown): the feedback file is empty; fill in the CSV 'cdx feedback EXERCISE --format csv' writes") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (k, name) in names.enumerated() where column[name] == nil { column[name] = k }
        for needed in ["question", "rating"] where column[needed] == nil {
            problems.append((header.number, 1, "no '\(needed)' column; the header is \(ParticipantFeedback.csvHeader.joined(separator: ","))"))
        }
        guard problems.isEmpty else { throw fail() }
        let known = Set(ParticipantFeedback.questions(x, language: .en).map(\.id))
        var answers: [ParticipantFeedback.Answer] = []
        // Where each named respondent first answered each question, for a second answer's error.
        var answered: [String: Int] = [:]
        // Each form in the order met (a respondent, or a blank name's team), and whether it answered anything.
        var forms: [(key: String, shown: String, answered: Bool)] = []
        // Each unknown team as written, per respondent (a form fills it in on every row): its first row and how many carry it.
        var unknownTeams: [(respondent: String, team: String, row: Int, column: Int, rows: Int)] = []
        for row in rows.dropFirst() {
            // (A header pasted with its file's BOM still is one.)
            if row.fields.map({ $0.trimmingCharacters(in: .whitespaces.union(["\u{FEFF}"])).lowercased() }) == names { continue }
            func cell(_ name: String) -> String {
                guard let k = column[name], k < row.fields.count else { return "" }
                return row.fields[k].trimmingCharacters(in: .whitespaces)
            }
            func at(_ name: String) -> Int { (column[name] ?? 0) + 1 }
            let question = cell("question"), ratingText = cell("rating"), respondent = cell("respondent"), comment = cell("comment")
            // Every independent mistake on the row is reported, not only the first.
            var wrong = false
            if !known.contains(question) {
                let hint = Suggestion.closest(to: question, among: known.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                problems.append((row.number, at("question"), "'\(question)' is not a question of this form\(hint)"))
                wrong = true
            }
            var rating: Int?
            if !ratingText.isEmpty {
                if let r = Int(ratingText), (1...5).contains(r) {
                    rating = r
                } else {
                    problems.append((row.number, at("rating"), "rating '\(ratingText)' is not 1 to 5 (or blank)"))
                    wrong = true
                }
            }
            var team = cell("team")
            if !team.isEmpty {
                if let t = Self.team(team, in: x) {
                    team = x.teams[t].id
                } else {
                    if let k = unknownTeams.firstIndex(where: { $0.respondent == respondent && $0.team == team }) {
                        unknownTeams[k].rows += 1
                    } else {
                        unknownTeams.append((respondent, team, row.number, at("team"), 1))
                    }
                    wrong = true
                }
            }
            guard !wrong else { continue }
            let says = rating != nil || !comment.isEmpty
            let key = respondent.isEmpty ? "team:" + team : respondent
            if let k = forms.firstIndex(where: { $0.key == key }) {
                forms[k].answered = forms[k].answered || says
            } else {
                forms.append((key, respondent.isEmpty ? (team.isEmpty ? "a form with no respondent or team" : "a form of \(team)'s with no respondent") : "'\(respondent)'", says))
            }
            // A row left blank is no answer: it counts neither in the tallies nor as a respondent.
            guard says else { continue }
            // A blank name may be several people of one team, so only a named respondent can answer twice.
            if !respondent.isEmpty {
                if let first = answered[respondent + "\u{0}" + question] {
                    problems.append((row.number, at("question"), "'\(respondent)' answered '\(question)' twice (first at row \(first)); keep one row per respondent and question"))
                    continue
                }
                answered[respondent + "\u{0}" + question] = row.number
            }
            answers.append(ParticipantFeedback.Answer(respondent: respondent, team: team, role: cell("role"),
                                                      question: question, rating: rating, comment: comment))
        }
        let ids = x.teams.map(\.id)
        for u in unknownTeams {
            let hint = Suggestion.closest(to: u.team.lowercased(), among: ids).map { "; did you mean '\($0)'?" } ?? "; the teams are \(ids.joined(separator: ", "))"
            let rows = u.rows == 1 ? "" : u.respondent.isEmpty ? " (\(u.rows) rows with no respondent give it; this is the first)"
                : " ('\(u.respondent)' gives it on \(u.rows) rows; this is the first)"
            problems.append((u.row, u.column, "unknown team '\(u.team)'\(hint)\(rows)"))
        }
        guard problems.isEmpty else { throw fail() }
        let silent = forms.filter { !$0.answered }
        if !silent.isEmpty {
            io.writeError("note: \(shown): \(silent.count == 1 ? "1 form answers" : "\(silent.count) forms answer") nothing (\(silent.map(\.shown).joined(separator: ", "))); not counted as \(silent.count == 1 ? "a respondent" : "respondents")\n")
        }
        return answers
    }

    /// A team by its id, or by its name as the exercise writes it (either ignoring case).
    static func team(_ text: String, in x: Exercise) -> Int? {
        let wanted = text.lowercased()
        return x.teams.firstIndex { $0.id == text } ?? x.teams.firstIndex { $0.id.lowercased() == wanted }
            ?? x.teams.firstIndex { $0.name.lowercased() == wanted }
    }
}
