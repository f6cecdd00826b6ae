import ExerciseCore
import ExerciseScript
import Foundation

/// `cdx run`: plays an exercise from a responses file, or runs the facilitator console.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run an exercise: from a responses file, or turn by turn at the facilitator console",
        discussion: """
            With --responses, plays the decision lines of that file ('+HH:MM team verb
            args' or 'turn N team verb args') and writes the journal without asking
            anything. Without it, opens the facilitator console: each turn shows the
            injects, alerts and deliveries, and takes decision lines and commands at a
            prompt (type 'help' there). Every step is flushed to the journal before it is
            shown; a quit or killed run continues with 'cdx resume JOURNAL'. A step the
            journal cannot take (a full disk) is reported and not played.
            The journal goes to journals/NAME-seedN.jsonl unless --journal says otherwise;
            an existing journal is never overwritten. While the run lives it holds
            JOURNAL.lock, so no other run or resume can append to the same journal.
            With --key, every line is sealed with the key as it is written, so that 'cdx
            verify --key' can tell the journal from one edited and chained again; the
            console shows the chain head at each turn's end, for the room to write down.
            With --listen, the same process serves browser seats as well: one per team,
            the white cell's, an evaluator's and a board for the projector (codes in
            JOURNAL.seats; 'seats' at the console). See Documentation/Seats.md.
            """,
        positionals: [PositionalSpec(name: "exercise", help: "The .exercise file to run")],
        options: [
            .option("seed", value: "N", help: "Seed of the dice (default 1; at most 2^53-1)"),
            .option("responses", value: "FILE", help: "Decision lines to play instead of asking"),
            .option("journal", value: "PATH", help: "Where to write the journal"),
            .option("until", value: "TURN", help: "Stop after this turn (resume later)"),
            .option("players", value: "KIND", help: "Let automatic players decide: passive, reactive (from each team's knowledge) or oracle (reads the ground truth)"),
            .option("key", value: "FILE", help: "Seal every journal line with this key ('cdx key new FILE')"),
        ] + SeatOptions.specs,
        examples: [
            "cdx run Exercises/harbour-and-airbase.exercise --players reactive",
            "cdx run Exercises/pacific-shield.exercise --responses Exercises/pacific-shield.responses",
            "cdx run Exercises/harbour-and-airbase.exercise --seed 7",
            "cdx run Exercises/pacific-shield.exercise --listen 127.0.0.1:8080",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let path = arguments.positionals[0]
        let seed = UInt64(try arguments.integer("seed", in: 0...Int(JournalFormat.maximumSeed)) ?? 1)
        if arguments.value("players") != nil, arguments.value("responses") != nil {
            throw UsageError("use either --players or --responses, not both")
        }
        let listen = try SeatOptions.parse(arguments, automatic: arguments.value("players") != nil || arguments.value("responses") != nil)
        let (exercise, bytes) = try ExerciseLoader.load(path, io: io)
        try SeatOptions.check(exercise, listen)
        let until = try arguments.integer("until", in: 1...exercise.turns) ?? exercise.turns
        var decisions: [TimedDecision] = []
        if let responses = arguments.value("responses") {
            decisions = try ResponsesLoader.load(responses, exercise: exercise, exerciseSource: bytes, io: io)
        }
        if let journalPath = arguments.value("journal") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: journalPath, isDirectory: &isFolder), isFolder.boolValue {
                throw UsageError("'--journal \(journalPath)' is a folder; give the journal file's path, e.g. \(journalPath)/run.jsonl")
            }
        }
        let players = try Players.parse(arguments, io: io)
        let key = try arguments.value("key").map { k throws(CommandFailure) in try KeyFile.read(k, io: io, command: "run") }
        let (journalPath, lock) = try claimJournal(arguments.value("journal"), exercisePath: path, seed: seed)
        defer { lock.release() }
        let header = JournalFormat.header(
            title: exercise.title, file: path, digest: SHA256.digest(bytes).hexString, seed: seed, cdxVersion: CDX.version, key: key)
        let writer = try JournalWriter.create(path: journalPath, header: header, key: key)
        defer { writer.close() }
        io.writeError("cdx run: \(exercise.title), seed \(seed): journal \(Files.shown(journalPath))\(key.map { ", sealed with key \($0.id)" } ?? "")\n")
        var session = GameSession(exercise: exercise, seed: seed, journal: writer, source: bytes)
        if let players {
            try AutomaticPlay.run(journalPath: journalPath, players: players) { () throws(CommandFailure) in
                try session.play(players, until: until)
            }
            io.write(RunSummary.render(session, journalPath: journalPath))
            return ExitStatus.success
        }
        if let responses = arguments.value("responses") {
            try AutomaticPlay.run(journalPath: journalPath, responses: responses) { () throws(CommandFailure) in
                try session.play(decisions: decisions, until: until)
            }
            io.write(RunSummary.render(session, journalPath: journalPath))
            return ExitStatus.success
        }
        // People play from here on: their steps get wall-clock times (Journal.md, "The wall clock").
        let clock = WallClock.open(for: journalPath, io: io)
        defer { clock?.close() }
        session.attach(clock: clock)
        if let listen {
            return try SeatOptions.serve(session, journalPath: journalPath, until: until, options: listen, heads: [], io: io)
        }
        return try Console.run(&session, journalPath: journalPath, until: until, io: io, room: arguments.flag("room"))
    }

    /// The journal's path, locked for this process: --journal as given, or else the first
    /// free journals/NAME-seedN.jsonl, NAME-seedN-2.jsonl … — never overwrite a record, and
    /// pass over a name another run has locked while it creates that journal. A `.lock`
    /// file alone (left by a killed process) does not take a name.
    static func claimJournal(_ explicit: String?, exercisePath: String, seed: UInt64) throws(CommandFailure) -> (String, JournalLock) {
        if let explicit {
            try JournalWriter.createFolder(for: explicit)
            return (explicit, try JournalLock.acquire(journal: explicit))
        }
        var n = 1
        while true {
            let candidate = defaultJournalPath(for: exercisePath, seed: seed, number: n)
            n += 1
            if FileManager.default.fileExists(atPath: candidate) { continue }
            try JournalWriter.createFolder(for: candidate)
            guard let lock = try JournalLock.acquireIfFree(journal: candidate) else { continue }
            // Created and finished by another run between the two looks: not ours either.
            if FileManager.default.fileExists(atPath: candidate) {
                lock.release()
                continue
            }
            return (candidate, lock)
        }
    }

    /// journals/NAME-seedN.jsonl for the first, NAME-seedN-2.jsonl … after it.
    static func defaultJournalPath(for exercisePath: String, seed: UInt64, number: Int) -> String {
        let stem = ((exercisePath as NSString).lastPathComponent as NSString).deletingPathExtension
        let base = "journals/\(stem.isEmpty ? "exercise" : stem)-seed\(seed)"
        return number == 1 ? base + ".jsonl" : "\(base)-\(number).jsonl"
    }
}

