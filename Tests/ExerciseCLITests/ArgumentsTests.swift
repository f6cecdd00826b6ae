import ExerciseCLI
import Testing

/// A command with one of everything: a variadic positional, a flag, value options with
/// and without short aliases, a repeatable option.
private let checkSpec = CommandSpec(
    name: "check",
    abstract: "Check exercise files for errors without running them.",
    discussion: """
        Reports every problem found, with its line and column. Exits with status 1 when any \
        file has an error, so it can gate a commit.
        """,
    positionals: [
        PositionalSpec(name: "FILE", help: "The exercise files to check; '-' reads standard input.", maximum: nil)
    ],
    options: [
        .flag("json", help: "Print diagnostics as JSON lines instead of text."),
        .option("seed", value: "N", help: "The seed for checks that roll dice."),
        .option("turns", value: "N", help: "How many turns to simulate."),
        .option("offset", value: "MINUTES", help: "Shift the scenario clock."),
        .option(
            "output", short: "o", value: "FILE",
            help: "Write the report to FILE instead of standard output; an existing file is replaced."),
        .option("format", value: "FORMAT", help: "The report format: html or md."),
        .option("define", short: "D", value: "NAME=VALUE", repeatable: true, help: "Set a parameter."),
        .flag("verbose", short: "v", help: "Say more."),
    ],
    examples: ["cdx check exercises/cyber-storm.cdx", "cdx check --json - < exercise.cdx"])

private func parseArguments(_ arguments: [String], _ spec: CommandSpec = checkSpec) throws -> ParsedArguments {
    try spec.parse(arguments)
}

private func expectUsageError(
    _ arguments: [String], _ message: String, spec: CommandSpec = checkSpec,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: UsageError(message), sourceLocation: sourceLocation) { try spec.parse(arguments) }
}

@Suite("Parsing options")
struct ArgumentsOptionParsingTests {
    @Test(
        "takes a value after the option, after '=', or after a short alias",
        arguments: [
            (["--seed", "42", "a.cdx"], "seed", "42"),
            (["--seed=42", "a.cdx"], "seed", "42"),
            (["a.cdx", "--output", "r.html"], "output", "r.html"),
            (["-o", "r.html", "a.cdx"], "output", "r.html"),
            (["--output=", "a.cdx"], "output", ""),
            (["--define=a=b", "a.cdx"], "define", "a=b"),
            (["-o", "-", "a.cdx"], "output", "-"),
            (["--offset", "-5", "a.cdx"], "offset", "-5"),
            (["--offset=-5", "a.cdx"], "offset", "-5"),
        ])
    func values(arguments: [String], name: String, expected: String) throws {
        let parsed = try parseArguments(arguments)
        #expect(parsed.value(name) == expected)
        #expect(parsed.values(name) == [expected])
        #expect(parsed.positionals == ["a.cdx"])
        #expect(!parsed.helpRequested)
    }

    @Test("reports flags given by long or short name, and absent ones as unset")
    func flags() throws {
        let parsed = try parseArguments(["--json", "-v", "a.cdx"])
        #expect(parsed.flag("json"))
        #expect(parsed.flag("verbose"))
        let bare = try parseArguments(["a.cdx"])
        #expect(!bare.flag("json"))
        #expect(bare.value("seed") == nil)
        #expect(bare.values("define") == [])
    }

    @Test("accepts a flag given twice")
    func repeatedFlag() throws {
        #expect(try parseArguments(["--json", "a.cdx", "--json"]).flag("json"))
    }

    @Test("keeps every value of a repeatable option, in order")
    func repeatable() throws {
        let parsed = try parseArguments(["-D", "a=1", "x.cdx", "--define", "b=2", "--define=c=3"])
        #expect(parsed.values("define") == ["a=1", "b=2", "c=3"])
        #expect(parsed.value("define") == "c=3")
    }

    @Test(
        "rejects a single-value option given twice, however spelled",
        arguments: [
            ["--seed", "1", "--seed=2", "a.cdx"],
            ["a.cdx", "--seed=1", "--seed=1"],
        ])
    func givenTwice(arguments: [String]) {
        expectUsageError(arguments, "option '--seed' given twice")
    }

    @Test("names an option given twice by its long name even when spelled short")
    func givenTwiceShort() {
        expectUsageError(["-o", "a.html", "f.cdx", "--output", "b.html"], "option '--output' given twice")
        expectUsageError(["-o", "a.html", "-o", "b.html", "f.cdx"], "option '--output' given twice")
    }

