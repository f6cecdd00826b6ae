import ExerciseCore
import ExerciseScript
import Foundation
import Testing
@testable import ExerciseCLI

/// The seat server's HTTP/1.1 reader (RFC 9112), bytes in, request or status out: each
/// bound and each malformed form answered with the status the RFC gives, never a crash.
@Suite("Seat server: the HTTP reader")
struct SeatReaderTests {
    static func parse(_ text: String, limits: HTTPLimits = .seats) -> HTTPParse { HTTPRequestReader.parse(Array(text.utf8), limits: limits) }

    static func status(_ text: String, limits: HTTPLimits = .seats) -> Int? {
        if case .invalid(let status, _) = parse(text, limits: limits) { return status }
        return nil
    }

    @Test("a form POST is read whole: method, path, query, fields, body, how many bytes it took")
    func wholeRequest() throws {
        let text = "POST /api/decide?x=1&y=a%20b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/x-www-form-urlencoded\r\nX-CSRF-Token:  abc \r\nContent-Length: 25\r\n\r\nline=detect+mail&turn=%33"
        guard case .request(let r, let consumed) = Self.parse(text) else { Issue.record("not read: \(Self.parse(text))"); return }
        #expect(consumed == text.utf8.count)
        #expect(r.method == "POST" && r.path == "/api/decide" && r.version == "HTTP/1.1")
        #expect(r.query == ["x": "1", "y": "a b"])
        #expect(r.header("x-csrf-token") == "abc")
        #expect(r.form == ["line": "detect mail", "turn": "3"])
    }

    @Test("bytes after the request are left for the server (which refuses pipelining); a request in pieces waits")
    func pipeliningAndPieces() {
        let one = "GET / HTTP/1.1\r\nHost: a:1\r\n\r\n"
        guard case .request(_, let consumed) = Self.parse(one + one) else { Issue.record("not read"); return }
        #expect(consumed == one.utf8.count)
        #expect(Self.parse("GET / HTTP/1.1\r\nHost: a") == .incomplete)
        #expect(Self.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc") == .incomplete)
    }

    @Test("a bare LF ends a line and leading empty lines are skipped (RFC 9112 §2.2)")
    func tolerantLineEnds() {
        guard case .request(let r, _) = Self.parse("\r\nGET /seat HTTP/1.1\nHost: a:1\nCookie: cdx_seat=abc; other=1\n\n") else {
            Issue.record("not read")
            return
        }
        #expect(r.path == "/seat" && r.cookie("cdx_seat") == "abc" && r.cookie("other") == "1" && r.cookie("none") == nil)
    }

