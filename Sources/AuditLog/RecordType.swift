/// The type of an audit record: a short dotted name such as `approval.recorded`.
///
/// The set is open: any name of 1 to 64 characters from `a-z 0-9 . _ -` is valid, so new event
/// types need no format change. The names the platform uses are provided as constants.
public struct RecordType: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name, as encoded.
    public let name: String

    /// A type with this name; throws ``AuditError/Code/invalidRecord`` unless the name is valid.
    public init(validating name: String) throws {
        guard Self.isValid(name) else {
            throw AuditError(.invalidRecord, "record type \"\(name)\" is not 1-64 characters of a-z 0-9 . _ -")
        }
        self.name = name
    }

    /// A literal type name; traps if the name is invalid (a programming error).
    public init(stringLiteral name: String) {
        precondition(Self.isValid(name), "invalid record type \(name)")
        self.name = name
    }

    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return !bytes.isEmpty && bytes.count <= 64
            && bytes.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
            }
    }

    public var description: String { name }

    public static let requestCreated: RecordType = "request.created"
    public static let policyEvaluated: RecordType = "policy.evaluated"
    public static let approvalRecorded: RecordType = "approval.recorded"
    public static let signingStarted: RecordType = "signing.started"
    public static let signatureShare: RecordType = "signature.share"
    public static let signatureCompleted: RecordType = "signature.completed"
    public static let requestRejected: RecordType = "request.rejected"
    /// A request of the service API changed state; written before the change.
    public static let requestTransition: RecordType = "request.transition"
    /// A deposit registered through the service API.
    public static let depositRegistered: RecordType = "deposit.registered"
    public static let policyChanged: RecordType = "policy.changed"
    public static let keyCeremony: RecordType = "key.ceremony"
    public static let signerFlagged: RecordType = "signer.flagged"
    /// A signer recorded a freeze or unfreeze it verified.
    public static let freezeRecorded: RecordType = "freeze.recorded"
    /// A checkpoint-key rotation; its payload is a ``KeyRotation`` note signed by the outgoing key.
    public static let checkpointKeyRotated: RecordType = "checkpoint.key.rotated"
}
