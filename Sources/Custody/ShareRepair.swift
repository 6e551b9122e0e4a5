import Crypto
public import FROST
import Secp256k1

/// A share repair's invitation (docs/key-ceremony.md § Share repair): rebuild participant
/// `participant`'s share of a wallet's key, with the helpers (every other holder of the key)
/// and the daemon that is to hold it, as a key ceremony's invitation lists them.
///
/// The ceremony id binds everything else: it is a 16-byte salt followed by
/// ``binding(salt:keyVersion:participant:publicKeyPackage:invitation:)``, so a repair box that
/// opens was made by a helper that checked this same invitation, and the participant knows the
/// key it rebuilds a share of is the one every helper holds.
public struct ShareRepairInvitation: Sendable, Equatable {
    /// The ceremony: its id, wallet, suite, threshold (the key's), and participants: the
    /// helpers, and `participant` with the identity key of the daemon that is to hold the share.
    public let invitation: KeyCeremonyInvitation
    /// The key whose share is rebuilt.
    public let publicKeyPackage: PublicKeyPackage
    /// The key version of the shares: the rebuilt share's.
    public let keyVersion: UInt32
    /// The identifier whose share is rebuilt.
    public let participant: Identifier

    static let tag = Array("custody.share-repair.v1".utf8)

    /// The helpers' identifiers, ascending.
    public var helpers: [Identifier] { invitation.parameters.identifiers.filter { $0 != participant } }

    /// - Throws: `invalidParameters` unless `participant` is listed, the helpers are at least the
    ///   key's threshold, the threshold is the key's, every listed identifier holds a share of
    ///   the key, the key version is at least 1, and the ceremony id is a 16-byte salt followed by
    ///   this invitation's binding.
    public init(
        invitation: KeyCeremonyInvitation, publicKeyPackage: PublicKeyPackage, keyVersion: UInt32,
        participant: Identifier
    ) throws(KeyCeremonyError) {
        let parameters = invitation.parameters
        guard keyVersion >= 1 else { throw KeyCeremonyError(.invalidParameters, "a key version is at least 1") }
        guard parameters.identifiers.contains(participant) else {
            throw KeyCeremonyError(.invalidParameters, "the participant repaired, \(participant), is not listed")
        }
        try KeyCeremonyRefresh(publicKeyPackage: publicKeyPackage, keyVersion: 2).checkHolders(parameters)
        guard parameters.identifiers.count - 1 >= publicKeyPackage.minSigners else {
            throw KeyCeremonyError(
                .invalidParameters,
                "a repair needs at least \(publicKeyPackage.minSigners) helpers, got \(parameters.identifiers.count - 1)"
            )
        }
        let id = parameters.id.bytes
        let binding = Self.binding(
            salt: Array(id.prefix(16)), keyVersion: keyVersion, participant: participant,
            publicKeyPackage: publicKeyPackage, invitation: invitation)
        guard id.count == 48, Array(id.suffix(32)) == binding else {
            throw KeyCeremonyError(
                .invalidParameters, "the repair's ceremony id is not its salt followed by the invitation's binding")
        }
        self.invitation = invitation
        self.publicKeyPackage = publicKeyPackage
        self.keyVersion = keyVersion
        self.participant = participant
    }

