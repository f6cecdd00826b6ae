import ExerciseCore
import ExerciseScript
import Foundation
import Presentation
import Umpire

/// The seat server: one process, one event loop (`poll` over the listening socket, the
/// clients, the console's standard input and a signal pipe), one session and its one
/// journal writer. Decisions from seats and from the console are serialised by the loop:
/// each is journaled and flushed before any seat or the console sees its outcome, and a
/// decision is taken only for the turn its seat was looking at. Documentation/Seats.md
/// describes the API and the rules of access.
final class SeatServer {
    struct Options {
        var host = "127.0.0.1"
        var port: UInt16 = 0
        var console = true
        var review = false
        /// Host names (besides IP literals and localhost) the Host field may carry: a proxy's.
        var allowedHosts: [String] = []
    }

    /// Bounds on what clients may cost the exercise.
    enum Limits {
        static let connections = 256
        /// Event streams one seat may hold open (several browsers of a team, reconnects).
        static let streamsPerSeat = 32
        /// Decisions one seat may make: a burst of this many, refilled at `decisionsPerSecond`
        /// (a room types a few a minute; a script that floods notes is slowed, not served).
        static let decisionBurst = 120.0
        static let decisionsPerSecond = 4.0
        /// A request must arrive whole within this long of its connection (slowloris).
        static let requestSeconds = Double(ProcessInfo.processInfo.environment["CDX_SEAT_REQUEST_SECONDS"] ?? "") ?? 10.0
        /// An event stream gets a comment this often, so that proxies and browsers keep it.
        static let keepAliveSeconds = 15.0
        /// A client that will not read what it is sent is dropped past this much.
        static let outgoingBytes = 4 << 20
        /// Wrong codes from one address: at most this many in `failureWindow` seconds.
        static let failures = 10
        static let failureWindow = 60.0
    }

    private(set) var session: GameSession
    let journalPath: String
    let until: Int
    let options: Options
    private(set) var codes: SeatCodes
    let codesPath: String
    private(set) var context = SeatView.Context()
    private let io: CommandIO

    private var listener: Int32 = -1
    private(set) var boundPort: UInt16 = 0
    private var clients: [Int32: Client] = [:]
    private var failures: [String: [Double]] = [:]
    private var consoleBuffer: [UInt8] = []
    /// The console's line editor, when it runs on a terminal (else lines are read plainly).
    private var editor: LineEditor?
    private var historyWarned = false
    /// A line the console's `edit` gave back, for the next prompt.
    private var retype: String?
    private var running = true
    private var exitStatus = ExitStatus.success
    /// The last thing the console typed that the journal refused.
    private var unrecorded: String?
    private var nextHeld = 1
    /// Each seat's decision allowance (a token bucket): tokens, and when it was last filled.
    private var allowance: [SeatRole: (tokens: Double, at: Double)] = [:]
    /// Something changed since the event streams were last told.
    private var pendingChange = false
    /// The digest of the view each event stream was last told of, by client.
    private var lastTold: [Int32: String] = [:]

    struct Seat {
        var role: SeatRole
        var csrf: String
    }

    final class Client {
        let fd: Int32
        let peer: String
        let opened: Double
        var input: [UInt8] = []
        var output: [UInt8] = []
        /// An event stream: the seat it streams for.
        var streaming: String?
        var lastSent: Double
        var closeAfterWrite = false

        init(fd: Int32, peer: String, now: Double) {
            self.fd = fd
            self.peer = peer
            opened = now
            lastSent = now
        }
    }

    init(session: GameSession, journalPath: String, until: Int, options: Options, codes: SeatCodes, codesPath: String,
         heads: [(turn: Int, hash: String)], io: CommandIO) {
        self.session = session
        self.journalPath = journalPath
        self.until = until
        self.options = options
        self.codes = codes
        self.codesPath = codesPath
        self.io = io
        context.heads = heads
        context.review = options.review
    }

