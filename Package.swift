// swift-tools-version:6.2
// cdx — a turn-based engine for cross-domain cyber defence exercises.
// No package dependencies: the toolchain's Foundation, XCTest and Swift Testing only.
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "cdx",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cdx", targets: ["cdx"]),
    ],
    targets: [
        // Definitions, run state, actions, events, the turn engine, seeded RNG. No I/O.
        .target(
            name: "ExerciseCore", swiftSettings: strict,
            // Double rounding in JSONValue needs libm; Foundation-free targets don't pull it in.
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // The exercise language: lexer, parser, checker, diagnostics, formatter; response lines.
        .target(name: "ExerciseScript", dependencies: ["ExerciseCore"], swiftSettings: strict),
        // Scoring: a pure function of (exercise, events).
        .target(name: "Umpire", dependencies: ["ExerciseCore"], swiftSettings: strict),
        // What an event means to a viewer (a team, the white cell): the one description the
        // console, the views and the reports use.
        .target(name: "Presentation", dependencies: ["ExerciseCore"], swiftSettings: strict),
        // Renderers of the After-Action Report.
        .target(name: "AfterAction", dependencies: ["Umpire", "Presentation", "ExerciseCore"], swiftSettings: strict),
        // Commands, argument parsing, the facilitator console, journal files.
        .target(
            name: "ExerciseCLI",
            dependencies: ["ExerciseCore", "ExerciseScript", "Umpire", "Presentation", "AfterAction"],
            swiftSettings: strict),
        .executableTarget(name: "cdx", dependencies: ["ExerciseCLI"], swiftSettings: strict),
        // Maintainers' tools.
        .target(name: "ExerciseGenerator", dependencies: ["ExerciseCore"], path: "Tools/ExerciseGenerator", swiftSettings: strict),
        .executableTarget(
            name: "generate-exercise", dependencies: ["ExerciseGenerator"], path: "Tools/generate-exercise",
            swiftSettings: strict),
        .executableTarget(
            name: "bench", dependencies: ["ExerciseGenerator", "ExerciseScript", "ExerciseCore", "Umpire", "ExerciseCLI"], path: "Tools/bench",
            swiftSettings: strict),

        // The engine's tests write their fixtures in the exercise language, hence ExerciseScript.
        .testTarget(name: "ExerciseCoreTests", dependencies: ["ExerciseCore", "ExerciseScript", "Presentation"], swiftSettings: strict),
        .testTarget(
            name: "ExerciseScriptTests", dependencies: ["ExerciseScript", "ExerciseCore"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "AfterActionTests", dependencies: ["AfterAction", "Presentation", "Umpire", "ExerciseScript", "ExerciseCore"],
            exclude: ["Snapshots"], swiftSettings: strict),
        .testTarget(
            name: "ExerciseCLITests", dependencies: ["ExerciseCLI", "ExerciseScript", "ExerciseCore", "Umpire", "Presentation", "AfterAction"],
            exclude: ["Snapshots", "Canary"], swiftSettings: strict),
    ]
)
