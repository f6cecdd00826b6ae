import ExerciseCore
import ExerciseScript
import Foundation

/// Where a command writes and what it knows about its terminal. Tests pass a capturing
/// one; `cdx` passes the process's streams.
public struct CommandIO {
    public var write: (String) -> Void
    public var writeError: (String) -> Void
    /// Whether standard error is a terminal (colour and progress only then).
    public var errorIsTerminal: Bool
    /// Whether standard input and output are a terminal (the interactive console only then).
    public var isInteractive: Bool
    /// Reads one line of input, without its line end; nil at end of input.
    public var readLine: () -> String?
    /// The width of the output in columns, which text is fitted to (tables narrowed, cards
    /// wrapped); nil: unbounded (a pipe or a file), one line per row as wide as it takes.
    public var width: Int?
    /// Whether the console edits lines on the terminal (arrow keys, history, completion):
    /// standard input and output are a terminal. Else lines are read plainly by `readLine`.
    public var editsLines: Bool

    public init(
        write: @escaping (String) -> Void, writeError: @escaping (String) -> Void, errorIsTerminal: Bool = false,
        isInteractive: Bool = false, readLine: @escaping () -> String? = { nil }, width: Int? = nil, editsLines: Bool = false
    ) {
        self.write = write
        self.writeError = writeError
        self.errorIsTerminal = errorIsTerminal
        self.isInteractive = isInteractive
        self.readLine = readLine
        self.width = width
        self.editsLines = editsLines
    }

    /// The process's own streams. Output is written unbuffered so a crash loses nothing shown.
    /// A failed write (output sent to a file on a full disk) is dropped rather than trapping:
    /// the exit status still tells.
    public static var standard: CommandIO {
        CommandIO(
            write: { try? FileHandle.standardOutput.write(contentsOf: Data($0.utf8)) },
            writeError: { try? FileHandle.standardError.write(contentsOf: Data($0.utf8)) },
            errorIsTerminal: isatty(2) == 1,
            isInteractive: isatty(0) == 1 && isatty(1) == 1,
            readLine: { Swift.readLine(strippingNewline: true) },
            width: TerminalSize.outputWidth(),
            editsLines: isatty(0) == 1 && isatty(1) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    }
}

/// Exit statuses: 0 success, 1 findings or failure, 64 usage error (as sysexits' EX_USAGE).
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
}

/// A failure a command reports as `cdx COMMAND: error: message` with exit status 1.
struct CommandFailure: Error {
    var message: String
}

/// The `cdx` command line: dispatches to the commands and turns every error into a
/// message and an exit status; nothing a user types reaches a Swift trap.
public enum CDX {
    public static let version = "0.3.0"

    struct Command {
        var spec: CommandSpec
        var run: (ParsedArguments, CommandIO) throws -> Int32
    }

    static var commands: [Command] {
        [
            Command(spec: CheckCommand.spec, run: CheckCommand.run),
            Command(spec: FormatCommand.spec, run: FormatCommand.run),
            Command(spec: LintCommand.spec, run: LintCommand.run),
            Command(spec: ShowCommand.spec, run: ShowCommand.run),
            Command(spec: RunCommand.spec, run: RunCommand.run),
            Command(spec: ResumeCommand.spec, run: ResumeCommand.run),
            Command(spec: VerifyCommand.spec, run: VerifyCommand.run),
            Command(spec: KeyCommand.spec, run: KeyCommand.run),
            Command(spec: ViewCommand.spec, run: ViewCommand.run),
            Command(spec: HandoutCommand.spec, run: HandoutCommand.run),
            Command(spec: ScoreCommand.spec, run: ScoreCommand.run),
            Command(spec: ReportCommand.spec, run: ReportCommand.run),
            Command(spec: ExportCommand.spec, run: ExportCommand.run),
            Command(spec: MSELCommand.spec, run: MSELCommand.run),
            Command(spec: SimulateCommand.spec, run: SimulateCommand.run),
            Command(spec: MergeCommand.spec, run: MergeCommand.run),
            Command(spec: FeedbackCommand.spec, run: FeedbackCommand.run),
        ]
    }

