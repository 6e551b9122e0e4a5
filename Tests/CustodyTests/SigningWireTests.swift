import Custody
import FROST
import Secp256k1
import Testing

/// The robust signing messages' byte encodings (docs/protocol.md § Signing payloads): one
/// example of each pinned byte for byte, round trips, and every malformed input a peer can send
/// refused with the reason that names it.
@Suite struct SigningWireTests {
    // The compressed encodings of G, 2G, 3G and 4G.
    static let g1 = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    static let g2 = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
    static let g3 = "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"
    static let g4 = "02e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13"
    static let id1 = String(repeating: "00", count: 31) + "01"
    static let id2 = String(repeating: "00", count: 31) + "02"
    static let session = "000102030405060708090a0b0c0d0e0f"

    static func point(_ k: UInt64) -> Point { Point(multiplyingGeneratorBy: Scalar(k)) }

    static func commitments(_ id: Int, _ d: UInt64, _ e: UInt64) throws -> SigningCommitments {
        try SigningCommitments(identifier: Identifier(id), hiding: point(d), binding: point(e))
    }

    static func sessionID() throws -> SigningSessionID { try SigningSessionID(bytes: Array(0..<16)) }

    static func request(spend: TaprootSpend? = nil) throws -> ShareRequest {
        let package = try SigningPackage(
            commitments: [commitments(2, 3, 4), commitments(1, 1, 2)], message: Array("abc".utf8),
            taprootSpend: spend)
        return ShareRequest(sessionID: try sessionID(), package: package)
    }

    static func response(next: Bool = true) throws -> ShareResponse {
        ShareResponse(
            sessionID: try sessionID(), share: SignatureShare(identifier: try Identifier(1), response: Scalar(5)),
            next: next ? try commitments(1, 1, 2) : nil)
    }

    /// The error `decode` throws, which must be a `SigningSessionError` of `invalidParameters`.
    static func refusal(_ decode: () throws -> Void) -> SigningSessionError? {
        do {
            try decode()
            return nil
        } catch let error as SigningSessionError {
            #expect(error.code == .invalidParameters)
            return error
        } catch {
            Issue.record("not a SigningSessionError: \(error)")
            return nil
        }
    }

    // MARK: Pinned bytes

    @Test func commitmentsHaveTheirPinnedBytes() throws {
        let bytes = try Self.commitments(1, 1, 2).encoded()
        #expect(hex(bytes) == Self.id1 + Self.g1 + Self.g2)
        #expect(bytes.count == SigningWire.commitmentsSize)
        #expect(try SigningCommitments(decoding: bytes) == Self.commitments(1, 1, 2))
    }

    @Test func aShareRequestHasItsPinnedBytes() throws {
        let expected =
            "10" + Self.session + "00" + "02" + Self.id1 + Self.g1 + Self.g2 + Self.id2 + Self.g3 + Self.g4
            + "00000003" + "616263"
        let request = try Self.request()
        #expect(hex(try request.encoded()) == expected)
        #expect(try ShareRequest(decoding: unhex(expected)) == request)
    }

    @Test func aShareRequestEncodesItsTaprootSpend() throws {
        for (spend, tag) in [
            (TaprootSpend.keyPathOnly, "01"), (.scriptTree(merkleRoot: Array(repeating: 0xab, count: 32)), "02"),
        ] {
            let request = try Self.request(spend: spend)
            let bytes = try request.encoded()
            #expect(hex(Array(bytes[17...17])) == tag)
            #expect(try ShareRequest(decoding: bytes) == request)
        }
        let root = try Self.request(spend: .scriptTree(merkleRoot: Array(repeating: 0xab, count: 32))).encoded()
        #expect(hex(Array(root[18..<50])) == String(repeating: "ab", count: 32))
    }

    @Test func aShareResponseHasItsPinnedBytes() throws {
        let z = String(repeating: "00", count: 31) + "05"
        let expected = "10" + Self.session + Self.id1 + z + "01" + Self.id1 + Self.g1 + Self.g2
        let response = try Self.response()
        #expect(hex(response.encoded()) == expected)
        #expect(try ShareResponse(decoding: unhex(expected)) == response)
        let last = try Self.response(next: false)
        #expect(hex(last.encoded()) == "10" + Self.session + Self.id1 + z + "00")
        #expect(try ShareResponse(decoding: last.encoded()) == last)
    }

    // MARK: Attacks