    @Test(
        "rejects a value-taking option with no value",
        arguments: [
            (["a.cdx", "--seed"], "option '--seed' needs a value"),
            (["--seed", "--json", "a.cdx"], "option '--seed' needs a value"),
            (["--seed", "-v", "a.cdx"], "option '--seed' needs a value"),
            (["--seed", "--", "a.cdx"], "option '--seed' needs a value"),
            (["a.cdx", "-o"], "option '--output' needs a value"),
        ])
    func needsValue(arguments: [String], message: String) {
        expectUsageError(arguments, message)
    }

    @Test(
        "rejects a value given to a flag",
        arguments: [
            (["--json=yes", "a.cdx"], "option '--json' does not take a value"),
            (["--json=", "a.cdx"], "option '--json' does not take a value"),
            (["--help=yes"], "option '--help' does not take a value"),
        ])
    func flagWithValue(arguments: [String], message: String) {
        expectUsageError(arguments, message)
    }

    @Test(
        "rejects unknown options, suggesting a close one",
        arguments: [
            (["--sed", "1", "a.cdx"], "unknown option '--sed'; did you mean '--seed'?"),
            (["--sed=1", "a.cdx"], "unknown option '--sed'; did you mean '--seed'?"),
            (["--JSON", "a.cdx"], "unknown option '--JSON'; did you mean '--json'?"),
            (["--ouptut", "r", "a.cdx"], "unknown option '--ouptut'; did you mean '--output'?"),
            (["--hlep"], "unknown option '--hlep'; did you mean '--help'?"),
            (["-seed", "1", "a.cdx"], "unknown option '-seed'; did you mean '--seed'?"),
            (["--colour", "a.cdx"], "unknown option '--colour'"),
            (["-x", "a.cdx"], "unknown option '-x'"),
            (["-jv", "a.cdx"], "unknown option '-jv'"),
            (["--=1", "a.cdx"], "unknown option '--=1'"),
        ])
    func unknown(arguments: [String], message: String) {
        expectUsageError(arguments, message)
    }

    @Test("rejects a huge mistyped option without searching it for a suggestion")
    func hugeUnknown() {
        let huge = "--" + String(repeating: "s", count: 1_000_000)
        let elapsed = ContinuousClock().measure {
            expectUsageError([huge, "a.cdx"], "unknown option '\(huge)'")
        }
        #expect(elapsed < .seconds(1))
    }

    @Test("reports the first mistake on the command line")
    func firstMistake() {
        expectUsageError(["--sed", "1", "--json=1"], "unknown option '--sed'; did you mean '--seed'?")
        expectUsageError(["--json=1", "--sed", "1"], "option '--json' does not take a value")
    }
}

@Suite("Parsing positionals")
struct ArgumentsPositionalParsingTests {
    @Test("treats everything after '--' as positional")
    func doubleDash() throws {
        let parsed = try parseArguments(["--json", "--", "--seed", "-o", "--help", "--"])
        #expect(parsed.positionals == ["--seed", "-o", "--help", "--"])
        #expect(parsed.flag("json"))
        #expect(parsed.value("seed") == nil)
        #expect(!parsed.helpRequested)
    }

    @Test("treats a lone '-' and negative numbers as positionals")
    func dashAndNumbers() throws {
        #expect(try parseArguments(["-", "-3", "-0.5"]).positionals == ["-", "-3", "-0.5"])
    }

    @Test("allows options before, between and after positionals")
    func interleaved() throws {
        let parsed = try parseArguments(["--json", "a.cdx", "--seed", "7", "b.cdx", "-v"])
        #expect(parsed.positionals == ["a.cdx", "b.cdx"])
        #expect(parsed.positionals(named: "FILE") == ["a.cdx", "b.cdx"])
        #expect(parsed.value("seed") == "7")
    }

    @Test("names the missing positional")
    func missing() {
        expectUsageError([], "missing FILE")
        expectUsageError(["--json"], "missing FILE")
        expectUsageError(["--"], "missing FILE")
    }

    @Test("names the first unexpected argument")
    func unexpected() {
        let single = CommandSpec(
            name: "run", abstract: "Run.", positionals: [PositionalSpec(name: "EXERCISE", help: "The exercise.")])
        expectUsageError(["a.cdx", "b.cdx", "c.cdx"], "unexpected argument 'b.cdx'", spec: single)
        let none = CommandSpec(name: "version", abstract: "Print the version.")
        expectUsageError(["x"], "unexpected argument 'x'", spec: none)
        expectUsageError(["--", "-"], "unexpected argument '-'", spec: none)
    }

