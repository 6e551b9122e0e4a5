import CustodyTestSupport
import Testing

@testable import PKCS11

/// `HSMToken.close()`: what a daemon calls on shutdown, before finalizing the module.
@Suite struct TokenCloseTests {
    @Test func aClosedTokenRefusesEveryOperationAndClosingTwiceDoesNothing() async throws {
        let token = try SoftHSM.preparedToken("close")
        _ = try token.identityPublicKey()
        token.close()
        token.close()
        #expect(throws: PKCS11Error.self) { _ = try token.identityPublicKey() }
        do {
            _ = try await token.randomBytes(count: 32)
            Issue.record("a closed token answered")
        } catch {
            #expect(error.code == .moduleError)
            #expect(error.reason.contains("was closed"))
        }
        await #expect(throws: PKCS11Error.self) {
            _ = try await token.signWithIdentity(digest: [UInt8](repeating: 1, count: 32))
        }
    }
}
