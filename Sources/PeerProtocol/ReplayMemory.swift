/// What the opener remembers to refuse replays: for each (sender, session) pair, the greatest
/// sequence number accepted and the latest expiry accepted.
///
/// Eviction cannot reopen a replay window: a pair is forgotten only once its latest accepted
/// expiry plus the clock skew has passed, when every envelope ever accepted for it is refused
/// as expired anyway; and the memory's time never goes backwards (it keeps the greatest clock
/// reading it saw), so a clock set back cannot make such an envelope fresh again. When the
/// memory is full of pairs that cannot be forgotten yet, a new pair is refused
/// (`.replayCapacityExhausted`) rather than an old one forgotten early.
struct ReplayMemory {
    struct Key: Hashable {
        let sender: PeerID
        let session: SessionID
    }

    struct Entry {
        var lastSequence: UInt64
        var latestExpiry: UInt64
    }

    let capacity: Int
    let clockSkew: UInt64
    private(set) var entries: [Key: Entry] = [:]
    /// The greatest clock reading seen.
    private(set) var now: UInt64 = 0

    init(capacity: Int, clockSkew: UInt64) {
        self.capacity = capacity
        self.clockSkew = clockSkew
    }

    /// Moves the memory's time to `reading` unless it is earlier; returns the memory's time.
    mutating func advance(to reading: UInt64) -> UInt64 {
        now = max(now, reading)
        return now
    }

    /// Records `envelope` (already authenticated and fresh at `now`), or throws `.replayed` when
    /// its sequence number is not greater than the last accepted for its sender and session.
    mutating func accept(_ envelope: Envelope, now: UInt64) throws(EnvelopeError) {
        let key = Key(sender: envelope.sender, session: envelope.session)
        if var entry = entries[key] {
            guard envelope.sequence > entry.lastSequence else {
                throw EnvelopeError(
                    .replayed,
                    "sequence number \(envelope.sequence) from \"\(envelope.sender)\" in session \(envelope.session) "
                        + "is not greater than the last accepted, \(entry.lastSequence)")
            }
            entry.lastSequence = envelope.sequence
            entry.latestExpiry = max(entry.latestExpiry, envelope.expiry)
            entries[key] = entry
            return
        }
        if entries.count >= capacity { forgetExpired(now: now) }
        guard entries.count < capacity else {
            throw EnvelopeError(
                .replayCapacityExhausted,
                "the replay memory holds \(capacity) sessions that have not expired; "
                    + "refusing a new session from \"\(envelope.sender)\" rather than forgetting one early")
        }
        entries[key] = Entry(lastSequence: envelope.sequence, latestExpiry: envelope.expiry)
    }

    /// Forgets the pairs whose every accepted envelope is now refused as expired.
    mutating func forgetExpired(now: UInt64) {
        entries = entries.filter { _, entry in
            let (latest, overflow) = entry.latestExpiry.addingReportingOverflow(clockSkew)
            return overflow || now <= latest
        }
    }
}
