public import FROST
import PKCS11
import Secp256k1

/// The byte encodings of the key ceremony's payloads, carried in peer envelopes of types
/// `ceremonyStart` to `ceremonyAborted` (docs/protocol.md § Key ceremony payloads). Every
/// encoding is canonical: a decoded payload re-encodes to exactly the bytes it was read from,
/// and anything else (a truncated or trailing byte, a point off the curve, a scalar not below
/// n, entries out of order, an unknown code) is refused with `malformedMessage` and a reason
/// naming the field.
public enum KeyCeremonyWire {
    /// The largest payload any ceremony message may have: the envelope's limit, 1 MiB.
    public static let maximumPayloadSize = 1_048_576
    /// The most messages a relayed batch holds: one from every other participant.
    public static let maximumBatchCount = KeyCeremonyParameters.maxParticipants
    /// The longest reason an abort or an abort report carries, in bytes of UTF-8; longer ones
    /// are cut at a character boundary when encoded.
    public static let maximumReasonLength = 1024
    /// The longest daemon name in an invitation (a peer id: ASCII letters, digits, `.`, `-`, `_`).
    public static let maximumNameLength = 64

    /// The suites' one-byte codes.
    static let suiteCodes: [(SigningSuite, UInt8)] = [(.secp256k1, 1), (.secp256k1Taproot, 2)]
    /// The identity curves' one-byte codes.
    static let curveCodes: [(IdentityCurve, UInt8)] = [(.secp256k1, 1), (.p256, 2)]
    /// Every ``KeyCeremonyError/Code`` an abort report may carry, by its name.
    static let errorCodes: [KeyCeremonyError.Code] = [
        .invalidParameters, .notStarted, .alreadyStarted, .ceremonyFinished, .wrongCeremony, .unknownParticipant,
        .misattributed, .misdirected, .duplicateMessage, .unexpectedMessage, .malformedMessage,
        .invalidRound1Package, .invalidProofOfKnowledge, .equivocation, .undecryptableShare, .invalidShare,
        .transcriptMismatch, .invalidTranscriptSignature, .abandoned,
    ]

    /// `count` (1 byte, 1 to 255) ‖ each message's encoding, all of one ceremony. The payload of
    /// `ceremonyRound1`, `ceremonyRound1Echo`, `ceremonyRound2` and `ceremonyTranscript`, both
    /// from a participant (its own message or messages) and from the coordinator (the others').
    ///
    /// An empty batch, or one of more than 255 messages, has no encoding: encoding one is a
    /// programming error and traps.
    public static func encode<Message: KeyCeremonyWireMessage>(batch messages: [Message]) -> [UInt8] {
        precondition((1...maximumBatchCount).contains(messages.count), "a ceremony batch of \(messages.count)")
        var writer = KeyCeremonyWireWriter()
        writer.byte(UInt8(messages.count))
        for message in messages { message.write(to: &writer) }
        return writer.bytes
    }

    /// Reads a batch of `Message` that fills `bytes`.
    ///
    /// - Throws: `malformedMessage` for a payload over 1 MiB, a count of 0, any message refused,
    ///   messages of different ceremonies, or trailing bytes.
    public static func decodeBatch<Message: KeyCeremonyWireMessage>(_ bytes: [UInt8], of type: Message.Type)
        throws(KeyCeremonyError) -> [Message]
    {
        var reader = try KeyCeremonyWireReader(bytes, message: "\(Message.wireName) batch")
        let count = Int(try reader.byte("message count"))
        guard count >= 1 else { throw KeyCeremonyWireReader.invalid("a \(Message.wireName) batch is empty") }
        var messages: [Message] = []
        for index in 0..<count {
            let message = try Message(reading: &reader, index: index)
            if let first = messages.first, first.ceremonyID != message.ceremonyID {
                throw KeyCeremonyWireReader.invalid(
                    "the \(Message.wireName) batch mixes ceremonies \(first.ceremonyID) and \(message.ceremonyID)")
            }
            messages.append(message)
        }
        try reader.finish()
        return messages
    }
}

/// A ceremony message that travels in a batch (``KeyCeremonyWire/encode(batch:)``).
public protocol KeyCeremonyWireMessage: Sendable {
    /// The message's name in errors.
    static var wireName: String { get }
    /// The ceremony it belongs to.
    var ceremonyID: KeyCeremonyID { get }
    /// Appends the encoding.
    func write(to writer: inout KeyCeremonyWireWriter)
    /// Reads one message; `index` is its place in the batch, for errors.
    init(reading reader: inout KeyCeremonyWireReader, index: Int) throws(KeyCeremonyError)
}

