import ExerciseGenerator
import Foundation

// Usage: generate-exercise [--assets N] [--injects N] [--segments N] [--turns N] [--seed N] > FILE.exercise
let usage = "usage: generate-exercise [--assets N] [--injects N] [--segments N] [--turns N] [--seed N] > FILE.exercise\n"
var values: [String: Int] = ["assets": 500, "injects": 20, "segments": 10, "turns": 500, "seed": 1]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    let name = String(flag.drop { $0 == "-" })
    guard flag.hasPrefix("--"), values[name] != nil, let raw = arguments.popFirst(), let value = Int(raw), value >= 0 else {
        FileHandle.standardError.write(Data(("generate-exercise: error: bad argument '\(flag)'\n" + usage).utf8))
        exit(64)
    }
    values[name] = value
}
let generator = ExerciseGenerator(
    assets: values["assets"]!, injects: values["injects"]!, segments: values["segments"]!, turns: values["turns"]!,
    seed: UInt64(values["seed"]!))
FileHandle.standardOutput.write(Data(generator.text().utf8))
