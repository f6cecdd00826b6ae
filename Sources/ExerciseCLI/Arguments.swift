// Command-line argument parsing for cdx's subcommands: a small, dependency-free take on
// swift-argument-parser's conventions (long and short options, `--opt=value`, `--`,
// did-you-mean on typos, generated help), sized to what the commands need.

import ExerciseCore

// MARK: - Specifications

/// A named option a command accepts: either a flag (`--json`) or an option that takes a
/// value (`--seed 42`, `--seed=42`, `-o report.html`).
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes, e.g. `"seed"` for `--seed`.
    public var name: String
    /// A one-letter alias, e.g. `"o"` for `-o`.
    public var short: Character?
    /// What the value is called in help (`"N"`, `"FILE"`), or `nil` for a flag.
    public var valueName: String?
    /// Whether the option may be given more than once, each value kept in order.
    ///
    /// Only matters for options with a value: a flag given twice means the same as
    /// once, so repeating it is never an error.
    public var repeatable: Bool
    /// One sentence for the OPTIONS section of the help.
    public var help: String
    /// Whether the command needs it (shown without brackets in USAGE; the command says
    /// what is missing when it is not given).
    public var required = false

    /// Declares an option; ``flag(_:short:help:)`` and
    /// ``option(_:short:value:repeatable:help:)`` read better at call sites.
    public init(name: String, short: Character? = nil, valueName: String?, repeatable: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.valueName = valueName
        self.repeatable = repeatable
        self.help = help
    }

    /// A flag that takes no value, such as `--json`.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, help: help)
    }

    /// An option that takes a value, such as `--seed N`.
    public static func option(
        _ name: String, short: Character? = nil, value: String, repeatable: Bool = false, required: Bool = false, help: String
    ) -> OptionSpec {
        var option = OptionSpec(name: name, short: short, valueName: value, repeatable: repeatable, help: help)
        option.required = required
        return option
    }

    /// Whether the option consumes a value.
    public var takesValue: Bool { valueName != nil }

    /// How the option is named in messages and usage: always the long form, whichever
    /// spelling the user typed, so one option has one name everywhere.
    var displayName: String { "--" + name }
}

/// A run of positional arguments, such as `FILE` (exactly one) or `FILE...` (one or more).
public struct PositionalSpec: Sendable, Equatable {
    /// The name used in messages ("missing FILE"); help shows it lowercased, `<file>`.
    public var name: String
    /// One sentence for the ARGUMENTS section of the help.
    public var help: String
    /// The fewest values this positional needs.
    public var minimum: Int
    /// The most values it accepts, or `nil` for no limit.
    public var maximum: Int?

