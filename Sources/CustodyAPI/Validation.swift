import Encoding

/// A request message: its values can be checked without a database.
public protocol APIRequest: APIMessage {
    /// Throws `invalid_argument` naming the first field whose value is out of its documented
    /// limits (`docs/api.md`); says nothing of whether the wallet or request exists.
    func validate() throws(ConnectError)
}

/// The limits of field values (`docs/api.md`, "Field values").
public enum APILimits {
    /// The most satoshis there can be: 21,000,000 BTC.
    public static let maxBitcoinAmount: Int64 = 2_100_000_000_000_000
    /// `pageSize` when the request leaves it 0.
    public static let defaultPageSize: Int32 = 100
    public static let maxPageSize: Int32 = 1000
    public static let maxWaitSeconds: Int32 = 60
    public static let maxIdempotencyKeyLength = 128
    public static let maxIdentifierLength = 128
    public static let maxAssetLength = 16
    public static let maxAddressLength = 256
    /// Memo and cancellation reason, in UTF-8 bytes.
    public static let maxTextBytes = 256
    public static let maxCursorLength = 512
    public static let maxPSBTBytes = 524_288
    public static let digestBytes = 32

    /// The page size a request asks for, the default applied.
    public static func pageSize(_ requested: Int32) -> Int32 { requested == 0 ? defaultPageSize : requested }
}

/// The checks `validate()` runs, each throwing `invalid_argument` as `FIELD: REASON`.
enum Check {
    static func fail(_ field: String, _ reason: String) -> ConnectError { .invalidArgument("\(field): \(reason)") }

    private static func isASCII(_ text: String, _ allowed: (UInt8) -> Bool) -> Bool { text.utf8.allSatisfy(allowed) }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// A wallet or request id, as the policy's ids: 1 to 128 ASCII letters, digits, `.`, `_`, `-`, `@`.
    static func identifier(_ field: String, _ value: String) throws(ConnectError) {
        guard !value.isEmpty else { throw fail(field, "required") }
        guard value.utf8.count <= APILimits.maxIdentifierLength,
            isASCII(value, { isAlphanumeric($0) || ".-_@".utf8.contains($0) })
        else {
            throw fail(
                field,
                "'\(UntrustedText.printable(value))' is not an id: 1 to 128 ASCII letters, digits, '.', '_', '-' or '@'"
            )
        }
    }

    static func optionalIdentifier(_ field: String, _ value: String) throws(ConnectError) {
        if !value.isEmpty { try identifier(field, value) }
    }

    static func idempotencyKey(_ field: String, _ value: String) throws(ConnectError) {
        guard !value.isEmpty else { throw fail(field, "required") }
        guard value.utf8.count <= APILimits.maxIdempotencyKeyLength,
            isASCII(value, { isAlphanumeric($0) || "-_.:".utf8.contains($0) })
        else {
            throw fail(
                field, "must be 1 to 128 ASCII letters, digits, '-', '_', '.' or ':' (got \(value.utf8.count) bytes)")
        }
    }