    /// How to name cdx in a "next:" hint: `cdx` when that is what the shell finds, else the
    /// path it was started by (`.build/debug/cdx` after `swift run cdx`), relative to the
    /// working folder when inside it — a hint should be a command that works as typed.
    static let shownCommand: String = {
        let invoked = CommandLine.arguments.first ?? "cdx"
        guard (invoked as NSString).lastPathComponent == "cdx", invoked.contains("/") else { return "cdx" }
        func resolved(_ path: String) -> String? {
            guard let p = realpath(path, nil) else { return nil }
            defer { free(p) }
            return String(decoding: UnsafeRawBufferPointer(start: p, count: strlen(p)), as: UTF8.self)
        }
        let me = resolved(invoked)
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if let found = resolved("\(folder)/cdx"), found == me { return "cdx" }
        }
        // `swift run` starts the build's own path; the short links beside it are what people type.
        for short in [".build/debug/cdx", ".build/release/cdx"] where resolved(short) == me { return short }
        let here = FileManager.default.currentDirectoryPath + "/"
        return invoked.hasPrefix(here) ? String(invoked.dropFirst(here.count)) : invoked
    }()

    public static func main(arguments: [String], io: CommandIO = .standard) -> Int32 {
        let commands = self.commands
        guard let first = arguments.first else {
            // No command is a usage error (64), with the overview to say what there is.
            io.writeError(overview(commands))
            return ExitStatus.usage
        }
        switch first {
        case "--help", "-h", "help":
            if first == "help", arguments.count > 1, let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                io.write(command.spec.helpText() + "\n")
            } else {
                io.write(overview(commands))
            }
            return ExitStatus.success
        case "--version", "version":
            io.write("cdx \(version)\n")
            return ExitStatus.success
        default:
            break
        }
        let spec: CommandSpec
        do {
            spec = try resolveCommand(first, among: commands.map(\.spec))
        } catch {
            io.writeError(errorText(error.message, command: nil, usage: true))
            return ExitStatus.usage
        }
        guard let command = commands.first(where: { $0.spec.name == spec.name }) else { return ExitStatus.usage }
        do {
            let parsed = try spec.parse(Array(arguments.dropFirst()))
            if parsed.helpRequested {
                io.write(spec.helpText() + "\n")
                return ExitStatus.success
            }
            return try command.run(parsed, io)
        } catch let error as UsageError {
            io.writeError(errorText(error.message, command: spec.name, usage: true))
            return ExitStatus.usage
        } catch let error as CommandFailure {
            io.writeError(errorText(error.message, command: spec.name, usage: false))
            return ExitStatus.failure
        } catch {
            io.writeError(errorText("\(error)", command: spec.name, usage: false))
            return ExitStatus.failure
        }
    }

    /// What cdx writes to standard error when a command fails (`command` nil: before one
    /// was chosen); `usage` adds where to find the help.
    static func errorText(_ message: String, command: String?, usage: Bool) -> String {
        let invocation = command.map { "cdx \($0)" } ?? "cdx"
        return "\(invocation): error: \(printable(message))\n" + (usage ? "see '\(invocation) --help'\n" : "")
    }

    /// A message as it may reach the terminal (it quotes what was read; see `TerminalText`).
    static func printable(_ message: String) -> String { TerminalText.printable(message, keepingLineFeeds: true) }

    static func overview(_ commands: [Command]) -> String {
        var out = """
            cdx \(version) — a turn-based engine for cross-domain cyber defence exercises

            USAGE: cdx <command> [options]

            COMMANDS:

            """
        let width = commands.map(\.spec.name.count).max() ?? 0
        for command in commands {
            let name = command.spec.name
            out += "  \(name)\(String(repeating: " ", count: width - name.count + 2))\(command.spec.abstract)\n"
        }
        out += """

            Run 'cdx <command> --help' for a command's options and examples.
            Start with: cdx show Exercises/pacific-shield.exercise

            """
        return out
    }
}

/// Reading and writing files for the commands, with errors a user can act on.
enum Files {
    /// Reads a file, or standard input for "-".
    static func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(message: "cannot read '\(shown(path))': no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure(message: "cannot read '\(shown(path))': it is a directory") }
        // Devices and pipes could be endless (/dev/zero); read regular files only ('-' is
        // standard input), following symbolic links as `fmt --write` does when it writes back.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & mode_t(S_IFMT) != mode_t(S_IFREG) {
            throw CommandFailure(message: "cannot read '\(shown(path))': not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "cannot read '\(shown(path))': permission denied or unreadable")
        }
        return Array(data)
    }

    /// A path as it may reach the terminal: on one line, with no control characters (a file
    /// name can hold an escape sequence as easily as a journal can; see `TerminalText`).
    static func shown(_ path: String) -> String { TerminalText.printable(path, keepingLineFeeds: false) }

    /// A path read from, as messages name it: standard input for "-".
    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : shown(path) }

    /// A NUL byte in the first 8 KiB: an executable, an image, a spreadsheet — not a script.
    static func looksBinary(_ bytes: [UInt8]) -> Bool { bytes.prefix(8192).contains(0) }
}

/// Loads and checks an exercise, or fails with its rendered diagnostics.
enum ExerciseLoader {
    static func load(_ path: String, io: CommandIO) throws(CommandFailure) -> (exercise: Exercise, bytes: [UInt8]) {
        let bytes = try Files.read(path)
        if Files.looksBinary(bytes) { throw CommandFailure(message: "'\(path)' is not a text file (it contains NUL bytes)") }
        let result = ExerciseChecker.check(bytes: bytes)
        guard let exercise = result.exercise else {
            let renderer = DiagnosticRenderer(path: Files.displayName(path), source: result.source, colour: io.errorIsTerminal)
            io.writeError(renderer.render(Array(result.diagnostics.filter { $0.severity == .error }.prefix(20))))
            let count = result.diagnostics.filter { $0.severity == .error }.count
            throw CommandFailure(message: "'\(path)' has \(count) error\(count == 1 ? "" : "s"); run 'cdx check \(path)' for details")
        }
        return (exercise, bytes)
    }
}
