import Encoding
import Foundation
public import Logging
import Synchronization

/// swift-log's handler for the daemons: one JSON object per event, one line each, on standard
/// error (docs/daemons.md, "Logs"):
///
///     {"level":"info","logger":"custody.signer","message":"listening",
///      "metadata":{"address":"127.0.0.1:7401"},"time":"2026-12-02T13:00:00.123456Z"}
///
/// (one line in the output).
///
/// Keys are sorted (`DocumentJSON`'s compact layout); `metadata` is left out when empty; nested
/// metadata keeps its shape (strings, arrays, objects). A line is written with one `write(2)`, so
/// lines of concurrent events never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let label: String
    private let descriptor: Int32

    /// A handler for `label` at `level`, writing to `descriptor` (2, standard error, unless given).
    public init(label: String, level: Logger.Level, descriptor: Int32 = 2) {
        self.label = label
        self.logLevel = level
        self.descriptor = descriptor
    }

    /// Sets swift-log up once for the process: every logger writes JSON lines at `level`.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        let line = Line(
            time: Self.now(), level: event.level.rawValue, logger: label,
            message: event.message.description, metadata: merged.isEmpty ? nil : merged.mapValues(Value.init))
        guard var bytes = try? DocumentJSON.data(line, layout: .compact) else { return }
        bytes.append(0x0a)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// The real-time clock in RFC 3339, UTC, to the microsecond.
    private static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return RFC3339.format(seconds: Int64(now.tv_sec), nanos: Int32(now.tv_nsec / 1000 * 1000))
    }

    private struct Line: Encodable {
        let time: String
        let level: String
        let logger: String
        let message: String
        let metadata: [String: Value]?
    }

    /// A metadata value as JSON.
    private enum Value: Encodable {
        case string(String)
        case array([Value])
        case object([String: Value])

        init(_ value: Logger.Metadata.Value) {
            switch value {
            case .string(let text): self = .string(text)
            case .stringConvertible(let convertible): self = .string(convertible.description)
            case .array(let values): self = .array(values.map(Value.init))
            case .dictionary(let values): self = .object(values.mapValues(Value.init))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .array(let values): try container.encode(values)
            case .object(let values): try container.encode(values)
            }
        }
    }
}
