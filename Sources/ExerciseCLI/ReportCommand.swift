import AfterAction
import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Umpire

/// Loads a journal into what reports and exports are made from.
enum ReportLoader {
    /// `eeg`: the evaluators' guides to check and merge (the report's --eeg).
    static func input(_ arguments: ParsedArguments, journal: String, io: CommandIO, eeg: [String] = [],
                      feedback: String? = nil, notes notesPath: String? = nil) throws(CommandFailure) -> ReportInput {
        let (session, contents, _) = try JournalReplay.load(journal, exerciseOverride: arguments.value("exercise"), io: io,
                                                            warnIfIncomplete: true)
        let card = Umpire.score(session.exercise, events: session.events)
        let clock = WallClock.read(for: journal, contents: contents)
        // A team's pack (--team) carries no evaluators' observations, lead's notes or
        // participants' feedback: the files are still checked, but not against the full
        // report's plan and generated sentences, which the team's report does not have.
        let forTeam = arguments.value("team").flatMap { name in session.exercise.teams.first { $0.id == name } }.map { $0.role != .white } ?? false
        let given = [(eeg.isEmpty ? nil : "--eeg"), (notesPath == nil ? nil : "--notes"), (feedback == nil ? nil : "--feedback")].compactMap { $0 }
        if forTeam, !given.isEmpty {
            io.writeError("note: a team's report does not carry the evaluators' observations, the lead's notes or the participants' feedback; \(given.joined(separator: ", ")) \(given.count == 1 ? "is" : "are") checked and left out\n")
        }
        if clock.unmatched > 0 {
            io.writeError("warning: \(plural(clock.unmatched, "line")) of \(Files.shown(WallClock.path(for: journal))) name no line of this journal or hold no time cdx wrote (another run's, edited, or cut by a crash); the report leaves them out\n")
        }
        // The evaluators' guides, checked against the exercise as played (an inject written in
        // play may be evaluated too); any error, located in its file, and nothing is written.
        var evaluations: [EvaluationGuide] = []
        for path in eeg {
            let bytes = try Files.read(path)
            let source = SourceText(bytes: bytes)
            let (guide, diagnostics) = EvaluationFile.parse(source, exercise: session.exercise)
            if diagnostics.hasErrors {
                io.writeError(DiagnosticRenderer(path: Files.displayName(path), source: source, colour: io.errorIsTerminal).render(diagnostics))
                let count = diagnostics.filter { $0.severity == .error }.count
                throw CommandFailure(message: "'\(path)' has \(plural(count, "error")); nothing was written")
            }
            if guide.evaluator == nil, !forTeam {
                io.writeError("note: \(Files.displayName(path)) has no 'evaluator \"NAME\"' line; the report calls its evaluator 'Evaluator \(evaluations.count + 1)'\n")
            }
            evaluations.append(guide)
        }
        var notes: ReportNotes?
        var notesSource: SourceText?
        if let path = notesPath {
            let source = SourceText(bytes: try Files.read(path))
            let (parsed, diagnostics) = NotesFile.parse(source, exercise: session.exercise)
            if diagnostics.hasErrors {
                io.writeError(DiagnosticRenderer(path: Files.displayName(path), source: source, colour: io.errorIsTerminal).render(diagnostics))
                throw CommandFailure(message: "'\(path)' has \(plural(diagnostics.filter { $0.severity == .error }.count, "error")); nothing was written")
            }
            notes = parsed
            notesSource = source
        }
        let input = ReportInput(exercise: session.exercise, events: session.events, scorecard: card,
                           journalName: journal, journalHash: contents.lastHash, fileExercise: session.fileExercise,
                           wallClock: clock.times.mapValues { $0.timeIntervalSince1970 }, evaluations: evaluations,
                           feedback: try feedback.map { p throws(CommandFailure) in try FeedbackCommand.readFilled(p, exercise: session.exercise, io: io) },
                           notes: notes)
        // A 'drop' that matches no generated sentence is a mistake the lead should see.
        // So is an owner or a date for a plan row the report does not have.
        let unmatched = input.unmatchedNoteDrops, (plans, rows) = input.unmatchedNotePlans
        if !forTeam, let path = notesPath, let source = notesSource, !unmatched.isEmpty || !plans.isEmpty {
            let have = rows.isEmpty ? "the plan has no rows" : "its rows are \(rows.joined(separator: ", "))"
            let drops = unmatched.map {
                Diagnostic(.error, .unknownReference, "no generated strength or improvement starts with \"\($0.text)\"",
                           at: SourceLocation(line: $0.line, column: $0.column), length: $0.text.count + 2)
            }
            let owners = plans.map {
                Diagnostic(.error, .unknownReference,
                           "the improvement plan has no row for '\($0.ref)' (a plan row comes from a late or missed expectation or an evaluator's recommendation); \(have)",
                           at: SourceLocation(line: $0.line, column: $0.column), length: $0.ref.count)
            }
            let diagnostics = (drops + owners).sortedByLocation()
            io.writeError(DiagnosticRenderer(path: Files.displayName(path), source: source, colour: io.errorIsTerminal).render(diagnostics))
            throw CommandFailure(message: "'\(path)' has \(plural(diagnostics.count, "error")); nothing was written")
        }
        return input
    }