/// Play without a facilitator (--responses, --players): a journal that cannot be written
/// stops the run, and the message ends with how to carry on once the problem is fixed.
enum AutomaticPlay {
    /// `responses` or `players`: what the resume command must be given to carry on the same way.
    static func run(journalPath: String, responses: String? = nil, players: Players? = nil,
                    _ play: () throws(CommandFailure) -> Void) throws(CommandFailure) {
        do {
            try play()
        } catch {
            let resume = "cdx resume \(journalPath)" + (responses.map { " --responses \($0)" } ?? "")
                + (players.map { " --players \($0.rawValue)" } ?? "")
            throw CommandFailure(message: "\(error.message)\nthe run stopped there; free space on the journal's disk (or fix the problem), then continue with: \(resume)")
        }
    }
}

enum ResponsesLoader {
    /// `exerciseSource`: the exercise file's bytes, for the injects a responses file writes during play.
    static func load(_ path: String, exercise: Exercise, exerciseSource: [UInt8]?, io: CommandIO) throws(CommandFailure) -> [TimedDecision] {
        let bytes = try Files.read(path)
        let source = SourceText(bytes: bytes)
        let (decisions, diagnostics) = ResponseParser(exercise: exercise, source: exerciseSource).parseFile(source)
        if diagnostics.hasErrors {
            let renderer = DiagnosticRenderer(path: Files.displayName(path), source: source, colour: io.errorIsTerminal)
            io.writeError(renderer.render(diagnostics))
            let count = diagnostics.filter { $0.severity == .error }.count
            throw CommandFailure(message: "'\(path)' has \(plural(count, "error")); nothing was run")
        }
        return decisions
    }
}

