import ExerciseCLI
import Foundation

// The executable stays thin: everything happens in ExerciseCLI, which tests drive directly.
exit(CDX.main(arguments: Array(CommandLine.arguments.dropFirst())))
