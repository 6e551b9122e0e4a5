import Encoding

/// A parsed and validated policy: who may approve what, under which limits.
///
/// Build one with `PolicyDecoder.decode(yaml:file:)`; every `Policy` that exists has passed
/// validation. Its identity is `hash`, the SHA-256 of its canonical encoding (see
/// `PolicyCanonical`), so formatting and comments in the file do not change it.
public struct Policy: Sendable {
    /// The format version; 1.
    public let version: Int
    /// A name for people; part of the hash.
    public let name: String
    /// The roles, in file order.
    public let roles: [Role]
    /// The API identities that may submit requests, each with the key it signs them with.
    public let services: [Service]
    /// The wallets, in file order.
    public let wallets: [Wallet]
    /// The allowlists, in file order.
    public let allowlists: [Allowlist]
    /// The rules, in evaluation order: the first that matches decides.
    public let rules: [Rule]
    /// Who may change, freeze and unfreeze the policy.
    public let governance: Governance
    /// Hot/warm/cold watermarks, per asset.
    public let rebalancing: [RebalancingPlan]
    /// How far, in seconds, a request's `createdAt` may lie from the time it was received.
    public let clockSkew: Int64

    /// The SHA-256 of the canonical encoding.
    public let hash: PolicyHash

    let index: PolicyIndex

    init(
        version: Int, name: String, roles: [Role], services: [Service], wallets: [Wallet],
        allowlists: [Allowlist], rules: [Rule], governance: Governance, rebalancing: [RebalancingPlan],
        clockSkew: Int64
    ) {
        self.version = version
        self.name = name
        self.roles = roles
        self.services = services
        self.wallets = wallets
        self.allowlists = allowlists
        self.rules = rules
        self.governance = governance
        self.rebalancing = rebalancing
        self.clockSkew = clockSkew
        self.index = PolicyIndex(
            roles: roles, services: services, wallets: wallets, allowlists: allowlists, rules: rules)
        let canonical = PolicyCanonical.encode(
            roles: roles, services: services, wallets: wallets, allowlists: allowlists, rules: rules,
            governance: governance, rebalancing: rebalancing, clockSkew: clockSkew, version: version, name: name)
        self.hash = PolicyHash(bytes: PolicyCanonical.digest(of: canonical))
    }

    /// The wallet with this id.
    public func wallet(_ id: String) -> Wallet? { index.wallets[id].map { wallets[$0] } }
    /// The officer with this id, in whichever roles they hold.
    public func officer(_ id: String) -> Officer? { index.officers[id] }
    /// The service with this id.
    public func service(_ id: String) -> Service? { index.services[id] }
    /// The key that `id`, a service or an officer, signs the requests it initiates with; nil for
    /// an id that is neither. Ids are compared exactly (ASCII, case-sensitive).
    public func initiatorKey(_ id: String) -> OfficerKey? { index.services[id]?.key ?? index.officers[id]?.key }
    /// The ids of the roles this officer is a member of.
    public func roles(of officer: String) -> Set<String> { index.rolesOfOfficer[officer] ?? [] }
    /// The role with this id.
    public func role(_ id: String) -> Role? { index.roles[id].map { roles[$0] } }
    /// The allowlist with this id.
    public func allowlist(_ id: String) -> Allowlist? { index.allowlists[id].map { allowlists[$0] } }
}

/// Lookup tables built once per policy.
struct PolicyIndex: Sendable {
    var wallets: [String: Int] = [:]
    var roles: [String: Int] = [:]
    var officers: [String: Officer] = [:]
    var services: [String: Service] = [:]
    var rolesOfOfficer: [String: Set<String>] = [:]
    var allowlists: [String: Int] = [:]
    /// For each allowlist, its entries by address.
    var allowlistEntries: [String: [String: AllowlistEntry]] = [:]
    var rules: [String: Int] = [:]
    /// For each wallet, the positions of the rules whose wallets, tiers and assets admit it, in
    /// order: evaluation tries only these.
    var rulesByWallet: [String: [Int]] = [:]

    init(roles: [Role], services: [Service], wallets: [Wallet], allowlists: [Allowlist], rules: [Rule]) {
        for (position, wallet) in wallets.enumerated() { self.wallets[wallet.id] = position }
        for service in services { self.services[service.id] = service }
        for (position, role) in roles.enumerated() {
            self.roles[role.id] = position
            for member in role.members {
                officers[member.id] = member
                rolesOfOfficer[member.id, default: []].insert(role.id)
            }
        }
        for (position, allowlist) in allowlists.enumerated() {
            self.allowlists[allowlist.id] = position
            var entries: [String: AllowlistEntry] = [:]
            for entry in allowlist.entries { entries[entry.address] = entry }
            allowlistEntries[allowlist.id] = entries
        }
        for (position, rule) in rules.enumerated() {
            self.rules[rule.id] = position
            for wallet in Self.walletsMatched(by: rule.match, in: wallets) {
                rulesByWallet[wallet, default: []].append(position)
            }
        }
    }

