import ExerciseCore
import Foundation
import Testing

/// A minimal HTTP/1.1 client over a real loopback socket, for the seat server's tests:
/// one request per connection (the server closes after each answer but an event stream).
enum HTTP {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var json: JSONValue? { try? JSONValue.parse(body) }
    }

    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Repository.Failure("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else {
            close(fd)
            throw Repository.Failure("connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Sends raw bytes and reads the answer until the server closes.
    static func raw(_ port: Int, _ bytes: [UInt8]) throws -> Response {
        let fd = try connect(port)
        defer { close(fd) }
        send(fd, bytes)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return try parse(data)
    }

    static func parse(_ data: [UInt8]) throws -> Response {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Repository.Failure("no HTTP answer: \(text.prefix(200))") }
        let head = text[..<split.lowerBound].split(separator: "\r\n").map(String.init)
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1.1 "), let status = Int(statusLine.dropFirst(9).prefix(3)) else {
            throw Repository.Failure("bad status line: \(head.first ?? "")")
        }
        let headers = head.dropFirst().map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    static func request(_ port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil,
                        host: String? = nil) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n" }
        head += "\r\n"
        return try raw(port, Array((head + (body ?? "")).utf8))
    }

    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? s
    }
}

/// One browser's session at a seat: the cookie and the CSRF token `POST /api/join` gave.
struct SeatClient {
    let port: Int
    let cookie: String
    let csrf: String
    let role: String

    static func join(_ port: Int, code: String) throws -> SeatClient {
        let r = try HTTP.request(port, "POST", "/api/join", body: HTTP.form([("code", code)]))
        guard r.status == 200, let json = r.json, let csrf = json["csrf"]?.stringValue, let role = json["role"]?.stringValue,
              let set = r.header("Set-Cookie"), let cookie = set.split(separator: ";").first
        else { throw Repository.Failure("join: \(r.status) \(r.body)") }
        return SeatClient(port: port, cookie: String(cookie), csrf: csrf, role: role)
    }

    func view() throws -> JSONValue {
        let r = try HTTP.request(port, "GET", "/api/view", headers: [("Cookie", cookie)])
        guard r.status == 200, let json = r.json else { throw Repository.Failure("view: \(r.status) \(r.body)") }
        return json
    }

    func viewText() throws -> String { try HTTP.request(port, "GET", "/api/view", headers: [("Cookie", cookie)]).body }

    func decide(_ line: String, turn: Int? = nil, extra: [(String, String)] = []) throws -> HTTP.Response {
        var fields = [("line", line)]
        if let turn { fields.append(("turn", String(turn))) }
        return try HTTP.request(port, "POST", "/api/decide", headers: [("Cookie", cookie), ("X-CSRF-Token", csrf)],
                                body: HTTP.form(fields + extra))
    }
}

/// An event stream held open: reads what the server sends on it.
final class EventStream {
    let fd: Int32
    private(set) var text = ""

    init(_ seat: SeatClient) throws {
        fd = try HTTP.connect(seat.port)
        HTTP.send(fd, Array("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:\(seat.port)\r\nCookie: \(seat.cookie)\r\nAccept: text/event-stream\r\n\r\n".utf8))
    }

    deinit { close(fd) }

    /// Reads until `count` change events have come (or 30 s pass); returns whether they did.
    func waitForEvents(_ count: Int) -> Bool {
        read { $0.components(separatedBy: "event: change").count - 1 >= count }
    }

    /// Reads until the stream holds `needle` (or 30 s pass); returns whether it does.
    func waitFor(_ needle: String) -> Bool { read { $0.contains(needle) } }

    private func read(until done: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while !done(text) {
            guard Date() < deadline else { return false }
            var fds = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 8192)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return false }
            text += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return true
    }
}

/// `cdx run`/`cdx resume` with `--listen 127.0.0.1:0`, left running: its port and seat codes.
final class SeatServerProcess {
    let console: RunningConsole
    let port: Int
    let journal: String
    private(set) var codes: [String: String] = [:]

    init(_ arguments: [String], journal: String, environment: [String: String] = [:]) throws {
        self.journal = journal
        console = try RunningConsole(arguments, environment: environment)
        guard console.waitFor("seats: http://127.0.0.1:"), console.waitFor("seat codes:") else {
            console.kill()
            throw Repository.Failure("the seat server did not start:\n\(console.screen)")
        }
        let match = console.screen.firstMatch(of: /seats: http:\/\/127\.0\.0\.1:([0-9]+)\//)
        guard let match, let port = Int(match.1) else { throw Repository.Failure("no port in:\n\(console.screen)") }
        self.port = port
        try readCodes()
    }

    func readCodes() throws {
        codes = [:]
        for line in try String(contentsOfFile: journal + ".seats", encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ")
            codes[String(words[0])] = String(words[1])
        }
    }

    func join(_ role: String) throws -> SeatClient {
        guard let code = codes[role] else { throw Repository.Failure("no seat '\(role)' in \(codes.keys.sorted())") }
        return try SeatClient.join(port, code: code)
    }

    /// Sends SIGINT and waits: the server stops cleanly.
    func interrupt() -> Int32 {
        _ = kill(console.pid, SIGINT)
        return (try? console.endInput()) ?? -1
    }
}