    static func asset(_ field: String, _ value: String) throws(ConnectError) {
        guard !value.isEmpty else { throw fail(field, "required") }
        guard value.utf8.count <= APILimits.maxAssetLength,
            isASCII(value, { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) })
        else {
            throw fail(
                field,
                "'\(UntrustedText.printable(value))' is not an asset code: 1 to 16 ASCII capital letters and digits")
        }
    }

    /// 1 or more; at most 21,000,000 BTC in satoshis when the asset is `BTC`.
    static func amount(_ field: String, _ value: Int64, asset: String) throws(ConnectError) {
        guard value >= 1 else { throw fail(field, "must be at least 1 (the asset's smallest unit), got \(value)") }
        if asset == "BTC", value > APILimits.maxBitcoinAmount {
            throw fail(field, "\(value) satoshis is more than 21,000,000 BTC (2100000000000000)")
        }
    }

    static func address(_ field: String, _ value: String) throws(ConnectError) {
        guard !value.isEmpty else { throw fail(field, "required") }
        guard value.utf8.count <= APILimits.maxAddressLength, isASCII(value, { $0 > 0x20 && $0 < 0x7F }) else {
            throw fail(field, "not an address: 1 to 256 printable ASCII characters without spaces")
        }
    }

    /// Up to 256 bytes of UTF-8 without control characters.
    static func text(_ field: String, _ value: String) throws(ConnectError) {
        guard value.utf8.count <= APILimits.maxTextBytes else {
            throw fail(field, "\(value.utf8.count) bytes, more than the limit of \(APILimits.maxTextBytes)")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail(field, "control characters are not allowed")
        }
    }

    static func pageSize(_ field: String, _ value: Int32) throws(ConnectError) {
        guard value >= 0, value <= APILimits.maxPageSize else {
            throw fail(field, "must be 1 to 1000 (0 for the default of 100), got \(value)")
        }
    }

    /// An opaque cursor the server gave: up to 512 characters of the URL-safe base64 alphabet.
    static func cursor(_ field: String, _ value: String) throws(ConnectError) {
        guard value.utf8.count <= APILimits.maxCursorLength,
            isASCII(value, { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { throw fail(field, "not a cursor this server gave") }
    }

    static func txid(_ field: String, _ value: String) throws(ConnectError) {
        guard value.utf8.count == 64, isASCII(value, { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw fail(field, "must be 64 lowercase hex digits") }
    }
}

extension CreateWithdrawalRequest {
    public func validate() throws(ConnectError) {
        try Check.idempotencyKey("idempotencyKey", idempotencyKey)
        try Check.identifier("walletId", walletId)
        switch withdrawal {
        case nil: throw Check.fail("psbt", "required: set psbt or digestWithdrawal")
        case .psbt(let psbt):
            guard psbt.count <= APILimits.maxPSBTBytes else {
                throw Check.fail("psbt", "\(psbt.count) bytes, more than the limit of \(APILimits.maxPSBTBytes)")
            }
            guard psbt.count > 5, psbt.starts(with: [0x70, 0x73, 0x62, 0x74, 0xFF]) else {
                throw Check.fail("psbt", "not a PSBT: it must start with the magic bytes 'psbt' 0xff (BIP 174)")
            }
        case .digest(let digest):
            guard digest.digest.count == APILimits.digestBytes else {
                throw Check.fail("digestWithdrawal.digest", "must be exactly 32 bytes, got \(digest.digest.count)")
            }
            try Check.asset("digestWithdrawal.asset", digest.asset)
            try Check.amount("digestWithdrawal.amount", digest.amount, asset: digest.asset)
            try Check.address("digestWithdrawal.destination", digest.destination)
        }
        try Check.text("memo", memo)
    }
}

extension GetRequestRequest {
    public func validate() throws(ConnectError) { try Check.identifier("requestId", requestId) }
}

extension ListRequestsRequest {
    public func validate() throws(ConnectError) {
        try Check.optionalIdentifier("walletId", walletId)
        for (index, state) in states.enumerated() where state == .unspecified {
            throw Check.fail("states[\(index)]", "REQUEST_STATE_UNSPECIFIED is not a state to filter on")
        }
        try Check.pageSize("pageSize", pageSize)
        try Check.cursor("cursor", cursor)
    }
}

extension CancelRequestRequest {
    public func validate() throws(ConnectError) {
        try Check.identifier("requestId", requestId)
        try Check.text("reason", reason)
    }
}

extension WatchRequestsRequest {
    public func validate() throws(ConnectError) {
        try Check.cursor("cursor", cursor)
        guard waitSeconds >= 0, waitSeconds <= APILimits.maxWaitSeconds else {
            throw Check.fail("waitSeconds", "must be 0 to 60, got \(waitSeconds)")
        }
        try Check.optionalIdentifier("walletId", walletId)
        try Check.pageSize("pageSize", pageSize)
    }
}

extension ListWalletsRequest {
    public func validate() throws(ConnectError) {
        try Check.pageSize("pageSize", pageSize)
        try Check.cursor("cursor", cursor)
    }
}

extension GetWalletRequest {
    public func validate() throws(ConnectError) { try Check.identifier("walletId", walletId) }
}

extension RegisterDepositRequest {
    public func validate() throws(ConnectError) {
        try Check.identifier("walletId", walletId)
        try Check.txid("txid", txid)
        try Check.amount("amount", amount, asset: "BTC")
    }
}
