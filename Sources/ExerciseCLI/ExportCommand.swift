import AfterAction
import ExerciseCore
import Foundation
import Presentation

/// `cdx export stix|navigator JOURNAL [-o FILE]`.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export",
        abstract: "Export a journal as a STIX 2.1 bundle or an ATT&CK Navigator layer",
        discussion: """
            stix: a STIX 2.1 bundle — an identity per team, an incident per compromise with
            its detection, containment and restoration times, attack patterns, indicators
            and sightings for what was shared — for threat-intelligence platforms.
            navigator: an ATT&CK Navigator layer of the techniques exercised, each scored
            by the share of its compromises that were detected, in the exercise's ATT&CK
            version.
            stix --team TEAM: only objects made from what that team knows (its cards as it
            holds them, its own reports, what was shared with it), each under its markings.
            """,
        positionals: [
            PositionalSpec(name: "kind", help: "stix or navigator"),
            PositionalSpec(name: "journal", help: "The journal to export"),
        ],
        options: [
            .option("output", short: "o", value: "FILE", help: "Write here instead of standard output"),
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
            ReportLoader.teamOption,
        ],
        examples: ["cdx export stix journals/day1.jsonl -o day1.stix.json", "cdx export navigator journals/day1.jsonl -o day1-layer.json",
                   "cdx export stix journals/day1.jsonl --team usfj -o day1-usfj.stix.json"])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let kind = arguments.positionals[0]
        guard kind == "stix" || kind == "navigator" else {
            let hint = Suggestion.closest(to: kind, among: ["stix", "navigator"]).map { "; did you mean '\($0)'?" } ?? ""
            throw UsageError("unknown export '\(kind)'\(hint) (exports: stix, navigator)")
        }
        let input = try ReportLoader.input(arguments, journal: arguments.positionals[1], io: io)
        let viewer = try ReportLoader.viewer(arguments, in: input.exercise)
        if kind == "navigator", viewer != .whiteCell {
            // The layer scores every compromise, detected or not: that is exercise control's ground truth.
            throw UsageError("'--team' works with 'export stix' only; the Navigator layer scores compromises no team was told of")
        }
        let json = kind == "stix" ? StixExport.bundle(input, for: viewer) : NavigatorLayer.layer(input)
        try ReportLoader.emit(json.serialized() + "\n", to: arguments.value("output"),
                              what: kind == "stix" ? "the STIX 2.1 bundle" : "the Navigator layer", io: io)
        return ExitStatus.success
    }
}
