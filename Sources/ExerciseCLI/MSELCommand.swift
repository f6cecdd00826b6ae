import ExerciseCore
import ExerciseScript

/// `cdx msel export EXERCISE [--layout hseep|blueprint] [-o FILE.csv] [--bom]` and
/// `cdx msel import FILE.csv [--layout hseep|blueprint|auto] [--start HH:MM] [-o FILE.exercise]`.
enum MSELCommand {
    static let spec = CommandSpec(
        name: "msel",
        abstract: "Export an exercise as an MSEL spreadsheet (CSV), or import one as an exercise",
        discussion: """
            export: one row per inject and one per expected action, as RFC 4180 CSV with
            CRLF line ends. --layout hseep (default) writes the HSEEP MSEL columns;
            blueprint writes the CISA tabletop package columns (#, Time, Event, Source,
            Recipient, Description, Expected Action). --bom starts the file with a UTF-8
            byte-order mark so Excel shows non-ASCII text correctly. A conditional
            inject's time says its trigger ('when sup-app compromised, from T+08:00');
            Due Within is the time an expected action is due within; Responsible
            Controller names the white cell; an adversary card nobody receives goes To
            the team that has to detect it, by mode 'ground-truth'. Cards written in a
            second language get a Title, Message and Expected Participant Response
            column in it, named with its code: 'Title (ja)'.
            import: reads an MSEL as people keep it (any header order and case, common
            synonyms and OpenAEV's Timeline, Teams, Expectation ..., BOM, CRLF, quoted
            line breaks, blank and '#' comment rows, extra columns; a title row above
            the header; times as T+2:30, +02:30, D+1 H+3 M+45 or a clock time counted
            from --start; targets written in the task, 'within 30 minutes') and writes
            an exercise that 'cdx check' accepts, with '# TODO from MSEL import'
            comments where the spreadsheet cannot say enough. Problems are printed as
            FILE:ROW:COLUMN (spreadsheet row and column). 'Title (ja)' and the like are
            read as that language; --language says which the columns without a code
            are in.
            See Documentation/MSEL.md.
            """,
        positionals: [
            PositionalSpec(name: "action", help: "export or import"),
            PositionalSpec(name: "file", help: "export: an .exercise file; import: a .csv file (- for standard input)"),
        ],
        options: [
            .option("layout", value: "LAYOUT", help: "export: hseep or blueprint (default hseep); import: hseep, blueprint or auto (default auto)"),
            .option("output", short: "o", value: "FILE", help: "Write here instead of standard output"),
            .flag("bom", help: "export: start the CSV with a UTF-8 byte-order mark (for Excel)"),
            .option("start", value: "TIME", help: "import: the clock time or instant clock times count from (default 09:00)"),
            .option("title", value: "TITLE", help: "import: the exercise title (default: the sheet's title row, else the file's name)"),
            .option("language", value: "LANG", help: "import: the language of the columns without a '(ja)' after their name: en or ja (default en)"),
        ],
        examples: [
            "cdx msel export Exercises/pacific-shield.exercise -o pacific-shield-msel.csv --bom",
            "cdx msel export Exercises/shared-vendor.exercise --layout blueprint",
            "cdx msel import msel.csv --start 08:30 -o imported.exercise",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let action = arguments.positionals[0], path = arguments.positionals[1]
        switch action {
        case "export":
            let layoutName = try arguments.choice("layout", among: ["hseep", "blueprint"]) ?? "hseep"
            if arguments.value("start") != nil || arguments.value("title") != nil || arguments.value("language") != nil {
                throw UsageError("--start, --title and --language apply to 'msel import' only")
            }
            let (exercise, _) = try ExerciseLoader.load(path, io: io)
            let csv = MSEL.export(exercise, layout: MSEL.Layout(rawValue: layoutName) ?? .hseep, bom: arguments.flag("bom"))
            try ReportLoader.emit(csv, to: arguments.value("output"), what: "the MSEL", io: io)
            return ExitStatus.success
        case "import":
            let layoutName = try arguments.choice("layout", among: ["hseep", "blueprint", "auto"]) ?? "auto"
            if arguments.flag("bom") { throw UsageError("--bom applies to 'msel export' only") }
            let bytes = try Files.read(path)
            if Files.looksBinary(bytes) {
                throw CommandFailure(message: "'\(Files.displayName(path))' is not a CSV text file (it contains NUL bytes); save the spreadsheet as 'CSV UTF-8'")
            }
            // Without --title, the sheet's title row names the exercise, else the file's name.
            let base = path == "-" ? "Imported MSEL" : String(path.split(separator: "/").last ?? "Imported MSEL")
            let fileTitle = base.lowercased().hasSuffix(".csv") ? String(base.dropLast(4)) : base
            let language = try arguments.choice("language", among: Language.allCases.map(\.rawValue)).flatMap(Language.init(rawValue:)) ?? .en
            let options = MSEL.ImportOptions(
                layout: MSEL.Layout(rawValue: layoutName), start: arguments.value("start") ?? "09:00",
                title: arguments.value("title") ?? "", fallbackTitle: fileTitle, language: language)
            let result = MSEL.importCSV(bytes: bytes, options: options)
            let name = Files.displayName(path)
            for problem in result.problems.prefix(200) {
                io.writeError("\(name):\(problem.row):\(problem.column): \(problem.isError ? "error" : "warning"): \(problem.message)\n")
            }
            guard let text = result.text else {
                let count = result.problems.filter(\.isError).count
                throw CommandFailure(message: "'\(name)' has \(plural(count, "error")); nothing was written")
            }
            try ReportLoader.emit(text, to: arguments.value("output"), what: "the exercise", io: io)
            return ExitStatus.success
        default:
            let hint = Suggestion.closest(to: action, among: ["export", "import"]).map { "; did you mean '\($0)'?" } ?? ""
            throw UsageError("unknown action '\(action)'\(hint); use export or import")
        }
    }
}
