import Custody
import CustodyTestSupport
import Encoding
import Foundation
import Policy
import Testing

/// The `policyChange` and `policyAdopted` payloads (docs/protocol.md § Governance payloads):
/// one encoding each, read strictly.
@Suite struct PolicyAdoptionWireTests {
    typealias A = Authorization

    static func field(_ bytes: [UInt8]) -> [UInt8] { length(bytes.count) + bytes }

    static func length(_ count: Int) -> [UInt8] {
        (0..<4).reversed().map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
    }

    /// A payload laid out by hand from its parts.
    static func payload(
        policyFile: [UInt8] = Array(PolicyAdoptionTests.v2YAML.utf8), change: [UInt8]? = nil, approvals: [UInt8]? = nil
    ) -> [UInt8] {
        let adoption = PolicyAdoptionTests.change()
        let change = change ?? JSONWriter.canonical(PolicyInputEncoder.signedRequest(adoption.change))
        let approvals = approvals ?? JSONWriter.canonical(PolicyInputEncoder.approvals(adoption.approvals))
        return adoption.hash.bytes + [0, 0, 0, 0, 0x69, 0xab, 0x1f, 0x80] + field(policyFile) + field(change)
            + field(approvals)
    }

    static func reason(_ bytes: [UInt8]) -> String? {
        do {
            _ = try PolicyAdoption(decoding: bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func aPolicyChangeRoundTripsToTheSameBytes() throws {
        for adoption in [PolicyAdoptionTests.change(), PolicyAdoptionTests.change(approvedBy: [])] {
            let bytes = try adoption.encoded()
            let decoded = try PolicyAdoption(decoding: bytes)
            #expect(decoded == adoption)
            #expect(try decoded.encoded() == bytes)
        }
        // The change and approvals are the canonical JSON the policy module writes, nothing else.
        let adoption = PolicyAdoptionTests.change(activatesAt: Instant(seconds: 1_772_822_400))
        #expect(try adoption.encoded() == Self.payload())
    }

    @Test func aPolicyAdoptedAnswerRoundTripsAndIsFortyFourBytes() throws {
        let answer = PolicyAdopted(
            hash: PolicyHash(bytes: Array(repeating: 0xab, count: 32)), activatesAt: Instant(seconds: 1_772_822_400),
            version: 2)
        let bytes = answer.encoded()
        #expect(Hex.encode(bytes) == String(repeating: "ab", count: 32) + "0000000069ab1f80" + "00000002")
        #expect(try PolicyAdopted(decoding: bytes) == answer)
        let before = PolicyAdopted(hash: answer.hash, activatesAt: Instant(seconds: -1), version: 1)
        #expect(try PolicyAdopted(decoding: before.encoded()) == before)
        #expect(throws: PolicyAdoptionWireError("a version number starts at 1, got 0")) {
            try PolicyAdopted(decoding: Array(bytes.dropLast()) + [0])
        }
        #expect(throws: PolicyAdoptionWireError("the policy-adopted answer has 1 trailing bytes")) {
            try PolicyAdopted(decoding: bytes + [0])
        }
        for size in 0..<bytes.count {
            #expect(throws: PolicyAdoptionWireError.self) { try PolicyAdopted(decoding: Array(bytes.prefix(size))) }
        }
    }

    @Test func aTruncatedOrExtendedPolicyChangeIsRefused() throws {
        let bytes = Self.payload()
        #expect(
            Self.reason(Array(bytes.prefix(10)))
                == "the policy change is truncated: policy hash needs 32 bytes, 10 left")
        #expect(Self.reason(bytes + [0]) == "the policy change has 1 trailing bytes")
        // Every length short of the whole refuses; sample the long policy file's middle sparsely.
        for size in stride(from: 0, to: bytes.count, by: 7) {
            #expect(Self.reason(Array(bytes.prefix(size))) != nil)
        }
    }

    @Test func oversizedFieldsAreRefusedByTheirLengthBeforeTheyAreRead() {
        let hash = Array(repeating: UInt8(0), count: 40)
        #expect(
            Self.reason(hash + Self.length(524_289))
                == "the policy file is at most 524288 bytes, its length says 524289")
        #expect(
            Self.reason(hash + Self.field([0x61]) + Self.length(65_537))
                == "the change request is at most 65536 bytes, its length says 65537")
        #expect(
            Self.reason(hash + Self.field([0x61]) + Self.field([0x61]) + Self.length(393_217))
                == "the approvals is at most 393216 bytes, its length says 393217")
        #expect(Self.reason(Self.payload(policyFile: [])) == "the policy file is empty")
    }

    @Test func moreApprovalsThanTheLimitAreRefusedBothWays() {
        let one = PolicyAdoptionTests.change(approvedBy: ["bob"]).approvals[0]
        var adoption = PolicyAdoptionTests.change()
        adoption.approvals = Array(repeating: one, count: 101)
        #expect(throws: PolicyAdoptionWireError("a policy change carries at most 100 approvals, not 101")) {
            try adoption.encoded()
        }
        let many = JSONWriter.canonical(PolicyInputEncoder.approvals(adoption.approvals))
        #expect(Self.reason(Self.payload(approvals: many)) == "a policy change carries at most 100 approvals, not 101")
    }

    @Test func nonCanonicalOrUnreadableJSONIsRefused() {
        let adoption = PolicyAdoptionTests.change()
        let pretty = Array(JSONWriter.pretty(PolicyInputEncoder.signedRequest(adoption.change)).utf8)
        #expect(Self.reason(Self.payload(change: pretty)) == "the change request is not in canonical JSON")
        let prettyApprovals = Array(JSONWriter.pretty(PolicyInputEncoder.approvals(adoption.approvals)).utf8)
        #expect(Self.reason(Self.payload(approvals: prettyApprovals)) == "the approvals are not in canonical JSON")
        #expect(
            Self.reason(Self.payload(change: Array("{}".utf8)))?.hasPrefix("the change request does not read: ") == true
        )
        #expect(
            Self.reason(Self.payload(approvals: Array("{}".utf8)))?.hasPrefix("the approvals do not read: ") == true)
    }

    /// The fuzz seeds, written by Fuzz/seeds.py in Python, are payloads the decoders accept:
    /// the JSON the policy module calls canonical is what an independent writer makes of it.
    @Test func theFuzzSeedsDecodeAndReEncodeToTheirBytes() throws {
        let folder = Repository.root.appendingPathComponent("Fuzz/Corpus/FuzzPolicyAdoptionWire")
        for name in ["0-policy-change", "0-policy-change-no-approvals"] {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)).dropFirst())
            let decoded = try PolicyAdoption(decoding: bytes)
            #expect(try decoded.encoded() == bytes)
            #expect(decoded.change.request.kind == .policyChange)
        }
        let answer = Array(try Data(contentsOf: folder.appendingPathComponent("1-policy-adopted")).dropFirst())
        #expect(try PolicyAdopted(decoding: answer).version == 2)
    }
}
