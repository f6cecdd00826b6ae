import ExerciseCore
import Foundation

// `bench --only seats`: the seat server under load, on loopback only. A `cdx run --listen
// 127.0.0.1:0 --no-console` of pacific-shield; SEATS browsers joined round the team seats,
// the white seat, the evaluator's and the board's, each holding its event stream open; team
// seats send RATE notes a second for SECONDS (open loop: each at its planned time, whatever
// the answers before it), each note unique; every browser fetches its view on each event, as
// the page does. Reported: the time from sending a decision to
// its acknowledged outcome (the server answers once the journal has fsync'ed it), p50 and
// p99, and the server's resident memory. Then the server is killed (SIGKILL) in the middle
// of a second burst and resumed with --listen on the same journal; the browsers carry on
// with their cookies, and every note any of them was told was applied must be in the
// journal exactly once.

/// A TCP connection to 127.0.0.1:port, or nil.
func connectLoopback(_ port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard ok == 0 else {
        close(fd)
        return nil
    }
    return fd
}

/// One HTTP exchange on a fresh loopback connection (the server closes after each answer).
func seatRequest(_ port: Int, _ method: String, _ path: String, cookie: String? = nil, csrf: String? = nil, body: String? = nil)
    -> (status: Int, headers: String, body: String)?
{
    guard let fd = connectLoopback(port) else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
    if let cookie { head += "Cookie: \(cookie)\r\n" }
    if let csrf { head += "X-CSRF-Token: \(csrf)\r\n" }
    if let body { head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n" }
    let bytes = Array((head + "\r\n" + (body ?? "")).utf8)
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { return nil }
        sent += n
    }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        data += buffer[0..<n]
    }
    let text = String(decoding: data, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n"), text.hasPrefix("HTTP/1.1 "), let status = Int(text.dropFirst(9).prefix(3)) else { return nil }
    return (status, String(text[..<split.lowerBound]), String(text[split.upperBound...]))
}

func formValue(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? s
}

/// A `cdx` seat server started for the load.
final class SeatServerUnderLoad {
    let process = Process()
    let output = Pipe()
    var port = 0
    var codes: [String: String] = [:]

    init?(cdx: String, arguments: [String], journal: String) {
        process.executableURL = URL(fileURLWithPath: cdx)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        var screen = ""
        let deadline = Date().addingTimeInterval(60)
        let fd = output.fileHandleForReading.fileDescriptor
        while Date() < deadline, !screen.contains("seat codes:") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            screen += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        guard let match = screen.firstMatch(of: /seats: http:\/\/127\.0\.0\.1:([0-9]+)\//), let p = Int(match.1) else { return nil }
        port = p
        // Keep reading what it prints, so that its pipe never fills.
        let handle = output.fileHandleForReading
        Thread { _ = handle.readDataToEndOfFile() }.start()
        guard let text = try? String(contentsOfFile: journal + ".seats", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ")
            if words.count == 2 { codes[String(words[0])] = String(words[1]) }
        }
    }

    func residentKiB() -> (rss: Int, peak: Int) {
        guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            text.split(separator: "\n").first { $0.hasPrefix(name + ":") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}

/// A browser's session: cookie and CSRF token, and its event stream held open on a thread.
final class LoadSeat: @unchecked Sendable {
    let role: String
    let cookie: String
    let csrf: String
    let lock = NSLock()
    private(set) var events = 0
    private var fd: Int32 = -1

    init?(port: Int, role: String, code: String) {
        guard let r = seatRequest(port, "POST", "/api/join", body: "code=\(formValue(code))"), r.status == 200,
              let json = try? JSONValue.parse(r.body), let csrf = json["csrf"]?.stringValue,
              let set = r.headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("set-cookie:") }),
              let cookie = set.dropFirst("set-cookie:".count).split(separator: ";").first
        else { return nil }
        self.role = role
        self.cookie = cookie.trimmingCharacters(in: .whitespaces)
        self.csrf = csrf
    }

    /// Opens the event stream and counts its events until it closes.
    func listen(port: Int) {
        guard let fd = connectLoopback(port) else { return }
        self.fd = fd
        let request = Array("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nCookie: \(cookie)\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                let count = String(decoding: buffer[0..<n], as: UTF8.self).components(separatedBy: "event: change").count - 1
                lock.lock(); events += count; lock.unlock()
                // As the page does: fetch the view the event announced.
                if count > 0 { _ = seatRequest(port, "GET", "/api/view", cookie: cookie) }
            }
        }.start()
    }

    func stopListening() {
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
    }
}

/// What the client threads measured.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Double] = []
    private var acked: [String] = []

    func add(_ ms: Double, _ note: String) {
        lock.lock(); times.append(ms); acked.append(note); lock.unlock()
    }

    var latencies: [Double] { lock.lock(); defer { lock.unlock() }; return times }
    var acknowledged: [String] { lock.lock(); defer { lock.unlock() }; return acked }
}

