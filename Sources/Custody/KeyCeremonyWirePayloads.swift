public import FROST
import PKCS11
public import Secp256k1

/// Coordinator to every participant, `ceremonyStart`: the ceremony's parameters and the name
/// (peer id) of the daemon that is each participant, so that each participant finds itself by
/// its identity key and checks every other against the keys it pinned.
public struct KeyCeremonyInvitation: Sendable, Hashable {
    /// The ceremony.
    public let parameters: KeyCeremonyParameters
    /// Each participant's daemon name: 1 to 64 ASCII letters, digits, `.`, `-`, `_`, all distinct.
    public let names: [Identifier: String]

    /// - Throws: `invalidParameters` unless `names` holds one valid, distinct name for exactly
    ///   every participant.
    public init(parameters: KeyCeremonyParameters, names: [Identifier: String]) throws(KeyCeremonyError) {
        guard Set(names.keys) == Set(parameters.identifiers) else {
            throw KeyCeremonyError(.invalidParameters, "an invitation names exactly every participant's daemon")
        }
        guard names.values.allSatisfy(Self.isValidName) else {
            throw KeyCeremonyError(
                .invalidParameters, "a daemon name is 1 to 64 ASCII letters, digits, '.', '-' or '_'")
        }
        guard Set(names.values).count == names.count else {
            throw KeyCeremonyError(.invalidParameters, "two participants have the same daemon name")
        }
        self.parameters = parameters
        self.names = names
    }

    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...KeyCeremonyWire.maximumNameLength).contains(bytes.count)
            && bytes.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2e
                    || $0 == 0x2d || $0 == 0x5f
            }
    }

    /// id length (1) ‖ id ‖ wallet length (1) ‖ wallet (UTF-8) ‖ suite (1: `01` secp256k1,
    /// `02` secp256k1-tr) ‖ threshold (1) ‖ participant count N (1) ‖ for each participant in
    /// ascending order of identifier: identifier (32) ‖ curve (1: `01` secp256k1, `02` p-256) ‖
    /// identity key (65, uncompressed SEC1) ‖ name length (1) ‖ name.
    public func encoded() -> [UInt8] {
        var writer = KeyCeremonyWireWriter()
        writer.ceremonyID(parameters.id)
        let wallet = Array(parameters.wallet.utf8)
        writer.byte(UInt8(wallet.count))
        writer.append(wallet)
        writer.byte(KeyCeremonyWire.suiteCodes.first { $0.0 == parameters.suite }!.1)
        writer.byte(UInt8(parameters.threshold))
        writer.byte(UInt8(parameters.participants.count))
        for participant in parameters.participants {
            writer.append(participant.identifier.bytes)
            writer.byte(KeyCeremonyWire.curveCodes.first { $0.0 == participant.identityKey.curve }!.1)
            writer.append(participant.identityKey.uncompressed)
            let name = Array(names[participant.identifier]!.utf8)
            writer.byte(UInt8(name.count))
            writer.append(name)
        }
        return writer.bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `malformedMessage` for a truncated or trailing byte, an unknown suite or curve,
    ///   participants not strictly ascending, an identity key that is not an uncompressed point
    ///   of its curve, an invalid name, or parameters ``KeyCeremonyParameters`` refuses (the
    ///   reason is its).
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "invitation")
        let id = try reader.ceremonyID("invitation")
        let walletSize = Int(try reader.byte("wallet length"))
        guard let wallet = String(validating: try reader.take(walletSize, "wallet"), as: UTF8.self) else {
            throw KeyCeremonyWireReader.invalid("the wallet name is not UTF-8")
        }
        let suiteCode = try reader.byte("suite")
        guard let suite = KeyCeremonyWire.suiteCodes.first(where: { $0.1 == suiteCode })?.0 else {
            throw KeyCeremonyWireReader.invalid("the suite code \(suiteCode) is not known")
        }
        let threshold = Int(try reader.byte("threshold"))
        let count = Int(try reader.byte("participant count"))
        var participants: [KeyCeremonyParticipant] = []
        var names: [Identifier: String] = [:]
        for index in 0..<count {
            let field = "participant \(index)"
            let identifier = try reader.identifier("\(field) identifier")
            if let last = participants.last?.identifier, last >= identifier {
                throw KeyCeremonyWireReader.invalid(
                    "the participants are not strictly ascending: \(identifier) follows \(last)")
            }
            let curveCode = try reader.byte("\(field) curve")
            guard let curve = KeyCeremonyWire.curveCodes.first(where: { $0.1 == curveCode })?.0 else {
                throw KeyCeremonyWireReader.invalid("the \(field)'s curve code \(curveCode) is not known")
            }
            let key = try reader.take(65, "\(field) identity key")
            guard key[0] == 0x04, let identityKey = try? IdentityPublicKey(curve: curve, sec1: key) else {
                throw KeyCeremonyWireReader.invalid(
                    "the \(field)'s identity key is not an uncompressed point of \(curve.rawValue)")
            }
            let nameSize = Int(try reader.byte("\(field) name length"))
            let name = String(decoding: try reader.take(nameSize, "\(field) name"), as: UTF8.self)
            guard Self.isValidName(name) else {
                throw KeyCeremonyWireReader.invalid(
                    "the \(field)'s name is not 1 to 64 ASCII letters, digits, '.', '-' or '_'")
            }
            participants.append(KeyCeremonyParticipant(identifier: identifier, identityKey: identityKey))
            names[identifier] = name
        }
        try reader.finish()
        do {
            let parameters = try KeyCeremonyParameters(
                id: id, wallet: wallet, suite: suite, threshold: threshold, participants: participants)
            try self.init(parameters: parameters, names: names)
        } catch {
            throw KeyCeremonyWireReader.invalid("the invitation is refused: \(error.reason)")
        }
    }
}

