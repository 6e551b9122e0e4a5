public import FROST
import Policy
import Secp256k1

/// The byte encodings of the robust signing messages carried as envelope payloads
/// (docs/protocol.md § Signing payloads). Every encoding is canonical: a decoded message
/// re-encodes to exactly the bytes it was read from, and anything else (a truncated or trailing
/// byte, a point off the curve, a scalar not below n, signers out of order) is refused with
/// `invalidParameters` and a reason naming the field.
public enum SigningWire {
    /// The most signers a share request may list.
    public static let maximumSigners = 255
    /// The longest message a share request may carry, in bytes.
    public static let maximumMessageSize = 65_536
    /// The size of one encoded `SigningCommitments`: identifier, hiding, binding.
    public static let commitmentsSize = 32 + 33 + 33
}

extension SigningCommitments {
    /// identifier (32) ‖ hiding D (33, compressed) ‖ binding E (33, compressed): 98 bytes.
    public func encoded() -> [UInt8] {
        // SigningCommitments refuses the identity, the one point without a compressed form.
        identifier.bytes + ((try? hiding.compressed()) ?? []) + ((try? binding.compressed()) ?? [])
    }

    /// Reads exactly ``SigningWire/commitmentsSize`` bytes.
    ///
    /// - Throws: `invalidParameters` for another size, an identifier that is zero or not below
    ///   n, or a point that is not a compressed point on the curve.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        var reader = SigningWireReader(bytes, message: "commitments")
        self = try reader.commitments("commitments")
        try reader.finish()
    }
}

extension ShareRequest {
    /// session id length (1) ‖ session id ‖ Taproot spend ‖ signer count (1) ‖ commitments
    /// (98 each, ascending) ‖ message length (4, big-endian) ‖ message. The Taproot spend is
    /// `00` (none), `01` (key path only) or `02` ‖ merkle root (32).
    ///
    /// - Throws: `invalidParameters` for a package of more than ``SigningWire/maximumSigners``
    ///   signers or a message longer than ``SigningWire/maximumMessageSize``, which have no
    ///   encoding.
    public func encoded() throws(SigningSessionError) -> [UInt8] {
        guard package.commitments.count <= SigningWire.maximumSigners else {
            throw SigningWireReader.invalid(
                "a share request lists at most \(SigningWire.maximumSigners) signers, this one \(package.commitments.count)"
            )
        }
        guard package.message.count <= SigningWire.maximumMessageSize else {
            throw SigningWireReader.invalid(
                "a message is at most \(SigningWire.maximumMessageSize) bytes, this one \(package.message.count)")
        }
        var bytes = [UInt8(sessionID.bytes.count)] + sessionID.bytes
        switch package.taprootSpend {
        case nil: bytes.append(0)
        case .keyPathOnly: bytes.append(1)
        case .scriptTree(let root): bytes += [2] + root
        }
        bytes.append(UInt8(package.commitments.count))
        for commitment in package.commitments { bytes += commitment.encoded() }
        bytes += withUnsafeBytes(of: UInt32(package.message.count).bigEndian, Array.init)
        bytes += package.message
        return bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `invalidParameters` for a truncated or trailing byte, a session id not 16 to 64
    ///   bytes, an unknown Taproot spend tag, fewer than 2 or more than
    ///   ``SigningWire/maximumSigners`` signers, signers not strictly ascending (a repeated one
    ///   named in `culprits`), an invalid commitment, or a message longer than
    ///   ``SigningWire/maximumMessageSize``.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        var reader = SigningWireReader(bytes, message: "share request")
        let sessionID = try reader.sessionID()
        let spend: TaprootSpend?
        switch try reader.take(1, "Taproot spend")[0] {
        case 0: spend = nil
        case 1: spend = .keyPathOnly
        case 2: spend = .scriptTree(merkleRoot: try reader.take(32, "merkle root"))
        case let tag: throw SigningWireReader.invalid("unknown Taproot spend tag \(tag)")
        }
        let count = Int(try reader.take(1, "signer count")[0])
        guard count >= 2 else {
            throw SigningWireReader.invalid("a signing package needs at least 2 signers, got \(count)")
        }
        var commitments: [SigningCommitments] = []
        for index in 0..<count {
            let commitment = try reader.commitments("commitments \(index)")
            if let last = commitments.last, last.identifier >= commitment.identifier {
                let culprits = last.identifier == commitment.identifier ? [commitment.identifier] : []
                throw SigningSessionError(
                    .invalidParameters,
                    "signers are not strictly ascending: \(commitment.identifier) follows \(last.identifier)",
                    culprits: culprits)
            }
            commitments.append(commitment)
        }
        let size = try reader.take(4, "message length").reduce(0) { $0 << 8 | Int($1) }
        guard size <= SigningWire.maximumMessageSize else {
            throw SigningWireReader.invalid(
                "a message is at most \(SigningWire.maximumMessageSize) bytes, its length says \(size)")
        }
        let message = try reader.take(size, "message")
        try reader.finish()
        do {
            self.init(
                sessionID: sessionID,
                package: try SigningPackage(commitments: commitments, message: message, taprootSpend: spend))
        } catch {
            throw SigningWireReader.invalid("the signing package is refused: \(error.reason)")
        }
    }
}