struct SeatLoadResult {
    var decisions = 0
    var acknowledged = 0
    var lost = 0
    var duplicated = 0
    var p50 = 0.0
    var p99 = 0.0
    var max = 0.0
    var rssKiB = 0
    var peakKiB = 0
    var events = 0
    var afterKill = ""
}

/// Plays the load; nil when the server could not be started.
func seatLoad(cdx: String, exercise: String, seats: Int, rate: Double, seconds: Double, folder: String) -> SeatLoadResult? {
    let journal = "\(folder)/seats-load.jsonl"
    try? FileManager.default.removeItem(atPath: journal)
    try? FileManager.default.removeItem(atPath: journal + ".seats")
    guard let server = SeatServerUnderLoad(cdx: cdx, arguments: ["run", exercise, "--journal", journal, "--listen", "127.0.0.1:0", "--no-console"],
                                           journal: journal) else { return nil }
    let roles = server.codes.keys.sorted()
    let teamRoles = roles.filter { !["white", "evaluator", "board"].contains($0) }
    var browsers: [LoadSeat] = []
    for k in 0..<seats {
        let role = k < teamRoles.count * 8 ? teamRoles[k % teamRoles.count] : roles[k % roles.count]
        guard let seat = LoadSeat(port: server.port, role: role, code: server.codes[role]!) else { return nil }
        seat.listen(port: server.port)
        browsers.append(seat)
    }
    let deciders = browsers.filter { teamRoles.contains($0.role) }
    var result = SeatLoadResult()
    let tally = Tally()
    var port = server.port

    /// Sends `count` notes at `rate`, numbered from `first`, each on its own thread at its time.
    func burst(first: Int, count: Int, onHalf: (() -> Void)? = nil) {
        let group = DispatchGroup()
        let start = Date()
        for n in first..<(first + count) {
            let due = start.addingTimeInterval(Double(n - first) / rate)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { usleep(useconds_t(wait * 1e6)) }
            if n - first == count / 2 { onHalf?() }
            let seat = deciders[n % deciders.count]
            let target = port
            group.enter()
            Thread {
                let line = "note \"load \(n)\""
                let began = DispatchTime.now().uptimeNanoseconds
                let r = seatRequest(target, "POST", "/api/decide", cookie: seat.cookie, csrf: seat.csrf, body: "line=\(formValue(line))")
                let ms = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6
                if let r, r.status == 200, r.body.contains(#""outcome":"applied""#) { tally.add(ms, "load \(n)") }
                group.leave()
            }.start()
        }
        group.wait()
    }

    let total = Int(rate * seconds)
    burst(first: 0, count: total)
    result.decisions = total
    let memory = server.residentKiB()
    result.rssKiB = memory.rss
    result.peakKiB = memory.peak
    for b in browsers { b.lock.lock(); result.events += b.events; b.lock.unlock() }
    let latencies = tally.latencies.sorted()
    if !latencies.isEmpty {
        result.p50 = latencies[latencies.count / 2]
        result.p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        result.max = latencies.last!
    }

    // SIGKILL in the middle of a second burst, then resume: what was acknowledged stays, once.
    let second = Int(rate * min(seconds, 10))
    var resumed: SeatServerUnderLoad?
    burst(first: total, count: second) {
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        for b in browsers { b.stopListening() }
        resumed = SeatServerUnderLoad(cdx: cdx, arguments: ["resume", journal, "--listen", "127.0.0.1:0", "--no-console"], journal: journal)
        if let resumed { port = resumed.port }
    }
    guard let resumed else { return nil }
    // The browsers reconnect with the cookies they had.
    var reconnected = 0
    for b in browsers {
        if let r = seatRequest(resumed.port, "GET", "/api/view", cookie: b.cookie), r.status == 200 { reconnected += 1 }
    }
    kill(resumed.process.processIdentifier, SIGTERM)
    resumed.process.waitUntilExit()
    guard let text = try? String(contentsOfFile: journal, encoding: .utf8) else { return nil }
    var counts: [String: Int] = [:]
    for line in text.split(separator: "\n") where line.contains(#""type":"decision""#) {
        if let match = line.firstMatch(of: /"line":"[a-z]+ note \\"(load [0-9]+)\\""/) { counts[String(match.1), default: 0] += 1 }
    }
    let acknowledged = tally.acknowledged
    result.acknowledged = acknowledged.count
    result.lost = acknowledged.filter { counts[$0] == nil }.count
    result.duplicated = counts.values.filter { $0 > 1 }.count
    result.afterKill = "\(acknowledged.count) acknowledged in all, \(result.lost) missing from the journal, \(result.duplicated) there twice; \(reconnected) of \(browsers.count) browsers carried on after the resume"
    return result
}