    private static let copy = CommandSpec(
        name: "copy", abstract: "Copy.",
        positionals: [
            PositionalSpec(name: "SOURCE", help: "Sources.", minimum: 1, maximum: nil),
            PositionalSpec(name: "DESTINATION", help: "Where to.", minimum: 1, maximum: 1),
            PositionalSpec(name: "NOTE", help: "A note.", minimum: 0, maximum: 1),
        ])

    @Test(
        "gives each positional its minimum, then extra values to the earliest with room",
        arguments: [
            (["a", "b"], ["a"], ["b"], [String]()),
            (["a", "b", "c"], ["a", "b"], ["c"], []),
            (["a", "b", "c", "d"], ["a", "b", "c"], ["d"], []),
        ])
    func distribution(arguments: [String], sources: [String], destination: [String], note: [String]) throws {
        let parsed = try parseArguments(arguments, Self.copy)
        #expect(parsed.positionals(named: "SOURCE") == sources)
        #expect(parsed.positionals(named: "DESTINATION") == destination)
        #expect(parsed.positionals(named: "NOTE") == note)
        #expect(parsed.positionals == arguments)
    }

    @Test("fills an optional positional only once those before it are full")
    func optionalLast() throws {
        let spec = CommandSpec(
            name: "report", abstract: "Report.",
            positionals: [
                PositionalSpec(name: "JOURNAL", help: "The journal."),
                PositionalSpec(name: "OUTPUT", help: "Where to.", minimum: 0),
            ])
        #expect(try parseArguments(["j"], spec).positionals(named: "OUTPUT") == [])
        #expect(try parseArguments(["j", "o"], spec).positionals(named: "OUTPUT") == ["o"])
        expectUsageError(["j", "o", "x"], "unexpected argument 'x'", spec: spec)
    }

    @Test("names the first positional whose minimum is not met")
    func missingSecond() {
        expectUsageError(["a"], "missing DESTINATION", spec: Self.copy)
        expectUsageError([], "missing SOURCE", spec: Self.copy)
    }
}

@Suite("Help requests")
struct ArgumentsHelpRequestTests {
    @Test(
        "recognises --help and -h anywhere before '--', whatever else is wrong",
        arguments: [
            ["--help"],
            ["-h"],
            ["a.cdx", "--json", "-h"],
            ["--sed", "1", "--help"],
            ["--json=yes", "-h"],
            ["--seed", "-h"],
            ["-h", "--", "x"],
            ["a", "b", "--help"],
        ])
    func help(arguments: [String]) throws {
        let parsed = try parseArguments(arguments)
        #expect(parsed.helpRequested)
    }

    @Test("treats --help after '--' as a positional")
    func afterDoubleDash() throws {
        let parsed = try parseArguments(["--", "--help", "-h"])
        #expect(!parsed.helpRequested)
        #expect(parsed.positionals == ["--help", "-h"])
    }

    @Test("is not requested by an ordinary command line")
    func notRequested() throws {
        #expect(try !parseArguments(["a.cdx"]).helpRequested)
    }
}

@Suite("Typed option values")
struct ArgumentsTypedValueTests {
    @Test(
        "reads integers, within a range when given",
        arguments: [
            (["--turns", "12", "a"], nil, 12),
            (["--turns=+7", "a"], nil, 7),
            (["--turns", "-3", "a"], nil, -3),
            (["--turns", "1", "a"], 1...100, 1),
            (["--turns", "100", "a"], 1...100, 100),
        ] as [([String], ClosedRange<Int>?, Int)])
    func integers(arguments: [String], range: ClosedRange<Int>?, expected: Int) throws {
        #expect(try parseArguments(arguments).integer("turns", in: range) == expected)
    }

    @Test("reads an absent integer option as nil")
    func absentInteger() throws {
        #expect(try parseArguments(["a"]).integer("turns") == nil)
        #expect(try parseArguments(["a"]).integer("turns", in: 1...2) == nil)
        #expect(try parseArguments(["a"]).unsigned64("seed") == nil)
        #expect(try parseArguments(["a"]).choice("format", among: ["html"]) == nil)
    }

    @Test(
        "rejects a value that is not an integer, or out of range",
        arguments: [
            ("abc", nil, "option '--turns' expects an integer, got 'abc'"),
            ("", nil, "option '--turns' expects an integer, got ''"),
            ("1.5", nil, "option '--turns' expects an integer, got '1.5'"),
            (" 3", nil, "option '--turns' expects an integer, got ' 3'"),
            ("99999999999999999999", nil, "option '--turns' expects an integer, got '99999999999999999999'"),
            ("0", 1...100, "option '--turns' expects an integer from 1 to 100, got '0'"),
            ("101", 1...100, "option '--turns' expects an integer from 1 to 100, got '101'"),
            ("ten", 1...100, "option '--turns' expects an integer from 1 to 100, got 'ten'"),
        ] as [(String, ClosedRange<Int>?, String)])
    func badIntegers(value: String, range: ClosedRange<Int>?, message: String) throws {
        let parsed = try parseArguments(["--turns=\(value)", "a"])
        #expect(throws: UsageError(message)) { try parsed.integer("turns", in: range) }
    }

