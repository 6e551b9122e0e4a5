/// One audit-log record: what happened, when, by whom, and the hash of the record before it.
///
/// Its canonical bytes (``encoded()``, specified in docs/audit-format.md) are what the hash chain
/// and the Merkle tree cover. `payload` is opaque bytes; the platform puts canonical JSON there,
/// except for ``RecordType/checkpointKeyRotated``, whose payload is a ``KeyRotation`` note.
public struct AuditRecord: Hashable, Sendable {
    /// The record format version this library writes.
    public static let version: UInt8 = 1
    /// The largest payload accepted: 16 MiB.
    public static let maximumPayload = 1 << 24

    /// The position in the log, from 0.
    public var index: UInt64
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var time: Int64
    /// What kind of event this is.
    public var type: RecordType
    /// Who caused it: an officer, a signer, the coordinator (UTF-8, at most 65,535 bytes).
    public var actor: String
    /// The event's details.
    public var payload: [UInt8]
    /// `hash(index - 1)`, the chain hash of the previous record, or ``HashChain/genesis`` for record 0.
    public var previousHash: [UInt8]

    public init(
        index: UInt64, time: Int64, type: RecordType, actor: String, payload: [UInt8], previousHash: [UInt8]
    ) {
        self.index = index
        self.time = time
        self.type = type
        self.actor = actor
        self.payload = payload
        self.previousHash = previousHash
    }
}

extension AuditRecord {
    /// The canonical bytes: version, index, time, previous hash, then the length-prefixed type,
    /// actor and payload, all integers big-endian.
    public func encoded() throws -> [UInt8] {
        let actorBytes = Array(actor.utf8)
        let typeBytes = Array(type.name.utf8)
        guard previousHash.count == 32 else {
            throw AuditError(.invalidRecord, "previous hash is \(previousHash.count) bytes, not 32")
        }
        guard actorBytes.count <= 0xFFFF else { throw AuditError(.invalidRecord, "actor longer than 65535 bytes") }
        guard payload.count <= Self.maximumPayload else {
            throw AuditError(.invalidRecord, "payload longer than \(Self.maximumPayload) bytes")
        }
        var out: [UInt8] = []
        out.reserveCapacity(56 + typeBytes.count + actorBytes.count + payload.count)
        out.append(Self.version)
        out.appendBigEndian(index)
        out.appendBigEndian(UInt64(bitPattern: time))
        out += previousHash
        out.append(UInt8(typeBytes.count))
        out += typeBytes
        out.appendBigEndian(UInt16(actorBytes.count))
        out += actorBytes
        out.appendBigEndian(UInt32(payload.count))
        out += payload
        return out
    }

    /// Decodes canonical bytes; throws ``AuditError/Code/invalidRecord`` for anything else,
    /// including trailing bytes and an actor that is not UTF-8.
    public init(decoding bytes: [UInt8]) throws {
        let layout = try bytes.withUnsafeBytes { try RecordLayout(parsing: $0) }
        func slice(_ range: Range<Int>) -> [UInt8] { Array(bytes[range]) }
        guard let actor = String(validating: slice(layout.actor), as: UTF8.self) else {
            throw AuditError(.invalidRecord, "actor is not UTF-8")
        }
        self.init(
            index: layout.index, time: layout.time,
            type: try RecordType(validating: String(decoding: slice(layout.type), as: UTF8.self)),
            actor: actor, payload: slice(layout.payload), previousHash: slice(17..<49))
    }
}

/// Where the fields of an encoded record lie, found without copying (the verifier's hot path).
struct RecordLayout {
    let index: UInt64
    let time: Int64
    let type: Range<Int>
    let actor: Range<Int>
    let payload: Range<Int>

    /// The offset of the previous hash.
    static let previousHashOffset = 17

    init(parsing bytes: UnsafeRawBufferPointer) throws {
        let count = bytes.count
        guard count >= 50 else { throw AuditError(.invalidRecord, "record shorter than its fixed fields") }
        guard bytes[0] == AuditRecord.version else {
            throw AuditError(.invalidRecord, "record version \(bytes[0]), expected \(AuditRecord.version)")
        }
        index = bytes.loadBigEndian(UInt64.self, at: 1)
        time = Int64(bitPattern: bytes.loadBigEndian(UInt64.self, at: 9))
        let typeLength = Int(bytes[49])
        type = 50..<(50 + typeLength)
        guard typeLength >= 1, typeLength <= 64, type.upperBound + 2 <= count else {
            throw AuditError(.invalidRecord, "record type length \(typeLength) out of range")
        }
        for offset in type {
            let c = bytes[offset]
            guard (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x2E || c == 0x5F || c == 0x2D else {
                throw AuditError(.invalidRecord, "record type has a byte outside a-z 0-9 . _ -")
            }
        }
        let actorStart = type.upperBound + 2
        let actorLength = Int(bytes.loadBigEndian(UInt16.self, at: type.upperBound))
        actor = actorStart..<(actorStart + actorLength)
        guard actor.upperBound + 4 <= count else { throw AuditError(.invalidRecord, "actor runs past the record") }
        let payloadLength = Int(bytes.loadBigEndian(UInt32.self, at: actor.upperBound))
        let payloadStart = actor.upperBound + 4
        payload = payloadStart..<(payloadStart + payloadLength)
        guard payloadLength <= AuditRecord.maximumPayload, payload.upperBound == count else {
            throw AuditError(.invalidRecord, "payload length \(payloadLength) does not end the record")
        }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func loadBigEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