/// `cdx resume JOURNAL`: replay, verify, play on.
enum ResumeCommand {
    static let spec = CommandSpec(
        name: "resume",
        abstract: "Continue a quit or interrupted exercise from its journal",
        discussion: """
            Reads the journal, checks its hash chain, replays it against the exercise to
            rebuild the state (every event must come out as journaled), then continues:
            with --responses, playing that file's decisions from where the journal stops;
            with --players, letting automatic players decide (in a turn left open, on the
            state as it stands); otherwise at the facilitator console. A torn last line
            left by a crash is reported and dropped; everything before it is kept.
            Refused, changing nothing, when the journal is another exercise's or another
            format version's, or while another cdx holds its lock (JOURNAL.lock).
            A sealed journal (written with --key) is resumed only with its key, whose seal
            on every line is checked first; a journal written without a key cannot be
            sealed part-way.
            """,
        positionals: [PositionalSpec(name: "journal", help: "The journal to continue")],
        options: [
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
            .option("responses", value: "FILE", help: "Decision lines to play from where the journal stops"),
            .option("players", value: "KIND", help: "Let automatic players decide from here: passive, reactive (from each team's knowledge) or oracle (reads the ground truth)"),
            .option("until", value: "TURN", help: "Stop after this turn"),
            .option("key", value: "FILE", help: "The key a sealed journal was sealed with: checked, then sealing what is appended"),
        ] + SeatOptions.specs,
        examples: [
            "cdx resume journals/pacific-shield-seed1.jsonl",
            "cdx resume journals/harbour-and-airbase-seed1.jsonl --players reactive",
            "cdx resume journals/pacific-shield-seed1.jsonl --listen 127.0.0.1:8080 --no-console",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let path = arguments.positionals[0]
        if arguments.value("players") != nil, arguments.value("responses") != nil {
            throw UsageError("use either --players or --responses, not both")
        }
        let players = try Players.parse(arguments, io: io)
        let listen = try SeatOptions.parse(arguments, automatic: players != nil || arguments.value("responses") != nil)
        let seal = try arguments.value("key").map { k throws(CommandFailure) in (key: try KeyFile.read(k, io: io, command: "resume"), path: k) }
        // Locked before it is read: another process appending meanwhile would make the
        // replay stale and the torn-tail cut below wrong. (A journal that is not there
        // gets no lock file; reading it says so.)
        let lock = FileManager.default.fileExists(atPath: path) ? try JournalLock.acquire(journal: path) : nil
        defer { lock?.release() }
        var (session, contents, whole) = try JournalReplay.load(path, exerciseOverride: arguments.value("exercise"), io: io, seal: seal)
        if seal == nil, contents.isSealed {
            throw CommandFailure(message: "\(path): the journal is sealed (key \(contents.keyID ?? "not named")): resume it with --key FILE, the key it was sealed with, so that what is appended is sealed too")
        }
        let exercise = session.exercise
        try SeatOptions.check(exercise, listen)
        let until = try arguments.integer("until", in: 1...exercise.turns) ?? exercise.turns
        // A finished run has nothing left to play: say so (below) rather than call the
        // default --until (the last turn) behind it.
        let explicitUntil = arguments.value("until") != nil
        if explicitUntil || !session.isFinished, until < session.state.turn || (until == session.state.turn && !session.state.turnOpen) {
            throw CommandFailure(message: "the journal is already at turn \(session.state.turn); '--until \(until)' is behind it")
        }
        // Everything that can refuse is checked before the journal is touched.
        let decisions = try arguments.value("responses").map { r throws(CommandFailure) in
            // The file's lines from the first turn on, as they were written: against the exercise file.
            try ResponsesLoader.load(r, exercise: session.fileExercise, exerciseSource: session.source, io: io)
        }
        if contents.tornBytes > 0 {
            io.writeError("cdx resume: warning: dropped a torn last line (\(plural(contents.tornBytes, "byte"))) left by an interrupted write\n")
        }
        let validLength = whole == 0 ? contents.headerLength : contents.lines[whole - 1].end
        if whole < contents.lines.count {
            io.writeError("cdx resume: warning: dropped the last \(plural(contents.lines.count - whole, "line")) of a step that was interrupted before it was acknowledged\n")
        }
        let lastHash = whole == 0 ? contents.headerHash : contents.lines[whole - 1].hash
        let writer = try JournalWriter.reopen(path: path, validLength: validLength, lastHash: lastHash, key: seal?.key)
        defer { writer.close() }
        session.attach(writer)
        io.writeError("cdx resume: \(exercise.title), seed \(contents.seed): \(session.progressText)\n")
        if session.isFinished {
            io.write(RunSummary.render(session, journalPath: path))
            return ExitStatus.success
        }
        if let responses = arguments.value("responses"), let decisions {
            try AutomaticPlay.run(journalPath: path, responses: responses) { () throws(CommandFailure) in
                try session.play(decisions: decisions, until: until, resuming: true)
            }
            io.write(RunSummary.render(session, journalPath: path))
            return ExitStatus.success
        }
        if let players {
            try AutomaticPlay.run(journalPath: path, players: players) { () throws(CommandFailure) in
                try session.play(players, until: until)
            }
            io.write(RunSummary.render(session, journalPath: path))
            return ExitStatus.success
        }
        let clock = WallClock.open(for: path, io: io)
        defer { clock?.close() }
        session.attach(clock: clock)
        if let listen {
            let heads = (1...max(1, contents.lastClosedTurn)).compactMap { t in contents.head(afterTurn: t).map { (turn: t, hash: $0.hash) } }
            return try SeatOptions.serve(session, journalPath: path, until: until, options: listen, heads: heads, io: io)
        }
        return try Console.run(&session, journalPath: path, until: until, io: io, room: arguments.flag("room"))
    }
}

/// `--listen`, `--no-console`, `--review`, `--allow-host` of `cdx run` and `cdx resume`.
enum SeatOptions {
    /// The options run and resume share for the room's console and the seats.
    static let specs: [OptionSpec] = [
        .flag("room", help: "A console for the room's screen: nothing only the white cell may see (no ground truth, board or score)"),
        .option("listen", value: "HOST:PORT", help: "Serve the seats (team, white, evaluator, board browsers) here as well; a port alone is 127.0.0.1:PORT; port 0 picks a free one"),
        .flag("no-console", help: "With --listen: no console; the white seat drives the run (stop it with SIGINT, SIGTERM or 'stop' there)"),
        .flag("review", help: "With --listen: hold team seats' decisions for the white cell to accept or refuse"),
        .option("allow-host", value: "NAME", repeatable: true, help: "With --listen: a host name the seats may be reached by besides IP addresses and localhost (a proxy's)"),
    ]

