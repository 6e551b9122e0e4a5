import CoordinatorService
import PKCS11

/// Signs the API services' requests with their keys in the coordinator's token
/// (`custody-service-key:<service>`, made by `custodyd coordinator service-key`).
struct HSMRequestInitiator: RequestInitiator {
    let token: HSMToken

    func sign(service: String, bytes: [UInt8]) async throws -> [UInt8] {
        try await token.signWithEd25519Key(label: HSMToken.serviceKeyLabel(service), bytes)
    }
}
