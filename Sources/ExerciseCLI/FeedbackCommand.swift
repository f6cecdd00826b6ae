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
            comment): collect the filled rows of every participant into one file and give it
            to 'cdx report JOURNAL --feedback FILE' for the tallies and comments.
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
        let text = format == "csv" ? CSV.write(ParticipantFeedback.csvRows(x, language: language))
            : ParticipantFeedback.markdown(x, language: language)
        try ReportLoader.emit(text, to: output, what: "the Participant Feedback Form", io: io)
        return ExitStatus.success
    }

    /// The answers of a filled form (or many, collected into one file), checked: the header,
    /// each question against the exercise, each rating 1–5 or blank, at row:column.
    static func readFilled(_ path: String, exercise x: Exercise) throws(CommandFailure) -> [ParticipantFeedback.Answer] {
        let bytes = try Files.read(path)
        let document = CSV.read(bytes: bytes, separator: CSV.sniffSeparator(bytes))
        let shown = Files.displayName(path)
        var problems = document.problems.filter(\.isError).map { "\(shown):\($0.row):\($0.column): error: \($0.message)" }
        let rows = document.rows.filter { !$0.isBlank }
        guard let header = rows.first else { throw CommandFailure(message: "\(shown): the feedback file is empty; fill in the CSV 'cdx feedback EXERCISE --format csv' writes") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (k, name) in names.enumerated() where column[name] == nil { column[name] = k }
        for needed in ["question", "rating"] where column[needed] == nil {
            problems.append("\(shown):\(header.number):1: error: no '\(needed)' column; the header is \(ParticipantFeedback.csvHeader.joined(separator: ","))")
        }
        guard problems.isEmpty else { throw CommandFailure(message: problems.joined(separator: "\n")) }
        let known = Set(ParticipantFeedback.questions(x, language: .en).map(\.id))
        var answers: [ParticipantFeedback.Answer] = []
        for row in rows.dropFirst() {
            func cell(_ name: String) -> String {
                guard let k = column[name], k < row.fields.count else { return "" }
                return row.fields[k].trimmingCharacters(in: .whitespaces)
            }
            let question = cell("question"), ratingText = cell("rating")
            guard known.contains(question) else {
                let hint = Suggestion.closest(to: question, among: known.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                problems.append("\(shown):\(row.number):\(column["question"]! + 1): error: '\(question)' is not a question of this form\(hint)")
                continue
            }
            var rating: Int?
            if !ratingText.isEmpty {
                guard let r = Int(ratingText), (1...5).contains(r) else {
                    problems.append("\(shown):\(row.number):\(column["rating"]! + 1): error: rating '\(ratingText)' is not 1 to 5 (or blank)")
                    continue
                }
                rating = r
            }
            answers.append(ParticipantFeedback.Answer(respondent: cell("respondent"), team: cell("team"), role: cell("role"),
                                                      question: question, rating: rating, comment: cell("comment")))
        }
        guard problems.isEmpty else { throw CommandFailure(message: problems.joined(separator: "\n") + "\n\(shown): \(plural(problems.count, "error")); nothing was written") }
        return answers
    }
}