/// Participant to coordinator, `ceremonyComplete`: the participant's share is sealed and active,
/// for this transcript hash and group key.
public struct KeyCeremonyCompletion: Sendable, Equatable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// The participant.
    public let sender: Identifier
    /// The transcript hash every participant signed, as this participant computed it.
    public let transcriptHash: [UInt8]
    /// The group public key (for the Taproot suite, the untweaked internal key).
    public let groupPublicKey: Point

    public init(ceremonyID: KeyCeremonyID, sender: Identifier, transcriptHash: [UInt8], groupPublicKey: Point) {
        self.ceremonyID = ceremonyID
        self.sender = sender
        self.transcriptHash = transcriptHash
        self.groupPublicKey = groupPublicKey
    }

    /// id length (1) ‖ id ‖ sender (32) ‖ transcript hash (32) ‖ group public key (33,
    /// compressed).
    public func encoded() -> [UInt8] {
        precondition(transcriptHash.count == 32, "a completion beyond the limits")
        var writer = KeyCeremonyWireWriter()
        writer.ceremonyID(ceremonyID)
        writer.append(sender.bytes)
        writer.append(transcriptHash)
        writer.point(groupPublicKey)
        return writer.bytes
    }

    /// - Throws: `malformedMessage` for a truncated or trailing byte, an invalid identifier, or
    ///   a group key that is not a compressed point on the curve.
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "completion")
        ceremonyID = try reader.ceremonyID("completion")
        sender = try reader.identifier("sender")
        transcriptHash = try reader.take(32, "transcript hash")
        groupPublicKey = try reader.point("group public key")
        try reader.finish()
    }
}

/// Coordinator to participant, `ceremonyAbort`: abandon the ceremony and discard its share.
public struct KeyCeremonyAbort: Sendable, Hashable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// Why, for people (at most 1,024 bytes of UTF-8 on the wire). Never holds a secret.
    public let reason: String

    public init(ceremonyID: KeyCeremonyID, reason: String) {
        self.ceremonyID = ceremonyID
        self.reason = reason
    }

    /// id length (1) ‖ id ‖ reason length (2, at most 1,024) ‖ reason (UTF-8), cut at a
    /// character boundary.
    public func encoded() -> [UInt8] {
        var writer = KeyCeremonyWireWriter()
        writer.ceremonyID(ceremonyID)
        writer.text(reason, limit: KeyCeremonyWire.maximumReasonLength)
        return writer.bytes
    }

    /// - Throws: `malformedMessage` for a truncated or trailing byte, a reason over 1,024
    ///   bytes or not UTF-8.
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "abort")
        ceremonyID = try reader.ceremonyID("abort")
        reason = try reader.text("reason", limit: KeyCeremonyWire.maximumReasonLength)
        try reader.finish()
    }
}

/// Participant to coordinator, `ceremonyAborted`: the participant aborted the ceremony (on its
/// own check, or told to) and discarded its share; why, as its ``KeyCeremonyError``.
public struct KeyCeremonyAbortReport: Sendable, Hashable {
    /// The ceremony.
    public let ceremonyID: KeyCeremonyID
    /// Why the participant aborted: the code, the culprits it named, its reason.
    public let error: KeyCeremonyError

