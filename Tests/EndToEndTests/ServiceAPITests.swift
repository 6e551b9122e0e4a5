import Bitcoin
import CSecp256k1
import Crypto
import CustodyTestSupport
import Encoding
import Foundation
import Policy
import Testing

/// The service API over the Connect protocol (docs/api.md), served by a real coordinator in
/// front of three signer processes: services withdraw, officers approve, the signers sign, and
/// every signature is checked by the system's libsecp256k1.
@Suite(.serialized) struct ServiceAPITests {
    static let engineKey = "engine-api-key-0123456789abcdef"
    static let deskKey = "desk-api-key-0123456789abcdef"

    /// `engine` may send up to 1,000,000 from `hot` alone; more, or from `desk`, takes two of
    /// treasury.
    static let policyText = """
        version: 1
        name: api-test
        roles:
          treasury:
            - {id: alice, key: "\(ThresholdClusterTests.publicKey("alice"))"}
            - {id: bob, key: "\(ThresholdClusterTests.publicKey("bob"))"}
        services:
          - {id: engine, key: "SERVICE-KEY:engine"}
          - {id: desk, key: "SERVICE-KEY:desk"}
        wallets:
          hot: {asset: BTC, tier: hot, key: hot}
          vault: {asset: BTC, tier: cold, key: vault}
        rules:
          - id: small
            match: {wallets: [hot], amount: {max: 1_000_000}, initiators: [engine]}
            action: allow
          - id: large
            match: {wallets: [hot]}
            action: approve
            approvals: [{role: treasury, min: 2}]
        governance:
          change: {approvals: [{role: treasury, min: 2}], activation-delay: 48h}
          freeze: {roles: [treasury]}
          unfreeze: {approvals: [{role: treasury, min: 2}], delay: 12h}
        """

    /// A Connect unary call: the HTTP status and the body as JSON.
    static func call(
        _ cluster: ThresholdClusterTests.Cluster, _ method: String, _ body: String, key: String? = engineKey,
        contentType: String = "application/json"
    ) throws -> (status: Int, json: [String: Any], body: String) {
        var headers = ["Content-Type": contentType]
        if let key { headers["Authorization"] = "Bearer \(key)" }
        let response = try LoopbackHTTP.request(
            port: cluster.coordinatorPort, "/custody.v1.CustodyService/\(method)", method: "POST",
            body: Array(body.utf8), headers: headers, timeout: .seconds(90))
        return (response.status, ThresholdClusterTests.json(response.body), response.body)
    }

    static func withdrawal(_ key: String, amount: Int, digest: [UInt8], memo: String = "") -> String {
        """
        {"idempotencyKey": "\(key)", "walletId": "hot", "memo": "\(memo)",
         "digestWithdrawal": {"digest": "\(Data(digest).base64EncodedString())", "asset": "BTC",
                              "amount": "\(amount)", "destination": "bcrt1qcustomer"}}
        """
    }

