import CustodyAPI
import FuzzSupport

/// A request body of the Custody API, read as every request type (`APIJSON.decode` and the
/// server's `APIJSON.decodeRequest`), as every response type the way a client reads them
/// (unknown members ignored), and as a Connect error body.
///
/// Properties: nothing traps; a body that reads re-encodes to bytes that read back to an equal
/// value and re-encode to the same bytes; a body `decodeRequest` accepts also reads with
/// `decode` to the same value, and its re-encoding is accepted by `decodeRequest` too; an error
/// is always `invalid_argument`.
@main enum FuzzAPIBody {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    request(CreateWithdrawalRequest.self, bytes)
    request(GetRequestRequest.self, bytes)
    request(ListRequestsRequest.self, bytes)
    request(CancelRequestRequest.self, bytes)
    request(ListWalletsRequest.self, bytes)
    request(GetWalletRequest.self, bytes)
    request(RegisterDepositRequest.self, bytes)
    request(WatchRequestsRequest.self, bytes)
    response(CreateWithdrawalResponse.self, bytes)
    response(ListRequestsResponse.self, bytes)
    response(ListWalletsResponse.self, bytes)
    response(RegisterDepositResponse.self, bytes)
    response(WatchRequestsResponse.self, bytes)
    _ = ConnectError.decodeBody(bytes, httpStatus: 400)
}

func request<Request: APIRequest>(_ type: Request.Type, _ bytes: [UInt8]) {
    let read = roundTrip(type, bytes, .refuse)
    do {
        let validated = try APIJSON.decodeRequest(type, from: bytes)
        require(validated == read, "\(Request.protoName): decodeRequest and decode disagree")
        let encoded = try APIJSON.encode(validated)
        require(
            (try? APIJSON.decodeRequest(type, from: encoded)) == validated,
            "\(Request.protoName): re-encoding is refused")
    } catch {
        require(error.code == .invalidArgument, "\(Request.protoName): \(error.code) rather than invalid_argument")
    }
}

func response<Response: APIMessage>(_ type: Response.Type, _ bytes: [UInt8]) {
    _ = roundTrip(type, bytes, .ignore)
}

/// The value `bytes` reads to, after checking that it survives re-encoding.
@discardableResult
func roundTrip<Message: APIMessage>(_ type: Message.Type, _ bytes: [UInt8], _ unknown: UnknownFields) -> Message? {
    let value: Message
    do {
        value = try APIJSON.decode(type, from: bytes, unknownFields: unknown)
    } catch {
        require(error.code == .invalidArgument, "\(Message.protoName): \(error.code) rather than invalid_argument")
        return nil
    }
    guard let encoded = try? APIJSON.encode(value) else {
        require(false, "\(Message.protoName): a value that reads cannot be written")
        return nil
    }
    let again = try? APIJSON.decode(type, from: encoded)
    require(again == value, "\(Message.protoName): the re-encoded body reads to another value")
    if let again {
        require((try? APIJSON.encode(again)) == encoded, "\(Message.protoName): re-encoding is not a fixed point")
    }
    return value
}
