// Fuzz target: response lines — a responses file (`cdx run --responses`), lines typed at
// the facilitator console, and journaled decision lines — read against a shipped
// exercise; a clean responses file is then played as `cdx run` plays it.

@testable import ExerciseCLI
import ExerciseCore
import ExerciseScript

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let shipped = exercise(for: bytes)
    let source = SourceText(bytes: bytes)
    let parser = ResponseParser(exercise: shipped.exercise)
    let (decisions, diagnostics) = parser.parseFile(source)
    let rendered = DiagnosticRenderer(path: "fuzz.responses", source: source).render(diagnostics)
    require(isPrintable(rendered), "rendered diagnostics show no control characters")
    for decision in decisions {
        require(decision.turn >= 1 && decision.turn <= shipped.exercise.turns, "a decision's turn is a turn of the exercise")
    }
    // The single-line readers get the first lines only: every line of a long file adds
    // little that parseFile has not covered, and costs as much again.
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(16) {
        let text = String(decoding: line, as: UTF8.self)
        if case .failure(let diagnostic) = parser.parseConsoleLine(text, currentTurn: 1) {
            let rendered = DiagnosticRenderer(path: "console", source: SourceText(text)).render(diagnostic)
            require(isPrintable(rendered), "a console diagnostic shows no control characters")
        }
        _ = parser.parseJournalLine(text)
    }
    // cdx run --responses plays a file only when it has no error.
    guard !diagnostics.hasErrors else { return 0 }
    var session = GameSession(exercise: shipped.exercise, seed: 1, journal: nil)
    do {
        try session.play(decisions: decisions, until: shipped.exercise.turns)
    } catch {
        require(false, "playing without a journal cannot fail: \(error.message)")
    }
    require(session.isFinished, "a played run finishes")
    return 0
}

/// The shipped exercise with a team named on the input's first decision line (so each
/// shipped responses file is read against its own exercise), else the smallest one.
/// Reading every input against every exercise would make the target several times slower.
func exercise(for bytes: [UInt8]) -> Shipped.Entry {
    let first = bytes.split(separator: 0x0A).first { line in
        guard let start = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return line[start] != UInt8(ascii: "#")
    }
    let words = Set((first ?? []).split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
        .map { String(decoding: $0, as: UTF8.self) })
    return Shipped.all.first { entry in entry.exercise.teams.contains { words.contains($0.id) } }
        ?? Shipped.all.min { $0.bytes.count < $1.bytes.count }!
}