    @Test("every malformed or oversized request gets its 4xx or 5xx", arguments: [
        ("GET /\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("GET / FTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("BREW / HTTP/1.1\r\nHost: a\r\n\r\n", 405),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET http://evil/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\u{1}b\r\n\r\n", 400),
        ("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET /%ff HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 20000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
    ])
    func refused(text: String, status: Int) {
        #expect(Self.status(text) == status, "\(text.debugDescription)")
    }

    @Test("the request line, the header and the number of fields are bounded, even before the head ends")
    func bounds() {
        let limits = HTTPLimits(requestLine: 64, headerBytes: 256, headerFields: 4, body: 16)
        #expect(Self.status("GET /" + String(repeating: "a", count: 100), limits: limits) == 414)
        #expect(Self.status("GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\n\r\n", limits: limits) == 414)
        #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 400), limits: limits) == 431)
        let fields = (0..<6).map { "X-\($0): 1\r\n" }.joined()
        #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n", limits: limits) == 431)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n", limits: limits) == 413)
        // The header's bound is its own, not shared with the request line's.
        #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 17_000) + "\r\n\r\n") == 431)
        if case .request = Self.parse("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 16_000) + "\r\n\r\n") {} else {
            Issue.record("a 16,000-byte field is within the header's 16 KiB")
        }
    }

    @Test("forms: '+' and %XX decode, a bad escape or bad UTF-8 is no form, the first of a repeated name wins")
    func forms() {
        #expect(HTTPForm.decode(Array("a=1&b=two+words&a=2&c".utf8)) == ["a": "1", "b": "two words", "c": ""])
        #expect(HTTPForm.decode(Array("line=%E6%B8%AF".utf8)) == ["line": "港"])
        #expect(HTTPForm.decode(Array("line=%E6%B8".utf8)) == nil)
        #expect(HTTPForm.decode(Array("line=%4".utf8)) == nil)
        #expect(HTTPForm.percentDecode(Array(HTTPForm.encode("a b&c=d/港").utf8), plusIsSpace: true) == "a b&c=d/港")
    }

    @Test("a response carries the security fields and closes, but an event stream stays open")
    func responses() {
        let text = String(decoding: HTTPResponse.error(404, "no").serialized(), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        for field in ["Content-Security-Policy: default-src 'none'; script-src 'self'", "X-Content-Type-Options: nosniff", "Connection: close",
                      "Content-Length: 14", "Cache-Control: no-store"] {
            #expect(text.contains(field), "\(field)")
        }
        #expect(!text.lowercased().contains("access-control-allow"))
        let stream = String(decoding: HTTPResponse(status: 200, contentType: "text/event-stream", body: []).serialized(keepOpen: true), as: UTF8.self)
        #expect(!stream.contains("Content-Length") && !stream.contains("Connection: close"))
    }
}

@Suite("Seat server: codes and roles")
struct SeatCodeTests {
    func tiny() throws -> Exercise {
        try #require(ExerciseChecker.check(bytes: try Repository.bytes("Documentation/Examples/tiny.exercise")).exercise)
    }

    @Test("codes are 20 base-32 characters (100 bits), all different, and compared ignoring case and dashes")
    func codes() throws {
        let x = try tiny()
        let codes = SeatCodes.fresh(for: x)
        #expect(codes.entries.map { $0.role.name(in: x) } == SeatRole.all(x).map { $0.name(in: x) })
        #expect(Set(codes.entries.map(\.code)).count == codes.entries.count)
        for entry in codes.entries {
            let letters = SeatCodes.normalised(entry.code)
            #expect(letters.count == 20 && letters.allSatisfy { SeatCodes.alphabet.contains($0) })
            #expect(codes.role(forCode: entry.code.lowercased().replacingOccurrences(of: "-", with: " ")) == entry.role)
        }
        #expect(codes.role(forCode: "") == nil)
        #expect(codes.role(forCode: String(codes.entries[0].code.dropLast())) == nil)
        #expect(SeatCodes.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!SeatCodes.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!SeatCodes.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
    }

    @Test("the session a code gives is the same after a restart, and reissuing the code ends it")
    func sessions() throws {
        let x = try tiny()
        var codes = SeatCodes.fresh(for: x)
        let role = codes.entries[0].role
        let session = SeatCodes.session(forCode: codes.entries[0].code)
        #expect(codes.role(forSession: session.token)?.role == role)
        #expect(codes.role(forSession: session.token)?.csrf == session.csrf)
        #expect(session.token != session.csrf && session.token.count == 32)
        codes.reissue(role)
        #expect(codes.role(forSession: session.token) == nil)
    }

    @Test("JOURNAL.seats is written 0600, read back as written, and a bad line is placed")
    func file() throws {
        let x = try tiny()
        let scratch = try Scratch()
        let journal = scratch.path("j.jsonl")
        let (codes, path) = try SeatCodes.forJournal(journal, exercise: x)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let (again, _) = try SeatCodes.forJournal(journal, exercise: x)
        #expect(again == codes)
        try "# codes\nnobody ABCDE-ABCDE-ABCDE-ABCDE\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CommandFailure.self) { try SeatCodes.read(path, for: x) }
        do { _ = try SeatCodes.read(path, for: x) } catch { #expect(error.message.hasPrefix("\(path):2:1: expected 'ROLE CODE'")) }
    }
}

@Suite("Seat server: --listen and its options")
struct SeatOptionTests {
    func options(_ words: [String]) throws -> SeatServer.Options? {
        try SeatOptions.parse(try RunCommand.spec.parse(["x.exercise"] + words), automatic: false)
    }

    @Test("HOST:PORT, [v6]:PORT, a port alone (loopback); the flags go with --listen only")
    func listen() throws {
        let v4 = try #require(try options(["--listen", "0.0.0.0:8080", "--no-console", "--review", "--allow-host", "exercise.example"]))
        #expect(v4.host == "0.0.0.0" && v4.port == 8080 && !v4.console && v4.review && v4.allowedHosts == ["exercise.example"])
        let v6 = try #require(try options(["--listen", "[::1]:0"]))
        #expect(v6.host == "::1" && v6.port == 0 && v6.console && !v6.review)
        let bare = try #require(try options(["--listen", "8080"]))
        #expect(bare.host == "127.0.0.1" && bare.port == 8080)
        #expect(try options([]) == nil)
        for bad in [["--listen", "localhost"], ["--listen", "1.2.3.4:99999"], ["--listen", ":80"], ["--listen", "::1:80"], ["--no-console"], ["--review"],
                    ["--allow-host", "x"]] {
            #expect(throws: UsageError.self, "\(bad)") { try options(bad) }
        }
        #expect(throws: UsageError.self) { try SeatOptions.parse(try RunCommand.spec.parse(["x", "--listen", "8080"]), automatic: true) }
    }
}
