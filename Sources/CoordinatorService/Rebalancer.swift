import Bitcoin
import Crypto
import CustodyAPI
import Encoding
import Policy

/// The coordinator's rebalancer (`api.md` § Rebalancing): on a schedule, it reads each Bitcoin
/// wallet's outputs (registered deposits, and the outputs signed transactions pay back to the
/// wallets), asks the policy's rebalancing block for sweeps and refills
/// (`PolicyEngine.rebalance`), and files each as a `rebalance` request with a PSBT, initiated by
/// its own service and carried by the same policy, approval and signing path as a withdrawal.
public final class Rebalancer: Sendable {
    let api: ServiceAPI
    let driver: RequestDriver
    let service: String
    let interval: Duration
    /// The fee of each rebalancing transaction, in satoshis.
    public static let fee: Int64 = 1_000

    /// - Parameters:
    ///   - service: the policy's service the rebalancer initiates as (its key in the HSM).
    public init(api: ServiceAPI, driver: RequestDriver, service: String, interval: Duration) {
        self.api = api
        self.driver = driver
        self.service = service
        self.interval = interval
    }

    /// Runs a pass every `interval` until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            _ = try? await pass()
            try? await Task.sleep(for: interval)
        }
    }

    /// An output a wallet can spend.
    struct Output {
        let outpoint: Transaction.OutPoint
        let amount: Int64
        let wallet: String
    }

    /// One look: the requests it filed.
    @discardableResult
    public func pass() async throws -> [LedgerEntry] {
        let policy = api.policy
        guard !policy.rebalancing.isEmpty else { return [] }
        // Each rebalanced wallet's output script.
        var scripts: [String: [UInt8]] = [:]
        for plan in policy.rebalancing where plan.asset == "BTC" {
            for wallet in [plan.hot.wallet, plan.warm?.wallet, plan.cold].compactMap({ $0 }) {
                guard let declared = policy.wallets.first(where: { $0.id == wallet }),
                    let key = try await api.registry.wallet(declared.key),
                    let taproot = try? TaprootWallet(groupKey: key.publicKeyPackage.groupPublicKey)
                else { continue }
                scripts[wallet] = taproot.scriptPubKey
            }
        }
        guard !scripts.isEmpty else { return [] }
        let live: Set<RequestState> = [.pendingApproval, .approved, .signing]
        let entries = try await api.ledger.all()
        var outputs: [Output] = []
        for (wallet, _) in scripts {
            for deposit in try await api.ledger.deposits(wallet: wallet) {
                guard let txid = try? Hex.decode(deposit.txid) else { continue }
                outputs.append(
                    Output(
                        outpoint: .init(txid: Array(txid.reversed()), index: deposit.vout), amount: deposit.amount,
                        wallet: wallet))
            }
        }
        var spentBySigned: Set<Transaction.OutPoint> = []
        var locked: Set<Transaction.OutPoint> = []
        var pending: [PendingMove] = []
        for entry in entries {
            let state = entry.request.state
            guard case .psbt(let document)? = entry.request.withdrawal, let psbt = try? PSBT(bytes: document),
                let transaction = try? psbt.transaction()
            else { continue }
            let inputs = transaction.inputs.map(\.previousOutput)
            if state == .signed {
                spentBySigned.formUnion(inputs)
                locked.formUnion(inputs)
                for (index, output) in transaction.outputs.enumerated() {
                    if let wallet = scripts.first(where: { $0.value == output.scriptPubKey })?.key {
                        outputs.append(
                            Output(
                                outpoint: .init(txid: transaction.txid, index: UInt32(index)), amount: output.amount,
                                wallet: wallet))
                    }
                }
            } else if live.contains(state) {
                locked.formUnion(inputs)
                let to = entry.label == "rebalance" ? Self.destinationWallet(entry) : nil
                pending.append(PendingMove(from: entry.request.walletId, to: to, amount: entry.spent))
            }
        }
        var balances: [String: Int64] = [:]
        for output in outputs where !spentBySigned.contains(output.outpoint) {
            balances[output.wallet, default: 0] += output.amount
        }
        let proposals = PolicyEngine.rebalance(policy: policy, balances: balances, pending: pending)
        var filed: [LedgerEntry] = []
        for (index, proposal) in proposals.enumerated() {
            guard let from = scripts[proposal.from], let to = scripts[proposal.to] else { continue }
            var available = outputs.filter { $0.wallet == proposal.from && !locked.contains($0.outpoint) }
            available.sort { $0.amount > $1.amount }
            var chosen: [Output] = []
            var total: Int64 = 0
            for output in available where total < proposal.amount + Self.fee {
                chosen.append(output)
                total += output.amount
            }
            guard total >= proposal.amount + Self.fee else { continue }
            var paid = [Transaction.Output(amount: proposal.amount, scriptPubKey: to)]
            if total - proposal.amount - Self.fee > 0 {
                paid.append(Transaction.Output(amount: total - proposal.amount - Self.fee, scriptPubKey: from))
            }
            let document = try PSBT.unsigned(
                spending: chosen.map {
                    .init(outpoint: $0.outpoint, output: .init(amount: $0.amount, scriptPubKey: from))
                }, to: paid
            ).serialized()
            locked.formUnion(chosen.map(\.outpoint))
            let now = api.clock()
            let request = PolicyRequest(
                id: ServiceAPI.newID(api.randomBytes), kind: .rebalance, wallet: proposal.from,
                amount: proposal.amount, destination: .init(wallet: proposal.to), initiator: service,
                createdAt: Instant(seconds: now / 1_000_000), payload: .psbt(document: document))
            let address = SegwitAddress(scriptPubKey: to, network: api.network)?.description ?? proposal.to
            let (entry, created) = try await api.record(
                request, service: service, idempotencyKey: "rebalance-\(now)-\(index)",
                bodyHash: Array(SHA256.hash(data: document)), payload: .psbt(document), asset: proposal.asset,
                withdrawn: .init(
                    amount: proposal.amount, destination: address, fee: Self.fee,
                    payload: .psbt(document: document)),
                memo: "\(proposal.kind.rawValue): \(proposal.reason)", label: "rebalance")
            if created {
                await driver.show(entry.request.id)
                filed.append(entry)
            }
        }
        if !filed.isEmpty { driver.nudge() }
        return filed
    }

    /// The wallet a rebalance request pays, from its signed request.
    static func destinationWallet(_ entry: LedgerEntry) -> String? {
        (try? PolicyInputDecoder.signedRequest(json: entry.signedRequest))?.request.destination?.wallet
    }
}
