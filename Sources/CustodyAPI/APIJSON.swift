import Encoding
import Foundation

/// Reads and writes the bodies of the Custody API (`docs/api.md`, "JSON").
///
/// Reading is strict and refuses, as `invalid_argument` with a message naming the field: a body
/// larger than `maxBodyBytes` (before any parsing), nesting deeper than `maxDepth` (checked by
/// `JSONNesting` before Foundation's decoder runs), a key given twice in one object (compared
/// after unescaping), a number with a fraction or an exponent (no field is fractional), a member
/// that names no field (requests), a value of the wrong type or out of range. Writing gives
/// stable bytes: `DocumentJSON`'s compact layout (keys sorted, `/` unescaped) of protobuf's
/// canonical JSON form (default values left out).
public enum APIJSON {
    /// The largest body read, in bytes.
    public static let maxBodyBytes = 1_048_576
    /// The deepest nesting of arrays and objects a body may have.
    public static let maxDepth = 8

    /// Reads a request body and validates its values (`APIRequest.validate`): what the server
    /// does with every request.
    public static func decodeRequest<Request: APIRequest>(
        _ type: Request.Type, from body: [UInt8]
    ) throws(ConnectError) -> Request {
        let request = try decode(type, from: body, unknownFields: .refuse)
        try request.validate()
        return request
    }

    /// Reads a body of any message without validating its values; `unknownFields` says what to
    /// do with members no field is named after (a client reads responses with `.ignore`).
    public static func decode<Message: APIMessage>(
        _ type: Message.Type, from body: [UInt8], unknownFields: UnknownFields = .refuse
    ) throws(ConnectError) -> Message {
        guard body.count <= maxBodyBytes else {
            throw .invalidArgument("the body is \(body.count) bytes, more than the limit of \(maxBodyBytes)")
        }
        guard !body.isEmpty else {
            throw .invalidArgument("the body is empty: a message with no fields set is {}")
        }
        do {
            try JSONNesting.check(body, limit: maxDepth)
        } catch {
            throw .invalidArgument("the body is nested deeper than \(maxDepth) levels (at byte \(error.offset))")
        }
        try BodyScan.check(body)
        let decoder = JSONDecoder()
        decoder.userInfo[.unknownFields] = unknownFields
        do {
            return try decoder.decode(Message.self, from: Data(body))
        } catch let error as FieldError {
            throw .invalidArgument(error.message)
        } catch let error as DecodingError {
            throw .invalidArgument(describe(error))
        } catch {
            throw .invalidArgument("the body is not JSON")
        }
    }

    /// The message's bytes: canonical protobuf JSON, keys sorted, no white space.
    public static func encode(_ message: some APIMessage) throws(ConnectError) -> [UInt8] {
        do {
            return [UInt8](try DocumentJSON.data(message, layout: .compact))
        } catch {
            throw ConnectError(.internal, "a message could not be encoded")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the body is not JSON (RFC 8259, UTF-8)"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            let path = FieldPath.text(context.codingPath)
            return path.isEmpty ? "the body must be a JSON object" : "\(path): not a value of the field's type"
        @unknown default:
            return "the body could not be read"
        }
    }
}

/// The checks Foundation's decoder does not make, run over the raw bytes before it: no key twice
/// in one object, numbers whole (`-?(0|[1-9][0-9]*)`). It does not judge the rest of the syntax;
/// the decoder does.
enum BodyScan {
    private enum Frame {
        case object(keys: Set<String>, expectingKey: Bool, key: String)
        case array(index: Int)
    }

    static func check(_ bytes: [UInt8]) throws(ConnectError) {
        var stack: [Frame] = []
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let start = position
                position = endOfString(bytes, from: position)
                guard case .object(var keys, true, _) = stack.last else { continue }
                let key = unescape(bytes[start..<min(position, bytes.count)])
                guard keys.insert(key).inserted else {
                    throw .invalidArgument("\(path(stack, key)): given twice in one object")
                }
                stack[stack.count - 1] = .object(keys: keys, expectingKey: false, key: key)
            case UInt8(ascii: "{"):
                stack.append(.object(keys: [], expectingKey: true, key: ""))
                position += 1
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                position += 1
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let keys, _, let key):
                    stack[stack.count - 1] = .object(keys: keys, expectingKey: true, key: key)
                case .array(let index): stack[stack.count - 1] = .array(index: index + 1)
                case nil: break
                }
                position += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                while position < bytes.count, isNumberByte(bytes[position]) { position += 1 }
                let number = bytes[start..<position]
                guard isWholeNumber(number) else {
                    let where_ = path(stack, nil)
                    throw .invalidArgument(
                        (where_.isEmpty ? "" : "\(where_): ")
                            + "a number must be whole, without a fraction, an exponent or leading zeros")
                }
            default:
                position += 1
            }
        }
    }

    /// The index just past the string's closing quote (or the end of the input).
    private static func endOfString(_ bytes: [UInt8], from start: Int) -> Int {
        var position = start + 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""): return position + 1
            default: position += 1
            }
        }
        return position
    }

    /// A key as the decoder will see it: escapes resolved (by Foundation's own decoder, so that the
    /// two agree); the raw text when that fails (the decoder then refuses the body anyway).
    private static func unescape(_ quoted: ArraySlice<UInt8>) -> String {
        let inner = quoted.dropFirst().dropLast()
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return (try? JSONDecoder().decode(String.self, from: Data(quoted))) ?? String(decoding: inner, as: UTF8.self)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private static func isWholeNumber(_ number: ArraySlice<UInt8>) -> Bool {
        let digits = number.first == UInt8(ascii: "-") ? number.dropFirst() : number
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return digits.count == 1 || digits.first != 0x30
    }

    private static func path(_ stack: [Frame], _ last: String?) -> String {
        var out = ""
        for (depth, frame) in stack.enumerated() {
            switch frame {
            case .object(_, _, let key):
                let name = depth == stack.count - 1 ? (last ?? key) : key
                out += out.isEmpty ? UntrustedText.printable(name) : "." + UntrustedText.printable(name)
            case .array(let index): out += "[\(index)]"
            }
        }
        return out
    }
}
