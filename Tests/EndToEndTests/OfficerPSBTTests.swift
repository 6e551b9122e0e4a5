import Crypto
import CustodyTestSupport
import Foundation
import Policy
import Testing

/// `custody approve --psbt`: the PSBT a transfer request binds, shown output by output with its
/// fee, and refused when it is not the one bound or pays something else than the request says.
@Suite struct OfficerPSBTTests {
    /// BIP-173's example P2WPKH address and its witness program.
    static let destination = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    static let destinationScript: [UInt8] = [0x00, 0x14] + hex("751e76e8199196d454941c45d1b3a323f1433bd6")
    /// The wallet's Taproot output script (the inputs spend it; an output paying it is change).
    static let walletScript: [UInt8] = [0x51, 0x20] + Array(repeating: 0x22, count: 32)

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// A version 0 PSBT spending one 200,000,000 sat output of the wallet to `outputs`.
    static func psbt(_ outputs: [(amount: Int64, script: [UInt8])]) -> [UInt8] {
        var transaction = littleEndian(UInt32(2)) + [1] + Array(repeating: 0xAB, count: 32) + littleEndian(UInt32(0))
        transaction += [0] + littleEndian(UInt32(0xFFFF_FFFD)) + [UInt8(outputs.count)]
        for output in outputs {
            transaction += littleEndian(output.amount) + [UInt8(output.script.count)] + output.script
        }
        transaction += littleEndian(UInt32(0))
        let utxo = littleEndian(Int64(200_000_000)) + [UInt8(walletScript.count)] + walletScript
        var bytes: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xFF]
        bytes += [1, 0x00, UInt8(transaction.count)] + transaction + [0]
        bytes += [1, 0x01, UInt8(utxo.count)] + utxo + [0]
        for _ in outputs { bytes += [0] }
        return bytes
    }

    /// The example request's transfer of 150,000,000 sat from btc-hot to `address`, binding the
    /// PSBT `psbt`, signed by the example `withdrawal-engine` key (Policies/README.md).
    static func request(binding psbt: [UInt8], to address: String = destination) throws -> String {
        let request = PolicyRequest(
            id: "wd-psbt-1", kind: .transfer, wallet: "btc-hot", amount: 150_000_000,
            destination: .init(address: address), initiator: "withdrawal-engine",
            createdAt: Instant(rfc3339: "2025-03-03T10:00:00Z")!, payload: .psbt(document: psbt))
        let seed = SHA256.hash(data: Array("custody-example:withdrawal-engine".utf8))
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed))
        let signature = try key.signature(for: SignedRequest.signedBytes(digest: request.digest))
        let hash = Array(SHA256.hash(data: psbt)).map { String(format: "%02x", $0) }.joined()
        return """
            {"request": {"id": "wd-psbt-1", "kind": "transfer", "wallet": "btc-hot", "amount": 150000000,
             "destination": {"address": "\(address)"}, "initiator": "withdrawal-engine",
             "createdAt": "2025-03-03T10:00:00Z", "payload": {"kind": "psbt", "hash": "\(hash)"}},
             "signature": "\(signature.map { String(format: "%02x", $0) }.joined())"}
            """
    }

    @Test func theOutputsAndTheFeeOfTheBoundPSBTAreShownAndSigned() throws {
        let officer = try OfficerCommandTests.Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let psbt = Self.psbt([(150_000_000, Self.destinationScript), (49_990_000, Self.walletScript)])
        let psbtPath = officer.directory + "/withdrawal.psbt"
        #expect(FileManager.default.createFile(atPath: psbtPath, contents: Data(psbt)))
        try Self.request(binding: psbt).write(toFile: officer.request, atomically: true, encoding: .utf8)
        let result = try FrostCommandTests.custody(officer.arguments("approve", ["--yes", "--psbt", psbtPath]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("inputs          200000000 sat (2.00000000 BTC)"), "\(result.stderr)")
        #expect(result.stderr.contains("output 0        \(Self.destination) 150000000 sat (1.50000000 BTC)"))
        #expect(result.stderr.contains("49990000 sat (0.49990000 BTC) change"))
        #expect(result.stderr.contains("fee             10000 sat (0.00010000 BTC)"))
        let approvals = try PolicyInputDecoder.approvals(json: Array(result.stdout.utf8))
        _ = try ApprovalVerifier.verify(
            approvals[0], policy: officer.loadPolicy(), requestDigest: officer.requestDigest())
    }

    @Test func aPSBTOtherThanTheOneTheRequestBindsIsRefused() throws {
        let officer = try OfficerCommandTests.Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        let bound = Self.psbt([(150_000_000, Self.destinationScript), (49_990_000, Self.walletScript)])
        try Self.request(binding: bound).write(toFile: officer.request, atomically: true, encoding: .utf8)
        // The same payments with a larger fee: another PSBT.
        let other = Self.psbt([(150_000_000, Self.destinationScript), (40_000_000, Self.walletScript)])
        let psbtPath = officer.directory + "/other.psbt"
        #expect(FileManager.default.createFile(atPath: psbtPath, contents: Data(other)))
        let result = try FrostCommandTests.custody(officer.arguments("approve", ["--yes", "--psbt", psbtPath]))
        #expect(result.status == 8)
        #expect(result.stderr.contains("not the request's payload"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aBoundPSBTThatPaysSomeoneElseIsRefused() throws {
        let officer = try OfficerCommandTests.Officer()
        defer { try? FileManager.default.removeItem(atPath: officer.directory) }
        // The initiator binds a PSBT that splits the payment with a third output.
        let psbt = Self.psbt([
            (100_000_000, Self.destinationScript), (50_000_000, [0x00, 0x14] + Array(repeating: 0x66, count: 20)),
            (49_990_000, Self.walletScript),
        ])
        let psbtPath = officer.directory + "/split.psbt"
        #expect(FileManager.default.createFile(atPath: psbtPath, contents: Data(psbt)))
        try Self.request(binding: psbt).write(toFile: officer.request, atomically: true, encoding: .utf8)
        let result = try FrostCommandTests.custody(officer.arguments("approve", ["--yes", "--psbt", psbtPath]))
        #expect(result.status == 8)
        #expect(result.stderr.contains("does not pay exactly 150000000 sat to \(Self.destination)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