    /// Declares a positional; the defaults make it exactly one required value.
    public init(name: String, help: String, minimum: Int = 1, maximum: Int? = 1) {
        self.name = name
        self.help = help
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// Everything a subcommand accepts, and the text of its `--help`.
public struct CommandSpec: Sendable, Equatable {
    /// The subcommand's name, e.g. `"check"`.
    public var name: String
    /// One line saying what the command does.
    public var abstract: String
    /// Further paragraphs for the help, or `""`. Line breaks are kept; long lines wrap.
    public var discussion: String
    /// Positionals in the order they are given on the command line.
    public var positionals: [PositionalSpec]
    /// Options in the order the help lists them. `--help`/`-h` is implicit.
    public var options: [OptionSpec]
    /// Example command lines shown under EXAMPLES, verbatim.
    public var examples: [String]

    /// Declares a command.
    public init(
        name: String, abstract: String, discussion: String = "", positionals: [PositionalSpec] = [],
        options: [OptionSpec] = [], examples: [String] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.positionals = positionals
        self.options = options
        self.examples = examples
    }

    /// Mistakes in the declaration itself (duplicate names, the reserved `help`/`-h`,
    /// names the parser could never match), one sentence each; empty when the spec is
    /// sound.
    ///
    /// These are programmer errors, so ``parse(_:)`` only asserts on them; a test that
    /// checks every command's spec catches them before a user does.
    public var configurationProblems: [String] {
        var problems: [String] = []
        var longNames: Set<String> = ["help"]
        var shortNames: Set<Character> = ["h"]
        for option in options {
            let name = option.name
            if name.isEmpty || name.hasPrefix("-") || name.contains("=") || name.contains(where: \.isWhitespace) {
                problems.append("option name '\(name)' must be non-empty without leading '-', '=' or spaces")
            }
            if !longNames.insert(name).inserted {
                problems.append(name == "help" ? "option '--help' is reserved" : "option '--\(name)' declared twice")
            }
            if let short = option.short {
                if short == "-" || short == "=" || short.isWhitespace || short.isNumber {
                    problems.append("short name '\(short)' of '--\(name)' cannot be parsed")
                } else if !shortNames.insert(short).inserted {
                    problems.append(short == "h" ? "short name '-h' is reserved for '--help'" : "short name '-\(short)' declared twice")
                }
            }
            if option.valueName?.isEmpty == true {
                problems.append("option '--\(name)' has an empty value name")
            }
        }
        var positionalNames: Set<String> = []
        for positional in positionals {
            if positional.name.isEmpty { problems.append("a positional has an empty name") }
            if !positionalNames.insert(positional.name).inserted {
                problems.append("positional '\(positional.name)' declared twice")
            }
            if positional.minimum < 0 { problems.append("positional '\(positional.name)' has a negative minimum") }
            if let maximum = positional.maximum, maximum < max(1, positional.minimum) {
                problems.append("positional '\(positional.name)' has a maximum below its minimum or below 1")
            }
        }
        return problems
    }
}

// MARK: - Results and errors

/// A mistake on the command line: the CLI prints it with ``rendered(program:command:)``
/// and exits with ``exitStatus``.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Lowercase, no trailing period, names in 'quotes'.
    public var message: String

    /// Wraps a message; keep to the project's style (see ``message``).
    public init(_ message: String) { self.message = message }

    /// The message alone, so interpolating the error reads as the message.
    public var description: String { message }

    /// EX_USAGE from sysexits(3), the conventional status for a command-line mistake.
    public static let exitStatus: Int32 = 64

    /// The two lines the CLI writes to standard error, without a trailing newline:
    /// `cdx check: error: <message>` and `see 'cdx check --help'`. Control characters
    /// in the message (it quotes the arguments) are shown as U+FFFD.
    ///
    /// - Parameter command: the subcommand, or `nil` for a mistake before one was
    ///   chosen (such as an unknown command), which points at `cdx --help` instead.
    public func rendered(program: String = "cdx", command: String?) -> String {
        let invocation = [program, command].compactMap { $0 }.joined(separator: " ")
        return "\(invocation): error: \(CDX.printable(message))\nsee '\(invocation) --help'"
    }
}

/// What ``CommandSpec/parse(_:)`` found on a command line.
///
/// Look options up by their long name without dashes. Asking for a name the spec never
/// declared is a bug in the command, caught by an assertion in debug builds.
public struct ParsedArguments: Sendable, Equatable {
    /// All positional values, in command-line order.
    public var positionals: [String]
    /// `--help` or `-h` appeared before any `--`. When true nothing else was parsed
    /// (so a malformed command line still gets its help) and the command should just
    /// print ``CommandSpec/helpText(program:)``.
    public var helpRequested: Bool

    private var flagsGiven: Set<String> = []
    private var optionValues: [String: [String]] = [:]
    private var positionalValues: [String: [String]] = [:]
    private let declaredOptions: Set<String>
    private let declaredPositionals: Set<String>

    init(spec: CommandSpec) {
        positionals = []
        helpRequested = false
        declaredOptions = Set(spec.options.map(\.name))
        declaredPositionals = Set(spec.positionals.map(\.name))
    }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool {
        assert(declaredOptions.contains(name), "'--\(name)' is not declared by this command")
        return flagsGiven.contains(name)
    }

    /// The value of `--name`, or `nil` if absent; for a repeatable option, the last one.
    public func value(_ name: String) -> String? {
        values(name).last
    }

