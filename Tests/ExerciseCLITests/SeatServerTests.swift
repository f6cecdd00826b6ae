import ExerciseCore
import Foundation
import Testing

/// What concurrent clients were told, gathered under a lock.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var numbers: [Int] = []
    func add(_ n: Int) { lock.lock(); numbers.append(n); lock.unlock() }
    var all: [Int] { lock.lock(); defer { lock.unlock() }; return numbers }
}

/// The seat server over real sockets on loopback (issue 15): the real `cdx` binary with
/// `--listen 127.0.0.1:0`, hit by a small HTTP client of the tests' own.
@Suite("Seat server: seats on one journal, over real sockets", .serialized)
struct SeatServerTests {
    static let tiny = "Documentation/Examples/tiny.exercise"

    static func start(_ scratch: borrowing Scratch, _ extra: [String] = [], environment: [String: String] = [:]) throws -> SeatServerProcess {
        let journal = scratch.path("seats.jsonl")
        return try SeatServerProcess(["run", tiny, "--journal", journal, "--listen", "127.0.0.1:0"] + extra, journal: journal,
                                     environment: environment)
    }

    /// A journal's events without the fields a seat adds or that chain them: what the game was.
    static func events(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            guard case .object(let fields) = try JSONValue.parse(String(line)) else { return "" }
            return JSONValue.object(fields.filter { $0.key != "seat" && $0.key != "hash" }).serialized()
        }
    }

    @Test("the tiny game played from two team seats and the white seat is the console's game, decision for decision")
    func seatsPlayTheConsolesGame() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let jcdc = try server.join("jcdc"), usfj = try server.join("usfj"), white = try server.join("white")
        var turn = 1
        for raw in try String(contentsOf: Repository.url("Documentation/Examples/tiny.console"), encoding: .utf8).split(separator: "\n") {
            let line = String(raw)
            let seat = line.hasPrefix("jcdc ") ? jcdc : line.hasPrefix("usfj ") ? usfj : white
            let r = try seat.decide(line, turn: turn)
            #expect(r.status == 200, "\(line): \(r.status) \(r.body)")
            if line == "next" { turn += 1 }
        }
        #expect(try white.view()["finished"]?.boolValue == true)
        // Over: the seats stay for the hot wash, and nothing more is decided.
        #expect(try white.decide("next").json?["output"]?.stringValue?.hasPrefix("the exercise is over: nothing more can be decided") == true)
        #expect(try jcdc.decide("detect mail").status == 409)
        let board = try server.join("board").view()
        #expect(board["scores"]?.arrayValue?.isEmpty == false, "the board shows the scores at ENDEX")
        #expect(server.interrupt() == 0)
        // The board's chain heads are the ones the room writes down: each verifies.
        let heads = board["heads"]?.arrayValue ?? []
        #expect(heads.compactMap { $0["turn"]?.intValue } == [1, 2, 3, 4])
        let witnesses = heads.flatMap { ["--head", "\($0["head"]!.stringValue!)@\($0["turn"]!.intValue!)"] }
        let verified = Run.cdx(["verify", server.journal] + witnesses)
        #expect(verified.status == 0, "\(verified.errors)")
        let golden = try Self.events(Repository.url("Documentation/Examples/tiny.jsonl").path)
        let played = try Self.events(server.journal)
        #expect(played == golden, "\(zip(played, golden).first { $0 != $1 } ?? ("", ""))")
        // Team lines carry their seat; the white cell's lines the white seat's.
        let text = try String(contentsOfFile: server.journal, encoding: .utf8)
        #expect(text.contains(#""line":"jcdc detect mail T1566.001","seat":"jcdc""#))
        #expect(text.contains(#""line":"usfj request jcdc mail","seat":"usfj""#))
        #expect(text.contains(#""line":"white note \"STARTEX\"","seat":"white""#))
        // Verify, score and report read it as they read the console's.
        let verify = Run.cdx(["verify", server.journal])
        #expect(verify.status == 0, "\(verify.errors)")
        let seatScore = Run.cdx(["score", server.journal, "--json"]), consoleScore = Run.cdx(["score", "Documentation/Examples/tiny.jsonl", "--json"])
        #expect(seatScore.status == 0 && seatScore.output == consoleScore.output)
        #expect(Run.cdx(["report", server.journal, "--format", "md"]).status == 0)
    }

    @Test("a decision's outcome is sent only once it is in the journal, with the seat that made it")
    func onDiskBeforeTheOutcome() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let jcdc = try server.join("jcdc")
        let r = try jcdc.decide("detect mail T1566.001", turn: 1)
        #expect(r.status == 200)
        #expect(r.json?["outcome"]?.stringValue == "applied")
        #expect(r.json?["told"]?.arrayValue?.first?.stringValue == "✓ jcdc detect mail T1566.001")
        let last = try String(contentsOfFile: server.journal, encoding: .utf8).split(separator: "\n").last { $0.contains(#""type":"decision""#) }
            .map(String.init) ?? ""
        #expect(last.contains(#""line":"jcdc detect mail T1566.001","seat":"jcdc""#))
        // A refusal by the engine comes back with its rule and sentence.
        let twice = try jcdc.decide("jcdc detect mail", turn: 1)
        #expect(twice.json?["outcome"]?.stringValue == "rejected")
        #expect(twice.json?["rule"]?.stringValue == "already-reported")
        #expect(twice.json?["message"]?.stringValue?.isEmpty == false)
        // 'help' lists the team's own lines; a hunt says what it found.
        let help = try jcdc.decide("help", turn: 1).json?["output"]?.stringValue ?? ""
        #expect(help.hasPrefix("Decisions for jcdc") && help.contains("detect mail T1566.001") && !help.contains("release"))
        #expect(try jcdc.decide("hunt dii-open", turn: 1).json?["told"]?.arrayValue?.compactMap(\.stringValue).last.map {
            $0 == "the hunt found nothing" || $0.hasPrefix("alert:")
        } == true)
        // A line that does not read is placed, with a suggestion, and nothing is journaled.
        let before = try String(contentsOfFile: server.journal, encoding: .utf8)
        let typo = try jcdc.decide("contian mail", turn: 1)
        #expect(typo.status == 422 && typo.json?["outcome"]?.stringValue == "invalid")
        #expect(typo.json?["message"]?.stringValue?.contains("did you mean 'contain'?") == true)
        #expect(try String(contentsOfFile: server.journal, encoding: .utf8) == before)
        #expect(server.interrupt() == 0)
    }

    @Test("a seat decides only for its team, only in the turn it saw, and the board decides nothing")
    func seatsStayInTheirLane() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let jcdc = try server.join("jcdc"), white = try server.join("white"), board = try server.join("board")
        let other = try jcdc.decide("usfj contain mail", turn: 1)
        #expect(other.status == 403 && other.json?["message"]?.stringValue == "this is jcdc's seat: usfj decides at its own seat")
        #expect(try board.decide("next", turn: 1).status == 403)
        #expect(try white.decide("next", turn: 1).status == 200)
        let stale = try jcdc.decide("detect mail", turn: 1)
        #expect(stale.status == 409)
        #expect(stale.json?["message"]?.stringValue?.hasPrefix("turn 1 has closed; the decision was not made") == true)
        // A white seat that saw turn 1 does not close turn 2 as well.
        #expect(try white.decide("next", turn: 1).status == 409)
        #expect(try white.view()["turn"]?.intValue == 2)
        #expect(!(try String(contentsOfFile: server.journal, encoding: .utf8)).contains(#""line":"jcdc detect mail""#))
        #expect(server.interrupt() == 0)
    }

    @Test("two seats deciding at once are taken one after the other: every decision journaled once, the journal whole")
    func concurrentSeats() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let seats = [try server.join("jcdc"), try server.join("usfj")]
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 40) { n in
            let r = try? seats[n % 2].decide("note \"at once \(n)\"", turn: 1)
            if r?.json?["outcome"]?.stringValue == "applied" { outcomes.add(n) }
        }
        #expect(outcomes.all.sorted() == Array(0..<40))
        #expect(server.interrupt() == 0)
        let text = try String(contentsOfFile: server.journal, encoding: .utf8)
        for n in 0..<40 { #expect(text.components(separatedBy: "note \\\"at once \(n)\\\"\",\"seat\"").count == 2, "note \(n)") }
        #expect(Run.cdx(["verify", server.journal]).status == 0)
    }

    @Test("access: codes, the session cookie, the CSRF token, the Host and the Origin are all checked")
    func access() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let port = server.port
        let join = try HTTP.request(port, "POST", "/api/join", body: HTTP.form([("code", server.codes["usfj"]!)]))
        #expect(join.status == 200)
        let cookie = try #require(join.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
        #expect(join.json?["role"]?.stringValue == "usfj" && join.json?["team"]?.stringValue == "usfj" && join.json?["csrf"]?.stringValue != nil)
        let board = try HTTP.request(port, "POST", "/api/join", body: HTTP.form([("code", server.codes["board"]!)]))
        #expect(board.json?["team"] == .null && board.json?["role"]?.stringValue == "board")
        #expect(try HTTP.request(port, "POST", "/api/join", body: "code=NOT-A-CODE").status == 403)
        #expect(try HTTP.request(port, "GET", "/api/view").status == 401)
        #expect(try HTTP.request(port, "GET", "/api/view", headers: [("Cookie", "cdx_seat=0123456789abcdef0123456789abcdef")]).status == 401)
        #expect(try HTTP.request(port, "GET", "/seat").status == 303)
        let usfj = try server.join("usfj")
        let noToken = try HTTP.request(port, "POST", "/api/decide", headers: [("Cookie", usfj.cookie)], body: "line=contain+mail")
        #expect(noToken.status == 403)
        let wrongToken = try HTTP.request(port, "POST", "/api/decide", headers: [("Cookie", usfj.cookie), ("X-CSRF-Token", (usfj.csrf.hasPrefix("0") ? "1" : "0") + usfj.csrf.dropFirst())], body: "line=contain+mail")
        #expect(wrongToken.status == 403)
        #expect(try HTTP.request(port, "GET", "/", host: "attacker.example:\(port)").status == 421)
        #expect(try HTTP.request(port, "GET", "/", host: "127.0.0.1:1").status == 421)
        #expect(try HTTP.request(port, "GET", "/", host: "localhost:\(port)").status == 200)
        let foreign = try HTTP.request(port, "POST", "/api/decide", headers: [("Cookie", usfj.cookie), ("X-CSRF-Token", usfj.csrf), ("Origin", "http://attacker.example")], body: "line=contain+mail")
        #expect(foreign.status == 403)
        // Every answer carries the policy; none allows another origin.
        let page = try HTTP.request(port, "GET", "/")
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(page.header("X-Content-Type-Options") == "nosniff")
        #expect(!page.body.contains("<script>") && page.body.contains(#"<script src="/static/seat.js" defer></script>"#))
        #expect(page.headers.allSatisfy { !$0.0.lowercased().hasPrefix("access-control") })
        // Wrong codes are limited: ten in a minute, then 429 even for the right one.
        for _ in 0..<9 { _ = try HTTP.request(port, "POST", "/api/join", body: "code=WRONG") }
        let limited = try HTTP.request(port, "POST", "/api/join", body: HTTP.form([("code", server.codes["white"]!)]))
        #expect(limited.status == 429 && limited.header("Retry-After") == "60")
        // The seats already joined carry on.
        #expect(try usfj.decide("note \"still here\"", turn: 1).json?["outcome"]?.stringValue == "applied")
        #expect(server.interrupt() == 0)
    }

    @Test("malformed, oversized, pipelined and slow requests get a 4xx and the exercise carries on")
    func hostileInput() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch, environment: ["CDX_SEAT_REQUEST_SECONDS": "1"])
        let port = server.port
        #expect(try HTTP.raw(port, Array("garbage\r\n\r\n".utf8)).status == 400)
        #expect(try HTTP.raw(port, [0xFF, 0xFE, 0x00, 0x0D, 0x0A, 0x0D, 0x0A]).status == 400)
        #expect(try HTTP.raw(port, Array(("GET /" + String(repeating: "a", count: 10_000) + " HTTP/1.1\r\n").utf8)).status == 414)
        #expect(try HTTP.raw(port, Array(("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX: " + String(repeating: "b", count: 40_000)).utf8)).status == 431)
        #expect(try HTTP.raw(port, Array("POST /api/join HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 1000000\r\n\r\n".utf8)).status == 413)
        let one = "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n"
        #expect(try HTTP.raw(port, Array((one + one).utf8)).status == 400)
        #expect(try HTTP.request(port, "DELETE", "/api/view").status == 405)
        #expect(try HTTP.request(port, "GET", "/etc/passwd").status == 404)
        #expect(try HTTP.request(port, "HEAD", "/").body.isEmpty)
        // Slowloris: half a request, then nothing: answered 408 once the time is up.
        let slow = try HTTP.raw(port, Array("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Slow: ".utf8))
        #expect(slow.status == 408)
        // Through all of it, the exercise went on.
        let jcdc = try server.join("jcdc")
        #expect(try jcdc.decide("detect mail", turn: 1).json?["outcome"]?.stringValue == "applied")
        #expect(server.interrupt() == 0)
        #expect(Run.cdx(["verify", server.journal]).status == 0)
    }

    @Test("at the connection cap, idle sockets make room: 256 of them cannot hold the seats out")
    func connectionCap() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        var held: [Int32] = []
        for _ in 0..<300 { held.append(try HTTP.connect(server.port)) }
        #expect(try HTTP.request(server.port, "GET", "/").status == 200)
        #expect(try server.join("jcdc").decide("detect mail", turn: 1).json?["outcome"]?.stringValue == "applied")
        for fd in held { close(fd) }
        #expect(server.interrupt() == 0)
    }

    @Test("one seat holds at most 32 event streams (its oldest give way), and cannot flood the journal with decisions")
    func seatBounds() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let usfj = try server.join("usfj")
        let first = try EventStream(usfj)
        #expect(first.waitForEvents(1))
        var streams: [EventStream] = []
        for _ in 0..<40 { streams.append(try EventStream(usfj)) }
        #expect(streams.last!.waitForEvents(1))
        #expect(!first.waitForEvents(2), "the oldest stream was closed")
        #expect(try server.join("white").view()["turn"]?.intValue == 1)
        streams = []
        var statuses: [Int] = []
        for n in 0..<200 { statuses.append(try usfj.decide("note \"flood \(n)\"", turn: 1).status) }
        #expect(statuses.prefix(100).allSatisfy { $0 == 200 })
        #expect(statuses.contains(429))
        #expect(try server.join("jcdc").decide("detect mail", turn: 1).status == 200, "another seat is not slowed")
        #expect(server.interrupt() == 0)
    }

    @Test("a Host or Origin with non-ASCII digits is refused, not a crash")
    func unicodeDigits() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        for host in ["½.0.0.1", "１２７.0.0.1", "١.0.0.1", "¹.0.0.1"] {
            #expect(try HTTP.request(server.port, "GET", "/", host: "\(host):\(server.port)").status == 421, "\(host)")
            let r = try HTTP.request(server.port, "GET", "/", headers: [("Origin", "http://\(host):\(server.port)")])
            #expect(r.status == 403, "\(host)")
        }
        #expect(try HTTP.request(server.port, "GET", "/").status == 200)
        #expect(server.interrupt() == 0)
    }

    @Test("a team seat's did-you-mean names only what the team may know")
    func suggestions() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let jcdc = try server.join("jcdc"), usfj = try server.join("usfj")
        #expect(try jcdc.decide("detect mial", turn: 1).json?["message"]?.stringValue?.contains("did you mean 'mail'?") == true)
        // X1 is a card usfj has never held: no word of it.
        let blind = try usfj.decide("share X -> jcdc", turn: 1).json?["message"]?.stringValue ?? ""
        #expect(blind.contains("unknown") && !blind.contains("X1"), "\(blind)")
        #expect(server.interrupt() == 0)
    }

    @Test("the event stream tells every seat of a change: a decision by another seat of the team, the turn moving")
    func liveUpdates() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let one = try server.join("jcdc"), two = try server.join("jcdc"), white = try server.join("white")
        let stream = try EventStream(one)
        #expect(stream.waitForEvents(1))
        #expect(stream.text.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"))
        _ = try two.decide("detect mail", turn: 1)
        #expect(stream.waitForEvents(2))
        _ = try white.decide("next", turn: 1)
        #expect(stream.waitForEvents(3))
        #expect(stream.text.contains(#""turn":2"#))
        let view = try one.view()
        #expect(view["turn"]?.intValue == 2)
        #expect(view["log"]?.arrayValue?.contains { $0["text"]?.stringValue == "✓ jcdc detect mail" } == true)
        #expect(server.interrupt() == 0)
    }

    @Test("the console shows and reissues seat codes: the old code and its browsers stop working")
    func reissue() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let old = try server.join("jcdc")
        server.console.type("help")
        #expect(server.console.waitFor("seats reissue ROLE    a new code for a seat; its browsers are signed out"))
        server.console.type("seats")
        #expect(server.console.waitFor("jcdc       \(server.codes["jcdc"]!)  http://127.0.0.1:\(server.port)/#\(server.codes["jcdc"]!)"))
        server.console.type("seats reissue jcdc")
        #expect(server.console.waitFor("jcdc: new code "))
        #expect(try HTTP.request(server.port, "GET", "/api/view", headers: [("Cookie", old.cookie)]).status == 401)
        #expect(try HTTP.request(server.port, "POST", "/api/join", body: HTTP.form([("code", server.codes["jcdc"]!)])).status == 403)
        try server.readCodes()
        #expect(try server.join("jcdc").role == "jcdc")
        #expect(server.interrupt() == 0)
    }

    @Test("--no-console: SIGTERM stops it cleanly; resume --listen keeps the codes, and joined browsers carry on")
    func noConsoleAndResume() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch, ["--no-console"])
        let jcdc = try server.join("jcdc")
        _ = try jcdc.decide("detect mail", turn: 1)
        _ = kill(server.console.pid, SIGTERM)
        #expect(try server.console.endInput() == 0)
        #expect(server.console.screen.contains("stopped by a signal: the journal is saved"))
        #expect(!FileManager.default.fileExists(atPath: server.journal + ".lock"))
        let codes = server.codes
        let again = try SeatServerProcess(["resume", server.journal, "--listen", "127.0.0.1:0", "--no-console"], journal: server.journal)
        #expect(again.codes == codes)
        let same = SeatClient(port: again.port, cookie: jcdc.cookie, csrf: jcdc.csrf, role: "jcdc")
        #expect(try same.decide("contain mail", turn: 1).json?["outcome"]?.stringValue == "applied")
        let white = try again.join("white")
        #expect(try white.decide("stop").json?["output"]?.stringValue?.hasPrefix("stopped at turn 1 of 4; the journal is saved") == true)
        #expect(try again.console.endInput() == 0)
        #expect(Run.cdx(["verify", server.journal]).status == 0)
    }

    @Test("--review: a team's decision waits for the white cell, which accepts it or refuses it with the reason, journaled")
    func review() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch, ["--review"])
        let jcdc = try server.join("jcdc"), white = try server.join("white")
        let held = try jcdc.decide("detect mail", turn: 1)
        #expect(held.status == 202 && held.json?["outcome"]?.stringValue == "held" && held.json?["number"]?.intValue == 1)
        _ = try jcdc.decide("contain web", turn: 1)
        #expect(try white.view()["held"]?.arrayValue?.count == 2)
        #expect(try jcdc.view()["held"]?.arrayValue?.count == 2)
        #expect(try white.decide("accept 1", turn: 1).json?["outcome"]?.stringValue == "applied")
        let refused = try white.decide("refuse 2 \"the web team is not in the room\"", turn: 1)
        #expect(refused.json?["outcome"]?.stringValue == "rejected" && refused.json?["rule"]?.stringValue == "refused-in-review")
        // Held when the turn closes: refused for that.
        _ = try jcdc.decide("contain mail", turn: 1)
        _ = try white.decide("next", turn: 1)
        #expect(server.interrupt() == 0)
        let text = try String(contentsOfFile: server.journal, encoding: .utf8)
        #expect(text.contains(#""line":"jcdc detect mail","seat":"jcdc","verb":"detect","asset":"mail","outcome":"applied""#))
        #expect(text.contains(#""rejection":"refused-in-review","ruling":"the web team is not in the room""#))
        #expect(text.contains(#""ruling":"the turn closed before the white cell ruled on it""#))
        #expect(Run.cdx(["verify", server.journal]).status == 0)
        let view = Run.cdx(["view", server.journal, "--team", "jcdc"])
        #expect(view.output.contains("the white cell refused it in review: the web team is not in the room"))
        // Still held when the server stops cleanly: refused for that, so the record says what became of it.
        let again = try SeatServerProcess(["resume", server.journal, "--listen", "127.0.0.1:0", "--review", "--no-console"], journal: server.journal)
        #expect(try SeatClient(port: again.port, cookie: jcdc.cookie, csrf: jcdc.csrf, role: "jcdc").decide("hunt dii-open", turn: 2).status == 202)
        #expect(again.interrupt() == 0)
        #expect(try String(contentsOfFile: server.journal, encoding: .utf8).contains(#""ruling":"the seat server stopped before the white cell ruled on it""#))
        #expect(Run.cdx(["verify", server.journal]).status == 0)
    }

    @Test("an approval request appears at the approving cell's seat once it arrives, and its answer at the requester's")
    func approvals() throws {
        let scratch = try Scratch()
        let journal = scratch.path("ps.jsonl")
        let server = try SeatServerProcess(["run", "Exercises/pacific-shield.exercise", "--journal", journal, "--listen", "127.0.0.1:0", "--no-console"],
                                           journal: journal)
        let gsdf = try server.join("gsdf"), jjoc = try server.join("jjoc"), white = try server.join("white")
        #expect(try gsdf.decide("contain yng-bridge", turn: 1).json?["outcome"]?.stringValue == "applied")
        #expect(try gsdf.view()["requests"] == .array([.object([("id", .string("R1")), ("line", .string("gsdf contain yng-bridge")), ("state", .string("waiting"))])]))
        // Not at JJOC's seat before it has arrived (30 min: the next turn).
        #expect(try jjoc.view()["toApprove"] == .array([]))
        #expect(try white.decide("next", turn: 1).status == 200)
        let waiting = try jjoc.view()["toApprove"]?.arrayValue ?? []
        #expect(waiting.count == 1 && waiting.first?["line"]?.stringValue == "gsdf contain yng-bridge" && waiting.first?["rule"]?.stringValue == "bridge-cut")
        // GSDF cannot answer its own request; JJOC can, from its seat.
        #expect(try gsdf.decide("approve R1", turn: 2).json?["rule"]?.stringValue == "not-approver")
        #expect(try jjoc.decide("approve R1", turn: 2).json?["outcome"]?.stringValue == "applied")
        #expect(try jjoc.view()["toApprove"] == .array([]))
        #expect(try gsdf.view()["requests"]?.arrayValue?.first?["state"]?.stringValue == "approved")
        server.console.kill()
        #expect(Run.cdx(["verify", journal]).status == 0)
    }

    @Test("the evaluator's observations are journaled as the white cell's notes, with the evaluator's seat")
    func evaluator() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let evaluator = try server.join("evaluator")
        let view = try evaluator.view()
        #expect(view["board"]?.stringValue?.hasPrefix("Ground truth (white cell only)") == true)
        let about = view["about"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(about.contains("D1.1"))
        let r = try evaluator.decide("JCDC briefed the JJOC within the hour", turn: 1, extra: [("about", "D1.1")])
        #expect(r.json?["outcome"]?.stringValue == "applied")
        let text = try String(contentsOfFile: server.journal, encoding: .utf8)
        #expect(text.contains(#""line":"white note \"[D1.1] JCDC briefed the JJOC within the hour\"","seat":"evaluator""#))
        #expect(try evaluator.decide("next", turn: 1).json?["outcome"]?.stringValue == "applied")  // a note saying "next", not a turn
        #expect(try evaluator.decide("x", turn: 1, extra: [("about", "\u{1B}]0;PWNED\u{7}")]).status == 400)
        #expect(try evaluator.decide("x", turn: 1, extra: [("about", "O99")]).status == 400)
        #expect(try evaluator.decide("late observation", turn: 99).status == 409)
        #expect(try evaluator.view()["turn"]?.intValue == 1)
        #expect(server.interrupt() == 0)
    }

    @Test("the evaluator's seat takes a line in the EEG file's syntax as the console does, with its errors located")
    func evaluatorObservation() throws {
        let scratch = try Scratch()
        let server = try Self.start(scratch)
        let evaluator = try server.join("evaluator")
        let about = try #require((try evaluator.view()["about"]?.arrayValue?.compactMap(\.stringValue) ?? []).first { $0.contains(".") })
        let r = try evaluator.decide("expectation \(about) rating M observation \"the hand-off was late\"", turn: 1)
        #expect(r.json?["outcome"]?.stringValue == "applied", "\(r.body)")
        let text = try String(contentsOfFile: server.journal, encoding: .utf8)
        #expect(text.contains(#""line":"white observe expectation \#(about) rating M observation \"the hand-off was late\"","seat":"evaluator","verb":"observe""#), "\(text)")
        let bad = try evaluator.decide("expectation \(about) rating Q", turn: 1)
        #expect(bad.status == 422)
        #expect(bad.json?["message"]?.stringValue?.contains("'Q' is not a rating") == true)
        // Prose that starts with the word stays a note.
        #expect(try evaluator.decide("objective was met early", turn: 1).json?["outcome"]?.stringValue == "applied")
        #expect(try String(contentsOfFile: server.journal, encoding: .utf8).contains(#""line":"white note \"objective was met early\"""#))
        #expect(server.interrupt() == 0)
    }
}