extension KeyCeremonyWireMessage {
    /// The message's own encoding.
    public func encoded() -> [UInt8] {
        var writer = KeyCeremonyWireWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Reads one message that fills `bytes`.
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: Self.wireName)
        self = try Self(reading: &reader, index: 0)
        try reader.finish()
    }
}

extension KeyCeremonyRound1: KeyCeremonyWireMessage {
    public static let wireName = "round-one package"

    /// id length (1) ‖ id ‖ sender (32) ‖ coefficient count K (1, 1 to 255) ‖ coefficients
    /// (33 each, compressed) ‖ proof R (33, compressed) ‖ proof z (32).
    public func write(to writer: inout KeyCeremonyWireWriter) {
        precondition(
            (1...255).contains(package.commitment.coefficients.count), "a round-one package beyond the wire limits")
        writer.ceremonyID(ceremonyID)
        writer.append(sender.bytes)
        writer.byte(UInt8(package.commitment.coefficients.count))
        for point in package.commitment.coefficients { writer.point(point) }
        writer.point(package.proofCommitment)
        writer.append(package.proofResponse.bigEndianBytes)
    }

    public init(reading reader: inout KeyCeremonyWireReader, index: Int) throws(KeyCeremonyError) {
        let field = "round-one package \(index)"
        let ceremonyID = try reader.ceremonyID(field)
        let sender = try reader.identifier("\(field) sender")
        let count = Int(try reader.byte("\(field) coefficient count"))
        guard count >= 1 else { throw KeyCeremonyWireReader.invalid("the \(field) has no coefficient") }
        var coefficients: [Point] = []
        for coefficient in 0..<count { coefficients.append(try reader.point("\(field) coefficient \(coefficient)")) }
        let r = try reader.point("\(field) proof R")
        let z = try reader.scalar("\(field) proof z")
        self.init(
            ceremonyID: ceremonyID, sender: sender,
            package: DKG.Round1Package(
                commitment: VSSCommitment(coefficients: coefficients), proofCommitment: r, proofResponse: z))
    }
}

extension KeyCeremonyEcho: KeyCeremonyWireMessage {
    public static let wireName = "echo"

    /// id length (1) ‖ id ‖ sender (32) ‖ entry count E (1, 1 to 255) ‖ for each participant in
    /// ascending order: identifier (32) ‖ package hash (32).
    public func write(to writer: inout KeyCeremonyWireWriter) {
        precondition(
            (1...255).contains(packageHashes.count) && packageHashes.values.allSatisfy { $0.count == 32 },
            "an echo beyond the wire limits")
        writer.ceremonyID(ceremonyID)
        writer.append(sender.bytes)
        writer.byte(UInt8(packageHashes.count))
        for (identifier, hash) in packageHashes.sorted(by: { $0.key < $1.key }) {
            writer.append(identifier.bytes)
            writer.append(hash)
        }
    }

    public init(reading reader: inout KeyCeremonyWireReader, index: Int) throws(KeyCeremonyError) {
        let field = "echo \(index)"
        let ceremonyID = try reader.ceremonyID(field)
        let sender = try reader.identifier("\(field) sender")
        let count = Int(try reader.byte("\(field) entry count"))
        guard count >= 1 else { throw KeyCeremonyWireReader.invalid("the \(field) has no entry") }
        var hashes: [Identifier: [UInt8]] = [:]
        var last: Identifier?
        for entry in 0..<count {
            let identifier = try reader.identifier("\(field) entry \(entry)")
            if let last, last >= identifier {
                throw KeyCeremonyWireReader.invalid(
                    "the \(field)'s entries are not strictly ascending: \(identifier) follows \(last)")
            }
            last = identifier
            hashes[identifier] = try reader.take(32, "\(field) entry \(entry) hash")
        }
        self.init(ceremonyID: ceremonyID, sender: sender, packageHashes: hashes)
    }
}

extension ShareBox: KeyCeremonyWireMessage {
    public static let wireName = "share box"

    /// purpose (1) ‖ id length (1) ‖ id ‖ sender (32) ‖ recipient (32) ‖ nonce (12) ‖
    /// ciphertext length C (1, 1 to 64) ‖ ciphertext ‖ tag (16).
    public func write(to writer: inout KeyCeremonyWireWriter) {
        precondition(
            nonce.count == Self.nonceLength && authenticationTag.count == Self.tagLength
                && (1...Self.maxSecretLength).contains(ciphertext.count), "a share box beyond the wire limits")
        writer.byte(purpose.rawValue)
        writer.ceremonyID(ceremonyID)
        writer.append(sender.bytes)
        writer.append(recipient.bytes)
        writer.append(nonce)
        writer.byte(UInt8(ciphertext.count))
        writer.append(ciphertext)
        writer.append(authenticationTag)
    }