    // MARK: Starting

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Binds and listens; the port is the one the system chose when 0 was asked for.
    func bind() throws(CommandFailure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let host = options.host == "localhost" ? "127.0.0.1" : options.host
        let status = getaddrinfo(host, String(options.port), &hints, &result)
        guard status == 0, let info = result else {
            throw CommandFailure(message: "--listen: cannot use host '\(options.host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CommandFailure(message: "--listen: cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw CommandFailure(message: "--listen \(options.host):\(options.port): cannot bind: \(reason)")
        }
        guard listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw CommandFailure(message: "--listen: cannot listen: \(reason)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        if address.ss_family == sa_family_t(AF_INET) {
            boundPort = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) } }
        } else {
            boundPort = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) } }
        }
        listener = fd
    }

    var address: String {
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        return "http://\(host):\(boundPort)/"
    }

    // MARK: The loop

    nonisolated(unsafe) static var signalPipe: [Int32] = [-1, -1]

    /// Serves until the exercise ends at the console, the white seat stops it, the console
    /// reaches end of input, or SIGINT/SIGTERM arrives; returns the exit status.
    func run() throws -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw CommandFailure(message: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        for f in fds { _ = fcntl(f, F_SETFL, fcntl(f, F_GETFL) | O_NONBLOCK); _ = fcntl(f, F_SETFD, FD_CLOEXEC) }
        Self.signalPipe = fds
        let handler: @convention(c) (Int32) -> Void = { signal in
            var byte = UInt8(truncatingIfNeeded: signal)
            _ = write(SeatServer.signalPipe[1], &byte, 1)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with them blocked (a test runner, some supervisors).
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        if options.console, io.editsLines, RawTerminal.enter() {
            let (lines, warning) = ConsoleHistory.load(ConsoleHistory.path(forJournal: journalPath))
            if let warning { io.writeError(warning) }
            var e = LineEditor(history: lines)
            e.historyLimit = ConsoleHistory.limit
            editor = e
            // SIGHUP (the terminal closed) stops the server like SIGTERM, so the terminal is restored.
            signal(SIGHUP, handler)
        }
        defer {
            RawTerminal.leave()
            if editor != nil { signal(SIGHUP, SIG_DFL) }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            for c in clients.values { close(c.fd) }
            clients = [:]
            if listener >= 0 { close(listener) }
            close(fds[0]); close(fds[1])
        }
        let x = session.exercise
        io.write("\(x.marking)\n\(x.title) — \(options.console ? "facilitator console and " : "")seat server. Journal: \(Files.shown(journalPath))\n")
        io.write("seats: \(address)\n")
        io.write("seat codes: \(Files.shown(codesPath)) (\(options.console ? "type 'seats' to show them" : "one 'ROLE CODE' line per seat"))\n")
        if options.review { io.write("review: team decisions wait for the white cell's 'accept N' or 'refuse N \"why\"'\n") }
        if !session.state.turnOpen, !session.isFinished {
            let opened = Console.opening(&session, journalPath: journalPath)
            io.write(opened.output)
            guard opened.ok else { return ExitStatus.failure }
            changed()
        } else if session.state.turnOpen {
            io.write(Console.turnHeader(session))
            io.write(Console.resumedText(session))
        }
        prompt()
        while running {
            var polls: [pollfd] = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)]
            if options.console { polls.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }
            let order = Array(clients.keys)
            for fd in order {
                let c = clients[fd]!
                var events = Int16(0)
                if c.streaming == nil && !c.closeAfterWrite { events |= Int16(POLLIN) }
                if !c.output.isEmpty { events |= Int16(POLLOUT) }
                if c.streaming != nil { events |= Int16(POLLIN) }
                polls.append(pollfd(fd: fd, events: events, revents: 0))
            }
            let ready = poll(&polls, nfds_t(polls.count), 1000)
            if ready < 0, errno != EINTR { throw CommandFailure(message: "poll: \(String(cString: strerror(errno)))") }
            let now = Self.now()
            if polls[1].revents != 0 {
                var byte: UInt8 = 0
                while read(fds[0], &byte, 1) == 1 {}
                io.write("\nstopped by a signal: the journal is saved; continue with 'cdx resume \(Files.shown(journalPath)) --listen \(options.host):\(boundPort)'\n")
                running = false
                break
            }
            if options.console, polls[2].revents != 0 { readConsole() }
            if polls[0].revents & Int16(POLLIN) != 0 { acceptClients(now: now) }
            let base = options.console ? 3 : 2
            for (k, fd) in order.enumerated() {
                guard let c = clients[fd] else { continue }
                let revents = polls[base + k].revents
                if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readClient(c, now: now) }
                if let c = clients[fd], !c.output.isEmpty, revents & Int16(POLLOUT) != 0 || c.output.count > 0 { flush(c) }
            }
            if pendingChange { announce() }
            sweep(now: now)
        }
        // Held decisions are in memory only: on a clean stop they are journaled as refused,
        // so the record says what became of each (a killed server loses them: Seats.md).
        if !context.held.isEmpty { refuseHeld("the seat server stopped before the white cell ruled on it") }
        return exitStatus
    }

    private func prompt() {
        guard options.console, running else { return }
        let prompt = "turn \(session.state.turn)/\(session.exercise.turns)> "
        guard var e = editor else { return io.write(prompt) }
        // Drawn again after what a seat printed, with what the facilitator was typing.
        let x = session.exercise, requests = session.state.requests.indices.map(requestID)
        e.completion = { ConsoleCompletion.candidates($0, exercise: x, requests: requests, extraCommands: ["seats", "accept", "refuse", "scores", "stop"]) }
        e.width = TerminalSize.windowColumns(of: 1) ?? 0
        if let line = retype {
            retype = nil
            io.write(e.begin(prompt: prompt, text: line))
        } else {
            io.write(e.redraw(prompt: prompt))
        }
        editor = e
    }

    /// Keys typed at the console, through the line editor.
    private func editConsole(_ bytes: [UInt8]) {
        var rest = bytes
        while running, !rest.isEmpty, var e = editor {
            e.width = TerminalSize.windowColumns(of: 1) ?? 0
            let (out, left) = e.feed(rest)
            rest = left
            editor = e
            io.write(out.text)
            switch out.ending {
            case nil: break
            case .submitted(let line):
                editor?.remember(line.trimmingCharacters(in: .whitespaces))
                if let history = editor?.history,
                   let warning = ConsoleHistory.save(history, to: ConsoleHistory.path(forJournal: journalPath)), !historyWarned {
                    historyWarned = true
                    io.writeError(warning)
                }
                consoleLine(line)
            case .endOfInput:
                endOfInput()
                return
            case .interrupted:
                // As SIGINT does: the loop stops at its next turn, the journal saved.
                var byte = UInt8(truncatingIfNeeded: SIGINT)
                _ = write(Self.signalPipe[1], &byte, 1)
                return
            }
        }
    }

    private func endOfInput() {
        guard running else { return }
        io.write("\nend of input: the journal is saved; continue with 'cdx resume \(Files.shown(journalPath)) --listen \(options.host):\(boundPort)' (add --no-console to serve the seats without a console)\n")
        if let unrecorded {
            io.write("warning: \(unrecorded) was NOT recorded (the journal could not be written); after 'cdx resume \(Files.shown(journalPath))', give it again\n")
            exitStatus = ExitStatus.failure
        }
        running = false
    }

    // MARK: The console

    private func readConsole() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = read(0, &chunk, chunk.count)
        if n < 0, errno == EINTR || errno == EAGAIN { return }
        if n <= 0 {
            if !consoleBuffer.isEmpty { consoleLine(String(decoding: consoleBuffer, as: UTF8.self)); consoleBuffer = [] }
            endOfInput()
            return
        }
        if editor != nil { return editConsole(Array(chunk[0..<n])) }
        consoleBuffer += chunk[0..<n]
        while running, let newline = consoleBuffer.firstIndex(of: 0x0A) {
            var line = Array(consoleBuffer[..<newline])
            consoleBuffer.removeSubrange(...newline)
            if line.last == 0x0D { line.removeLast() }
            consoleLine(String(decoding: line, as: UTF8.self))
        }
    }

    private func consoleLine(_ raw: String) {
        let (output, _) = whiteCommand(raw, from: nil)
        io.write(output)
        if session.isFinished, running {
            io.write("\nThe exercise is over. The seats stay open for the hot wash; type 'quit' (or send SIGINT) to stop.\n")
        }
        prompt()
    }

    /// A line from the console or the white seat: the console's commands and decisions,
    /// and the server's own (`seats`, `accept`, `refuse`, `scores`). Returns the reply and
    /// whether it was a decision and how it came out.
    private func whiteCommand(_ raw: String, from seat: SeatRole?) -> (String, JSONValue?) {
        let x = session.exercise
        let input = raw.trimmingCharacters(in: .whitespaces)
        let words = input.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let first = words.first?.lowercased() ?? ""
        switch first {
        case "seats":
            guard seat == nil else { return ("error: seat codes are shown at the console only\n", nil) }
            if words.count == 1 { return (seatsText(), nil) }
            guard words.count == 3, words[1].lowercased() == "reissue", let role = SeatRole.named(words[2], in: x) else {
                return ("error: write 'seats' or 'seats reissue ROLE' (roles: \(SeatRole.all(x).map { $0.name(in: x) }.joined(separator: ", ")))\n", nil)
            }
            codes.reissue(role)
            do { try codes.write(to: codesPath, in: x) } catch { return ("error: \(error.message)\n", nil) }
            for c in Array(clients.values) where c.streaming != nil && codes.role(forSession: c.streaming!) == nil { drop(c) }
            return ("\(role.name(in: x)): new code \(codes.code(of: role)!); the old one no longer works and its browsers were signed out\n", nil)
        case "scores":
            guard words.count == 2, ["show", "hide"].contains(words[1].lowercased()) else { return ("error: write 'scores show' or 'scores hide' (the board's scores)\n", nil) }
            context.scoresOnBoard = words[1].lowercased() == "show"
            changed()
            return ("the board \(context.scoresOnBoard ? "shows" : "hides") the scores\n", nil)
        case "accept", "refuse":
            return review(words, raw: input)
        case "help", "?":
            guard words.count == 1 else { break }
            return (Console.help(x) + """
                Seats (this run serves them at \(address)):
                  seats                 every seat's code and link, and how many browsers each has live
                  seats reissue ROLE    a new code for a seat; its browsers are signed out
                  scores show|hide      the scores and mission levels on the board (shown at ENDEX anyway)
                  accept N              (--review) let held decision #N be made
                  refuse N "why"        (--review) refuse it; the refusal and your words are journaled
                  stop                  stop serving and end the run (the journal is saved)

                """, nil)
        case "quit", "exit", "stop":
            guard words.count == 1 else { return ("error: '\(first)' takes nothing after it\n", nil) }
            running = false
            if let unrecorded, seat == nil {
                exitStatus = ExitStatus.failure
                return ("warning: \(unrecorded) was NOT recorded; after 'cdx resume \(Files.shown(journalPath))', give it again\n", nil)
            }
            return ("stopped at turn \(session.state.turn) of \(x.turns); the journal is saved. Continue with: cdx resume \(Files.shown(journalPath)) --listen \(options.host):\(boundPort)\n", nil)
        default: break
        }
        var command = ConsoleCommand.parse(raw, exercise: session.exercise, parser: session.parser, currentTurn: session.state.turn)
        if session.isFinished {
            switch command {
            case .next, .skip, .undo, .edit, .decide:
                return ("the exercise is over: nothing more can be decided (score, board, status and view still answer; 'stop' ends the run)\n", nil)
            default: break
            }
        }
        if case .decide(var d) = command {
            d.seat = seat?.decisionSeat
            command = .decide(d)
        }
        switch command {
        case .next, .skip: refuseHeld("the turn closed before the white cell ruled on it")
        default: break
        }
        let before = session.events.count
        var reply = Console.reduce(&session, command, journalPath: journalPath, until: until)
        // 'edit' at the console puts the withdrawn line back at its prompt (a seat retypes it).
        if let line = reply.retype {
            if seat == nil, editor != nil { retype = line } else { reply.output += "to correct it, type it again: \(line)\n" }
        }
        // The head the console printed for the room, as it was when the turn closed.
        for head in reply.closedHeads { context.heads.append((head.turn, head.hash)) }
        switch reply.journal {
        case .untouched: break
        case .recorded: if seat == nil { unrecorded = nil }
        case .refused(let what): if seat == nil { unrecorded = what }
        }
        if session.events.count > before { changed() }
        if let end = reply.end {
            switch end {
            case .quit: running = false
            case .stopped: running = false
            case .failed: running = false; exitStatus = ExitStatus.failure
            }
        }
        var outcome: JSONValue?
        if case .decide = command {
            outcome = session.events[before...].first.flatMap { e -> JSONValue? in
                guard case .decision(let d, let r) = e.kind else { return nil }
                return outcomeJSON(d, r, x)
            }
        }
        if seat != nil, session.events.count > before, options.console {
            io.write("\n[\(seat!.name(in: x)) seat] \(raw)\n" + reply.output)
            prompt()
        }
        return (reply.output, outcome)
    }

    private func outcomeJSON(_ d: Decision, _ r: Rejection?, _ x: Exercise) -> JSONValue {
        guard let r else { return .object([("outcome", .string("applied")), ("line", .string(d.line(in: x)))]) }
        return .object([
            ("outcome", .string("rejected")), ("line", .string(d.line(in: x))), ("rule", .string(r.name)),
            ("message", .string(r.message(for: d, in: x))),
        ])
    }

    private func seatsText() -> String {
        let x = session.exercise
        var out = "Seats at \(address) (codes in \(Files.shown(codesPath)); 'seats reissue ROLE' replaces one):\n"
        let width = codes.entries.map { $0.role.name(in: x).count }.max() ?? 0
        for entry in codes.entries {
            let name = entry.role.name(in: x)
            let token = SeatCodes.session(forCode: entry.code).token
            let live = clients.values.filter { $0.streaming == token }.count
            out += "  \(name)\(String(repeating: " ", count: width - name.count))  \(entry.code)  \(address)#\(entry.code)  (\(plural(live, "browser")) live)\n"
        }
        return out
    }

    // MARK: Review (--review)

    private func review(_ words: [String], raw: String) -> (String, JSONValue?) {
        let x = session.exercise
        guard options.review else { return ("error: decisions are not held for review in this run (start it with --review)\n", nil) }
        guard words.count >= 2, let n = Int(words[1].trimmingCharacters(in: CharacterSet(charactersIn: "#"))),
              let k = context.held.firstIndex(where: { $0.number == n })
        else {
            let open = context.held.map { "#\($0.number)" }.joined(separator: ", ")
            return ("error: write 'accept N' or 'refuse N \"why\"' with N one of the held decisions (\(open.isEmpty ? "none is held" : open))\n", nil)
        }
        let held = context.held[k]
        if words[0].lowercased() == "accept" {
            guard words.count == 2 else { return ("error: 'accept N' takes nothing more\n", nil) }
            context.held.remove(at: k)
            let (output, outcome) = decide(held.decision, role: held.role)
            changed()
            return ("accepted #\(n): \(held.decision.line(in: x))\n" + output, outcome)
        }
        // The reason: everything after the number, quotes optional.
        var reason = raw.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).dropFirst(2).first.map(String.init) ?? ""
        reason = reason.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !reason.isEmpty else { return ("error: say why: refuse \(n) \"why\"\n", nil) }
        context.held.remove(at: k)
        var d = held.decision
        d.seat = held.role.decisionSeat
        let (output, outcome) = refuse(d, reason: reason)
        changed()
        return ("refused #\(n): \(held.decision.line(in: x))\n" + output, outcome)
    }

    /// Journals a held decision as refused by the white cell, with the reason.
    private func refuse(_ d: Decision, reason: String) -> (String, JSONValue?) {
        let x = session.exercise
        do {
            let events = try session.refuse(d, reason: InternedText(reason))
            let r = events.first.flatMap { e -> Rejection? in if case .decision(_, let r) = e.kind { return r } else { return nil } }
            return (Console.decisionText(events, x, requests: session.state.requests), r.map { outcomeJSON(d, $0, x) })
        } catch {
            return ("error: \(CDX.printable(error.message))\nthe refusal was NOT recorded\n", .object([("outcome", .string("not-recorded")), ("message", .string(error.message))]))
        }
    }

    private func refuseHeld(_ reason: String) {
        let held = context.held
        context.held = []
        for h in held where session.state.turnOpen && h.turn == session.state.turn {
            var d = h.decision
            d.seat = h.role.decisionSeat
            _ = refuse(d, reason: reason)
        }
    }

    // MARK: Decisions from seats

    /// Journals a decision from a seat and says how it came out, as the seat may be told it.
    private func decide(_ decision: Decision, role: SeatRole) -> (String, JSONValue?) {
        let x = session.exercise
        var d = decision
        d.seat = role.decisionSeat
        let requests = session.state.requests
        do {
            let events = try session.decide(d)
            changed()
            let viewer: Viewer = role.teamIndex.map { .team($0) } ?? .whiteCell
            var narrator = EventNarrator(exercise: x, viewer: viewer, requests: requests)
            var told = events.compactMap { narrator.describe($0) }.filter { !$0.isRoutine }.map(\.text)
            // As the console says it: a hunt that raised no alert found nothing (for the team
            // that hunted, an alert is the only result there is).
            if case .hunt = d.verb, case .decision(_, nil) = events.first?.kind,
               !events.contains(where: { if case .alert(let t, _, _) = $0.kind { return t == d.team } else { return false } }) {
                told.append("the hunt found nothing")
            }
            if options.console {
                io.write("\n[\(role.name(in: x)) seat] " + Console.decisionText(events, x, requests: requests))
                prompt()
            }
            guard case .decision(_, let r) = events.first?.kind else { return ("", nil) }
            var outcome = outcomeJSON(d, r, x)
            if case .object(var fields) = outcome {
                fields.append(("told", .array(told.map { .string($0) })))
                outcome = .object(fields)
            }
            return (told.joined(separator: "\n"), outcome)
        } catch {
            return ("", .object([("outcome", .string("not-recorded")), ("message", .string("the journal could not be written: \(error.message); nothing was decided"))]))
        }
    }

    /// What a team seat may type, with examples from what the team's own view lists.
    private func teamHelp(_ t: Int) -> String {
        let x = session.exercise
        var choices: [String: [String]] = [:]
        if case .object(let fields) = SeatView.render(session, role: .team(t), context: context),
           let c = fields.first(where: { $0.key == "choices" })?.value.objectValue {
            for (k, v) in c { choices[k] = (v.arrayValue ?? []).compactMap { $0["id"]?.stringValue ?? $0.stringValue } }
        }
        let asset = choices["assets"]?.first ?? "ASSET", segment = choices["segments"]?.first ?? "SEGMENT"
        let item = choices["items"]?.first ?? "CARD", to = choices["shareTo"]?.first ?? "TEAM"
        var rows: [(String, String)] = []
        if x.teams[t].role == .observer {
            rows = [("note \"text\"", "a note for the record (observers only take notes)")]
        } else {
            rows = [
                ("detect \(asset) T1566.001", "report an asset compromised (an ATT&CK technique may follow)"),
                ("hunt \(segment)", "search a segment for hidden compromises"),
                ("contain \(asset)", "isolate an asset (its service goes down until restored)"),
                ("restore \(asset)", "rebuild an asset (takes its restore time)"),
                ("share \(item) -> \(to)", "send a card or what you know of an asset over a channel"),
                ("tearline \(item)", "make a releasable copy of a card"),
                ("request TEAM \(asset)", "ask a team for help on an asset"),
                ("grant TEAM \(asset)", "give a team authority on an asset"),
                ("block C2 · revoke CREDENTIAL", "cut a C2 channel or reset stolen credentials you know of"),
                ("attribute ACTOR moderate", "assess who is behind it (low, moderate, high; 'public' to say so publicly)"),
                ("approve R1 · deny R1", "answer a request that waits for your approval"),
                ("note \"text\"", "a note for the record"),
            ]
        }
        let width = rows.map(\.0.count).max() ?? 0
        return "Decisions for \(x.teams[t].id) (the team's name in front is optional):\n"
            + rows.map { "  \($0.0)\(String(repeating: " ", count: width - $0.0.count + 3))\($0.1)\n" }.joined()
    }

    /// The names a team may be offered in a did-you-mean: verbs, teams, and what its own
    /// view lists (assets it acts on or knows, segments, its cards). The parser suggests from
    /// the whole exercise, which would name a card or an emitter the team has never seen.
    private func knownNames(_ t: Int) -> Set<String> {
        var names = Set(Decision.Verb.names + session.exercise.teams.map(\.id) + ["low", "moderate", "high", "public", "met", "late", "missed"])
        if case .object(let fields) = SeatView.render(session, role: .team(t), context: context),
           let choices = fields.first(where: { $0.key == "choices" })?.value.objectValue {
            for (_, list) in choices { for v in list.arrayValue ?? [] { if let n = v["id"]?.stringValue ?? v.stringValue { names.insert(n) } } }
        }
        return names
    }

    /// The message without its "; did you mean 'X'?" when X is not one of `names`.
    static func withoutSuggestion(_ message: String, unless names: Set<String>) -> String {
        guard let match = message.firstMatch(of: /; did you mean '([^']*)'\?/), !names.contains(String(match.1)) else { return message }
        return message.replacingCharacters(in: match.range, with: "")
    }

    /// A team seat's line: the team's own verbs, its id optional in front.
    private func teamLine(_ line: String, team t: Int, role: SeatRole, turn: Int?) -> HTTPResponse {
        let x = session.exercise
        var words = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard !words.isEmpty else { return .error(400, "type a decision, e.g. 'detect ASSET'") }
        if words.count == 1, ["help", "?"].contains(words[0].lowercased()) {
            return HTTPResponse(json: .object([("outcome", .string("done")), ("output", .string(teamHelp(t)))]))
        }
        if let other = x.teams.firstIndex(where: { $0.id.lowercased() == words[0].lowercased() }) {
            guard other == t else {
                return HTTPResponse(status: 403, json: .object([
                    ("outcome", .string("refused")),
                    ("message", .string("this is \(x.teams[t].id)'s seat: \(x.teams[other].id) decides at its own seat")),
                ]))
            }
            words.removeFirst()
        }
        let text = "\(x.teams[t].id) \(words.joined(separator: " "))"
        switch session.parser.parseConsoleLine(text, currentTurn: session.state.turn) {
        case .failure(let diagnostic):
            let renderer = DiagnosticRenderer(path: "input", source: SourceText(text), colour: false)
            var message = renderer.render(diagnostic).replacingOccurrences(of: "input:1:", with: "column ")
            message = Self.withoutSuggestion(message, unless: knownNames(t))
            return HTTPResponse(status: 422, json: .object([("outcome", .string("invalid")), ("message", .string(message + "nothing was decided"))]))
        case .success(let decision):
            guard decision.team == t else {
                return HTTPResponse(status: 403, json: .object([("outcome", .string("refused")), ("message", .string("this seat decides for \(x.teams[t].id) only"))]))
            }
            if options.review {
                let held = SeatView.Held(number: nextHeld, role: role, decision: decision, turn: turn ?? session.state.turn)
                nextHeld += 1
                context.held.append(held)
                changed()
                if options.console {
                    io.write("\n[\(role.name(in: x)) seat] held #\(held.number) for review: \(decision.line(in: x)) — 'accept \(held.number)' or 'refuse \(held.number) \"why\"'\n")
                    prompt()
                }
                return HTTPResponse(status: 202, json: .object([
                    ("outcome", .string("held")), ("number", .int(held.number)), ("line", .string(decision.line(in: x))),
                    ("message", .string("held for the white cell's ruling (#\(held.number))")),
                ]))
            }
            let (_, outcome) = decide(decision, role: role)
            guard let outcome else { return .error(500, "no outcome") }
            return HTTPResponse(status: outcome["outcome"]?.stringValue == "not-recorded" ? 503 : 200, json: outcome)
        }
    }

    // MARK: Requests

    private func readClient(_ c: Client, now: Double) {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let n = recv(c.fd, &chunk, chunk.count, 0)
        if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            drop(c)
            return
        }
        guard n > 0 else { return }
        if c.streaming != nil || c.closeAfterWrite { return }  // nothing more is read once answered
        c.input += chunk[0..<n]
        switch HTTPRequestReader.parse(c.input) {
        case .incomplete:
            return
        case .invalid(let status, let reason):
            respond(c, .error(status, reason))
        case .request(let request, let consumed):
            if consumed < c.input.count {
                respond(c, .error(400, "pipelined requests are not served: send one request per connection"))
                return
            }
            handle(request, c, now: now)
        }
    }

    private func respond(_ c: Client, _ response: HTTPResponse, head: Bool = false) {
        c.output += response.serialized(headOnly: head)
        c.closeAfterWrite = true
        flush(c)
    }

    private func flush(_ c: Client) {
        while !c.output.isEmpty {
            let n = c.output.withUnsafeBytes { send(c.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                c.output.removeFirst(n)
                c.lastSent = Self.now()
            } else {
                if n < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { break }
                drop(c)
                return
            }
        }
        if c.output.isEmpty, c.closeAfterWrite, c.streaming == nil {
            shutdown(c.fd, Int32(SHUT_WR))
            drop(c)
        } else if c.streaming != nil, c.output.count > Limits.outgoingBytes {
            // An event stream whose reader stopped reading (an answer is bounded by its view).
            drop(c)
        }
    }

    private func drop(_ c: Client) {
        guard clients[c.fd] != nil else { return }
        close(c.fd)
        clients[c.fd] = nil
        lastTold[c.fd] = nil
    }

    private func acceptClients(now: Double) {
        while true {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            guard fd >= 0 else { return }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let client = Client(fd: fd, peer: Self.peer(address), now: now)
            if clients.count >= Limits.connections {
                // Full: the oldest connection that has not finished sending its request makes
                // room (idle sockets cannot hold the seats out), else the newcomer is told.
                if let oldest = clients.values.filter({ $0.streaming == nil && !$0.closeAfterWrite }).min(by: { $0.opened < $1.opened }) {
                    drop(oldest)
                } else {
                    clients[fd] = client
                    respond(client, .error(503, "too many connections (\(Limits.connections)); try again shortly", headers: [("Retry-After", "5")]))
                    continue
                }
            }
            clients[fd] = client
        }
    }

    private static func peer(_ address: sockaddr_storage) -> String {
        var address = address
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if address.ss_family == sa_family_t(AF_INET) {
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                var a = p.pointee.sin_addr
                _ = inet_ntop(AF_INET, &a, &text, socklen_t(text.count))
            } }
        } else {
            withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                var a = p.pointee.sin6_addr
                _ = inet_ntop(AF_INET6, &a, &text, socklen_t(text.count))
            } }
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Drops requests that take too long to arrive and keeps event streams alive.
    private func sweep(now: Double) {
        for c in Array(clients.values) {
            if c.streaming == nil, !c.closeAfterWrite, now - c.opened > Limits.requestSeconds {
                respond(c, .error(408, "the request did not arrive within \(Int(Limits.requestSeconds)) s"))
            } else if c.closeAfterWrite, c.streaming == nil, now - c.opened > Limits.requestSeconds * 3 {
                drop(c)
            } else if c.streaming != nil, now - c.lastSent > Limits.keepAliveSeconds {
                c.output += Array(": keep-alive\n\n".utf8)
                flush(c)
            }
        }
    }

    /// Whether the Host (or Origin) names this server: an IP literal or localhost with our
    /// port, or a name the operator allowed (a proxy's). Anything else may be a DNS
    /// rebinding page and is refused.
    func hostAllowed(_ value: String) -> Bool {
        var host = value.lowercased()
        var port: String?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") { port = String(rest.dropFirst()) } else if !rest.isEmpty { return false }
            host = String(host[host.index(after: host.startIndex)..<close])
            guard host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            let parts = host.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return false }
            host = String(parts[0])
            if parts.count == 2 { port = String(parts[1]) }
        }
        if options.allowedHosts.contains(where: { $0.lowercased() == host }) { return true }
        guard port == String(boundPort) else { return false }
        guard host.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        if host == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        // ASCII digits only: '½' and '１' are numbers to Swift, and no address.
        if octets.count == 4, octets.allSatisfy({ o in
            !o.isEmpty && o.count <= 3 && o.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && (Int(o) ?? 256) <= 255
        }) { return true }
        return value.hasPrefix("[")
    }

    private func seat(of request: HTTPRequest) -> (token: String, seat: Seat)? {
        guard let token = request.cookie("cdx_seat"), let s = codes.role(forSession: token) else { return nil }
        return (token, Seat(role: s.role, csrf: s.csrf))
    }

    private func handle(_ request: HTTPRequest, _ c: Client, now: Double) {
        guard let host = request.header("host"), hostAllowed(host) else {
            respond(c, .error(421, "this server does not answer to that Host (DNS rebinding protection); use the address cdx printed, or start it with --allow-host NAME"))
            return
        }
        if let origin = request.header("origin"), origin != "null" {
            let authority = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
            guard hostAllowed(authority) else {
                respond(c, .error(403, "requests from another origin are refused"))
                return
            }
        }
        let head = request.method == "HEAD"
        switch (request.method, request.path) {
        case ("GET", "/"), ("HEAD", "/"), ("GET", "/join"), ("HEAD", "/join"):
            respond(c, HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: Array(SeatPages.join(session.exercise).utf8)), head: head)
        case ("GET", "/seat"), ("HEAD", "/seat"):
            guard seat(of: request) != nil else {
                respond(c, HTTPResponse(status: 303, text: "join first\n", headers: [("Location", "/")]), head: head)
                return
            }
            respond(c, HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: Array(SeatPages.seat(session.exercise).utf8)), head: head)
        case ("GET", "/static/seat.js"), ("HEAD", "/static/seat.js"):
            respond(c, HTTPResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: Array(SeatPages.script.utf8)), head: head)
        case ("GET", "/static/seat.css"), ("HEAD", "/static/seat.css"):
            respond(c, HTTPResponse(status: 200, contentType: "text/css; charset=utf-8", body: Array(SeatPages.style.utf8)), head: head)
        case ("GET", "/favicon.ico"), ("HEAD", "/favicon.ico"):
            respond(c, HTTPResponse(status: 204, body: []), head: head)
        case ("POST", "/api/join"):
            join(request, c, now: now)
        case ("POST", "/api/leave"):
            guard let (token, s) = seat(of: request) else { respond(c, .error(401, "not joined")); return }
            guard csrfValid(request, s) else { respond(c, .error(403, "missing or wrong X-CSRF-Token")); return }
            _ = token
            respond(c, HTTPResponse(status: 200, json: .object([("left", .bool(true))]), headers: [("Set-Cookie", "cdx_seat=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")]))
        case ("GET", "/api/view"), ("HEAD", "/api/view"):
            guard let (_, s) = seat(of: request) else { respond(c, .error(401, "not joined: POST /api/join with your seat's code")); return }
            var view = SeatView.render(session, role: s.role, context: context)
            // The page's token for its requests, readable only by pages of this origin.
            if case .object(var fields) = view { fields.append(("csrf", .string(s.csrf))); view = .object(fields) }
            respond(c, HTTPResponse(json: view), head: head)
        case ("GET", "/api/events"):
            guard let (token, s) = seat(of: request) else { respond(c, .error(401, "not joined: POST /api/join with your seat's code")); return }
            // At most this many streams per seat: a browser that reconnects replaces its oldest.
            let mine = clients.values.filter { $0.streaming == token }.sorted { $0.opened < $1.opened }
            for old in mine.prefix(max(0, mine.count - Limits.streamsPerSeat + 1)) { drop(old) }
            c.streaming = token
            let d = digest(s.role)
            lastTold[c.fd] = d
            c.output += HTTPResponse(status: 200, contentType: "text/event-stream; charset=utf-8", body: []).serialized(keepOpen: true)
            c.output += Array("retry: 2000\n\n".utf8) + event(d)
            flush(c)
        case ("POST", "/api/decide"):
            decideRequest(request, c)
        case (_, "/"), (_, "/join"), (_, "/seat"), (_, "/static/seat.js"), (_, "/static/seat.css"), (_, "/api/view"), (_, "/api/events"),
             (_, "/api/join"), (_, "/api/decide"), (_, "/api/leave"):
            respond(c, .error(405, "\(request.method) is not served at \(request.path)", headers: [("Allow", request.path.hasPrefix("/api/") && request.path != "/api/view" && request.path != "/api/events" ? "POST" : "GET, HEAD")]))
        default:
            respond(c, .error(404, "no such page: \(request.path)"))
        }
    }

    private func csrfValid(_ request: HTTPRequest, _ s: Seat) -> Bool {
        guard let token = request.header("x-csrf-token") else { return false }
        return SeatCodes.constantTimeEqual(Array(token.utf8), Array(s.csrf.utf8))
    }

    private func isForm(_ request: HTTPRequest) -> Bool {
        guard let type = request.header("content-type")?.lowercased() else { return true }
        return type.hasPrefix("application/x-www-form-urlencoded")
    }

    private func join(_ request: HTTPRequest, _ c: Client, now: Double) {
        let x = session.exercise
        var recent = (failures[c.peer] ?? []).filter { now - $0 < Limits.failureWindow }
        failures[c.peer] = recent
        if recent.count >= Limits.failures {
            respond(c, .error(429, "too many wrong codes from this address; wait a minute", headers: [("Retry-After", "60")]))
            return
        }
        guard isForm(request), let form = request.form, let code = form["code"] else {
            respond(c, .error(400, "send the form body code=CODE (application/x-www-form-urlencoded)"))
            return
        }
        guard let role = codes.role(forCode: code) else {
            recent.append(now)
            failures[c.peer] = recent
            if failures.count > 10_000 { failures = failures.filter { !$0.value.isEmpty && now - $0.value.last! < Limits.failureWindow } }
            respond(c, .error(403, "that is not a seat code of this exercise"))
            return
        }
        let (token, csrf) = SeatCodes.session(forCode: code)
        respond(c, HTTPResponse(json: .object([
            ("role", .string(role.name(in: x))), ("team", role.teamIndex.map { .string(x.teams[$0].id) } ?? .null), ("csrf", .string(csrf)),
        ]), headers: [("Set-Cookie", "cdx_seat=\(token); Path=/; HttpOnly; SameSite=Strict" + (request.header("x-forwarded-proto") == "https" ? "; Secure" : ""))]))
    }

    private func decideRequest(_ request: HTTPRequest, _ c: Client) {
        let x = session.exercise
        guard let (_, s) = seat(of: request) else { respond(c, .error(401, "not joined: POST /api/join with your seat's code")); return }
        guard csrfValid(request, s) else { respond(c, .error(403, "missing or wrong X-CSRF-Token")); return }
        guard isForm(request), let form = request.form, let line = form["line"] else {
            respond(c, .error(400, "send the form body line=DECISION (application/x-www-form-urlencoded)"))
            return
        }
        guard line.utf8.count <= 2000, !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            respond(c, .error(400, "a decision is one line of at most 2000 bytes without control characters"))
            return
        }
        var turn: Int?
        if let t = form["turn"], !t.isEmpty {
            guard let n = Int(t) else { respond(c, .error(400, "turn must be a number")); return }
            turn = n
        }
        if s.role == .board { respond(c, .error(403, "the board decides nothing")); return }
        let now = Self.now()
        var bucket = allowance[s.role] ?? (Limits.decisionBurst, now)
        bucket.tokens = min(Limits.decisionBurst, bucket.tokens + (now - bucket.at) * Limits.decisionsPerSecond)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            allowance[s.role] = bucket
            respond(c, .error(429, "this seat is deciding faster than a room can (\(Int(Limits.decisionsPerSecond)) a second); wait a moment", headers: [("Retry-After", "1")]))
            return
        }
        bucket.tokens -= 1
        allowance[s.role] = bucket
        let stale: String? = {
            if session.isFinished { return "the exercise is over; nothing more can be decided" }
            if let turn, turn != session.state.turn || !session.state.turnOpen {
                return "turn \(turn) has closed; the decision was not made (the exercise is at turn \(session.state.turn)): look at the new turn and decide again"
            }
            return nil
        }()
        switch s.role {
        case .team(let t):
            if let stale { respond(c, HTTPResponse(status: 409, json: .object([("outcome", .string("refused")), ("message", .string(stale))]))); return }
            respond(c, teamLine(line, team: t, role: s.role, turn: turn))
        case .evaluator:
            if let stale { respond(c, HTTPResponse(status: 409, json: .object([("outcome", .string("refused")), ("message", .string(stale))]))); return }
            guard session.state.turnOpen else {
                respond(c, HTTPResponse(status: 409, json: .object([("outcome", .string("refused")), ("message", .string("no turn is open; the note was not recorded"))])))
                return
            }
            guard let white = x.teams.firstIndex(where: { $0.role == .white }) else { respond(c, .error(409, "the exercise has no white cell to note for")); return }
            // An observation in the EEG file's syntax (`objective O1 rating S observation "…"`), as at the
            // console; a line of prose that merely starts with "objective" or "expectation" stays a note.
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map { $0.lowercased() }
            let first = words.first ?? ""
            let eegField = words.count >= 3 && ["rating", "observation", "analysis", "recommendation"].contains(words[2])
            if ["evaluator", "observe"].contains(first) || (["objective", "expectation"].contains(first) && eegField) {
                var rest = line.trimmingCharacters(in: .whitespaces)
                if first == "evaluator" || first == "observe" { rest = String(rest.dropFirst(first.count)) }
                let typed = "evaluator " + rest.trimmingCharacters(in: .whitespaces)
                switch session.parser.parseConsoleLine(typed, currentTurn: session.state.turn) {
                case .failure(let diagnostic):
                    let message = DiagnosticRenderer(path: "input", source: SourceText(typed), colour: false).render(diagnostic)
                        .replacingOccurrences(of: "input:1:", with: "column ")
                    respond(c, HTTPResponse(status: 422, json: .object([("outcome", .string("invalid")), ("message", .string(message + "nothing was recorded"))])))
                case .success(let decision):
                    let (_, outcome) = decide(decision, role: .evaluator)
                    respond(c, HTTPResponse(status: outcome?["outcome"]?.stringValue == "not-recorded" ? 503 : 200, json: outcome ?? .null))
                }
                return
            }
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasPrefix("note ") { text = String(text.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            if let about = form["about"], !about.isEmpty {
                let ids = x.objectives.map(\.id) + x.injects.flatMap { i in i.expectations.map { "\(i.id).\($0.number)" } }
                guard ids.contains(about) else {
                    respond(c, .error(400, "'about' names an objective or an expectation of the exercise (\(ids.prefix(6).joined(separator: ", "))\(ids.count > 6 ? ", …" : ""))"))
                    return
                }
                text = "[\(about)] " + text
            }
            guard !text.isEmpty else { respond(c, .error(400, "write the note")); return }
            let (_, outcome) = decide(Decision(team: white, verb: .note(InternedText(text))), role: .evaluator)
            respond(c, HTTPResponse(status: outcome?["outcome"]?.stringValue == "not-recorded" ? 503 : 200, json: outcome ?? .null))
        case .white:
            if let turn, turn != session.state.turn, !line.lowercased().hasPrefix("next") {
                respond(c, HTTPResponse(status: 409, json: .object([("outcome", .string("refused")), ("message", .string(stale ?? "the turn moved"))])))
                return
            }
            if line.lowercased().trimmingCharacters(in: .whitespaces) == "next", let turn, turn != session.state.turn {
                respond(c, HTTPResponse(status: 409, json: .object([("outcome", .string("refused")), ("message", .string("turn \(turn) is already closed; not closing turn \(session.state.turn) too"))])))
                return
            }
            let (output, outcome) = whiteCommand(line, from: .white)
            var fields: [(key: String, value: JSONValue)] = outcome?.objectValue ?? [("outcome", .string("done"))]
            fields.append(("output", .string(output)))
            respond(c, HTTPResponse(json: .object(fields)))
        case .board:
            break
        }
    }

    // MARK: Live updates

    /// A seat's view and its digest: what an event stream tells is only that digest, and
    /// only when it changed, so a stream says no more than the view it stands for (a team's
    /// stream is silent when the white cell does what the team cannot see).
    private func digest(_ role: SeatRole) -> String {
        let view = SeatView.render(session, role: role, context: context)
        return String(SHA256.digest(Array(view.serialized().utf8)).hexString.prefix(16))
    }

    private func event(_ digest: String) -> [UInt8] {
        Array("event: change\ndata: {\"view\":\"\(digest)\",\"turn\":\(session.state.turn)}\n\n".utf8)
    }

    /// Something may have changed a view: told to the event streams once the loop has
    /// answered the request that caused it, so that fan-out never delays an outcome.
    private func changed() { pendingChange = true }

    private func announce() {
        pendingChange = false
        var digests: [SeatRole: String] = [:]
        for c in Array(clients.values) where c.streaming != nil {
            guard let token = c.streaming, let role = codes.role(forSession: token)?.role else {
                drop(c)
                continue
            }
            let d = digests[role] ?? digest(role)
            digests[role] = d
            guard lastTold[c.fd] != d else { continue }
            lastTold[c.fd] = d
            c.output += event(d)
            flush(c)
        }
    }
}
