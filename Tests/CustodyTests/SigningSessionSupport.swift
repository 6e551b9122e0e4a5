import Custody
import FROST
import Secp256k1
import Testing

/// A dealt key, a coordinator and one signer machine per key package, with the messages
/// carried by hand, as a driver would carry them over the network.
struct SigningHarness {
    let suite: SigningSuite
    let keyPackages: [KeyPackage]
    let publicKeyPackage: PublicKeyPackage
    var signers: [Identifier: SignerStateMachine] = [:]

    static let message: [UInt8] = Array("pay 1 BTC to the cold wallet".utf8)

    init(_ suite: SigningSuite, threshold: Int = 2, of count: Int = 3, noncesEach: Int = 2) throws {
        let (shares, publicKeyPackage) = try TrustedDealer.generate(minSigners: threshold, maxSigners: count)
        self.suite = suite
        self.keyPackages = try shares.map { try $0.verify() }
        self.publicKeyPackage = publicKeyPackage
        for keyPackage in keyPackages {
            var signer = SignerStateMachine(suite: suite, keyPackage: keyPackage)
            try signer.addNonces(suite.ciphersuite.preprocess(count: noncesEach, keyPackage: keyPackage))
            signers[keyPackage.identifier] = signer
        }
    }

    /// Participant `number`'s identifier.
    static func id(_ number: Int) -> Identifier { try! Identifier(number) }

    static func sessionID(_ byte: UInt8 = 1) -> SigningSessionID {
        try! SigningSessionID(bytes: Array(repeating: byte, count: 32))
    }

    func parameters(
        _ sessionID: SigningSessionID = SigningHarness.sessionID(), signers: [Int] = [1, 2],
        message: [UInt8] = SigningHarness.message, spend: TaprootSpend? = nil, deadline: Int64? = nil
    ) throws(SigningSessionError) -> SigningSessionStateMachine.Parameters {
        try .init(
            sessionID: sessionID, suite: suite, signers: signers.map(Self.id), message: message, taprootSpend: spend,
            publicKeyPackage: publicKeyPackage, deadline: deadline)
    }

    /// Starts a coordinator and delivers every signer's commitments: returns the coordinator,
    /// now collecting shares, and the share request it sent.
    mutating func throughCommitments(_ parameters: SigningSessionStateMachine.Parameters) throws
        -> (SigningSessionStateMachine, ShareRequest)
    {
        var coordinator = SigningSessionStateMachine()
        guard case .requestCommitments(let request) = try coordinator.start(parameters) else {
            throw HarnessError("start did not ask for commitments")
        }
        var action = SigningSessionStateMachine.Action.wait
        for identifier in request.signers {
            action = try coordinator.commitmentReceived(
                signers[identifier]!.commitmentRequested(request), from: identifier)
        }
        guard case .requestShares(let shareRequest) = action else {
            throw HarnessError("the last commitment did not send the package: \(action)")
        }
        return (coordinator, shareRequest)
    }

    /// A whole session: every commitment, every share, the coordinator's last action.
    mutating func run(_ parameters: SigningSessionStateMachine.Parameters) throws -> SigningSessionStateMachine.Action {
        var (coordinator, request) = try throughCommitments(parameters)
        var action = SigningSessionStateMachine.Action.wait
        for identifier in request.package.signers {
            action = try coordinator.shareReceived(signers[identifier]!.shareRequested(request), from: identifier)
        }
        return action
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Expects `body` to throw a `SigningSessionError` with `code`, and returns it.
@discardableResult
func expectRefusal<T>(
    _ code: SigningSessionError.Code, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(SigningSessionError) -> T
) -> SigningSessionError? {
    do {
        let result = try body()
        Issue.record("expected \(code), got \(result)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    }
}
