import ExerciseGenerator
import Foundation

// Usage:
//   generate-exercise [--assets N] [--injects N] [--segments N] [--turns N] [--seed N] > FILE.exercise
//   generate-exercise cage-sized [--scale N] [--seed N] > FILE.exercise
let usage = """
    usage: generate-exercise [--assets N] [--injects N] [--segments N] [--turns N] [--seed N] > FILE.exercise
           generate-exercise cage-sized [--scale N] [--seed N] > FILE.exercise

    The first form writes a large synthetic exercise for checker and engine timings. The second
    writes the standard speed workload shaped like CAGE Challenge 4 (Exercises/bench/cage-sized.exercise
    is --scale 1 --seed 1); --scale multiplies the hosts, keeping the same injects.

    """
var arguments = Array(CommandLine.arguments.dropFirst())
let cage = arguments.first == "cage-sized"
if cage { arguments.removeFirst() }
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage, terminator: "")
    exit(0)
}
var values: [String: Int] = cage ? ["scale": 1, "seed": 1] : ["assets": 500, "injects": 20, "segments": 10, "turns": 500, "seed": 1]
var rest = arguments[...]
while let flag = rest.popFirst() {
    let name = String(flag.drop { $0 == "-" })
    guard flag.hasPrefix("--"), values[name] != nil, let raw = rest.popFirst(), let value = Int(raw), value >= 0 else {
        FileHandle.standardError.write(Data(("generate-exercise: error: bad argument '\(flag)'\n" + usage).utf8))
        exit(64)
    }
    values[name] = value
}
let text: String
if cage {
    text = CageSizedWorkload(scale: values["scale"]!, seed: UInt64(values["seed"]!)).text()
} else {
    text = ExerciseGenerator(
        assets: values["assets"]!, injects: values["injects"]!, segments: values["segments"]!, turns: values["turns"]!,
        seed: UInt64(values["seed"]!)).text()
}
FileHandle.standardOutput.write(Data(text.utf8))