    /// Every value given for `--name`, in command-line order.
    public func values(_ name: String) -> [String] {
        assert(declaredOptions.contains(name), "'--\(name)' is not declared by this command")
        return optionValues[name] ?? []
    }

    /// The values that went to the positional called `name`, in order.
    public func positionals(named name: String) -> [String] {
        assert(declaredPositionals.contains(name), "positional '\(name)' is not declared by this command")
        return positionalValues[name] ?? []
    }

    /// The value of `--name` as an `Int`, or `nil` if absent.
    ///
    /// - Throws: ``UsageError`` when the value is not a decimal integer or lies outside
    ///   `range`: "option '--seed' expects an integer, got 'abc'".
    public func integer(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        if let number = Int(text), range?.contains(number) ?? true { return number }
        let expected = range.map { "an integer from \($0.lowerBound) to \($0.upperBound)" } ?? "an integer"
        throw UsageError("option '--\(name)' expects \(expected), got '\(text)'")
    }

    /// The value of `--name` as a `UInt64` (seeds use the whole range, up to 2^64−1),
    /// or `nil` if absent.
    ///
    /// - Throws: ``UsageError`` when the value is not a decimal integer in that range.
    public func unsigned64(_ name: String) throws(UsageError) -> UInt64? {
        guard let text = value(name) else { return nil }
        if let number = UInt64(text) { return number }
        throw UsageError("option '--\(name)' expects an integer from 0 to \(UInt64.max), got '\(text)'")
    }

    /// The value of `--name` if it is one of `choices` (compared exactly), or `nil` if
    /// absent.
    ///
    /// - Throws: ``UsageError`` listing the choices, with a did-you-mean when one is
    ///   close: "option '--format' expects one of html, md; got 'htm'; did you mean 'html'?".
    public func choice(_ name: String, among choices: [String]) throws(UsageError) -> String? {
        guard let text = value(name) else { return nil }
        if choices.contains(text) { return text }
        let message = "option '--\(name)' expects one of \(choices.joined(separator: ", ")); got '\(text)'"
        throw UsageError(message + usageDidYouMean(Suggestion.closest(to: text, among: choices)))
    }

    fileprivate mutating func setFlag(_ name: String) { flagsGiven.insert(name) }
    fileprivate mutating func append(_ value: String, to name: String) { optionValues[name, default: []].append(value) }
    fileprivate func hasValue(_ name: String) -> Bool { optionValues[name] != nil }
    fileprivate mutating func setPositionals(_ values: [String], for name: String) { positionalValues[name] = values }
}

// MARK: - Parsing

extension CommandSpec {
    /// Parses the arguments that follow the subcommand's name.
    ///
    /// Options may come anywhere among positionals; `--` ends options; a lone `-` is a
    /// positional (standard input). A value-taking option takes the next argument
    /// unless that looks like an option (so `--seed --json` is "needs a value", not a
    /// seed of "--json"); negative numbers such as `-5` never look like options.
    /// Use `--name=value` for a value that starts with `-`.
    ///
    /// - Throws: ``UsageError`` for the first mistake found; none at all when `--help`
    ///   or `-h` appears, which sets ``ParsedArguments/helpRequested`` instead.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        assert(configurationProblems.isEmpty, "command '\(name)': \(configurationProblems.joined(separator: "; "))")
        var result = ParsedArguments(spec: self)
        // Help wins over every other mistake: someone unsure of the syntax is likely
        // to have made one.
        if arguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
            result.helpRequested = true
            return result
        }

