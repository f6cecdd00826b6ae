import ExerciseCore
import ExerciseScript
import Foundation

/// Files of the repository the tests read (shipped exercises, documentation, fixtures),
/// found from this source file's path so the tests run from any working directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func bytes(_ relative: String) throws -> [UInt8] { Array(try Data(contentsOf: url(relative))) }

    static func text(_ relative: String) throws -> String { String(decoding: try bytes(relative), as: UTF8.self) }

    /// The shipped exercises, by file name.
    static let shippedExercises = ["pacific-shield.exercise", "harbour-and-airbase.exercise", "shared-vendor.exercise"]

    static func shipped(_ name: String) throws -> Exercise {
        let result = ExerciseChecker.check(bytes: try bytes("Exercises/\(name)"))
        guard let exercise = result.exercise else {
            throw Failure("\(name) does not check: \(result.diagnostics.map { "\($0.location) \($0.message)" })")
        }
        return exercise
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