    /// The ids of the wallets whose id, tier and asset `match` admits, in policy order.
    static func walletsMatched(by match: RuleMatch, in wallets: [Wallet]) -> [String] {
        let named = match.wallets.map(Set.init)
        let tiers = match.tiers.map(Set.init)
        let assets = match.assets.map(Set.init)
        return wallets.filter { wallet in
            (named?.contains(wallet.id) ?? true) && (tiers?.contains(wallet.tier) ?? true)
                && (assets?.contains(wallet.asset) ?? true)
        }.map(\.id)
    }
}

/// The SHA-256 of a policy's canonical encoding: the identity of one policy version.
public struct PolicyHash: Hashable, Sendable, Encodable, CustomStringConvertible {
    /// 32 bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 64 hexadecimal digits.
    public init?(hex: String) {
        guard let bytes = try? Hex.decode(hex), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// 64 lowercase hexadecimal digits.
    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// An API identity that may initiate requests, with the key it signs them with.
public struct Service: Hashable, Sendable {
    public let id: String
    public let key: OfficerKey
}

/// A role: a named set of officers, each with the key they sign approvals with.
public struct Role: Hashable, Sendable {
    public let id: String
    public let members: [Officer]
}

/// A person who approves or rejects requests.
public struct Officer: Hashable, Sendable {
    public let id: String
    public let key: OfficerKey
}

/// The public key of an officer or a service: Ed25519 (32 bytes) or ECDSA P-256, kept in the
/// SEC 1 compressed form whichever form the policy file used, so that one key has one form.
public struct OfficerKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature algorithm.
    public enum Algorithm: String, Hashable, Sendable {
        case ed25519
        case p256
    }
    public let algorithm: Algorithm
    /// The raw public key: 32 bytes for Ed25519; 33 bytes (SEC 1 compressed) for P-256.
    public let bytes: [UInt8]

    /// `ed25519:<64 hex digits>` or `p256:<66 hex digits>`.
    public var description: String { "\(algorithm.rawValue):\(Hex.encode(bytes))" }
}

/// A wallet's tier: how exposed its key is.
public enum Tier: String, Hashable, Sendable, CaseIterable, Comparable {
    case hot, warm, cold

    var rank: Int {
        switch self {
        case .hot: 0
        case .warm: 1
        case .cold: 2
        }
    }
    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}

/// A wallet of the custodian.
public struct Wallet: Hashable, Sendable {
    public let id: String
    /// The asset it holds, such as `BTC`; amounts are in the asset's smallest unit.
    public let asset: String
    public let tier: Tier
    /// The id of the threshold (FROST) key the wallet spends with.
    public let key: String
    /// How the key is made, when the policy fixes it; nil leaves it to whoever convenes the key
    /// ceremony.
    public let signing: WalletSigning?
}

/// How a wallet's threshold key is made (docs/policy.md § Wallets): each signer makes a share of
/// the key only in a ceremony with exactly this suite, threshold and signers.
public struct WalletSigning: Hashable, Sendable {
    /// `secp256k1-tr` (Taproot, BIP-340) or `secp256k1` (RFC 9591).
    public let suite: String
    /// How many signers must take part in a signature: 2 to the number of signers.
    public let threshold: Int
    /// The signer daemons' ids, in the order of their FROST identifiers.
    public let signers: [String]

    /// The suites a wallet may name.
    public static let suites = ["secp256k1-tr", "secp256k1"]

    public init(suite: String, threshold: Int, signers: [String]) {
        self.suite = suite
        self.threshold = threshold
        self.signers = signers
    }
}

/// Destinations that an officer quorum has vetted, each usable only after a cooldown.
public struct Allowlist: Hashable, Sendable {
    public let id: String
    /// How long after its addition an entry becomes usable, in seconds.
    public let cooldown: Int64
    /// The quorum an addition needs.
    public let addition: [Stage]
    /// The entries listed in the policy file.
    public let entries: [AllowlistEntry]
}

/// One allowlisted destination.
public struct AllowlistEntry: Hashable, Sendable {
    public let address: String
    public let label: String
    /// When the addition was approved; usable from `added + cooldown`.
    public let added: Instant

    public init(address: String, label: String, added: Instant) {
        self.address = address
        self.label = label
        self.added = added
    }
}
