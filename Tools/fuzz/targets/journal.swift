// Fuzz target: journals — the reader with its hash chain, then what the commands that
// read a journal do with it: replay it against the exercise the header names (`cdx
// verify`, `resume`, `view`), score it (`cdx score`), and render the report, the team
// views and the STIX and Navigator exports (`cdx report`, `view`, `export`). A replayed
// journal's decision lines are fuzzed text (notes, judge reasons), and reach every renderer.
//
// Every input runs twice: as given (an edit breaks the hash chain, so this mostly tests
// the chain and line framing), and with each line's hash recomputed (so an edited line
// reaches the JSON parser and the replay, which is where the interesting code is).

@testable import ExerciseCLI
import AfterAction
import ExerciseCore
import ExerciseScript
import Umpire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    verify(bytes)
    let resealed = resealing(bytes)
    if resealed != bytes { verify(resealed) }
    return 0
}

/// The journal-reading commands on the journal's bytes: JournalReplay.load's steps, with
/// the exercise taken from the shipped ones in memory instead of read from disk.
func verify(_ bytes: [UInt8]) {
    let path = "fuzz.jsonl"
    let contents: JournalContents
    do {
        contents = try JournalContents.read(bytes: bytes, path: path)
    } catch {
        require(error.message.hasPrefix(path), "a reader failure names the journal: \(error.message)")
        let shown = CDX.errorText(error.message, command: "verify", usage: false)
        require(isPrintable(shown), "a reader failure reaches the terminal without control characters: \(shown.debugDescription)")
        return
    }
    require(contents.validLength + contents.tornBytes == bytes.count, "whole lines and the torn tail make up the file")
    guard let shipped = Shipped.all.first(where: { $0.path == contents.exerciseFile }), shipped.digest == contents.digest else { return }
    // The codec on every line: a line decodes or is refused, and what decodes reads back as
    // the same event from its own encoding (the bytes may differ: the line may spell the
    // same JSON another way, which only verify's byte comparison refuses).
    let codec = JournalCodec(exercise: shipped.exercise)
    for line in contents.lines {
        guard let event = try? codec.decode(line.object) else { continue }
        require((try? codec.decode(event.json(in: shipped.exercise))) == event, "a decoded event decodes again from its encoding")
    }
    var session = GameSession(exercise: shipped.exercise, seed: contents.seed, journal: nil, version: contents.version)
    let whole: Int
    do {
        whole = try session.replay(contents.lines)
    } catch {
        // JournalReplay.load's message, as cdx prints it.
        let shown = CDX.errorText("\(path):\(error.line): \(error.message)", command: "verify", usage: false)
        require(isPrintable(shown), "a replay failure reaches the terminal without control characters: \(shown.debugDescription)")
        return
    }
    // verify's verdict, and where resume would cut the file and go on.
    require(whole <= contents.lines.count, "replay counts at most the lines there are")
    if whole < contents.lines.count { _ = contents.lines[whole].number }
    let validLength = whole == 0 ? contents.headerLength : contents.lines[whole - 1].end
    require(validLength <= contents.validLength, "resume keeps only whole lines")
    _ = whole == 0 ? contents.headerHash : contents.lines[whole - 1].hash
    _ = session.progressText
    require(isPrintable(RunSummary.render(session, journalPath: path)), "the run summary shows no control characters")

    // score, view, report and export.
    let card = Umpire.score(session.exercise, events: session.events)
    _ = card.json(in: session.exercise).serialized()
    for team in session.exercise.teams.indices {
        require(isPrintable(TeamView.render(session.events, team: team, exercise: session.exercise)),
                "a team's view shows no control characters")
    }
    let input = ReportInput(exercise: session.exercise, events: session.events, scorecard: card,
                            journalName: path, journalHash: contents.lastHash)
    require(isPrintable(MarkdownReport.render(input)), "the Markdown report shows no control characters")
    _ = HTMLReport.render(input)
    for export in [StixExport.bundle(input), NavigatorLayer.layer(input)] {
        let text = export.serialized()
        require((try? JSONValue.parse(text)) != nil, "an export is valid JSON")
    }
}

/// The bytes with every line's hash recomputed along the chain; a line that does not end
/// with a hash member gets one if it ends like a JSON object, otherwise stays as it is.
func resealing(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 64)
    var previous = ""
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    let tail = lines.removeLast()  // after the last newline: a torn line, or nothing
    for line in lines {
        let text = String(decoding: line, as: UTF8.self)
        let content: String
        if let (c, _) = JournalFormat.unseal(Substring(text)) {
            content = c
        } else if text.hasSuffix("}") {
            content = text
        } else {
            out += line
            out.append(0x0A)
            continue
        }
        let hash = JournalFormat.hash(content: content, previous: previous)
        out += Array((String(content.dropLast()) + ",\"hash\":\"" + hash + "\"}").utf8)
        out.append(0x0A)
        previous = hash
    }
    out += tail
    return out
}
