public import Policy

/// The byte encodings of governance's peer messages (docs/protocol.md § Governance payloads): a
/// `PolicyAdoption` as the `policyChange` payload and a `PolicyAdopted` as the `policyAdopted`
/// answer. Integers are big-endian. The change request and the approvals travel in the canonical
/// JSON `Policy` defines for them (`PolicyInputEncoder`, `JSONWriter.canonical`), so the bytes an
/// officer signed over are the ones every reader decodes. Every encoding is canonical: whatever
/// decodes re-encodes to exactly the bytes read; anything else is refused with a reason naming
/// the field.
public enum PolicyAdoptionWire {
    /// The largest policy file a `policyChange` carries, in bytes (512 KiB).
    public static let maximumPolicyFileSize = 524_288
    /// The largest change request, in bytes of canonical JSON (as `PolicyInputDecoder`'s limit).
    public static let maximumChangeSize = PolicyInputDecoder.maxRequestBytes
    /// The largest approvals array, in bytes of canonical JSON (384 KiB).
    public static let maximumApprovalsSize = 393_216
    /// The most approval statements a `policyChange` carries.
    public static let maximumApprovals = 100
    /// The size of a `policyAdopted` payload: hash, activation, version number.
    public static let adoptedSize = 32 + 8 + 4
}

/// Why a governance payload cannot be read or written: `reason` names the field.
public struct PolicyAdoptionWireError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// The signer's answer to an adopted change: the version it now keeps.
public struct PolicyAdopted: Hashable, Sendable {
    /// The adopted policy's canonical hash.
    public var hash: PolicyHash
    /// When the version takes effect.
    public var activatesAt: Instant
    /// Its number among the signer's adopted versions: 1 for the genesis version, then in the
    /// order adopted.
    public var version: UInt32

    public init(hash: PolicyHash, activatesAt: Instant, version: UInt32) {
        self.hash = hash
        self.activatesAt = activatesAt
        self.version = version
    }

    /// hash (32) ‖ activatesAt (8, seconds since 1970, signed) ‖ version (4): 44 bytes.
    public func encoded() -> [UInt8] {
        hash.bytes + PolicyWireReader.bigEndian(UInt64(bitPattern: activatesAt.seconds), 8)
            + PolicyWireReader.bigEndian(UInt64(version), 4)
    }

    /// Reads exactly ``PolicyAdoptionWire/adoptedSize`` bytes.
    ///
    /// - Throws: for another size, or a version number of 0.
    public init(decoding bytes: [UInt8]) throws(PolicyAdoptionWireError) {
        var reader = PolicyWireReader(bytes, message: "policy-adopted answer")
        hash = PolicyHash(bytes: try reader.take(32, "policy hash"))
        activatesAt = Instant(seconds: Int64(bitPattern: try reader.integer(8, "activation time")))
        version = UInt32(try reader.integer(4, "version number"))
        try reader.finish()
        guard version >= 1 else { throw PolicyAdoptionWireError("a version number starts at 1, got 0") }
    }
}

extension PolicyAdoption {
    /// hash (32) ‖ activatesAt (8, seconds since 1970, signed) ‖ policy file length (4) ‖ policy
    /// file ‖ change length (4) ‖ change, canonical JSON ‖ approvals length (4) ‖ approvals,
    /// canonical JSON array.
    ///
    /// - Throws: when the policy file, the change or the approvals exceed the limits of
    ///   ``PolicyAdoptionWire``, or the policy file is empty.
    public func encoded() throws(PolicyAdoptionWireError) -> [UInt8] {
        let change = JSONWriter.canonical(PolicyInputEncoder.signedRequest(change))
        let approvals = JSONWriter.canonical(PolicyInputEncoder.approvals(approvals))
        try Self.check(policyFile: policyFile.count, change: change.count, approvals: approvals.count)
        guard self.approvals.count <= PolicyAdoptionWire.maximumApprovals else {
            throw PolicyAdoptionWireError(
                "a policy change carries at most \(PolicyAdoptionWire.maximumApprovals) approvals, "
                    + "not \(self.approvals.count)")
        }
        var bytes = hash.bytes + PolicyWireReader.bigEndian(UInt64(bitPattern: activatesAt.seconds), 8)
        for field in [policyFile, change, approvals] {
            bytes += PolicyWireReader.bigEndian(UInt64(field.count), 4) + field
        }
        return bytes
    }

