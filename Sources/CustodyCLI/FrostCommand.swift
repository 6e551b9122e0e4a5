public import ArgumentParser
import Custody
import Encoding
import FROST
import FROSTKeyFiles
import Foundation
import Secp256k1

/// `custody frost`: offline FROST tools, for operators who want to see the scheme work and for
/// checking interoperability from outside.
public struct FrostCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "frost", abstract: "Offline FROST tools: keygen, sign, verify.",
        subcommands: [FrostKeygen.self, FrostSign.self, FrostVerify.self])
    public init() {}
}

/// The ciphersuites, by the names the command line and the key files give them.
extension KeyFileSuite: ExpressibleByArgument {}

/// Parses hexadecimal arguments, naming the option in the error.
func hexArgument(_ text: String, option: String, count: Int? = nil) throws -> [UInt8] {
    do {
        if let count { return try Hex.decode(text, count: count, what: option) }
        return try Hex.decode(text)
    } catch {
        throw ValidationError("\(option): \(error.reason)")
    }
}

struct FrostKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Split a fresh key among signers (trusted dealer, RFC 9591 Appendix C).",
        discussion: """
            Writes signer-<i>.json (mode 0600: it holds that signer's secret share) for each signer \
            and group.json (the group public key and every verifying share) into --out, which must \
            not already hold key files.
            """)

    @Option(help: "The ciphersuite: secp256k1 (RFC 9591) or secp256k1-tr (Taproot, BIP-340).")
    var suite: KeyFileSuite
    @Option(help: "How many signers a signature needs.")
    var threshold: Int
    @Option(help: "How many signers hold a share.")
    var signers: Int
    @Option(help: "The directory to write the key packages to.")
    var out: String

    func validate() throws {
        guard threshold >= 2 else { throw ValidationError("--threshold must be at least 2, got \(threshold)") }
        guard threshold <= signers else {
            throw ValidationError("--threshold (\(threshold)) cannot exceed --signers (\(signers))")
        }
        guard signers <= 65535 else { throw ValidationError("--signers is at most 65535, got \(signers)") }
    }

    func run() throws {
        let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: threshold, maxSigners: signers)
        let keyPackages = try shares.map { try $0.verify() }
        try KeyDirectory.create(
            at: out, suite: suite, keyPackages: keyPackages, publicKeyPackage: publicKeyPackage)
        let key = try publicKeyPackage.groupPublicKey.compressed()
        print(
            "\(threshold)-of-\(signers) \(suite.rawValue) key written to \(out); group public key \(Hex.encode(key))")
    }
}

struct FrostSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Run every FROST round locally with the chosen signers and print the signature as JSON.")

    @Option(help: "The directory written by `custody frost keygen`.")
    var keys: String
    @Option(help: "The signers, by participant number: 1,3,5.")
    var signers: String
    @Option(help: "The message, in hex.")
    var message: String
    @Flag(help: "Taproot: sign for the BIP-341 output key with no script tree.")
    var tweak = false
    @Option(
        name: .customLong("merkle-root"),
        help: "Taproot: sign for the BIP-341 output key with this script tree root (hex).")
    var merkleRoot: String?

    struct Output: Encodable {
        let suite: String
        let groupPublicKey: String
        let message: String
        let signature: String
        let signers: [Int]
    }

    func run() throws {
        let messageBytes = try hexArgument(message, option: "--message")
        var spend: TaprootSpend? = nil
        if let merkleRoot {
            guard !tweak else { throw ValidationError("give --tweak or --merkle-root, not both") }
            spend = .scriptTree(merkleRoot: try hexArgument(merkleRoot, option: "--merkle-root", count: 32))
        } else if tweak {
            spend = .keyPathOnly
        }
        let numbers = try signers.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let number = Int(part.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                throw ValidationError("--signers: '\(part)' is not a participant number")
            }
            return number
        }
        guard Set(numbers).count == numbers.count else { throw ValidationError("--signers: a signer is listed twice") }

        let publicFile = try KeyDirectory.readPublicKeyPackage(
            at: KeyDirectory.path(keys, KeyDirectory.publicKeyPackageFileName))
        let suiteName = publicFile.suite
        let publicKeyPackage = publicFile.publicKeyPackage
        guard numbers.count >= publicKeyPackage.minSigners else {
            throw ValidationError(
                "--signers: this key needs \(publicKeyPackage.minSigners) signers, got \(numbers.count)")
        }
        var keyPackages: [KeyPackage] = []
        for number in numbers.sorted() {
            let path = KeyDirectory.path(keys, KeyDirectory.keyPackageFileName(number))
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError("signer \(number) has no key package in \(keys)")
            }
            let file = try KeyDirectory.readKeyPackage(at: path)
            guard file.suite == suiteName else {
                throw CLIError("\(path) is for suite \(file.suite.rawValue), the group is \(suiteName.rawValue)")
            }
            guard file.keyPackage.groupPublicKey == publicKeyPackage.groupPublicKey else {
                throw CLIError("\(path) belongs to another group key")
            }
            keyPackages.append(file.keyPackage)
        }
        if spend != nil && suiteName != .secp256k1Taproot {
            throw ValidationError(
                "--tweak and --merkle-root need the secp256k1-tr suite; this key is \(suiteName.rawValue)")
        }
        let signature = try Self.signLocally(
            suite: SigningSuite(rawValue: suiteName.rawValue)!, keyPackages: keyPackages,
            publicKeyPackage: publicKeyPackage, message: messageBytes, spend: spend)
        let key =
            suiteName == .secp256k1Taproot ? try signature.publicKey.xOnly() : try signature.publicKey.compressed()
        let output = Output(
            suite: suiteName.rawValue, groupPublicKey: Hex.encode(key), message: Hex.encode(messageBytes),
            signature: Hex.encode(signature.bytes), signers: numbers.sorted())
        print(try DocumentJSON.string(output))
    }
}