extension ShareResponse {
    /// session id length (1) ‖ session id ‖ identifier (32) ‖ zᵢ (32) ‖ `00` (no next
    /// commitment) or `01` ‖ next commitments (98).
    public func encoded() -> [UInt8] {
        var bytes = [UInt8(sessionID.bytes.count)] + sessionID.bytes
        bytes += share.identifier.bytes + share.response.bigEndianBytes
        if let next {
            bytes += [1] + next.encoded()
        } else {
            bytes.append(0)
        }
        return bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `invalidParameters` for a truncated or trailing byte, a session id not 16 to 64
    ///   bytes, an identifier that is zero or not below n, a response not below n, a presence
    ///   byte other than 0 or 1, an invalid next commitment, or a next commitment whose
    ///   identifier is not the share's.
    public init(decoding bytes: [UInt8]) throws(SigningSessionError) {
        var reader = SigningWireReader(bytes, message: "share response")
        let sessionID = try reader.sessionID()
        let identifier = try reader.identifier("share")
        let responseBytes = try reader.take(32, "share's zᵢ")
        let response: Scalar
        do {
            response = try Scalar(bigEndian: responseBytes)
        } catch {
            throw SigningWireReader.invalid("the share's zᵢ is not below the group order")
        }
        let next: SigningCommitments?
        switch try reader.take(1, "next commitment presence")[0] {
        case 0: next = nil
        case 1: next = try reader.commitments("next commitments")
        case let flag: throw SigningWireReader.invalid("the next commitment presence byte is \(flag), not 0 or 1")
        }
        try reader.finish()
        if let next, next.identifier != identifier {
            throw SigningWireReader.invalid(
                "the next commitment is participant \(next.identifier)'s, the share participant \(identifier)'s")
        }
        self.init(sessionID: sessionID, share: SignatureShare(identifier: identifier, response: response), next: next)
    }
}

/// Reads the fields of one message, with errors naming the field.
struct SigningWireReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let message: String

    init(_ bytes: [UInt8], message: String) {
        self.bytes = bytes
        self.message = message
    }

    static func invalid(_ reason: String) -> SigningSessionError {
        SigningSessionError(.invalidParameters, reason)
    }

    mutating func take(_ count: Int, _ field: String) throws(SigningSessionError) -> [UInt8] {
        guard bytes.count - offset >= count else {
            throw Self.invalid(
                "the \(message) is truncated: \(field) needs \(count) bytes, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    func finish() throws(SigningSessionError) {
        guard offset == bytes.count else {
            throw Self.invalid("the \(message) has \(bytes.count - offset) trailing bytes")
        }
    }

    mutating func sessionID() throws(SigningSessionError) -> SigningSessionID {
        let size = Int(try take(1, "session id length")[0])
        guard SigningSessionID.sizes.contains(size) else {
            throw Self.invalid("a session id is 16 to 64 bytes, its length says \(size)")
        }
        return try SigningSessionID(bytes: try take(size, "session id"))
    }

    mutating func identifier(_ field: String) throws(SigningSessionError) -> Identifier {
        let bytes = try take(32, "\(field) identifier")
        do {
            return try Identifier(bytes: bytes)
        } catch {
            throw Self.invalid("the \(field) identifier is zero or not below the group order")
        }
    }

    mutating func commitments(_ field: String) throws(SigningSessionError) -> SigningCommitments {
        let identifier = try identifier(field)
        let hiding = try point("\(field) hiding commitment")
        let binding = try point("\(field) binding commitment")
        do {
            return try SigningCommitments(identifier: identifier, hiding: hiding, binding: binding)
        } catch {
            throw Self.invalid("the \(field) are refused: \(error.reason)")
        }
    }

    /// A sized signed request, in Policy's canonical JSON (refused when Policy refuses it or it
    /// is not canonical).
    mutating func signedRequest(limit: Int) throws(SigningSessionError) -> SignedRequest {
        try canonicalJSON(
            "signed request", "the signed request is", limit: limit, PolicyInputDecoder.signedRequest(json:),
            PolicyInputEncoder.signedRequest)
    }

    /// A sized approvals list, in Policy's canonical JSON (refused when Policy refuses it or it
    /// is not canonical).
    mutating func approvals(limit: Int) throws(SigningSessionError) -> [SignedApproval] {
        try canonicalJSON(
            "approvals", "the approvals are", limit: limit, PolicyInputDecoder.approvals(json:),
            PolicyInputEncoder.approvals)
    }

    /// A sized `field` that `decode` reads and whose canonical JSON `encode` gives back byte for
    /// byte; `subject` starts the refusals ("the approvals are").
    private mutating func canonicalJSON<Value>(
        _ field: String, _ subject: String, limit: Int, _ decode: ([UInt8]) throws(PolicyError) -> Value,
        _ encode: (Value) -> JSONValue
    ) throws(SigningSessionError) -> Value {
        let json = try sized(field, limit: limit)
        let value: Value
        do {
            value = try decode(json)
        } catch {
            throw Self.invalid("\(subject) refused: \(error.reason)")
        }
        guard JSONWriter.canonical(encode(value)) == json else {
            throw Self.invalid("\(subject) not in canonical JSON form")
        }
        return value
    }

    /// A 4-byte big-endian length, at most `limit`, then that many bytes.
    mutating func sized(_ field: String, limit: Int) throws(SigningSessionError) -> [UInt8] {
        let size = try take(4, "\(field) length").reduce(0) { $0 << 8 | Int($1) }
        guard size <= limit else {
            throw Self.invalid("the \(field) is at most \(limit) bytes, its length says \(size)")
        }
        return try take(size, field)
    }

    private mutating func point(_ field: String) throws(SigningSessionError) -> Point {
        let bytes = try take(33, field)
        do {
            return try Point(compressed: bytes)
        } catch {
            throw Self.invalid("the \(field) is not a compressed point on the curve")
        }
    }
}
