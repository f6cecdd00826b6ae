// Fuzz target: command-line arguments. The input is split on NUL bytes into argv and
// parsed as `cdx` parses it (resolve the command, parse the rest by its spec), and also
// by every command's spec; then the values are read the ways the commands read them.
// No command is run.

@testable import ExerciseCLI
import ExerciseCore

let specs = CDX.commands.map(\.spec)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let argv = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    if let first = argv.first {
        do {
            let spec = try resolveCommand(first, among: specs)
            read(try? spec.parse(Array(argv.dropFirst())), spec)
        } catch {
            require(isPrintable(CDX.errorText(error.message, command: nil, usage: true)),
                    "an unknown command reaches the terminal without control characters")
        }
    }
    for spec in specs {
        do {
            read(try spec.parse(argv), spec)
        } catch {
            require(!error.message.isEmpty, "a usage error says something")
            let shown = CDX.errorText(error.message, command: spec.name, usage: true)
            require(isPrintable(shown) && isPrintable(error.rendered(command: spec.name)),
                    "a usage error reaches the terminal without control characters: \(shown.debugDescription)")
        }
    }
    return 0
}

/// Every accessor the commands use, on every declared name.
func read(_ parsed: ParsedArguments?, _ spec: CommandSpec) {
    guard let parsed, !parsed.helpRequested else { return }
    for positional in spec.positionals {
        let values = parsed.positionals(named: positional.name)
        require(values.count >= positional.minimum, "'\(positional.name)' got at least its minimum")
        if let maximum = positional.maximum { require(values.count <= maximum, "'\(positional.name)' got at most its maximum") }
    }
    require(parsed.positionals.count == spec.positionals.reduce(0) { $0 + parsed.positionals(named: $1.name).count },
            "every positional value went to one positional")
    for option in spec.options {
        guard option.takesValue else {
            _ = parsed.flag(option.name)
            continue
        }
        require(option.repeatable || parsed.values(option.name).count <= 1, "'--\(option.name)' has one value at most")
        _ = parsed.value(option.name)
        _ = try? parsed.integer(option.name)
        _ = try? parsed.integer(option.name, in: 1...24)
        _ = try? parsed.unsigned64(option.name)
        _ = try? parsed.choice(option.name, among: ["hseep", "blueprint", "auto", "passive", "reactive", "oracle", "html", "md"])
    }
}
