import CustodyAPI
import Testing

/// The Connect protocol's codes and HTTP statuses, pinned (`docs/api.md`, "Errors").
@Suite struct ConnectErrorTests {
    @Test func everyCodeHasItsHTTPStatus() {
        let table: [(String, Int)] = [
            ("canceled", 499), ("unknown", 500), ("invalid_argument", 400), ("deadline_exceeded", 504),
            ("not_found", 404), ("already_exists", 409), ("permission_denied", 403), ("resource_exhausted", 429),
            ("failed_precondition", 400), ("aborted", 409), ("out_of_range", 400), ("unimplemented", 501),
            ("internal", 500), ("unavailable", 503), ("data_loss", 500), ("unauthenticated", 401),
        ]
        #expect(ConnectErrorCode.allCases.map(\.rawValue) == table.map(\.0))
        for (name, status) in table {
            #expect(ConnectErrorCode(rawValue: name)?.httpStatus == status, "\(name)")
        }
    }

    @Test func aStatusWithoutAnErrorBodyIsReadAsTheProtocolSays() {
        let table: [(Int, ConnectErrorCode)] = [
            (400, .internal), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
            (429, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable), (500, .unknown),
            (409, .unknown), (418, .unknown), (200, .unknown),
        ]
        for (status, code) in table {
            #expect(ConnectErrorCode(inferredFromHTTPStatus: status) == code, "\(status)")
            #expect(ConnectError.decodeBody(body("<html>proxy</html>"), httpStatus: status).code == code)
        }
    }

    @Test func theErrorBodyIsWrittenAndReadBack() {
        let error = ConnectError(.failedPrecondition, "request req-1 is signing: it can no longer be cancelled")
        let bytes = error.body()
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"code":"failed_precondition","message":"request req-1 is signing: it can no longer be cancelled"}"#
        )
        #expect(ConnectError.decodeBody(bytes, httpStatus: 400) == error)
        #expect(String(decoding: ConnectError(.notFound, "").body(), as: UTF8.self) == #"{"code":"not_found"}"#)
    }

    @Test func detailsAndUnknownCodesInAnErrorBodyAreTolerated() {
        let withDetails = #"{"code":"resource_exhausted","message":"slow down","details":[{"type":"x","value":""}]}"#
        #expect(
            ConnectError.decodeBody(body(withDetails), httpStatus: 429) == ConnectError(.resourceExhausted, "slow down")
        )
        #expect(ConnectError.decodeBody(body(#"{"code":"brand_new"}"#), httpStatus: 400).code == .unknown)
    }

    @Test func aHostileErrorBodyFallsBackToTheStatus() {
        let deep = String(repeating: "[", count: 513)
        #expect(ConnectError.decodeBody(body(deep), httpStatus: 503).code == .unavailable)
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: ConnectError.maxBodyBytes + 1)
        #expect(ConnectError.decodeBody(huge, httpStatus: 401).code == .unauthenticated)
    }
}
