import CoordinatorService
import Policy
import Testing

/// The coordinator's request bodies, read strictly (docs/daemons.md § `POST /v1/wallets`,
/// § `POST /v1/signatures`).
struct CoordinatorRequestTests {
    static func wallet(_ text: String) throws(WalletCreationRequestError) -> WalletCreationRequest {
        try WalletCreationRequest(json: Array(text.utf8))
    }

    @Test func aWalletCreationReadsWithTheCoordinatorsNetworkByDefault() throws {
        let request = try Self.wallet(
            #"{"name":"hot","suite":"secp256k1-tr","threshold":2,"signers":["s1","s2","s3"]}"#)
        #expect(request.name == "hot" && request.threshold == 2 && request.signers.map(\.value) == ["s1", "s2", "s3"])
        #expect(request.network == nil)
        #expect(
            try Self.wallet(#"{"name":"a","suite":"secp256k1","threshold":2,"signers":["x","y"],"network":"regtest"}"#)
                .network == .regtest)
    }

    @Test(arguments: [
        (
            #"{"name":"hot","suite":"secp256k1-tr","threshold":2,"signers":["s1","s2"],"colour":1}"#,
            "\"colour\": unknown key"
        ),
        (#"{"name":"hot","name":"cold","suite":"secp256k1-tr","threshold":2,"signers":["s1","s2"]}"#, "twice"),
        (#"{"name":"hot","suite":"secp256k1-tr","threshold":3,"signers":["s1","s2"]}"#, "threshold: must be from 2"),
        (#"{"name":"hot","suite":"secp256k1-tr","threshold":true,"signers":["s1","s2"]}"#, "threshold: an integer"),
        (#"{"name":"hot","suite":"secp256k1-tr","threshold":2.0,"signers":["s1","s2"]}"#, "body"),
        (#"{"name":"Hot","suite":"secp256k1-tr","threshold":2,"signers":["s1","s2"]}"#, "name: 1 to 64"),
        (#"{"name":"hot","suite":"ed25519","threshold":2,"signers":["s1","s2"]}"#, "suite: \"ed25519\""),
        (#"{"name":"hot","suite":"secp256k1-tr","threshold":2,"signers":["s1","s1"]}"#, "named twice"),
        (#"{"name":"hot","suite":"secp256k1-tr","threshold":2,"signers":["s1","s2"],"network":"moon"}"#, "network:"),
        (#"["hot"]"#, "not a JSON object"),
    ])
    func aWalletCreationThatIsNotAsDocumentedIsRefusedNamingTheKey(body: String, reason: String) {
        #expect {
            _ = try Self.wallet(body)
        } throws: { ($0 as? WalletCreationRequestError)?.description.contains(reason) == true }
    }

    static let signedRequest: String = {
        let request = PolicyRequest(
            id: "tx-1", wallet: "hot", amount: 500_000, destination: .init(address: "bcrt1qcustomer"),
            initiator: "engine", createdAt: Instant(seconds: 1_800_000_000),
            payload: .init(kind: .digest, hash: Array(repeating: 0xcd, count: 32)))
        let signed = SignedRequest(request: request, signature: Array(repeating: 1, count: 64))
        return String(decoding: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)), as: UTF8.self)
    }()

    static func signatures(_ extra: String, messages: String = #"["\#(String(repeating: "cd", count: 32))"]"#)
        throws(SignatureRequestError) -> SignatureRequest
    {
        try SignatureRequest(
            json: Array(
                #"{"wallet":"hot","request":\#(signedRequest),"policy":"\#(String(repeating: "ab", count: 32))","messages":\#(messages)\#(extra)}"#
                    .utf8))
    }

    @Test func aSignatureRequestReadsWithItsDefaults() throws {
        let request = try Self.signatures("")
        #expect(request.wallet == "hot")
        #expect(request.authorization.request.request.id == "tx-1")
        #expect(request.authorization.messages == [Array(repeating: 0xcd, count: 32)])
        #expect(request.timeout == .seconds(30))
        #expect(request.taprootSpend == nil)
        #expect(try Self.signatures(#","spend":"key-path","timeoutSeconds":5"#).timeout == .seconds(5))
    }

    @Test(arguments: [
        (#","timeoutSeconds":0"#, "timeoutSeconds"),
        (#","timeoutSeconds":301"#, "timeoutSeconds"),
        (#","spend":"script"#, "spend"),
        (#","extra":1"#, "\"extra\": unknown key"),
        (#","document":"zz""#, "document"),
    ])
    func aSignatureRequestThatIsNotAsDocumentedIsRefused(extra: String, reason: String) {
        #expect {
            _ = try Self.signatures(extra)
        } throws: { ($0 as? SignatureRequestError)?.description.contains(reason) == true }
    }

    @Test func messagesMustBeExactlyOneDigestOf32Bytes() {
        let digest = String(repeating: "cd", count: 32)
        for messages in [#"[]"#, #"["abcd"]"#, #"[1]"#, #"["\#(digest)","\#(digest)"]"#] {
            #expect(throws: SignatureRequestError.self) { _ = try Self.signatures("", messages: messages) }
        }
    }
}
