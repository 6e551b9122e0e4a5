import Encoding
import Foundation
import Policy
import Testing

/// The optional `payload` of transfers and rebalances: in the digest byte for byte when present,
/// absent from it (the digest unchanged) when not.
@Suite struct PayloadTests {
    static let created = Instant(rfc3339: "2026-03-02T10:00:00Z")!
    static let request = PolicyRequest(
        id: "tx-1", wallet: "hot", amount: 2, destination: .init(address: "bc1q"), initiator: "engine",
        createdAt: created)
    static let hash = [UInt8](repeating: 0x11, count: 32)

    static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [0, 0, 0, UInt8(bytes.count)] + bytes
    }

    /// The documented layout of `request`, without a payload.
    static let legacyBytes: [UInt8] =
        Array("custody.request.v1".utf8) + [0] + string("transfer") + string("tx-1") + [1] + string("hot") + [1]
        + [0, 0, 0, 0, 0, 0, 0, 2] + [1] + string("bc1q") + [0] + string("engine")
        + [0, 0, 0, 0, 0x69, 0xA5, 0x5F, 0xA0] + [0, 0, 0, 0]

    @Test func aRequestWithoutAPayloadKeepsItsDigest() {
        #expect(Self.request.canonicalBytes == Self.legacyBytes)
        #expect(Hex.encode(Self.request.digest) == "b8c864c97ce32e3b657a48cb4f4b687ed9cd8a1b5ba8a8565431dd83c4daca88")
    }

    @Test func aPayloadAppendsItsKindAndHash() {
        var digest = Self.request
        digest.payload = .init(kind: .digest, hash: Self.hash)
        #expect(digest.canonicalBytes == Self.legacyBytes + [1, 1] + Self.hash)
        #expect(Hex.encode(digest.digest) == "af66edf465804e7e21ac311aba94652817d0e93c4789493b4ef45c992f0b09df")
        var psbt = Self.request
        psbt.payload = .init(kind: .psbt, hash: Self.hash)
        #expect(psbt.canonicalBytes == Self.legacyBytes + [1, 2] + Self.hash)
        #expect(Hex.encode(psbt.digest) == "2f342f7ad2fe40fb65ef9bdeb87e25028f8c05d0e5d0bd6a1dadc4fc83a9157c")
    }

    @Test func aPSBTPayloadIsTheSHA256OfItsDocument() {
        #expect(
            Hex.encode(PolicyRequest.Payload.psbt(document: Array("abc".utf8)).hash)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    static func json(_ payload: String, kind: String = "transfer") -> [UInt8] {
        let body =
            kind == "transfer"
            ? #""wallet": "hot", "amount": 2, "destination": {"address": "bc1q"}, "#
            : #""newPolicy": "\#(String(repeating: "ab", count: 32))", "#
        return Array(
            #"{"id": "tx-1", "kind": "\#(kind)", "initiator": "engine", "createdAt": "2026-03-02T10:00:00Z", \#(body)"payload": \#(payload)}"#
                .utf8)
    }

    @Test func aPayloadIsReadAndWrittenBack() throws {
        let hex = String(repeating: "11", count: 32)
        let request = try PolicyInputDecoder.request(json: Self.json(#"{"kind": "digest", "hash": "\#(hex)"}"#))
        #expect(request.payload == .init(kind: .digest, hash: Self.hash))
        let written = JSONWriter.canonical(PolicyInputEncoder.request(request))
        #expect(String(decoding: written, as: UTF8.self).contains(#""payload":{"hash":"\#(hex)","kind":"digest"}"#))
        #expect(try PolicyInputDecoder.request(json: written) == request)
    }

    @Test func badPayloadsAreRefusedNamingTheField() {
        let hex = String(repeating: "11", count: 32)
        let cases: [(String, String)] = [
            (#"{"kind": "sighash", "hash": "\#(hex)"}"#, "request.payload.kind: 'sighash' is not one of digest, psbt"),
            (#"{"kind": "psbt", "hash": "1111"}"#, "request.payload.hash: must be 32 bytes (64 hex digits), got 2"),
            (#"{"kind": "psbt"}"#, "request.payload: missing field 'hash'"),
            (
                #"{"kind": "psbt", "hash": "\#(hex)", "extra": 1}"#,
                "request.payload: unknown field 'extra' (allowed: kind, hash)"
            ),
            (#""\#(hex)""#, "request.payload: must be an object, not a string"),
        ]
        for (payload, reason) in cases {
            #expect(throws: PolicyError(.invalidRequest, reason)) {
                _ = try PolicyInputDecoder.request(json: Self.json(payload))
            }
        }
    }

    @Test func aPayloadOnAKindThatSignsNothingIsRefused() {
        let payload = #"{"kind": "digest", "hash": "\#(String(repeating: "11", count: 32))"}"#
        #expect(throws: PolicyError.self) {
            _ = try PolicyInputDecoder.request(json: Self.json(payload, kind: "policy-change"))
        }
    }

    /// `Fuzz/seeds.py` signs its payload seed over the digest it computes from the layout of
    /// `docs/policy.md` in Python; the signature verifies over this module's digest.
    @Test func anIndependentlyComputedDigestWithAPayloadAgrees() throws {
        let file = Fixtures.repository.appendingPathComponent("Fuzz/Corpus/FuzzPolicyRequest/transfer-payload.json")
        let signed = try PolicyInputDecoder.signedRequest(json: [UInt8](Data(contentsOf: file)))
        #expect(signed.request.payload?.kind == .psbt)
        let key = try #require(Fixtures.exchange.initiatorKey(signed.request.initiator))
        #expect(ApprovalVerifier.verify(signature: signed.signature, message: signed.signedBytes, key: key))
    }

    /// Every seed of the request fuzz target still reads, writes back to the same request and
    /// keeps its digested bytes.
    @Test func theRequestFuzzCorpusStillRoundTrips() throws {
        let directory = Fixtures.repository.appendingPathComponent("Fuzz/Corpus/FuzzPolicyRequest")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count >= 7)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
            let signed = try PolicyInputDecoder.signedRequest(json: bytes)
            let again = try PolicyInputDecoder.signedRequest(
                json: JSONWriter.canonical(PolicyInputEncoder.signedRequest(signed)))
            #expect(again == signed, "\(file)")
            #expect(again.request.canonicalBytes == signed.request.canonicalBytes, "\(file)")
        }
    }
}
