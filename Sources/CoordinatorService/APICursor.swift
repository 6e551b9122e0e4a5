import Crypto
import CustodyAPI
import Encoding
import Foundation
import SecureMemory

/// The opaque cursors of `ListRequests`, `ListWallets` and `WatchRequests` (`api.md` §
/// Pagination): a position, authenticated with HMAC-SHA256 under the ledger's cursor key over
/// the position, the method, the caller and the call's filters, so that a cursor made for
/// another caller, method or filter, or not made by the server, is refused.
enum APICursor {
    static let refused = ConnectError.invalidArgument("cursor: not a cursor this server gave")
    static let tagBytes = 16

    /// The cursor for `position` in the listing `scope` (method, caller and filters).
    static func make(position: [UInt8], scope: String, key: [UInt8]) -> String {
        let tag = HMAC<SHA256>.authenticationCode(
            for: Array(scope.utf8) + [0] + position, using: SymmetricKey(data: key))
        return base64URL(position + Array(tag).prefix(tagBytes))
    }

    /// The position of `cursor`, empty for the empty cursor.
    /// - Throws: `invalid_argument` unless the server made it for `scope`.
    static func read(_ cursor: String, scope: String, key: [UInt8]) throws(ConnectError) -> [UInt8]? {
        guard !cursor.isEmpty else { return nil }
        guard let bytes = decodeBase64URL(cursor), bytes.count > tagBytes else { throw refused }
        let position = Array(bytes.dropLast(tagBytes))
        let expected = make(position: position, scope: scope, key: key)
        guard ConstantTime.equal(Array(expected.utf8), Array(cursor.utf8)) else { throw refused }
        return position
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        ).replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }

    /// A big-endian 64-bit integer.
    static func integer(_ value: Int64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }

    static func integer(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}