    @Test(
        "reads seeds over the whole UInt64 range",
        arguments: [("0", UInt64(0)), ("42", 42), ("18446744073709551615", UInt64.max)])
    func seeds(value: String, expected: UInt64) throws {
        #expect(try parseArguments(["--seed", value, "a"]).unsigned64("seed") == expected)
    }

    @Test(
        "rejects seeds that are not integers in 0...2^64-1",
        arguments: ["18446744073709551616", "-1", "0x10", "seed"])
    func badSeeds(value: String) throws {
        let parsed = try parseArguments(["--seed=\(value)", "a"])
        #expect(throws: UsageError("option '--seed' expects an integer from 0 to 18446744073709551615, got '\(value)'")) {
            try parsed.unsigned64("seed")
        }
    }

    @Test("accepts one of the listed choices exactly")
    func choices() throws {
        #expect(try parseArguments(["--format", "md", "a"]).choice("format", among: ["html", "md"]) == "md")
    }

    @Test(
        "rejects other choices, suggesting a close one",
        arguments: [
            ("pdf", "option '--format' expects one of html, md; got 'pdf'"),
            ("htm", "option '--format' expects one of html, md; got 'htm'; did you mean 'html'?"),
            ("HTML", "option '--format' expects one of html, md; got 'HTML'; did you mean 'html'?"),
            ("", "option '--format' expects one of html, md; got ''"),
        ])
    func badChoices(value: String, message: String) throws {
        let parsed = try parseArguments(["--format=\(value)", "a"])
        #expect(throws: UsageError(message)) { try parsed.choice("format", among: ["html", "md"]) }
    }
}

@Suite("Commands and usage errors")
struct ArgumentsCommandTests {
    private static let commands = [
        checkSpec,
        CommandSpec(name: "run", abstract: "Run an exercise."),
        CommandSpec(name: "report", abstract: "Write the after-action report."),
    ]

    @Test("resolves a command by its exact name")
    func resolves() throws {
        #expect(try resolveCommand("run", among: Self.commands).name == "run")
        #expect(try resolveCommand("check", among: Self.commands) == checkSpec)
    }

    @Test(
        "rejects an unknown command, suggesting a close one",
        arguments: [
            ("chek", "unknown command 'chek'; did you mean 'check'?"),
            ("Run", "unknown command 'Run'; did you mean 'run'?"),
            ("reprot", "unknown command 'reprot'; did you mean 'report'?"),
            ("deploy", "unknown command 'deploy'"),
            ("", "unknown command ''"),
        ])
    func unknown(name: String, message: String) {
        #expect(throws: UsageError(message)) { try resolveCommand(name, among: Self.commands) }
    }

    @Test("renders the lines the CLI prints, and exits 64")
    func rendering() {
        let error = UsageError("missing FILE")
        #expect(error.description == "missing FILE")
        #expect(error.rendered(command: "check") == "cdx check: error: missing FILE\nsee 'cdx check --help'")
        #expect(
            UsageError("unknown command 'x'").rendered(command: nil)
                == "cdx: error: unknown command 'x'\nsee 'cdx --help'")
        #expect(UsageError.exitStatus == 64)
    }
}

@Suite("Spec validation")
struct ArgumentsConfigurationTests {
    @Test("finds nothing wrong with a sound spec")
    func sound() {
        #expect(checkSpec.configurationProblems == [])
    }

    @Test(
        "finds mistakes in a spec",
        arguments: [
            ([.flag("json", help: ""), .flag("json", help: "")], [], "option '--json' declared twice"),
            ([.flag("help", help: "")], [], "option '--help' is reserved"),
            ([.flag("hush", short: "h", help: "")], [], "short name '-h' is reserved for '--help'"),
            (
                [.flag("a", short: "x", help: ""), .flag("b", short: "x", help: "")], [],
                "short name '-x' declared twice"
            ),
            ([.flag("one", short: "1", help: "")], [], "short name '1' of '--one' cannot be parsed"),
            (
                [.flag("--json", help: "")], [],
                "option name '--json' must be non-empty without leading '-', '=' or spaces"
            ),
            ([.option("seed", value: "", help: "")], [], "option '--seed' has an empty value name"),
            ([], [PositionalSpec(name: "", help: "")], "a positional has an empty name"),
            (
                [], [PositionalSpec(name: "A", help: ""), PositionalSpec(name: "A", help: "")],
                "positional 'A' declared twice"
            ),
            ([], [PositionalSpec(name: "A", help: "", minimum: -1)], "positional 'A' has a negative minimum"),
            (
                [], [PositionalSpec(name: "A", help: "", minimum: 2, maximum: 1)],
                "positional 'A' has a maximum below its minimum or below 1"
            ),
        ] as [([OptionSpec], [PositionalSpec], String)])
    func problems(options: [OptionSpec], positionals: [PositionalSpec], problem: String) {
        let spec = CommandSpec(name: "x", abstract: "", positionals: positionals, options: options)
        #expect(spec.configurationProblems == [problem])
    }
}