    static func parse(_ arguments: ParsedArguments, automatic: Bool) throws(UsageError) -> SeatServer.Options? {
        guard let text = arguments.value("listen") else {
            for flag in ["no-console", "review"] where arguments.flag(flag) {
                throw UsageError("--\(flag) goes with --listen HOST:PORT (the seat server)")
            }
            if !arguments.values("allow-host").isEmpty { throw UsageError("--allow-host goes with --listen HOST:PORT (the seat server)") }
            return nil
        }
        if automatic { throw UsageError("--listen serves seats for people to play; it does not go with --responses or --players") }
        if arguments.flag("room") { throw UsageError("--room is a console for the room's screen; with --listen, put the board seat on the room's screen instead") }
        var options = SeatServer.Options()
        let host: Substring, port: Substring
        if !text.isEmpty, text.allSatisfy(\.isNumber) {
            // A port alone: loopback, the safe default.
            host = "127.0.0.1"
            port = Substring(text)
        } else if text.hasPrefix("["), let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") {
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        } else {
            throw UsageError("option '--listen' expects HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free one); got '\(text)'")
        }
        guard !host.isEmpty, let p = UInt16(port) else {
            throw UsageError("option '--listen' expects HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080; got '\(text)'")
        }
        options.host = String(host)
        options.port = p
        options.console = !arguments.flag("no-console")
        options.review = arguments.flag("review")
        options.allowedHosts = arguments.values("allow-host")
        return options
    }

