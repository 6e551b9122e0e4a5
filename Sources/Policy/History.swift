/// What has happened: transfers already let through (for velocity limits), freezes and
/// unfreezes, allowlist additions approved since the policy file was written, and the requests
/// already executed. Read from JSON by `PolicyInputDecoder`.
public struct History: Hashable, Sendable {
    /// A transfer that was allowed; the coordinator records it when the policy allows it.
    public struct Transfer: Hashable, Sendable {
        public var request: String
        public var wallet: String
        public var amount: Int64
        public var at: Instant
        /// The rule that allowed it.
        public var rule: String

        public init(request: String, wallet: String, amount: Int64, at: Instant, rule: String) {
            self.request = request
            self.wallet = wallet
            self.amount = amount
            self.at = at
            self.rule = rule
        }
    }

    /// A freeze or unfreeze taking effect.
    public struct FreezeEvent: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable { case freeze, unfreeze }
        public var kind: Kind
        public var at: Instant

        public init(kind: Kind, at: Instant) {
            self.kind = kind
            self.at = at
        }
    }

    /// An allowlist entry added through an approved `allowlist-addition` request.
    public struct AllowlistAddition: Hashable, Sendable {
        public var allowlist: String
        public var entry: AllowlistEntry

        public init(allowlist: String, entry: AllowlistEntry) {
            self.allowlist = allowlist
            self.entry = entry
        }
    }

    /// A request the coordinator executed (signed and released): never decided again.
    public struct Executed: Hashable, Sendable {
        /// The request's id.
        public var request: String
        /// The request's digest, 32 bytes.
        public var digest: [UInt8]

        public init(request: String, digest: [UInt8]) {
            self.request = request
            self.digest = digest
        }
    }

    public var transfers: [Transfer]
    public var freezes: [FreezeEvent]
    public var allowlistAdditions: [AllowlistAddition]
    public var executed: [Executed]

    public init(
        transfers: [Transfer] = [], freezes: [FreezeEvent] = [], allowlistAdditions: [AllowlistAddition] = [],
        executed: [Executed] = []
    ) {
        self.transfers = transfers
        self.freezes = freezes
        self.allowlistAdditions = allowlistAdditions
        self.executed = executed
    }
}

/// A history prepared for evaluation: transfers sorted by time with running totals per wallet
/// and per rule, so that a velocity query costs two binary searches whatever the history's size.
/// Build it once and reuse it while the history does not change.
public struct HistoryIndex: Sendable {
    struct Series: Sendable {
        /// Times, ascending.
        var times: [Int64] = []
        /// `totals[i]` is the sum of the first `i` amounts; one longer than `times`.
        var totals: [Int128] = [0]

        /// The sum and count of the entries with `from < time <= through`.
        func window(from: Int64, through: Int64) -> (amount: Int128, count: Int) {
            let lower = Self.firstIndex(in: times, after: from)
            let upper = Self.firstIndex(in: times, after: through)
            guard upper > lower else { return (0, 0) }
            return (totals[upper] - totals[lower], upper - lower)
        }

        /// The first index whose time is greater than `time`.
        static func firstIndex(in times: [Int64], after time: Int64) -> Int {
            var low = 0
            var high = times.count
            while low < high {
                let middle = (low + high) / 2
                if times[middle] <= time { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    let byWallet: [String: Series]
    let byRule: [String: Series]
    let freezes: [History.FreezeEvent]
    let additions: [String: [String: AllowlistEntry]]
    /// The ids of executed requests.
    let executedIDs: Set<String>
    /// The digests of executed requests.
    let executedDigests: Set<[UInt8]>

    public init(_ history: History) {
        var byWallet: [String: Series] = [:]
        var byRule: [String: Series] = [:]
        let sorted = history.transfers.sorted { ($0.at, $0.request) < ($1.at, $1.request) }
        for transfer in sorted {
            let amount = Int128(max(0, transfer.amount))
            byWallet[transfer.wallet, default: Series()].times.append(transfer.at.seconds)
            byWallet[transfer.wallet]!.totals.append(byWallet[transfer.wallet]!.totals.last! + amount)
            byRule[transfer.rule, default: Series()].times.append(transfer.at.seconds)
            byRule[transfer.rule]!.totals.append(byRule[transfer.rule]!.totals.last! + amount)
        }
        self.byWallet = byWallet
        self.byRule = byRule
        freezes = history.freezes.sorted { ($0.at, $0.kind == .freeze ? 1 : 0) < ($1.at, $1.kind == .freeze ? 1 : 0) }
        var additions: [String: [String: AllowlistEntry]] = [:]
        for addition in history.allowlistAdditions {
            let known = additions[addition.allowlist]?[addition.entry.address]
            // Of two additions of one address, the earlier one counts.
            if known == nil || known!.added > addition.entry.added {
                additions[addition.allowlist, default: [:]][addition.entry.address] = addition.entry
            }
        }
        self.additions = additions
        executedIDs = Set(history.executed.map(\.request))
        executedDigests = Set(history.executed.map(\.digest))
    }

    /// Whether a freeze is in force at `now`: the last event at or before `now` decides.
    /// A freeze and an unfreeze at the same second leave the policy frozen.
    public func isFrozen(at now: Instant) -> Bool {
        var frozen = false
        for event in freezes where event.at <= now { frozen = event.kind == .freeze }
        return frozen
    }
}
