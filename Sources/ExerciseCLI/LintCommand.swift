import ExerciseCore
import ExerciseScript

/// `cdx lint FILE...`: what `check` accepts but will not play as meant.
enum LintCommand {
    static let spec = CommandSpec(
        name: "lint",
        abstract: "Warn about injects that never fire, expectations no team can meet, and gaps in coverage",
        discussion: """
            Runs on files that check clean (errors are reported as by 'cdx check'). Warnings
            are advisory: exit 0, or 1 with --strict. See Documentation/ExerciseLanguage.md
            for the list.
            """,
        positionals: [PositionalSpec(name: "file", help: "An .exercise file, or - for standard input", minimum: 1, maximum: nil)],
        options: [.flag("strict", help: "Exit 1 when there is any warning")],
        examples: ["cdx lint Exercises/*.exercise"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        var warnings = 0, failed = false
        for path in arguments.positionals {
            let bytes: [UInt8]
            do { bytes = try Files.read(path) } catch {
                io.writeError(CDX.errorText(error.message, command: "lint", usage: false))
                failed = true
                continue
            }
            let result = ExerciseChecker.check(bytes: bytes)
            let renderer = DiagnosticRenderer(path: Files.displayName(path), source: result.source, colour: io.errorIsTerminal)
            if result.exercise == nil {
                io.writeError(renderer.render(Array(result.diagnostics.prefix(50))))
                failed = true
                continue
            }
            let findings = ExerciseLinter.lint(result)
            warnings += findings.count
            io.writeError(renderer.render(findings))
        }
        if warnings > 0 { io.writeError("\(plural(warnings, "warning")) in \(plural(arguments.positionals.count, "file"))\n") }
        return failed || (arguments.flag("strict") && warnings > 0) ? ExitStatus.failure : ExitStatus.success
    }
}