    /// Polls `GetRequest` until the request is in a final state.
    static func awaitFinal(_ cluster: ThresholdClusterTests.Cluster, _ id: String, key: String = engineKey) throws
        -> [String: Any]
    {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let got = try call(cluster, "GetRequest", #"{"requestId": "\#(id)"}"#, key: key)
            let request = got.json["request"] as? [String: Any] ?? [:]
            let state = request["state"] as? String ?? ""
            if ["REQUEST_STATE_SIGNED", "REQUEST_STATE_FAILED", "REQUEST_STATE_REJECTED", "REQUEST_STATE_EXPIRED"]
                .contains(state)
            {
                return request
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        Issue.record("request \(id) did not finish")
        return [:]
    }

    /// An officer's signed statement for the request `shown` (`GET /v1/requests/{id}`).
    static func approval(_ officer: String, _ shown: [String: Any], verdict: ApprovalStatement.Verdict = .approve)
        throws -> String
    {
        let digest = try Hex.decode(try #require(shown["requestDigest"] as? String))
        let policy = try #require(PolicyHash(hex: shown["policy"] as? String ?? ""))
        let statement = ApprovalStatement(
            requestDigest: digest, policy: policy, verdict: verdict, officer: officer,
            at: Instant(seconds: Int64(Date().timeIntervalSince1970)))
        let signature = try ThresholdClusterTests.key(officer).signature(for: statement.canonicalBytes)
        let signed = SignedApproval(statement: statement, signature: Array(signature))
        return String(decoding: JSONWriter.canonical(PolicyInputEncoder.approvals([signed])), as: UTF8.self)
    }

    static func makeCluster() throws -> (ThresholdClusterTests.Cluster, xOnly: [UInt8]) {
        let cluster = try ThresholdClusterTests.Cluster(
            policyText: policyText, apiServices: [("engine", engineKey), ("desk", deskKey)])
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3", "--json",
        ])
        try #require(created.status == 0, "\(created.stderr)\n\(cluster.coordinator.stderr)")
        let groupKey = try Hex.decode(try #require(ThresholdClusterTests.json(created.stdout)["groupKey"] as? String))
        return (cluster, Array(groupKey.dropFirst()))
    }

    @Test func aServiceWithdrawsAutomaticallyRetriesIdempotentlyAndCannotReuseAKeyOrReadAnotherServicesRequest()
        throws
    {
        let (cluster, xOnly) = try Self.makeCluster()
        defer { cluster.stopAll() }

        let wallet = try Self.call(cluster, "GetWallet", #"{"walletId": "hot"}"#)
        #expect(wallet.status == 200, "\(wallet.body)")
        let described = wallet.json["wallet"] as? [String: Any] ?? [:]
        #expect((described["address"] as? String)?.hasPrefix("bcrt1p") == true, "\(wallet.body)")
        #expect(described["tier"] as? String == "WALLET_TIER_HOT")
        #expect(Data(base64Encoded: described["groupKey"] as? String ?? "")?.count == 33)

        let digest = ThresholdClusterTests.message("api withdrawal 1")
        let body = Self.withdrawal("payout-1", amount: 500_000, digest: digest, memo: "customer 42")
        let created = try Self.call(cluster, "CreateWithdrawal", body)
        #expect(created.status == 200, "\(created.body)")
        #expect(created.json["created"] as? Bool == true)
        let request = created.json["request"] as? [String: Any] ?? [:]
        let id = try #require(request["id"] as? String, "\(created.body)")
        #expect(request["state"] as? String == "REQUEST_STATE_APPROVED", "\(created.body)")

        let finished = try Self.awaitFinal(cluster, id)
        #expect(finished["state"] as? String == "REQUEST_STATE_SIGNED", "\(finished)\n\(cluster.coordinator.stderr)")
        let signature = Array(Data(base64Encoded: finished["signature"] as? String ?? "") ?? Data())
        #expect(signature.count == 64)
        #expect(ThresholdClusterTests.verify(signature: signature, message: digest, xOnly: xOnly))

        // The same key and body: the same request, not a second one.
        let retried = try Self.call(cluster, "CreateWithdrawal", body)
        #expect(retried.status == 200)
        #expect(retried.json["created"] as? Bool == nil, "created is false, so left out: \(retried.body)")
        #expect((retried.json["request"] as? [String: Any])?["id"] as? String == id)
        // The same key with another body: refused, nothing made.
        let reused = try Self.call(
            cluster, "CreateWithdrawal", Self.withdrawal("payout-1", amount: 600_000, digest: digest))
        #expect(reused.status == 409, "\(reused.body)")
        #expect(reused.json["code"] as? String == "already_exists")

        // Another service sees nothing of it, exactly as an id that does not exist.
        let foreign = try Self.call(cluster, "GetRequest", #"{"requestId": "\#(id)"}"#, key: Self.deskKey)
        let missing = try Self.call(cluster, "GetRequest", #"{"requestId": "req_none"}"#, key: Self.deskKey)
        #expect(foreign.status == 404)
        #expect(foreign.json["code"] as? String == "not_found")
        #expect(missing.status == 404)
        let foreignCancel = try Self.call(
            cluster, "CancelRequest", #"{"requestId": "\#(id)", "reason": "mine now"}"#, key: Self.deskKey)
        #expect(foreignCancel.status == 404)
        let deskList = try Self.call(cluster, "ListRequests", "{}", key: Self.deskKey)
        #expect((deskList.json["requests"] as? [Any] ?? []).isEmpty, "\(deskList.body)")

        // Its signed request, which the officers' route shows, cannot be signed again through
        // `POST /v1/signatures`: a request of the service API is signed by its lifecycle only.
        let shown = ThresholdClusterTests.json(
            try LoopbackHTTP.request(port: cluster.coordinatorPort, "/v1/requests/\(id)").body)
        let signedRequest = try JSONSerialization.data(
            withJSONObject: try #require(shown["signedRequest"]), options: [.sortedKeys])
        let replay = """
            {"wallet": "hot", "request": \(String(decoding: signedRequest, as: UTF8.self)), "approvals": [],
             "policy": "\(shown["policy"] as? String ?? "")", "messages": ["\(Hex.encode(digest))"]}
            """
        let replayed = try LoopbackHTTP.request(
            port: cluster.coordinatorPort, "/v1/signatures", method: "POST", body: Array(replay.utf8),
            headers: ["Content-Type": "application/json"])
        #expect(replayed.status == 409, "\(replayed.body)")
        #expect(replayed.body.contains("signed by its lifecycle only"), "\(replayed.body)")

        // A signed request cannot be cancelled.
        let late = try Self.call(cluster, "CancelRequest", #"{"requestId": "\#(id)"}"#)
        #expect(late.status == 400)
        #expect(late.json["code"] as? String == "failed_precondition", "\(late.body)")

        // Every change is in the coordinator's audit log.
        let audit = try cluster.coordinatorAudit(last: 40)
        #expect(audit.contains("request.created"), "\(audit)")
        #expect(audit.contains("request.transition"), "\(audit)")
        #expect(audit.contains("signature.completed"), "\(audit)")
    }

    @Test func aBadOrMissingAPIKeyIsRefusedBeforeAnythingElseAndMalformedCallsGetConnectErrors() throws {
        let (cluster, _) = try Self.makeCluster()
        defer { cluster.stopAll() }

        for key in [nil, "", "not-a-key", Self.engineKey + "x"] as [String?] {
            let answer = try Self.call(cluster, "ListWallets", "{}", key: key)
            #expect(answer.status == 401, "\(key ?? "nil"): \(answer.body)")
            #expect(answer.json["code"] as? String == "unauthenticated")
        }
        // Unauthenticated even for a path that is no method, and for a malformed body.
        #expect(try Self.call(cluster, "NoSuchMethod", "{}", key: "bad").status == 401)
        #expect(try Self.call(cluster, "CreateWithdrawal", "{", key: "bad").status == 401)

        let unknown = try Self.call(cluster, "NoSuchMethod", "{}")
        #expect(unknown.status == 501)
        #expect(unknown.json["code"] as? String == "unimplemented")
        let media = try Self.call(cluster, "ListWallets", "{}", contentType: "application/proto")
        #expect(media.status == 415)
        for (body, fragment) in [
            ("{", "not JSON"), (#"{"walletId": 5}"#, "walletId"),
            (#"{"idempotencyKey": "k", "walletId": "hot", "initiator": "desk"}"#, "initiator"),
            (#"{"idempotencyKey": "k", "walletId": "hot"}"#, "psbt: required"),
        ] {
            let answer = try Self.call(cluster, "CreateWithdrawal", body)
            #expect(answer.status == 400, "\(body): \(answer.body)")
            #expect(answer.json["code"] as? String == "invalid_argument")
            #expect((answer.json["message"] as? String)?.contains(fragment) == true, "\(body): \(answer.body)")
        }
        let noWallet = try Self.call(
            cluster, "CreateWithdrawal",
            Self.withdrawal("k-1", amount: 5, digest: ThresholdClusterTests.message("x")).replacingOccurrences(
                of: #""walletId": "hot""#, with: #""walletId": "cold""#))
        #expect(noWallet.status == 404, "\(noWallet.body)")
        let psbt = try Self.call(
            cluster, "CreateWithdrawal",
            #"{"idempotencyKey": "k-2", "walletId": "hot", "psbt": "cHNidP8BAAoCAAAAAAAAAAAAAA=="}"#)
        #expect(psbt.status == 400, "\(psbt.body)")
        #expect(psbt.json["code"] as? String == "invalid_argument")
        #expect((psbt.json["message"] as? String)?.hasPrefix("psbt: ") == true, "\(psbt.body)")
        // Nothing was created by any of them.
        let listed = try Self.call(cluster, "ListRequests", "{}")
        #expect((listed.json["requests"] as? [Any] ?? []).isEmpty, "\(listed.body)")
    }

    @Test func aLargeWithdrawalWaitsForTwoOfficersThenIsSignedAndListsPagesWatchesAndCancels() throws {
        let (cluster, xOnly) = try Self.makeCluster()
        defer { cluster.stopAll() }

        let digest = ThresholdClusterTests.message("api large withdrawal")
        let created = try Self.call(
            cluster, "CreateWithdrawal", Self.withdrawal("large-1", amount: 2_000_000, digest: digest))
        let id = try #require((created.json["request"] as? [String: Any])?["id"] as? String, "\(created.body)")
        #expect(
            (created.json["request"] as? [String: Any])?["state"] as? String == "REQUEST_STATE_PENDING_APPROVAL",
            "\(created.body)")

        // The officers' view, then one approval: still pending.
        let shownResponse = try LoopbackHTTP.request(port: cluster.coordinatorPort, "/v1/requests/\(id)")
        #expect(shownResponse.status == 200, "\(shownResponse.body)")
        let shown = ThresholdClusterTests.json(shownResponse.body)
        func post(_ approvals: String) throws -> LoopbackHTTP.Response {
            try LoopbackHTTP.request(
                port: cluster.coordinatorPort, "/v1/requests/\(id)/approvals", method: "POST",
                body: Array(approvals.utf8), headers: ["Content-Type": "application/json"])
        }
        let first = try post(try Self.approval("alice", shown))
        #expect(first.status == 200, "\(first.body)")
        #expect(
            (ThresholdClusterTests.json(first.body)["request"] as? [String: Any])?["state"] as? String
                == "REQUEST_STATE_PENDING_APPROVAL", "\(first.body)")
        // A statement signed with another officer's key counts for nothing.
        let foreignKey = try Self.approval("bob", shown).replacingOccurrences(
            of: #""officer":"bob""#, with: #""officer":"alice""#)
        let refused = try post(foreignKey)
        #expect(refused.status == 400, "\(refused.body)")

        // Watching from the start sees the request; waiting on the returned cursor sees bob's
        // approval move it on.
        let watched = try Self.call(cluster, "WatchRequests", "{}")
        #expect((watched.json["requests"] as? [Any])?.count == 1, "\(watched.body)")
        let cursor = try #require(watched.json["cursor"] as? String)
        let second = try post(try Self.approval("bob", shown))
        #expect(second.status == 200, "\(second.body)")
        let changed = try Self.call(cluster, "WatchRequests", #"{"cursor": "\#(cursor)", "waitSeconds": 5}"#)
        #expect((changed.json["requests"] as? [Any])?.isEmpty == false, "\(changed.body)")

        let finished = try Self.awaitFinal(cluster, id)
        #expect(finished["state"] as? String == "REQUEST_STATE_SIGNED", "\(finished)\n\(cluster.coordinator.stderr)")
        let signature = Array(Data(base64Encoded: finished["signature"] as? String ?? "") ?? Data())
        #expect(ThresholdClusterTests.verify(signature: signature, message: digest, xOnly: xOnly))

        // Bob's statement on this request, replayed on another one, counts for nothing there.
        let other = try Self.call(
            cluster, "CreateWithdrawal",
            Self.withdrawal("large-replay", amount: 2_500_000, digest: ThresholdClusterTests.message("replay")))
        let otherID = try #require((other.json["request"] as? [String: Any])?["id"] as? String, "\(other.body)")
        let replayed = try LoopbackHTTP.request(
            port: cluster.coordinatorPort, "/v1/requests/\(otherID)/approvals", method: "POST",
            body: Array(try Self.approval("bob", shown).utf8), headers: ["Content-Type": "application/json"])
        #expect(replayed.status == 400, "\(replayed.body)")
        #expect(replayed.body.contains("invalid_approval"), "\(replayed.body)")
        _ = try Self.call(cluster, "CancelRequest", #"{"requestId": "\#(otherID)"}"#)

        // Two more, one cancelled (twice: the second changes nothing).
        var ids = [id]
        for index in 2...3 {
            let made = try Self.call(
                cluster, "CreateWithdrawal",
                Self.withdrawal("large-\(index)", amount: 3_000_000, digest: ThresholdClusterTests.message("\(index)")))
            ids.append(try #require((made.json["request"] as? [String: Any])?["id"] as? String, "\(made.body)"))
        }
        for _ in 0..<2 {
            let cancelled = try Self.call(cluster, "CancelRequest", #"{"requestId": "\#(ids[2])", "reason": "typo"}"#)
            #expect(cancelled.status == 200, "\(cancelled.body)")
            let request = cancelled.json["request"] as? [String: Any] ?? [:]
            #expect(request["state"] as? String == "REQUEST_STATE_CANCELLED")
            #expect(request["reason"] as? String == "typo")
        }

        // Pages of one, newest first, each listed once; a cursor sent with other filters is refused.
        var seen: [String] = []
        var next = ""
        repeat {
            let page = try Self.call(cluster, "ListRequests", #"{"pageSize": 1, "cursor": "\#(next)"}"#)
            #expect(page.status == 200, "\(page.body)")
            seen += (page.json["requests"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = page.json["nextCursor"] as? String ?? ""
            if !next.isEmpty {
                let filtered = try Self.call(
                    cluster, "ListRequests", #"{"pageSize": 1, "walletId": "hot", "cursor": "\#(next)"}"#)
                #expect(filtered.status == 400)
                let foreign = try Self.call(
                    cluster, "ListRequests", #"{"pageSize": 1, "cursor": "\#(next)"}"#, key: Self.deskKey)
                #expect(foreign.status == 400, "a cursor made for another caller")
            }
        } while !next.isEmpty && seen.count < 10
        #expect(Set(seen) == Set(ids + [otherID]), "\(seen)")
        #expect(seen.count == 4)
        let pending = try Self.call(cluster, "ListRequests", #"{"states": ["REQUEST_STATE_PENDING_APPROVAL"]}"#)
        #expect(
            (pending.json["requests"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [ids[1]],
            "\(pending.body)")
    }

    @Test func aWithdrawalNoRuleOfThePolicyAllowsIsRejectedAtOnceAndNeverSigned() throws {
        let (cluster, _) = try Self.makeCluster()
        defer { cluster.stopAll() }
        let vault = try cluster.custody([
            "wallet", "create", "--name", "vault", "--suite", "secp256k1-tr", "--threshold", "2", "--signers",
            "s1,s2,s3",
        ])
        try #require(vault.status == 0, "\(vault.stderr)")
        // No rule matches the vault: the policy denies by default.
        let denied = try Self.call(
            cluster, "CreateWithdrawal",
            Self.withdrawal("vault-1", amount: 1_000, digest: ThresholdClusterTests.message("vault"))
                .replacingOccurrences(of: #""walletId": "hot""#, with: #""walletId": "vault""#))
        #expect(denied.status == 200, "\(denied.body)")
        let request = denied.json["request"] as? [String: Any] ?? [:]
        #expect(request["state"] as? String == "REQUEST_STATE_REJECTED", "\(denied.body)")
        #expect((request["reason"] as? String)?.isEmpty == false, "the policy's reason: \(denied.body)")
        let id = try #require(request["id"] as? String)
        Thread.sleep(forTimeInterval: 1.5)
        let after = try Self.call(cluster, "GetRequest", #"{"requestId": "\#(id)"}"#)
        #expect((after.json["request"] as? [String: Any])?["state"] as? String == "REQUEST_STATE_REJECTED")
        #expect(!(try cluster.coordinatorAudit(last: 60)).contains("signing.started"), "nothing was signed")
    }

    @Test func aWithdrawalOverTheAutomaticRulesVelocityWaitsForOfficersInsteadOfFailing() throws {
        // The automatic rule may send 1,500,000 a day from hot; beyond, the large rule decides.
        let text = Self.policyText.replacingOccurrences(
            of: "initiators: [engine]}\n    action: allow",
            with:
                "initiators: [engine]}\n    action: allow\n    velocity:\n      - {scope: wallet, window: 24h, max-amount: 1_500_000}"
        )
        #expect(text.contains("max-amount: 1_500_000"), "\(text)")
        let cluster = try ThresholdClusterTests.Cluster(
            policyText: text, apiServices: [("engine", Self.engineKey), ("desk", Self.deskKey)])
        defer { cluster.stopAll() }
        let created = try cluster.custody([
            "wallet", "create", "--name", "hot", "--suite", "secp256k1-tr", "--threshold", "2", "--signers", "s1,s2,s3",
        ])
        try #require(created.status == 0, "\(created.stderr)")
        let first = try Self.call(
            cluster, "CreateWithdrawal",
            Self.withdrawal("velocity-1", amount: 1_000_000, digest: ThresholdClusterTests.message("v1")))
        let firstID = try #require((first.json["request"] as? [String: Any])?["id"] as? String, "\(first.body)")
        #expect(try Self.awaitFinal(cluster, firstID)["state"] as? String == "REQUEST_STATE_SIGNED")
        // 1,000,000 signed today: another 800,000 would pass the automatic rule's limit.
        let second = try Self.call(
            cluster, "CreateWithdrawal",
            Self.withdrawal("velocity-2", amount: 800_000, digest: ThresholdClusterTests.message("v2")))
        let request = second.json["request"] as? [String: Any] ?? [:]
        #expect(request["state"] as? String == "REQUEST_STATE_PENDING_APPROVAL", "\(second.body)")
        Thread.sleep(forTimeInterval: 1.5)
        let id = try #require(request["id"] as? String)
        let later = try Self.call(cluster, "GetRequest", #"{"requestId": "\#(id)"}"#)
        #expect(
            (later.json["request"] as? [String: Any])?["state"] as? String == "REQUEST_STATE_PENDING_APPROVAL",
            "it waits for officers; it is not sent to the signers to fail: \(later.body)")
    }

    // MARK: PSBT withdrawals

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// A version 0 PSBT spending `inputs` (each an outpoint's first txid byte and the amount of the
    /// wallet's output there) to `outputs`.
    static func psbt(
        spending inputs: [(txid: UInt8, amount: Int64)], walletScript: [UInt8], to outputs: [(Int64, [UInt8])],
        sighashAll: Bool = false
    ) -> [UInt8] {
        var transaction = littleEndian(UInt32(2)) + [UInt8(inputs.count)]
        for input in inputs {
            transaction +=
                Array(repeating: input.txid, count: 32) + littleEndian(UInt32(0)) + [0]
                + littleEndian(UInt32(0xFFFF_FFFD))
        }
        transaction += [UInt8(outputs.count)]
        for (amount, script) in outputs { transaction += littleEndian(amount) + [UInt8(script.count)] + script }
        transaction += littleEndian(UInt32(0))
        var bytes: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xFF]
        bytes += [1, 0x00, UInt8(transaction.count)] + transaction + [0]
        for input in inputs {
            let utxo = littleEndian(input.amount) + [UInt8(walletScript.count)] + walletScript
            bytes += [1, 0x01, UInt8(utxo.count)] + utxo
            if sighashAll { bytes += [1, 0x03, 4] + littleEndian(UInt32(1)) }
            bytes += [0]
        }
        for _ in outputs { bytes += [0] }
        return bytes
    }

    static func psbtWithdrawal(_ key: String, _ psbt: [UInt8]) -> String {
        #"{"idempotencyKey": "\#(key)", "walletId": "hot", "psbt": "\#(Data(psbt).base64EncodedString())"}"#
    }

    @Test func aPSBTWithdrawalOfTwoInputsIsSignedFinalizedAndEachSignatureVerifiesWithLibsecp256k1() throws {
        let (cluster, _) = try Self.makeCluster()
        defer { cluster.stopAll() }
        let wallet = try Self.call(cluster, "GetWallet", #"{"walletId": "hot"}"#)
        let address = try #require((wallet.json["wallet"] as? [String: Any])?["address"] as? String)
        let walletScript = try SegwitAddress(address, network: .regtest).scriptPubKey
        let customer = try SegwitAddress(
            witnessVersion: 0, program: Array(repeating: 0x11, count: 20), network: .regtest)
        for sighashAll in [false, true] {
            let unsigned = Self.psbt(
                spending: [(sighashAll ? 0xA1 : 0xB1, 300_000), (sighashAll ? 0xA2 : 0xB2, 400_000)],
                walletScript: walletScript, to: [(500_000, customer.scriptPubKey), (190_000, walletScript)],
                sighashAll: sighashAll)
            let created = try Self.call(
                cluster, "CreateWithdrawal", Self.psbtWithdrawal("psbt-\(sighashAll)", unsigned))
            #expect(created.status == 200, "\(created.body)")
            let request = created.json["request"] as? [String: Any] ?? [:]
            #expect(request["amount"] as? String == "500000", "the one output outside the wallet: \(created.body)")
            #expect(request["destination"] as? String == customer.description)
            #expect(request["state"] as? String == "REQUEST_STATE_APPROVED", "\(created.body)")
            let id = try #require(request["id"] as? String)

            let finished = try Self.awaitFinal(cluster, id)
            #expect(
                finished["state"] as? String == "REQUEST_STATE_SIGNED", "\(finished)\n\(cluster.coordinator.stderr)")
            let signed = try PSBT(bytes: Array(Data(base64Encoded: finished["signedPsbt"] as? String ?? "") ?? Data()))
            let hashes = try PSBT(bytes: unsigned).signatureHashes()
            let outputKey = Array(walletScript.dropFirst(2))
            for (index, input) in signed.inputs.enumerated() {
                let witness = try #require(input.finalScriptWitness, "input \(index) is finalized")
                #expect(witness.count == 1)
                let signature = witness.first ?? []
                #expect(signature.count == (sighashAll ? 65 : 64))
                #expect(
                    ThresholdClusterTests.verify(
                        signature: Array(signature.prefix(64)), message: hashes[index], xOnly: outputKey),
                    "input \(index) verifies with libsecp256k1 under the wallet's output key")
            }
            #expect(try signed.extractTransactionHex().count > 0)
        }
    }

    @Test func aPSBTThatSpendsAnotherWalletPaysTwoOutsidersOrPaysTooHighAFeeIsRefusedNamingWhy() throws {
        let (cluster, _) = try Self.makeCluster()
        defer { cluster.stopAll() }
        let wallet = try Self.call(cluster, "GetWallet", #"{"walletId": "hot"}"#)
        let address = try #require((wallet.json["wallet"] as? [String: Any])?["address"] as? String)
        let walletScript = try SegwitAddress(address, network: .regtest).scriptPubKey
        let other = try SegwitAddress(witnessVersion: 1, program: Array(repeating: 0x22, count: 32), network: .regtest)
        let customer = try SegwitAddress(
            witnessVersion: 0, program: Array(repeating: 0x11, count: 20), network: .regtest)
        let cases: [([UInt8], String)] = [
            (
                Self.psbt(
                    spending: [(1, 300_000)], walletScript: other.scriptPubKey, to: [(290_000, customer.scriptPubKey)]),
                "not the wallet's Taproot output"
            ),
            (
                Self.psbt(
                    spending: [(2, 300_000)], walletScript: walletScript,
                    to: [(100_000, customer.scriptPubKey), (100_000, other.scriptPubKey)]), "2 outputs pay outside"
            ),
            (
                Self.psbt(spending: [(3, 3_000_000)], walletScript: walletScript, to: [(1_000, customer.scriptPubKey)]),
                "above the ceiling"
            ),
            (
                Self.psbt(spending: [(4, 300_000)], walletScript: walletScript, to: [(290_000, walletScript)]),
                "0 outputs pay outside"
            ),
        ]
        for (index, (psbt, reason)) in cases.enumerated() {
            let answer = try Self.call(cluster, "CreateWithdrawal", Self.psbtWithdrawal("bad-\(index)", psbt))
            #expect(answer.status == 400, "\(answer.body)")
            #expect(answer.json["code"] as? String == "invalid_argument")
            #expect((answer.json["message"] as? String)?.contains(reason) == true, "\(reason): \(answer.body)")
        }
        let listed = try Self.call(cluster, "ListRequests", "{}")
        #expect((listed.json["requests"] as? [Any] ?? []).isEmpty, "nothing was created: \(listed.body)")
    }
}