    @Test func aTruncatedMessageIsRefused() throws {
        let messages = [
            try Self.commitments(1, 1, 2).encoded(), try Self.request().encoded(), try Self.response().encoded(),
        ]
        for bytes in messages {
            for size in 0..<bytes.count {
                let prefix = Array(bytes[..<size])
                for error in [
                    Self.refusal { _ = try SigningCommitments(decoding: prefix) },
                    Self.refusal { _ = try ShareRequest(decoding: prefix) },
                    Self.refusal { _ = try ShareResponse(decoding: prefix) },
                ] {
                    #expect(error != nil)
                }
            }
        }
        let short = Array(try Self.response().encoded().dropLast())
        let error = Self.refusal { _ = try ShareResponse(decoding: short) }
        #expect(error?.reason.contains("truncated") == true)
    }

    @Test func aTrailingByteIsRefused() throws {
        let (c, q, r) = (
            try Self.commitments(1, 1, 2).encoded(), try Self.request().encoded(), try Self.response().encoded()
        )
        let commitments = Self.refusal { _ = try SigningCommitments(decoding: c + [0]) }
        let request = Self.refusal { _ = try ShareRequest(decoding: q + [0]) }
        let response = Self.refusal { _ = try ShareResponse(decoding: r + [0]) }
        for error in [commitments, request, response] { #expect(error?.reason.contains("1 trailing bytes") == true) }
    }

    @Test func anOversizedMessageIsRefused() throws {
        var bytes = try Self.request().encoded()
        let length = bytes.count - 3 - 4
        bytes.replaceSubrange(length..<length + 4, with: [0x00, 0x01, 0x00, 0x01])
        let error = Self.refusal { _ = try ShareRequest(decoding: bytes) }
        #expect(error?.reason.contains("at most 65536 bytes") == true)
    }

    @Test func anOffCurvePointIsRefused() throws {
        var bytes = try Self.commitments(1, 1, 2).encoded()
        // x = 5 has no point on secp256k1.
        bytes.replaceSubrange(32..<65, with: [0x02] + Array(repeating: 0, count: 31) + [5])
        let error = Self.refusal { _ = try SigningCommitments(decoding: bytes) }
        #expect(error?.reason.contains("hiding commitment is not a compressed point") == true)
    }

    @Test func anOutOfRangeScalarIsRefused() throws {
        var bytes = try Self.response(next: false).encoded()
        bytes.replaceSubrange(49..<81, with: Scalar.orderBytes)
        let error = Self.refusal { _ = try ShareResponse(decoding: bytes) }
        #expect(error?.reason.contains("zᵢ is not below the group order") == true)
        var zeroID = try Self.response(next: false).encoded()
        zeroID.replaceSubrange(17..<49, with: Array(repeating: 0, count: 32))
        #expect(Self.refusal { _ = try ShareResponse(decoding: zeroID) }?.reason.contains("identifier is zero") == true)
    }

    @Test func unsortedSignersAreRefused() throws {
        let request = try Self.request().encoded()
        let first = 19..<(19 + 98)
        let second = (19 + 98)..<(19 + 196)
        let swapped = Array(request[..<19] + request[second] + request[first] + request[(19 + 196)...])
        let error = Self.refusal { _ = try ShareRequest(decoding: swapped) }
        #expect(error?.reason.contains("not strictly ascending") == true)
        #expect(error?.culprits == [])
    }

    @Test func aRepeatedSignerIsRefusedAndNamed() throws {
        let request = try Self.request().encoded()
        let first = 19..<(19 + 98)
        let repeated = Array(request[..<19] + request[first] + request[first] + request[(19 + 196)...])
        let error = Self.refusal { _ = try ShareRequest(decoding: repeated) }
        #expect(error?.culprits == [try Identifier(1)])
    }

    @Test func aLoneSignerOrAnUnknownTagIsRefused() throws {
        var bytes = try Self.request().encoded()
        bytes[18] = 1
        #expect(Self.refusal { _ = try ShareRequest(decoding: bytes) }?.reason.contains("at least 2 signers") == true)
        bytes = try Self.request().encoded()
        bytes[17] = 3
        #expect(Self.refusal { _ = try ShareRequest(decoding: bytes) }?.reason.contains("Taproot spend tag 3") == true)
    }

    @Test func aBadSessionIDLengthIsRefused() throws {
        for size: UInt8 in [0, 15, 65, 255] {
            var bytes = try Self.response().encoded()
            bytes[0] = size
            #expect(Self.refusal { _ = try ShareResponse(decoding: bytes) }?.reason.contains("16 to 64 bytes") == true)
        }
    }

    @Test func anotherSignersNextCommitmentIsRefused() throws {
        var bytes = try Self.response().encoded()
        bytes[82 + 31] = 2
        let error = Self.refusal { _ = try ShareResponse(decoding: bytes) }
        #expect(error?.reason.contains("next commitment is participant 2") == true)
        var flag = try Self.response().encoded()
        flag[81] = 2
        #expect(Self.refusal { _ = try ShareResponse(decoding: flag) }?.reason.contains("presence byte is 2") == true)
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

private func unhex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
    }
}