    public init(ceremonyID: KeyCeremonyID, error: KeyCeremonyError) {
        self.ceremonyID = ceremonyID
        self.error = error
    }

    /// id length (1) ‖ id ‖ code length (1) ‖ code (the error code's name, ASCII, as
    /// `KeyCeremonyError.Code.description`) ‖ culprit count (1) ‖ culprits (32 each, strictly
    /// ascending) ‖ reason length (2, at most 1,024) ‖ reason (UTF-8).
    public func encoded() -> [UInt8] {
        precondition(error.culprits.count <= 255, "an abort report beyond the limits")
        var writer = KeyCeremonyWireWriter()
        writer.ceremonyID(ceremonyID)
        let code = Array(error.code.description.utf8)
        writer.byte(UInt8(code.count))
        writer.append(code)
        let culprits = Array(Set(error.culprits)).sorted()
        writer.byte(UInt8(culprits.count))
        for culprit in culprits { writer.append(culprit.bytes) }
        writer.text(error.reason, limit: KeyCeremonyWire.maximumReasonLength)
        return writer.bytes
    }

    /// - Throws: `malformedMessage` for a truncated or trailing byte, an unknown code, culprits
    ///   not strictly ascending, a reason over 1,024 bytes or not UTF-8.
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "abort report")
        ceremonyID = try reader.ceremonyID("abort report")
        let codeSize = Int(try reader.byte("code length"))
        let name = String(decoding: try reader.take(codeSize, "code"), as: UTF8.self)
        guard let code = KeyCeremonyWire.errorCodes.first(where: { $0.description == name }) else {
            throw KeyCeremonyWireReader.invalid("the abort report's code is not a known ceremony error code")
        }
        let count = Int(try reader.byte("culprit count"))
        var culprits: [Identifier] = []
        for index in 0..<count {
            let culprit = try reader.identifier("culprit \(index)")
            if let last = culprits.last, last >= culprit {
                throw KeyCeremonyWireReader.invalid(
                    "the culprits are not strictly ascending: \(culprit) follows \(last)")
            }
            culprits.append(culprit)
        }
        let reason = try reader.text("reason", limit: KeyCeremonyWire.maximumReasonLength)
        try reader.finish()
        error = KeyCeremonyError(code, reason, culprits: culprits)
    }
}

/// A share refresh's invitation (`ceremonyRefreshStart`, docs/key-ceremony.md § Share
/// refresh): the ceremony, as a key ceremony's invitation, and the key it refreshes.
public struct KeyCeremonyRefreshInvitation: Sendable, Equatable {
    /// The ceremony: its wallet, suite, threshold and participants (the key's holders).
    public let invitation: KeyCeremonyInvitation
    /// The key refreshed and the new key version.
    public let refresh: KeyCeremonyRefresh

    /// - Throws: `invalidParameters` when the threshold is not the key's or a participant holds
    ///   no share of it.
    public init(invitation: KeyCeremonyInvitation, refresh: KeyCeremonyRefresh) throws(KeyCeremonyError) {
        try refresh.check(invitation.parameters)
        self.invitation = invitation
        self.refresh = refresh
    }

    /// key version (4, big-endian) ‖ public key package length (2) ‖ the public key package
    /// (`KeyCeremonyWire.encode(_:)` of a `PublicKeyPackage`) ‖ the invitation's encoding.
    public func encoded() -> [UInt8] {
        var writer = KeyCeremonyWireWriter()
        writer.uint32(refresh.keyVersion)
        writer.publicKeyPackage(refresh.publicKeyPackage)
        writer.append(invitation.encoded())
        return writer.bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `malformedMessage` for a truncated or trailing byte, a key version below 2, a
    ///   public key package or an invitation that does not read, or a key that does not fit the
    ///   invitation (another threshold, a participant with no share).
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "refresh invitation")
        let version = try reader.uint32("key version")
        let package = try reader.publicKeyPackage()
        let invitation = try KeyCeremonyInvitation(decoding: reader.rest())
        do {
            try self.init(
                invitation: invitation, refresh: try KeyCeremonyRefresh(publicKeyPackage: package, keyVersion: version))
        } catch {
            throw KeyCeremonyWireReader.invalid("the refresh invitation is refused: \(error.reason)")
        }
    }
}
