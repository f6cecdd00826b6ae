import ExerciseCore

/// One HTTP/1.1 request as the seat server reads it (RFC 9112): bytes in, a request or a
/// 4xx/5xx status out, with every part bounded. Pure, so that it is tested and fuzzed
/// without a socket; only `SeatServer` touches sockets.
struct HTTPRequest: Equatable, Sendable {
    var method: String
    /// The path of the origin-form target, percent-decoded; the query is in `query`.
    var path: String
    var query: [String: String]
    /// "HTTP/1.1" or "HTTP/1.0".
    var version: String
    /// Field names lowercased, in the order received.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.query == b.query && a.version == b.version
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value) && a.body == b.body
    }

    /// The first field of that name (lowercase), if any.
    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// The cookie of that name from the Cookie field(s).
    func cookie(_ name: String) -> String? {
        for field in headers where field.name == "cookie" {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces == name { return String(parts[1].trimmingSpaces) }
            }
        }
        return nil
    }

    /// The body as an `application/x-www-form-urlencoded` form, or nil when it is not one
    /// (or is not UTF-8 once decoded).
    var form: [String: String]? { HTTPForm.decode(body) }
}

/// What the reader makes of the bytes received so far.
enum HTTPParse: Equatable {
    /// More bytes are needed (none of the limits is passed yet).
    case incomplete
    /// A whole request, and how many bytes it took (anything after it was sent before the
    /// answer: pipelining, which the server refuses).
    case request(HTTPRequest, consumed: Int)
    /// A request the server will not serve: the status to answer and why.
    case invalid(status: Int, reason: String)
}

/// The reader's bounds: a request passing one is answered with the 4xx RFC 9112 gives.
struct HTTPLimits: Sendable {
    var requestLine = 4096
    var headerBytes = 16384
    var headerFields = 64
    var body = 16384

    static let seats = HTTPLimits()
}

enum HTTPRequestReader {
    static let methods: Set<String> = ["GET", "HEAD", "POST"]

    /// Reads one request from the start of `bytes`.
    static func parse(_ bytes: [UInt8], limits: HTTPLimits = .seats) -> HTTPParse {
        // The head: lines ending CRLF (a bare LF is accepted, RFC 9112 §2.2), up to an empty line.
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var k = 0
        var headEnd: Int?
        /// Where the header fields begin (after the request line), once it has ended.
        var fieldsStart: Int?
        while k < bytes.count {
            if bytes[k] == 0x0A {
                var end = k
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                let line = bytes[start..<end]
                if lines.isEmpty, line.isEmpty, start == 0 {
                    // Leading empty lines before a request line are ignored (RFC 9112 §2.2).
                    start = k + 1
                    k += 1
                    continue
                }
                if line.isEmpty {
                    headEnd = k + 1
                    break
                }
                if lines.isEmpty, line.count > limits.requestLine { return .invalid(status: 414, reason: "the request line is longer than \(limits.requestLine) bytes") }
                lines.append(line)
                if fieldsStart == nil { fieldsStart = k + 1 }
                if lines.count > limits.headerFields + 1 { return .invalid(status: 431, reason: "more than \(limits.headerFields) header fields") }
                start = k + 1
            }
            k += 1
            if let fieldsStart, k - fieldsStart > limits.headerBytes {
                return .invalid(status: 431, reason: "the header is longer than \(limits.headerBytes) bytes")
            }
            if fieldsStart == nil, k - start > limits.requestLine + 2 {
                return .invalid(status: 414, reason: "the request line is longer than \(limits.requestLine) bytes")
            }
        }
        guard let headEnd else {
            if lines.isEmpty, bytes.count - start > limits.requestLine {
                return .invalid(status: 414, reason: "the request line is longer than \(limits.requestLine) bytes")
            }
            return .incomplete
        }
        guard let requestLine = lines.first else { return .invalid(status: 400, reason: "no request line") }
        guard let text = String(validating: requestLine, as: UTF8.self), text.allSatisfy({ $0.isASCII && !$0.isControl })
        else { return .invalid(status: 400, reason: "the request line is not printable ASCII") }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .invalid(status: 400, reason: "the request line is not 'METHOD TARGET HTTP/1.1'")
        }
        let method = String(parts[0]), target = String(parts[1]), version = String(parts[2])
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return version.hasPrefix("HTTP/") ? .invalid(status: 505, reason: "only HTTP/1.1 is served") : .invalid(status: 400, reason: "no HTTP version")
        }
        guard method.utf8.allSatisfy(HTTPForm.isTokenByte) else { return .invalid(status: 400, reason: "the method is not a token") }
        guard methods.contains(method) else { return .invalid(status: 405, reason: "method \(method) is not served (GET, HEAD, POST)") }
        guard target.hasPrefix("/") else { return .invalid(status: 400, reason: "the target must be a path (origin-form)") }
        let pathPart = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = HTTPForm.percentDecode(Array(pathPart[0].utf8), plusIsSpace: false) else {
            return .invalid(status: 400, reason: "the path is not valid percent-encoded UTF-8")
        }
        var query: [String: String] = [:]
        if pathPart.count == 2 {
            guard let q = HTTPForm.decode(Array(pathPart[1].utf8)) else { return .invalid(status: 400, reason: "the query is not a valid form") }
            query = q
        }

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let first = line.first, first != 0x20, first != 0x09 else {
                return .invalid(status: 400, reason: "folded header lines are not accepted")
            }
            guard let colon = line.firstIndex(of: 0x3A) else { return .invalid(status: 400, reason: "a header line has no ':'") }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(HTTPForm.isTokenByte) else {
                return .invalid(status: 400, reason: "a header name is not a token (no space before ':')")
            }
            var value = line[(colon + 1)...]
            while let b = value.first, b == 0x20 || b == 0x09 { value = value.dropFirst() }
            while let b = value.last, b == 0x20 || b == 0x09 { value = value.dropLast() }
            guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }), let v = String(validating: value, as: UTF8.self) else {
                return .invalid(status: 400, reason: "a header value holds control characters or is not UTF-8")
            }
            headers.append((String(decoding: name, as: UTF8.self).lowercased(), v))
        }
        let hosts = headers.filter { $0.name == "host" }
        if version == "HTTP/1.1", hosts.count != 1 { return .invalid(status: 400, reason: "an HTTP/1.1 request needs exactly one Host field") }
        if hosts.count > 1 { return .invalid(status: 400, reason: "more than one Host field") }
        if headers.contains(where: { $0.name == "transfer-encoding" }) {
            if headers.contains(where: { $0.name == "content-length" }) {
                return .invalid(status: 400, reason: "both Transfer-Encoding and Content-Length")
            }
            return .invalid(status: 501, reason: "Transfer-Encoding is not supported; send Content-Length")
        }
        var length = 0
        let lengths = headers.filter { $0.name == "content-length" }.map(\.value)
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
                  first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(first)
            else { return .invalid(status: 400, reason: "Content-Length is not one decimal number") }
            length = n
        }
        guard length <= limits.body else { return .invalid(status: 413, reason: "the body is longer than \(limits.body) bytes") }
        guard bytes.count - headEnd >= length else { return .incomplete }
        let request = HTTPRequest(method: method, path: path, query: query, version: version, headers: headers,
                                  body: Array(bytes[headEnd..<(headEnd + length)]))
        return .request(request, consumed: headEnd + length)
    }
}