extension FrostSign {
    /// Every FROST round in one process: drives the coordinator's `SigningSessionStateMachine`
    /// and one `SignerStateMachine` per signer, carrying each action's messages by hand.
    static func signLocally(
        suite: SigningSuite, keyPackages: [KeyPackage], publicKeyPackage: PublicKeyPackage, message: [UInt8],
        spend: TaprootSpend?
    ) throws -> Signature {
        var signers: [Identifier: SignerStateMachine] = [:]
        for keyPackage in keyPackages {
            var signer = SignerStateMachine(suite: suite, keyPackage: keyPackage)
            try signer.addNonces(suite.ciphersuite.preprocess(count: 1, keyPackage: keyPackage))
            signers[keyPackage.identifier] = signer
        }
        var generator = SystemRandomNumberGenerator()
        let sessionID = try SigningSessionID(bytes: (0..<32).map { _ in generator.next() })
        var coordinator = SigningSessionStateMachine()
        var action = try coordinator.start(
            .init(
                sessionID: sessionID, suite: suite, signers: keyPackages.map(\.identifier), message: message,
                taprootSpend: spend, publicKeyPackage: publicKeyPackage, deadline: nil))
        while true {
            switch action {
            case .requestCommitments(let request):
                for identifier in request.signers {
                    let commitments = try signers[identifier]!.commitmentRequested(request)
                    action = try coordinator.commitmentReceived(commitments, from: identifier)
                }
            case .requestShares(let request):
                for identifier in request.package.signers {
                    let share = try signers[identifier]!.shareRequested(request)
                    action = try coordinator.shareReceived(share, from: identifier)
                }
            case .completed(let signature):
                return signature
            case .failed(let error):
                throw error
            case .aborted(let reason, _):
                throw CLIError("the signing session was aborted: \(reason)")
            case .wait:
                throw CLIError("the signing session stalled with every message delivered")
            }
        }
    }
}

struct FrostVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a signature: exit status 0 when valid, 1 when not.",
        discussion: """
            For secp256k1-tr the public key is the 32-byte x-only key (a 33-byte compressed key is \
            also accepted) and the signature is 64 bytes (BIP-340, checked by libsecp256k1). For \
            secp256k1 the key is 33 bytes compressed and the signature 65 bytes.
            """)

    @Option(help: "The ciphersuite: secp256k1 or secp256k1-tr.")
    var suite: KeyFileSuite
    @Option(name: .customLong("public-key"), help: "The public key, in hex.")
    var publicKey: String
    @Option(help: "The message, in hex.")
    var message: String
    @Option(help: "The signature, in hex.")
    var signature: String

    func run() throws {
        let keyBytes = try hexArgument(publicKey, option: "--public-key")
        let key: Point
        do {
            switch (suite, keyBytes.count) {
            case (.secp256k1Taproot, 32): key = try Point(xOnly: keyBytes)
            case (_, 33): key = try Point(compressed: keyBytes)
            default:
                throw ValidationError(
                    "--public-key: expected \(suite == .secp256k1Taproot ? "32 or 33" : "33") bytes, got \(keyBytes.count)"
                )
            }
        } catch let error as Secp256k1Error {
            throw ValidationError("--public-key: \(error.reason)")
        }
        let messageBytes = try hexArgument(message, option: "--message")
        let signatureBytes = try hexArgument(
            signature, option: "--signature", count: suite == .secp256k1Taproot ? 64 : 65)
        if suite.ciphersuite.verify(signature: signatureBytes, message: messageBytes, publicKey: key) {
            print("valid")
        } else {
            print("invalid")
            throw ExitCode(1)
        }
    }
}
