import Hummingbird
import Metrics
public import Prometheus

/// The daemons' metrics: swift-prometheus is the process's `MetricsSystem`, so that what any
/// library records through swift-metrics is exported too, and `GET /metrics` serves the registry
/// in Prometheus's text exposition format (docs/daemons.md, "Metrics", names every metric).
public final class DaemonMetrics: Sendable {
    /// HTTP requests answered, by `route`, `method` and `status` (counter).
    public static let requests = "custody_http_requests_total"
    /// Time from a request's arrival to its response, by `route` and `method` (histogram).
    public static let requestDuration = "custody_http_request_duration_seconds"
    /// Requests being answered (gauge).
    public static let requestsInFlight = "custody_http_requests_in_flight"
    /// Failures, by `cause` (counter).
    public static let failures = "custody_failures_total"
    /// 1, with the daemon's `role` and `version` as labels (gauge).
    public static let info = "custody_daemon_info"
    /// Coordinator: signature requests answered, by `outcome` (counter).
    public static let signingRequests = "custody_signing_requests_total"
    /// Coordinator: time from a signature request's arrival to its answer, for the requests
    /// that asked the signers, by `outcome` (histogram).
    public static let signingDuration = "custody_signing_duration_seconds"
    /// Coordinator: signature requests being signed (gauge).
    public static let signingInFlight = "custody_signing_in_flight"
    /// Signer: share requests answered, by `outcome` (counter).
    public static let shareRequests = "custody_signer_share_requests_total"
    /// Signer: time to answer a share request, by `outcome` (histogram).
    public static let shareDuration = "custody_signer_share_duration_seconds"

    /// The buckets of ``requestDuration``, in seconds.
    public static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// The registry `GET /metrics` serves.
    public let registry: PrometheusCollectorRegistry
    let inFlight: Meter
    let signingMeter: Meter

    /// Makes the registry and installs it as the process's `MetricsSystem` (once per process).
    public static func bootstrap(role: String, version: String) -> DaemonMetrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            requestDuration: durationBuckets, signingDuration: durationBuckets, shareDuration: durationBuckets,
        ]
        MetricsSystem.bootstrap(factory)
        return DaemonMetrics(registry: registry, role: role, version: version)
    }

    private init(registry: PrometheusCollectorRegistry, role: String, version: String) {
        self.registry = registry
        self.inFlight = Meter(label: Self.requestsInFlight)
        self.signingMeter = Meter(label: Self.signingInFlight)
        Gauge(label: Self.info, dimensions: [("role", role), ("version", version)]).record(1)
    }

    /// Counts a failure. `cause` is one of a fixed set of names (lowercase, `_`), never a value
    /// taken from a request: each cause is a time series.
    public func recordFailure(cause: FailureCause) {
        Counter(label: Self.failures, dimensions: [("cause", cause.name)]).increment()
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        Counter(label: Self.requests, dimensions: [("route", route), ("method", method), ("status", String(status))])
            .increment()
        Timer(label: Self.requestDuration, dimensions: [("route", route), ("method", method)])
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts a signature request answered with `outcome`; `duration` when the signers were asked.
    func recordSigning(outcome: SigningOutcome, duration: Duration?) {
        Counter(label: Self.signingRequests, dimensions: [("outcome", outcome.rawValue)]).increment()
        if let duration {
            Timer(label: Self.signingDuration, dimensions: [("outcome", outcome.rawValue)])
                .recordNanoseconds(duration.nanoseconds)
        }
    }

    /// Runs `body` counted in ``signingInFlight``.
    func signing<Result>(_ body: () async -> Result) async -> Result {
        signingMeter.increment()
        defer { signingMeter.decrement() }
        return await body()
    }

    /// Counts a share request answered with `outcome` after `duration`.
    func recordShareRequest(outcome: String, duration: Duration) {
        Counter(label: Self.shareRequests, dimensions: [("outcome", outcome)]).increment()
        Timer(label: Self.shareDuration, dimensions: [("outcome", outcome)]).recordNanoseconds(duration.nanoseconds)
    }

    /// The text exposition of every metric.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}

/// How the coordinator answered a signature request: the `outcome` label of
/// ``DaemonMetrics/signingRequests`` and ``DaemonMetrics/signingDuration``.
enum SigningOutcome: String {
    /// Signed by the signers.
    case signed
    /// Answered with the signature recorded for the request id.
    case fromRecord = "from_record"
    case tooFewSigners = "too_few_signers"
    case deadlinePassed = "deadline_passed"
    case invalidRequest = "invalid_request"
    case notFound = "not_found"
    case requestConflict = "request_conflict"
    case inProgress = "in_progress"
    case internalError = "internal"
}

/// Why something failed, as the `cause` label of ``DaemonMetrics/failures``.
public struct FailureCause: Sendable, Hashable {
    public let name: String

    /// A cause named `name`: a constant of the caller's, lowercase letters, digits and `_`.
    public init(_ name: StaticString) { self.name = name.description }

    /// A request refused as malformed or unauthorised (an HTTP status from 400 to 499 other than 404).
    public static let badRequest = FailureCause("bad_request")
    /// A request for a path no route serves (404).
    public static let notFound = FailureCause("not_found")
    /// An error the server did not expect (an HTTP status of 500 or more).
    public static let internalError = FailureCause("internal")
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Records every request's count, status and latency, and a failure by cause for 4xx and 5xx.
/// The route is the matched route's pattern (`/healthz`), or `unmatched`: never the request's
/// own path, which would let a client create time series at will.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: DaemonMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        let status: HTTPResponse.Status
        do {
            let response = try await next(request, context)
            status = response.status
            record(request, context, status, ContinuousClock.now - start)
            return response
        } catch {
            status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(request, context, status, ContinuousClock.now - start)
            throw error
        }
    }

    /// The method as a label: the standard ones by name, any other as `other` (a client chooses
    /// the method, and each label value is a time series).
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        let known: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .options, .patch]
        return known.contains(method) ? method.rawValue : "other"
    }

    private func record(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, _ duration: Duration) {
        // Hummingbird names a request no route matched "NotFound".
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        metrics.recordRequest(
            route: route, method: Self.methodLabel(request.method), status: status.code, duration: duration)
        switch status.code {
        case 404: metrics.recordFailure(cause: .notFound)
        case 400..<500: metrics.recordFailure(cause: .badRequest)
        case 500...: metrics.recordFailure(cause: .internalError)
        default: break
        }
    }
}
