import Crypto
import Encoding
import Yams

/// Decodes and validates a policy from YAML.
///
/// Every problem is reported, located as `file:line:column`: syntax errors, unknown keys,
/// missing keys, bad values, references to unknown roles, wallets, assets, allowlists or
/// initiators, quorums no set of officers can meet, and rules that can never match.
public enum PolicyDecoder {
    /// The largest policy file: 4 MiB.
    public static let maxPolicyBytes = 4 * 1024 * 1024
    /// The most rules a policy may hold.
    public static let maxRules = 10_000

    /// The policy in `bytes` (UTF-8 YAML), or a `PolicyError` with code `invalidPolicy`: the
    /// entry point for raw input, checking the size and the encoding first.
    public static func decode(bytes: [UInt8], file: String) throws(PolicyError) -> Policy {
        guard bytes.count <= maxPolicyBytes else {
            let diagnostic = PolicyDiagnostic(
                file: file, line: 1, column: 1,
                message: "\(bytes.count) bytes, more than the limit of \(maxPolicyBytes) for a policy file")
            throw PolicyError(.invalidPolicy, "\(file): too large", diagnostics: [diagnostic])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let diagnostic = PolicyDiagnostic(file: file, line: 1, column: 1, message: "not UTF-8")
            throw PolicyError(.invalidPolicy, "\(file): not UTF-8", diagnostics: [diagnostic])
        }
        return try decode(yaml: text, file: file)
    }

    /// The policy in `yaml`, or a `PolicyError` with code `invalidPolicy` whose `diagnostics`
    /// list every problem. `file` names the source in diagnostics.
    public static func decode(yaml: String, file: String) throws(PolicyError) -> Policy {
        let (policy, diagnostics) = diagnose(yaml: yaml, file: file)
        guard let policy, diagnostics.isEmpty else {
            throw PolicyError(
                .invalidPolicy, "\(file): \(diagnostics.count) problem(s)", diagnostics: diagnostics)
        }
        return policy
    }

    /// The policy, when it validates, and every problem found, in file order.
    public static func diagnose(yaml: String, file: String) -> (Policy?, [PolicyDiagnostic]) {
        var decoding = PolicyDecoding(file: file)
        let size = yaml.utf8.count
        if size > maxPolicyBytes {
            decoding.reader.error(
                at: nil, "\(size) bytes, more than the limit of \(maxPolicyBytes) for a policy file")
            return (nil, decoding.reader.diagnostics)
        }
        if let problem = YAMLLimits.check(yaml) {
            return (
                nil,
                [PolicyDiagnostic(file: file, line: problem.line, column: problem.column, message: problem.message)]
            )
        }
        let root: Node
        do {
            // The basic resolver tags every scalar a string: the reader parses numbers and
            // durations itself, and YAML 1.1 booleans such as `no` never change a value.
            guard let node = try Yams.compose(yaml: yaml, .basic) else {
                decoding.reader.error(at: nil, "the file is empty; a policy needs version, roles, wallets and rules")
                return (nil, decoding.reader.diagnostics)
            }
            root = node
        } catch let error as YamlError {
            decoding.reader.diagnostics(from: error)
            return (nil, decoding.reader.diagnostics)
        } catch {
            decoding.reader.error(at: nil, "not YAML: \(error)")
            return (nil, decoding.reader.diagnostics)
        }
        let policy = decoding.decode(root)
        let diagnostics = decoding.reader.sortedDiagnostics
        return (diagnostics.isEmpty ? policy : nil, diagnostics)
    }
}

extension YAMLReader {
    mutating func diagnostics(from error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text): " } ?? ""
            self.error(at: mark, "YAML syntax: \(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.error(
                at: context.mark,
                "duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        case .reader(let problem, _, _, _):
            self.error(at: nil, "YAML: \(problem)")
        default:
            self.error(at: nil, "YAML: \(error)")
        }
    }
}

/// One decoding run: the reader with its diagnostics, and what is known so far.
struct PolicyDecoding {
    var reader: YAMLReader
    var roles: [Role] = []
    var roleIDs: Set<String> = []
    var officerKeys: [String: OfficerKey] = [:]
    /// Every key of the policy (normalised) and the id of the officer or service it belongs to.
    var keyOwners: [OfficerKey: String] = [:]
    var services: [Service] = []
    var serviceIDs: Set<String> = []
    var wallets: [Wallet] = []
    var walletsByID: [String: Wallet] = [:]
    var allowlists: [Allowlist] = []
    var allowlistIDs: Set<String> = []
    var ruleSources: [RuleSource] = []
    /// Whether each list of stages seen so far can be filled by distinct officers.
    var feasibleStages: [[Stage]: Bool] = [:]