    /// The reader `--team` names: exercise control when it is absent (or names the white
    /// cell), else that team; an unknown name is a usage error with a suggestion.
    static func viewer(_ arguments: ParsedArguments, in x: Exercise) throws(UsageError) -> Viewer {
        guard let name = arguments.value("team") else { return .whiteCell }
        let t = try TeamLookup.find(name, in: x)
        return x.teams[t].role == .white ? .whiteCell : .team(t)
    }

    static let teamOption = OptionSpec.option(
        "team", value: "TEAM",
        help: "Only what this team may know, for its hot wash (default, or white: everything)")

    /// Writes to -o FILE (as `Files.write` says) or standard output, and says where it went.
    static func emit(_ text: String, to output: String?, what: String, io: CommandIO) throws(CommandFailure) {
        if let path = output, path != "-" {
            try Files.write(text, to: path)
            io.writeError("wrote \(what) to \(Files.shown(path))\n")
        } else {
            io.write(text)
        }
    }
}

/// `cdx report JOURNAL [--format html|md] [-o FILE]`.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write the After-Action Report (HSEEP structure) as HTML or Markdown",
        discussion: """
            Overview, objectives rated P/S/M/U, a timeline picture per asset, mission
            availability, team and domain tables, strengths and areas for improvement, an
            improvement plan prefilled with every late and missed expectation, participants,
            and the event log. The HTML is one self-contained file that prints well and
            carries the exercise marking at top and bottom. The format follows -o's
            extension (.html, .md) unless --format says otherwise.
            With --team, the report holds only what that team may know: its cards as it
            holds them, its own decisions and reports, what was shared with it and what it
            was told, and its own row of the scorecard; no ground truth it did not find.
            """,
        positionals: [PositionalSpec(name: "journal", help: "The journal to report on")],
        options: [
            .option("format", value: "FORMAT", help: "html or md (default: from -o's extension, else html)"),
            .option("output", short: "o", value: "FILE", help: "Write the report here instead of standard output"),
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
            ReportLoader.teamOption,
            .option("eeg", value: "FILE", repeatable: true,
                    help: "An evaluator's EEG file: ratings and observations per objective, shown beside the umpire's (Reports.md)"),
            .option("feedback", value: "FILE", help: "The participants' filled feedback forms (CSV from 'cdx feedback'), tallied in an appendix"),
            .option("notes", value: "FILE", help: "The after-action lead's notes: summary, strengths and improvements kept or added, inject comments, plan owners (Reports.md)"),
        ],
        examples: ["cdx report journals/day1.jsonl -o day1-aar.html", "cdx report journals/day1.jsonl --format md > day1-aar.md",
                   "cdx report journals/day1.jsonl --eeg eeg/joint-cell.eeg -o day1-aar.html",
                   "cdx report journals/day1.jsonl --team usfj -o day1-usfj.html"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let output = arguments.value("output")
        var format = try arguments.choice("format", among: ["html", "md"])
        if format == nil, let o = output?.lowercased() {
            if o.hasSuffix(".md") || o.hasSuffix(".markdown") {
                format = "md"
            } else if o.hasSuffix(".html") || o.hasSuffix(".htm") || o == "-" {
                format = "html"
            } else {
                throw UsageError("cannot tell the format from '\(output!)'; name it .html or .md, or give --format html|md")
            }
        }
        let input = try ReportLoader.input(arguments, journal: arguments.positionals[0], io: io, eeg: arguments.values("eeg"),
                                           feedback: arguments.value("feedback"), notes: arguments.value("notes"))
        let viewer = try ReportLoader.viewer(arguments, in: input.exercise)
        let text = format == "md" ? MarkdownReport.render(input, for: viewer) : HTMLReport.render(input, for: viewer)
        try ReportLoader.emit(text, to: output, what: "the After-Action Report", io: io)
        return ExitStatus.success
    }
}