    public init(reading reader: inout KeyCeremonyWireReader, index: Int) throws(KeyCeremonyError) {
        let field = "share box \(index)"
        let code = try reader.byte("\(field) purpose")
        guard let purpose = Purpose(rawValue: code) else {
            throw KeyCeremonyWireReader.invalid("the \(field)'s purpose \(code) is not known")
        }
        let ceremonyID = try reader.ceremonyID(field)
        let sender = try reader.identifier("\(field) sender")
        let recipient = try reader.identifier("\(field) recipient")
        let nonce = try reader.take(Self.nonceLength, "\(field) nonce")
        let size = Int(try reader.byte("\(field) ciphertext length"))
        guard (1...Self.maxSecretLength).contains(size) else {
            throw KeyCeremonyWireReader.invalid(
                "the \(field)'s ciphertext is 1 to \(Self.maxSecretLength) bytes, its length says \(size)")
        }
        let ciphertext = try reader.take(size, "\(field) ciphertext")
        let tag = try reader.take(Self.tagLength, "\(field) tag")
        self.init(
            purpose: purpose, ceremonyID: ceremonyID, sender: sender, recipient: recipient, nonce: nonce,
            ciphertext: ciphertext, authenticationTag: tag)
    }
}

extension KeyCeremonyTranscriptSignature: KeyCeremonyWireMessage {
    public static let wireName = "transcript signature"

    /// id length (1) ‖ id ‖ sender (32) ‖ transcript hash (32) ‖ signature (64, r ‖ s).
    public func write(to writer: inout KeyCeremonyWireWriter) {
        precondition(transcriptHash.count == 32 && signature.count == 64, "a transcript signature beyond the limits")
        writer.ceremonyID(ceremonyID)
        writer.append(sender.bytes)
        writer.append(transcriptHash)
        writer.append(signature)
    }

    public init(reading reader: inout KeyCeremonyWireReader, index: Int) throws(KeyCeremonyError) {
        let field = "transcript signature \(index)"
        let ceremonyID = try reader.ceremonyID(field)
        let sender = try reader.identifier("\(field) sender")
        let hash = try reader.take(32, "\(field) transcript hash")
        let signature = try reader.take(64, "\(field) signature")
        self.init(ceremonyID: ceremonyID, sender: sender, transcriptHash: hash, signature: signature)
    }
}

