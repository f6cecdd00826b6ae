// Fuzz target: the exercise language — what `cdx check`, `cdx fmt`, `cdx lint` and
// `cdx msel export` do with a file's bytes.

import ExerciseCore
import ExerciseScript

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let source = SourceText(bytes: bytes)
    let result = ExerciseChecker.check(source)
    // cdx check prints every diagnostic with its source excerpt and caret.
    let rendered = DiagnosticRenderer(path: "fuzz.exercise", source: result.source).render(result.diagnostics)
    require(isPrintable(rendered), "rendered diagnostics show no control characters")
    require(result.diagnostics.hasErrors == (result.exercise == nil), "an exercise comes back exactly when there is no error")

    // The formatter rewrites whitespace only: formatting again changes nothing, and the
    // formatted file means the same (same exercise, same errors).
    if let formatted = ExerciseFormatter.format(source) {
        let again = ExerciseFormatter.format(SourceText(formatted))
        require(again == formatted, "format(format(x)) == format(x)")
        let reformatted = ExerciseChecker.check(text: formatted)
        require(reformatted.exercise == result.exercise, "the formatted file checks to the same exercise")
        require(reformatted.diagnostics.filter { $0.severity == .error }.map(\.code.rawValue).sorted()
                    == result.diagnostics.filter { $0.severity == .error }.map(\.code.rawValue).sorted(),
                "the formatted file has the same errors")
    }

    guard let exercise = result.exercise else { return 0 }
    let findings = ExerciseLinter.lint(result)
    _ = DiagnosticRenderer(path: "fuzz.exercise", source: result.source).render(findings)

    // cdx msel export, and importing what it wrote: whatever the import accepts checks
    // clean (Documentation/MSEL.md). A byte-for-byte round trip is only promised for
    // exercises an MSEL can carry (an exercise without injects exports an empty MSEL,
    // which the import rightly refuses), so it is not asserted here.
    for layout in MSEL.Layout.allCases {
        let csv = MSEL.export(exercise, layout: layout)
        let imported = MSEL.importCSV(text: csv, options: MSEL.ImportOptions(layout: layout, title: exercise.title))
        guard let text = imported.text else { continue }
        let back = ExerciseChecker.check(text: text)
        require(back.exercise != nil, "the import of the \(layout) export checks clean: \(back.diagnostics.filter { $0.severity == .error }.map { "\($0.location) \($0.message)" })")
    }
    return 0
}