        var positionalValues: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positionalValues += arguments[index...]
                break
            }
            guard Self.looksLikeOption(argument) else {
                positionalValues.append(argument)
                continue
            }
            let (option, attachedValue) = try resolveOption(argument)
            guard option.takesValue else {
                if attachedValue != nil { throw UsageError("option '\(option.displayName)' does not take a value") }
                result.setFlag(option.name)
                continue
            }
            let value: String
            if let attachedValue {
                value = attachedValue
            } else if index < arguments.endIndex, !Self.looksLikeOption(arguments[index]) {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("option '\(option.displayName)' needs a value")
            }
            if !option.repeatable, result.hasValue(option.name) {
                throw UsageError("option '\(option.displayName)' given twice")
            }
            result.append(value, to: option.name)
        }

        try assignPositionals(positionalValues, into: &result)
        return result
    }

    /// Whether an argument is meant as an option rather than a value.
    private static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        let second = argument[argument.index(after: argument.startIndex)]
        return !(second.isASCII && second.isNumber)
    }

    /// The declared option an argument names, and the value attached with `=`, if any.
    private func resolveOption(_ argument: String) throws(UsageError) -> (OptionSpec, String?) {
        let longNames = options.map(\.name) + ["help"]
        if argument.hasPrefix("--") {
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let name = String(body[..<(equals ?? body.endIndex)])
            let attached = equals.map { String(body[body.index(after: $0)...]) }
            if let option = options.first(where: { $0.name == name }) { return (option, attached) }
            if name == "help" {
                // A bare --help was handled before parsing began, so a value is attached.
                throw UsageError("option '--help' does not take a value")
            }
            let spelled = name.isEmpty ? argument : "--" + name
            let suggestion = Suggestion.closest(to: name, among: longNames).map { "--" + $0 }
            throw UsageError("unknown option '\(spelled)'" + usageDidYouMean(suggestion))
        }

        let body = argument.dropFirst()
        if body.count == 1, let option = options.first(where: { $0.short == body.first }) {
            return (option, nil)
        }
        // Any one letter is one edit from any other, so a lone unknown letter gets no
        // suggestion; a longer word after one dash is most likely a long option typed
        // with a single dash (`-seed`).
        let suggestion = body.count == 1 ? nil : Suggestion.closest(to: String(body), among: longNames).map { "--" + $0 }
        throw UsageError("unknown option '\(argument)'" + usageDidYouMean(suggestion))
    }

    /// Hands positional values to the declared positionals in order: each first gets
    /// its minimum, then the extra values go to the earliest that can take more.
    private func assignPositionals(_ values: [String], into result: inout ParsedArguments) throws(UsageError) {
        var needed = 0
        for positional in positionals {
            needed += positional.minimum
            if values.count < needed { throw UsageError("missing \(positional.name)") }
        }
        var extra = values.count - needed
        var start = values.startIndex
        for positional in positionals {
            let room = positional.maximum.map { $0 - positional.minimum } ?? .max
            let count = positional.minimum + min(extra, room)
            extra -= count - positional.minimum
            result.setPositionals(Array(values[start..<start + count]), for: positional.name)
            start += count
        }
        if start < values.endIndex { throw UsageError("unexpected argument '\(values[start])'") }
        result.positionals = values
    }
}

/// Resolves a subcommand name against the known commands, exactly (names are
/// case-sensitive on the command line).
///
/// - Throws: ``UsageError`` "unknown command 'chek'; did you mean 'check'?" (the
///   suggestion only when one is close).
public func resolveCommand(_ name: String, among commands: [CommandSpec]) throws(UsageError) -> CommandSpec {
    if let command = commands.first(where: { $0.name == name }) { return command }
    let suggestion = Suggestion.closest(to: name, among: commands.map(\.name))
    throw UsageError("unknown command '\(name)'" + usageDidYouMean(suggestion))
}

/// The "; did you mean 'x'?" tail of a message, or nothing.
private func usageDidYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
}

// MARK: - Help

extension CommandSpec {
    /// The text `--help` prints, laid out like swift-argument-parser's: OVERVIEW, the
    /// discussion, USAGE, ARGUMENTS, OPTIONS (always listing `-h, --help`) and
    /// EXAMPLES, with help in one aligned column and everything wrapped at 80 columns.
    /// Empty sections are left out. No trailing newline, so `print` it.
    public func helpText(program: String = "cdx") -> String {
        var sections: [[String]] = []
        if !abstract.isEmpty {
            sections.append(UsageHelpLayout.wrap(abstract, firstPrefix: "OVERVIEW: ", restPrefix: "          "))
        }
        if !discussion.isEmpty {
            sections.append(discussion.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
                let indent = String(line.prefix(while: { $0 == " " }))
                return UsageHelpLayout.wrap(line.dropFirst(indent.count), firstPrefix: indent, restPrefix: indent)
            })
        }
        sections.append(usageLines(program: program))

