import ExerciseCore
import ExerciseScript

/// `cdx check FILE...`: every diagnostic of every file, then a count.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Parse and check exercise files; print every problem with file:line:col",
        discussion: """
            Prints nothing and exits 0 when every file is clean. Otherwise prints each
            finding as 'file:line:col: error|warning: message' with the source line and a
            caret, then a count, and exits 1 if there was any error.
            """,
        positionals: [PositionalSpec(name: "file", help: "An .exercise file, or - for standard input", minimum: 1, maximum: nil)],
        options: [.flag("strict", help: "Treat warnings as errors (exit 1 on any finding)")],
        examples: ["cdx check Exercises/*.exercise", "cdx check --strict my-scenario.exercise"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        var errors = 0, warnings = 0, unreadable = 0
        for path in arguments.positionals {
            let bytes: [UInt8]
            do {
                bytes = try Files.read(path)
            } catch {
                io.writeError(CDX.errorText(error.message, command: "check", usage: false))
                unreadable += 1
                continue
            }
            if Files.looksBinary(bytes) {
                io.writeError("\(Files.displayName(path)):1:1: error: not a text file (it contains NUL bytes); an exercise is UTF-8 text\n")
                errors += 1
                continue
            }
            let result = ExerciseChecker.check(bytes: bytes)
            let renderer = DiagnosticRenderer(path: Files.displayName(path), source: result.source, colour: io.errorIsTerminal)
            // Past a screenful the rest is noise; the count below still says how many there were.
            let shown = result.diagnostics.prefix(200)
            io.writeError(renderer.render(Array(shown)))
            if result.diagnostics.count > shown.count {
                io.writeError("\(Files.displayName(path)): … and \(result.diagnostics.count - shown.count) more not shown\n")
            }
            errors += result.diagnostics.filter { $0.severity == .error }.count
            warnings += result.diagnostics.filter { $0.severity == .warning }.count
        }
        if errors + warnings > 0 {
            io.writeError("\(plural(errors, "error")) and \(plural(warnings, "warning")) in \(plural(arguments.positionals.count, "file"))\n")
        }
        let failed = errors > 0 || unreadable > 0 || (arguments.flag("strict") && warnings > 0)
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

/// `cdx fmt FILE... [--check] [--write]`: the canonical layout.
enum FormatCommand {
    static let spec = CommandSpec(
        name: "fmt",
        abstract: "Print, check or rewrite exercise files in the canonical layout",
        discussion: """
            Changes whitespace only, so the file means the same afterwards and comments are
            kept. Without options, prints the formatted file. With --check, prints the files
            that are not formatted and exits 1 if any. With --write, rewrites them in place
            (atomically). Files with lexical errors are left alone and reported.
            """,
        positionals: [PositionalSpec(name: "file", help: "An .exercise file, or - for standard input", minimum: 1, maximum: nil)],
        options: [
            .flag("check", help: "Exit 1 and name each file that is not formatted; change nothing"),
            .flag("write", short: "w", help: "Rewrite files in place"),
        ],
        examples: ["cdx fmt --check Exercises/*.exercise", "cdx fmt --write my-scenario.exercise"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let check = arguments.flag("check"), write = arguments.flag("write")
        if check && write { throw UsageError("use either --check or --write, not both") }
        if write, arguments.positionals.contains("-") { throw UsageError("--write cannot rewrite standard input") }
        var failed = false
        for path in arguments.positionals {
            let bytes: [UInt8]
            do {
                bytes = try Files.read(path)
            } catch {
                io.writeError(CDX.errorText(error.message, command: "fmt", usage: false))
                failed = true
                continue
            }
            let source = SourceText(bytes: bytes)
            guard let formatted = ExerciseFormatter.format(source) else {
                let (_, diagnostics) = StatementParser.parse(source)
                let renderer = DiagnosticRenderer(path: Files.displayName(path), source: source, colour: io.errorIsTerminal)
                io.writeError(renderer.render(diagnostics.filter(\.code.blocksFormatting)))
                io.writeError("cdx fmt: error: '\(Files.displayName(path))' not formatted: fix the errors above first\n")
                failed = true
                continue
            }
            let unchanged = Array(formatted.utf8) == bytes
            if check {
                if !unchanged {
                    io.writeError("\(Files.displayName(path)): not formatted; run 'cdx fmt --write \(Files.shown(path))'\n")
                    failed = true
                }
            } else if write {
                if !unchanged {
                    try Files.write(formatted, to: path)
                    io.writeError("formatted \(Files.shown(path))\n")
                }
            } else {
                io.write(formatted)
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}
