import Foundation
import Testing
@testable import ExerciseCLI

/// The command line as a new user meets it (issue 16, item 7's smaller things).
@Suite("The command line: exit statuses, usage and help")
struct CommandLineTests {
    @Test("cdx with no command is a usage error (64), with the overview on standard error")
    func noCommand() {
        let run = Run.cdx([])
        #expect(run.status == 64)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("run") && run.errors.contains("verify"))
        #expect(Run.cdx(["--help"]).status == 0)
    }

    @Test("every command's discussion is written within the help's 80 columns, so help never breaks a written line")
    func discussionsFit() {
        for command in CDX.commands {
            for line in command.spec.discussion.split(separator: "\n") {
                #expect(line.count <= 80, "cdx \(command.spec.name): '\(line)' is \(line.count) columns")
            }
        }
        #expect(!Run.cdx(["merge", "--help"]).output.contains("same\nexercise"))
    }

    @Test("a required option is shown without brackets in USAGE")
    func requiredOptions() {
        #expect(Run.cdx(["view", "--help"]).output.contains("USAGE: cdx view <journal> --team <team> [--exercise <file>]"))
        #expect(Run.cdx(["handout", "--help"]).output.contains("USAGE: cdx handout <exercise> --team <team>"))
        #expect(Run.cdx(["view", "x.jsonl"]).errors.contains("missing '--team TEAM'"))
    }

    @Test("an unknown export says what there is once, without a doubled semicolon")
    func unknownExport() {
        let run = Run.cdx(["export", "stux", "x.jsonl"])
        #expect(run.status == 64)
        #expect(run.errors.contains("unknown export 'stux'; did you mean 'stix'? (exports: stix, navigator)"), "\(run.errors)")
    }
}

@Suite("The run summary counts as the umpire does")
struct RunSummaryCountTests {
    @Test("a rejected decision withdrawn by undo is not counted as rejected, nor anything an undone decision caused")
    func undoneDecisionsDoNotCount() throws {
        let scratch = try Scratch()
        let journal = scratch.path("undo.jsonl")
        let input = ["usfj contain mail", "undo", "jcdc detect mail", "jcdc contain web", "undo", "next", "next", "next", "next"]
        let run = Run.cdx(["run", "Documentation/Examples/tiny.exercise", "--journal", journal], input: input)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("  decisions 1 applied, 0 rejected\n"), "\(run.output)")
        #expect(run.output.contains("  reports   1 correct, 0 false reports\n"), "\(run.output)")
        let score = Run.cdx(["score", journal, "--json"])
        #expect(score.status == 0 && score.output.contains("\"rejections\":[]"), "\(score.output.prefix(400))")
    }
}

@Suite("Resuming inside a turn")
struct ResumeInsideTurnTests {
    @Test("resume lists the decisions already made in the open turn, so nobody types one twice")
    func listsTheTurnsDecisions() throws {
        let scratch = try Scratch()
        let journal = scratch.path("resume.jsonl")
        _ = Run.cdx(["run", "Documentation/Examples/tiny.exercise", "--journal", journal],
                    input: ["jcdc detect mail", "usfj contain mail", "jcdc contain web", "undo", "quit"])
        let run = Run.cdx(["resume", journal], input: ["quit"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("""
              (resumed inside this turn: 2 decisions already made)
                ✓ jcdc detect mail
                ✗ usfj contain mail — rejected
            turn 1/4>
            """), "\(run.output)")
    }
}

@Suite("The live score")
struct LiveScoreTests {
    /// The console's `score` after `nexts` turns of Pacific Shield with no decision: A01.1
    /// (detect js-ws within 1 h of +00:00, 30-minute turns) and how it stands.
    func a011(after nexts: Int) throws -> String {
        let scratch = try Scratch()
        let run = Run.cdx(["run", "Exercises/pacific-shield.exercise", "--journal", scratch.path("live.jsonl")],
                          input: Array(repeating: "next", count: nexts) + ["score", "quit"])
        #expect(run.status == 0, "\(run.errors)")
        return run.output.split(separator: "\n").first { $0.hasPrefix("  A01.1 ") }.map(String.init) ?? "pending"
    }

    @Test("an expectation a decision made now could still meet is pending, not missed; once its due minute has passed, missed")
    func notYetDueIsPending() throws {
        // Turn 2 open (+00:30) and turn 3 open (+01:00): a detection now would be in time.
        #expect(try a011(after: 1) == "pending")
        #expect(try a011(after: 2) == "pending")
        // Turn 4 open (+01:30): too late.
        #expect(try a011(after: 3).contains("missed"))
    }
}

@Suite("A team's view dates what happens at a turn's end")
struct ViewDatesTests {
    @Test("a delivery is dated when it arrived, as the sender was told, not by the start of its turn")
    func deliveriesAreDated() {
        let view = Run.cdx(["view", "Documentation/Examples/tiny.jsonl", "--team", "usfj"])
        #expect(view.status == 0)
        let lines = view.output.split(separator: "\n").map(String.init)
        // jcdc shared A1 in turn 2 (+01:00 to +02:00); it arrived at the turn's end.
        #expect(lines.contains("  +02:00 received from jcdc:"), "\(view.output)")
        #expect(lines.contains("  +03:00 received a tearline from jcdc:"))
        // What happened at the turn's start keeps no time of its own: the heading has it.
        #expect(lines.contains("  jcdc grants usfj authority on mail"))
        let jcdc = Run.cdx(["view", "Documentation/Examples/tiny.jsonl", "--team", "jcdc"]).output
        #expect(jcdc.contains("sent A1 to usfj; arrives +02:00"), "\(jcdc)")
    }
}

@Suite("The next: hint after a run")
struct NextHintTests {
    @Test("names cdx as the shell would find it: the build's path when cdx is not on PATH, 'cdx' when it is")
    func hintWorksAsTyped() throws {
        let scratch = try Scratch()
        let arguments = ["run", "Exercises/pacific-shield.exercise", "--responses", "Exercises/pacific-shield.responses"]
        let bare = try Binary.run(arguments + ["--journal", scratch.path("a.jsonl")], environment: ["PATH": "/usr/bin:/bin"])
        #expect(bare.status == 0, "\(bare.errors)")
        let hint = bare.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(hint.hasPrefix("next: .build/") && hint.contains("/cdx verify "), "\(hint)")
        let folder = scratch.path("bin")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/cdx", withDestinationPath: Binary.url.path)
        let onPath = try Binary.run(arguments + ["--journal", scratch.path("b.jsonl")], environment: ["PATH": "\(folder):/usr/bin:/bin"])
        #expect(onPath.output.split(separator: "\n").last?.hasPrefix("next: cdx verify ") == true, "\(onPath.output)")
    }
}
