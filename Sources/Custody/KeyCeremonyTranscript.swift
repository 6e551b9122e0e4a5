import Crypto
import Encoding
public import FROST
import Secp256k1

/// The hashes a key ceremony agrees on: each round-one package's hash, the echo digest and the
/// transcript hash. Byte layouts: docs/key-ceremony.md.
public enum KeyCeremonyTranscript {
    static let packageTag = Array("custody.key-ceremony.round1.v1".utf8)
    static let echoTag = Array("custody.key-ceremony.echo.v1".utf8)
    static let transcriptTag = Array("custody.key-ceremony.transcript.v1".utf8)
    static let refreshTranscriptTag = Array("custody.key-ceremony.refresh-transcript.v1".utf8)
    static let activationTag = Array("custody.key-ceremony.refresh-activated.v1".utf8)

    /// What a signer signs with its identity key once it activated a refresh's share:
    /// SHA-256(`"custody.key-ceremony.refresh-activated.v1"` ‖ ceremony id with a one-byte length
    /// ‖ the transcript hash). Every participant's signature over it lets each retire its old
    /// share (`ceremonyFinalize`).
    public static func activationDigest(ceremonyID: KeyCeremonyID, transcriptHash: [UInt8]) -> [UInt8] {
        sha256(activationTag + lengthPrefixed(ceremonyID.bytes) + transcriptHash)
    }

    /// A round-one package: the number of coefficients (2 bytes, big-endian), each coefficient
    /// compressed (33 bytes), the proof's R compressed (33 bytes) and its z (32 bytes). A point
    /// that is the identity (which part 2 refuses) is written as 33 zero bytes.
    static func encode(_ package: DKG.Round1Package) -> [UInt8] {
        let coefficients = package.commitment.coefficients
        var out = uint16(coefficients.count)
        for point in coefficients + [package.proofCommitment] { out += compressed(point) }
        return out + package.proofResponse.bigEndianBytes
    }

    /// SHA-256(tag ‖ ceremony id with a one-byte length ‖ sender's identifier ‖ the package).
    public static func packageHash(_ package: DKG.Round1Package, sender: Identifier, ceremonyID: KeyCeremonyID)
        -> [UInt8]
    {
        sha256(packageTag + lengthPrefixed(ceremonyID.bytes) + sender.bytes + encode(package))
    }

    /// SHA-256(tag ‖ ceremony id with a one-byte length ‖ the number of entries (2 bytes) ‖ for
    /// each identifier in ascending order: the identifier ‖ its package hash with a one-byte
    /// length).
    public static func echoDigest(_ packageHashes: [Identifier: [UInt8]], ceremonyID: KeyCeremonyID) -> [UInt8] {
        var input = echoTag + lengthPrefixed(ceremonyID.bytes) + uint16(packageHashes.count)
        for (identifier, hash) in packageHashes.sorted(by: { $0.key < $1.key }) {
            input += identifier.bytes + lengthPrefixed(hash)
        }
        return sha256(input)
    }

