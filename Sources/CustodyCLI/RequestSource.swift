import Foundation

/// Where `custody approve` and `reject` read a request: a signed request file, or a request of
/// the service API at the coordinator (`GET /v1/requests/{id}`), to which the signed statement is
/// then sent (`POST /v1/requests/{id}/approvals`).
enum RequestSource {
    case file(String)
    case coordinator(CoordinatorClient, String)

    /// A request as read: the signed request, its PSBT when it binds one, and lines about its
    /// state at the coordinator.
    struct Fetched {
        let review: RequestReview
        let psbt: [UInt8]?
        let status: [String]
    }

    func read() throws -> Fetched {
        switch self {
        case .file(let path):
            return Fetched(review: try RequestReview(path: path), psbt: nil, status: [])
        case .coordinator(let client, let id):
            let shown = try Self.fetch(client, id)
            guard let signed = shown["signedRequest"],
                let bytes = try? JSONSerialization.data(withJSONObject: signed, options: [.sortedKeys])
            else { throw OfficerFailure(.failure, "the coordinator's answer for request \(id) has no signed request") }
            let review = try RequestReview(bytes: Array(bytes), source: "request \(id)")
            let request = shown["request"] as? [String: Any] ?? [:]
            let psbt = (request["psbt"] as? String).flatMap { Data(base64Encoded: $0) }.map { Array($0) }
            let approvers = (shown["approvals"] as? [[String: Any]] ?? []).compactMap {
                ($0["statement"] as? [String: Any])?["officer"] as? String
            }
            var status = ["At the coordinator: \(request["state"] as? String ?? "?")"]
            if let reason = request["reason"] as? String, !reason.isEmpty { status.append("  policy: \(reason)") }
            status.append("  approvals recorded: \(approvers.isEmpty ? "none" : approvers.joined(separator: ", "))")
            if let notBefore = request["notBefore"] as? String { status.append("  time lock until: \(notBefore)") }
            return Fetched(review: review, psbt: psbt, status: status)
        }
    }

    /// Sends an approvals file to the coordinator; returns the request's state after.
    func send(_ approvals: [UInt8]) throws -> String {
        guard case .coordinator(let client, let id) = self else { return "" }
        let answer: CoordinatorClient.Answer
        do {
            answer = try client.call("POST", "v1/requests/\(Self.escaped(id))/approvals", body: Data(approvals))
        } catch {
            throw OfficerFailure(.unavailable, error.description)
        }
        guard answer.status == 200 else {
            throw OfficerFailure(.failure, "the coordinator refused the statement: \(answer.message)")
        }
        return (answer.object["request"] as? [String: Any])?["state"] as? String ?? "?"
    }

    static func fetch(_ client: CoordinatorClient, _ id: String) throws -> [String: Any] {
        let answer: CoordinatorClient.Answer
        do {
            answer = try client.call("GET", "v1/requests/\(escaped(id))", body: nil)
        } catch {
            throw OfficerFailure(.unavailable, error.description)
        }
        guard answer.status == 200 else { throw OfficerFailure(.failure, answer.message) }
        return answer.object
    }

    /// `id` as one path segment.
    static func escaped(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? id
    }
}