        let argumentRows = positionals.map { (label: "<\($0.name.lowercased())>", help: $0.help) }
        let optionRows = options.map { option in
            var label = option.short.map { "-\($0), " } ?? ""
            label += option.displayName
            if let valueName = option.valueName { label += " <\(valueName.lowercased())>" }
            return (label: label, help: option.help)
        } + [(label: "-h, --help", help: "Show help information.")]
        // One column for both sections, as wide as the labels need up to a cap; a
        // longer label puts its help on the next line rather than pushing the column.
        let fitting = (argumentRows + optionRows).map(\.label.count).filter { $0 <= UsageHelpLayout.maximumLabelWidth }
        let column = 2 + (fitting.max() ?? UsageHelpLayout.maximumLabelWidth) + 2
        if !argumentRows.isEmpty {
            sections.append(["ARGUMENTS:"] + argumentRows.flatMap { UsageHelpLayout.row($0.label, $0.help, column: column) })
        }
        sections.append(["OPTIONS:"] + optionRows.flatMap { UsageHelpLayout.row($0.label, $0.help, column: column) })
        if !examples.isEmpty {
            // Examples stay unwrapped so they can be copied and pasted.
            sections.append(["EXAMPLES:"] + examples.map { "  " + $0 })
        }
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    private func usageLines(program: String) -> [String] {
        var parts = [program, name]
        for positional in positionals {
            let label = "<\(positional.name.lowercased())>"
            let many = positional.maximum.map { $0 > 1 } ?? true
            let shown = many ? label + " ..." : label
            parts.append(positional.minimum > 0 ? shown : "[\(shown)]")
        }
        for option in options {
            var shown = option.displayName
            if let valueName = option.valueName { shown += " <\(valueName.lowercased())>" }
            if option.repeatable && option.takesValue { shown += " ..." }
            parts.append(option.required ? shown : "[\(shown)]")
        }
        // Break only between parts, so "[--seed <n>]" never splits across lines.
        var lines: [String] = []
        var line = "USAGE:"
        var lineHasPart = false
        for part in parts {
            if lineHasPart, line.count + 1 + part.count > UsageHelpLayout.width {
                lines.append(line)
                line = String(repeating: " ", count: "USAGE:".count)
            }
            line += " " + part
            lineHasPart = true
        }
        lines.append(line)
        return lines
    }
}

/// Column arithmetic for the help text.
private enum UsageHelpLayout {
    static let width = 80
    static let maximumLabelWidth = 26

    /// A label and its help, the help starting at `column` (on the next line if the
    /// label reaches into it) and wrapped within the width.
    static func row(_ label: String, _ help: String, column: Int) -> [String] {
        let indent = String(repeating: " ", count: column)
        let labelled = "  " + label
        if labelled.count + 2 > column {
            return [labelled] + (help.isEmpty ? [] : wrap(help, firstPrefix: indent, restPrefix: indent))
        }
        let padded = labelled + String(repeating: " ", count: column - labelled.count)
        return wrap(help, firstPrefix: padded, restPrefix: indent)
    }

    /// Greedy word wrap at ``width``; a word longer than a line gets a line to itself
    /// rather than being split. Runs of spaces between words are kept, so text laid out
    /// in columns stays aligned, except where a line breaks. Trailing spaces are trimmed.
    static func wrap(_ text: some StringProtocol, firstPrefix: String, restPrefix: String) -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var lineHasWord = false
        var gap = 0
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == " " {
                gap += 1
                index = text.index(after: index)
                continue
            }
            let end = text[index...].firstIndex(of: " ") ?? text.endIndex
            let word = text[index..<end]
            if lineHasWord, line.count + gap + word.count > width {
                lines.append(line)
                line = restPrefix
                lineHasWord = false
            }
            line += String(repeating: " ", count: lineHasWord ? gap : 0) + word
            lineHasWord = true
            gap = 0
            index = end
        }
        lines.append(trimmingTrailingSpaces(line))
        return lines
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