    /// The most roles a policy may define.
    static let maxRoles = 100
    /// The most members one role may list.
    static let maxMembers = 100
    /// The most services a policy may list.
    static let maxServices = 100
    /// The most wallets a policy may define.
    static let maxWallets = 1000
    /// The most allowlists a policy may define.
    static let maxAllowlists = 100
    /// The most stages one quorum may list.
    static let maxStages = 10
    /// The most velocity limits one rule may have.
    static let maxVelocityLimits = 10

    init(file: String) { reader = YAMLReader(file: file) }

    static let topKeys = [
        "version", "name", "clock-skew", "roles", "services", "wallets", "allowlists", "rules", "governance",
        "rebalancing",
    ]

    mutating func decode(_ root: Node) -> Policy? {
        guard
            let top = reader.fields(
                root, "the policy", allowed: Self.topKeys,
                required: ["version", "name", "roles", "wallets", "rules", "governance"])
        else { return nil }
        var version = 1
        if let node = top["version"] {
            if let value = reader.count(node, "version"), value == 1 {
                version = value
            } else {
                reader.error(node, "version must be 1, the only policy format version")
            }
        }
        let name = top["name"].flatMap { reader.string($0, "name") } ?? ""
        var clockSkew = PolicyDecoding.defaultClockSkew
        if let node = top["clock-skew"], let value = reader.duration(node, "clock-skew") {
            if value > PolicyDecoding.maxClockSkew {
                reader.error(node, "clock-skew must be at most 24h")
            } else {
                clockSkew = value
            }
        }
        if let node = top["roles"] { decodeRoles(node) }
        if let node = top["services"] { decodeServices(node) }
        if let node = top["wallets"] { decodeWallets(node) }
        if let node = top["allowlists"] { decodeAllowlists(node) }
        if let node = top["rules"] { decodeRules(node) }
        var governance: Governance? = nil
        if let node = top["governance"] { governance = decodeGovernance(node) }
        var rebalancing: [RebalancingPlan] = []
        if let node = top["rebalancing"] { rebalancing = decodeRebalancing(node) }
        analyseRules()
        guard reader.diagnostics.isEmpty, let governance else { return nil }
        return Policy(
            version: version, name: name, roles: roles, services: services, wallets: wallets,
            allowlists: allowlists, rules: ruleSources.map(\.rule), governance: governance,
            rebalancing: rebalancing, clockSkew: clockSkew)
    }

    /// How far `createdAt` may lie from the time a request was received, unless the policy says.
    static let defaultClockSkew: Int64 = 300
    /// The largest `clock-skew` a policy may give: 24 hours.
    static let maxClockSkew: Int64 = 86_400

    /// Records that `id` holds `key`; one key belongs to one officer or service.
    mutating func claim(_ key: OfficerKey, for id: String, at node: Node) {
        if let owner = keyOwners[key], owner != id {
            reader.error(
                node,
                "'\(id)' has the same key as '\(owner)'; one key, one person or service "
                    + "(P-256 keys are compared in compressed form)")
            return
        }
        keyOwners[key] = id
    }

    // MARK: Roles, services, wallets

    mutating func decodeRoles(_ node: Node) {
        let entries = reader.entries(node, "roles", limit: Self.maxRoles)
        if case .mapping(let mapping) = node, mapping.isEmpty {
            reader.error(node, "roles must name at least one role")
        }
        for (id, keyNode, value) in entries {
            guard YAMLReader.isIdentifier(id) else {
                reader.error(keyNode, "role id '\(id)' must be letters, digits, '.', '_', '-' or '@'")
                continue
            }
            roleIDs.insert(id)
            guard let members = reader.sequence(value, "the members of role '\(id)'", limit: Self.maxMembers)
            else { continue }
            if members.isEmpty { reader.error(value, "role '\(id)' has no members") }
            var officers: [Officer] = []
            var seen: Set<String> = []
            for member in members {
                guard
                    let fields = reader.fields(
                        member, "a member of role '\(id)'", allowed: ["id", "key"], required: ["id", "key"]),
                    let officerID = fields["id"].flatMap({ reader.identifier($0, "officer id") }),
                    let keyNode = fields["key"], let key = decodeKey(keyNode)
                else { continue }
                if !seen.insert(officerID).inserted {
                    reader.error(member, "officer '\(officerID)' is listed twice in role '\(id)'")
                    continue
                }
                if let known = officerKeys[officerID], known != key {
                    reader.error(
                        keyNode, "officer '\(officerID)' has another key in an earlier role; one officer, one key")
                }
                officerKeys[officerID] = key
                claim(key, for: officerID, at: keyNode)
                officers.append(Officer(id: officerID, key: key))
            }
            roles.append(Role(id: id, members: officers))
        }
    }

