import ExerciseCLI
import ExerciseCore
import Foundation
import Testing

/// A journal written with a key, and what it takes to forge one: Documentation/Reliability.md's threat model.
@Suite("Sealed journals: re-chained forgeries, keys, chain-head witnesses", .serialized)
struct SealTests {
    static let tiny = Repository.url("Documentation/Examples/tiny.exercise").path

    /// The example's console lines with one more hunt in turn 2, which finds nothing (the
    /// one compromised asset is known by then) and so draws no dice.
    static var consoleLines: [String] {
        get throws {
            var lines = try String(contentsOf: Repository.url("Documentation/Examples/tiny.console"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            let restore = try #require(lines.firstIndex(of: "jcdc restore mail"))
            lines.insert("jcdc hunt dii-open", at: restore + 1)
            return lines
        }
    }

    /// Makes a key with `cdx key new`.
    static func newKey(_ path: String) throws {
        let made = Run.cdx(["key", "new", path])
        #expect(made.status == 0, "\(made.errors)")
    }

    /// Plays the tiny exercise at the console into `journal`, sealed with `key`; returns what the console showed.
    static func playTiny(journal: String, key: String?) throws -> String {
        let run = Run.cdx(["run", tiny, "--journal", journal] + (key.map { ["--key", $0] } ?? []), input: try consoleLines)
        #expect(run.status == 0, "\(run.errors)")
        return run.output
    }

    /// The chain heads the console showed at each turn's end, as `HASH@TURN`.
    static func witnesses(_ console: String) -> [String] {
        console.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 6, words[0] == "chain", words[1] == "head", words[3] == "@", words[4] == "turn",
                  words[5].allSatisfy(\.isNumber) else { return nil }
            return "\(words[2])@\(words[5])"
        }
    }

    // MARK: Forging

    /// A journal's lines taken apart.
    struct Parts {
        var contents: [String]
        var seals: [String?]

        init(_ text: String) throws {
            contents = []
            seals = []
            for line in text.split(separator: "\n") {
                let parts = try #require(JournalFormat.parts(of: line))
                contents.append(parts.content)
                seals.append(parts.seal)
            }
        }

        /// What a forger without the key can write: the edited contents numbered 1, 2, 3 …
        /// again, the hash chain recomputed over them (correctly), and the seals that stood
        /// at each position left there, since a seal cannot be made without the key.
        /// Returns the journal and the first line that differs from the original.
        func forged(_ edit: (inout [String]) throws -> Void) throws -> (text: String, firstChanged: Int) {
            var edited = contents
            try edit(&edited)
            for n in edited.indices.dropFirst() {
                let line = edited[n]
                let comma = try #require(line.firstIndex(of: ","))
                #expect(line.hasPrefix("{\"seq\":"))
                edited[n] = "{\"seq\":\(n)" + line[comma...]
            }
            var text = ""
            var previous = ""
            for (n, content) in edited.enumerated() {
                previous = JournalFormat.hash(content: content, previous: previous)
                let seal = (n < seals.count ? seals[n] : seals.last!).map { ",\"seal\":\"\($0)\"" } ?? ""
                text += String(content.dropLast()) + ",\"hash\":\"\(previous)\"\(seal)}\n"
            }
            let common = min(edited.count, contents.count)
            let first = try #require((0..<common).first { edited[$0] != contents[$0] } ?? (edited.count != contents.count ? common : nil))
            return (text, first + 1)
        }
    }

    /// Replaces `old` by `new` in the lines holding `marker`, requiring that there are `count` of them.
    static func replace(_ old: String, _ new: String, inLinesWith marker: String, count: Int = 1, _ lines: inout [String]) throws {
        let hits = lines.indices.filter { lines[$0].contains(marker) && lines[$0].contains(old) }
        #expect(hits.count == count, "\(marker): \(hits.count) lines hold '\(old)'")
        for n in hits { lines[n] = lines[n].replacingOccurrences(of: old, with: new) }
    }

    static let forgeries: [(name: String, edit: @Sendable (inout [String]) throws -> Void)] = [
        ("a judge's verdict changed from met to missed", { lines in
            try replace("D1.1 met", "D1.1 missed", inLinesWith: "\"verb\":\"judge\"", &lines)
            try replace("\"verdict\":\"met\"", "\"verdict\":\"missed\"", inLinesWith: "\"type\":", count: 2, &lines)
        }),
        ("a note forged into turn 2", { lines in
            let note = try #require(lines.firstIndex { $0.contains("\"type\":\"decision\"") && $0.contains("\"verb\":\"note\"") })
            let judge = try #require(lines.firstIndex { $0.contains("\"type\":\"judge\"") })
            let forged = lines[note...(note + 1)].map {
                $0.replacingOccurrences(of: "\"turn\":1,\"minute\":0,", with: "\"turn\":2,\"minute\":60,")
                    .replacingOccurrences(of: "STARTEX", with: "all teams agreed the press statement")
            }
            lines.insert(contentsOf: forged, at: judge + 1)
        }),
        ("a hunt that found nothing deleted", { lines in
            let hunt = try #require(lines.indices.first {
                lines[$0].contains("\"verb\":\"hunt\"") && !lines[$0 + 1].contains("\"type\":\"alert\"")
            })
            lines.remove(at: hunt)
        }),
        ("a restore moved to another team", { lines in
            try replace("\"team\":\"jcdc\",\"line\":\"jcdc restore mail\"", "\"team\":\"usfj\",\"line\":\"usfj restore mail\"",
                        inLinesWith: "\"verb\":\"restore\"", &lines)
            try replace("\"type\":\"restore-start\",\"team\":\"jcdc\"", "\"type\":\"restore-start\",\"team\":\"usfj\"",
                        inLinesWith: "restore-start", &lines)
        }),
        ("the header's title edited", { lines in
            try replace("\"exercise\":\"Tiny\"", "\"exercise\":\"Tiny (final, approved)\"", inLinesWith: "\"format\"", &lines)
        }),
        ("the header's version edited", { lines in
            try replace("\"version\":4,", "\"version\":3,", inLinesWith: "\"format\"", &lines)
        }),
    ]

    @Test("six kinds of re-chained forgery pass the unkeyed chain and replay, and verify --key names the first forged line; the noted head catches them too",
          arguments: forgeries.indices)
    func forgery(index: Int) throws {
        let (name, edit) = Self.forgeries[index]
        let scratch = try Scratch()
        let key = scratch.path("control.key")
        try Self.newKey(key)
        let original = scratch.path("original.jsonl")
        let console = try Self.playTiny(journal: original, key: key)
        #expect(console.contains("the hunt found nothing"))
        let heads = Self.witnesses(console)
        #expect(heads.count == 4)
        #expect(Run.cdx(["verify", original, "--key", key]).status == 0)

        let (text, line) = try Parts(try String(contentsOfFile: original, encoding: .utf8)).forged(edit)
        let forged = scratch.path("forged.jsonl")
        try text.write(toFile: forged, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: original, encoding: .utf8) != text)

        // Without the key nothing is wrong: the chain is whole and the story replays.
        let unkeyed = Run.cdx(["verify", forged])
        #expect(unkeyed.status == 0, "\(name): \(unkeyed.errors)")
        #expect(unkeyed.output.contains("only unkeyed integrity was checked"))

        let keyed = Run.cdx(["verify", forged, "--key", key])
        #expect(keyed.status == 1, "\(name): verify --key passed a forgery")
        #expect(keyed.errors.contains("cdx verify: error: \(forged):\(line): seal does not match"), "\(name): \(keyed.errors)")
        #expect(keyed.output.isEmpty)

        // The head the room wrote down at the last turn's end does not match either.
        let witnessed = Run.cdx(["verify", forged, "--head", try #require(heads.last)])
        #expect(witnessed.status == 1, "\(name)")
        #expect(witnessed.errors.contains("does not match"), "\(name): \(witnessed.errors)")
    }

    @Test("seals stripped and the header made unkeyed pass without a key, and fail --key as a journal with no seal; a missing seal or another key is named")
    func strippedAndWrongKey() throws {
        let scratch = try Scratch()
        let key = scratch.path("control.key"), other = scratch.path("other.key")
        try Self.newKey(key)
        try Self.newKey(other)
        let journal = scratch.path("sealed.jsonl")
        _ = try Self.playTiny(journal: journal, key: key)
        let parts = try Parts(try String(contentsOfFile: journal, encoding: .utf8))
        #expect(parts.seals.allSatisfy { $0 != nil }, "every line is sealed")

        var bare = parts
        bare.seals = bare.seals.map { _ in nil }
        let (stripped, _) = try bare.forged { lines in
            lines[0] = lines[0].replacingOccurrences(of: "\"version\":3,", with: "\"version\":2,")
                .replacing(#/,"key":"[0-9a-f]{16}"/#, with: "")
        }
        let path = scratch.path("stripped.jsonl")
        try stripped.write(toFile: path, atomically: true, encoding: .utf8)
        let unkeyed = Run.cdx(["verify", path])
        #expect(unkeyed.status == 0, "\(unkeyed.errors)")
        #expect(unkeyed.output.contains("the journal has no seal"))
        let keyed = Run.cdx(["verify", path, "--key", key])
        #expect(keyed.status == 1)
        #expect(keyed.errors.contains("\(path): the journal has no seal to check with --key: it was written without a key"), "\(keyed.errors)")
        // The same for a journal that really was written without a key.
        let example = Run.cdx(["verify", Repository.url("Documentation/Examples/tiny.jsonl").path, "--key", key])
        #expect(example.status == 1)
        #expect(example.errors.contains("the journal has no seal to check with --key"))

        // One line's seal taken off, the chain left alone.
        var lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[9] = lines[9].replacing(#/,"seal":"[0-9a-f]{64}"/#, with: "")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let unsealed = Run.cdx(["verify", path, "--key", key])
        #expect(unsealed.status == 1)
        #expect(unsealed.errors.contains("\(path):10: the line carries no seal"), "\(unsealed.errors)")

        // Another key: the header names the one it was sealed with.
        let wrong = Run.cdx(["verify", journal, "--key", other])
        #expect(wrong.status == 1)
        let keyID = try #require(JSONValue.parse(parts.contents[0])["key"]?.stringValue)
        #expect(wrong.errors.contains("\(journal):1: seal does not match: the header names key \(keyID), and '\(other)' is key"), "\(wrong.errors)")
    }

    // MARK: Keys

    @Test("cdx key new writes 64 hex digits with mode 0600 whatever the umask, refuses to overwrite without --force, and never writes over a journal")
    func keyFiles() throws {
        let scratch = try Scratch()
        let path = scratch.path("day1.key")
        // umask 277 would leave 0400 of a file created 0600: cdx sets the mode itself.
        let made = try Child.run("/bin/sh", ["-c", "umask 277 && exec \"$0\" key new \"$1\"", Binary.url.path, path], input: nil,
                                 in: Repository.root)
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.output.contains("wrote a new key to '\(path)' (key "))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n"))
        #expect(text.dropLast().allSatisfy { $0.isHexDigit && !$0.isUppercase })

        let again = Run.cdx(["key", "new", path])
        #expect(again.status == 1)
        #expect(again.errors.contains("key file '\(path)' already exists and is not replaced"), "\(again.errors)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)

        let forced = Run.cdx(["key", "new", path, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        let replaced = try String(contentsOfFile: path, encoding: .utf8)
        #expect(replaced != text && replaced.count == 65)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try folderListing(scratch.url.path) == ["day1.key"], "--force leaves no temporary file")

        let journal = scratch.path("j.jsonl")
        let golden = try Data(contentsOf: Repository.url("Documentation/Examples/tiny.jsonl"))
        try golden.write(to: URL(fileURLWithPath: journal))
        let overJournal = Run.cdx(["key", "new", journal, "--force"])
        #expect(overJournal.status == 1)
        #expect(overJournal.errors.contains("is a cdx journal: a key is never written into a journal"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == golden)

        #expect(Run.cdx(["key", "old", path]).status == 64)
        #expect(Run.cdx(["key", "new", scratch.url.path]).errors.contains("it is a folder"))
    }

    @Test("a malformed, missing or unreadable key file is a clear error for run, resume and verify, and run makes no journal")
    func malformedKeys() throws {
        let scratch = try Scratch()
        let hex = String(repeating: "0123456789abcdef", count: 4)
        let bad: [(String, [UInt8], String)] = [
            ("empty.key", [], "is not a cdx key: it is empty"),
            ("words.key", Array("not a key\n".utf8), "is not a cdx key: byte 1 is not a hex digit"),
            ("short.key", Array((hex.dropLast() + "\n").utf8), "is not a cdx key: it holds 63 hex digits, not 64"),
            ("long.key", Array((hex + "0\n").utf8), "is not a cdx key: it holds 65 hex digits, not 64"),
            ("binary.key", [0, 1, 2, 0xff, 0xfe], "is not a cdx key: byte 1 is not a hex digit"),
            ("journal.key", try Repository.bytes("Documentation/Examples/tiny.jsonl"), "is not a cdx key: it holds"),
        ]
        var cases: [(String, String)] = []
        for (name, bytes, message) in bad {
            try Data(bytes).write(to: URL(fileURLWithPath: scratch.path(name)))
            cases.append((scratch.path(name), message))
        }
        cases.append((scratch.path("missing.key"), "cannot read the key '\(scratch.path("missing.key"))': no such file (make one with 'cdx key new"))
        try FileManager.default.createDirectory(atPath: scratch.path("folder.key"), withIntermediateDirectories: false)
        cases.append((scratch.path("folder.key"), "cannot read the key '\(scratch.path("folder.key"))': it is a folder"))

        let example = Repository.url("Documentation/Examples/tiny.jsonl").path
        let copy = scratch.path("copy.jsonl")
        try FileManager.default.copyItem(atPath: example, toPath: copy)
        for (key, message) in cases {
            let journal = scratch.path("run.jsonl")
            let run = Run.cdx(["run", Self.tiny, "--journal", journal, "--key", key], input: ["next"])
            #expect(run.status == 1)
            #expect(run.errors.contains("cdx run: error: ") && run.errors.contains(message), "\(key): \(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: journal), "\(key): a run with a bad key made a journal")
            let verify = Run.cdx(["verify", example, "--key", key])
            #expect(verify.status == 1)
            #expect(verify.errors.contains("cdx verify: error: ") && verify.errors.contains(message), "\(key): \(verify.errors)")
            #expect(!verify.errors.contains(hex.prefix(20)), "the error shows no key material")
            let resume = Run.cdx(["resume", copy, "--key", key])
            #expect(resume.status == 1)
            #expect(resume.errors.contains("cdx resume: error: ") && resume.errors.contains(message), "\(key): \(resume.errors)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(contentsOf: URL(fileURLWithPath: example)))
        }
        // A key others can read works, with a warning.
        let loose = scratch.path("loose.key")
        try Data((hex + "\n").utf8).write(to: URL(fileURLWithPath: loose))
        _ = chmod(loose, 0o644)
        let run = Run.cdx(["run", Self.tiny, "--journal", scratch.path("loose.jsonl"), "--key", loose], input: ["next"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("warning: the key '\(loose)' can be read by other users (mode 644)"))
    }

    // MARK: Witnesses

    @Test("the console shows each turn's chain head; --head accepts 8 hex digits to the whole hash and fails on a wrong one, a turn that never ends, or a shortened journal")
    func heads() throws {
        let scratch = try Scratch()
        let journal = scratch.path("tiny.jsonl")
        // From the repository, as the example was made, so that the header names the same file.
        let run = try Binary.run(["run", "Documentation/Examples/tiny.exercise", "--journal", journal],
                                 input: try String(contentsOf: Repository.url("Documentation/Examples/tiny.console"), encoding: .utf8))
        #expect(run.status == 0, "\(run.errors)")
        // Without a key the journal is the example's, and the heads are its hashes at the
        // turns' last lines: the turn-end, and after the last turn the end.
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == Data(contentsOf: Repository.url("Documentation/Examples/tiny.jsonl")))
        let heads = Self.witnesses(run.output)
        #expect(heads == ["1959f7aca145@1", "3e447d13ee65@2", "1e99bf93f737@3", "22c50c984484@4"])

        let all = Run.cdx(["verify", journal] + heads.flatMap { ["--head", $0] })
        #expect(all.status == 0, "\(all.errors)")
        #expect(all.output.contains("chain head 1959f7aca145 @ turn 1 matches (line 31)"))
        #expect(all.output.contains("chain head 22c50c984484 @ turn 4 matches (line 77)"))
        for noted in ["1959f7ac@1", "1959F7ACA145@1", "1959f7aca145ec008320f1e6cc9a2010625b21093fe1f871e8c7790f9628cb66@1"] {
            let one = Run.cdx(["verify", journal, "--head", noted])
            #expect(one.status == 0, "\(noted): \(one.errors)")
        }

        let wrong = Run.cdx(["verify", journal, "--head", "1959f7aca145@1", "--head", "1959f7aca145@2"])
        #expect(wrong.status == 1)
        #expect(wrong.errors.contains("\(journal):57: --head 1959f7aca145@2 does not match: the journal's chain head at the end of turn 2 is 3e447d13ee65"),
                "\(wrong.errors)")
        #expect(!wrong.errors.contains("@1 does not match"))
        let never = Run.cdx(["verify", journal, "--head", "1959f7aca145@5"])
        #expect(never.status == 1)
        #expect(never.errors.contains("turn 5 never ends in this journal (the last turn it closes is 4)"), "\(never.errors)")
        for malformed in ["ac44d7a@1", "1959f7aca145", "1959f7aca145@0", "zc44d7ae3ff1@1", "1959f7aca145@x"] {
            let usage = Run.cdx(["verify", journal, "--head", malformed])
            #expect(usage.status == 64, "\(malformed)")
            #expect(usage.errors.contains("option '--head' expects HASH@TURN"), "\(malformed): \(usage.errors)")
        }

        // Cut after turn 3: every seal and hash left still holds, but the turn-4 witness fails.
        let bytes = try JournalBytes(file: journal)
        let cut = scratch.path("cut.jsonl")
        try bytes.write(to: cut, upTo: bytes.starts[73])
        #expect(Run.cdx(["verify", cut]).status == 0)
        let shortened = Run.cdx(["verify", cut, "--head", "1e99bf93f737@3", "--head", "22c50c984484@4"])
        #expect(shortened.status == 1)
        #expect(shortened.errors.contains("turn 4 never ends in this journal (the last turn it closes is 3)"), "\(shortened.errors)")
    }

    // MARK: Crashes

    /// A keyed run of harbour-and-airbase from its responses, uninterrupted, naming the
    /// files as given (the header records the exercise's path).
    static func uninterrupted(exercise: String = "Exercises/harbour-and-airbase.exercise",
                              responses: String = "Exercises/harbour-and-airbase.responses",
                              key: String, in scratch: borrowing Scratch) throws -> Data {
        let journal = scratch.path("uninterrupted.jsonl")
        let run = try Binary.run(["run", exercise, "--responses", responses, "--journal", journal, "--key", key])
        #expect(run.status == 0, "\(run.errors)")
        return try Data(contentsOf: URL(fileURLWithPath: journal))
    }

    @Test("a sealed journal with a torn last line or an unfinished step resumes with its key to the uninterrupted journal; resume refuses it without the key or with another")
    func tornAndResumed() throws {
        let scratch = try Scratch(inMemory: true)
        let key = scratch.path("control.key"), other = scratch.path("other.key")
        try Self.newKey(key)
        try Self.newKey(other)
        let responses = Repository.url("Exercises/harbour-and-airbase.responses").path
        let exercise = Repository.url("Exercises/harbour-and-airbase.exercise").path
        let whole = try Self.uninterrupted(exercise: exercise, responses: responses, key: key, in: scratch)
        let journal = scratch.path("j.jsonl")

        #expect(Run.cdx(["run", exercise, "--responses", responses, "--journal", journal, "--key", key, "--until", "10"]).status == 0)
        let stopped = try Data(contentsOf: URL(fileURLWithPath: journal))
        try (stopped + Data("{\"seq\":999,\"turn\":11,\"mi".utf8)).write(to: URL(fileURLWithPath: journal))
        let torn = Run.cdx(["verify", journal, "--key", key])
        #expect(torn.status == 1)
        #expect(torn.errors.contains("torn last line"), "\(torn.errors)")

        for (arguments, message) in [([String](), "the journal is sealed (key "), (["--key", other], ":1: seal does not match: the header names key")] {
            let before = try Data(contentsOf: URL(fileURLWithPath: journal))
            let refused = Run.cdx(["resume", journal, "--responses", responses] + arguments)
            #expect(refused.status == 1)
            #expect(refused.errors.contains(message), "\(refused.errors)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before, "a refused resume changed the journal")
        }
        let resumed = Run.cdx(["resume", journal, "--responses", responses, "--key", key])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.errors.contains("dropped a torn last line"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == whole)

        // The last step's lines cut short (the final turn-end written, its end not).
        let bytes = JournalBytes(Array(whole))
        try bytes.write(to: journal, upTo: bytes.starts[bytes.lineCount - 1])
        let unfinished = Run.cdx(["verify", journal, "--key", key])
        #expect(unfinished.status == 1)
        #expect(unfinished.errors.contains("the last step is incomplete"), "\(unfinished.errors)")
        let finished = Run.cdx(["resume", journal, "--responses", responses, "--key", key])
        #expect(finished.status == 0, "\(finished.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == whole)
        #expect(Run.cdx(["verify", journal, "--key", key]).status == 0)

        // A journal written without a key is not sealed part-way.
        let plain = scratch.path("plain.jsonl")
        #expect(Run.cdx(["run", exercise, "--responses", responses, "--journal", plain, "--until", "3"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: plain))
        let partWay = Run.cdx(["resume", plain, "--responses", responses, "--key", key])
        #expect(partWay.status == 1)
        #expect(partWay.errors.contains("the journal has no seal to check with --key"), "\(partWay.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: plain)) == before)
    }

    @Test("SIGKILL at 10 random moments of a sealed run, resuming with the key each time, ends with the uninterrupted sealed journal")
    func killed() throws {
        let scratch = try Scratch(inMemory: true)
        let key = scratch.path("control.key")
        try Self.newKey(key)
        let whole = try Self.uninterrupted(key: key, in: scratch)
        let journal = scratch.path("killed.jsonl")
        let responses = "Exercises/harbour-and-airbase.responses"
        var rng = SeededGenerator(seed: 7)
        var kills = 0
        var attempts = 0
        var arguments = ["run", "Exercises/harbour-and-airbase.exercise", "--responses", responses, "--journal", journal, "--key", key]
        while attempts < 100 {
            attempts += 1
            let delay = UInt32(500 + rng.below(24_500))
            if kills < 10, try CrashTests.runAndKill(arguments, after: delay) {
                kills += 1
            } else {
                let finish = try Binary.run(arguments)
                if finish.status == 0 { break }
                if !FileManager.default.fileExists(atPath: journal) { continue }
                Issue.record("resume failed: \(finish.errors)")
                return
            }
            if FileManager.default.fileExists(atPath: journal) {
                arguments = ["resume", journal, "--responses", responses, "--key", key]
            }
        }
        #expect(kills >= 8, "only \(kills) kills landed while the run was going")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == whole)
        let verify = try Binary.run(["verify", journal, "--key", key])
        #expect(verify.status == 0, "\(verify.errors)")
        #expect(verify.output.contains("seal intact on every line"))
    }
}