    /// A team whose id is a seat's name would make `JOURNAL.seats` ambiguous.
    static func check(_ x: Exercise, _ options: SeatServer.Options?) throws(CommandFailure) {
        guard options != nil else { return }
        for t in x.teams.indices where SeatRole.teamSeats(x).contains(.team(t)) && ["white", "evaluator", "board"].contains(x.teams[t].id) {
            throw CommandFailure(message: "team '\(x.teams[t].id)' has the name of a seat (white, evaluator, board): rename it in the exercise to serve seats")
        }
    }

    static func serve(_ session: GameSession, journalPath: String, until: Int, options: SeatServer.Options,
                      heads: [(turn: Int, hash: String)], io: CommandIO) throws -> Int32 {
        let (codes, codesPath) = try SeatCodes.forJournal(journalPath, exercise: session.exercise)
        let server = SeatServer(session: session, journalPath: journalPath, until: until, options: options, codes: codes,
                                codesPath: codesPath, heads: heads, io: io)
        try server.bind()
        return try server.run()
    }
}

/// Loading a journal back into a session, shared by resume, verify and view.
enum JournalReplay {
    /// Reads the journal, checks its seal when given a key (before anything else is
    /// believed), loads its exercise (checking the digest), and replays it.
    /// Returns the session, the contents, and how many event lines are whole steps.
    static func load(_ path: String, exerciseOverride: String?, io: CommandIO, warnIfIncomplete: Bool = false,
                     seal: (key: JournalKey, path: String)? = nil) throws(CommandFailure)
        -> (GameSession, JournalContents, Int)
    {
        let contents = try JournalContents.read(path)
        if let seal { try contents.checkSeal(with: seal.key, keyPath: seal.path) }
        let exercisePath = exerciseOverride ?? contents.exerciseFile
        guard !exercisePath.isEmpty else { throw CommandFailure(message: "\(path):1: the header names no exercise file; pass --exercise FILE") }
        if exerciseOverride == nil, !FileManager.default.fileExists(atPath: exercisePath) {
            throw CommandFailure(message: "the journal names the exercise '\(exercisePath)', which is not there from this folder; run from the folder the exercise was started in, or pass --exercise FILE")
        }
        let (exercise, bytes) = try ExerciseLoader.load(exercisePath, io: io)
        let digest = SHA256.digest(bytes).hexString
        guard digest == contents.digest else {
            let title = contents.header["exercise"]?.stringValue ?? "?"
            let digests = "the journal records digest \(short(contents.digest)), the file has \(short(digest))"
            if title == exercise.title {
                throw CommandFailure(message: "\(path):1: this journal is a run of '\(title)'; '\(exercisePath)' has been changed since (\(digests)), so replaying it could not reproduce the record; use the exercise file as it was when the run started")
            }
            throw CommandFailure(message: "\(path):1: this journal is a run of '\(title)'; '\(exercisePath)' is '\(exercise.title)', another exercise (\(digests)), so replaying it could not reproduce the record; pass --exercise with the file the run was started from")
        }
        var session = GameSession(exercise: exercise, seed: contents.seed, journal: nil, version: contents.version, source: bytes)
        do {
            let whole = try session.replay(contents.lines)
            if warnIfIncomplete, contents.tornBytes > 0 || whole < contents.lines.count {
                io.writeError("warning: \(Files.shown(path)) ends with an interrupted write (a torn line or an unfinished step); it is read up to the last whole step — 'cdx resume' repairs it\n")
            }
            return (session, contents, whole)
        } catch {
            // The engine may decide differently in another cdx: say so when that could be why.
            let writer = contents.header["cdx"]?.stringValue ?? CDX.version
            let hint = writer == CDX.version ? "" : "\n(the journal was written by cdx \(writer) and this is cdx \(CDX.version): replay it with the cdx that wrote it)"
            throw CommandFailure(message: "\(path):\(error.line): \(error.message)\(hint)")
        }
    }

    /// The first 16 hex digits of a digest, enough to tell two apart in a message.
    private static func short(_ digest: String) -> String { digest.isEmpty ? "none" : String(digest.prefix(16)) + "…" }
}