/// Writes the fields of one payload.
public struct KeyCeremonyWireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    init() {}

    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ more: [UInt8]) { bytes += more }
    mutating func uint16(_ value: Int) { bytes += [UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
    mutating func uint32(_ value: UInt32) { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    /// Its encoding's length (2) ‖ the public key package's encoding.
    mutating func publicKeyPackage(_ package: PublicKeyPackage) {
        let encoded = KeyCeremonyWire.encode(package)
        uint16(encoded.count)
        append(encoded)
    }
    mutating func ceremonyID(_ id: KeyCeremonyID) { bytes += [UInt8(id.bytes.count)] + id.bytes }
    mutating func point(_ point: Point) {
        // The decoders refuse the identity, the one point without a compressed form; a message
        // holding it was made by this process and is written as 33 zero bytes, which no
        // receiver accepts.
        bytes += (try? point.compressed()) ?? [UInt8](repeating: 0, count: 33)
    }

    /// Two-byte length ‖ UTF-8, cut at a character boundary to `limit` bytes.
    mutating func text(_ text: String, limit: Int) {
        var kept = ""
        var size = 0
        for character in text {
            let length = character.utf8.count
            guard size + length <= limit else { break }
            kept.append(character)
            size += length
        }
        uint16(size)
        bytes += Array(kept.utf8)
    }
}

/// Reads the fields of one payload, with errors naming the field.
public struct KeyCeremonyWireReader: Sendable {
    private let bytes: [UInt8]
    private var offset = 0
    private let message: String

    init(_ bytes: [UInt8], message: String) throws(KeyCeremonyError) {
        guard bytes.count <= KeyCeremonyWire.maximumPayloadSize else {
            throw Self.invalid(
                "a \(message) payload is at most \(KeyCeremonyWire.maximumPayloadSize) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
        self.message = message
    }

    static func invalid(_ reason: String) -> KeyCeremonyError { KeyCeremonyError(.malformedMessage, reason) }

    mutating func take(_ count: Int, _ field: String) throws(KeyCeremonyError) -> [UInt8] {
        guard bytes.count - offset >= count else {
            throw Self.invalid(
                "the \(message) is truncated: \(field) needs \(count) bytes, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte(_ field: String) throws(KeyCeremonyError) -> UInt8 { try take(1, field)[0] }

    mutating func uint16(_ field: String) throws(KeyCeremonyError) -> Int {
        let two = try take(2, field)
        return Int(two[0]) << 8 | Int(two[1])
    }

    mutating func uint32(_ field: String) throws(KeyCeremonyError) -> UInt32 {
        try take(4, field).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// A public key package after its two-byte length.
    mutating func publicKeyPackage() throws(KeyCeremonyError) -> PublicKeyPackage {
        let size = try uint16("public key package length")
        return try KeyCeremonyWire.decodePublicKeyPackage(try take(size, "public key package"))
    }

    /// Every byte not read yet.
    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    func finish() throws(KeyCeremonyError) {
        guard offset == bytes.count else {
            throw Self.invalid("the \(message) has \(bytes.count - offset) trailing bytes")
        }
    }

    mutating func ceremonyID(_ field: String) throws(KeyCeremonyError) -> KeyCeremonyID {
        let size = Int(try byte("\(field) ceremony id length"))
        guard KeyCeremonyID.sizes.contains(size) else {
            throw Self.invalid("the \(field)'s ceremony id is 16 to 64 bytes, its length says \(size)")
        }
        return try KeyCeremonyID(bytes: try take(size, "\(field) ceremony id"))
    }

    mutating func identifier(_ field: String) throws(KeyCeremonyError) -> Identifier {
        let bytes = try take(32, field)
        do {
            return try Identifier(bytes: bytes)
        } catch {
            throw Self.invalid("the \(field) is not an identifier (zero or not below the group order)")
        }
    }

    mutating func point(_ field: String) throws(KeyCeremonyError) -> Point {
        let bytes = try take(33, field)
        do {
            return try Point(compressed: bytes)
        } catch {
            throw Self.invalid("the \(field) is not a compressed point on the curve")
        }
    }

    mutating func scalar(_ field: String) throws(KeyCeremonyError) -> Scalar {
        let bytes = try take(32, field)
        do {
            return try Scalar(bigEndian: bytes)
        } catch {
            throw Self.invalid("the \(field) is not below the group order")
        }
    }

    /// Two-byte length (at most `limit`) ‖ UTF-8.
    mutating func text(_ field: String, limit: Int) throws(KeyCeremonyError) -> String {
        let size = try uint16("\(field) length")
        guard size <= limit else {
            throw Self.invalid("the \(field) is at most \(limit) bytes, its length says \(size)")
        }
        guard let text = String(validating: try take(size, field), as: UTF8.self) else {
            throw Self.invalid("the \(field) is not UTF-8")
        }
        return text
    }
}

extension KeyCeremonyWire {
    /// A group's public key package, as the signer's vault and the coordinator's wallet registry
    /// store it: threshold (1) ‖ participant count N (1, 2 to 255) ‖ group public key (33) ‖ for
    /// each participant in ascending order: identifier (32) ‖ verifying share (33).
    public static func encode(_ package: PublicKeyPackage) -> [UInt8] {
        precondition(package.verifyingShares.count <= 255, "a public key package beyond the limits")
        var writer = KeyCeremonyWireWriter()
        writer.byte(UInt8(package.minSigners))
        writer.byte(UInt8(package.verifyingShares.count))
        writer.point(package.groupPublicKey)
        for identifier in package.identifiers {
            writer.append(identifier.bytes)
            writer.point(package.verifyingShares[identifier]!)
        }
        return writer.bytes
    }

    /// Reads a public key package that fills `bytes`.
    ///
    /// - Throws: `malformedMessage` for a truncated or trailing byte, an invalid point or
    ///   identifier, participants not strictly ascending, or a package `PublicKeyPackage`
    ///   refuses.
    public static func decodePublicKeyPackage(_ bytes: [UInt8]) throws(KeyCeremonyError) -> PublicKeyPackage {
        var reader = try KeyCeremonyWireReader(bytes, message: "public key package")
        let threshold = Int(try reader.byte("threshold"))
        let count = Int(try reader.byte("participant count"))
        let group = try reader.point("group public key")
        var shares: [Identifier: Point] = [:]
        var last: Identifier?
        for index in 0..<count {
            let identifier = try reader.identifier("participant \(index) identifier")
            if let last, last >= identifier {
                throw KeyCeremonyWireReader.invalid(
                    "the participants are not strictly ascending: \(identifier) follows \(last)")
            }
            last = identifier
            shares[identifier] = try reader.point("participant \(index) verifying share")
        }
        try reader.finish()
        do {
            return try PublicKeyPackage(verifyingShares: shares, groupPublicKey: group, minSigners: threshold)
        } catch {
            throw KeyCeremonyWireReader.invalid("the public key package is refused: \(error.reason)")
        }
    }
}
