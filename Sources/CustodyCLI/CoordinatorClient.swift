import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The coordinator's HTTP routes as the `custody` commands call them: one request, its status
/// and JSON body, within a timeout.
struct CoordinatorClient {
    /// The coordinator's base URL when neither `--coordinator` nor `CUSTODY_COORDINATOR_URL` gives one.
    static let defaultURL = "http://127.0.0.1:7400"

    let base: URL
    let timeout: TimeInterval

    /// The client of `url`, or of `CUSTODY_COORDINATOR_URL`, or of ``defaultURL``.
    init(url: String?, timeout: TimeInterval) throws(CoordinatorCallFailure) {
        let text =
            url ?? ProcessInfo.processInfo.environment["CUSTODY_COORDINATOR_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultURL
        guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
        else {
            throw CoordinatorCallFailure(.usage, "the coordinator URL \"\(text.prefix(64))\" is not an http(s) URL")
        }
        base = parsed
        self.timeout = timeout
    }

    /// The answer to one call.
    struct Answer {
        let status: Int
        let body: Data

        /// The body as a JSON object, or an empty one.
        var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        /// The error message the coordinator gave, or the status.
        var message: String { (object["message"] as? String) ?? "the coordinator answered HTTP \(status)" }
    }

    /// Sends `method` to `path` with an optional JSON body.
    /// - Throws: ``CoordinatorCallFailure`` `.unavailable` when no answer came in time.
    func call(_ method: String, _ path: String, json: [String: Any]? = nil) throws(CoordinatorCallFailure) -> Answer {
        try call(
            method, path, body: json.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        )
    }

    /// Sends `method` to `path` with `body`, JSON bytes, when given, and `headers`.
    /// - Throws: ``CoordinatorCallFailure`` `.unavailable` when no answer came in time.
    func call(_ method: String, _ path: String, body: Data?, headers: [String: String] = [:])
        throws(CoordinatorCallFailure) -> Answer
    {
        var request = URLRequest(url: base.appendingPathComponent(path), timeoutInterval: timeout)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let box = AnswerBox()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse {
                box.set(.success(Answer(status: response.statusCode, body: data ?? Data())))
            } else {
                box.set(.failure(error.map { $0.localizedDescription } ?? "no answer"))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        switch box.get() {
        case .success(let answer): return answer
        case .failure(let reason):
            throw CoordinatorCallFailure(
                .unavailable, "cannot reach the coordinator at \(base.absoluteString): \(reason)")
        }
    }
}

/// The result a URLSession callback leaves for the waiting command.
private final class AnswerBox: @unchecked Sendable {
    enum Outcome {
        case success(CoordinatorClient.Answer)
        case failure(String)
    }
    private let lock = NSLock()
    private var outcome: Outcome = .failure("no answer")
    func set(_ value: Outcome) { lock.withLock { outcome = value } }
    func get() -> Outcome { lock.withLock { outcome } }
}

/// Why a command that calls the coordinator failed, with its exit status (docs/officer-cli.md
/// § Wallets).
struct CoordinatorCallFailure: Error, CustomStringConvertible {
    enum Status: Int32 {
        /// The coordinator refused the request or the operation failed; its message is printed.
        case refused = 1
        /// The command line was wrong.
        case usage = 64
        /// The coordinator could not be reached or did not answer in time.
        case unavailable = 69
    }

    let status: Status
    let description: String

    init(_ status: Status, _ description: String) {
        self.status = status
        self.description = description
    }
}
