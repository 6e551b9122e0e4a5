public import FROST

extension SigningWire {
    /// The most commitments one `commitmentRequest` may ask for, and one `commitments` reply
    /// may carry.
    public static let maximumCommitments = 16
    /// The longest wallet name, in bytes of UTF-8 (as the key ceremony names wallets).
    public static let maximumWalletNameLength = 255

    /// A `commitments` payload: one or more ``SigningCommitments`` of one signer, 98 bytes
    /// each, nothing between or after them.
    public static func encoded(commitments: [SigningCommitments]) -> [UInt8] {
        commitments.flatMap { $0.encoded() }
    }

    /// Reads a `commitments` payload.
    ///
    /// - Throws: `invalidParameters` for an empty payload, a size that is not a multiple of 98,
    ///   more than ``maximumCommitments`` commitments, an invalid commitment, commitments of
    ///   more than one signer, or the same commitment twice.
    public static func commitments(decoding bytes: [UInt8]) throws(SigningSessionError) -> [SigningCommitments] {
        guard !bytes.isEmpty, bytes.count % commitmentsSize == 0 else {
            throw SigningWireReader.invalid(
                "a commitments payload is 1 to \(maximumCommitments) times \(commitmentsSize) bytes, got \(bytes.count)"
            )
        }
        let count = bytes.count / commitmentsSize
        guard count <= maximumCommitments else {
            throw SigningWireReader.invalid(
                "a commitments payload carries at most \(maximumCommitments) commitments, this one \(count)")
        }
        var reader = SigningWireReader(bytes, message: "commitments")
        var list: [SigningCommitments] = []
        for index in 0..<count {
            let commitment = try reader.commitments("commitments \(index)")
            if let first = list.first, first.identifier != commitment.identifier {
                throw SigningWireReader.invalid(
                    "commitments \(index) are participant \(commitment.identifier)'s, not \(first.identifier)'s")
            }
            guard !list.contains(commitment) else {
                throw SigningWireReader.invalid("commitments \(index) repeat an earlier commitment")
            }
            list.append(commitment)
        }
        try reader.finish()
        return list
    }

    /// Whether `name` is a wallet name: 1 to 255 bytes of UTF-8, as the key ceremony names
    /// wallets.
    public static func isWalletName(_ name: String) -> Bool {
        (1...maximumWalletNameLength).contains(name.utf8.count)
    }
}

/// Coordinator to signer, `commitmentRequest`: send `count` fresh commitments for `wallet`.
public struct CommitmentBatchRequest: Sendable, Hashable {
    /// The wallet whose key share will sign.
    public let wallet: String
    /// How many commitments are wanted, 1 to ``SigningWire/maximumCommitments``.
    public let count: Int

    /// - Throws: `invalidParameters` for a name that is no wallet name, or a count outside 1 to
    ///   ``SigningWire/maximumCommitments``.
    public init(wallet: String, count: Int = 1) throws(SigningSessionError) {
        guard SigningWire.isWalletName(wallet) else {
            throw SigningWireReader.invalid(
                "a wallet name is 1 to \(SigningWire.maximumWalletNameLength) bytes of UTF-8")
        }
        guard (1...SigningWire.maximumCommitments).contains(count) else {
            throw SigningWireReader.invalid(
                "a commitment request asks for 1 to \(SigningWire.maximumCommitments) commitments, not \(count)")
        }
        self.wallet = wallet
        self.count = count
    }

    /// wallet name length (1) ‖ wallet name ‖ count (1).
    public func encoded() -> [UInt8] {
        [UInt8(wallet.utf8.count)] + Array(wallet.utf8) + [UInt8(count)]
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `invalidParameters` for a truncated or trailing byte, a wallet name that is
    ///   not one, or a count outside 1 to ``SigningWire/maximumCommitments``.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        var reader = SigningWireReader(bytes, message: "commitment request")
        let wallet = try reader.walletName()
        let count = Int(try reader.take(1, "count")[0])
        try reader.finish()
        try self.init(wallet: wallet, count: count)
    }
}

extension SigningWireReader {
    /// A wallet name: its length (1 byte), then the name.
    mutating func walletName() throws(SigningSessionError) -> String {
        let size = Int(try take(1, "wallet name length")[0])
        let bytes = try take(size, "wallet name")
        guard let name = String(validating: bytes, as: UTF8.self), SigningWire.isWalletName(name) else {
            throw Self.invalid("the wallet name is not 1 to \(SigningWire.maximumWalletNameLength) bytes of UTF-8")
        }
        return name
    }
}