    /// Reads the whole of `bytes`.
    ///
    /// - Throws: for a truncated or trailing byte, a length beyond the limits of
    ///   ``PolicyAdoptionWire`` (an empty policy file included), a change or approvals that
    ///   `PolicyInputDecoder` refuses, more than ``PolicyAdoptionWire/maximumApprovals``
    ///   statements, or JSON that is not in its canonical form.
    public init(decoding bytes: [UInt8]) throws(PolicyAdoptionWireError) {
        var reader = PolicyWireReader(bytes, message: "policy change")
        let hash = PolicyHash(bytes: try reader.take(32, "policy hash"))
        let activatesAt = Instant(seconds: Int64(bitPattern: try reader.integer(8, "activation time")))
        let policyFile = try reader.field("policy file", maximum: PolicyAdoptionWire.maximumPolicyFileSize)
        guard !policyFile.isEmpty else { throw PolicyAdoptionWireError("the policy file is empty") }
        let changeBytes = try reader.field("change request", maximum: PolicyAdoptionWire.maximumChangeSize)
        let approvalsBytes = try reader.field("approvals", maximum: PolicyAdoptionWire.maximumApprovalsSize)
        try reader.finish()
        let change: SignedRequest
        let approvals: [SignedApproval]
        do {
            change = try PolicyInputDecoder.signedRequest(json: changeBytes)
        } catch {
            throw PolicyAdoptionWireError("the change request does not read: \(error.reason)")
        }
        guard JSONWriter.canonical(PolicyInputEncoder.signedRequest(change)) == changeBytes else {
            throw PolicyAdoptionWireError("the change request is not in canonical JSON")
        }
        do {
            approvals = try PolicyInputDecoder.approvals(json: approvalsBytes)
        } catch {
            throw PolicyAdoptionWireError("the approvals do not read: \(error.reason)")
        }
        guard approvals.count <= PolicyAdoptionWire.maximumApprovals else {
            throw PolicyAdoptionWireError(
                "a policy change carries at most \(PolicyAdoptionWire.maximumApprovals) approvals, "
                    + "not \(approvals.count)")
        }
        guard JSONWriter.canonical(PolicyInputEncoder.approvals(approvals)) == approvalsBytes else {
            throw PolicyAdoptionWireError("the approvals are not in canonical JSON")
        }
        self.init(
            policyFile: policyFile, hash: hash, change: change, approvals: approvals, activatesAt: activatesAt)
    }

    private static func check(policyFile: Int, change: Int, approvals: Int) throws(PolicyAdoptionWireError) {
        guard policyFile >= 1 else { throw PolicyAdoptionWireError("the policy file is empty") }
        for (field, size, maximum) in [
            ("policy file", policyFile, PolicyAdoptionWire.maximumPolicyFileSize),
            ("change request", change, PolicyAdoptionWire.maximumChangeSize),
            ("approvals", approvals, PolicyAdoptionWire.maximumApprovalsSize),
        ] where size > maximum {
            throw PolicyAdoptionWireError("the \(field) is at most \(maximum) bytes, not \(size)")
        }
    }
}

/// Reads governance payloads front to back, refusing a field that runs past the end.
struct PolicyWireReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let message: String

    init(_ bytes: [UInt8], message: String) {
        self.bytes = bytes
        self.message = message
    }

    static func bigEndian(_ value: UInt64, _ size: Int) -> [UInt8] {
        (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    mutating func take(_ count: Int, _ field: String) throws(PolicyAdoptionWireError) -> [UInt8] {
        guard bytes.count - offset >= count else {
            throw PolicyAdoptionWireError(
                "the \(message) is truncated: \(field) needs \(count) bytes, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func integer(_ size: Int, _ field: String) throws(PolicyAdoptionWireError) -> UInt64 {
        try take(size, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A 4-byte length, at most `maximum`, then that many bytes.
    mutating func field(_ field: String, maximum: Int) throws(PolicyAdoptionWireError) -> [UInt8] {
        let size = try integer(4, "\(field) length")
        guard size <= UInt64(maximum) else {
            throw PolicyAdoptionWireError("the \(field) is at most \(maximum) bytes, its length says \(size)")
        }
        return try take(Int(size), field)
    }

    func finish() throws(PolicyAdoptionWireError) {
        guard offset == bytes.count else {
            throw PolicyAdoptionWireError("the \(message) has \(bytes.count - offset) trailing bytes")
        }
    }
}