    /// The hash every participant signs: SHA-256 of the tag, the ceremony id (one-byte length),
    /// the wallet (two-byte length, UTF-8), the suite's name (one-byte length), the threshold
    /// and the number of participants (2 bytes each), then for each participant in ascending
    /// order its identifier, its identity key (one-byte curve-name length, curve name, 65-byte
    /// uncompressed SEC1) and its round-one package, then the group public key (33 bytes) and
    /// for each participant its identifier and verifying share (33 bytes).
    ///
    /// A share refresh's hash has its own tag and ends with the new key version (4 bytes), the
    /// refreshed key's group key (33 bytes), and for each holder of the refreshed key in
    /// ascending order its identifier and verifying share before the refresh (33 bytes).
    public static func hash(
        parameters: KeyCeremonyParameters, round1Packages: [Identifier: DKG.Round1Package],
        publicKeyPackage: PublicKeyPackage, refresh: KeyCeremonyRefresh? = nil
    ) -> [UInt8] {
        var input = (refresh == nil ? transcriptTag : refreshTranscriptTag) + lengthPrefixed(parameters.id.bytes)
        let wallet = Array(parameters.wallet.utf8)
        input += uint16(wallet.count) + wallet + lengthPrefixed(Array(parameters.suite.rawValue.utf8))
        input += uint16(parameters.threshold) + uint16(parameters.participants.count)
        for participant in parameters.participants {
            input += participant.identifier.bytes
            input += lengthPrefixed(Array(participant.identityKey.curve.rawValue.utf8))
            input += participant.identityKey.uncompressed
            input += round1Packages[participant.identifier].map(encode) ?? []
        }
        input += compressed(publicKeyPackage.groupPublicKey)
        for identifier in parameters.identifiers {
            input += identifier.bytes + compressed(publicKeyPackage.verifyingShares[identifier] ?? .identity)
        }
        if let refresh {
            let version = refresh.keyVersion
            input += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: version >> $0) }
            let previous = refresh.publicKeyPackage
            input += compressed(previous.groupPublicKey)
            for (identifier, share) in previous.verifyingShares.sorted(by: { $0.key < $1.key }) {
                input += identifier.bytes + compressed(share)
            }
        }
        return sha256(input)
    }

    /// The group's public key package from every participant's round-one commitment: the group
    /// key is the sum of the constant terms, participant j's verifying share the sum of every
    /// commitment evaluated at j. What the coordinator computes to check what participants sign.
    ///
    /// For a share refresh, the refreshed key's package: the same group key, each verifying
    /// share moved by the participants' commitments to shares of zero
    /// (`Refresh.publicKeyPackage(previous:commitments:)`).
    ///
    /// - Throws: `invalidRound1Package` when the group key or a verifying share is the identity,
    ///   or a refresh commitment has the wrong number of coefficients (naming its sender).
    public static func publicKeyPackage(
        round1Packages: [Identifier: DKG.Round1Package], threshold: Int, refresh: KeyCeremonyRefresh? = nil
    ) throws(KeyCeremonyError) -> PublicKeyPackage {
        if let refresh {
            do throws(FROSTError) {
                let refreshed = try Refresh.publicKeyPackage(
                    previous: refresh.publicKeyPackage, commitments: round1Packages.mapValues(\.commitment))
                guard !refreshed.verifyingShares.values.contains(where: \.isIdentity) else {
                    throw FROSTError(.invalidParameters, "a refreshed verifying share is the identity")
                }
                return refreshed
            } catch {
                throw KeyCeremonyError(
                    .invalidRound1Package, "the refresh commitments make no key: \(error.reason)",
                    culprits: error.culprits)
            }
        }
        let commitments = round1Packages.values.map(\.commitment)
        var shares: [Identifier: Point] = [:]
        for identifier in round1Packages.keys {
            shares[identifier] = Point.sum(commitments.map { $0.evaluate(at: identifier) })
        }
        do {
            return try PublicKeyPackage(
                verifyingShares: shares, groupPublicKey: Point.sum(commitments.compactMap(\.coefficients.first)),
                minSigners: threshold)
        } catch {
            throw KeyCeremonyError(.invalidRound1Package, "the round-one commitments make no key: \(error.reason)")
        }
    }

    /// Compares every participant's echo. Returns nil when all are equal; otherwise the
    /// `equivocation` error naming each sender whose package was seen differently, and who saw
    /// which hash.
    static func compare(_ echoes: [Identifier: KeyCeremonyEcho]) -> KeyCeremonyError? {
        var seen: [Identifier: [[UInt8]: [Identifier]]] = [:]
        for (echoer, echo) in echoes {
            for (sender, hash) in echo.packageHashes { seen[sender, default: [:]][hash, default: []].append(echoer) }
        }
        let disputed = seen.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        guard !disputed.isEmpty else { return nil }
        let accounts = disputed.map { sender, views in
            let sightings = views.sorted { $0.value.min()! < $1.value.min()! }.map { hash, echoers in
                "\(echoers.sorted().map(\.description).joined(separator: ", ")) saw \(Hex.encode(hash.prefix(8)))…"
            }
            return "participant \(sender)'s round-one package: " + sightings.joined(separator: "; ")
        }
        return KeyCeremonyError(
            .equivocation,
            "the participants did not all receive the same round-one packages: " + accounts.joined(separator: " | "),
            culprits: disputed.map(\.key))
    }

    private static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    private static func uint16(_ value: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 8), UInt8(value & 0xFF)]
    }

    private static func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] { [UInt8(truncatingIfNeeded: bytes.count)] + bytes }

    private static func compressed(_ point: Point) -> [UInt8] {
        (try? point.compressed()) ?? [UInt8](repeating: 0, count: 33)
    }
}
