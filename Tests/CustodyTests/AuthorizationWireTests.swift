import Custody
import FROST
import Policy
import Secp256k1
import Testing

/// The `commitmentRequest`, `commitments` and `shareRequest` payloads (docs/protocol.md
/// § Signing payloads): pinned bytes, round trips, and every malformed input refused with the
/// reason that names it.
@Suite struct AuthorizationWireTests {
    static func authorized(
        wallet: String = "hot", messages: [[UInt8]]? = nil, document: [UInt8] = []
    ) throws -> AuthorizedShareRequest {
        let request = Authorization.transfer()
        return try AuthorizedShareRequest(
            wallet: wallet, request: try SigningWireTests.request(),
            authorization: Authorization.bundle(request, messages: messages, document: document))
    }

    static func reason(_ decode: () throws -> Void) -> String? { SigningWireTests.refusal(decode)?.reason }

    @Test func aCommitmentRequestHasItsPinnedBytes() throws {
        let request = try CommitmentBatchRequest(wallet: "hot", count: 3)
        #expect(hex(request.encoded()) == "03686f7403")
        #expect(try CommitmentBatchRequest(decoding: unhex("03686f7403")) == request)
    }

    @Test func aMalformedCommitmentRequestIsRefused() throws {
        #expect(Self.reason { _ = try CommitmentBatchRequest(decoding: []) }?.contains("wallet name length") == true)
        #expect(
            Self.reason { _ = try CommitmentBatchRequest(decoding: unhex("03686f74")) }?.contains("truncated") == true)
        #expect(
            Self.reason { _ = try CommitmentBatchRequest(decoding: unhex("03686f740100")) }?.contains("trailing")
                == true)
        #expect(
            Self.reason { _ = try CommitmentBatchRequest(decoding: unhex("03686f7400")) }?.contains("1 to 16") == true)
        #expect(
            Self.reason { _ = try CommitmentBatchRequest(decoding: unhex("03686f7411")) }?.contains("1 to 16") == true)
        #expect(
            Self.reason { _ = try CommitmentBatchRequest(decoding: unhex("0001")) }?.contains("wallet name") == true)
        #expect(
            Self.reason { _ = try CommitmentBatchRequest(decoding: unhex("0368ff7401")) }?.contains("wallet name")
                == true)
        #expect(Self.reason { _ = try CommitmentBatchRequest(wallet: String(repeating: "w", count: 256)) } != nil)
    }

    @Test func aCommitmentsPayloadCarriesOneOrMoreCommitmentsOfOneSigner() throws {
        let one = try SigningWireTests.commitments(1, 1, 2)
        let two = try SigningWireTests.commitments(1, 3, 4)
        let bytes = SigningWire.encoded(commitments: [one, two])
        #expect(bytes.count == 196)
        #expect(try SigningWire.commitments(decoding: bytes) == [one, two])
        // One commitment is the 98 bytes of `SigningCommitments` alone.
        #expect(try SigningWire.commitments(decoding: one.encoded()) == [one])
        #expect(Self.reason { _ = try SigningWire.commitments(decoding: []) }?.contains("1 to 16 times 98") == true)
        #expect(Self.reason { _ = try SigningWire.commitments(decoding: Array(bytes.dropLast())) } != nil)
        let other = try SigningWireTests.commitments(2, 3, 4)
        #expect(
            Self.reason { _ = try SigningWire.commitments(decoding: SigningWire.encoded(commitments: [one, other])) }?
                .contains("not") == true)
        #expect(
            Self.reason { _ = try SigningWire.commitments(decoding: SigningWire.encoded(commitments: [one, one])) }?
                .contains("repeat") == true)
        let seventeen = Array(repeating: one.encoded(), count: 17).flatMap { $0 }
        #expect(Self.reason { _ = try SigningWire.commitments(decoding: seventeen) }?.contains("at most 16") == true)
    }

    @Test func anAuthorizedShareRequestRoundTrips() throws {
        for request in [
            try Self.authorized(), try Self.authorized(wallet: "cold.wallet-1"),
            try Self.authorized(messages: [Authorization.message, [1, 2, 3], []], document: [9, 9]),
        ] {
            let bytes = try request.encoded()
            let decoded = try AuthorizedShareRequest(decoding: bytes)
            #expect(decoded == request)
            #expect(try decoded.encoded() == bytes)
        }
    }

    @Test func anAuthorizedShareRequestHasItsLayout() throws {
        let request = try Self.authorized()
        let bytes = try request.encoded()
        let shareRequest = try request.request.encoded()
        #expect(Array(bytes[0..<4]) == [3] + Array("hot".utf8))
        #expect(Array(bytes[4..<8]) == bigEndian(shareRequest.count))
        #expect(Array(bytes[8..<(8 + shareRequest.count)]) == shareRequest)
        let json = JSONWriter.canonical(PolicyInputEncoder.signedRequest(request.authorization.request))
        var offset = 8 + shareRequest.count
        #expect(Array(bytes[offset..<(offset + 4)]) == bigEndian(json.count))
        offset += 4 + json.count
        let approvals = JSONWriter.canonical(PolicyInputEncoder.approvals(request.authorization.approvals))
        #expect(Array(bytes[offset..<(offset + 4)]) == bigEndian(approvals.count))
        offset += 4 + approvals.count
        #expect(Array(bytes[offset..<(offset + 32)]) == request.authorization.policy.bytes)
        offset += 32
        #expect(Array(bytes[offset...]) == [0, 0, 0, 0] + [0, 1] + bigEndian(32) + Authorization.message)
    }

    @Test func everyTruncationOfAnAuthorizedShareRequestIsRefused() throws {
        let bytes = try Self.authorized().encoded()
        for cut in 0..<bytes.count {
            #expect(Self.reason { _ = try AuthorizedShareRequest(decoding: Array(bytes[0..<cut])) } != nil)
        }
        #expect(Self.reason { _ = try AuthorizedShareRequest(decoding: bytes + [0]) }?.contains("trailing") == true)
    }

    @Test func aNonCanonicalSignedRequestIsRefused() throws {
        let request = try Self.authorized()
        let bytes = try request.encoded()
        let json = JSONWriter.canonical(PolicyInputEncoder.signedRequest(request.authorization.request))
        // The same JSON with a space after the first brace: valid, not canonical.
        let spaced = [json[0], 0x20] + json[1...]
        let start = 8 + (try request.request.encoded()).count
        let altered = Array(bytes[0..<start]) + bigEndian(spaced.count) + spaced + bytes[(start + 4 + json.count)...]
        #expect(Self.reason { _ = try AuthorizedShareRequest(decoding: altered) }?.contains("canonical") == true)
    }

    @Test func oversizedPartsAreRefusedOnBothSides() throws {
        let big = Array(repeating: UInt8(7), count: SigningWire.maximumMessageSize + 1)
        #expect(Self.reason { _ = try Self.authorized(messages: [big]).encoded() }?.contains("at most") == true)
        let many = Array(repeating: [UInt8](), count: AuthorizedShareRequest.maximumMessages + 1)
        #expect(Self.reason { _ = try Self.authorized(messages: many).encoded() }?.contains("at most") == true)
        let document = Array(repeating: UInt8(1), count: AuthorizedShareRequest.maximumDocumentSize + 1)
        #expect(Self.reason { _ = try Self.authorized(document: document).encoded() }?.contains("document") == true)
        // A length field claiming more than its limit is refused before anything is read.
        var bytes = try Self.authorized().encoded()
        bytes.replaceSubrange(4..<8, with: [0xff, 0xff, 0xff, 0xff])
        #expect(Self.reason { _ = try AuthorizedShareRequest(decoding: bytes) }?.contains("share request") == true)
        #expect(
            Self.reason {
                _ = try AuthorizedShareRequest(
                    decoding: Array(repeating: 0, count: AuthorizedShareRequest.maximumSize + 1))
            }?.contains("at most") == true)
    }

    @Test func anOversizedShareRequestThrowsInsteadOfTrapping() throws {
        let package = try SigningPackage(
            commitments: try SigningWireTests.request().package.commitments,
            message: Array(repeating: 1, count: SigningWire.maximumMessageSize + 1))
        let request = ShareRequest(sessionID: try SigningWireTests.sessionID(), package: package)
        #expect(SigningWireTests.refusal { _ = try request.encoded() }?.reason.contains("at most") == true)
    }

    @Test func aBadWalletOrJSONIsRefusedWithItsField() throws {
        var bytes = try Self.authorized().encoded()
        bytes[1] = 0xff
        #expect(Self.reason { _ = try AuthorizedShareRequest(decoding: bytes) }?.contains("wallet name") == true)
        bytes = try Self.authorized().encoded()
        let start = 8 + (try Self.authorized().request.encoded()).count + 4
        bytes[start] = UInt8(ascii: "[")
        #expect(Self.reason { _ = try AuthorizedShareRequest(decoding: bytes) }?.contains("signed request") == true)
    }
}

private func bigEndian(_ value: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(value).bigEndian, Array.init) }

private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

private func unhex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
    }
}
