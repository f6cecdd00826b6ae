// Fuzz target: MSEL spreadsheets — the CSV reader and `cdx msel import`.

import ExerciseCore
import ExerciseScript

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)

    // The CSV reader, with the separator it would sniff and with each one it knows. What
    // it read, written back out, reads the same with no problem.
    let sniffed = CSV.sniffSeparator(bytes)
    for separator in [sniffed, UInt8(ascii: ","), UInt8(ascii: ";"), 0x09] {
        let document = CSV.read(bytes: bytes, separator: separator)
        let rows = document.rows.map(\.fields)
        let written = CSV.write(rows, bom: true, separator: Character(Unicode.Scalar(separator)))
        let reread = CSV.read(written, separator: separator)
        require(reread.rows.map(\.fields) == rows, "CSV write then read gives the same rows")
        require(reread.problems.isEmpty, "CSV the writer wrote reads without problems: \(reread.problems)")
    }

    // The import, in each layout as `--layout` chooses it. What it writes is an exercise
    // file in the canonical layout that checks with no errors (Documentation/MSEL.md).
    for layout in [nil] + MSEL.Layout.allCases.map(Optional.some) {
        let result = MSEL.importCSV(bytes: bytes, options: MSEL.ImportOptions(layout: layout, title: "fuzz"))
        require(result.hasErrors == (result.text == nil), "an exercise file comes back exactly when there is no error")
        for problem in result.problems {
            require(isPrintable(problem.message) && !problem.message.contains("\n"),
                    "a problem is one line without control characters: \(problem.message.debugDescription)")
        }
        guard let text = result.text else { continue }
        let checked = ExerciseChecker.check(text: text)
        require(checked.exercise != nil, "the import checks clean: \(checked.diagnostics.filter { $0.severity == .error }.map { "\($0.location) \($0.code) \($0.message)" })")
        require(ExerciseFormatter.format(SourceText(text)) == text, "the import is in the canonical layout")
    }
    return 0
}