/// `cdx verify JOURNAL`: the hash chain, the seal with --key, then a replay that must
/// reproduce every event, and the chain heads people noted (--head).
enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check a journal's hash chain, its seal, noted chain heads, and that replaying it reproduces every event",
        discussion: """
            Exit 0 when the journal is intact (complete or in progress); exit 1 naming the
            first bad line when a line was edited, removed, reordered, or does not follow
            from the decisions before it, or when a crash left a torn last line.
            The hash chain has no key: someone who edits a line and recomputes the chain
            gets past it, and past the replay if the story stays consistent. With --key,
            the seal of every line is checked too, and the first line that was not sealed
            as it stands is named. --head HASH@TURN (the chain head the console showed at
            that turn's end; at least 8 hex digits) checks a head someone wrote down.
            """,
        positionals: [PositionalSpec(name: "journal", help: "The journal to check")],
        options: [
            .option("exercise", value: "FILE", help: "The exercise file (default: the one named in the journal)"),
            .option("key", value: "FILE", help: "Check the seal with the key the journal was sealed with"),
            .option("head", value: "HASH@TURN", repeatable: true, help: "A chain head noted at a turn's end, to check"),
        ],
        examples: [
            "cdx verify journals/pacific-shield-seed1.jsonl",
            "cdx verify journals/day1.jsonl --key ~/exercise-control/day1.key --head 3f9a1b2c4d5e@4 --head 0c7d2e8f1a3b@8",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        let path = arguments.positionals[0]
        var witnesses: [HeadWitness] = []
        for text in arguments.values("head") {
            guard let witness = HeadWitness(text) else {
                throw UsageError("option '--head' expects HASH@TURN, the chain head shown at a turn's end with at least \(HeadWitness.shortest) of its hex digits (e.g. 3f9a1b2c4d5e@4); got '\(text)'")
            }
            witnesses.append(witness)
        }
        let key = try arguments.value("key").map { k throws(CommandFailure) in (key: try KeyFile.read(k, io: io, command: "verify"), path: k) }
        let (session, contents, whole) = try JournalReplay.load(path, exerciseOverride: arguments.value("exercise"), io: io, seal: key)
        if contents.tornBytes > 0 {
            let line = contents.lines.count + 2
            throw CommandFailure(message: "\(path):\(line): torn last line (\(plural(contents.tornBytes, "byte")) without a line end): the run was interrupted; 'cdx resume' drops it")
        }
        if whole < contents.lines.count {
            throw CommandFailure(message: "\(path):\(contents.lines[whole].number): the last step is incomplete (interrupted before it was acknowledged); 'cdx resume' drops it")
        }
        var mismatches: [String] = []
        var matched: [String] = []
        for witness in witnesses {
            let noted = "--head \(witness.prefix)@\(witness.turn)"
            guard let head = contents.head(afterTurn: witness.turn) else {
                mismatches.append("\(Files.shown(path)): \(noted) does not match: turn \(witness.turn) never ends in this journal (the last turn it closes is \(contents.lastClosedTurn)): lines were cut off its end, or the head was noted in another run")
                continue
            }
            guard head.hash.hasPrefix(witness.prefix) else {
                mismatches.append("\(Files.shown(path)):\(head.line): \(noted) does not match: the journal's chain head at the end of turn \(witness.turn) is \(head.hash.prefix(max(12, witness.prefix.count))): a line up to here was changed, inserted or removed since the head was noted (or it was noted in another run)")
                continue
            }
            matched.append("chain head \(witness.prefix) @ turn \(witness.turn) matches (line \(head.line))\n")
        }
        if !mismatches.isEmpty { throw CommandFailure(message: mismatches.joined(separator: "\n")) }
        io.write("\(Files.shown(path)): ok — \(plural(contents.lines.count + 1, "line")), hash chain intact, replay reproduces every event; \(session.progressText)\n")
        // The chain proves nothing was changed or inserted; only the last hash, kept elsewhere, proves nothing was cut off the end.
        io.write("last hash \(contents.lastHash) — keep it with the exercise records to detect a shortened journal later\n")
        if let key {
            io.write("seal intact on every line (key \(key.key.id))\n")
        } else if contents.isSealed {
            io.write("only unkeyed integrity was checked (hash chain and replay): the seal was not, give --key FILE to check it\n")
        } else {
            io.write("only unkeyed integrity was checked (hash chain and replay): the journal has no seal, it was written without --key\n")
        }
        io.write(matched.joined())
        return ExitStatus.success
    }
}
