// Shared by every fuzz target (compiled into each one; see run.sh).

import ExerciseCore
import ExerciseScript
import Foundation

/// The fuzzer's input as an array, the form the readers take.
func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the run with a message when a documented property does not hold: libFuzzer
/// reports the trap as a crash and saves the input, like any other crash.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("fuzz property violated: \(message())\n".utf8))
        fatalError("fuzz property violated")
    }
}

/// The exercises that ship with the repository, checked once per process: the readers of
/// response lines and journals need an exercise to read against.
enum Shipped {
    struct Entry {
        /// The path relative to the repository root, as a journal header names it.
        var path: String
        var bytes: [UInt8]
        var exercise: Exercise
        var digest: String
    }

    /// The repository root: CDX_FUZZ_ROOT, or the working directory (run.sh runs there).
    static let root: String = ProcessInfo.processInfo.environment["CDX_FUZZ_ROOT"]
        ?? FileManager.default.currentDirectoryPath

    static let all: [Entry] = {
        var entries: [Entry] = []
        for folder in ["Exercises", "Documentation/Examples"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder)")) ?? []
            for name in names.sorted() where name.hasSuffix(".exercise") {
                let path = "\(folder)/\(name)"
                guard let data = FileManager.default.contents(atPath: "\(root)/\(path)"),
                      let exercise = ExerciseChecker.check(bytes: Array(data)).exercise else { continue }
                entries.append(Entry(path: path, bytes: Array(data), exercise: exercise, digest: SHA256.digest(Array(data)).hexString))
            }
        }
        if entries.isEmpty {
            FileHandle.standardError.write(Data("fuzz: no shipped exercises under '\(root)'; run from the repository root or set CDX_FUZZ_ROOT\n".utf8))
            exit(2)
        }
        return entries
    }()
}

/// Whether text is safe to show on a terminal: no control characters (C0, DEL, C1) but
/// line breaks and tabs. Messages quote what was read; an escape sequence in one could
/// rewrite what the terminal shows.
func isPrintable(_ text: String) -> Bool {
    !text.unicodeScalars.contains { s in
        (s.value < 0x20 && s != "\n" && s != "\t") || (s.value >= 0x7F && s.value <= 0x9F)
    }
}