/// Forms and percent-encoding (WHATWG URL, application/x-www-form-urlencoded).
enum HTTPForm {
    /// tchar of RFC 9110 §5.6.2.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Decodes %XX (and '+' as a space in forms); nil when an escape is cut or the result is not UTF-8.
    static func percentDecode(_ bytes: some Collection<UInt8>, plusIsSpace: Bool) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var it = bytes.makeIterator()
        while let b = it.next() {
            if b == 0x25 {
                guard let h = it.next().flatMap(hex), let l = it.next().flatMap(hex) else { return nil }
                out.append(h << 4 | l)
            } else if b == 0x2B, plusIsSpace {
                out.append(0x20)
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// `a=1&b=two+words`; a repeated name keeps its first value. Nil when malformed.
    static func decode(_ bytes: [UInt8]) -> [String: String]? {
        var out: [String: String] = [:]
        for pair in bytes.split(separator: 0x26, omittingEmptySubsequences: true) {
            let parts = pair.split(separator: 0x3D, maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecode(parts[0], plusIsSpace: true) else { return nil }
            guard let value = parts.count == 2 ? percentDecode(parts[1], plusIsSpace: true) : "" else { return nil }
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    /// Encodes a value for a form or a query (everything but unreserved characters escaped).
    static func encode(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.unicodeScalars.append(UnicodeScalar(b))
            default: out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

/// A response: status, fields and body, serialised with the security fields every seat
/// response carries (a strict CSP with no inline script, nosniff, no framing, no caching,
/// no referrer; no CORS field, so no other origin may read it).
struct HTTPResponse: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    var extraHeaders: [(String, String)] = []

    init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        extraHeaders = headers
    }

    init(status: Int, text: String, headers: [(String, String)] = []) {
        self.init(status: status, body: Array(text.utf8), headers: headers)
    }

    init(status: Int = 200, json: JSONValue, headers: [(String, String)] = []) {
        self.init(status: status, contentType: "application/json; charset=utf-8", body: Array(json.serialized().utf8), headers: headers)
    }

    /// A JSON error body `{"error": …}` with the status.
    static func error(_ status: Int, _ message: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, json: .object([("error", .string(message))]), headers: headers)
    }

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 303: return "See Other"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 421: return "Misdirected Request"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }

    /// The bytes on the wire; the connection closes after every response but an event stream.
    func serialized(headOnly: Bool = false, keepOpen: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n"
        if !keepOpen { head += "Content-Length: \(body.count)\r\nConnection: close\r\n" }
        for (name, value) in Self.securityHeaders + extraHeaders { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (headOnly ? [] : body)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

extension Character {
    fileprivate var isControl: Bool {
        guard let v = asciiValue else { return false }
        return v < 0x20 || v == 0x7F
    }
}
