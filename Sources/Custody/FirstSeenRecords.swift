public import Policy

/// A signer's own record of when it first saw each request, by request digest: a time lock runs
/// from it, never from a time the coordinator or the requester wrote.
///
/// The signer daemon keeps it durably (a record lost would restart a lock, never shorten one);
/// `FirstSeenMemory` keeps it in memory.
public protocol FirstSeenRecording {
    /// When this signer first saw the request with `requestDigest`: the recorded time, or `now`,
    /// recorded as such, when the digest was never seen before.
    mutating func firstSeen(requestDigest: [UInt8], now: Instant) -> Instant
}

/// First-seen records in memory.
public struct FirstSeenMemory: FirstSeenRecording, Hashable, Sendable {
    /// Request digest to the time first seen.
    public private(set) var records: [[UInt8]: Instant]

    public init(records: [[UInt8]: Instant] = [:]) { self.records = records }

    public mutating func firstSeen(requestDigest: [UInt8], now: Instant) -> Instant {
        if let seen = records[requestDigest] { return seen }
        records[requestDigest] = now
        return now
    }
}