    mutating func decodeKey(_ node: Node) -> OfficerKey? {
        guard let text = reader.string(node, "key") else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let bytes = try? Hex.decode(parts[1]) else {
            reader.error(node, "key must be 'ed25519:<hex>' or 'p256:<hex>'")
            return nil
        }
        switch parts[0] {
        case "ed25519":
            guard bytes.count == 32, Self.isCanonicalEd25519(bytes),
                (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
            else {
                reader.error(node, "an Ed25519 key is 32 bytes (64 hex digits)")
                return nil
            }
            return OfficerKey(algorithm: .ed25519, bytes: bytes)
        case "p256":
            guard let key = ApprovalVerifier.p256Key(bytes) else {
                reader.error(node, "a P-256 key is a SEC 1 point on the curve: 33 or 65 bytes")
                return nil
            }
            // One point, one form: the compressed encoding, whichever form the file used.
            return OfficerKey(algorithm: .p256, bytes: Array(key.compressedRepresentation))
        default:
            reader.error(node, "unknown key algorithm '\(parts[0])'; use ed25519 or p256")
            return nil
        }
    }

    /// Whether a 32-byte Ed25519 encoding is canonical: its y coordinate (the low 255 bits,
    /// little-endian) is below p = 2^255 - 19, so that one point has one encoding.
    static func isCanonicalEd25519(_ bytes: [UInt8]) -> Bool {
        // y >= p only when bytes 1...30 are 0xff, byte 31 (sign bit cleared) is 0x7f and byte 0 >= 0xed.
        guard bytes[31] & 0x7F == 0x7F, bytes[1...30].allSatisfy({ $0 == 0xFF }) else { return true }
        return bytes[0] < 0xED
    }

    mutating func decodeServices(_ node: Node) {
        guard let items = reader.sequence(node, "services", limit: Self.maxServices) else { return }
        for item in items {
            guard
                let fields = reader.fields(
                    item, "a service", allowed: ["id", "key"], required: ["id", "key"]),
                let id = fields["id"].flatMap({ reader.identifier($0, "service id") }),
                let keyNode = fields["key"], let key = decodeKey(keyNode)
            else { continue }
            if serviceIDs.contains(id) {
                reader.error(item, "service '\(id)' is listed twice")
            } else if officerKeys[id] != nil {
                reader.error(item, "'\(id)' is both a service and an officer; initiators must be unambiguous")
            } else {
                claim(key, for: id, at: keyNode)
                serviceIDs.insert(id)
                services.append(Service(id: id, key: key))
            }
        }
    }

    mutating func decodeWallets(_ node: Node) {
        let entries = reader.entries(node, "wallets", limit: Self.maxWallets)
        if case .mapping(let mapping) = node, mapping.isEmpty {
            reader.error(node, "wallets must name at least one wallet")
        }
        for (id, keyNode, value) in entries {
            guard YAMLReader.isIdentifier(id) else {
                reader.error(keyNode, "wallet id '\(id)' must be letters, digits, '.', '_', '-' or '@'")
                continue
            }
            guard
                let fields = reader.fields(
                    value, "wallet '\(id)'", allowed: ["asset", "tier", "key", "signing"],
                    required: ["asset", "tier", "key"]),
                let asset = fields["asset"].flatMap({ reader.identifier($0, "asset") }),
                let tierNode = fields["tier"], let tierText = reader.string(tierNode, "tier"),
                let key = fields["key"].flatMap({ reader.identifier($0, "threshold key id") })
            else { continue }
            guard let tier = Tier(rawValue: tierText) else {
                reader.error(tierNode, "tier must be hot, warm or cold, got '\(tierText)'")
                continue
            }
            var signing: WalletSigning?
            if let node = fields["signing"] {
                guard let decoded = decodeSigning(node, wallet: id) else { continue }
                signing = decoded
            }
            let wallet = Wallet(id: id, asset: asset, tier: tier, key: key, signing: signing)
            wallets.append(wallet)
            walletsByID[id] = wallet
        }
    }

    /// `signing: {suite: secp256k1-tr, threshold: 2, signers: [s1, s2, s3]}`.
    mutating func decodeSigning(_ node: Node, wallet id: String) -> WalletSigning? {
        guard
            let fields = reader.fields(
                node, "the signing of wallet '\(id)'", allowed: ["suite", "threshold", "signers"],
                required: ["suite", "threshold", "signers"]),
            let suiteNode = fields["suite"], let suite = reader.string(suiteNode, "suite"),
            let thresholdNode = fields["threshold"], let threshold = reader.count(thresholdNode, "threshold"),
            let signersNode = fields["signers"], let items = reader.sequence(signersNode, "signers", limit: 255)
        else { return nil }
        guard WalletSigning.suites.contains(suite) else {
            reader.error(suiteNode, "suite must be secp256k1-tr or secp256k1, got '\(suite)'")
            return nil
        }
        var signers: [String] = []
        for item in items {
            guard let signer = reader.string(item, "a signer"), Self.isSignerID(signer) else {
                reader.error(item, "a signer is a daemon id: 1 to 64 ASCII letters, digits, '.', '-' or '_'")
                return nil
            }
            guard !signers.contains(signer) else {
                reader.error(item, "signer '\(signer)' is listed twice")
                return nil
            }
            signers.append(signer)
        }
        guard signers.count >= 2 else {
            reader.error(signersNode, "a wallet's key needs at least 2 signers, got \(signers.count)")
            return nil
        }
        guard (2...signers.count).contains(threshold) else {
            reader.error(thresholdNode, "threshold must be from 2 to the number of signers (\(signers.count))")
            return nil
        }
        return WalletSigning(suite: suite, threshold: threshold, signers: signers)
    }

    static func isSignerID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || byte == 46 || byte == 95 || byte == 45
            }
    }

    mutating func decodeAllowlists(_ node: Node) {
        for (id, keyNode, value) in reader.entries(node, "allowlists", limit: Self.maxAllowlists) {
            guard YAMLReader.isIdentifier(id) else {
                reader.error(keyNode, "allowlist id '\(id)' must be letters, digits, '.', '_', '-' or '@'")
                continue
            }
            allowlistIDs.insert(id)
            guard
                let fields = reader.fields(
                    value, "allowlist '\(id)'", allowed: ["cooldown", "addition", "entries"],
                    required: ["cooldown", "addition"])
            else { continue }
            let cooldown = fields["cooldown"].flatMap { reader.duration($0, "cooldown") }
            let addition = fields["addition"].flatMap { decodeStages($0, "the addition quorum of '\(id)'") }
            var entries: [AllowlistEntry] = []
            var addresses: Set<String> = []
            if let entriesNode = fields["entries"], let items = reader.sequence(entriesNode, "entries") {
                for item in items {
                    guard
                        let entry = reader.fields(
                            item, "an allowlist entry", allowed: ["address", "label", "added"],
                            required: ["address", "label", "added"]),
                        let address = entry["address"].flatMap({ reader.address($0, "address") }),
                        let label = entry["label"].flatMap({ reader.string($0, "label") }),
                        let added = entry["added"].flatMap({ reader.instant($0, "added") })
                    else { continue }
                    guard addresses.insert(address).inserted else {
                        reader.error(item, "address \(address) is listed twice in allowlist '\(id)'")
                        continue
                    }
                    entries.append(AllowlistEntry(address: address, label: label, added: added))
                }
            }
            if let cooldown, let addition {
                allowlists.append(Allowlist(id: id, cooldown: cooldown, addition: addition, entries: entries))
            }
        }
    }

    // MARK: Stages

    /// A list of `{role, min}` stages, each checked against its role, and the whole list
    /// against the officers available (one person counts once across stages).
    mutating func decodeStages(_ node: Node, _ what: String) -> [Stage]? {
        guard let items = reader.sequence(node, what, limit: Self.maxStages) else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "\(what) needs at least one stage")
            return nil
        }
        var stages: [Stage] = []
        var failed = false
        for item in items {
            guard
                let fields = reader.fields(
                    item, "a stage of \(what)", allowed: ["role", "min"], required: ["role", "min"]),
                let roleNode = fields["role"], let role = reader.identifier(roleNode, "role"),
                let minNode = fields["min"], let min = reader.count(minNode, "min")
            else {
                failed = true
                continue
            }
            guard roleIDs.contains(role) else {
                reader.error(
                    roleNode, "unknown role '\(role)'\(YAMLReader.suggestion(for: role, among: roles.map(\.id)))")
                failed = true
                continue
            }
            let size = roles.first { $0.id == role }?.members.count ?? 0
            if min < 1 {
                reader.error(minNode, "min must be at least 1")
                failed = true
            } else if min > size {
                reader.error(minNode, "quorum \(min) is larger than role '\(role)', which has \(size) member(s)")
                failed = true
            }
            stages.append(Stage(role: role, min: min))
        }
        guard !failed else { return nil }
        if feasibleStages[stages] == nil {
            // Once per distinct list of stages: rules often repeat one.
            var rolesOf: [String: Set<String>] = [:]
            for role in roles { for member in role.members { rolesOf[member.id, default: []].insert(role.id) } }
            let assignment = QuorumMatcher.assign(
                stages: stages, approvers: rolesOf.keys.sorted(), rolesOf: { rolesOf[$0] ?? [] })
            feasibleStages[stages] = assignment.isComplete
        }
        if feasibleStages[stages] == false {
            let needed = stages.reduce(0) { $0 + $1.min }
            reader.error(
                node,
                "\(what) needs \(needed) distinct people, but the roles named do not have that many "
                    + "(one person counts once across stages)")
            return nil
        }
        return stages
    }
}
