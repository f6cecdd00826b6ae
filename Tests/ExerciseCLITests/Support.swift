import ExerciseCLI
import ExerciseCore
import Foundation

enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
    static func bytes(_ relative: String) throws -> [UInt8] { Array(try Data(contentsOf: url(relative))) }
    static let shipped = ["pacific-shield", "harbour-and-airbase", "shared-vendor"]
}

/// A scratch folder removed when the value goes away.
struct Scratch: ~Copyable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cdx-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs `cdx` in-process, capturing what it writes.
struct Run {
    var status: Int32
    var output: String
    var errors: String

    static func cdx(_ arguments: [String], input: [String] = []) -> Run {
        nonisolated(unsafe) var out = ""
        nonisolated(unsafe) var err = ""
        nonisolated(unsafe) var lines = input[...]
        let io = CommandIO(
            write: { out += $0 }, writeError: { err += $0 }, errorIsTerminal: false, isInteractive: false,
            readLine: { lines.popFirst() })
        let status = CDX.main(arguments: arguments, io: io)
        return Run(status: status, output: out, errors: err)
    }
}

/// The built `cdx` executable, for tests that need a real process (signals, terminals).
enum Binary {
    static var url: URL {
        let candidates = [
            ProcessInfo.processInfo.environment["CDX_BINARY"].map { URL(fileURLWithPath: $0) },
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cdx"),
            Repository.url(".build/debug/cdx"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs cdx in the repository root (journals name exercises by relative path).
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        // Output compared byte for byte is the unbounded one, whatever $COLUMNS the tests run under.
        var inherited = ProcessInfo.processInfo.environment
        inherited["COLUMNS"] = nil
        process.environment = inherited.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: o, as: UTF8.self),
                      errors: String(decoding: e, as: UTF8.self))
    }
}
