// Fuzz target: the seat server's HTTP/1.1 reader. The input is what a client sent on a
// connection; it is read as the server reads it (HTTPRequestReader.parse), with the seat
// limits and with tight ones, and what it makes of it must hold together.

@testable import ExerciseCLI
import ExerciseCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    for limits in [HTTPLimits.seats, HTTPLimits(requestLine: 32, headerBytes: 64, headerFields: 3, body: 8)] {
        switch HTTPRequestReader.parse(bytes, limits: limits) {
        case .incomplete:
            require(bytes.count <= limits.requestLine + limits.headerBytes + limits.body + 4, "an incomplete request is within the limits")
        case .invalid(let status, let reason):
            require((400...505).contains(status), "a refusal is a 4xx or a 5xx: \(status)")
            require(!reason.isEmpty && HTTPResponse.reason(status) != "Status", "a refusal says why, under a known status")
            let answer = HTTPResponse.error(status, reason).serialized()
            require(String(validating: answer, as: UTF8.self) != nil, "the answer is UTF-8")
        case .request(let request, let consumed):
            require(consumed > 0 && consumed <= bytes.count, "a request takes some of the bytes, no more than were sent")
            require(request.body.count <= limits.body, "the body is within the limit")
            require(request.headers.count <= limits.headerFields, "the fields are within the limit")
            require(HTTPRequestReader.methods.contains(request.method) && request.path.hasPrefix("/"), "a request is served's shape")
            // The bytes of the request alone read as the same request.
            guard case .request(let again, let n) = HTTPRequestReader.parse(Array(bytes[..<consumed]), limits: limits) else {
                require(false, "the request's own bytes read again")
                return 0
            }
            require(again == request && n == consumed, "the request's own bytes read as the same request")
            _ = request.form
            _ = request.cookie("cdx_seat")
        }
    }
    return 0
}
