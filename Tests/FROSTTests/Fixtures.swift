import Encoding
import Foundation
import Secp256k1

@testable import FROST

/// The published FROST vectors, rewritten into this project's own format (see Fixtures/README.md).
struct FROSTVectors: Decodable {
    struct Signing: Decodable {
        struct Share: Decodable {
            let identifier: Int
            let share: String
        }
        struct Signer: Decodable {
            let identifier: Int
            let hidingRandomness, bindingRandomness, hidingNonce, bindingNonce: String
            let hidingCommitment, bindingCommitment, bindingFactorInput, bindingFactor, signatureShare: String
        }
        let source, suite: String
        let minSigners, maxSigners: Int
        let groupSecretKey, groupPublicKey, message: String
        let coefficients: [String]
        let shares: [Share]
        let signers: [Signer]
        let signature: String
    }
    struct DKG: Decodable {
        struct Participant: Decodable {
            let identifier: Int
            let secret, coefficient: String
            let commitment: [String]
            let proofOfKnowledge: String
            let receivedShares: [String: String]
            let signingShare, verifyingShare: String
        }
        let source, suite: String
        let minSigners, maxSigners: Int
        let verifyingKey: String
        let participants: [Participant]
    }
    struct Repair: Decodable {
        let randomScalars: [String]
        let randomScalarSum: String
        let sigmas: [String]
        let sigmaSum: String
    }
    let signing: [Signing]
    let dkg: [DKG]
    let repair: Repair

    static let shared: FROSTVectors = {
        let url = Bundle.module.url(forResource: "frost-vectors", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(FROSTVectors.self, from: Data(contentsOf: url))
    }()
}

func bytes(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }
func scalar(_ hex: String) -> Scalar { try! Scalar(bigEndian: bytes(hex)) }
func point(_ hex: String) -> Point { try! Point(compressed: bytes(hex)) }
func id(_ number: Int) -> Identifier { try! Identifier(number) }
