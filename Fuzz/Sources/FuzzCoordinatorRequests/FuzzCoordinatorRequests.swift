import CoordinatorService
import Custody
import FuzzSupport

/// The coordinator's request bodies (docs/daemons.md § `POST /v1/wallets`, § `POST
/// /v1/signatures`, § `POST /v1/policies`): the first byte mod 3 chooses a wallet creation, a
/// signature request or a policy change; the rest is the body.
///
/// Properties: no trap; every refusal has a reason; an accepted wallet
/// creation has a valid name, a threshold from 2 to its distinct signers; an accepted signature
/// request has exactly one message of 32 bytes and a timeout from 1 to 300 seconds; an accepted
/// policy change is a `policy-change` whose `newPolicy` is the hash of the file it carries, and
/// encodes as a `policyChange` payload.
@main enum FuzzCoordinatorRequests {
    static func main() { fuzz(test) }
}

func test(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let body = Array(bytes.dropFirst())
    switch selector % 3 {
    case 2:
        do {
            let request = try PolicyChangeRequest(json: body)
            require(
                request.adoption.change.request.kind == .policyChange
                    && request.adoption.change.request.newPolicy == request.adoption.hash,
                "a change that does not name its policy file was accepted")
            require((try? request.adoption.encoded()) != nil, "an accepted change does not encode")
        } catch {
            require(!error.description.isEmpty, "a refusal without a reason")
        }
    case 0:
        do {
            let request = try WalletCreationRequest(json: body)
            require(WalletCreationRequest.isWalletName(request.name), "an invalid wallet name was accepted")
            require(
                request.threshold >= 2 && request.threshold <= request.signers.count
                    && Set(request.signers).count == request.signers.count,
                "a threshold or signer list out of range was accepted")
        } catch {
            require(!error.description.isEmpty, "a refusal without a reason")
        }
    default:
        do {
            let request = try SignatureRequest(json: body)
            let messages = request.authorization.messages
            require(
                (1...SignatureRequest.maximumMessages).contains(messages.count)
                    && messages.allSatisfy { $0.count == 32 },
                "messages out of range were accepted")
            require(
                request.timeout >= .seconds(1) && request.timeout <= .seconds(SignatureRequest.maximumTimeoutSeconds),
                "a timeout out of range was accepted")
        } catch {
            require(!error.description.isEmpty, "a refusal without a reason")
        }
    }
}