@Suite("Help text")
struct ArgumentsHelpTextTests {
    @Test("matches the golden text for a full spec")
    func golden() {
        let expected = """
            OVERVIEW: Check exercise files for errors without running them.

            Reports every problem found, with its line and column. Exits with status 1 when
            any file has an error, so it can gate a commit.

            USAGE: cdx check <file> ... [--json] [--seed <n>] [--turns <n>]
                   [--offset <minutes>] [--output <file>] [--format <format>]
                   [--define <name=value> ...] [--verbose]

            ARGUMENTS:
              <file>                     The exercise files to check; '-' reads standard
                                         input.

            OPTIONS:
              --json                     Print diagnostics as JSON lines instead of text.
              --seed <n>                 The seed for checks that roll dice.
              --turns <n>                How many turns to simulate.
              --offset <minutes>         Shift the scenario clock.
              -o, --output <file>        Write the report to FILE instead of standard
                                         output; an existing file is replaced.
              --format <format>          The report format: html or md.
              -D, --define <name=value>  Set a parameter.
              -v, --verbose              Say more.
              -h, --help                 Show help information.

            EXAMPLES:
              cdx check exercises/cyber-storm.cdx
              cdx check --json - < exercise.cdx
            """
        #expect(checkSpec.helpText() == expected)
    }

    @Test("lists every option and positional, and keeps within 80 columns")
    func complete() {
        let text = checkSpec.helpText(program: "cdx")
        for option in checkSpec.options {
            #expect(text.contains("--\(option.name)"))
            #expect(text.contains(option.help.split(separator: " ").prefix(3).joined(separator: " ")))
        }
        #expect(text.contains("-h, --help"))
        #expect(text.contains("<file>"))
        for line in text.split(separator: "\n") {
            #expect(line.count <= 80, "too long: \(line)")
            #expect(line.last != " ", "trailing space: \(line)")
        }
    }

    @Test("aligns help in one column and puts it under a label too long for it")
    func alignment() {
        let spec = CommandSpec(
            name: "report", abstract: "Write the after-action report.",
            positionals: [PositionalSpec(name: "JOURNAL", help: "The journal to score.", minimum: 0)],
            options: [
                .option("classification-banner", value: "MARKING", help: "The banner on every page."),
                .flag("open", help: "Open the report when done."),
            ])
        let expected = """
            OVERVIEW: Write the after-action report.

            USAGE: cdx report [<journal>] [--classification-banner <marking>] [--open]

            ARGUMENTS:
              <journal>   The journal to score.

            OPTIONS:
              --classification-banner <marking>
                          The banner on every page.
              --open      Open the report when done.
              -h, --help  Show help information.
            """
        #expect(spec.helpText() == expected)
    }

    @Test("keeps the discussion's line breaks and indentation, wrapping long lines")
    func discussion() {
        let spec = CommandSpec(
            name: "run", abstract: "Run an exercise.",
            discussion: """
                Keys:
                  n  advance one turn, releasing every inject due in it and scoring the \
                responses received so far

                Journals are appended to, never rewritten.
                """)
        let expected = """
            OVERVIEW: Run an exercise.

            Keys:
              n  advance one turn, releasing every inject due in it and scoring the
              responses received so far

            Journals are appended to, never rewritten.

            USAGE: cdx run

            OPTIONS:
              -h, --help  Show help information.
            """
        #expect(spec.helpText() == expected)
    }

    @Test("leaves out empty sections and uses the given program name")
    func minimal() {
        let spec = CommandSpec(
            name: "version", abstract: "",
            positionals: [PositionalSpec(name: "X", help: "", minimum: 0, maximum: nil)])
        let expected = """
            USAGE: exercise version [<x> ...]

            ARGUMENTS:
              <x>

            OPTIONS:
              -h, --help  Show help information.
            """
        #expect(spec.helpText(program: "exercise") == expected)
    }
}