    /// The 32 bytes after the id's salt: SHA-256 of the tag `"custody.share-repair.v1"` ‖ salt
    /// (16) ‖ key version (4) ‖ participant (32) ‖ the public key package's encoding ‖ wallet
    /// (two-byte length, UTF-8) ‖ suite code (1) ‖ threshold (1) ‖ for each participant
    /// ascending: identifier (32) ‖ curve code (1) ‖ identity key (65) ‖ name (one-byte length,
    /// ASCII).
    public static func binding(
        salt: [UInt8], keyVersion: UInt32, participant: Identifier, publicKeyPackage: PublicKeyPackage,
        invitation: KeyCeremonyInvitation
    ) -> [UInt8] {
        let parameters = invitation.parameters
        var input = tag + salt + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: keyVersion >> $0) }
        input += participant.bytes + KeyCeremonyWire.encode(publicKeyPackage)
        let wallet = Array(parameters.wallet.utf8)
        input += [UInt8(wallet.count >> 8), UInt8(wallet.count & 0xFF)] + wallet
        input.append(KeyCeremonyWire.suiteCodes.first { $0.0 == parameters.suite }!.1)
        input.append(UInt8(truncatingIfNeeded: parameters.threshold))
        for entry in parameters.participants {
            input += entry.identifier.bytes
            input.append(KeyCeremonyWire.curveCodes.first { $0.0 == entry.identityKey.curve }!.1)
            input += entry.identityKey.uncompressed
            let name = Array((invitation.names[entry.identifier] ?? "").utf8)
            input += [UInt8(name.count)] + name
        }
        return Array(SHA256.hash(data: input))
    }

    /// The ceremony id for `salt` (16 bytes) and the rest of an invitation: the salt followed by
    /// the binding.
    public static func ceremonyID(
        salt: [UInt8], keyVersion: UInt32, participant: Identifier, publicKeyPackage: PublicKeyPackage,
        invitation: KeyCeremonyInvitation
    ) throws(KeyCeremonyError) -> KeyCeremonyID {
        guard salt.count == 16 else { throw KeyCeremonyError(.invalidParameters, "a repair's salt is 16 bytes") }
        return try KeyCeremonyID(
            bytes: salt
                + binding(
                    salt: salt, keyVersion: keyVersion, participant: participant, publicKeyPackage: publicKeyPackage,
                    invitation: invitation))
    }

    /// key version (4, big-endian) ‖ participant (32) ‖ public key package length (2) ‖ the
    /// public key package ‖ the invitation's encoding.
    public func encoded() -> [UInt8] {
        var writer = KeyCeremonyWireWriter()
        writer.uint32(keyVersion)
        writer.append(participant.bytes)
        writer.publicKeyPackage(publicKeyPackage)
        writer.append(invitation.encoded())
        return writer.bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: `malformedMessage` for a truncated or trailing byte, fields that do not read,
    ///   or an invitation ``init(invitation:publicKeyPackage:keyVersion:participant:)`` refuses
    ///   (`the repair invitation is refused: <reason>`).
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "repair invitation")
        let version = try reader.uint32("key version")
        let participant = try reader.identifier("participant")
        let package = try reader.publicKeyPackage()
        let invitation = try KeyCeremonyInvitation(decoding: reader.rest())
        do {
            try self.init(
                invitation: invitation, publicKeyPackage: package, keyVersion: version, participant: participant)
        } catch {
            throw KeyCeremonyWireReader.invalid("the repair invitation is refused: \(error.reason)")
        }
    }
}

/// What the coordinator brings the daemon that is to hold a repaired share (`repairShare`): the
/// repair's invitation and one sum of deltas from each helper.
public struct ShareRepairDelivery: Sendable, Equatable {
    public let repair: ShareRepairInvitation
    /// One box of purpose ``ShareBox/Purpose/repairSigma`` from each helper.
    public let sigmas: [ShareBox]

    public init(repair: ShareRepairInvitation, sigmas: [ShareBox]) {
        self.repair = repair
        self.sigmas = sigmas
    }

    /// invitation length (4, big-endian) ‖ the repair invitation ‖ the boxes, as a batch.
    public func encoded() -> [UInt8] {
        let invitation = repair.encoded()
        var writer = KeyCeremonyWireWriter()
        writer.uint32(UInt32(invitation.count))
        writer.append(invitation)
        writer.append(KeyCeremonyWire.encode(batch: sigmas))
        return writer.bytes
    }

    /// Reads the whole of `bytes`.
    /// - Throws: `malformedMessage` for a truncated or trailing byte, an invitation or a batch
    ///   that does not read, or boxes of another ceremony.
    public init(decoding bytes: [UInt8]) throws(KeyCeremonyError) {
        var reader = try KeyCeremonyWireReader(bytes, message: "repair delivery")
        let size = Int(try reader.uint32("invitation length"))
        let repair = try ShareRepairInvitation(decoding: try reader.take(size, "repair invitation"))
        let sigmas = try KeyCeremonyWire.decodeBatch(reader.rest(), of: ShareBox.self)
        guard sigmas.allSatisfy({ $0.ceremonyID == repair.invitation.parameters.id }) else {
            throw KeyCeremonyWireReader.invalid("the repair delivery's boxes are for another ceremony")
        }
        self.init(repair: repair, sigmas: sigmas)
    }
}
