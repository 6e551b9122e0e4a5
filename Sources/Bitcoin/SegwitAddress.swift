import Encoding

/// A segwit address (BIP-173, BIP-350): a witness version and program for one network.
///
/// A decoded address has the network's human-readable part, a witness version from 0 to 16, a
/// program of 2 to 40 bytes (exactly 20 or 32 for version 0), bech32 for version 0 and bech32m
/// for versions 1 to 16, and no non-zero or excess padding bits. Addresses print in lowercase.
public struct SegwitAddress: Sendable, Hashable, CustomStringConvertible {
    /// The network the address is for.
    public let network: Network
    /// The witness version, 0 to 16.
    public let witnessVersion: UInt8
    /// The witness program, 2 to 40 bytes.
    public let program: [UInt8]

    /// An address from a version and a program, checked as a decoded one is.
    public init(witnessVersion: UInt8, program: [UInt8], network: Network) throws(BitcoinError) {
        try Self.check(witnessVersion: witnessVersion, program: program)
        self.init(checkedVersion: witnessVersion, program: program, network: network)
    }

    /// An address from a version and program that are known to be valid.
    init(checkedVersion witnessVersion: UInt8, program: [UInt8], network: Network) {
        self.witnessVersion = witnessVersion
        self.program = program
        self.network = network
    }

    /// Decodes `text` as an address of `network`.
    public init(_ text: some StringProtocol, network: Network) throws(BitcoinError) {
        let decoded: Bech32.Decoded
        do {
            decoded = try Bech32.decode(text)
        } catch {
            throw BitcoinError(.invalidAddress, error.reason)
        }
        guard decoded.humanReadablePart == network.humanReadablePart else {
            throw BitcoinError(
                .invalidAddress,
                "the human-readable part '\(UntrustedText.printable(decoded.humanReadablePart))' is not \(network)'s '\(network.humanReadablePart)'"
            )
        }
        guard let version = decoded.data.first else {
            throw BitcoinError(.invalidAddress, "the address has no witness version")
        }
        guard version <= 16 else {
            throw BitcoinError(.invalidAddress, "witness version \(version) is above 16")
        }
        guard let program = Bech32.regroup(Array(decoded.data.dropFirst()), from: 5, to: 8, pad: false) else {
            throw BitcoinError(.invalidAddress, "the witness program has non-zero or excess padding bits")
        }
        let expected: Bech32.Variant = version == 0 ? .bech32 : .bech32m
        guard decoded.variant == expected else {
            throw BitcoinError(
                .invalidAddress,
                "witness version \(version) takes a \(expected) checksum, the address has a \(decoded.variant) one")
        }
        try self.init(witnessVersion: version, program: program, network: network)
    }

    /// The address a scriptPubKey pays to, or nil when it is not a segwit output
    /// (`OP_n <2 to 40 bytes>` with the version rules above).
    public init?(scriptPubKey script: [UInt8], network: Network) {
        guard script.count >= 4, script.count <= 42, Int(script[1]) == script.count - 2 else { return nil }
        let version: UInt8
        switch script[0] {
        case 0x00: version = 0
        case 0x51...0x60: version = script[0] - 0x50
        default: return nil
        }
        guard let address = try? SegwitAddress(witnessVersion: version, program: Array(script[2...]), network: network)
        else { return nil }
        self = address
    }

    /// The output script that pays to this address: `OP_n` and the program.
    public var scriptPubKey: [UInt8] {
        [witnessVersion == 0 ? 0x00 : 0x50 + witnessVersion, UInt8(program.count)] + program
    }

    /// The lowercase address.
    public var description: String {
        let data = [witnessVersion] + (Bech32.regroup(program, from: 8, to: 5, pad: true) ?? [])
        // A checked version and program always encode within 90 characters.
        return
            (try? Bech32.encode(
                humanReadablePart: network.humanReadablePart, data: data,
                variant: witnessVersion == 0 ? .bech32 : .bech32m)) ?? ""
    }

    private static func check(witnessVersion: UInt8, program: [UInt8]) throws(BitcoinError) {
        guard witnessVersion <= 16 else {
            throw BitcoinError(.invalidAddress, "witness version \(witnessVersion) is above 16")
        }
        guard program.count >= 2 && program.count <= 40 else {
            throw BitcoinError(.invalidAddress, "a witness program is 2 to 40 bytes, got \(program.count)")
        }
        guard witnessVersion != 0 || program.count == 20 || program.count == 32 else {
            throw BitcoinError(
                .invalidAddress, "a version 0 witness program is 20 or 32 bytes, got \(program.count)")
        }
    }
}
